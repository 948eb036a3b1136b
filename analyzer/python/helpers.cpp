// Env helper functions: a function whose parameter flows into the name of a read (directly or
// through another helper) is a helper; the summary says which parameter is the name and which
// argument flows to the fallback, found by following the body, not by position:
//   def get_bool(name, default="false"): return os.getenv(name, default).lower() == "true"
//   def get_list(name, sep=",", default=None):
//       raw = os.getenv(name)
//       if not raw: return default            # the early-return default
//       return raw.split(sep)
//   def get_choice(name, choices, default=None): v = os.getenv(name) or default ...
#include <algorithm>

#include "analyzer/python/reads.h"

namespace envdrift::py {

namespace {

bool is_param_of(const Value& v, TSNode fn) {
  return v.type == Value::Type::Param && v.text == std::to_string(ts_node_start_byte(fn));
}

// `if not v:`, `if v is None:`, `if v == "":`, `if v in (None, ""):` conditions.
bool is_missing_test(std::string_view cond_type) {
  return cond_type == "not_operator" || cond_type == "comparison_operator";
}

}  // namespace

std::optional<DefaultValue> PyReads::early_return_default(Path path) {
  if (path.size() < 3) return std::nullopt;
  TSNode assign = path[path.size() - 2];
  if (!is_type(assign, "assignment") || !same(f_.field(assign, f_.fields.right), path.back())) return std::nullopt;
  TSNode var = f_.field(assign, f_.fields.left);
  if (!is_type(var, "identifier")) return std::nullopt;
  TSNode fn{};
  for (size_t i = path.size(); i-- > 0;)
    if (is_type(path[i], "function_definition")) {
      fn = path[i];
      break;
    }
  if (ts_node_is_null(fn)) return std::nullopt;
  std::string_view name = f_.text(var);
  // Only a function that returns the value (`return v`, `return int(v)`) falls back to the
  // early return: `if not token: return False` in a checker is not a default.
  bool returns_var = false;
  walk_preorder(f_.field(fn, f_.fields.body), [&](TSNode n) {
    std::string_view t = node_type(n);
    if (returns_var || t == "function_definition" || t == "class_definition") return false;
    if (t != "return_statement") return true;
    TSNode e = unwrap(named_child(n, 0));
    if (is_type(e, "call")) e = unwrap(named_child(f_.field(e, f_.fields.arguments), 0));
    returns_var = is_type(e, "identifier") && f_.text(e) == name;
    return false;
  });
  if (!returns_var) return std::nullopt;
  std::optional<DefaultValue> out;
  walk_preorder(f_.field(fn, f_.fields.body), [&](TSNode n) {
    std::string_view t = node_type(n);
    if (out || t == "function_definition" || t == "class_definition") return false;
    if (t != "if_statement") return true;
    TSNode cond = unwrap(child_by_field(n, "condition"));
    if (!is_missing_test(node_type(cond))) return true;
    TSNode first = unwrap(named_child(cond, 0));
    if (!is_type(first, "identifier") || f_.text(first) != name) return true;
    for (TSNode stmt : code_children(child_by_field(n, "consequence"))) {
      if (!is_type(stmt, "return_statement")) continue;
      TSNode ret = named_child(stmt, 0);
      if (ts_node_is_null(ret) || is_type(ret, "none")) break;
      std::vector<TSNode> p = eval_.path_to(ret);
      out = value_default(ret, Path(p), nullptr);
      break;
    }
    return !out;
  });
  return out;
}

// Helpers that call each other: one reached again while it is summarized is no helper for the
// time being, and what was summarized from that is redone once it turns out to be one
// (resolve::CycleMemo, shared with the evaluator's constants). A chain of wrappers deeper than
// evaluation goes is no helper, unmemoized.
std::shared_ptr<const PyHelper> PyReads::summarize(TSNode fn) {
  // Only summarize_body stores helpers under this key: a summary is a PyHelper.
  PyEval::MemoKey key{ts_node_start_byte(fn), PyEval::Memo::Summary};
  if (const Value* known = eval_.memo().find(key)) return std::static_pointer_cast<const PyHelper>(known->helper);
  if (summary_nesting_ > static_cast<size_t>(kMaxEvalDepth) / 4) return nullptr;
  ++summary_nesting_;
  Value v = eval_.memo().get(
      key, Value{},
      [&](Value& out) {
        if (auto h = summarize_body(fn)) {
          out = Value::of_type(Value::Type::Helper);
          out.helper = std::move(h);
        }
      },
      [](const Value& final_value) { return final_value.type == Value::Type::Unknown; },
      [](const Value& provisional) { return provisional.type == Value::Type::Helper; });
  --summary_nesting_;
  return std::static_pointer_cast<const PyHelper>(v.helper);
}

std::shared_ptr<const PyHelper> PyReads::summarize_body(TSNode fn) {
  auto h = std::make_shared<PyHelper>();
  h->name = std::string(f_.text(f_.field(fn, f_.fields.name)));
  h->file = f_.file.src.rel;
  h->line = f_.file.line(fn);
  h->params = parameter_names(f_, fn);
  std::vector<TSNode> prefix = eval_.path_to(fn);
  prefix.pop_back();
  TSNode body = f_.field(fn, f_.fields.body);
  bool fallback_seen = false;
  std::vector<std::pair<std::string, std::string>> variants;  // the names read around the parameter
  std::vector<std::pair<std::string, std::string>> defaulted;  // those of the site giving the fallback

  walk_with_path(body, [&](Path sub) {
    TSNode n = sub.back();
    std::string_view t = node_type(n);
    if (t == "function_definition" || t == "class_definition" || t == "lambda") return false;
    if (t != "call" && t != "subscript") return true;
    std::vector<TSNode> full = prefix;
    full.push_back(fn);
    full.insert(full.end(), sub.begin(), sub.end());
    Path path(full);
    auto site = match(n, path);
    if (!site) return true;
    Value name = site->helper ? helper_argument(eval_.eval(site->name, path), site->helper->name_path)
                              : eval_.eval(site->name, path);
    // The (prefix, suffix) pairs this read names around the parameter: the inner helper's, or
    // found with the parameter standing for a marker (`os.getenv("APP_" + key)`, f"{key}_URL").
    std::vector<std::pair<std::string, std::string>> around;
    if (is_param_of(name, fn)) {
      around = site->helper && !site->helper->name_affixes.empty() ? site->helper->name_affixes
                                                                   : std::vector<std::pair<std::string, std::string>>{{"", ""}};
    } else if (name.type == Value::Type::Unknown) {  // (a resolved name depends on no parameter)
      for (size_t i = 0; i < h->params.size() && around.empty(); ++i) {
        auto found = affixes_of_param(*site, path, fn, h->params[i]);
        if (found.empty()) continue;
        name = Value::of_type(Value::Type::Param);
        name.param = static_cast<int>(i);
        around = std::move(found);
      }
      if (around.empty()) return true;
    } else {
      return true;
    }
    if (h->name_param < 0) {
      h->name_param = name.param;
      h->name_path = name.path;  // `os.environ[opts["key"]]`: the call's argument, seen through "key"
    }
    const bool same_param = name.param == h->name_param && name.path == h->name_path;
    if (same_param)
      for (const auto& a : around)
        if (std::find(variants.begin(), variants.end(), a) == variants.end()) variants.push_back(a);
    if (fallback_seen) return true;
    if (same_param) defaulted = around;  // if this site gives the fallback, only its names take it
    TSNode fb = site->fallback;
    if (ts_node_is_null(fb) && site->takes_or_default) fb = or_chain_last(path);
    if (!ts_node_is_null(fb) && !is_type(fb, "none")) {
      Value d = eval_.eval(fb, path);
      if (site->helper && same(fb, site->fallback)) d = helper_argument(d, site->helper->default_path);
      if (is_param_of(d, fn)) {
        h->default_param = d.param;
        h->default_path = d.path;
        fallback_seen = true;
      } else if (auto dv = value_default(fb, path, nullptr)) {
        h->constant_default = dv;
        fallback_seen = true;
      }
    } else if (site->helper) {
      // A wrapper of a helper that gives it no fallback: the inner helper's own default.
      h->constant_default = site->helper_default;
      fallback_seen = site->helper_default.has_value();
    }
    if (!fallback_seen) defaulted.clear();
    return true;
  });

  if (h->name_param >= 0 && !fallback_seen) {
    // The early-return default: `if not v: return d` / `if v is None: return d`.
    walk_preorder(body, [&](TSNode n) {
      std::string_view t = node_type(n);
      if (fallback_seen || t == "function_definition" || t == "class_definition") return false;
      if (t != "if_statement") return true;
      TSNode cond = unwrap(child_by_field(n, "condition"));
      if (!is_missing_test(node_type(cond))) return true;
      TSNode cons = child_by_field(n, "consequence");
      for (TSNode stmt : code_children(cons)) {
        if (!is_type(stmt, "return_statement")) continue;
        TSNode ret = named_child(stmt, 0);
        if (ts_node_is_null(ret) || is_type(ret, "none")) break;
        std::vector<TSNode> path = eval_.path_to(ret);
        Value d = eval_.eval(ret, Path(path));
        if (is_param_of(d, fn)) {
          h->default_param = d.param;
          fallback_seen = true;
        } else if (auto dv = value_default(ret, Path(path), nullptr)) {
          h->constant_default = dv;
          fallback_seen = true;
        }
        break;
      }
      return !fallback_seen;
    });
  }
  if (h->default_param >= 0) {
    TSNode pd = parameter_default(f_, fn, static_cast<size_t>(h->default_param));
    if (!ts_node_is_null(pd)) {
      std::vector<TSNode> path = eval_.path_to(pd);
      h->param_default = value_default(pd, Path(path), nullptr);
    }
  }
  if (!(variants.size() == 1 && variants[0] == std::pair<std::string, std::string>{"", ""})) h->name_affixes = variants;
  if (h->name_affixes.size() > 1 && !defaulted.empty() && defaulted.size() < h->name_affixes.size())
    h->defaulted_affixes = defaulted;
  return h->name_param >= 0 ? h : nullptr;
}

bool PyReads::names_affixed_param(const ReadSite& site, Path path) {
  TSNode fn{};
  for (size_t i = path.size(); i-- > 0;)
    if (is_type(path[i], "function_definition")) {
      fn = path[i];
      break;
    }
  if (ts_node_is_null(fn)) return false;
  auto h = summarize(fn);
  if (!h || h->name_affixes.empty() || static_cast<size_t>(h->name_param) >= h->params.size()) return false;
  auto found = affixes_of_param(site, path, fn, h->params[static_cast<size_t>(h->name_param)]);
  return !found.empty() && std::all_of(found.begin(), found.end(), [&](const auto& a) {
           return std::find(h->name_affixes.begin(), h->name_affixes.end(), a) != h->name_affixes.end();
         });
}

std::vector<std::pair<std::string, std::string>> PyReads::affixes_of_param(const ReadSite& site, Path path, TSNode fn,
                                                                           const std::string& param) {
  Bindings b;
  b.names.emplace(param, Value::str(std::string(1, resolve::kNameMarker)));
  b.scope = fn;
  Value v = eval_.eval(site.name, path, &b);
  if (site.helper) v = resolve::with_affixes(helper_argument(v, site.helper->name_path), *site.helper);
  return resolve::affixes_around_marker(v);
}

}  // namespace envdrift::py
