// pydantic settings classes (v1 and v2): every field of a `BaseSettings` subclass (and of its
// subclasses, across modules) is a read named `env_prefix + FIELD` (upper-cased unless
// `case_sensitive=True`), or its `alias` / `validation_alias` / `AliasChoices(...)` names / v1
// `Field(env=...)`, with the field default. The prefix comes from `model_config =
// SettingsConfigDict(env_prefix=...)` (v2), `class Config: env_prefix = ...` (v1), or a base
// settings class. `_private` attributes, `ClassVar`, `model_config`, methods and properties are
// not fields; a field typed as another settings class (nested settings) is not a read itself.
#include "analyzer/core/normalize.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace {

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

std::vector<TSNode> class_bases(const PyFile& f, TSNode cls) {
  std::vector<TSNode> out;
  TSNode sup = child_by_field(cls, "superclasses");
  for (TSNode b : code_children(sup))
    if (!is_type(b, "keyword_argument")) out.push_back(b);
  return out;
  (void)f;
}

// The keyword argument `kw` of a call, or null.
TSNode keyword(const PyFile& f, TSNode call, std::string_view kw) {
  for (TSNode a : code_children(f.field(call, f.fields.arguments)))
    if (is_type(a, "keyword_argument") && f.text(f.field(a, f.fields.name)) == kw) return f.field(a, f.fields.value);
  return {};
}

TSNode first_positional(const PyFile& f, TSNode call) {
  for (TSNode a : code_children(f.field(call, f.fields.arguments)))
    if (!is_type(a, "keyword_argument")) return a;
  return {};
}

bool is_call_named(const PyFile& f, TSNode n, std::string_view name) {
  if (!is_type(n, "call")) return false;
  TSNode fn = unwrap(f.field(n, f.fields.function));
  std::string_view t = f.text(fn);
  return t == name || ends_with(t, "." + std::string(name));
}

}  // namespace

PyReads::SettingsConfig PyReads::own_config(TSNode cls, Path path) {
  SettingsConfig c;
  TSNode body = f_.field(cls, f_.fields.body);
  std::vector<TSNode> p(path.begin(), path.end());
  p.push_back(body);
  for (TSNode stmt : code_children(body)) {
    std::vector<TSNode> sp = p;
    sp.push_back(stmt);
    if (is_type(stmt, "class_definition") && f_.text(f_.field(stmt, f_.fields.name)) == "Config") {
      // v1: class Config: env_prefix = "X"; case_sensitive = True
      Value v = eval_.eval(f_.field(stmt, f_.fields.name), Path(sp));
      Value rec = eval_.lookup_name("Config", stmt, Path(sp));
      Value prefix = resolve::member(rec, "env_prefix");
      if (prefix.type == Value::Type::Str) c.prefix = prefix.text;
      Value cs = resolve::member(rec, "case_sensitive");
      if (cs.type == Value::Type::Bool) c.case_sensitive = cs.text == "true";
      (void)v;
      continue;
    }
    if (!is_type(stmt, "expression_statement")) continue;
    TSNode assign = named_child(stmt, 0);
    if (!is_type(assign, "assignment") || f_.text(f_.field(assign, f_.fields.left)) != "model_config") continue;
    TSNode right = unwrap(f_.field(assign, f_.fields.right));
    if (is_type(right, "call")) {
      TSNode pre = keyword(f_, right, "env_prefix");
      if (!ts_node_is_null(pre)) {
        Value v = eval_.eval(pre, Path(sp));
        if (v.type == Value::Type::Str) c.prefix = v.text;
      }
      TSNode cs = keyword(f_, right, "case_sensitive");
      if (!ts_node_is_null(cs)) c.case_sensitive = is_type(cs, "true");
    } else {
      Value v = eval_.eval(right, Path(sp));  // model_config = {"env_prefix": "X"}
      Value prefix = resolve::member(v, "env_prefix");
      if (prefix.type == Value::Type::Str) c.prefix = prefix.text;
    }
  }
  return c;
}

