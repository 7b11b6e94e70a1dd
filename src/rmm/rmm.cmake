# SPDX-License-Identifier: BSD-3-Clause
# The reference RMM module (include/mica/rmm.h, man/mica-rmm.7): a static
# library of freestanding C. Included from the top-level CMakeLists.txt.
#   MICA_RMM_MAX_REALMS / _RECS / _GRANULES size its tables; they are
#   exported to everything that links micarmm, since they shape the
#   context struct (the benchmark configures -DMICA_RMM_MAX_REALMS=1024).
set(MICA_RMM_MAX_REALMS 64 CACHE STRING "Realm slots of the RMM module")
set(MICA_RMM_MAX_RECS 256 CACHE STRING "REC slots of the RMM module")
set(MICA_RMM_MAX_GRANULES 8192 CACHE STRING "Granules the RMM module manages")

# mica_rmm_library(NAME GRANULES REALMS RECS): the module as a static
# library sized for one platform (the platform model builds its own).
# It links the wire format (src/wire/wire.cmake): the CBOR reader and
# the RIM binding.
function(mica_rmm_library name granules realms recs)
  add_library(${name} STATIC
    ${PROJECT_SOURCE_DIR}/src/rmm/granule.c
    ${PROJECT_SOURCE_DIR}/src/rmm/lookup.c
    ${PROJECT_SOURCE_DIR}/src/rmm/realm.c
    ${PROJECT_SOURCE_DIR}/src/rmm/rec.c
    ${PROJECT_SOURCE_DIR}/src/rmm/s2tt.c
    ${PROJECT_SOURCE_DIR}/src/rmm/rtt.c
    ${PROJECT_SOURCE_DIR}/src/rmm/measure.c
    ${PROJECT_SOURCE_DIR}/src/rmm/rmi.c
    ${PROJECT_SOURCE_DIR}/src/rmm/rsi.c
    ${PROJECT_SOURCE_DIR}/src/rmm/hooks.c
    ${PROJECT_SOURCE_DIR}/src/rmm/attest.c
    ${PROJECT_SOURCE_DIR}/src/rmm/attest_token.c
    ${PROJECT_SOURCE_DIR}/src/rmm/audit.c
    ${PROJECT_SOURCE_DIR}/src/rmm/mica_bind.c
    ${PROJECT_SOURCE_DIR}/src/rmm/mica_share.c
    ${PROJECT_SOURCE_DIR}/src/rmm/instidx.c
    ${PROJECT_SOURCE_DIR}/src/rmm/exit_rule.c
    ${PROJECT_SOURCE_DIR}/src/rmm/consent.c)
  target_include_directories(${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include ${MBEDTLS_INCLUDE_DIR})
  target_compile_options(${name} PRIVATE ${MICA_WARNINGS} -ffreestanding)
  target_compile_definitions(${name} PUBLIC
    MICA_RMM_MAX_REALMS=${realms}u
    MICA_RMM_MAX_RECS=${recs}u
    MICA_RMM_MAX_GRANULES=${granules}u)
  target_link_libraries(${name} PUBLIC micawire ${MBEDCRYPTO_LIBRARY})
  # Attestation (attest_token.c) encodes with libcbor's cbor_encode_*,
  # which allocate nothing.
  target_link_libraries(${name} PUBLIC PkgConfig::CBOR)
endfunction()

mica_rmm_library(micarmm ${MICA_RMM_MAX_GRANULES} ${MICA_RMM_MAX_REALMS}
                 ${MICA_RMM_MAX_RECS})
