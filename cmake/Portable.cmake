# ENVDRIFT_PORTABLE: a binary that runs on a Linux machine where none of its libraries are
# installed. Included after the find_package / pkg_check_modules calls of the top-level
# CMakeLists.txt; it decides nothing per library by name:
#
# - static where Debian ships a static archive: a pkg-config module is linked from the archives
#   of its whole `pkg-config --static` closure when every library of it has one (the C runtime's
#   own libraries stay dynamic); a shared imported target of a CMake package config with no link
#   interface of its own is linked from the `lib<name>.a` beside its shared object. Either only
#   when a test program links the whole archive (--whole-archive) with that closure: a `.pc` file
#   can leave a private dependency out (Debian's libgit2.pc omits GSSAPI, which has no archive),
#   and the link says so where reading the metadata cannot;
# - everything else stays dynamic and is bundled beside the binary at install time (component
#   `bundled`, see cmake/Install.cmake), found through an `$ORIGIN/../lib` RPATH.

include(${CMAKE_CURRENT_LIST_DIR}/RuntimeLibs.cmake)

# TRUE in RESULT when a program links all of ARCHIVE's objects with the libraries that follow.
function(envdrift_links_statically RESULT ARCHIVE)
  set(dir ${CMAKE_BINARY_DIR}/CMakeFiles/envdrift-portable)
  file(WRITE ${dir}/main.cpp "int main() { return 0; }\n")
  string(MAKE_C_IDENTIFIER "${ARCHIVE}" id)
  try_compile(ok ${dir}/${id} SOURCES ${dir}/main.cpp
              LINK_LIBRARIES -Wl,--whole-archive "${ARCHIVE}" -Wl,--no-whole-archive ${ARGN} -lpthread -ldl
              OUTPUT_VARIABLE log)
  if(NOT ok)
    string(REGEX MATCH "undefined reference to [^\n]*" first "${log}")
    message(STATUS "envdrift portable: ${ARCHIVE} does not link on its own (${first})")
  endif()
  set(${RESULT} ${ok} PARENT_SCOPE)
endfunction()

# PREFIX: the prefix given to pkg_check_modules(... IMPORTED_TARGET ...).
function(envdrift_static_pkg_module PREFIX)
  set(target PkgConfig::${PREFIX})
  if(NOT TARGET ${target})
    return()
  endif()
  set(archives)
  foreach(name IN LISTS ${PREFIX}_STATIC_LIBRARIES)
    if(name MATCHES "${ENVDRIFT_RUNTIME_LIBS_REGEX}")
      list(APPEND archives "${name}")  # -l<name>: the C runtime, dynamic
      continue()
    endif()
    unset(found)
    find_library(found NAMES lib${name}.a HINTS ${${PREFIX}_STATIC_LIBRARY_DIRS} NO_CACHE)
    if(NOT found)
      message(STATUS "envdrift portable: ${PREFIX} stays dynamic (no lib${name}.a); it is bundled at install")
      return()
    endif()
    list(APPEND archives "${found}")
  endforeach()
  list(GET archives 0 main)
  set(rest ${archives})
  list(REMOVE_AT rest 0)
  envdrift_links_statically(ok "${main}" ${rest})
  if(NOT ok)
    message(STATUS "envdrift portable: ${PREFIX} stays dynamic; it is bundled at install")
    return()
  endif()
  set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES "${archives}")
  message(STATUS "envdrift portable: ${PREFIX} linked statically")
endfunction()

# A SHARED IMPORTED target from a package config: its location swapped for the static archive
# next to it (all configurations), when it has one and needs nothing else at link time.
function(envdrift_static_imported target)
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "SHARED_LIBRARY")
    return()
  endif()
  get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
  if(interface)
    return()
  endif()
  get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
  set(props IMPORTED_LOCATION)
  foreach(c IN LISTS configs)
    string(TOUPPER "${c}" c)
    list(APPEND props IMPORTED_LOCATION_${c})
  endforeach()
  set(swapped)
  foreach(p IN LISTS props)
    get_target_property(location ${target} ${p})
    if(NOT location)
      continue()
    endif()
    get_filename_component(dir "${location}" DIRECTORY)
    get_filename_component(file "${location}" NAME)
    string(REGEX REPLACE "\\.so(\\..*)?$" ".a" archive "${file}")
    if(archive STREQUAL file OR NOT EXISTS "${dir}/${archive}")
      return()
    endif()
    list(APPEND swapped ${p} "${dir}/${archive}")
    set(static "${dir}/${archive}")
  endforeach()
  if(swapped)
    envdrift_links_statically(ok "${static}")
    if(NOT ok)
      return()
    endif()
  endif()
  if(swapped)
    set_target_properties(${target} PROPERTIES ${swapped})
    message(STATUS "envdrift portable: ${target} linked statically")
  endif()
endfunction()

if(ENVDRIFT_PORTABLE)
  if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    message(FATAL_ERROR "ENVDRIFT_PORTABLE=ON is for Linux (ELF, ldd, $ORIGIN)")
  endif()
  get_property(_envdrift_imported DIRECTORY "${PROJECT_SOURCE_DIR}" PROPERTY IMPORTED_TARGETS)
  foreach(t IN LISTS _envdrift_imported)
    if(t MATCHES "^PkgConfig::(.+)$")
      envdrift_static_pkg_module(${CMAKE_MATCH_1})
    else()
      envdrift_static_imported(${t})
    endif()
  endforeach()
endif()
