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
// - tags_kong / tags_go_flags: the same walker over the kong and go-flags rows of
//                       library_table.h (which library an `env` tag belongs to: the struct's
//                       file's imports, then go.mod, else caarlos0/env); kong.DefaultEnvars
//                       derives names for flags without a tag (kong_calls).
// - tags_ardanlabs_conf: `conf.Parse(prefix, &cfg)` reads every field of cfg (conf_calls).
// Structs are the ones declared in the file (nested types too); all reads are kind `tag`.
//
// Across files (fixtures/resolve/go_libs_envconfig, go_libs_caarlos0): a struct type this file
// names but does not declare (`var spec config.Spec` given to Process / ParseWithOptions /
// ParseAsWithOptions[config.Config], `DB config.Database \`envPrefix:"DB_"\``, `Cache` of a
// sibling file) is found through GoExprEval::struct_decl, and its fields are read with this
// file's prefix, at the field's own file and line. Who emits what, so that no read is emitted
// twice:
// - the file that reaches a struct of another file with a prefix emits the prefixed reads (and
//   envconfig's unprefixed tag fallback);
// - the declaring file reads a struct on its own (unprefixed, the in-file rules above) unless
//   another file of the module reaches it with a prefix and none uses it without one
//   (`env.Parse(&c)`, `envconfig.Process("", &c)`): GoExprEval::claimed, computed once per scan
//   from every file's struct_claims;
// - a read both would emit (same file, line, column, name) is left to the declaring file.
// A struct of another file nested without any prefix is not followed: its reads are its own
// file's.
//
// Bounded work: the walks expand nested struct types through struct_budget.h.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "analyzer/core/normalize.h"
#include "analyzer/go/libraries.h"
#include "analyzer/go/library_table.h"
#include "analyzer/go/struct_budget.h"
#include "analyzer/go/tag_syntax.h"
#include "analyzer/go/values.h"

namespace envdrift::go {
namespace {

struct Field {
  const GoFile* file;    // the file that declares the struct
  TSNode at;             // the field's name (the type of an embedded field)
  std::string name;      // the field's name (an embedded field: its type's name)
  bool embedded = false;
  TSNode type;           // the field's type, pointers removed
  std::string tag;       // the decoded tag, "" when none
};

// A struct type: its name (owner label), its `struct_type` node and the file declaring it.
struct Decl {
  std::string name;
  TSNode node;
  const GoFile* file;
};

bool exported(const std::string& name) { return !name.empty() && is_upper(name[0]); }

using Prefix = GoPrefix;  // libraries.h

using ReadKey = std::tuple<std::string, int, int, std::string, std::string>;

ReadKey key_of(const EnvRead& r) { return std::make_tuple(r.file, r.line, r.column, r.name, r.dynamic_suffix); }

class StructTags {
 public:
  StructTags(const GoFile& f, const GoExprEval& eval, FileResult& out,
             std::vector<std::pair<std::string, std::string>>* claims = nullptr)
      : f_(f), eval_(eval), out_(out), claims_(claims) {}

