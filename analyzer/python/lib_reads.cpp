// Reads through configuration libraries: the interpreter of the table in libraries.cpp.
//
// The receiver of a form (`env` in `env.str("X")`, `config` in `config("X")`, `settings` in
// `settings.X`) is evaluated like any name (same module, imported from another module of the
// tree, a local alias); only a library object (evaluate.cpp builds them from the library's
// classes) selects a row. The row says which argument is the name and which the default; the
// object carries its prefix (`Dynaconf(envvar_prefix="APP")`, `Env(prefix="P_")`) and
// django-environ's scheme defaults; `with env.prefixed("P_"):` adds to the prefix in its block.
#include <cctype>

#include "analyzer/core/normalize.h"
#include "analyzer/python/libraries.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace {

TSNode lib_argument(const PyFile& f, TSNode args, const LibArg& a) {
  return call_argument(f, args, a.pos, std::string(a.kw));
}

Value default_record(const std::optional<DefaultValue>& d) {
  Value rec = Value::of_type(Value::Type::Record);
  rec.fields.emplace_back("raw", Value::str(d->raw));
  rec.fields.emplace_back("value", Value::str(d->value));
  rec.fields.emplace_back("comparable", Value::boolean(d->comparable));
  return rec;
}

std::optional<DefaultValue> record_default(const Value& rec) {
  if (rec.type != Value::Type::Record) return std::nullopt;
  DefaultValue d;
  for (const auto& [k, v] : rec.fields) {
    if (k == "raw") d.raw = v.text;
    else if (k == "value") d.value = v.text;
    else if (k == "comparable") d.comparable = v.text == "true";
  }
  return d;
}

}  // namespace

// `environ.Env(DEBUG=(bool, False))`, `Dynaconf(envvar_prefix="APP")`, `Env(prefix="P_")`: the
// object, with "prefix" (the whole prefix, joiner included; "prefix?" when it cannot be worked
// out) and "scheme" (a record NAME -> default) options, and where it was made.
Value PyEval::library_object(std::string_view type, TSNode args, Path ctx, const Bindings* b, int depth) {
  Value obj = Value::of_type(Value::Type::Param);
  obj.text = std::string(kLibObject) + std::string(type);
  obj.origin_file = f_.file.src.rel;
  obj.origin_line = f_.file.line(args);
  const LibraryType* lt = library_type(type);
  if (lt == nullptr) return obj;
  std::string prefix(lt->default_prefix);
  bool known = true;
  TSNode parg = lib_argument(f_, args, lt->prefix);
  if (!ts_node_is_null(parg)) {
    Value p = eval_at(parg, ctx, b, depth + 1);
    if (p.type == Value::Type::Str) prefix = p.text;
    else if (p.type == Value::Type::Bool || p.type == Value::Type::Null) prefix.clear();  // `envvar_prefix=False`
    else known = false;
  }
  if (!prefix.empty()) prefix += lt->prefix_joiner;
  obj.fields.emplace_back(known ? "prefix" : "prefix?", Value::str(prefix));
  if (lt->scheme_kwargs) {
    // `NAME=(cast, default)` gives NAME a default; `NAME=cast` only a cast.
    Value scheme = Value::of_type(Value::Type::Record);
    for (TSNode a : code_children(args)) {
      if (!is_type(a, "keyword_argument")) continue;
      TSNode v = unwrap(f_.field(a, f_.fields.value));
      if (!is_type(v, "tuple")) continue;
      auto items = code_children(v);
      if (items.size() != 2 || is_type(unwrap(items[1]), "none")) continue;
      std::optional<DefaultValue> d = default_of(f_, items[1]);
      Value dv = eval_at(items[1], ctx, b, depth + 1);
      if (auto resolved = default_from_value(dv, f_.text(items[1])); resolved && !(d && d->comparable)) d = resolved;
      if (d) scheme.fields.emplace_back(std::string(f_.text(f_.field(a, f_.fields.name))), default_record(d));
    }
    obj.fields.emplace_back("scheme", std::move(scheme));
  }
  return obj;
}

