// Modules of the JS family: resolving specifiers (relative, index files, tsconfig paths), the
// bindings imports introduce, what a module exports (ESM and CommonJS), and the project loader
// that parses a module the first time another file refers to it.
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/env_param.h"
#include "analyzer/core/resolve/parsed_module.h"
#include "analyzer/frontend.h"
#include "analyzer/core/declared_helpers.h"
#include "analyzer/typescript/evaluate.h"
#include "analyzer/typescript/tsconfig.h"
#include "analyzer/typescript/typescript.h"

namespace envdrift::js {

namespace {

constexpr std::array<std::string_view, 8> kModuleExtensions{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"};

class JsModuleLoader : public resolve::ModuleLoader {
 public:
  explicit JsModuleLoader(std::unique_ptr<resolve::ParsedModule> m)
      : module_(std::move(m)), file_(std::make_unique<JsFile>(module_->file())), eval_(std::make_unique<JsEval>(*file_)) {
    file_->eval = eval_.get();
    root_path_.push_back(module_->file().root);
    eval_->set_path(Path(root_path_));
  }
  Value export_of(const std::string& name, int depth) override {
    if (auto it = memo_.find(name); it != memo_.end()) return it->second;
    memo_.emplace(name, Value{});  // a cycle back to this export sees Unknown
    std::string fn;
    int index = 0;
    Value v;
    if (resolve::parse_env_param_export(name, &fn, &index)) {  // a caller hands function `fn` the environment
      if (auto reads = typescript_env_param_reads(module_->file(), fn, index)) v = resolve::env_reads_value(*reads);
    } else {
      v = eval_->export_value(name, depth);
    }
    memo_[name] = v;
    return v;
  }

 private:
  std::unique_ptr<resolve::ParsedModule> module_;
  std::unique_ptr<JsFile> file_;
  std::unique_ptr<JsEval> eval_;
  std::vector<TSNode> root_path_;
  std::map<std::string, Value> memo_;
};

}  // namespace

std::unique_ptr<resolve::ModuleLoader> make_js_loader(const std::string& rel, const std::string& path) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr || fe->embedded != nullptr ||  // a component is no module to import names from
      (fe->language != Language::TypeScript && fe->language != Language::Tsx && fe->language != Language::JavaScript))
    return nullptr;
  auto m = resolve::ParsedModule::load(fe->grammar(), fe->language, rel, path);
  if (!m) return nullptr;
  return std::make_unique<JsModuleLoader>(std::move(m));
}

namespace {

// The module file a root-relative base path denotes: itself, with an extension (also in place of
// a `.js` one, as TypeScript ESM imports write it), or its index file.
std::string probe_module(const resolve::Project& project, const std::string& base) {
  if (project.has_file(base) && frontend_for_path(base) != nullptr) return base;
  std::string stem = base;
  for (auto ext : kModuleExtensions) {
    if (stem.size() > ext.size() && stem.compare(stem.size() - ext.size(), ext.size(), ext) == 0) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  }
  for (const std::string& b : {stem, base})
    for (auto ext : kModuleExtensions)
      if (project.has_file(b + std::string(ext))) return b + std::string(ext);
  for (auto ext : kModuleExtensions)
    if (project.has_file(base + "/index" + std::string(ext))) return base + "/index" + std::string(ext);
  return {};
}

}  // namespace

std::string JsEval::resolve_module(std::string_view spec) const {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr || spec.empty()) return {};
  if (auto it = module_memo_.find(spec); it != module_memo_.end()) return it->second;
  std::string m = resolve_uncached(*project, spec);
  module_memo_.emplace(std::string(spec), m);
  return m;
}

std::string JsEval::resolve_uncached(const resolve::Project& project_ref, std::string_view spec) const {
  const resolve::Project* project = &project_ref;
  const std::string& rel = f_.file.src.rel;
  if (!starts_with(spec, ".")) {
    // `@/lib/env`, `src/config`: tsconfig paths / baseUrl.
    for (const std::string& c : tsconfig_candidates(project->root(), rel, spec))
      if (std::string m = probe_module(*project, c); !m.empty()) return m;
    return {};
  }
  size_t slash = rel.rfind('/');
  std::string joined = (slash == std::string::npos ? std::string() : rel.substr(0, slash + 1)) + std::string(spec);
  std::string base;
  if (!resolve::normalize_rel_path(joined, base)) return {};
  return probe_module(*project, base);
}

Value JsEval::imported(std::string_view spec, const std::string& export_name, int depth) {
  if ((spec == "node:process" || spec == "process") && export_name == "env") {
    Value v;
    v.type = Value::Type::Env;
    return v;
  }
  std::string rel = resolve_module(spec);
  if (rel.empty()) return {};
  return resolve::current_project()->export_of(rel, export_name, depth, &make_js_loader);
}