  void run() {
    collect_structs();
    bool cross = static_cast<bool>(eval_.struct_decl);
    if (structs_.empty() && anonymous_.empty() && !cross && import_names(f_, "ardanlabs/conf", "conf").empty()) return;
    collect_roots();
    env_calls();
    sethvargo_calls();
    envconfig_calls();
    std::vector<std::pair<std::string, TSNode>> all(structs_.begin(), structs_.end());
    all.insert(all.end(), anonymous_.begin(), anonymous_.end());
    for (size_t i = 0; i < all.size(); ++i) {
      Decl d{all[i].first, all[i].second, &f_};
      const std::string& name = d.name;
      // A struct given to Parse / Process with a prefix is a root even when another nests it.
      bool root = i >= structs_.size() || roots_.count(name);
      // The struct read on its own (unprefixed) unless another file reaches it with a prefix;
      // asked only when there is something to read (a question to the rest of the module).
      std::map<ReadKey, EnvRead> own;
      pending_ = &own;
      if (auto it = env_prefixes_.find(name); it != env_prefixes_.end()) {
        pending_ = nullptr;
        for (const auto& p : it->second) bounded([&] { tagged(d, p, 0); });
      } else if (root) {
        bounded([&] { tagged(d, Prefix{}, 0); });
      }
      pending_ = &own;
      if (auto it = envconfig_prefixes_.find(name); it != envconfig_prefixes_.end()) {
        pending_ = nullptr;
        for (const auto& p : it->second) bounded([&] { envconfig(d, p, 0); });
      } else if (root && envconfig_struct(d)) {
        if (any_prefixes_.empty()) bounded([&] { envconfig(d, Prefix{}, 0); });
        pending_ = nullptr;
        for (const auto& p : any_prefixes_) bounded([&] { envconfig(d, p, 0); });
      }
      pending_ = nullptr;
      if (!own.empty() && !(i < structs_.size() && eval_.claimed && eval_.claimed(f_, name))) reads_.merge(own);
    }
    // Structs of other files given to ParseWithOptions / Process here.
    for (const auto& dp : remote_env_) {
      claim(dp.first, dp.second);
      bounded([&] { tagged(dp.first, dp.second, 0); });
    }
    for (const auto& dp : remote_envconfig_) {
      claim(dp.first, dp.second);
      bounded([&] { envconfig(dp.first, dp.second, 0); });
    }
    conf_calls();
    kong_calls();
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

  // A struct of another file reached with a prefix: its own file does not read it on its own
  // (unless some file also uses it without one: plain_use).
  void claim(const Decl& d, const Prefix& p) const {
    if (claims_ == nullptr || d.file == &f_) return;
    if (p.dynamic || !p.head.empty()) claims_->emplace_back(d.file->file.src.rel, d.name);
    else plain_use(d);
  }
  void plain_use(const Decl& d) const {
    if (claims_ != nullptr && d.file != &f_) claims_->emplace_back("-" + d.file->file.src.rel, d.name);
  }

  // The named struct types of another file (its top level), computed once per file.
  const std::map<std::string, TSNode>& structs_of(const GoFile* file) const {
    if (file == &f_) return structs_;
    auto it = other_structs_.find(file);
    if (it != other_structs_.end()) return it->second;
    auto& out = other_structs_[file];
    for (TSNode decl : code_children(file->file.root)) {
      if (!is_type(decl, "type_declaration")) continue;
      for (TSNode spec : code_children(decl)) {
        TSNode type = child_by_field(spec, "type");
        if (is_type(spec, "type_spec") && is_type(type, "struct_type"))
          out.emplace(std::string(file->text(child_by_field(spec, "name"))), type);
      }
    }
    return out;
  }

  // The fields of a struct type, computed once per struct.
  const std::vector<Field>& fields(const Decl& d) const {
    const GoFile& file = *d.file;
    auto key = std::make_pair(d.file, ts_node_start_byte(d.node));
    auto it = fields_.find(key);
    if (it != fields_.end()) return it->second;
    std::vector<Field>& out = fields_[key];
    TSNode list{};
    for (TSNode k : code_children(d.node))
      if (is_type(k, "field_declaration_list")) list = k;
    for (TSNode decl : code_children(list)) {
      if (!is_type(decl, "field_declaration")) continue;
      TSNode type = child_by_field(decl, "type");
      while (is_type(type, "pointer_type")) type = named_child(type, 0);
      std::string tag;
      if (auto t = string_literal(file, child_by_field(decl, "tag"))) tag = std::move(*t);
      bool named = false;
      for (TSNode k : code_children(decl)) {
        if (!is_type(k, "field_identifier")) continue;
        named = true;
        out.push_back(Field{d.file, k, std::string(file.text(k)), false, type, tag});
      }
      if (!named && !ts_node_is_null(type)) {
        TSNode tn = is_type(type, "qualified_type") ? child_by_field(type, "name")
                    : is_type(type, "generic_type") ? child_by_field(type, "type")
                                                    : type;
        out.push_back(Field{d.file, type, std::string(file.text(tn)), true, type, tag});
      }
    }
    return out;
  }

  // The struct a field's type is: an inline `struct {…}`, a struct type of the field's file, or
  // (with `cross`) one of another file found through the evaluator (`config.Database`).
  std::optional<Decl> nested(const std::string& owner, const Field& fld, bool cross = true) const {
    TSNode type = fld.type;
    if (is_type(type, "struct_type")) return Decl{owner + "." + fld.name, type, fld.file};
    if (is_type(type, "generic_type")) type = child_by_field(type, "type");
    if (is_type(type, "type_identifier")) {
      const auto& structs = structs_of(fld.file);
      if (auto it = structs.find(std::string(fld.file->text(type))); it != structs.end())
        return Decl{it->first, it->second, fld.file};
    } else if (!is_type(type, "qualified_type")) {
      return std::nullopt;
    }
    if (!cross) return std::nullopt;
    return remote(*fld.file, type);
  }

  // A struct type of another file, through the evaluator's cross-file lookup.
  std::optional<Decl> remote(const GoFile& from, TSNode type) const {
    if (!eval_.struct_decl || ts_node_is_null(type)) return std::nullopt;
    auto ref = eval_.struct_decl(from, type);
    if (!ref || ref->file == nullptr || !is_type(ref->node, "struct_type")) return std::nullopt;
    return Decl{ref->name, ref->node, ref->file};
  }

  // Roots: structs that no exported field of another struct of the file nests. The others are
  // reached through their parents, with the parents' prefixes.
  void collect_roots() {
    std::set<std::string> nested_types;
    std::vector<std::pair<std::string, TSNode>> all(structs_.begin(), structs_.end());
    all.insert(all.end(), anonymous_.begin(), anonymous_.end());
    for (const auto& [name, node] : all)
      for (const Field& fld : fields(Decl{name, node, &f_}))
        if (exported(fld.name))
          if (auto n = nested(name, fld, false); n && n->name != name) nested_types.insert(n->name);
    for (const auto& [name, node] : structs_)
      if (!nested_types.count(name)) roots_.insert(name);
  }

  // The struct an argument like `&c` means: its named type, or the variable of a `var c struct{…}`.
  // A struct type of another file goes to `other` instead (the result is then "").
  std::string struct_of(TSNode arg, std::optional<Decl>* other = nullptr) const {
    TSNode type_node{};
    std::string type = struct_type_of(f_, arg, &type_node);
    if (!type.empty()) {
      if (structs_.count(type)) return type;
      if (other != nullptr) *other = remote(f_, type_node);
      return {};
    }
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
      p.expr = f_.file.make_dynamic(expr, expr).dynamic_expr;
    }
    p.steps.push_back(ViaStep{f_.file.src.rel, f_.file.line(call), std::move(label)});
    return p;
  }