// Is `n` (a receiver or callee) headed by a name that may hold a library value: imported or
// assigned in this file (any name when the module star-imports)? Everything else (`self.x`,
// `request.GET`) is not evaluated.
bool PyReads::library_candidate(TSNode n) {
  if (!lib_names_built_) {
    lib_names_built_ = true;
    walk_preorder(f_.file.root, [&](TSNode x) {
      std::string_view t = node_type(x);
      if (t == "import_from_statement" || t == "import_statement") {
        for (TSNode item : code_children(x)) {
          if (is_type(item, "wildcard_import")) lib_any_name_ = true;  // `from settings import *` may bind `env`
          if (is_type(item, "aliased_import")) lib_names_.emplace(f_.text(f_.field(item, f_.fields.alias)));
          else if (is_type(item, "dotted_name")) lib_names_.emplace(f_.text(named_child(item, 0)));
        }
        return false;
      }
      if (t == "assignment" || t == "as_pattern_target") {
        TSNode left = t == "assignment" ? f_.field(x, f_.fields.left) : named_child(x, 0);
        if (is_type(left, "identifier")) lib_names_.emplace(f_.text(left));
      }
      return true;
    });
  }
  for (size_t steps = 0; steps < kMaxClimb; ++steps) {
    n = unwrap(n);
    if (is_type(n, "attribute")) n = f_.field(n, f_.fields.object);
    else if (is_type(n, "call")) n = f_.field(n, f_.fields.function);
    else break;
  }
  return is_type(n, "identifier") && (lib_any_name_ || lib_names_.count(std::string(f_.text(n))) != 0);
}

// The prefix `with R.prefixed("P_"):` blocks around path.back() add to receiver R's reads
// (outermost first, as environs joins them).
std::string PyReads::context_prefix(std::string_view type, TSNode receiver, Path path) {
  std::string out;
  std::string_view rtext = f_.text(receiver);
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (!is_type(path[i], "with_statement")) continue;
    walk_preorder(path[i], [&](TSNode x) {
      if (is_type(x, "block")) return false;
      if (!is_type(x, "with_item")) return true;
      TSNode v = unwrap(f_.field(x, f_.fields.value));
      std::string_view alias;
      if (is_type(v, "as_pattern")) {
        alias = f_.text(named_child(named_child(v, 1), 0));
        v = unwrap(named_child(v, 0));
      }
      if (!is_type(v, "call")) return false;
      TSNode fn = unwrap(f_.field(v, f_.fields.function));
      if (!is_type(fn, "attribute")) return false;
      TSNode obj = unwrap(f_.field(fn, f_.fields.object));
      const LibraryForm* form = library_form(type, LibShape::Prefixed, f_.text(f_.field(fn, f_.fields.attribute)));
      if (form == nullptr || (f_.text(obj) != rtext && alias != rtext)) return false;
      Value p = eval_.eval(lib_argument(f_, f_.field(v, f_.fields.arguments), form->name), path.subspan(0, i + 1));
      if (p.type == Value::Type::Str) out += p.text;
      return false;
    });
  }
  return out;
}

