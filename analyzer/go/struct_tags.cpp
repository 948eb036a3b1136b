// Struct-tag reads: fields of configuration structs that a library fills from the environment.
//
// Patterns (each has a fixture of the same name under fixtures/patterns/go/):
// - tags_caarlos0_env:  `env:"PORT" envDefault:"8080"` reads PORT (options after a comma are
//                       stripped: `env:"KEY,required,file"`); a nested struct field with
//                       `envPrefix:"DB_"` prefixes its fields; `env.ParseWithOptions(&c,
//                       env.Options{Prefix: "APP_"})` prefixes the whole struct. A field with an
//                       `env` tag is a read wherever Parse is called.
// - tags_envconfig:     in a struct with an `envconfig` / `split_words` tag or one passed to
//                       `envconfig.Process("myapp", &c)`, every exported field is a read:
//                       `MYAPP_` + (the tag, else the field name, split into words with
//                       `split_words:"true"`) upper-cased; with an `envconfig` tag the unprefixed
//                       tag is read too (envconfig's fallback); `default:"d"` is the default;
//                       `ignored:"true"` skips the field; nested structs prefix with the field's key.
// - tags_envconfig_anonymous / _no_prefix: `var spec struct{…}` passed to Process; a struct
//                       processed on its own and nested elsewhere gets both prefixes; embedded
//                       structs add no prefix.
// - tags_go_arg:        `arg:"--addr,env:APP_ADDR"` (items in any order) reads APP_ADDR, `arg:"env"`
//                       reads the field name upper-cased; `default:"d"` is the default.
// - tags_sethvargo_envconfig: `env:"PORT, default=8080"` (the default runs to the tag's end) and
//                       `env:",prefix=DB_"` on a nested struct, read like caarlos0/env tags.
// Structs are the ones declared in the file (nested types too); all reads are kind `tag`.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analyzer/core/normalize.h"
#include "analyzer/go/libraries.h"
#include "analyzer/go/values.h"

