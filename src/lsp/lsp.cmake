# SPDX-License-Identifier: BSD-3-Clause
# `micac lsp`, the Language Server Protocol server: linked into micac
# only, with jansson for the protocol's JSON (neither libmica nor
# libmica-verify depends on it).
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
target_sources(micac PRIVATE
  src/micac/cmd_lsp.c
  src/lsp/transport.c
  src/lsp/server.c
  src/lsp/handlers.c
  src/lsp/docs.c
  src/lsp/position.c
  src/lsp/diagnostics.c
  src/lsp/navigate.c
  src/lsp/actions.c
  src/lsp/format.c
  src/lsp/reach.c)
target_include_directories(micac PRIVATE include)
target_link_libraries(micac PRIVATE PkgConfig::JANSSON)
