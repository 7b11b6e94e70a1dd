# SPDX-License-Identifier: BSD-3-Clause
# The two SDK libraries, static and shared, from the object libraries of
# the top-level CMakeLists.txt (mica_objs, micaverify_objs) and the wire
# format (micawire_objs, src/wire/wire.cmake).
#
# ABI versioning rule: the shared objects are libmica.so.MICA_SOVERSION
# and libmica-verify.so.MICA_SOVERSION, with the file version the
# project's. MICA_SOVERSION changes when a public header (mica/mica.h,
# mica/token.h) changes incompatibly: a function removed or its meaning
# changed, a public struct or enum changed in layout or value. Adding a
# function keeps it, and so does appending members to a struct only the
# library creates (mica_diagnostic, mica_diag_fixit: libmica(3)). Before 1.0 such a change also raises the project's
# minor version (hence the CMake package's SameMinorVersion rule).
set(MICA_SOVERSION 0)

foreach(objs mica_objs micaverify_objs)
  set_target_properties(${objs} PROPERTIES POSITION_INDEPENDENT_CODE ON
                        C_VISIBILITY_PRESET hidden)
endforeach()

# mica_sdk_library(NAME EXPORT_NAME OBJS...): NAME (static, libNAME.a)
# and NAME_shared (libNAME.so.MICA_SOVERSION) of the object libraries.
function(mica_sdk_library name export_name)
  set(objects)
  foreach(o ${ARGN})
    list(APPEND objects $<TARGET_OBJECTS:${o}>)
  endforeach()
  add_library(${name} STATIC ${objects})
  add_library(${name}_shared SHARED ${objects})
  set_target_properties(${name}_shared PROPERTIES
    OUTPUT_NAME ${name} VERSION ${PROJECT_VERSION}
    SOVERSION ${MICA_SOVERSION} EXPORT_NAME ${export_name})
  set_target_properties(${name} PROPERTIES
    EXPORT_NAME ${export_name}_static)
  foreach(t ${name} ${name}_shared)
    target_include_directories(${t} PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  endforeach()
  # A shared object refuses undefined symbols: what it needs is linked.
  target_link_options(${name}_shared PRIVATE LINKER:--no-undefined)
endfunction()

mica_sdk_library(mica mica mica_objs micawire_objs)
target_link_libraries(mica PUBLIC PkgConfig::CBOR ${MBEDCRYPTO_LIBRARY})
target_include_directories(mica PUBLIC
  $<BUILD_INTERFACE:${MBEDTLS_INCLUDE_DIR}>)
target_link_libraries(mica_shared PRIVATE PkgConfig::CBOR
                      ${MBEDCRYPTO_LIBRARY})

mica_sdk_library(mica-verify verify micaverify_objs micawire_objs)
target_link_libraries(mica-verify PUBLIC ${MBEDCRYPTO_LIBRARY})
target_link_libraries(mica-verify_shared PRIVATE ${MBEDCRYPTO_LIBRARY})

# What the project's own tools, tests and benchmarks link: both static
# archives, with the internal headers' dependencies (mbedTLS, libcbor).
add_library(micafront INTERFACE)
target_link_libraries(micafront INTERFACE mica mica-verify micawire)
target_include_directories(micafront INTERFACE
  ${PROJECT_SOURCE_DIR}/include ${MBEDTLS_INCLUDE_DIR})
