# The wire format (include/mica/wire/, man/mica-blob.5): the CBOR reader,
# the one policy-blob reader (micac dump and POLICY_BIND) and the RIM
# binding descriptor, freestanding C built once as the static
# library micawire, which the compiler (micafront), the verifier and the
# RMM module all link. Included from the top-level CMakeLists.txt.
# scripts/rmm-aarch64.sh reads the source list below.
add_library(micawire STATIC
  ${PROJECT_SOURCE_DIR}/src/wire/cbor_read.c
  ${PROJECT_SOURCE_DIR}/src/wire/blob_read.c
  ${PROJECT_SOURCE_DIR}/src/wire/bind.c)
target_include_directories(micawire
  PUBLIC ${PROJECT_SOURCE_DIR}/include ${MBEDTLS_INCLUDE_DIR})
target_compile_options(micawire PRIVATE ${MICA_WARNINGS} -ffreestanding)
# bind.c hashes with mbedTLS.
target_link_libraries(micawire PUBLIC ${MBEDCRYPTO_LIBRARY})
