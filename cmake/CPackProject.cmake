# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "TGZ")
  # One top-level directory, envdrift-VERSION-linux-ARCH/{bin,lib,share}, as for a monolithic
  # archive (a component install leaves it out by default).
  set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)
elseif(CPACK_GENERATOR STREQUAL "DEB")
  # apt provides the shared libraries (dpkg-shlibdeps writes Depends): no bundled copies in /usr.
  list(REMOVE_ITEM CPACK_COMPONENTS_ALL bundled)
endif()
