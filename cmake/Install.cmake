# `cmake --install` and `cpack` (see README "Install").
#
# Components:
#   envdrift  the binary, the README (and LICENSE when the tree has one), and whatever the build
#             generated under ${CMAKE_BINARY_DIR}/share/ (shell completions, the man page)
#   bundled   ENVDRIFT_PORTABLE=ON only: the shared libraries the binary needs beyond the C/C++
#             runtime, copied into <prefix>/lib (cmake/BundleLibs.cmake). Not installed by a plain
#             `cmake --install` (the machine that built envdrift has them); the .tar.gz holds it.
#
# cpack writes build/envdrift-<version>-linux-<arch>.tar.gz (both components: unpack anywhere and
# run bin/envdrift) and a .deb (component envdrift only; its Depends come from dpkg-shlibdeps, so
# apt installs the Debian runtime packages instead of bundled copies).
include(GNUInstallDirs)

install(TARGETS envdrift RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT envdrift)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT envdrift)
foreach(license LICENSE LICENSE.md LICENSE.txt COPYING)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${license})
    install(FILES ${PROJECT_SOURCE_DIR}/${license} DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT envdrift)
  endif()
endforeach()
# Generated at build time by other targets (completions, man page): installed when present.
install(DIRECTORY ${CMAKE_BINARY_DIR}/share/ DESTINATION ${CMAKE_INSTALL_DATADIR}
        COMPONENT envdrift OPTIONAL USE_SOURCE_PERMISSIONS)

if(ENVDRIFT_PORTABLE)
  # $ORIGIN/../lib as a DT_RPATH (not RUNPATH): the loader also searches it for the bundled
  # libraries' own dependencies. The build tree's binary carries the same path (build/lib does not
  # exist, so it resolves from the system there), so installing rewrites nothing.
  set_target_properties(envdrift PROPERTIES INSTALL_RPATH "$ORIGIN/../lib" BUILD_WITH_INSTALL_RPATH ON)
  target_link_options(envdrift PRIVATE "LINKER:--disable-new-dtags")
  set(_envdrift_dlopen "")
  if(ENVDRIFT_CPP)
    set(_envdrift_dlopen "${ENVDRIFT_LIBCLANG_REAL}|${ENVDRIFT_LIBCLANG_SONAME}")
  endif()
  install(CODE "set(ENVDRIFT_BUNDLE_BINARY \"$<TARGET_FILE:envdrift>\")\nset(ENVDRIFT_BUNDLE_DLOPEN \"${_envdrift_dlopen}\")"
          COMPONENT bundled EXCLUDE_FROM_ALL)
  install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/BundleLibs.cmake COMPONENT bundled EXCLUDE_FROM_ALL)
endif()

string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" _envdrift_platform)
set(CPACK_PACKAGE_NAME envdrift)
set(CPACK_PACKAGE_VENDOR "envdrift")
set(CPACK_PACKAGE_CONTACT "envdrift maintainers <envdrift@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Find environment variables that drifted away from their documentation")
set(CPACK_PACKAGE_FILE_NAME "envdrift-${PROJECT_VERSION}-${_envdrift_platform}")
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/node_modules/" "/\\\\.git/")
# Component installs, each generator one package: the archive takes both components, the .deb
# only `envdrift` (cmake/CPackProject.cmake narrows the list per generator).
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL envdrift)
if(ENVDRIFT_PORTABLE)
  list(APPEND CPACK_COMPONENTS_ALL bundled)
endif()
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/CPackProject.cmake)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
 envdrift parses TypeScript/JavaScript, Python and Go trees, extracts every environment-variable
 read, and reports variables that are undocumented, documented but unread, or whose documented
 default differs from the code's fallback.")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps cannot see libclang (loaded with dlopen): the package that ships its soname is
# named here, and dpkg-shlibdeps' list is added to it.
if(ENVDRIFT_CPP)
  execute_process(COMMAND dpkg -S "${ENVDRIFT_LIBCLANG_REAL}" OUTPUT_VARIABLE _envdrift_owner ERROR_QUIET)
  if(NOT _envdrift_owner)
    execute_process(COMMAND dpkg -S "*/${ENVDRIFT_LIBCLANG_SONAME}" OUTPUT_VARIABLE _envdrift_owner ERROR_QUIET)
  endif()
  if(_envdrift_owner MATCHES "^([^:, ]+)")
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "${CMAKE_MATCH_1}")
  endif()
endif()
include(CPack)
