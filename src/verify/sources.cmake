# Sources of the attestation verifier (token decoding, COSE_Sign1,
# claims, keys, inspect), compiled into micafront. The freestanding CBOR
# reader lives in src/rmm/ because the RMM module will compile it too.
# They need mbedTLS (mbedcrypto: hashes, ECDSA, PK parsing).
set(MICA_VERIFY_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/../rmm/cbor_read.c
  ${CMAKE_CURRENT_LIST_DIR}/claims.c
  ${CMAKE_CURRENT_LIST_DIR}/cose.c
  ${CMAKE_CURRENT_LIST_DIR}/digest.c
  ${CMAKE_CURRENT_LIST_DIR}/inspect.c
  ${CMAKE_CURRENT_LIST_DIR}/keys.c
  ${CMAKE_CURRENT_LIST_DIR}/readfile.c
  ${CMAKE_CURRENT_LIST_DIR}/reference.c
  ${CMAKE_CURRENT_LIST_DIR}/text.c
  ${CMAKE_CURRENT_LIST_DIR}/token.c
  ${CMAKE_CURRENT_LIST_DIR}/verdict.c)