  // `env.ParseWithOptions(&c, env.Options{Prefix: "APP_"})` (and ParseAsWithOptions).
  void env_calls() {
    auto env = import_names(f_, "caarlos0/env", "env");
    if (env.empty()) return;
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string type;
      std::optional<Decl> other;
      TSNode opts{};
      auto type_argument = [&](TSNode targs) {
        for (TSNode t : code_children(targs)) {
          TSNode tn = is_type(t, "type_elem") ? named_child(t, 0) : t;
          type = std::string(f_.text(tn));
          if (!structs_.count(type)) other = remote(f_, tn), type.clear();
        }
      };
      if (is_type(n, "type_conversion_expression")) {
        // `env.ParseAsWithOptions[Config](opts)` parses as a conversion to a generic type.
        TSNode g = child_by_field(n, "type");
        TSNode q = child_by_field(g, "type");
        if (!is_type(g, "generic_type") || !is_type(q, "qualified_type") ||
            f_.text(child_by_field(q, "name")) != "ParseAsWithOptions")
          return true;
        bool ours = false;
        for (const auto& e : env) ours = ours || f_.text(child_by_field(q, "package")) == e;
        if (!ours) return true;
        type_argument(child_by_field(g, "type_arguments"));
        opts = unwrap(child_by_field(n, "operand"));
      } else {
        std::string_view fn = qualified_call(f_, n, env);
        if (fn == "Parse" || fn == "Must") {  // `env.Parse(&c)`: a plain use of c's struct
          auto args = call_args(f_, n);
          if (fn == "Parse" && args.size() == 1) {
            std::optional<Decl> plain;
            struct_of(args[0], &plain);
            if (plain) plain_use(*plain);
          }
          return true;
        }
        if (fn != "ParseWithOptions" && fn != "ParseAsWithOptions") return true;
        auto args = call_args(f_, n);
        if (args.empty()) return true;
        opts = unwrap(args.back());
        if (fn == "ParseWithOptions" && args.size() == 2) {
          type = struct_of(args[0], &other);
        } else {  // ParseAsWithOptions[Config](opts) parsed as a call: the type argument
          TSNode callee = f_.field(n, f_.fields.function);
          TSNode targs = child_by_field(n, "type_arguments");
          if (ts_node_is_null(targs) && is_type(callee, "generic_type")) targs = child_by_field(callee, "type_arguments");
          type_argument(targs);
        }
      }
      if (!is_type(opts, "composite_literal")) opts = composite_of(f_, opts);  // `opts := env.Options{…}`
      if ((type.empty() && !other) || !is_type(opts, "composite_literal")) return true;
      for (TSNode el : code_children(child_by_field(opts, "body"))) {
        if (!is_type(el, "keyed_element")) continue;
        auto kv = code_children(el);
        if (kv.size() != 2 || f_.text(kv[0]) != "Prefix") continue;
        TSNode value = is_type(kv[1], "literal_element") ? named_child(kv[1], 0) : kv[1];
        Prefix p = prefix_of(value, n, "env.Options Prefix ", false);
        if (other) remote_env_.emplace_back(*other, std::move(p));
        else env_prefixes_[type].push_back(std::move(p));
      }
      return true;
    });
  }

