// The scanned tree as a set of modules, for resolution across files (imports / exports).
//
// The driver builds one Project per scan and makes it current on every worker thread; a
// frontend asks it for an export of another module, and the module is parsed and evaluated by
// the frontend's loader the first time a read refers to it (files that only define constants or
// helpers need not be analyzed up front). One lock guards the module cache: evaluations that
// cross files are serialized, the per-file extraction stays parallel.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/resolve/value.h"

namespace envdrift::resolve {

// One loaded module, owned by the project: answers for its exports.
class ModuleLoader {
 public:
  virtual ~ModuleLoader() = default;
  virtual Value export_of(const std::string& name, int depth) = 0;
};

class Project {
 public:
  // `files`: (path relative to the scan root, path to open) of every source file.
  explicit Project(std::vector<std::pair<std::string, std::string>> files);

  bool has_file(const std::string& rel) const { return files_.count(rel) != 0; }
  // The scan root on disk ("" when unknown): where config files such as tsconfig.json live.
  const std::string& root() const { return root_; }
  // Export `name` ("default" for the default export) of module `rel`; Unknown when the module
  // is not in the tree, cannot be read, or the export is not a constant the loader understands.
  using LoaderFactory = std::unique_ptr<ModuleLoader> (*)(const std::string& rel, const std::string& path);
  Value export_of(const std::string& rel, const std::string& name, int depth, LoaderFactory make);

 private:
  std::map<std::string, std::string> files_;
  std::string root_;
  std::recursive_mutex mu_;
  std::map<std::string, std::unique_ptr<ModuleLoader>> loaded_;
};

// The project of the current thread's scan (nullptr in analyze_text: no other files).
Project* current_project();

class ProjectScope {
 public:
  explicit ProjectScope(Project* p);
  ~ProjectScope();
  ProjectScope(const ProjectScope&) = delete;
  ProjectScope& operator=(const ProjectScope&) = delete;

 private:
  Project* saved_;
};

// `a/b/../c/./d` -> `a/c/d`; false when it climbs above the root.
bool normalize_rel_path(std::string_view path, std::string& out);

}  // namespace envdrift::resolve