namespace envdrift::go {
namespace {

constexpr int kMaxDepth = 16;  // nesting of struct types followed (cycles stop here too)

// reflect.StructTag.Lookup: the value of `key` in a conventional `k:"v" k2:"v2"` tag.
std::optional<std::string> tag_lookup(std::string_view tag, std::string_view key) {
  while (!tag.empty()) {
    size_t i = 0;
    while (i < tag.size() && tag[i] == ' ') ++i;
    tag.remove_prefix(i);
    if (tag.empty()) break;
    i = 0;
    while (i < tag.size() && static_cast<unsigned char>(tag[i]) > ' ' && tag[i] != ':' && tag[i] != '"' &&
           tag[i] != 0x7f)
      ++i;
    if (i == 0 || i + 1 >= tag.size() || tag[i] != ':' || tag[i + 1] != '"') break;
    std::string_view name = tag.substr(0, i);
    tag.remove_prefix(i + 1);
    i = 1;
    while (i < tag.size() && tag[i] != '"') {
      if (tag[i] == '\\') ++i;
      ++i;
    }
    if (i >= tag.size()) break;
    std::string_view quoted = tag.substr(0, i + 1);
    tag.remove_prefix(i + 1);
    if (name == key) {
      std::string out;
      if (!unquote_literal(quoted, out)) return std::nullopt;
      return out;
    }
  }
  return std::nullopt;
}

bool tag_true(const std::string& tag, std::string_view key) {
  auto v = tag_lookup(tag, key);
  return v && (*v == "true" || *v == "1" || *v == "t" || *v == "T" || *v == "TRUE" || *v == "True");
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    out.emplace_back(trim(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// envconfig's split_words: the words of gatherRegexp `([^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+)`, each
// leading acronym split off by acronymRegexp `([A-Z]+)([A-Z][^A-Z]+)`, joined with `_`.
std::string split_words(std::string_view name) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = i;
    if (!is_upper(name[i])) {
      while (j < name.size() && !is_upper(name[j])) ++j;
      words.emplace_back(name.substr(i, j - i));
    } else {
      while (j < name.size() && is_upper(name[j])) ++j;
      size_t uppers = j - i;
      size_t k = j;
      while (k < name.size() && !is_upper(name[k])) ++k;
      if (k > j && uppers >= 2) {  // "HTTPConns" -> "HTTP", "Conns"
        words.emplace_back(name.substr(i, uppers - 1));
        words.emplace_back(name.substr(j - 1, k - j + 1));
      } else {
        words.emplace_back(name.substr(i, k - i));
      }
      j = k;
    }
    i = j;
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "_") + w;
  return out;
}

struct Field {
  TSNode at;             // the field's name (the type of an embedded field)
  std::string name;      // the field's name (an embedded field: its type's name)
  bool embedded = false;
  TSNode type;           // the field's type, pointers removed
  std::string tag;       // the decoded tag, "" when none
};

bool exported(const std::string& name) { return !name.empty() && is_upper(name[0]); }

// A prefix the library puts in front of a struct's names. When part of it is not known
// (`envconfig.Process(name, &c)`), the read is dynamic: `head` is the known text before the
// unknown part, `tail` the known text after it.
struct Prefix {
  bool dynamic = false;
  std::string head, tail;
  TSNode expr{};                // the unknown expression (dynamic only)
  std::vector<ViaStep> steps;   // how the prefix came about
};

class StructTags {
 public:
  StructTags(const GoFile& f, const GoExprEval& eval, FileResult& out) : f_(f), eval_(eval), out_(out) {}

  void run() {
    collect_structs();
    if (structs_.empty() && anonymous_.empty()) return;
    collect_roots();
    env_calls();
    envconfig_calls();
    std::vector<std::pair<std::string, TSNode>> all(structs_.begin(), structs_.end());
    all.insert(all.end(), anonymous_.begin(), anonymous_.end());
    for (size_t i = 0; i < all.size(); ++i) {
      const auto& [name, node] = all[i];
      for (const Field& fld : fields(node)) go_arg(name, fld);
      // A struct given to Parse / Process with a prefix is a root even when another nests it.
      bool root = i >= structs_.size() || roots_.count(name);
      if (auto it = env_prefixes_.find(name); it != env_prefixes_.end()) {
        for (const auto& p : it->second) caarlos0(name, node, p, 0);
      } else if (root) {
        caarlos0(name, node, Prefix{}, 0);
      }
      if (auto it = envconfig_prefixes_.find(name); it != envconfig_prefixes_.end()) {
        for (const auto& p : it->second) envconfig(name, node, p, 0);
      } else if (root && envconfig_struct(name, node, 0)) {
        if (any_prefixes_.empty()) envconfig(name, node, Prefix{}, 0);
        for (const auto& p : any_prefixes_) envconfig(name, node, p, 0);
      }
    }
    for (auto& r : reads_) out_.reads.push_back(std::move(r.second));
  }

 private:
  // Every named struct type of the file.
  void collect_structs() {
    walk_preorder(f_.file.root, [&](TSNode n) {
      if (is_type(n, "type_spec")) {
        TSNode type = child_by_field(n, "type");
        if (is_type(type, "struct_type")) structs_.emplace(std::string(f_.text(child_by_field(n, "name"))), type);
      } else if (is_type(n, "var_spec")) {  // `var args struct{…}`: a root of its own
        TSNode type = child_by_field(n, "type");
        TSNode name = child_by_field(n, "name");
        if (is_type(type, "struct_type") && !ts_node_is_null(name)) anonymous_.emplace_back(std::string(f_.text(name)), type);
      }
      return true;
    });
  }

  // The fields of a struct type, computed once per struct.
  const std::vector<Field>& fields(TSNode struct_type) const {
    auto key = ts_node_start_byte(struct_type);
    auto it = fields_.find(key);
    if (it != fields_.end()) return it->second;
    std::vector<Field>& out = fields_[key];
    TSNode list{};
    for (TSNode k : code_children(struct_type))
      if (is_type(k, "field_declaration_list")) list = k;
    for (TSNode decl : named_children(list)) {
      if (!is_type(decl, "field_declaration")) continue;
      TSNode type = child_by_field(decl, "type");
      while (is_type(type, "pointer_type")) type = named_child(type, 0);
      std::string tag;
      if (auto t = string_literal(f_, child_by_field(decl, "tag"))) tag = std::move(*t);
      bool named = false;
      for (TSNode k : code_children(decl)) {
        if (!is_type(k, "field_identifier")) continue;
        named = true;
        out.push_back(Field{k, std::string(f_.text(k)), false, type, tag});
      }
      if (!named && !ts_node_is_null(type)) {
        TSNode tn = is_type(type, "qualified_type") ? child_by_field(type, "name")
                    : is_type(type, "generic_type") ? child_by_field(type, "type")
                                                    : type;
        out.push_back(Field{type, std::string(f_.text(tn)), true, type, tag});
      }
    }
    return out;
  }

  // The struct a field's type is: an inline `struct {…}` or a struct type of this file.
  std::optional<std::pair<std::string, TSNode>> nested(const std::string& owner, const Field& fld) const {
    TSNode type = fld.type;
    if (is_type(type, "struct_type")) return std::make_pair(owner + "." + fld.name, type);
    if (is_type(type, "generic_type")) type = child_by_field(type, "type");
    if (!is_type(type, "type_identifier")) return std::nullopt;
    auto it = structs_.find(std::string(f_.text(type)));
    if (it == structs_.end()) return std::nullopt;
    return *it;
  }

  // Roots: structs that no exported field of another struct of the file nests. The others are
  // reached through their parents, with the parents' prefixes.
  void collect_roots() {
    std::set<std::string> nested_types;
    std::vector<std::pair<std::string, TSNode>> all(structs_.begin(), structs_.end());
    all.insert(all.end(), anonymous_.begin(), anonymous_.end());
    for (const auto& [name, node] : all)
      for (const Field& fld : fields(node))
        if (exported(fld.name))
          if (auto n = nested(name, fld); n && n->first != name) nested_types.insert(n->first);
    for (const auto& [name, node] : structs_)
      if (!nested_types.count(name)) roots_.insert(name);
  }

  // The struct an argument like `&c` means: its named type, or the variable of a `var c struct{…}`.
  std::string struct_of(TSNode arg) const {
    std::string type = struct_type_of(f_, arg);
    if (!type.empty()) return structs_.count(type) ? type : std::string();
    TSNode x = unwrap(arg);
    if (is_type(x, "unary_expression") && f_.op(x) == "&") x = unwrap(f_.field(x, f_.fields.operand));
    if (!is_type(x, "identifier")) return {};
    for (const auto& [name, node] : anonymous_)
      if (name == f_.text(x)) return name;
    return {};
  }

  Prefix prefix_of(TSNode expr, TSNode call, std::string label, bool upper) const {
    Prefix p;
    NameParts np = eval_.name(expr);
    label += np.complete ? np.text : std::string(f_.text(expr));
    if (np.complete) {
      p.head = upper ? to_upper(np.text) : np.text;
    } else {
      p.dynamic = true;
      p.head = upper ? to_upper(np.prefix) : np.prefix;
      p.tail = upper ? to_upper(np.suffix) : np.suffix;
      p.expr = expr;
    }
    p.steps.push_back(ViaStep{f_.file.src.rel, f_.file.line(call), std::move(label)});
    return p;
  }

  // `env.ParseWithOptions(&c, env.Options{Prefix: "APP_"})` (and ParseAsWithOptions).
  void env_calls() {
    auto env = import_names(f_, "caarlos0/env", "env");
    if (env.empty()) return;
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view fn = qualified_call(f_, n, env);
      if (fn != "ParseWithOptions" && fn != "ParseAsWithOptions") return true;
      auto args = call_args(f_, n);
      if (args.empty()) return true;
      TSNode opts = unwrap(args.back());
      std::string type;
      if (fn == "ParseWithOptions" && args.size() == 2) {
        type = struct_of(args[0]);
      } else {  // ParseAsWithOptions[Config](opts): the type argument
        TSNode callee = f_.field(n, f_.fields.function);
        TSNode targs = child_by_field(n, "type_arguments");
        if (ts_node_is_null(targs) && is_type(callee, "generic_type")) targs = child_by_field(callee, "type_arguments");
        for (TSNode t : code_children(targs)) type = std::string(f_.text(is_type(t, "type_elem") ? named_child(t, 0) : t));
      }
      if (type.empty() || !is_type(opts, "composite_literal")) return true;
      for (TSNode el : code_children(child_by_field(opts, "body"))) {
        if (!is_type(el, "keyed_element")) continue;
        auto kv = code_children(el);
        if (kv.size() != 2 || f_.text(kv[0]) != "Prefix") continue;
        TSNode value = is_type(kv[1], "literal_element") ? named_child(kv[1], 0) : kv[1];
        Prefix p = prefix_of(value, n, "env.Options Prefix ", false);
        env_prefixes_[type].push_back(std::move(p));
      }
      return true;
    });
  }

