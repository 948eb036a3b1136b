# Install-time script (component `bundled`): copies every shared library the installed envdrift
# needs, as `ldd` resolves it on the build machine (and the libraries it loads with dlopen), into <prefix>/lib beside <prefix>/bin, except
# the C/C++ runtime (cmake/RuntimeLibs.cmake). The binary finds them through its
# `$ORIGIN/../lib` RPATH (a DT_RPATH, so it also applies to the libraries' own dependencies);
# a library that carries its own `$ORIGIN/../lib` RUNPATH (Debian's libclang) finds its
# neighbours in the same directory. Nothing here names a library.
#
# Input: ENVDRIFT_BUNDLE_BINARY, the built binary, and ENVDRIFT_BUNDLE_DLOPEN, what it loads with
# dlopen (set by the install(CODE) before this script).
include(${CMAKE_CURRENT_LIST_DIR}/RuntimeLibs.cmake)

if(NOT ENVDRIFT_BUNDLE_BINARY OR NOT EXISTS "${ENVDRIFT_BUNDLE_BINARY}")
  message(FATAL_ERROR "BundleLibs: no binary to inspect (${ENVDRIFT_BUNDLE_BINARY})")
endif()
set(bundled)
# Copies FILE's shared libraries (as ldd resolves them) into <prefix>/lib under their sonames.
function(envdrift_bundle_needed FILE)
  # An empty LD_LIBRARY_PATH: what a user's machine resolves is what matters, not this shell's.
  execute_process(COMMAND env LD_LIBRARY_PATH= ldd "${FILE}"
    OUTPUT_VARIABLE ldd_out ERROR_VARIABLE ldd_err RESULT_VARIABLE ldd_rc)
  if(NOT ldd_rc EQUAL 0)
    message(FATAL_ERROR "BundleLibs: ldd ${FILE} failed: ${ldd_err}")
  endif()
  string(REPLACE "\n" ";" ldd_lines "${ldd_out}")
  foreach(line IN LISTS ldd_lines)
    # "\tlibfmt.so.9 => /lib/x86_64-linux-gnu/libfmt.so.9 (0x...)"
    if(NOT line MATCHES "^[ \t]*([^ \t]+) => ([^ \t]*)")
      continue()
    endif()
    set(soname "${CMAKE_MATCH_1}")
    set(path "${CMAKE_MATCH_2}")
    list(FIND bundled "${soname}" seen)
    if(soname MATCHES "${ENVDRIFT_RUNTIME_LIBS_REGEX}" OR NOT seen EQUAL -1)
      continue()
    endif()
    if(path STREQUAL "not" OR path STREQUAL "")
      message(FATAL_ERROR "BundleLibs: ldd cannot resolve ${soname} for ${FILE}")
    endif()
    envdrift_bundle_file("${path}" "${soname}")
  endforeach()
  set(bundled ${bundled} PARENT_SCOPE)
endfunction()
function(envdrift_bundle_file PATH SONAME)
  file(REAL_PATH "${PATH}" real)
  file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib" TYPE FILE FILES "${real}" RENAME "${SONAME}"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  list(APPEND bundled "${SONAME}")
  set(bundled ${bundled} PARENT_SCOPE)
endfunction()

envdrift_bundle_needed("${ENVDRIFT_BUNDLE_BINARY}")
# Libraries the binary loads with dlopen (ENVDRIFT_BUNDLE_DLOPEN: "path|soname;..." -- libclang),
# with their own closure: ldd cannot see them through the binary.
foreach(entry IN LISTS ENVDRIFT_BUNDLE_DLOPEN)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 path)
  list(GET parts 1 soname)
  list(FIND bundled "${soname}" seen)
  if(seen EQUAL -1)
    envdrift_bundle_file("${path}" "${soname}")
  endif()
  envdrift_bundle_needed("${path}")
endforeach()
list(LENGTH bundled n)
message(STATUS "BundleLibs: ${n} libraries bundled beside envdrift: ${bundled}")
