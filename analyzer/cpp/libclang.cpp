#define ENVDRIFT_LIBCLANG_NO_REDIRECT
#include "analyzer/cpp/libclang.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace envdrift::cpp {

const LibClang* g_libclang = nullptr;

namespace {

LibClang g_table;
std::once_flag g_once;
std::string g_error;

void load() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("ENVDRIFT_LIBCLANG"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);  // the user's choice only: no silent fallback to another one
  } else {
    candidates.emplace_back(ENVDRIFT_LIBCLANG_SONAME);
    candidates.emplace_back(ENVDRIFT_LIBCLANG_PATH);
  }
  void* handle = nullptr;
  std::string tried;
  for (const auto& c : candidates) {
    handle = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) break;
    const char* why = dlerror();
    tried += (tried.empty() ? "" : "; ") + std::string(why != nullptr ? why : c);
  }
  if (handle == nullptr) {
    g_error = "cannot load libclang (" + tried + ")";
    return;
  }
  std::string missing;
#define ENVDRIFT_LIBCLANG_BIND(name)                                                    \
  g_table.name = reinterpret_cast<decltype(g_table.name)>(dlsym(handle, #name));        \
  if (g_table.name == nullptr) missing += (missing.empty() ? "" : ", ") + std::string(#name);
  ENVDRIFT_LIBCLANG_FUNCTIONS(ENVDRIFT_LIBCLANG_BIND)
#undef ENVDRIFT_LIBCLANG_BIND
  if (!missing.empty()) {
    g_error = "the loaded libclang lacks " + missing;
    return;
  }
  g_libclang = &g_table;  // the library stays loaded for the life of the process
}

}  // namespace

bool load_libclang(std::string* error) {
  std::call_once(g_once, load);
  if (g_libclang == nullptr && error != nullptr) *error = g_error;
  return g_libclang != nullptr;
}

}  // namespace envdrift::cpp