Value JsEval::module_value(std::string_view spec) const {
  std::string rel = resolve_module(spec);
  if (rel.empty()) return {};
  Value v = Value::of_type(Value::Type::Module);
  v.text = rel;
  return v;
}

Value JsEval::module_export(const std::string& rel, const std::string& name, int depth) {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr) return {};
  return project->export_of(rel, name, depth, &make_js_loader);
}

Value JsEval::import_binding(std::string_view name, TSNode stmt, int depth, bool* found) {
  TSNode source = child_by_field(stmt, "source");
  std::string spec;
  if (!unquote_literal(f_.text(source), spec)) return {};
  for (TSNode clause : named_children(stmt)) {
    if (!is_type(clause, "import_clause")) continue;
    for (TSNode part : named_children(clause)) {
      std::string_view t = node_type(part);
      if (t == "identifier" && f_.text(part) == name) {
        *found = true;
        return imported(spec, "default", depth);
      }
      if (t == "namespace_import") {  // import * as keys from "./keys"
        if (f_.text(first_named(part)) != name) continue;
        *found = true;
        return module_value(spec);
      }
      if (t != "named_imports") continue;
      for (TSNode spec_node : named_children(part)) {
        if (!is_type(spec_node, "import_specifier")) continue;
        TSNode imp = f_.field(spec_node, f_.fields.name);
        TSNode alias = child_by_field(spec_node, "alias");
        TSNode local = ts_node_is_null(alias) ? imp : alias;
        if (f_.text(local) != name) continue;
        *found = true;
        std::string export_name(f_.text(imp));
        if (is_type(imp, "string")) unquote_literal(f_.text(imp), export_name);
        return imported(spec, export_name, depth);
      }
    }
  }
  return {};
}

const std::map<std::string, std::string, std::less<>>& JsEval::import_origins() {
  if (import_origins_built_) return import_origins_;
  import_origins_built_ = true;
  TSNode root = f_.file.root;
  for (TSNode stmt : named_children(root)) {
    if (!is_type(stmt, "import_statement")) continue;
    std::string spec;
    if (!unquote_literal(f_.text(child_by_field(stmt, "source")), spec)) continue;
    for (TSNode clause : named_children(stmt)) {
      if (!is_type(clause, "import_clause")) continue;
      for (TSNode part : named_children(clause)) {
        std::string_view t = node_type(part);
        if (t == "identifier") import_origins_.emplace(std::string(f_.text(part)), spec + ".default");
        if (t == "namespace_import") import_origins_.emplace(std::string(f_.text(first_named(part))), spec);
        if (t == "identifier" || t == "namespace_import")
          import_specs_.emplace(std::string(f_.text(t == "identifier" ? part : first_named(part))), spec);
        if (t != "named_imports") continue;
        for (TSNode sp : named_children(part)) {
          if (!is_type(sp, "import_specifier")) continue;
          TSNode imp = f_.field(sp, f_.fields.name);
          TSNode alias = child_by_field(sp, "alias");
          import_origins_.emplace(std::string(f_.text(ts_node_is_null(alias) ? imp : alias)),
                                  spec + "." + std::string(f_.text(imp)));
          import_specs_.emplace(std::string(f_.text(ts_node_is_null(alias) ? imp : alias)), spec);
        }
      }
    }
  }
  return import_origins_;
}

Value JsEval::imported_env_param_reads(std::string_view name, int index) {
  resolve::Project* project = resolve::current_project();
  if (project == nullptr) return {};
  import_origins();
  auto spec = import_specs_.find(name);
  std::string origin = import_origin(name);
  // A named or default import ("spec.export"); a namespace import is no function.
  if (spec == import_specs_.end() || origin.size() <= spec->second.size() + 1 || origin.compare(0, spec->second.size(), spec->second) != 0)
    return {};
  std::string rel = resolve_module(spec->second);
  if (rel.empty()) return {};
  return project->export_of(rel, resolve::env_param_export(origin.substr(spec->second.size() + 1), index), 0, &make_js_loader);
}

bool JsEval::imported_from_outside(std::string_view name) {
  import_origins();
  auto it = import_specs_.find(name);
  if (it == import_specs_.end()) return false;
  const std::string& spec = it->second;
  if (starts_with(spec, ".") || starts_with(spec, "/")) return false;
  return resolve_module(spec).empty();  // not a tsconfig alias of the tree either
}

std::string JsEval::import_origin(std::string_view name) {
  const auto& origins = import_origins();
  auto it = origins.find(name);
  return it == origins.end() ? std::string() : it->second;
}

