# SPDX-License-Identifier: BSD-3-Clause
# mica_add_policy(NAME SOURCE file.mica [OUTPUT_DIR dir])
#
# Compiles a Mica policy at build time with Mica::micac into OUTPUT_DIR
# (default: ${CMAKE_CURRENT_BINARY_DIR}/NAME): one blob per Realm and
# reference.json. NAME becomes a target, built by default, whose outputs
# are rebuilt when the source changes.
#
# The outputs depend on the Realms the policy declares, so they are asked
# of micac at configure time (`micac compile --list-outputs`), and the
# source is a configure dependency: an edit re-runs CMake first, which
# lists the outputs again. micac writes a depfile too (--depfile).
#
# Sets, in the caller's scope, NAME_OUTPUTS (the files) and NAME_DIR, and
# on the target the properties MICA_OUTPUTS and MICA_OUTPUT_DIR.
function(mica_add_policy name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SOURCE;OUTPUT_DIR" "")
  if(arg_UNPARSED_ARGUMENTS OR NOT arg_SOURCE)
    message(FATAL_ERROR
      "mica_add_policy(NAME SOURCE file.mica [OUTPUT_DIR dir])")
  endif()
  get_filename_component(src "${arg_SOURCE}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(arg_OUTPUT_DIR)
    get_filename_component(dir "${arg_OUTPUT_DIR}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(dir "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  endif()
  get_target_property(micac Mica::micac LOCATION)
  set(depfile "${CMAKE_CURRENT_BINARY_DIR}/${name}.mica.d")

  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${src}")
  execute_process(
    COMMAND "${micac}" compile "${src}" -o "${dir}" --list-outputs
    RESULT_VARIABLE rc OUTPUT_VARIABLE listed ERROR_VARIABLE err)
  set(outputs)
  if(rc EQUAL 0)
    string(REGEX REPLACE "\n$" "" listed "${listed}")
    string(REPLACE "\n" ";" listed "${listed}")
    foreach(f IN LISTS listed)
      if(NOT IS_ABSOLUTE "${f}")
        set(f "${dir}/${f}")
      endif()
      list(APPEND outputs "${f}")
    endforeach()
  endif()
  if(NOT outputs)
    # A policy with errors: the build runs micac, which shows them.
    message(WARNING "mica_add_policy(${name}): micac cannot list the "
                    "outputs of ${src} (the build will say why):\n${err}")
    set(outputs "${dir}/reference.json")
  endif()

  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${micac}" compile "${src}" -o "${dir}" --depfile "${depfile}"
    DEPENDS "${src}" "${micac}"
    DEPFILE "${depfile}"
    COMMENT "Compiling Mica policy ${name}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${outputs})
  set_target_properties(${name} PROPERTIES
    MICA_OUTPUTS "${outputs}" MICA_OUTPUT_DIR "${dir}")
  set(${name}_OUTPUTS "${outputs}" PARENT_SCOPE)
  set(${name}_DIR "${dir}" PARENT_SCOPE)
endfunction()
