#include "analyzer/core/scope.h"

#include <algorithm>

#include "analyzer/core/driver.h"

namespace envdrift {

const std::vector<std::string>& default_dev_globs() {
  static const std::vector<std::string> kDev{
      // tests and test data
      "**/test/**", "**/tests/**", "**/__tests__/**", "**/__mocks__/**", "**/e2e/**", "**/e2e_tests/**",
      "**/e2e-tests/**", "**/testdata/**",
      "**/cypress/**", "**/*.test.*", "**/*.spec.*", "**/*_test.go", "**/test_*.py", "**/*_test.py",
      "**/conftest.py", "**/*.stories.*",
      // tool configs
      "**/vite.config.*", "**/vitest.config.*", "**/vitest.workspace.*", "**/playwright.config.*",
      "**/jest.config.*", "**/jest.setup.*", "**/webpack.config.*", "**/next.config.*", "**/eslint.config.*",
      "**/.eslintrc.*", "**/tailwind.config.*", "**/postcss.config.*", "**/rollup.config.*", "**/babel.config.*",
      "**/svelte.config.*", "**/cypress.config.*", "**/karma.conf.*", "**/gulpfile.*", "**/Gruntfile.*",
      "**/noxfile.py", "**/setup.py",
      // scripts and benchmarks
      "**/scripts/**", "**/script/**", "**/benchmarks/**", "**/benches/**"};
  return kDev;
}

// Not `**/build/**`: Go and Python trees use `build` as a package name (athens' pkg/build), build
// output is usually gitignored, and a committed bundle is caught by the minified check.
const std::vector<std::string>& default_generated_globs() {
  static const std::vector<std::string> kGenerated{
      "**/*.min.js", "**/*.min.mjs", "**/*.min.cjs", "**/*.bundle.js", "**/dist/**",
      "**/vendor/**", "**/.next/**", "**/coverage/**", "**/static/**/*.js", "**/*.pb.go", "**/*_pb2.py"};
  return kGenerated;
}

namespace {

bool any_glob(const std::vector<std::string>& globs, std::string_view rel) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, rel); });
}

}  // namespace

bool ScopeRules::is_dev(std::string_view rel) const { return any_glob(dev, rel); }

namespace {

// A read is dev when its file or any step of its chain is (`dev_file` answers for one file).
template <class DevFile>
bool read_in_dev(const EnvRead& r, DevFile&& dev_file) {
  return dev_file(r.file) || std::any_of(r.via.begin(), r.via.end(), [&](const ViaStep& v) { return dev_file(v.file); });
}

}  // namespace

bool ScopeRules::is_dev_read(const EnvRead& r) const {
  return read_in_dev(r, [&](const std::string& f) { return is_dev(f); });
}

bool DevFiles::file(const std::string& rel) {
  auto [it, fresh] = memo_.try_emplace(rel, false);
  if (fresh) it->second = globs_.any(rel);
  return it->second;
}

bool DevFiles::read(const EnvRead& r) {
  return read_in_dev(r, [&](const std::string& f) { return file(f); });
}

bool ScopeRules::is_generated(std::string_view rel) const { return any_glob(generated, rel); }

size_t minified_line_length(std::string_view text) {
  constexpr size_t kWindow = 64 * 1024, kLongLine = 5000, kFewLines = 16;
  std::string_view head = text.substr(0, kWindow);
  size_t longest = 0, breaks = 0, start = 0;
  for (;;) {
    size_t nl = head.find('\n', start);
    size_t end = nl == std::string_view::npos ? head.size() : nl;
    longest = std::max(longest, end - start);
    if (nl == std::string_view::npos) break;
    if (++breaks >= kFewLines) return 0;
    start = nl + 1;
  }
  return longest > kLongLine ? longest : 0;
}

}  // namespace envdrift
