// A libFuzzer entry point; CMake builds it once per harness target with
// ENVDRIFT_FUZZ_TARGET set to the target's name (tests/fuzz/CMakeLists.txt).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const envdrift::fuzz::Target* target = envdrift::fuzz::find_target(ENVDRIFT_FUZZ_TARGET);
  if (target == nullptr) {
    std::fprintf(stderr, "no fuzz harness named %s\n", ENVDRIFT_FUZZ_TARGET);
    std::abort();
  }
  std::string err = target->run(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!err.empty()) {
    std::fprintf(stderr, "fuzz_%s: invariant broken: %s\n", ENVDRIFT_FUZZ_TARGET, err.c_str());
    std::abort();
  }
  return 0;
}
