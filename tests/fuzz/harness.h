// The fuzz targets' bodies (tests/fuzz/README in the top README's "Fuzzing" section).
//
// One function per input format: it feeds the text to the public entry point (a frontend
// through analyze_text, a registry reader, the config parser) and checks what must hold of any
// result whatever the input (lines inside the text, reads attributed to the file analyzed).
// The libFuzzer binaries (fuzz_target.cpp, built with ENVDRIFT_FUZZ=ON) and the unit test that
// replays the committed reproducers (tests/test_fuzz_regressions.cpp) share them, so a crash
// found by the fuzzer stays a test in both compilers' builds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace envdrift::fuzz {

struct Target {
  std::string_view name;  // "typescript", "markdown", ...: the binary is fuzz_<name>
  // Runs one input. Returns "" when every invariant held, else what broke. An exception other
  // than the entry point's documented error escapes (a bug the fuzzer reports as a crash).
  std::string (*run)(std::string_view input);
};

const std::vector<Target>& targets();
const Target* find_target(std::string_view name);

}  // namespace envdrift::fuzz
