# SPDX-License-Identifier: BSD-3-Clause
# What `cmake --install` ships, in the layout distributions expect:
#   bin/micac, bin/mica-fvp (src/fvp/fvp.cmake)
#   LIBDIR/libmica.so.0..., libmica.a, libmica-verify.so.0..., .a
#   include/mica/{mica.h,token.h,export.h}
#   LIBDIR/pkgconfig/{mica.pc,mica-verify.pc}
#   LIBDIR/cmake/Mica/ (find_package(Mica CONFIG): Mica::micac,
#     Mica::mica, Mica::verify, Mica::mica_static, Mica::verify_static
#     and mica_add_policy)
#   man pages in sections 1, 3, 5 and 7; LICENSE in DOCDIR
# LIBDIR is GNUInstallDirs': lib/<multiarch> under /usr on Debian.
include(CMakePackageConfigHelpers)

set(MICA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Mica)

install(TARGETS micac EXPORT MicaTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS mica_shared mica-verify_shared EXPORT MicaTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        NAMELINK_COMPONENT Development)
install(TARGETS mica mica-verify EXPORT MicaTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        COMPONENT Development)
install(FILES include/mica/mica.h include/mica/token.h
              include/mica/export.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mica
        COMPONENT Development)

install(FILES man/micac.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES man/libmica.3 man/libmica-verify.3
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man3 COMPONENT Development)
install(FILES man/mica.5 man/mica-blob.5 man/mica-revoked.5
              man/mica-corim.5
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES man/mica-rmm.7 DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

# pkg-config files, relocatable: the prefix is found from the .pc file's
# own directory, so a tree installed with --prefix or DESTDIR works.
file(RELATIVE_PATH MICA_PC_TO_PREFIX
     ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" MICA_PC_TO_PREFIX "${MICA_PC_TO_PREFIX}")
foreach(pc mica mica-verify)
  configure_file(cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
          COMPONENT Development)
endforeach()

# The CMake package. The static archives' dependencies (libcbor,
# mbedcrypto) are named in MicaTargets.cmake; MicaConfig.cmake finds
# them first.
install(EXPORT MicaTargets NAMESPACE Mica::
        DESTINATION ${MICA_CMAKE_DIR} COMPONENT Development)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/MicaConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES cmake/MicaConfig.cmake cmake/MicaPolicy.cmake
              ${PROJECT_BINARY_DIR}/MicaConfigVersion.cmake
        DESTINATION ${MICA_CMAKE_DIR} COMPONENT Development)