std::optional<std::string> PyReads::settings_prefix(TSNode cls, int depth) {
  uint32_t key = ts_node_start_byte(cls);
  if (auto it = settings_memo_.find(key); it != settings_memo_.end()) return it->second;
  settings_memo_[key] = std::nullopt;  // a cycle sees "not settings"
  if (depth > kMaxEvalDepth) return std::nullopt;
  std::vector<TSNode> path = eval_.path_to(cls);
  path.pop_back();
  std::optional<std::string> inherited;
  for (TSNode base : class_bases(f_, cls)) {
    std::string_view text = f_.text(base);
    if (text == "BaseSettings" || ends_with(text, ".BaseSettings")) {
      inherited = "";
      break;
    }
    Value v = eval_.eval(base, Path(path), nullptr, depth + 1);
    Value marker = resolve::member(v, kSettingsMarker);
    if (marker.type == Value::Type::Str) {
      inherited = marker.text;
      break;
    }
  }
  if (!inherited) return std::nullopt;
  SettingsConfig own = own_config(cls, Path(path));
  std::optional<std::string> out = own.prefix ? own.prefix : inherited;
  settings_memo_[key] = out;
  return out;
}

void PyReads::settings_reads(TSNode cls, Path path) {
  auto prefix = settings_prefix(cls, 0);
  if (!prefix) return;
  std::vector<TSNode> outer(path.begin(), path.end());
  outer.pop_back();
  SettingsConfig cfg = own_config(cls, Path(outer));
  // v2 keeps case_sensitive through inheritance; a base's setting is rarely different.
  std::string cname(f_.text(f_.field(cls, f_.fields.name)));
  ViaStep step{f_.file.src.rel, f_.file.line(cls), "settings " + cname};
  TSNode body = f_.field(cls, f_.fields.body);
  std::vector<TSNode> p(path.begin(), path.end());
  p.push_back(body);
  for (TSNode stmt : code_children(body)) {
    if (!is_type(stmt, "expression_statement")) continue;
    TSNode assign = named_child(stmt, 0);
    if (!is_type(assign, "assignment")) continue;
    TSNode left = f_.field(assign, f_.fields.left);
    TSNode type = child_by_field(assign, "type");
    TSNode right = unwrap(f_.field(assign, f_.fields.right));
    if (!is_type(left, "identifier")) continue;
    std::string field(f_.text(left));
    if (field.empty() || field[0] == '_' || field == "model_config") continue;
    std::string_view type_text = f_.text(type);
    if (type_text.find("ClassVar") != std::string_view::npos) continue;
    if (ts_node_is_null(type) && !is_call_named(f_, right, "Field")) continue;  // not annotated: not a field
    std::vector<TSNode> sp = p;
    sp.push_back(stmt);
    Path spath(sp);
    // Nested settings / models: the field's type is a class of the tree.
    if (!ts_node_is_null(type)) {
      TSNode tnode = unwrap(named_child(type, 0));
      if (is_type(tnode, "identifier")) {
        Value tv = eval_.eval(tnode, spath);
        if (tv.type == Value::Type::Record && tv.origin_line > 0) continue;
      }
    }
    TSNode default_expr{};
    bool computed_factory = false;
    std::vector<std::string> names;
    auto add_names = [&](TSNode expr) {
      Value v = eval_.eval(expr, spath);
      for (const auto& alt : resolve::alternatives(v.type == Value::Type::Array ? Value{} : v))
        if (alt.type == Value::Type::Str) names.push_back(alt.text);
      if (v.type == Value::Type::Array)
        for (const auto& item : v.items)
          for (const auto& alt : resolve::alternatives(item))
            if (alt.type == Value::Type::Str) names.push_back(alt.text);
    };
    if (is_call_named(f_, right, "Field")) {
      default_expr = keyword(f_, right, "default");
      if (ts_node_is_null(default_expr)) default_expr = first_positional(f_, right);
      TSNode factory = keyword(f_, right, "default_factory");
      if (!ts_node_is_null(factory)) {
        default_expr = factory;
        computed_factory = true;
      }
      for (std::string_view kw : {"validation_alias", "alias", "env"}) {
        TSNode a = keyword(f_, right, kw);
        if (ts_node_is_null(a)) continue;
        add_names(a);
        break;
      }
    } else {
      default_expr = right;
    }
    if (names.empty()) names.push_back(cfg.case_sensitive ? *prefix + field : to_upper(*prefix + field));
    else if (!cfg.case_sensitive)
      for (auto& n : names) n = to_upper(n);
    std::optional<DefaultValue> dflt;
    if (computed_factory) {
      dflt = computed_default(std::string(f_.text(default_expr)));
    } else if (!ts_node_is_null(default_expr) && !is_type(default_expr, "ellipsis")) {
      dflt = value_default(default_expr, spath, nullptr);
    }
    for (const auto& n : names) {
      EnvRead r = f_.file.make_read(left, n, ReadKind::Settings);
      r.via.push_back(step);
      r.default_value = dflt;
      out_.reads.push_back(std::move(r));
    }
  }
}

}  // namespace envdrift::py
