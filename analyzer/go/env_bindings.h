// Which identifiers of a go file mean the environment functions of the standard library.
//
// The file's imports say which package names mean "os" and "syscall" (`import o "os"` binds
// `o`; `import . "os"` makes `Getenv` itself the function; `import _ "os"` binds nothing).
// A local declaration of the same name (`os := fakeOS{}`, a parameter `os`, `for os := range`)
// shadows the import inside its scope; the walk reports scopes and declarations through
// enter() / leave() so that env_function() answers for the current position.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

// The standard-library functions that read the process environment.
enum class EnvFunction {
  Getenv,     // os.Getenv(name), syscall.Getenv(name)
  LookupEnv,  // os.LookupEnv(name)
  ExpandEnv,  // os.ExpandEnv(template)
  Expand,     // os.Expand(template, mapping): a read only when mapping is a Getenv
};

class EnvBindings {
 public:
  explicit EnvBindings(const GoFile& f);

  // Does the file import any package with an env function? When not, it has no reads.
  bool any() const { return !qualifiers_.empty() || !dot_packages_.empty(); }

  // Scope tracking, called by the walk for every node (see walk_enter_leave).
  void enter(Path path);
  void leave(Path path);

  // The env function `callee` refers to at the current walk position: `os.Getenv`,
  // `o.LookupEnv` with `import o "os"`, `Getenv` with `import . "os"`. nullopt otherwise
  // (a shadowed name, another package, a method of a local value).
  std::optional<EnvFunction> env_function(TSNode callee) const;

 private:
  struct Scope {
    TSNode node;
    std::vector<std::string> names;  // names of interest declared in it
  };

  void collect_imports();
  void import_spec(TSNode spec);
  bool interesting(std::string_view name) const;
  bool shadowed(std::string_view name) const;
  void declare(TSNode identifier);
  void declare_identifiers(TSNode list);  // every identifier child of `list`
  void declare_from(Path path);           // the names a finished declaration binds

  const GoFile& f_;
  std::unordered_map<std::string, std::string> qualifiers_;  // local package name -> import path
  std::vector<std::string> dot_packages_;                    // import paths imported with `.`
  std::unordered_map<std::string, int> shadow_;              // name -> enclosing declarations
  std::vector<Scope> scopes_;
};

}  // namespace envdrift::go