  // sethvargo/go-envconfig: `ProcessWith(ctx, &envconfig.Config{Target: &c, Lookuper: l})`
  // (v1) and `ProcessWith(ctx, &c, l, …)` (v0) read c's struct under each prefix the lookuper
  // puts in front of its keys (lookupers.cpp); `Process(ctx, &c)` / MustProcess read it as is.
  // A lookuper that is not known leaves the struct read as is.
  void sethvargo_calls() {
    auto q = import_names(f_, "sethvargo/go-envconfig", "envconfig");
    if (q.empty()) return;
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view fn = qualified_call(f_, n, q);
      if (fn != "Process" && fn != "MustProcess" && fn != "ProcessWith") return true;
      auto args = call_args(f_, n);
      if (args.size() < 2) return true;
      TSNode target = args[1], lookuper{};
      if (fn == "ProcessWith" && args.size() == 2) {
        TSNode config = composite_of(f_, args[1]);
        if (ts_node_is_null(config)) return true;
        target = keyed_value(f_, config, "Target");
        lookuper = keyed_value(f_, config, "Lookuper");
        if (ts_node_is_null(target)) return true;
      } else if (fn == "ProcessWith") {
        lookuper = args[2];
      }
      std::vector<Prefix> prefixes{Prefix{}};
      if (!ts_node_is_null(lookuper))
        if (auto p = lookuper_prefixes(f_, lookuper, eval_, q)) prefixes = std::move(*p);
      std::optional<Decl> other;
      std::string type = struct_of(target, &other);
      if (!type.empty()) {
        auto& list = env_prefixes_[type];  // present even when empty: only maps are looked up
        list.insert(list.end(), prefixes.begin(), prefixes.end());
      } else if (other) {
        for (auto& p : prefixes) remote_env_.emplace_back(*other, std::move(p));
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
      std::optional<Decl> other;
      std::string type = struct_of(args[1], &other);
      if (!type.empty()) {
        processed_.insert(type);
        envconfig_prefixes_[type].push_back(std::move(p));
      } else if (other) {
        remote_envconfig_.emplace_back(*other, std::move(p));
      } else {
        any_prefixes_.push_back(std::move(p));
      }
      return true;
    });
  }

  // What another file's own analysis emits (its structs read on their own, literal names): a
  // read of a struct of that file reached from here is left to it when it is the same read.
  const std::set<ReadKey>& emitted_by(const GoFile* file) const {
    auto it = own_reads_.find(file);
    if (it != own_reads_.end()) return it->second;
    auto& keys = own_reads_[file];
    GoExprEval lit = literal_eval(*file);
    lit.claimed = eval_.claimed;
    FileResult tmp;
    StructTags(*file, lit, tmp).run();
    for (const auto& r : tmp.reads) keys.insert(key_of(r));
    return keys;
  }

  void add(EnvRead r, const GoFile* file) {
    ReadKey key = key_of(r);
    if (file != &f_ && emitted_by(file).count(key)) return;
    (pending_ != nullptr ? *pending_ : reads_).emplace(std::move(key), std::move(r));
  }

  // A read of `prefix + key` at `fld`, with the prefix's steps after `step`.
  void emit(const Field& fld, const Prefix& prefix, const std::string& key, ViaStep step,
            std::optional<DefaultValue> dflt, bool secondary = false) {
    const ParsedFile& pf = fld.file->file;
    if (!prefix.dynamic && prefix.excluded.count(prefix.head + key)) return;
    EnvRead r = prefix.dynamic ? pf.make_dynamic(fld.at, fld.at, prefix.head, prefix.tail + key)
                               : pf.make_read(fld.at, prefix.head + key, ReadKind::Tag);
    if (prefix.dynamic) r.dynamic_expr = prefix.expr;
    r.via.push_back(std::move(step));
    r.via.insert(r.via.end(), prefix.steps.rbegin(), prefix.steps.rend());
    r.default_value = std::move(dflt);
    // A name the library tries that the author did not write (envconfig's prefixed key of a
    // field whose tag names the variable): a documented one counts as read, an undocumented
    // one is not a finding.
    if (secondary) r.suppressions.emplace_back("undocumented");
    add(std::move(r), fld.file);
  }

  static DefaultValue tag_default(const std::string& v) { return DefaultValue{v, normalize_code_value(v), true}; }

  ViaStep step(const Field& fld, std::string label) const {
    return ViaStep{fld.file->file.src.rel, fld.file->file.line(fld.at), std::move(label)};
  }

  // --- the tag rows (library_table.h) ---------------------------------------------------------

  // Does `file` import the module `path` (or a package or major version under it)?
  bool imports(const GoFile& file, std::string_view path) const {
    auto it = imports_.find(&file);
    if (it == imports_.end()) it = imports_.emplace(&file, import_paths(file)).first;
    for (const auto& p : it->second)
      if (p == path || (p.size() > path.size() && starts_with(p, path) && p[path.size()] == '/')) return true;
    return false;
  }

  // The row that reads tag `key` of a field declared in `file`: the library the file imports,
  // else the one the module requires, else the key's first row.
  const TagLibrary* row_for(const GoFile& file, std::string_view key) const {
    return tag_library_for(
        key, [&](std::string_view p) { return imports(file, p); },
        [&](std::string_view p) { return eval_.module_requires && eval_.module_requires(p); });
  }

  // The names a row reads from a field's tag value.
  static std::vector<std::string> row_names(const TagLibrary& row, const std::string& value, const Field& fld) {
    std::vector<std::string> out;
    switch (row.name) {
      case TagName::Head:
        out.push_back(split_commas(value)[0]);
        break;
      case TagName::List:
        for (auto& item : split_commas(value)) out.push_back(std::move(item));
        break;
      case TagName::Whole:
        out.emplace_back(trim(value));
        break;
      case TagName::Item:
        for (const auto& item : split_commas(value)) {
          if (item == row.item && row.bare_item_is_field) out.push_back(to_upper(fld.name));
          else if (item.size() > row.item.size() && starts_with(item, row.item) && item[row.item.size()] == row.item_sep)
            out.emplace_back(trim(std::string_view(item).substr(row.item.size() + 1)));
        }
        break;
    }
    std::erase_if(out, [](const std::string& n) { return n.empty() || n == "-"; });
    return out;
  }

  // The default a row gives a field whose name tag is `value`.
  static std::optional<DefaultValue> row_default(const TagLibrary& row, const std::string& value, const Field& fld) {
    if (!row.default_tag.empty())
      if (auto d = tag_lookup(fld.tag, row.default_tag)) return tag_default(*d);
    if (row.default_option.empty()) return std::nullopt;
    if (row.default_to_end) {  // `env:"PORT, default=a,b"`: the default runs to the tag's end
      size_t at = value.find(',');
      if (at != std::string::npos && (at = value.find(row.default_option, at)) != std::string::npos &&
          trim(std::string_view(value).substr(0, at)).back() == ',')
        return tag_default(value.substr(at + row.default_option.size()));
      return std::nullopt;
    }
    for (const auto& item : split_commas(value))
      if (starts_with(item, row.default_option)) return tag_default(item.substr(row.default_option.size()));
    return std::nullopt;
  }

  // The prefix a nested struct field puts in front of its fields' names (`envPrefix:"DB_"`,
  // `envprefix:"DB_"`, `env-namespace:"DB"`, `env:",prefix=DB_"`), with the row's joiner.
  static std::optional<std::string> row_prefix(const Field& fld) {
    for (const auto& row : tag_libraries()) {
      if (!row.prefix_tag.empty())
        if (auto p = tag_lookup(fld.tag, row.prefix_tag); p && !p->empty()) return *p + std::string(row.prefix_join);
      if (!row.prefix_option.empty())
        if (auto v = tag_lookup(fld.tag, row.tag))
          for (const auto& opt : split_commas(*v))
            if (starts_with(opt, row.prefix_option)) return opt.substr(row.prefix_option.size()) + std::string(row.prefix_join);
    }
    return std::nullopt;
  }

  // A top-level walk within the file's budget (struct_budget.h), its reads added where add() puts
  // them now.
  template <class Walk>
  void bounded(Walk&& walk) {
    budget_.bounded(pending_, reads_, out_.escapes, std::forward<Walk>(walk));
  }

  // The tag rows over a struct: every field whose name tag a row reads (caarlos0/env,
  // go-envconfig, kong, go-flags, go-arg), nested structs followed with their prefixes.
  void tagged(const Decl& d, const Prefix& prefix, int depth) {
    if (depth > budget_.max_depth() || !budget_.first_expansion('t', d.node, prefix, depth)) return;
    const std::string& owner = d.name;
    bool paid = budget_.repeated('t', d.node);
    for (const Field& fld : fields(d)) {
      if (!budget_.spend(paid, fld.file->file, fld.at)) return;
      if (!exported(fld.name)) continue;
      auto ep = row_prefix(fld);
      // A struct of another file is followed only under a prefix: without one, its reads are the
      // ones its own file emits (and a plain model struct loads no other package).
      bool cross = ep || prefix.dynamic || !prefix.head.empty();
      if (auto n = nested(owner, fld, cross)) {
        Prefix inner = prefix;
        if (ep) {
          if (inner.dynamic) inner.tail += *ep;
          else inner.head += *ep;
          inner.steps.push_back(step(fld, "envPrefix " + *ep + " " + owner + "." + fld.name));
        }
        if (n->file != fld.file) claim(*n, inner);
        tagged(*n, inner, depth + 1);
        continue;
      }
      std::set<std::string_view> keys;
      for (const auto& row : tag_libraries()) {
        if (row.every_field || !keys.insert(row.tag).second) continue;
        auto value = tag_lookup(fld.tag, row.tag);
        if (!value) continue;
        const TagLibrary* lib = row_for(*fld.file, row.tag);
        if (lib == nullptr) continue;
        auto dflt = row_default(*lib, *value, fld);
        for (const auto& name : row_names(*lib, *value, fld))
          emit(fld, prefix, name, step(fld, "tag " + std::string(lib->tag) + " " + owner + "." + fld.name), dflt);
      }
    }
  }

  // --- names derived from the field path (library_table.h rows with a parse call) ------------

  // The struct a parse call's target means: a named or `var x struct{…}` struct of this file, one
  // of another file, or the struct literal a local is bound to (`cfg := struct{…}{…}`).
  std::optional<Decl> target_struct(TSNode arg) const {
    std::optional<Decl> other;
    std::string type = struct_of(arg, &other);
    if (!type.empty()) {
      if (auto it = structs_.find(type); it != structs_.end()) return Decl{type, it->second, &f_};
      for (const auto& [name, node] : anonymous_)
        if (name == type) return Decl{name, node, &f_};
    }
    if (other) return other;
    TSNode x = unwrap(arg);
    if (is_type(x, "unary_expression") && f_.op(x) == "&") x = unwrap(f_.field(x, f_.fields.operand));
    if (!is_type(x, "identifier")) return std::nullopt;
    TSNode lit = composite_of(f_, x);
    TSNode type_node = child_by_field(lit, "type");
    if (is_type(lit, "composite_literal") && is_type(type_node, "struct_type"))
      return Decl{std::string(f_.text(x)), type_node, &f_};
    return std::nullopt;
  }

  // ardanlabs/conf: `conf.Parse(prefix, &cfg)` (v3) and `conf.Parse(args, prefix, &cfg)` (v1/v2)
  // read every field of cfg's struct: PREFIX_ + the field path split by conf_camel_split (or the
  // `env:` item), joined by `_`, upper-cased.
  void conf_calls() {
    for (const auto& row : tag_libraries()) {
      if (!row.every_field) continue;
      auto q = import_names(f_, row.import_path, "conf");
      if (q.empty()) continue;
      walk_preorder(f_.file.root, [&](TSNode n) {
        if (qualified_call(f_, n, q) != row.parse_function) return true;
        auto args = call_args(f_, n);
        std::optional<Decl> d;
        TSNode prefix_expr{};
        if (args.size() >= 3 && (d = target_struct(args[2]))) prefix_expr = args[1];
        else if (args.size() >= 2 && (d = target_struct(args[1]))) prefix_expr = args[0];
        if (!d) return true;
        Prefix p = prefix_of(prefix_expr, n, "conf.Parse prefix ", true);
        if (!p.dynamic && !p.head.empty()) p.head += "_";
        else if (p.dynamic) p.tail += "_";
        bounded([&] { conf_fields(row, *d, p, {}, 0); });
        return true;
      });
    }
  }

  void conf_fields(const TagLibrary& row, const Decl& d, const Prefix& prefix, const std::vector<std::string>& path,
                   int depth) {
    if (depth > budget_.max_depth()) return;
    bool paid = budget_.repeated('c', d.node);
    for (const Field& fld : fields(d)) {
      if (!budget_.spend(paid, fld.file->file, fld.at)) return;
      if (!exported(fld.name)) continue;
      std::string value = tag_lookup(fld.tag, row.tag).value_or("");
      if (value == "-") continue;
      std::vector<std::string> key = path;
      if (auto n = nested(d.name, fld)) {
        if (!fld.embedded)
          for (auto& w : conf_camel_split(fld.name)) key.push_back(std::move(w));
        conf_fields(row, *n, prefix, key, depth + 1);
        continue;
      }
      if (fld.embedded) continue;  // an embedded type of another package (conf.Version): unknown fields
      std::string name;
      auto explicit_names = row_names(row, value, fld);
      if (!explicit_names.empty()) {
        name = explicit_names[0];
      } else {
        for (auto& w : conf_camel_split(fld.name)) key.push_back(std::move(w));
        for (const auto& w : key) name += (name.empty() ? "" : "_") + w;
      }
      emit(fld, prefix, to_upper(name), step(fld, "tag " + std::string(row.tag) + " " + d.name + "." + fld.name),
           row_default(row, value, fld));
    }
  }

  // kong: `kong.Parse(&cli, kong.DefaultEnvars("APP"))` (also New / Must) gives every flag of
  // cli's struct without an `env` tag the variable kong_default_envar("APP", flag name).
  void kong_calls() {
    for (const auto& opt : prefix_options()) {
      if (opt.effect != PrefixEffect::DeriveFlagNames || opt.import_path != "alecthomas/kong") continue;
      auto q = import_names(f_, opt.import_path, "kong");
      if (q.empty()) continue;
      walk_preorder(f_.file.root, [&](TSNode n) {
        std::string_view fn = qualified_call(f_, n, q);
        if (fn != "Parse" && fn != "New" && fn != "Must") return true;
        auto args = call_args(f_, n);
        if (args.size() < 2) return true;
        auto d = target_struct(args[0]);
        if (!d) return true;
        for (size_t i = 1; i < args.size(); ++i) {
          TSNode o = unwrap(args[i]);
          if (qualified_call(f_, o, q) != opt.function) continue;
          auto oargs = call_args(f_, o);
          if (oargs.size() != 1) continue;
          NameParts np = eval_.name(oargs[0]);
          if (!np.complete) continue;
          ViaStep via{f_.file.src.rel, f_.file.line(o), "kong DefaultEnvars " + np.text};
          bounded([&] { kong_flags(*d, np.text, "", via, 0); });
        }
        return true;
      });
    }
  }

  void kong_flags(const Decl& d, const std::string& env_prefix, const std::string& flag_prefix, const ViaStep& via,
                  int depth) {
    if (depth > budget_.max_depth()) return;
    bool paid = budget_.repeated('k', d.node);
    for (const Field& fld : fields(d)) {
      if (!budget_.spend(paid, fld.file->file, fld.at)) return;
      if (!exported(fld.name) || tag_lookup(fld.tag, "kong") == "-") continue;
      if (tag_lookup(fld.tag, "arg")) continue;  // a positional argument, not a flag
      bool cmd = tag_lookup(fld.tag, "cmd").has_value();
      bool embed = fld.embedded || tag_lookup(fld.tag, "embed").has_value();
      if (cmd || embed) {
        if (auto n = nested(d.name, fld))
          kong_flags(*n, env_prefix, flag_prefix + tag_lookup(fld.tag, "prefix").value_or(""), via, depth + 1);
        continue;
      }
      if (tag_lookup(fld.tag, "env")) continue;  // its own names (the tag rows read them)
      std::string flag = tag_lookup(fld.tag, "name").value_or("");
      flag = flag_prefix + (flag.empty() ? kong_flag_name(fld.name) : flag);
      if (flag == "help") continue;
      std::optional<DefaultValue> dflt;
      if (auto v = tag_lookup(fld.tag, "default")) dflt = tag_default(*v);
      EnvRead r = fld.file->file.make_read(fld.at, kong_default_envar(env_prefix, flag), ReadKind::Tag);
      r.via.push_back(step(fld, "kong flag --" + flag + " " + d.name + "." + fld.name));
      r.via.push_back(via);
      r.default_value = std::move(dflt);
      add(std::move(r), fld.file);
    }
  }

  // Does a struct (or one it nests, at most kMaxStructDepth levels down) carry envconfig's own tags, or
  // was it passed to Process? Breadth first, each struct once: a struct first reached at its
  // shallowest depth.
  bool envconfig_struct(const Decl& root) const {
    std::vector<std::pair<Decl, int>> queue{{root, 0}};
    std::set<std::pair<const GoFile*, uint32_t>> seen{{root.file, ts_node_start_byte(root.node)}};
    for (size_t i = 0; i < queue.size(); ++i) {
      Decl d = queue[i].first;
      int depth = queue[i].second;
      if (d.file == &f_ && processed_.count(d.name)) return true;
      for (const Field& fld : fields(d)) {
        if (tag_lookup(fld.tag, "envconfig") || tag_lookup(fld.tag, "split_words")) return true;
        if (depth == kMaxStructDepth || !exported(fld.name)) continue;
        if (auto n = nested(d.name, fld, d.file != &f_); n && seen.emplace(n->file, ts_node_start_byte(n->node)).second)
          queue.emplace_back(std::move(*n), depth + 1);
      }
    }
    return false;
  }

  // kelseyhightower/envconfig's gatherInfo: every exported field not `ignored`.
  void envconfig(const Decl& d, const Prefix& prefix, int depth) {
    if (depth > budget_.max_depth() || !budget_.first_expansion('e', d.node, prefix, depth)) return;
    const std::string& owner = d.name;
    bool paid = budget_.repeated('e', d.node);
    for (const Field& fld : fields(d)) {
      if (!budget_.spend(paid, fld.file->file, fld.at)) return;
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
        if (n->file != fld.file) claim(*n, inner);
        envconfig(*n, inner, depth + 1);
        continue;
      }
      std::optional<DefaultValue> dflt;
      if (auto d = tag_lookup(fld.tag, "default"); d && !d->empty()) dflt = tag_default(*d);
      // envconfig looks up the prefixed key first and falls back to the unprefixed tag. A tag
      // names the variable its author means (`envconfig:"ATHENS_PORT"` under
      // Process("athens") is documented as ATHENS_PORT, not ATHENS_ATHENS_PORT): the prefixed
      // key of a tagged field is read, but never reported undocumented.
      bool two = !alt.empty() && (prefix.dynamic || prefix.head + full != alt);
      emit(fld, prefix, full, step(fld, "tag envconfig " + owner + "." + fld.name), dflt, two);
      if (two) emit(fld, Prefix{}, alt, step(fld, "tag envconfig " + owner + "." + fld.name + " (unprefixed)"), dflt);
    }
  }

  const GoFile& f_;
  const GoExprEval& eval_;
  FileResult& out_;
  mutable std::map<std::pair<const GoFile*, uint32_t>, std::vector<Field>> fields_;  // by file, start byte
  std::map<std::string, TSNode> structs_;                         // named struct types
  mutable std::map<const GoFile*, std::map<std::string, TSNode>> other_structs_;
  mutable std::map<const GoFile*, std::set<ReadKey>> own_reads_;
  mutable std::map<const GoFile*, std::vector<std::string>> imports_;
  std::vector<std::pair<std::string, TSNode>> anonymous_;         // `var x struct{…}`, by variable
  std::set<std::string> roots_;
  std::set<std::string> processed_;
  std::map<std::string, std::vector<Prefix>> env_prefixes_;
  std::map<std::string, std::vector<Prefix>> envconfig_prefixes_;
  std::vector<Prefix> any_prefixes_;
  std::vector<std::pair<Decl, Prefix>> remote_env_, remote_envconfig_;
  std::map<ReadKey, EnvRead> reads_;
  std::map<ReadKey, EnvRead>* pending_ = nullptr;  // where add() puts reads while non-null
  StructBudget<std::map<ReadKey, EnvRead>> budget_;  // bounded work (struct_budget.h)
  std::vector<std::pair<std::string, std::string>>* claims_;
};

}  // namespace

void extract_struct_tags(const GoFile& f, const GoExprEval& eval, FileResult& out) {
  StructTags(f, eval, out).run();
}

std::vector<std::pair<std::string, std::string>> struct_claims(const GoFile& f, const GoExprEval& eval) {
  std::vector<std::pair<std::string, std::string>> claims;
  FileResult unused;
  StructTags(f, eval, unused, &claims).run();
  return claims;
}

}  // namespace envdrift::go