const DeclaredHelper* JsEval::declared_callee(TSNode callee) {
  if (declared_helpers().empty()) return nullptr;
  std::string text(f_.text(unwrap_value(callee)));
  if (text.size() > 200 || text.find_first_of("()[]\n") != std::string::npos) return nullptr;
  if (starts_with(text, "this.")) text = text.substr(5);
  // The import-qualified spelling first: `cfg.get` with `import * as cfg from "@acme/config"`
  // is "@acme/config.get"; `getEnv` imported from it is "@acme/config.getEnv".
  std::string head = text.substr(0, text.find('.'));
  const auto& origins = import_origins();
  if (auto it = origins.find(head); it != origins.end()) {
    std::string qualified = it->second + text.substr(head.size());
    if (const DeclaredHelper* d = find_declared_helper(f_.file.src.language, qualified)) return d;
  }
  return find_declared_helper(f_.file.src.language, text);
}

Value JsEval::export_value(const std::string& name, int depth) {
  TSNode root = f_.file.root;
  Path ctx = path_.empty() ? Path() : path_.first(1);
  for (TSNode s : named_children(root)) {
    if (!is_type(s, "export_statement")) continue;
    TSNode source = child_by_field(s, "source");
    std::string spec;
    bool has_source = !ts_node_is_null(source) && unquote_literal(f_.text(source), spec);
    bool is_default = has_token(s, "default");
    TSNode decl = child_by_field(s, "declaration");
    TSNode value = f_.field(s, f_.fields.value);
    if (is_default) {
      if (name != "default") continue;
      TSNode target = ts_node_is_null(value) ? decl : value;
      if (is_type(unwrap_value(target), "identifier")) return lookup(f_.text(unwrap_value(target)), root, ctx, depth);
      if (is_type(target, "function_declaration")) return function_value(target, ctx, f_.text(f_.field(target, f_.fields.name)));
      return eval_at(target, ctx, depth);
    }
    if (!ts_node_is_null(decl)) {
      bool found = false;
      Value v = lookup_in_block(name, root, ctx, depth, &found);
      if (found) {
        // Only if the declaration found is this exported one or a plain one: either way it is the module's binding.
        return v;
      }
      continue;
    }
    bool star = has_token(s, "*");
    for (TSNode clause : named_children(s)) {
      if (!is_type(clause, "export_clause")) continue;
      for (TSNode spec_node : named_children(clause)) {
        if (!is_type(spec_node, "export_specifier")) continue;
        TSNode local = f_.field(spec_node, f_.fields.name);
        TSNode alias = child_by_field(spec_node, "alias");
        std::string exported(f_.text(ts_node_is_null(alias) ? local : alias));
        if (exported != name) continue;
        if (has_source) return imported(spec, std::string(f_.text(local)), depth);
        return lookup(f_.text(local), root, ctx, depth);
      }
    }
    if (star && has_source) {
      Value v = imported(spec, name, depth);
      if (v.type != Value::Type::Unknown) return v;
    }
  }
  return commonjs_export(name, ctx, depth);
}

bool JsEval::required_module(TSNode value, std::string& spec) const {
  TSNode v = unwrap_value(value);
  if (!is_type(v, "call_expression") || f_.text(unwrap_value(f_.field(v, f_.fields.function))) != "require") return false;
  auto args = call_arguments(f_, v);
  return args.size() == 1 && is_type(args[0], "string") && unquote_literal(f_.text(args[0]), spec);
}

Value JsEval::commonjs_export(const std::string& name, Path ctx, int depth) {
  // `module.exports = { A, B: b }`, `module.exports.A = …`, `exports.A = …`.
  TSNode root = f_.file.root;
  for (TSNode s : named_children(root)) {
    if (!is_type(s, "expression_statement")) continue;
    TSNode a = first_named(s);
    if (!is_type(a, "assignment_expression")) continue;
    std::string_view left = f_.text(f_.field(a, f_.fields.left));
    TSNode right = f_.field(a, f_.fields.right);
    if (left == "module.exports") {
      TSNode obj = unwrap_value(right);
      if (name == "default" || !is_type(obj, "object")) {
        if (name == "default") return eval_at(obj, ctx, depth);
        continue;
      }
      for (TSNode p : named_children(obj)) {
        if (is_type(p, "shorthand_property_identifier") && f_.text(p) == name) return lookup(name, root, ctx, depth);
        if (is_type(p, "pair") && f_.text(f_.field(p, f_.fields.key)) == name)
          return eval_at(f_.field(p, f_.fields.value), ctx, depth);
      }
    } else if (left == "module.exports." + name || left == "exports." + name) {
      return eval_at(right, ctx, depth);
    }
  }
  return {};
}

}  // namespace envdrift::js
