// The scanned tree as a set of modules, for resolution across files (imports / exports).
//
// The driver builds one Project per scan and makes it current on every worker thread; a
// frontend asks it for an export of another module, and the module is parsed and evaluated by
// the frontend's loader the first time a read refers to it (files that only define constants or
// helpers need not be analyzed up front). One lock guards the module cache: evaluations that
// cross files are serialized, the per-file extraction stays parallel.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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
  // Every source file of the tree: path relative to the root -> path to open.
  const std::map<std::string, std::string>& files() const { return files_; }
  // The files directly in directory `dir` ("" the root, else ending in `/`), sorted.
  const std::vector<std::string>& files_in_dir(std::string_view dir) const;
  // The scan root on disk ("" when unknown): where config files such as tsconfig.json live.
  const std::string& root() const { return root_; }
  // Export `name` ("default" for the default export) of module `rel`; Unknown when the module
  // is not in the tree, cannot be read, or the export is not a constant the loader understands.
  using LoaderFactory = std::unique_ptr<ModuleLoader> (*)(const std::string& rel, const std::string& path);
  Value export_of(const std::string& rel, const std::string& name, int depth, LoaderFactory make);
  // Whether module `rel` may mention `symbol` (idents.h: every identifier run of it occurs in the
  // file's bytes): a search over sibling files (Go's package scope) asks this first, so a name
  // that no sibling declares (a builtin, a local) costs a byte scan per sibling, not a parse.
  // The answer is computed once per file and kept; true when the file cannot be read.
  bool may_mention(const std::string& rel, std::string_view symbol);

  // A value worked out once per scan and shared by every file that asks for `key` (facts about a
  // whole module, such as Go's package-level viper configuration); `make()` returns a
  // std::shared_ptr<T> and runs under the project's lock (it may call export_of). A request for
  // `key` from inside its own make() gets nullptr.
  template <class T, class Make>
  std::shared_ptr<const T> shared(const std::string& key, Make make) {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    auto [it, fresh] = shared_.try_emplace(key);
    if (fresh) {
      std::shared_ptr<const T> value = make();
      it = shared_.find(key);
      it->second = value;
      return value;
    }
    return std::static_pointer_cast<const T>(it->second);
  }

 private:
  std::map<std::string, std::string> files_;
  std::map<std::string, std::vector<std::string>, std::less<>> by_dir_;
  std::string root_;
  std::recursive_mutex mu_;
  std::map<std::string, std::unique_ptr<ModuleLoader>> loaded_;
  std::map<std::string, std::shared_ptr<const void>> shared_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> idents_;  // may_mention's per-file hashes
  std::set<std::string, std::less<>> unreadable_;
};

// The project of the current thread's scan (nullptr in analyze_text: no other files).
Project* current_project();

// How many times the current thread called current_project(): every look at the rest of the
// tree (an import, a sibling package, tsconfig paths, go.mod) starts there, so a file whose
// extraction left this unchanged depends on its own bytes only (what the result cache relies on).
uint64_t project_lookups();

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
