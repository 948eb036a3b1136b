// Classes as values: a class definition lowers to a Record of its constant attributes (so
// `Keys.REDIS` resolves). Its one item (records do not use items, so iterating the class or
// looking a member up never sees it) is the class metadata settings resolution (settings.cpp)
// needs to work a pydantic settings class out across modules without going back to the syntax
// tree of another file, a record of:
//   class   its name;
//   bases   its bases in order: a class record of the tree, Str "BaseSettings" / "BaseModel"
//           for pydantic's own, Str "?spelling" for a class outside the tree;
//   config  the settings options its own body sets (`class Config:` v1,
//           `model_config = SettingsConfigDict(...)` / `ConfigDict(...)` / a dict v2);
//   fields  its own fields (annotated attributes or `= Field(...)`), in order, each a record of
//           its aliases, default, nested model class and location (origin_file/line, col).
#include "analyzer/core/normalize.h"
#include "analyzer/python/evaluate.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace {

TSNode keyword_arg(const PyFile& f, TSNode call, std::string_view kw) {
  for (TSNode a : code_children(f.field(call, f.fields.arguments)))
    if (is_type(a, "keyword_argument") && f.text(f.field(a, f.fields.name)) == kw) return f.field(a, f.fields.value);
  return {};
}

TSNode first_positional_arg(const PyFile& f, TSNode call) {
  for (TSNode a : code_children(f.field(call, f.fields.arguments)))
    if (!is_type(a, "keyword_argument") && !is_type(a, "comment")) return a;
  return {};
}

bool ends_with_name(std::string_view text, std::string_view name) {
  if (text == name) return true;
  return text.size() > name.size() && text.substr(text.size() - name.size()) == name &&
         text[text.size() - name.size() - 1] == '.';
}

bool is_call_of(const PyFile& f, TSNode n, std::string_view name) {
  return is_type(n, "call") && ends_with_name(f.text(unwrap(f.field(n, f.fields.function))), name);
}

// `Optional[X]`, `X | None`, `Annotated[X, ...]`: X.
TSNode annotation_class(const PyFile& f, TSNode t) {
  for (int guard = 0; guard < 8; ++guard) {
    t = unwrap(t);
    if (is_type(t, "type")) { t = named_child(t, 0); continue; }
    if (is_type(t, "binary_operator") && f.op(t) == "|") {
      TSNode l = unwrap(f.field(t, f.fields.left)), r = unwrap(f.field(t, f.fields.right));
      t = is_type(l, "none") ? r : l;
      continue;
    }
    if (is_type(t, "subscript") || is_type(t, "generic_type")) {
      TSNode head = is_type(t, "subscript") ? f.field(t, f.fields.value) : named_child(t, 0);
      std::string_view h = f.text(head);
      if (!ends_with_name(h, "Optional") && !ends_with_name(h, "Annotated")) return {};
      TSNode inner = is_type(t, "subscript") ? f.field(t, f.fields.subscript) : named_child(named_child(t, 1), 0);
      t = inner;
      continue;
    }
    break;
  }
  return is_type(t, "identifier") || is_type(t, "attribute") ? t : TSNode{};
}

Value default_record(const DefaultValue& d) {
  Value r = Value::of_type(Value::Type::Record);
  r.fields.emplace_back("raw", Value::str(d.raw));
  r.fields.emplace_back("value", Value::str(d.value));
  r.fields.emplace_back("comparable", Value::boolean(d.comparable));
  return r;
}

}  // namespace

const Value* class_meta(const Value& v) {
  if (v.shared) return class_meta(*v.shared);  // a base, held by reference (one level: see class_record)
  if (v.type != Value::Type::Record || v.items.size() != 1) return nullptr;
  const Value& m = v.items[0];
  if (m.type != Value::Type::Record || m.fields.empty() || m.fields[0].first != "class") return nullptr;
  return &m;
}