// The read site of a library form at path.back(), or nullopt. Forms that read nothing
// (`read_env`, a constructor) mark their line handled.
std::optional<ReadSite> PyReads::library_site(TSNode n, Path path) {
  std::string_view t = node_type(n);
  TSNode recv_node{};
  LibShape shape = LibShape::Call;
  std::string method;
  if (t == "call") {
    TSNode fn = unwrap(f_.field(n, f_.fields.function));
    if (!library_candidate(fn)) return std::nullopt;
    if (is_type(fn, "attribute")) {
      TSNode obj = unwrap(f_.field(fn, f_.fields.object));
      Value recv = eval_.eval(obj, path);
      std::string_view type = library_value_type(recv, kLibObject);
      std::string_view cls = library_value_type(recv, kLibClass);
      std::string_view m = f_.text(f_.field(fn, f_.fields.attribute));
      if (!type.empty() || !cls.empty()) {
        const LibraryForm* form = library_form(type.empty() ? cls : type, LibShape::Call, m);
        if (form == nullptr || !form->read || type.empty()) {
          if ((form && !form->read) || library_form(type.empty() ? cls : type, LibShape::Prefixed, m))
            out_.handled_lines.push_back(f_.file.line(n));  // `Env.read_env()`, `env.prefixed("P_")`
          return std::nullopt;
        }
        return library_call_site(*form, recv, obj, n, path);
      }
    }
    Value callee = eval_.eval(fn, path);
    if (std::string_view type = library_value_type(callee, kLibObject); !type.empty()) {
      const LibraryForm* form = library_form(type, LibShape::Call, "");
      if (form == nullptr) return std::nullopt;
      return library_call_site(*form, callee, fn, n, path);  // `env("X")`, `config("X", default=1)`
    }
    if (std::string_view cls = library_value_type(callee, kLibClass); !cls.empty()) {
      if (const LibraryForm* form = library_form(cls, LibShape::Option, "")) return option_site(*form, cls, n, path);
      out_.handled_lines.push_back(f_.file.line(n));  // `environ.Env(...)`: a constructor, no read
    }
    return std::nullopt;
  }
  if (t == "attribute") {
    shape = LibShape::Attribute;
    recv_node = unwrap(f_.field(n, f_.fields.object));
    method = f_.text(f_.field(n, f_.fields.attribute));
    if (method.empty() || method[0] == '_') return std::nullopt;
    if (path.size() >= 2) {
      TSNode parent = path[path.size() - 2];
      if (is_type(parent, "call") && same(f_.field(parent, f_.fields.function), n)) return std::nullopt;
      if (is_type(parent, "assignment") && same(f_.field(parent, f_.fields.left), n)) return std::nullopt;
    }
  } else if (t == "subscript") {
    shape = LibShape::Subscript;
    recv_node = unwrap(f_.field(n, f_.fields.value));
    if (is_assignment_target(path)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!library_candidate(recv_node)) return std::nullopt;
  Value recv = eval_.eval(recv_node, path);
  std::string_view type = library_value_type(recv, kLibObject);
  if (type.empty()) return std::nullopt;
  const LibraryForm* form = library_form(type, shape, "");
  if (form == nullptr) return std::nullopt;
  if (shape == LibShape::Attribute &&
      (library_has_method(type, method) ||
       (method.size() > 13 && method.compare(method.size() - 13, 13, "_FOR_DYNACONF") == 0)))
    return std::nullopt;  // a method of the object / its own configuration, not a key
  ReadSite s{n, shape == LibShape::Subscript ? f_.field(n, f_.fields.subscript) : n};
  if (shape == LibShape::Attribute) s.literal_name = method;
  fill_library(s, *form, type, recv, recv_node, path);
  return s;
}

void PyReads::fill_library(ReadSite& s, const LibraryForm& form, std::string_view type, const Value& recv, TSNode recv_node,
                           Path path) {
  s.library = std::string(type);
  s.kind = form.kind;
  s.library_file = recv.origin_file;
  s.library_line = recv.origin_line;
  if (const LibraryType* lt = library_type(type)) s.upper = lt->upper;
  if (const Value* p = library_option(recv, "prefix")) s.prefix = p->text;
  else if (library_option(recv, "prefix?")) s.prefix_unknown = true;
  s.prefix += context_prefix(type, recv_node, path);
}

std::optional<ReadSite> PyReads::library_call_site(const LibraryForm& form, const Value& recv, TSNode recv_node, TSNode call,
                                                    Path path) {
  TSNode args = f_.field(call, f_.fields.arguments);
  std::string_view type = library_value_type(recv, kLibObject);
  ReadSite s{call, lib_argument(f_, args, form.name)};
  s.fallback = lib_argument(f_, args, form.fallback);
  if (ts_node_is_null(s.name)) {
    if (form.fixed_name.empty()) return std::nullopt;
    s.name = call;
    s.literal_name = std::string(form.fixed_name);  // `env.db()` reads DATABASE_URL
  }
  fill_library(s, form, type, recv, recv_node, path);
  if (ts_node_is_null(s.fallback)) {
    // django-environ: `Env(DEBUG=(bool, False))` is DEBUG's default wherever it is read.
    if (const Value* scheme = library_option(recv, "scheme")) {
      Value name = s.literal_name ? Value::str(*s.literal_name) : eval_.eval(s.name, path);
      if (name.type == Value::Type::Str)
        if (const Value* d = library_option(*scheme, s.prefix + name.text)) s.helper_default = record_default(*d);
    }
  }
  return s;
}

// `@click.option("--port", envvar="PORT", default=8080)`, `typer.Option(8080, envvar=["A", "B"])`,
// `port: Annotated[int, typer.Option(envvar="PORT")] = 8080` (the parameter's default).
std::optional<ReadSite> PyReads::option_site(const LibraryForm& form, std::string_view type, TSNode call, Path path) {
  TSNode args = f_.field(call, f_.fields.arguments);
  ReadSite s{call, lib_argument(f_, args, form.name)};
  if (ts_node_is_null(s.name)) {
    std::optional<std::string> automatic;
    if (!form.auto_prefix.empty()) automatic = auto_option_name(form, call, path);
    if (!automatic) {
      out_.handled_lines.push_back(f_.file.line(call));  // an option without an env var
      return std::nullopt;
    }
    s.name = call;
    s.literal_name = std::move(automatic);
  }
  s.fallback = lib_argument(f_, args, form.fallback);
  if (!ts_node_is_null(s.fallback) && is_type(unwrap(s.fallback), "ellipsis")) s.fallback = TSNode{};  // required
  if (ts_node_is_null(s.fallback)) {
    for (size_t i = path.size() - 1, steps = 0; i > 0 && steps < 8; --i, ++steps) {
      TSNode p = path[i - 1];
      if (is_type(p, "typed_default_parameter")) {
        TSNode v = f_.field(p, f_.fields.value);
        if (!is_type(unwrap(v), "ellipsis") && !same(unwrap(v), call)) s.fallback = v;
        break;
      }
      if (is_type(p, "parameters") || is_type(p, "block")) break;
    }
  }
  s.takes_or_default = false;
  s.library = std::string(type);
  s.kind = form.kind;
  s.library_file = f_.file.src.rel;
  s.library_line = f_.file.line(call);
  return s;
}

// `env = environ.Env()` at module level: other modules that import `env` read through it, so
// the driver parses them even when they mention no env API (FileResult::read_symbols).
void PyReads::library_export_symbol(TSNode assignment, Path path) {
  TSNode left = f_.field(assignment, f_.fields.left), right = unwrap(f_.field(assignment, f_.fields.right));
  if (!is_type(left, "identifier") || !is_type(right, "call") || !library_candidate(right)) return;
  if (!library_value_type(eval_.eval(right, path), kLibObject).empty()) out_.read_symbols.emplace_back(f_.text(left));
}

// `"X" in env` where env is a library object with a Contains form (django-environ).
bool PyReads::library_contains(TSNode receiver, Path path) {
  receiver = unwrap(receiver);
  if (!library_candidate(receiver)) return false;
  Value recv = eval_.eval(receiver, path);
  std::string_view type = library_value_type(recv, kLibObject);
  return !type.empty() && library_form(type, LibShape::Contains, "") != nullptr;
}

void PyReads::library_membership(ReadSite& s, TSNode receiver, Path path) {
  receiver = unwrap(receiver);
  Value recv = eval_.eval(receiver, path);
  std::string_view type = library_value_type(recv, kLibObject);
  if (const LibraryForm* form = library_form(type, LibShape::Contains, "")) fill_library(s, *form, type, recv, receiver, path);
}

// The name click gives an option without `envvar=` of a command invoked with an automatic prefix
// (`cli(auto_envvar_prefix="APP")`, `cli.main(auto_envvar_prefix=...)`, or the command
// decorator's `context_settings`): PREFIX_PARAM, upper-cased. Only a top-level command's own
// options (a subcommand's would also carry the command's name).
std::optional<std::string> PyReads::auto_option_name(const LibraryForm& form, TSNode call, Path path) {
  if (path.size() < 3 || !is_type(path[path.size() - 2], "decorator")) return std::nullopt;
  TSNode decorated = path[path.size() - 3];
  if (!is_type(decorated, "decorated_definition")) return std::nullopt;
  TSNode def = child_by_field(decorated, "definition");
  if (!is_type(def, "function_definition")) return std::nullopt;
  std::string fn(f_.text(f_.field(def, f_.fields.name)));
  std::string kw(form.auto_prefix);
  std::optional<std::string> prefix;
  auto from_value = [&](TSNode v, Path at) {
    Value p = eval_.eval(v, at);
    if (p.type == Value::Type::Str && !p.text.empty()) prefix = p.text;
  };
  // `@click.command(context_settings={"auto_envvar_prefix": "APP"})` / `dict(auto_envvar_prefix="APP")`.
  for (TSNode dec : code_children(decorated)) {
    if (!is_type(dec, "decorator") || prefix) continue;
    TSNode c = unwrap(named_child(dec, 0));
    if (!is_type(c, "call")) continue;
    TSNode settings = call_argument(f_, f_.field(c, f_.fields.arguments), -1, "context_settings");
    if (ts_node_is_null(settings)) continue;
    std::vector<TSNode> p = eval_.path_to(settings);
    Value rec = eval_.eval(settings, Path(p));
    if (rec.type == Value::Type::Record)
      for (const auto& [k, v] : rec.fields)
        if (k == kw && v.type == Value::Type::Str && !v.text.empty()) prefix = v.text;
    if (!prefix && is_type(unwrap(settings), "call")) {
      TSNode inner = call_argument(f_, f_.field(unwrap(settings), f_.fields.arguments), -1, kw);
      if (!ts_node_is_null(inner)) from_value(inner, Path(p));
    }
  }
  // `cli(auto_envvar_prefix="APP")` / `cli.main(auto_envvar_prefix="APP")` anywhere in the module
  // (one walk per command, memoized: a command has many options).
  if (!prefix) {
    if (auto it = auto_prefix_memo_.find(fn); it != auto_prefix_memo_.end()) {
      prefix = it->second;
    } else {
    walk_with_path(f_.file.root, [&](Path p) {
      TSNode n = p.back();
      if (prefix) return false;
      if (!is_type(n, "call")) return true;
      TSNode callee = unwrap(f_.field(n, f_.fields.function));
      if (is_type(callee, "attribute") && f_.text(f_.field(callee, f_.fields.attribute)) == "main")
        callee = unwrap(f_.field(callee, f_.fields.object));
      if (!is_type(callee, "identifier") || f_.text(callee) != fn) return true;
      TSNode v = call_argument(f_, f_.field(n, f_.fields.arguments), -1, kw);
      if (!ts_node_is_null(v)) from_value(v, p);
      return true;
    });
      auto_prefix_memo_.emplace(fn, prefix);
    }
  }
  if (!prefix) return std::nullopt;
  // The parameter name: the first decl without dashes, else the first `--long`, else the first `-s`.
  std::string name, long_name, short_name;
  for (TSNode a : code_children(f_.field(call, f_.fields.arguments))) {
    if (is_type(a, "keyword_argument")) continue;
    auto s = string_literal(f_, a);
    if (!s) continue;
    std::string d = s->substr(0, s->find('/'));  // `--shout/--no-shout`
    if (d.rfind("--", 0) == 0) {
      if (long_name.empty()) long_name = d.substr(2);
    } else if (d.rfind("-", 0) == 0) {
      if (short_name.empty()) short_name = d.substr(1);
    } else if (name.empty()) {
      name = d;
    }
  }
  if (name.empty()) name = !long_name.empty() ? long_name : short_name;
  if (name.empty()) return std::nullopt;
  for (char& c : name)
    if (c == '-') c = '_';
  return to_upper(*prefix + "_" + name);
}

}  // namespace envdrift::py
