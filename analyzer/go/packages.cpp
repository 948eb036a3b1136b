// Go packages: a package is a directory, and its package-level names resolve across all of its
// .go files (not _test.go). Imports of the scanned module (`import "example.com/svc/internal/
// config"`) resolve through go.mod's module path, found upward from the importing file under the
// scan root, to the directory `internal/config/` next to go.mod; vendor/ is never followed. The
// project loader parses a file of another package (or a sibling file) the first time a read
// refers to one of its names.
#include <memory>

#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/env_param.h"
#include "analyzer/core/resolve/files.h"
#include "analyzer/core/resolve/parsed_module.h"
#include "analyzer/frontend.h"
#include "analyzer/go/evaluate.h"
#include "analyzer/go/go.h"

namespace envdrift::go {

namespace {

using resolve::dir_of;
using resolve::parent_dir;

// The `module` directive of a go.mod file.
std::string module_path_of(std::string_view gomod) {
  size_t pos = 0;
  while (pos < gomod.size()) {
    size_t end = gomod.find('\n', pos);
    if (end == std::string_view::npos) end = gomod.size();
    std::string_view line = trim(gomod.substr(pos, end - pos));
    pos = end + 1;
    if (!starts_with(line, "module")) continue;
    line = trim(line.substr(6));
    if (auto c = line.find("//"); c != std::string_view::npos) line = trim(line.substr(0, c));
    std::string out;
    if (!line.empty() && (line.front() == '"' || line.front() == '`')) {
      if (!unquote_literal(line, out)) return {};
      return out;
    }
    return std::string(line);
  }
  return {};
}

// The .go files of a package directory that belong to the build (no tests).
std::vector<std::string> package_files(const resolve::Project& project, const std::string& dir) {
  std::vector<std::string> out;
  for (auto& f : resolve::project_files_in_dir(project, dir, ".go"))
    if (!std::string_view(f).ends_with("_test.go")) out.push_back(std::move(f));
  return out;
}

class GoModuleLoader : public resolve::ModuleLoader {
 public:
  explicit GoModuleLoader(std::unique_ptr<resolve::ParsedModule> m)
      : module_(std::move(m)), file_(std::make_unique<GoFile>(module_->file())), eval_(std::make_unique<GoEval>(*file_)) {}
  Value export_of(const std::string& name, int depth) override {
    std::string fn;
    int index = 0;
    if (resolve::parse_env_param_export(name, &fn, &index)) {  // a caller hands function `fn` a reader
      if (auto reads = go_env_param_reads(module_->file(), fn, index)) return resolve::env_reads_value(*reads);
      return {};
    }
    return eval_->export_value(name, depth);
  }

 private:
  std::unique_ptr<resolve::ParsedModule> module_;
  std::unique_ptr<GoFile> file_;
  std::unique_ptr<GoEval> eval_;
};

}  // namespace

std::unique_ptr<resolve::ModuleLoader> make_go_loader(const std::string& rel, const std::string& path) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr || fe->language != Language::Go) return nullptr;
  auto m = resolve::ParsedModule::load(fe->grammar(), fe->language, rel, path);
  if (!m) return nullptr;
  return std::make_unique<GoModuleLoader>(std::move(m));
}

Value GoEval::env_param_reads_of(TSNode callee, int index) {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr) return {};
  callee = unwrap(callee);
  std::vector<std::string> files;
  std::string fn;
  if (is_type(callee, "selector_expression")) {
    TSNode q = unwrap(f_.field(callee, f_.fields.operand));
    if (!is_type(q, "identifier")) return {};
    auto dir = import_dir(f_.text(q));
    if (!dir) return {};
    files = package_files(*project, *dir);
    fn = std::string(f_.text(f_.field(callee, f_.fields.field)));
  } else if (is_type(callee, "identifier")) {
    const std::string& self = f_.file.src.rel;
    for (auto& sib : package_files(*project, dir_of(self)))
      if (sib != self) files.push_back(std::move(sib));
    fn = std::string(f_.text(callee));
  } else {
    return {};
  }
  for (const auto& file : files) {
    if (!project->may_mention(file, fn)) continue;
    Value v = project->export_of(file, resolve::env_param_export(fn, index), 0, make_go_loader);
    if (v.type != Value::Type::Unknown) return v;
  }
  return {};
}

Value GoEval::package_value(const std::string& name, int depth) {
  if (depth > kMaxEvalDepth) return {};
  if (auto it = package_memo_.find(name); it != package_memo_.end()) return it->second;
  package_memo_.emplace(name, Value{});
  Value v = export_value(name, depth + 1);
  build_index();
  resolve::Project* project = resolve::current_project();
  if (v.type == Value::Type::Unknown && v.text.empty() && top_.count(name) == 0 && project != nullptr) {
    const std::string& self = f_.file.src.rel;
    for (const auto& sib : package_files(*project, dir_of(self))) {
      if (sib == self || !project->may_mention(sib, name)) continue;
      v = project->export_of(sib, name, depth + 1, make_go_loader);
      if (v.type != Value::Type::Unknown || !v.text.empty()) break;
    }
  }
  // A function seen from inside a summary in progress may not be a helper yet: not memoized.
  if (summarizing_.empty() || v.type != Value::Type::Param) package_memo_[name] = v;
  else package_memo_.erase(name);
  return v;
}

Value GoEval::other_package(const std::string& dir, const std::string& name, int depth) {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr || depth > kMaxEvalDepth) return {};
  std::string key = "\x01" + dir + "\x01" + name;
  if (auto it = package_memo_.find(key); it != package_memo_.end()) return it->second;
  package_memo_.emplace(key, Value{});
  Value v;
  for (const auto& file : package_files(*project, dir)) {
    if (!project->may_mention(file, name)) continue;
    v = project->export_of(file, name, depth + 1, make_go_loader);
    if (v.type != Value::Type::Unknown || !v.text.empty()) break;
  }
  package_memo_[key] = v;
  return v;
}

// go.mod found upward from this file's directory (within the scan root): its directory and
// module path ("" when there is none).
std::string GoEval::module_dir_and_path(std::string& module_path) {
  if (!module_read_) {
    module_read_ = true;
    if (resolve::Project* project = resolve::current_project(); project != nullptr && !project->root().empty()) {
      for (std::string d = dir_of(f_.file.src.rel);; d = parent_dir(d)) {
        std::string text;
        if (resolve::read_file_text(project->root() + d + "go.mod", text)) {
          module_dir_ = d;
          module_path_ = module_path_of(text);
          break;
        }
        if (d.empty()) break;
      }
    }
  }
  module_path = module_path_;
  return module_dir_;
}

std::optional<std::string> GoEval::import_dir(std::string_view qualifier) {
  if (auto it = import_dirs_.find(qualifier); it != import_dirs_.end()) return it->second;
  build_index();
  std::optional<std::string> out;
  auto imp = imports_.find(qualifier);
  std::string module_path;
  std::string module_dir = module_dir_and_path(module_path);
  if (imp != imports_.end() && !module_path.empty()) {
    const std::string& path = imp->second;
    if (path == module_path) {
      out = module_dir;
    } else if (starts_with(path, module_path + "/")) {
      std::string rel;
      if (resolve::normalize_rel_path(module_dir + path.substr(module_path.size() + 1), rel) &&
          rel.find("vendor/") != 0 && rel.find("/vendor/") == std::string::npos)
        out = rel + "/";
    }
  }
  import_dirs_.emplace(std::string(qualifier), out);
  return out;
}

}  // namespace envdrift::go