// Memoized with a cycle guard: the class's name is not bound inside its own body, so a
// reference back to it (`A = K.B`, or a class naming itself as a base) is Unknown, and the
// attributes that refer to each other through it stay linear (resolve::CycleMemo).
Value PyEval::class_value(TSNode cls, int depth) {
  return memo_.get(
      MemoKey{ts_node_start_byte(cls), Memo::Class}, Value{}, [&](Value& out) { out = class_record(cls, depth); },
      [](const Value& final_value) { return final_value.type == Value::Type::Unknown; });
}

Value PyEval::class_record(TSNode cls, int depth) {
  Value rec = Value::of_type(Value::Type::Record);
  std::string cname(f_.text(f_.field(cls, f_.fields.name)));
  // No `origin`: a class attribute is a constant (`constant Keys.REDIS`), not a map step.
  rec.origin_file = f_.file.src.rel;
  rec.origin_line = f_.file.line(cls);
  Value meta = Value::of_type(Value::Type::Record);
  meta.origin_file = rec.origin_file;
  meta.origin_line = rec.origin_line;
  meta.fields.emplace_back("class", Value::str(cname));

  std::vector<TSNode> outer = path_to(cls);
  outer.pop_back();
  Value bases = Value::of_type(Value::Type::Array);
  for (TSNode b : code_children(child_by_field(cls, "superclasses"))) {
    if (is_type(b, "keyword_argument")) continue;  // metaclass=...
    std::string_view text = f_.text(b);
    if (ends_with_name(text, "BaseSettings")) bases.items.push_back(Value::str("BaseSettings"));
    else if (ends_with_name(text, "BaseModel")) bases.items.push_back(Value::str("BaseModel"));
    else {
      Value v = eval_at(b, Path(outer), nullptr, depth + 1);
      if (!class_meta(v)) {
        // A class from outside the tree: known by its spelling ("?ABC"), so the MRO merge puts
        // it once where python would, whichever classes of the tree name it.
        bases.items.push_back(Value::str("?" + std::string(text)));
        continue;
      }
      // The base by reference: its record already holds its own bases by reference, so every
      // class record has a constant size whatever the depth of its hierarchy.
      Value ref = Value::of_type(Value::Type::Record);
      ref.origin_file = v.origin_file;
      ref.origin_line = v.origin_line;
      ref.shared = v.shared ? v.shared : std::make_shared<const Value>(std::move(v));
      bases.items.push_back(std::move(ref));
    }
  }
  meta.fields.emplace_back("bases", std::move(bases));

  TSNode body = f_.field(cls, f_.fields.body);
  std::vector<TSNode> path = path_to(body);
  Value config = Value::of_type(Value::Type::Record);
  Value fields = Value::of_type(Value::Type::Record);
  auto set_config = [&](std::string_view k, Value v) {
    if (v.type == Value::Type::Unknown) return;
    config.fields.emplace_back(std::string(k), std::move(v));
  };
  for (TSNode stmt : code_children(body)) {
    std::vector<TSNode> p = path;
    p.push_back(stmt);
    if (is_type(stmt, "class_definition") && f_.text(f_.field(stmt, f_.fields.name)) == "Config") {
      Value c = class_value(stmt, depth + 1);  // v1: class Config: env_prefix = "X"
      for (std::string_view k : {"env_prefix", "case_sensitive", "env_nested_delimiter"}) set_config(k, resolve::member(c, k));
      continue;
    }
    if (!is_type(stmt, "expression_statement")) continue;
    TSNode assign = named_child(stmt, 0);
    if (!is_type(assign, "assignment")) continue;
    TSNode left = f_.field(assign, f_.fields.left);
    TSNode right = unwrap(f_.field(assign, f_.fields.right));
    TSNode type = child_by_field(assign, "type");
    if (!is_type(left, "identifier")) continue;
    std::string name(f_.text(left));
    if (name == "model_config" && !ts_node_is_null(right)) {
      if (is_type(right, "call")) {  // SettingsConfigDict(env_prefix=...) / ConfigDict(...)
        for (std::string_view k : {"env_prefix", "case_sensitive", "env_nested_delimiter"}) {
          TSNode a = keyword_arg(f_, right, k);
          if (!ts_node_is_null(a)) set_config(k, eval_at(a, Path(p), nullptr, depth + 1));
        }
      } else {  // model_config = {"env_prefix": "X"}
        Value v = eval_at(right, Path(p), nullptr, depth + 1);
        for (std::string_view k : {"env_prefix", "case_sensitive", "env_nested_delimiter"}) set_config(k, resolve::member(v, k));
      }
      continue;
    }
    Value v;
    if (!ts_node_is_null(right)) {
      v = eval_at(right, Path(p), nullptr, depth + 1);
      if (v.is_scalar())
        resolve::add_step(v, ViaStep{f_.file.src.rel, f_.file.line(left), "constant " + cname + "." + name}, ReadKind::Constant);
    }
    bool field_call = is_call_of(f_, right, "Field");
    if (!name.empty() && name[0] != '_' && (field_call || !ts_node_is_null(type)) &&
        f_.text(type).find("ClassVar") == std::string_view::npos) {
      Value fld = Value::of_type(Value::Type::Record);
      fld.origin_file = f_.file.src.rel;
      fld.origin_line = f_.file.line(left);
      fld.fields.emplace_back("col", Value::num(std::to_string(f_.file.column(left))));
      TSNode dflt = right;
      bool factory = false;
      Value aliases = Value::of_type(Value::Type::Array);
      if (field_call) {
        dflt = keyword_arg(f_, right, "default");
        if (ts_node_is_null(dflt)) dflt = first_positional_arg(f_, right);
        if (TSNode fac = keyword_arg(f_, right, "default_factory"); !ts_node_is_null(fac)) {
          dflt = fac;
          factory = true;
        }
        for (std::string_view kw : {"validation_alias", "alias", "env"}) {
          TSNode a = keyword_arg(f_, right, kw);
          if (ts_node_is_null(a)) continue;
          Value av = eval_at(a, Path(p), nullptr, depth + 1);
          std::vector<Value> items = av.type == Value::Type::Array ? av.items : std::vector<Value>{av};
          for (const auto& item : items)
            for (const auto& alt : resolve::alternatives(item))
              if (alt.type == Value::Type::Str) aliases.items.push_back(alt);
          break;
        }
      }
      fld.fields.emplace_back("aliases", std::move(aliases));
      std::optional<DefaultValue> d;
      if (factory) d = computed_default(std::string(f_.text(dflt)));
      else if (!ts_node_is_null(dflt) && !is_type(unwrap(dflt), "ellipsis") && !is_type(unwrap(dflt), "none")) {
        Value dv = same(dflt, right) ? v : eval_at(dflt, Path(p), nullptr, depth + 1);
        if (dv.type != Value::Type::Null) {
          d = default_from_value(dv, f_.text(dflt));
          if (auto lit = default_of(f_, dflt); lit && (!d || lit->comparable)) d = lit;
        }
      }
      if (d) fld.fields.emplace_back("default", default_record(*d));
      if (TSNode tn = annotation_class(f_, type); !ts_node_is_null(tn)) {
        Value tv = eval_at(tn, Path(p), nullptr, depth + 1);
        if (class_meta(tv)) fld.fields.emplace_back("nested", std::move(tv));
      }
      fields.fields.emplace_back(name, std::move(fld));
    }
    if (!ts_node_is_null(right)) rec.fields.emplace_back(name, std::move(v));
  }
  meta.fields.emplace_back("config", std::move(config));
  meta.fields.emplace_back("fields", std::move(fields));
  rec.items.push_back(std::move(meta));
  return rec;
}

}  // namespace envdrift::py
