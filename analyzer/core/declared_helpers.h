// Wrappers the user declares in `.envdrift.toml` (`[[helper]]`, SPEC section 2) because the
// analyzer cannot see their bodies: a package outside the scanned tree, generated code, a
// method of a library object. Every frontend consults the declarations of its language where a
// call's callee did not resolve to a function of the tree, so the call reads the variable named
// by `name_arg` (or, with `env_object`, returns the environment object itself).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/core/resolve/value.h"

namespace envdrift {

struct DeclaredHelper {
  Language language = Language::Python;  // TypeScript covers .ts/.tsx/.js alike; C covers C++
  std::string function;                  // as written: "settings.get_env", "ConfigService.get", "getEnv"
  int name_arg = -1;                     // the argument holding the variable name (0-based)
  int default_arg = -1;                  // the argument holding its default; -1 = none
  bool env_object = false;               // the call returns the environment object (`load_env()`)
  std::string origin;                    // where it was declared: ".envdrift.toml:12"
};

// The declarations of the current thread's scan (set by the driver on every worker, like
// resolve::ProjectScope). Empty outside a scan.
const std::vector<DeclaredHelper>& declared_helpers();

class DeclaredHelpersScope {
 public:
  explicit DeclaredHelpersScope(const std::vector<DeclaredHelper>* helpers);
  ~DeclaredHelpersScope();
  DeclaredHelpersScope(const DeclaredHelpersScope&) = delete;
  DeclaredHelpersScope& operator=(const DeclaredHelpersScope&) = delete;

 private:
  const std::vector<DeclaredHelper>* saved_;
};

// The declaration of `language` that matches a callee spelled `qualified` (dotted, most
// qualified form the frontend knows: "app.settings.get_env", "os.Getenv", "this.config.get"):
// a declaration matches when it equals `qualified` or is a suffix of it that starts after a
// dot. Frontends try each spelling they have (the import path form and the local form).
// nullptr when none matches.
const DeclaredHelper* find_declared_helper(Language language, std::string_view qualified);

// The summary a frontend instantiates at the call, like a helper found in the tree (its via
// step reads "helper settings.get_env .envdrift.toml:12"). Not for env_object declarations.
std::shared_ptr<const resolve::HelperSummary> declared_helper_summary(const DeclaredHelper& helper);

// A stable text of the declarations (part of the result cache's key: reads depend on them).
std::string declared_helpers_fingerprint(const std::vector<DeclaredHelper>& helpers);

}  // namespace envdrift
