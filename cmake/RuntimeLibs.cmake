# The libraries of the C and C++ runtime (glibc, libstdc++, libgcc_s) and the kernel's vDSO:
# every Linux machine has them, so a portable envdrift links them dynamically and never bundles
# them. Matched against sonames (`libc.so.6`) and `-l` names (`rt`). Shared by
# cmake/Portable.cmake (configure time) and cmake/BundleLibs.cmake (install time).
set(ENVDRIFT_RUNTIME_LIBS_REGEX
  "^(ld-linux.*|linux-vdso.*|libc|libm|libmvec|libdl|libpthread|librt|libutil|libresolv|libanl|libnsl|libBrokenLocale|libstdc\\+\\+|libgcc_s|c|m|dl|pthread|rt|util|resolv|anl|nsl|stdc\\+\\+|gcc_s)(\\.so.*)?$")
