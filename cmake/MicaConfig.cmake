# SPDX-License-Identifier: BSD-3-Clause
# find_package(Mica CONFIG): the Mica SDK (libmica(3), libmica-verify(3)).
#   Mica::micac           the policy compiler
#   Mica::mica            libmica, shared (mica/mica.h)
#   Mica::verify          libmica-verify, shared (mica/token.h)
#   Mica::mica_static     libmica.a (needs libcbor and mbedcrypto)
#   Mica::verify_static   libmica-verify.a (needs mbedcrypto)
#   mica_add_policy(NAME SOURCE file.mica [OUTPUT_DIR dir])
# The static archives' libcbor comes through pkg-config; when it is not
# installed the static target Mica::mica_static cannot be linked, the
# rest works.
include(CMakeFindDependencyMacro)
if(NOT TARGET PkgConfig::CBOR)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(CBOR QUIET IMPORTED_TARGET GLOBAL libcbor)
  endif()
endif()
include("${CMAKE_CURRENT_LIST_DIR}/MicaTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/MicaPolicy.cmake")
