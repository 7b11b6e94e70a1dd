# SPDX-License-Identifier: BSD-3-Clause
# The wire format (include/mica/wire/, man/mica-blob.5): the CBOR reader,
# the one policy-blob reader (micac dump and POLICY_BIND) and the RIM
# binding descriptor, freestanding C built once as the objects
# micawire_objs: the static library micawire, which the RMM module
# links, and both SDK libraries (libmica, libmica-verify) are made of
# them. Included from the top-level CMakeLists.txt.
# scripts/rmm-aarch64.sh reads the source list below.
add_library(micawire_objs OBJECT
  ${PROJECT_SOURCE_DIR}/src/wire/cbor_read.c
  ${PROJECT_SOURCE_DIR}/src/wire/blob_read.c
  ${PROJECT_SOURCE_DIR}/src/wire/blob_check.c
  ${PROJECT_SOURCE_DIR}/src/wire/bind.c)
target_include_directories(micawire_objs
  PUBLIC ${PROJECT_SOURCE_DIR}/include ${MBEDTLS_INCLUDE_DIR})
target_compile_options(micawire_objs PRIVATE ${MICA_WARNINGS} -ffreestanding)
set_target_properties(micawire_objs PROPERTIES POSITION_INDEPENDENT_CODE ON
                      C_VISIBILITY_PRESET hidden)
add_library(micawire STATIC $<TARGET_OBJECTS:micawire_objs>)
target_include_directories(micawire
  PUBLIC ${PROJECT_SOURCE_DIR}/include ${MBEDTLS_INCLUDE_DIR})
# bind.c hashes with mbedTLS.
target_link_libraries(micawire PUBLIC ${MBEDCRYPTO_LIBRARY})
