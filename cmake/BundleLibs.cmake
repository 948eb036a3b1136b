# Install-time script (component `bundled`): copies every shared library the installed envdrift
# needs, as `ldd` resolves it on the build machine, into <prefix>/lib beside <prefix>/bin, except
# the C/C++ runtime (cmake/RuntimeLibs.cmake). The binary finds them through its
# `$ORIGIN/../lib` RPATH (a DT_RPATH, so it also applies to the libraries' own dependencies);
# a library that carries its own `$ORIGIN/../lib` RUNPATH (Debian's libclang) finds its
# neighbours in the same directory. Nothing here names a library.
#
# Input: ENVDRIFT_BUNDLE_BINARY, the built binary (set by the install(CODE) before this script).
include(${CMAKE_CURRENT_LIST_DIR}/RuntimeLibs.cmake)

if(NOT ENVDRIFT_BUNDLE_BINARY OR NOT EXISTS "${ENVDRIFT_BUNDLE_BINARY}")
  message(FATAL_ERROR "BundleLibs: no binary to inspect (${ENVDRIFT_BUNDLE_BINARY})")
endif()
# An empty LD_LIBRARY_PATH: what a user's machine resolves is what matters, not this shell's.
execute_process(COMMAND env LD_LIBRARY_PATH= ldd "${ENVDRIFT_BUNDLE_BINARY}"
  OUTPUT_VARIABLE ldd_out ERROR_VARIABLE ldd_err RESULT_VARIABLE ldd_rc)
if(NOT ldd_rc EQUAL 0)
  message(FATAL_ERROR "BundleLibs: ldd ${ENVDRIFT_BUNDLE_BINARY} failed: ${ldd_err}")
endif()
string(REPLACE "\n" ";" ldd_lines "${ldd_out}")
set(bundled)
foreach(line IN LISTS ldd_lines)
  # "\tlibfmt.so.9 => /lib/x86_64-linux-gnu/libfmt.so.9 (0x...)"
  if(NOT line MATCHES "^[ \t]*([^ \t]+) => ([^ \t]*)")
    continue()
  endif()
  set(soname "${CMAKE_MATCH_1}")
  set(path "${CMAKE_MATCH_2}")
  if(soname MATCHES "${ENVDRIFT_RUNTIME_LIBS_REGEX}")
    continue()
  endif()
  if(path STREQUAL "not" OR path STREQUAL "")
    message(FATAL_ERROR "BundleLibs: ldd cannot resolve ${soname} for ${ENVDRIFT_BUNDLE_BINARY}")
  endif()
  file(REAL_PATH "${path}" real)
  file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib" TYPE FILE FILES "${real}" RENAME "${soname}"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  list(APPEND bundled "${soname}")
endforeach()
list(LENGTH bundled n)
message(STATUS "BundleLibs: ${n} libraries bundled beside envdrift: ${bundled}")
