// Python modules: resolving `from .keys import X`, `from ..core import keys`, `import pkg.keys as
// k` and absolute imports within the scanned tree to files of the project, the bindings imports
// introduce, and the project loader that parses a module the first time another file refers to
// it.
#include <fstream>
#include <sstream>

#include "analyzer/core/resolve/env_param.h"
#include "analyzer/core/resolve/files.h"
#include "analyzer/core/resolve/parsed_module.h"
#include "analyzer/frontend.h"
#include "analyzer/python/evaluate.h"
#include "analyzer/python/libraries.h"
#include "analyzer/python/reads.h"

namespace envdrift::py {

namespace {

using resolve::dir_of;
using resolve::parent_dir;

std::string dots_to_slashes(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '.') c = '/';
  return out;
}

// `base + mod` as a module file: `mod.py` or `mod/__init__.py`; a directory without
// `__init__.py` (a namespace package) is "dir:<path>/".
std::string probe(const resolve::Project& project, const std::string& base, const std::string& mod) {
  std::string p = base + mod;
  if (mod.empty()) return project.has_file(base + "__init__.py") ? base + "__init__.py" : std::string();
  if (project.has_file(p + ".py")) return p + ".py";
  if (project.has_file(p + "/__init__.py")) return p + "/__init__.py";
  return {};
}

class PyModuleLoader : public resolve::ModuleLoader {
 public:
  explicit PyModuleLoader(std::unique_ptr<resolve::ParsedModule> m)
      : module_(std::move(m)), reads_(std::make_unique<PyReads>(module_->file(), result_)) {}
  Value export_of(const std::string& name, int depth) override {
    if (auto it = memo_.find(name); it != memo_.end()) return it->second;
    memo_.emplace(name, Value{});  // a cycle back to this export sees Unknown
    Value v;
    std::string fn;
    int index = 0;
    if (resolve::parse_env_param_export(name, &fn, &index)) {  // a caller hands function `fn` the environment
      if (auto reads = reads_->env_param_reads(fn, index)) v = resolve::env_reads_value(*reads);
    } else {
      v = reads_->eval().export_value(name, depth);
    }
    memo_[name] = v;
    return v;
  }

 private:
  std::unique_ptr<resolve::ParsedModule> module_;
  FileResult result_;
  std::unique_ptr<PyReads> reads_;  // declared after module_: destroyed before the tree it points into
  std::map<std::string, Value> memo_;
};

}  // namespace

std::unique_ptr<resolve::ModuleLoader> make_py_loader(const std::string& rel, const std::string& path) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr || fe->language != Language::Python) return nullptr;
  auto m = resolve::ParsedModule::load(fe->grammar(), fe->language, rel, path);
  if (!m) return nullptr;
  return std::make_unique<PyModuleLoader>(std::move(m));
}

std::string PyEval::package_dir() const { return dir_of(f_.file.src.rel); }

std::string PyEval::resolve_module(std::string_view dotted) const {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr || dotted.empty()) return {};
  size_t dots = 0;
  while (dots < dotted.size() && dotted[dots] == '.') ++dots;
  std::string rest = dots_to_slashes(dotted.substr(dots));
  if (dots > 0) {
    std::string base = package_dir();
    for (size_t i = 1; i < dots; ++i) base = parent_dir(base);
    std::string m = probe(*project, base, rest);
    if (m.empty() && !rest.empty()) return {};
    return m.empty() ? "dir:" + base : m;
  }
  // Absolute: every ancestor package root of the importing file (nearest first), the scan root
  // and `src/`.
  std::vector<std::string> roots;
  for (std::string d = package_dir();; d = parent_dir(d)) {
    roots.push_back(d);
    if (d.empty()) break;
  }
  roots.emplace_back("src/");
  for (const auto& r : roots)
    if (auto m = probe(*project, r, rest); !m.empty()) return m;
  return {};
}

Value PyEval::module_member(const std::string& rel, const std::string& name, int depth) {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr || rel.empty()) return {};
  if (rel.rfind("dir:", 0) == 0) {
    std::string base = rel.substr(4);
    std::string m = probe(*project, base, name);
    if (m.empty()) return {};
    Value v = Value::of_type(Value::Type::Module);
    v.text = m;
    return v;
  }
  return project->export_of(rel, name, depth, make_py_loader);
}

// `from .keys import X as Y`, `from ..core import keys`, `from pkg.keys import *`.
Value PyEval::import_from(TSNode stmt, std::string_view name, int depth, bool& found) {
  found = false;
  TSNode mod = f_.field(stmt, f_.fields.module_name);
  std::string_view module_text = f_.text(mod);
  std::string imported;
  bool wildcard = false;
  for (TSNode item : code_children(stmt)) {
    if (same(item, mod)) continue;
    if (is_type(item, "wildcard_import")) wildcard = true;
    if (is_type(item, "aliased_import") && f_.text(f_.field(item, f_.fields.alias)) == name)
      imported = f_.text(f_.field(item, f_.fields.name));
    else if (is_type(item, "dotted_name") && f_.text(item) == name)
      imported = name;
  }
  if (imported.empty() && !wildcard) return {};
  if (module_text == "os" || module_text == "typing") {
    found = !imported.empty();
    return {};
  }
  std::string rel = resolve_module(module_text);
  if (rel.empty() && !imported.empty()) {  // a config library's export (libraries.h)
    if (const LibraryExport* e = library_export(module_text, imported)) {
      found = true;
      return library_value(*e);
    }
  }
  if (imported.empty()) {  // wildcard: only when the module binds the name
    Value v = module_member(rel, std::string(name), depth);
    found = v.type != Value::Type::Unknown;
    return v;
  }
  found = true;
  Value v = module_member(rel, imported, depth);
  if (v.type == Value::Type::Unknown) {
    std::string sub(module_text);
    if (!sub.empty() && sub.back() != '.') sub += '.';
    std::string m = resolve_module(sub + imported);
    if (!m.empty()) {
      v = Value::of_type(Value::Type::Module);
      v.text = m;
    }
  }
  return v;
}

// `import pkg.keys as k` binds k to the module; `import pkg.keys` binds pkg.
Value PyEval::import_plain(TSNode stmt, std::string_view name, bool& found) {
  found = false;
  for (TSNode item : code_children(stmt)) {
    std::string dotted;
    if (is_type(item, "aliased_import") && f_.text(f_.field(item, f_.fields.alias)) == name) {
      dotted = f_.text(f_.field(item, f_.fields.name));
    } else if (is_type(item, "dotted_name") && f_.text(named_child(item, 0)) == name) {
      dotted = name;
    } else {
      continue;
    }
    found = true;
    if (dotted == "os") return {};
    std::string rel = resolve_module(dotted);
    if (rel.empty()) {
      if (is_library_module(dotted)) {  // `import environ`: its exports are library values
        Value v = Value::of_type(Value::Type::Param);
        v.text = std::string(kLibModule) + dotted;
        return v;
      }
      // A namespace package: a directory of the tree without `__init__.py`.
      return {};
    }
    Value v = Value::of_type(Value::Type::Module);
    v.text = rel;
    return v;
  }
  return {};
}

}  // namespace envdrift::py
