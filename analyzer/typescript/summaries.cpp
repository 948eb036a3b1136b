// JS env helper summaries: which parameter of a function is a variable name, which its fallback,
// whether it returns the environment (split from evaluate.cpp).
#include <algorithm>
#include <memory>
#include <string>

#include "analyzer/typescript/defaults.h"
#include "analyzer/typescript/env_access.h"
#include "analyzer/typescript/eval_internal.h"
#include "analyzer/typescript/evaluate.h"

namespace envdrift::js {

using namespace internal;

namespace {

constexpr size_t kMaxSummaryNesting = 16;

}  // namespace

bool JsEval::param_with_affixes(TSNode name, Value& param, std::pair<std::string, std::string>& affixes) {
  name = unwrap_value(name);
  std::vector<TSNode> parts;  // the pieces in order, constants and the one parameter
  if (is_type(name, "template_string")) {
    std::string_view text = f_.text(name);
    if (text.find('\\') != std::string_view::npos || text.size() < 2) return false;
    uint32_t base = ts_node_start_byte(name), at = base + 1;  // after the backtick
    int subs = 0;
    for (TSNode c : named_children(name)) {
      if (!is_type(c, "template_substitution")) continue;
      if (++subs > 1) return false;
      affixes.first = std::string(text.substr(at - base, ts_node_start_byte(c) - at));
      at = ts_node_end_byte(c);
      param = eval(first_named(c));
    }
    if (subs != 1) return false;
    affixes.second = std::string(text.substr(at - base, text.size() - 1 - (at - base)));
    return param.type == Value::Type::Param;
  }
  // A `+` chain, flattened from the left: ((("A_" + key) + "_B")).
  for (TSNode e = name; parts.size() < 16;) {
    if (!is_type(e, "binary_expression") || f_.op(e) != "+") {
      parts.push_back(e);
      break;
    }
    parts.push_back(unwrap_value(f_.field(e, f_.fields.right)));
    e = unwrap_value(f_.field(e, f_.fields.left));
  }
  if (parts.size() < 2) return false;
  std::reverse(parts.begin(), parts.end());
  bool seen = false;
  affixes = {};
  for (TSNode p : parts) {
    Value v = eval(p);
    if (v.type == Value::Type::Param) {
      if (seen) return false;
      seen = true;
      param = v;
    } else if (v.type == Value::Type::Str) {
      (seen ? affixes.second : affixes.first) += v.text;
    } else {
      return false;
    }
  }
  return seen;
}

// Helpers that call each other (`function h1(k) { return h2(k) }`, h2 calling h1 back): a
// helper reached again while summarized is no helper for the time being; what was summarized
// from that is redone once it turns out to be one (CycleMemo). A chain of wrappers nested deeper
// than kMaxSummaryNesting yields no summary.
std::shared_ptr<const resolve::HelperSummary> JsEval::summarize(TSNode fn, Path ctx, std::string_view name) {
  MemoKey key{ts_node_start_byte(fn), ts_node_end_byte(fn), Memo::Summary};
  if (const Value* known = memo_.find(key)) return known->helper;
  if (summary_nesting_ >= kMaxSummaryNesting) return nullptr;
  ++summary_nesting_;
  Value v = memo_.get(
      key, Value{},
      [&](Value& out) {
        if (auto s = summarize_body(fn, ctx, name)) {
          out = Value::of_type(Value::Type::Helper);
          out.helper = std::move(s);
        }
      },
      [](const Value& final_value) { return final_value.type == Value::Type::Unknown; },
      [](const Value& provisional) { return provisional.type == Value::Type::Helper; });
  --summary_nesting_;
  return v.helper;
}

std::shared_ptr<const resolve::HelperSummary> JsEval::summarize_body(TSNode fn, Path ctx, std::string_view name) {
  uint32_t id = ts_node_start_byte(fn);
  std::string owner = std::to_string(id);
  resolve::HelperSummary s;
  s.name = name.empty() ? std::string(f_.text(f_.field(fn, f_.fields.name))) : std::string(name);
  s.file = f_.file.src.rel;
  s.line = f_.file.line(fn);
  std::vector<TSNode> prefix;
  for (TSNode a : ctx)
    if (contains(a, fn) && !same(a, fn)) prefix.push_back(a);
  Path saved = path_;
  auto is_param = [&](const Value& v) { return v.type == Value::Type::Param && v.text == owner; };
  auto is_whole_param = [&](const Value& v) { return is_param(v) && v.path.empty(); };
  // The fallback the read at path.back() gets: a parameter (default_param) or a constant.
  auto take_fallback = [&](Path p, std::optional<DefaultValue> def) {
    if (!def) {
      TSNode fb = early_return_fallback(f_, p);
      if (ts_node_is_null(fb)) return;
      def = default_of(f_, fb);
    }
    if (!def) return;
    Value fv = eval(f_.last_fallback);
    if (is_param(fv)) {
      s.default_param = fv.param;
      s.default_path = fv.path;
    }
    else s.constant_default = def;
  };
  walk_with_path(prefix, fn, [&](Path p) {
    if (s.name_param >= 0) return false;
    TSNode n = p.back();
    std::string_view t = node_type(n);
    path_ = p;
    if (auto a = access_of(f_, n); a && (a->form == AccessForm::Subscript || a->form == AccessForm::DenoGet)) {
      Value v = eval(a->name_node);
      std::pair<std::string, std::string> around;
      if (!is_param(v) && v.type == Value::Type::Unknown) {  // `process.env["APP_" + key]`
        Value p;
        if (param_with_affixes(a->name_node, p, around) && is_param(p)) v = p;
      }
      if (is_param(v)) {
        s.name_param = v.param;
        s.name_path = v.path;
        if (!around.first.empty() || !around.second.empty()) s.name_affixes = {around};
        if (a->form == AccessForm::Subscript) {
          Value obj = eval(f_.field(n, f_.fields.object));
          if (is_whole_param(obj)) s.env_param = obj.param;  // `env[key]` with `env` given by the caller
        }
        take_fallback(p, default_for_read(f_, p, std::nullopt));
      }
      return true;
    }
    // `env[opts.key]` where both are parameters and no call of this file passes the env object:
    // a call elsewhere that does (`build(process.env, { key: "X" })`) reads X.
    if (t == "subscript_expression") {
      Value obj = eval(f_.field(n, f_.fields.object));
      if (!is_whole_param(obj)) return true;
      Value v = eval(f_.field(n, f_.fields.index));
      if (!is_param(v) || (v.param == obj.param && v.path.empty())) return true;
      s.name_param = v.param;
      s.name_path = v.path;
      s.env_param = obj.param;
      take_fallback(p, default_for_read(f_, p, std::nullopt));
      return true;
    }
    if (t != "call_expression") return true;
    TSNode callee = unwrap_value(f_.field(n, f_.fields.function));
    if (!is_type(callee, "identifier") || !may_be_helper(f_.text(callee))) return true;
    Value h = eval(callee);
    if (h.type != Value::Type::Helper || h.helper->name_param < 0) return true;
    auto args = call_arguments(f_, n);
    if (static_cast<size_t>(h.helper->name_param) >= args.size()) return true;
    Value name_v = eval(args[h.helper->name_param]);
    std::pair<std::string, std::string> around;
    if (!is_param(name_v) && name_v.type == Value::Type::Unknown) {  // `env(k + "_V2")`
      Value p;
      if (param_with_affixes(args[h.helper->name_param], p, around) && is_param(p)) name_v = p;
    }
    if (!is_param(name_v)) return true;
    // The inner helper reads only the env object its caller hands it: this wrapper then reads
    // only when its own caller hands over the environment (or the wrapper passes process.env).
    int env_param = -1;
    if (h.helper->env_param >= 0) {
      if (static_cast<size_t>(h.helper->env_param) >= args.size()) return true;
      Value env = eval(args[h.helper->env_param]);
      if (is_whole_param(env)) env_param = env.param;
      else if (env.type != Value::Type::Env) return true;
    }
    s.name_param = name_v.param;
    s.name_path = name_v.path;
    s.name_path.insert(s.name_path.end(), h.helper->name_path.begin(), h.helper->name_path.end());
    // The inner helper's text around its name, around this call's own text around the parameter.
    s.name_affixes.clear();
    for (const auto& [p, x] : h.helper->name_affixes.empty() ? std::vector<std::pair<std::string, std::string>>{{"", ""}}
                                                             : h.helper->name_affixes)
      s.name_affixes.emplace_back(p + around.first, around.second + x);
    if (s.name_affixes.size() == 1 && s.name_affixes[0].first.empty() && s.name_affixes[0].second.empty()) s.name_affixes.clear();
    s.env_param = env_param;
    if (h.helper->default_param >= 0 && static_cast<size_t>(h.helper->default_param) < args.size()) {
      path_ = p;
      take_fallback(p, default_of(f_, args[h.helper->default_param]));
    } else if (auto outer = default_for_read(f_, p, std::nullopt)) {
      take_fallback(p, outer);
    } else {
      s.constant_default = h.helper->default_param >= 0 ? h.helper->param_default : h.helper->constant_default;
    }
    return true;
  });
  if (s.name_param < 0) summarize_return(fn, prefix, owner, s);
  if (s.name_param >= 0) {  // `function need(...keys)`: each argument from there on is a name
    auto params = parameters_of(f_, fn);
    TSNode ident{}, def{};
    if (static_cast<size_t>(s.name_param) < params.size()) parameter_parts(f_, params[s.name_param], &ident, &def, &s.name_rest);
  }
  if (s.default_param >= 0 && s.default_path.empty()) {
    auto params = parameters_of(f_, fn);
    TSNode ident{}, def{};
    if (static_cast<size_t>(s.default_param) < params.size()) parameter_parts(f_, params[s.default_param], &ident, &def);
    if (!ts_node_is_null(def)) s.param_default = default_of(f_, def);
  }
  path_ = saved;
  std::shared_ptr<const resolve::HelperSummary> out;
  if (s.name_param >= 0 || s.returns_env || s.returns_param >= 0)
    out = std::make_shared<const resolve::HelperSummary>(std::move(s));
  return out;
}

// What `fn` returns, as far as env objects go: the environment (`return process.env`, a copy,
// a Proxy of it) or one of its parameters passed through (`(env) => new Proxy(env, h)`). The
// returns of nested functions are theirs, not fn's.
void JsEval::summarize_return(TSNode fn, const std::vector<TSNode>& prefix, const std::string& owner,
                              resolve::HelperSummary& s) {
  auto classify = [&](TSNode expr, Path p) {
    path_ = p;
    Value v = eval(expr);
    if (v.type == Value::Type::Env) s.returns_env = true;
    else if (v.type == Value::Type::Param && v.text == owner && v.path.empty()) s.returns_param = v.param;
  };
  TSNode body = child_by_field(fn, "body");
  if (!ts_node_is_null(body) && !is_type(body, "statement_block")) {  // `(env) => ({ ...env })`
    std::vector<TSNode> p = prefix;
    p.push_back(fn);
    p.push_back(body);
    classify(body, Path(p));
    return;
  }
  walk_with_path(prefix, fn, [&](Path p) {
    if (s.returns_env || s.returns_param >= 0) return false;
    TSNode n = p.back();
    if (!same(n, fn) && is_function_like(n)) return false;
    if (is_type(n, "return_statement")) {
      TSNode e = first_named(n);
      if (!ts_node_is_null(e)) classify(e, p);
      return false;
    }
    return true;
  });
}

}  // namespace envdrift::js