  // `envconfig.Process("myapp", &c)` / MustProcess: the prefix of c's struct (of every
  // envconfig struct when c's type is not known).
  void envconfig_calls() {
    auto ec = import_names(f_, "kelseyhightower/envconfig", "envconfig");
    if (ec.empty()) return;
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view fn = qualified_call(f_, n, ec);
      if (fn != "Process" && fn != "MustProcess" && fn != "CheckDisallowed") return true;
      auto args = call_args(f_, n);
      if (args.size() != 2) return true;
      Prefix p = prefix_of(args[0], n, "envconfig.Process prefix ", true);
      std::string type = struct_of(args[1]);
      if (!type.empty()) {
        processed_.insert(type);
        envconfig_prefixes_[type].push_back(std::move(p));
      } else {
        any_prefixes_.push_back(std::move(p));
      }
      return true;
    });
  }

  void add(EnvRead r) {
    auto key = std::make_tuple(r.line, r.column, r.name, r.dynamic_suffix);
    reads_.emplace(key, std::move(r));
  }

  // A read of `prefix + key` at `fld`, with the prefix's steps after `step`.
  void emit(const Field& fld, const Prefix& prefix, const std::string& key, ViaStep step,
            std::optional<DefaultValue> dflt) {
    EnvRead r = prefix.dynamic ? f_.file.make_dynamic(fld.at, prefix.expr, prefix.head, prefix.tail + key)
                               : f_.file.make_read(fld.at, prefix.head + key, ReadKind::Tag);
    r.via.push_back(std::move(step));
    r.via.insert(r.via.end(), prefix.steps.rbegin(), prefix.steps.rend());
    r.default_value = std::move(dflt);
    add(std::move(r));
  }

  static DefaultValue tag_default(const std::string& v) { return DefaultValue{v, normalize_code_value(v), true}; }

  ViaStep step(const Field& fld, std::string label) const {
    return ViaStep{f_.file.src.rel, f_.file.line(fld.at), std::move(label)};
  }

  // caarlos0/env: `env:"NAME,opts"`, `envDefault`, nested structs with `envPrefix`.
  void caarlos0(const std::string& owner, TSNode node, const Prefix& prefix, int depth) {
    if (depth > kMaxDepth) return;
    for (const Field& fld : fields(node)) {
      if (!exported(fld.name)) continue;
      if (auto n = nested(owner, fld)) {
        Prefix inner = prefix;
        auto ep = tag_lookup(fld.tag, "envPrefix");
        if (!ep)  // sethvargo/go-envconfig: `env:",prefix=DB_"`
          if (auto env = tag_lookup(fld.tag, "env"))
            for (const auto& opt : split_commas(*env))
              if (starts_with(opt, "prefix=")) ep = opt.substr(7);
        if (ep) {
          if (inner.dynamic) inner.tail += *ep;
          else inner.head += *ep;
          inner.steps.push_back(step(fld, "envPrefix " + *ep + " " + owner + "." + fld.name));
        }
        caarlos0(n->first, n->second, inner, depth + 1);
        continue;
      }
      auto env = tag_lookup(fld.tag, "env");
      if (!env) continue;
      auto opts = split_commas(*env);  // `env:"KEY,required,file"`: options stripped
      const std::string& name = opts[0];
      if (name.empty()) continue;
      std::optional<DefaultValue> dflt;
      if (auto d = tag_lookup(fld.tag, "envDefault")) dflt = tag_default(*d);
      // sethvargo/go-envconfig: `env:"PORT, default=8080"`; the default runs to the tag's end.
      if (size_t at = env->find(",");
          at != std::string::npos && (at = env->find("default=", at)) != std::string::npos)
        if (trim(std::string_view(*env).substr(0, at)).back() == ',') dflt = tag_default(env->substr(at + 8));
      emit(fld, prefix, name, step(fld, "tag env " + owner + "." + fld.name), dflt);
    }
  }

  // Does a struct (or one it nests) carry envconfig's own tags, or was it passed to Process?
  bool envconfig_struct(const std::string& name, TSNode node, int depth) const {
    if (depth > kMaxDepth) return false;
    if (processed_.count(name)) return true;
    for (const Field& fld : fields(node)) {
      if (tag_lookup(fld.tag, "envconfig") || tag_lookup(fld.tag, "split_words")) return true;
      if (auto n = nested(name, fld); n && exported(fld.name) && envconfig_struct(n->first, n->second, depth + 1))
        return true;
    }
    return false;
  }

  // kelseyhightower/envconfig's gatherInfo: every exported field not `ignored`.
  void envconfig(const std::string& owner, TSNode node, const Prefix& prefix, int depth) {
    if (depth > kMaxDepth) return;
    for (const Field& fld : fields(node)) {
      if (!exported(fld.name) || tag_true(fld.tag, "ignored")) continue;
      std::string alt = to_upper(tag_lookup(fld.tag, "envconfig").value_or(""));
      std::string key = fld.name;
      if (tag_true(fld.tag, "split_words")) key = split_words(key);
      if (!alt.empty()) key = alt;
      bool prefixed = prefix.dynamic || !prefix.head.empty();
      std::string full = to_upper(prefixed ? "_" + key : key);
      if (auto n = nested(owner, fld)) {
        Prefix inner = prefix;
        if (!fld.embedded) {
          if (inner.dynamic) inner.tail += full;
          else inner.head += full;
          inner.steps.push_back(step(fld, "envconfig nested " + owner + "." + fld.name));
        }
        envconfig(n->first, n->second, inner, depth + 1);
        continue;
      }
      std::optional<DefaultValue> dflt;
      if (auto d = tag_lookup(fld.tag, "default"); d && !d->empty()) dflt = tag_default(*d);
      emit(fld, prefix, full, step(fld, "tag envconfig " + owner + "." + fld.name), dflt);
      // envconfig falls back to the unprefixed tag when the prefixed key is unset.
      if (!alt.empty() && (prefix.dynamic || prefix.head + full != alt))
        emit(fld, Prefix{}, alt, step(fld, "tag envconfig " + owner + "." + fld.name + " (unprefixed)"), dflt);
    }
  }

  // alexflint/go-arg: `arg:"--addr,env:APP_ADDR"`, `arg:"env"` (the field name upper-cased).
  void go_arg(const std::string& owner, const Field& fld) {
    auto arg = tag_lookup(fld.tag, "arg");
    if (!arg || *arg == "-") return;
    for (const auto& item : split_commas(*arg)) {
      if (item != "env" && !starts_with(item, "env:")) continue;
      std::string name = item.size() > 4 ? item.substr(4) : to_upper(fld.name);
      std::optional<DefaultValue> dflt;
      if (auto d = tag_lookup(fld.tag, "default")) dflt = tag_default(*d);
      emit(fld, Prefix{}, name, step(fld, "tag arg " + owner + "." + fld.name), dflt);
    }
  }

  const GoFile& f_;
  const GoExprEval& eval_;
  FileResult& out_;
  mutable std::map<uint32_t, std::vector<Field>> fields_;       // by the struct type's start byte
  std::map<std::string, TSNode> structs_;                         // named struct types
  std::vector<std::pair<std::string, TSNode>> anonymous_;         // `var x struct{…}`, by variable
  std::set<std::string> roots_;
  std::set<std::string> processed_;
  std::map<std::string, std::vector<Prefix>> env_prefixes_;
  std::map<std::string, std::vector<Prefix>> envconfig_prefixes_;
  std::vector<Prefix> any_prefixes_;
  std::map<std::tuple<int, int, std::string, std::string>, EnvRead> reads_;
};

}  // namespace

void extract_struct_tags(const GoFile& f, const GoExprEval& eval, FileResult& out) {
  StructTags(f, eval, out).run();
}

}  // namespace envdrift::go
