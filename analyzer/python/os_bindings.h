// Which local names mean the `os` module, `os.environ` and `os.getenv` in one file.
//
// Built from the file's import statements (`import os as o`, `from os import environ as E,
// getenv`, `from os import *`), wherever they are. A name is only the environment when it was
// imported from os: a local variable called `environ` is not. Function parameters and
// assignments at the top of a function body shadow an imported name inside that function
// (`def app(environ, start_response)` in a WSGI module that also imports `os.environ`).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/python/py_syntax.h"

namespace envdrift::py {

class OsBindings {
 public:
  // Scan the import statements of the whole file.
  explicit OsBindings(const PyFile& f);

  // Called by the walk on every function_definition / lambda (pre-order, so before the body):
  // records the imported names its parameters or top-level assignments shadow. Lookups must
  // then only concern nodes at or after the latest function entered.
  void enter_scope(TSNode function);

  // `n` (an identifier) names the os module / os.environ / os.getenv at its position.
  bool is_os_module(TSNode n) const { return bound(n, module_); }
  bool is_environ_name(TSNode n) const { return bound(n, environ_); }
  bool is_getenv_name(TSNode n) const { return bound(n, getenv_); }

  // `os.environ` or an imported `environ` alias.
  bool is_environ(TSNode n) const;
  // `os.getenv` or an imported `getenv` alias.
  bool is_getenv(TSNode n) const;

 private:
  struct Shadow {
    uint32_t start = 0, end = 0;
    std::string name;
  };
  bool bound(TSNode n, const std::set<std::string, std::less<>>& names) const;
  bool is_bound_anywhere(std::string_view name) const;
  void add_import(TSNode stmt);
  void add_from_import(TSNode stmt);

  const PyFile& f_;
  std::set<std::string, std::less<>> module_{"os"};
  std::set<std::string, std::less<>> environ_;
  std::set<std::string, std::less<>> getenv_;
  std::vector<Shadow> shadows_;
};

}  // namespace envdrift::py
