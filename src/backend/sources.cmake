# SPDX-License-Identifier: BSD-3-Clause
# The backend: canonical form, blobs, reference values (the RIM binding
# it shares with the RMM module is in src/wire/). Included by the top-level
# CMakeLists.txt into libmica (the object library mica_objs), which must link
# PkgConfig::CBOR and ${MBEDCRYPTO_LIBRARY}.
set(MICA_BACKEND_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/blob.c
  ${CMAKE_CURRENT_LIST_DIR}/blob_build.c
  ${CMAKE_CURRENT_LIST_DIR}/blob_decode.c
  ${CMAKE_CURRENT_LIST_DIR}/blob_encode.c
  ${CMAKE_CURRENT_LIST_DIR}/blob_print.c
  ${CMAKE_CURRENT_LIST_DIR}/canon.c
  ${CMAKE_CURRENT_LIST_DIR}/cbor_write.c
  ${CMAKE_CURRENT_LIST_DIR}/compile.c
  ${CMAKE_CURRENT_LIST_DIR}/corim.c
  ${CMAKE_CURRENT_LIST_DIR}/hash.c
  ${CMAKE_CURRENT_LIST_DIR}/identity.c
  ${CMAKE_CURRENT_LIST_DIR}/outdir.c
  ${CMAKE_CURRENT_LIST_DIR}/outdir_commit.c
  ${CMAKE_CURRENT_LIST_DIR}/reference.c)
