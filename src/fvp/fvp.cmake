# SPDX-License-Identifier: BSD-3-Clause
# mica-fvp, the platform model (man/mica-fvp.1): a header per party in
# src/fvp (platform.h, host.h, realm.h, ...). Included from the top-level
# CMakeLists.txt after src/rmm/rmm.cmake.
#   The model's RMM manages 256 MiB (65536 granules), enough to map every
#   page of the bundled examples' regions (the video pipeline shares 24 MiB).
set(MICA_FVP_GRANULES 65536 CACHE STRING "Granules of the platform model")
mica_rmm_library(micarmm_fvp ${MICA_FVP_GRANULES} 64 256)
find_package(Threads REQUIRED)

add_executable(mica-fvp
  ${PROJECT_SOURCE_DIR}/src/fvp/main.c
  ${PROJECT_SOURCE_DIR}/src/fvp/machine.c
  ${PROJECT_SOURCE_DIR}/src/fvp/vcpu.c
  ${PROJECT_SOURCE_DIR}/src/fvp/image.c
  ${PROJECT_SOURCE_DIR}/src/fvp/policy.c
  ${PROJECT_SOURCE_DIR}/src/fvp/measure.c
  ${PROJECT_SOURCE_DIR}/src/fvp/host.c
  ${PROJECT_SOURCE_DIR}/src/fvp/channel.c
  ${PROJECT_SOURCE_DIR}/src/fvp/crypto.c
  ${PROJECT_SOURCE_DIR}/src/fvp/programs.c
  ${PROJECT_SOURCE_DIR}/src/fvp/plan.c
  ${PROJECT_SOURCE_DIR}/src/fvp/deadend.c
  ${PROJECT_SOURCE_DIR}/src/fvp/memory.c
  ${PROJECT_SOURCE_DIR}/src/fvp/stage.c
  ${PROJECT_SOURCE_DIR}/src/fvp/forward.c
  ${PROJECT_SOURCE_DIR}/src/fvp/endpoint.c
  ${PROJECT_SOURCE_DIR}/src/fvp/stages.c
  ${PROJECT_SOURCE_DIR}/src/fvp/network.c
  ${PROJECT_SOURCE_DIR}/src/fvp/tenant.c
  ${PROJECT_SOURCE_DIR}/src/fvp/results.c
  ${PROJECT_SOURCE_DIR}/src/fvp/verdict.c
  ${PROJECT_SOURCE_DIR}/src/fvp/reasons.c
  ${PROJECT_SOURCE_DIR}/src/fvp/run.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/parse.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/args.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/host_rmi.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/host_mem.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/realm.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/attest.c
  ${PROJECT_SOURCE_DIR}/src/fvp/scenario/driver.c)
target_include_directories(mica-fvp PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(mica-fvp PRIVATE micarmm_fvp micafront
                      Threads::Threads)
target_compile_options(mica-fvp PRIVATE ${MICA_WARNINGS})
install(TARGETS mica-fvp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/man/mica-fvp.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/man/mica-fvp-scenario.5
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
