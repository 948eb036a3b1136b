// `[[helper]]` declarations (analyzer/core/declared_helpers.h) for python calls whose callee is
// not a function of the scanned tree. A callee is looked up under every spelling the file gives
// it: the import-qualified form (`from app.settings import get_env` → "app.settings.get_env";
// `import app.settings as s` → `s.get_env` is "app.settings.get_env"; relative imports are
// qualified from the importing file's package), the class-qualified form of a method called on
// an instance whose class the file shows (`cfg = Config()` → `cfg.get` is "Config.get" and its
// import-qualified form), and the local spelling.
#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/resolve/files.h"
#include "analyzer/python/reads.h"

namespace envdrift::py {

namespace {

std::string slashes_to_dots(std::string s) {
  for (char& c : s)
    if (c == '/') c = '.';
  return s;
}

}  // namespace

void PyEval::build_spellings() {
  spellings_built_ = true;
  std::string pkg = resolve::dir_of(f_.file.src.rel);
  auto qualify_module = [&](std::string_view m) {
    size_t dots = 0;
    while (dots < m.size() && m[dots] == '.') ++dots;
    if (dots == 0) return std::string(m);
    std::string base = pkg;
    for (size_t i = 1; i < dots; ++i) base = resolve::parent_dir(base);
    std::string out = slashes_to_dots(base);
    if (!out.empty() && out.back() == '.') out.pop_back();
    std::string rest(m.substr(dots));
    if (out.empty()) return rest;
    return rest.empty() ? out : out + "." + rest;
  };
  walk_preorder(f_.file.root, [&](TSNode n) {
    std::string_view t = node_type(n);
    if (t == "import_from_statement") {
      TSNode mod = f_.field(n, f_.fields.module_name);
      std::string m = qualify_module(f_.text(mod));
      bool outside = f_.text(mod) != "os" && resolve_module(f_.text(mod)).empty();
      for (TSNode item : code_children(n)) {
        if (same(item, mod)) continue;
        std::string local;
        if (is_type(item, "aliased_import")) {
          local = f_.text(f_.field(item, f_.fields.alias));
          import_qual_[local] = m + "." + std::string(f_.text(f_.field(item, f_.fields.name)));
        } else if (is_type(item, "dotted_name")) {
          local = f_.text(item);
          import_qual_[local] = m + "." + local;
        }
        if (outside && !local.empty()) outside_imports_.insert(local);
        if (!local.empty())
          import_origin_[local] = {std::string(f_.text(mod)), is_type(item, "aliased_import") ? std::string(f_.text(f_.field(item, f_.fields.name))) : local};
      }
      return false;
    }
    if (t == "import_statement") {
      for (TSNode item : code_children(n)) {
        std::string local, dotted;
        if (is_type(item, "aliased_import")) {
          local = f_.text(f_.field(item, f_.fields.alias));
          dotted = f_.text(f_.field(item, f_.fields.name));
          import_qual_[local] = dotted;
        } else if (is_type(item, "dotted_name")) {
          local = dotted = f_.text(named_child(item, 0));
        }
        if (!local.empty() && dotted != "os" && resolve_module(dotted).empty()) outside_imports_.insert(local);
        if (!local.empty() && is_type(item, "aliased_import")) import_origin_[local] = {dotted, ""};
      }
      return false;
    }
    if (t == "assignment") {  // `cfg = Config(...)`: the instance's class, by name
      TSNode left = f_.field(n, f_.fields.left), right = unwrap(f_.field(n, f_.fields.right));
      if (is_type(left, "identifier") && is_type(right, "call")) {
        TSNode callee = unwrap(f_.field(right, f_.fields.function));
        if (is_type(callee, "identifier") || is_type(callee, "attribute"))
          instance_class_[std::string(f_.text(left))] = std::string(f_.text(callee));
      }
    }
    return true;
  });
}

std::vector<std::string> PyEval::callee_spellings(TSNode fn) {
  if (!spellings_built_) build_spellings();
  std::vector<std::string> out;
  std::string text(f_.text(fn));
  size_t dot = text.find('.');
  std::string head = text.substr(0, dot), rest = dot == std::string::npos ? "" : text.substr(dot);
  auto qualified = [&](const std::string& h, const std::string& r) {
    if (auto it = import_qual_.find(h); it != import_qual_.end()) out.push_back(it->second + r);
  };
  qualified(head, rest);
  if (!rest.empty()) {
    if (auto it = instance_class_.find(head); it != instance_class_.end()) {
      std::string cls = it->second;
      size_t d = cls.find('.');
      qualified(cls.substr(0, d), (d == std::string::npos ? "" : cls.substr(d)) + rest);
      out.push_back(cls + rest);
    }
  }
  out.push_back(text);
  return out;
}

bool PyEval::imported_from_outside(TSNode fn) {
  if (!spellings_built_) build_spellings();
  // Without a project (a single file analyzed alone) nothing can be said to be outside.
  if (resolve::current_project() == nullptr) return false;
  std::string_view text = f_.text(fn);
  return outside_imports_.count(std::string(text.substr(0, text.find('.')))) != 0;
}

bool PyEval::imported_from_tree(TSNode fn) {
  if (!spellings_built_) build_spellings();
  if (resolve::current_project() == nullptr) return false;
  std::string_view text = f_.text(fn);
  std::string head(text.substr(0, text.find('.')));
  return import_qual_.count(head) != 0 && outside_imports_.count(head) == 0 && head != "os";
}

std::optional<std::pair<std::string, std::string>> PyEval::imported_function(TSNode fn) {
  if (!spellings_built_) build_spellings();
  std::string text(f_.text(fn));
  size_t dot = text.find('.');
  auto it = import_origin_.find(text.substr(0, dot));
  if (it == import_origin_.end()) return std::nullopt;
  const auto& [module, name] = it->second;
  if (dot == std::string::npos && !name.empty()) {  // from module import name
    std::string rel = resolve_module(module);
    if (rel.empty() || rel.rfind("dir:", 0) == 0) return std::nullopt;
    return std::make_pair(rel, name);
  }
  if (dot != std::string::npos && name.empty() && text.find('.', dot + 1) == std::string::npos) {  // import a.b as m; m.fn
    std::string rel = resolve_module(module);
    if (rel.empty() || rel.rfind("dir:", 0) == 0) return std::nullopt;
    return std::make_pair(rel, text.substr(dot + 1));
  }
  return std::nullopt;
}

const DeclaredHelper* PyEval::declared_helper(TSNode fn) {
  if (declared_helpers().empty()) return nullptr;
  if (!is_type(fn, "identifier") && !is_type(fn, "attribute")) return nullptr;
  for (const auto& s : callee_spellings(fn))
    if (const DeclaredHelper* h = find_declared_helper(Language::Python, s)) return h;
  return nullptr;
}

}  // namespace envdrift::py
