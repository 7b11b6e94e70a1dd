# SPDX-License-Identifier: BSD-3-Clause
# Queries over checked policies: micac explain (and libmica's mica_reach)
# and micac diff. Part of libmica: included by the top-level
# CMakeLists.txt into mica_objs.
set(MICA_EXPLAIN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/diff.c
  ${CMAKE_CURRENT_LIST_DIR}/diff_effects.c
  ${CMAKE_CURRENT_LIST_DIR}/diff_print.c
  ${CMAKE_CURRENT_LIST_DIR}/names.c
  ${CMAKE_CURRENT_LIST_DIR}/print.c
  ${CMAKE_CURRENT_LIST_DIR}/reach.c
  ${CMAKE_CURRENT_LIST_DIR}/whynot.c)
