# SPDX-License-Identifier: BSD-3-Clause
# Sources of the attestation verifier (token decoding, COSE_Sign1,
# claims, keys, inspect), built into libmica-verify (cmake/MicaLibraries.cmake)
# with src/support/textout.c, and no compiler in it. The CBOR reader it
# shares with the RMM module is in src/wire/ (library micawire).
# They need mbedTLS (mbedcrypto: hashes, ECDSA, PK parsing).
set(MICA_VERIFY_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/audit.c
  ${CMAKE_CURRENT_LIST_DIR}/claims.c
  ${CMAKE_CURRENT_LIST_DIR}/claimset.c
  ${CMAKE_CURRENT_LIST_DIR}/corim_load.c
  ${CMAKE_CURRENT_LIST_DIR}/corim_read.c
  ${CMAKE_CURRENT_LIST_DIR}/corim_sign.c
  ${CMAKE_CURRENT_LIST_DIR}/cose.c
  ${CMAKE_CURRENT_LIST_DIR}/digest.c
  ${CMAKE_CURRENT_LIST_DIR}/ear.c
  ${CMAKE_CURRENT_LIST_DIR}/ear_out.c
  ${CMAKE_CURRENT_LIST_DIR}/inspect.c
  ${CMAKE_CURRENT_LIST_DIR}/keys.c
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle.c
  ${CMAKE_CURRENT_LIST_DIR}/reference.c
  ${CMAKE_CURRENT_LIST_DIR}/revoked.c
  ${CMAKE_CURRENT_LIST_DIR}/text.c
  ${CMAKE_CURRENT_LIST_DIR}/token.c
  ${CMAKE_CURRENT_LIST_DIR}/verdict.c)
