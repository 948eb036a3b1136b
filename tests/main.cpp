// One Catch2 main for the whole suite.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace {

namespace fs = std::filesystem;

// The CLI caches by default: keep every envdrift this test binary starts (here and in the other
// test files) away from the user's ~/.cache, in one directory removed at exit.
struct IsolatedCacheDir {
  std::string dir;
  IsolatedCacheDir() {
    if (std::getenv("ENVDRIFT_CACHE_DIR") != nullptr) return;
    std::string tmpl = (fs::temp_directory_path() / "envdrift-test-cache-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return;
    dir = tmpl;
    ::setenv("ENVDRIFT_CACHE_DIR", dir.c_str(), 1);
  }
  ~IsolatedCacheDir() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
} g_isolated_cache_dir;

}  // namespace
