// Reads declared through CLI flag and configuration libraries.
//
// Patterns (each has a fixture of the same name under fixtures/patterns/go/):
// - urfave_cli_v2:  `&cli.StringFlag{Name: "listen", EnvVars: []string{"APP_LISTEN"}, Value: ":80"}`
//                   reads APP_LISTEN with default ":80"; kind `schema`.
// - urfave_cli_v1:  `cli.StringFlag{EnvVar: "A, B"}` reads A and B.
// - urfave_cli_v3:  `Sources: cli.EnvVars("A", "B")` (also `cli.EnvVar("A")` inside a source
//                   chain) reads A and B; kind `schema`.
//                   `Value:` is the default: literals, constants (through the evaluator), durations
//                   `30 * time.Second` -> `30s` (time.Duration's String form); anything else
//                   (a formatting call) is `computed`.
// - viper_bind_env: `viper.BindEnv("key", "X")` reads X; `viper.BindEnv("key")` reads PREFIX_KEY
//                   with `SetEnvPrefix("prefix")`; kind `helper`.
// - viper_automatic_env: with `AutomaticEnv()`, `viper.GetString("db.host")` (every Get*,
//                   IsSet) reads PREFIX_DB.HOST, with `.`/`-` replaced as a literal
//                   `SetEnvKeyReplacer(strings.NewReplacer(".", "_"))` says; `SetDefault("db.host",
//                   v)` is the default; a key that is not literal is a dynamic read with the prefix.
//                   A `viper.New()` instance works like the package. Kind `helper`.
// The configuration calls (prefix, AutomaticEnv, replacer, defaults) count file-wide, in any order.
// The package-level viper is process-wide (fixtures/resolve/go_libs_viper): what the other files
// of the module (go.mod's directory, no nested module) configure on it applies to this file's
// Get* too (this file's own prefix / replacer / defaults first, then the others' in path order);
// without AutomaticEnv anywhere in the module a Get* reads nothing. A `viper.New()` instance stays
// file-local. A file that turns on AutomaticEnv declares the read symbol "spf13/viper", so that
// files with only Get* calls (no prefilter needle) are parsed too.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/normalize.h"
#include "analyzer/go/libraries.h"
#include "analyzer/go/library_table.h"

namespace envdrift::go {
namespace {

// time.Duration's String(): "30s", "5m0s", "1h30m0s", "1.5s", "250ms", "0s".
std::string duration_string(int64_t ns) {
  if (ns == 0) return "0s";
  bool neg = ns < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  auto frac = [](uint64_t v, uint64_t unit) {
    std::string s = std::to_string(v / unit);
    uint64_t rest = v % unit;
    if (rest == 0) return s;
    std::string digits = std::to_string(rest + unit).substr(1);  // zero-padded
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    return s + "." + digits;
  };
  std::string out;
  if (u < 1000) out = std::to_string(u) + "ns";
  else if (u < 1000000) out = frac(u, 1000) + "µs";
  else if (u < 1000000000) out = frac(u, 1000000) + "ms";
  else {
    uint64_t h = u / 3600000000000ULL, rest = u % 3600000000000ULL;
    uint64_t m = rest / 60000000000ULL, s = rest % 60000000000ULL;
    if (h > 0) out = std::to_string(h) + "h" + std::to_string(m) + "m";
    else if (m > 0) out = std::to_string(m) + "m";
    out += frac(s, 1000000000) + "s";
  }
  return neg ? "-" + out : out;
}

std::optional<int64_t> time_unit(std::string_view name) {
  if (name == "Nanosecond") return 1;
  if (name == "Microsecond") return 1000;
  if (name == "Millisecond") return 1000000;
  if (name == "Second") return 1000000000;
  if (name == "Minute") return 60000000000LL;
  if (name == "Hour") return 3600000000000LL;
  return std::nullopt;
}

class FlagLibs {
 public:
  FlagLibs(const GoFile& f, const GoExprEval& eval, FileResult& out) : f_(f), eval_(eval), out_(out) {}

  void run() {
    cli_ = import_names(f_, "urfave/cli", "cli");
    time_ = import_names(f_, "time", "time");
    viper_ = import_names(f_, "spf13/viper", "viper");
    if (!cli_.empty()) walk_preorder(f_.file.root, [&](TSNode n) {
      if (is_type(n, "composite_literal")) flag_literal(n);
      return true;
    });
    if (!viper_.empty()) viper();
    dynamic_prefixes();
  }

 private:
  // --- defaults -------------------------------------------------------------------------------

  // A product of time units and numbers the evaluator folds: `30 * time.Second`,
  // `time.Duration(5) * time.Minute`, `time.Hour`. At least one factor must be a time unit.
  std::optional<int64_t> duration(TSNode n) const {
    std::vector<TSNode> stack{n};  // explicit stack: no recursion over the expression
    int64_t product = 1;
    bool unit = false;
    for (size_t steps = 0; !stack.empty(); ++steps) {
      if (steps > 64) return std::nullopt;
      TSNode x = unwrap(stack.back());
      stack.pop_back();
      if (is_type(x, "binary_expression") && f_.op(x) == "*") {
        stack.push_back(f_.field(x, f_.fields.left));
        stack.push_back(f_.field(x, f_.fields.right));
        continue;
      }
      if (is_type(x, "call_expression") && qualified_call(f_, x, time_) == "Duration") {
        auto args = call_args(f_, x);
        if (args.size() != 1) return std::nullopt;
        stack.push_back(args[0]);
        continue;
      }
      std::optional<int64_t> factor;
      if (is_time_unit(x)) {
        unit = true;
        factor = time_unit(f_.text(f_.field(x, f_.fields.field)));
      } else if (!is_type(x, "selector_expression") && !is_type(x, "binary_expression")) {
        auto d = eval_.default_value(x);
        if (!d || !d->comparable || d->value.empty() || d->value.size() > 18) return std::nullopt;
        for (char c : d->value)
          if (c < '0' || c > '9') return std::nullopt;
        factor = std::stoll(d->value);
      }
      if (!factor || (*factor != 0 && product > INT64_MAX / *factor)) return std::nullopt;
      product *= *factor;
    }
    if (!unit) return std::nullopt;
    return product;
  }

  bool is_time_unit(TSNode n) const {
    n = unwrap(n);
    if (!is_type(n, "selector_expression")) return false;
    std::string_view q = f_.text(f_.field(n, f_.fields.operand));
    for (const auto& t : time_)
      if (t == q) return time_unit(f_.text(f_.field(n, f_.fields.field))).has_value();
    return false;
  }

  std::optional<DefaultValue> default_of_value(TSNode value) const {
    auto d = eval_.default_value(value);
    if (d && !d->comparable && !time_.empty())
      if (auto ns = duration(value)) return DefaultValue{d->raw, duration_string(*ns), true};
    return d;
  }

  // --- urfave/cli -----------------------------------------------------------------------------

  static TSNode element_value(TSNode el) {
    return is_type(el, "literal_element") ? named_child(el, 0) : el;
  }

  // `&cli.StringFlag{Name: …, EnvVars: …, Sources: …, Value: …}`.
  void flag_literal(TSNode lit) {
    TSNode type = child_by_field(lit, "type");
    if (is_type(type, "generic_type")) type = child_by_field(type, "type");
    if (!is_type(type, "qualified_type")) return;
    std::string_view pkg = f_.text(child_by_field(type, "package"));
    bool ours = false;
    for (const auto& c : cli_) ours = ours || c == pkg;
    std::string_view tname = f_.text(child_by_field(type, "name"));
    if (!ours || tname.size() < 4 || tname.substr(tname.size() - 4) != "Flag") return;
    TSNode name{}, value{};
    std::vector<std::pair<TSNode, TSNode>> env;  // (keyed element, value) of EnvVars / EnvVar / Sources
    for (TSNode el : code_children(child_by_field(lit, "body"))) {
      if (!is_type(el, "keyed_element")) continue;
      auto kv = code_children(el);
      if (kv.size() != 2) continue;
      std::string_view key = f_.text(kv[0]);
      TSNode v = element_value(kv[1]);
      if (key == "Name") name = v;
      else if (key == "Value") value = v;
      else if (key == "EnvVars" || key == "EnvVar" || key == "Sources") env.emplace_back(el, v);
    }
    if (env.empty()) return;
    std::string flag;
    if (!ts_node_is_null(name)) {
      NameParts np = eval_.name(name);
      flag = np.complete ? np.text : std::string(f_.text(name));
    }
    std::optional<DefaultValue> dflt;
    if (!ts_node_is_null(value)) dflt = default_of_value(value);
    ViaStep step{f_.file.src.rel, f_.file.line(lit), "urfave/cli flag " + flag};
    for (auto [el, v] : env) {
      std::string_view key = f_.text(named_child(el, 0));
      std::vector<std::pair<NameParts, TSNode>> names;
      if (key == "EnvVars") {
        auto elements = list_elements(v);
        auto nps = eval_.names(v);
        for (size_t i = 0; i < nps.size(); ++i)
          names.emplace_back(std::move(nps[i]), elements.size() == nps.size() ? elements[i] : v);
      } else if (key == "EnvVar") {  // v1: "A, B"
        NameParts np = eval_.name(v);
        if (!np.complete) names.emplace_back(std::move(np), v);
        else
          for (size_t start = 0; start <= np.text.size();) {
            size_t comma = np.text.find(',', start);
            if (comma == std::string::npos) comma = np.text.size();
            std::string one(trim(std::string_view(np.text).substr(start, comma - start)));
            if (!one.empty()) names.emplace_back(NameParts{true, one, {}, {}}, v);
            start = comma + 1;
          }
      } else {
        source_names(v, names);
      }
      for (auto& [np, expr] : names) {
        TSNode at = name_site(f_, el, expr);
        EnvRead r = np.complete ? f_.file.make_read(at, np.text, ReadKind::Schema)
                                : f_.file.make_dynamic(at, expr, np.prefix, np.suffix);
        r.default_value = dflt;
        r.via.push_back(step);
        out_.reads.push_back(std::move(r));
      }
    }
  }

  // v3 `Sources: cli.EnvVars("A", "B")`, `cli.NewValueSourceChain(cli.EnvVar("A"), …)`.
  void source_names(TSNode sources, std::vector<std::pair<NameParts, TSNode>>& names) const {
    walk_preorder(sources, [&](TSNode n) {
      std::string_view fn = qualified_call(f_, n, cli_);
      if (fn != "EnvVars" && fn != "EnvVar") return true;
      for (TSNode a : call_args(f_, n)) {
        if (is_type(a, "variadic_argument")) {
          auto elements = list_elements(named_child(a, 0));
          auto nps = eval_.names(named_child(a, 0));
          for (size_t i = 0; i < nps.size(); ++i)
            names.emplace_back(std::move(nps[i]), elements.size() == nps.size() ? elements[i] : a);
        } else {
          names.emplace_back(eval_.name(a), a);
        }
      }
      return false;
    });
  }

  // --- prefix loaders (library_table.h rows with PrefixEffect::DynamicPrefix) ------------------

  // koanf's env provider loads every variable starting with its prefix: `env.Provider("APP_",
  // ".", cb)`, `env.ProviderWithValue(…)`, v2 `env.Provider(".", env.Opt{Prefix: "APP_"})` are a
  // dynamic read with that prefix (which keys the callback maps them to is not followed). A v2
  // Opt with an EnvironFunc reads the function's list, not the environment.
  void dynamic_prefixes() {
    std::vector<std::string> paths = import_paths(f_);
    for (const auto& row : prefix_options()) {
      if (row.effect != PrefixEffect::DynamicPrefix) continue;
      bool v2_row = row.import_path.ends_with("/v2");
      bool imported = false;
      for (const auto& p : paths)
        imported = imported || (p.ends_with(row.import_path) && (v2_row || !p.ends_with("/v2")));
      if (!imported) continue;
      std::string base(row.import_path.substr(row.import_path.rfind('/') + 1));
      if (v2_row) base = "env";
      auto q = import_names(f_, row.import_path, base);
      walk_preorder(f_.file.root, [&](TSNode n) {
        if (qualified_call(f_, n, q) != row.function) return true;
        auto args = call_args(f_, n);
        if (row.prefix_arg < 0 || static_cast<size_t>(row.prefix_arg) >= args.size()) return true;
        TSNode expr = args[static_cast<size_t>(row.prefix_arg)];
        if (!row.prefix_field.empty()) {
          TSNode lit = composite_of(f_, expr);
          if (!is_type(lit, "composite_literal")) return true;
          if (!row.mock_field.empty() && !ts_node_is_null(keyed_value(f_, lit, row.mock_field))) return true;
          expr = keyed_value(f_, lit, row.prefix_field);
        }
        NameParts np = ts_node_is_null(expr) ? NameParts{true, "", {}, {}} : eval_.name(expr);
        std::string prefix = np.complete ? np.text : np.prefix;
        EnvRead r = f_.file.make_dynamic(n, ts_node_is_null(expr) ? n : expr, prefix, "");
        r.via.push_back(ViaStep{f_.file.src.rel, f_.file.line(n), std::string(row.id) + " " + std::string(row.function) +
                                                                     " prefix " + prefix});
        out_.reads.push_back(std::move(r));
        return true;
      });
    }
  }

  // --- viper ----------------------------------------------------------------------------------

  using Viper = ViperConfig;

  // The viper a call's receiver means: "" for the package, the variable of a viper.New().
  std::optional<std::string> receiver(TSNode call, std::string_view& method) const {
    if (!is_type(call, "call_expression")) return std::nullopt;
    TSNode fn = unwrap(f_.field(call, f_.fields.function));
    if (!is_type(fn, "selector_expression")) return std::nullopt;
    std::string_view q = f_.text(f_.field(fn, f_.fields.operand));
    method = f_.text(f_.field(fn, f_.fields.field));
    for (const auto& v : viper_)
      if (v == q) return std::string();
    for (const auto& v : instances_)
      if (v == q) return v;
    return std::nullopt;
  }

  // Variables assigned `viper.New()` (or `viper.GetViper()`).
  void collect_instances() {
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view t = node_type(n);
      TSNode left{}, right{};
      if (t == "short_var_declaration" || t == "assignment_statement") {
        left = f_.field(n, f_.fields.left);
        right = f_.field(n, f_.fields.right);
      } else if (t == "var_spec") {
        right = child_by_field(n, "value");
        left = n;
      } else {
        return true;
      }
      auto ls = code_children(left);
      std::vector<TSNode> names;
      for (TSNode l : ls)
        if (is_type(l, "identifier") || is_type(l, "selector_expression")) names.push_back(l);
      auto rs = code_children(right);
      for (size_t i = 0; i < names.size() && i < rs.size(); ++i) {
        std::string_view fn = qualified_call(f_, unwrap(rs[i]), viper_);
        if (fn == "New" || fn == "GetViper" || fn == "NewWithOptions") instances_.emplace_back(f_.text(names[i]));
      }
      return true;
    });
  }

  std::string replaced(const Viper& v, const std::string& name) const {
    if (v.replacer.empty()) return name;
    std::string out;
    for (size_t i = 0; i < name.size();) {
      bool hit = false;
      for (const auto& [from, to] : v.replacer) {
        if (!from.empty() && name.compare(i, from.size(), from) == 0) {
          out += to;
          i += from.size();
          hit = true;
          break;
        }
      }
      if (!hit) out += name[i++];
    }
    return out;
  }

  // The read of an automatic / single-argument BindEnv key: PREFIX_KEY upper-cased, replaced.
  EnvRead key_read(const Viper& v, TSNode call, TSNode key_expr, const NameParts& key) const {
    std::string head;
    bool prefix_known = !v.prefix || v.prefix->complete;
    if (v.prefix) head = v.prefix->complete ? v.prefix->text : v.prefix->prefix;
    if (v.prefix && !head.empty() && prefix_known) head += "_";
    if (prefix_known && key.complete) return f_.file.make_read(call, replaced(v, to_upper(head + key.text)), ReadKind::Helper);
    if (!prefix_known) {
      std::string tail = v.prefix->suffix + "_" + (key.complete ? key.text : key.prefix);
      EnvRead r = f_.file.make_dynamic(call, call, replaced(v, to_upper(head)), key.complete ? replaced(v, to_upper(tail)) : "");
      r.dynamic_expr = v.prefix_text;
      return r;
    }
    return f_.file.make_dynamic(call, key_expr, replaced(v, to_upper(head + key.prefix)), replaced(v, to_upper(key.suffix)));
  }

  void add_viper_read(EnvRead r, const Viper& v, const NameParts& key, TSNode call, TSNode key_expr) {
    std::string k = key.complete ? key.text : std::string(f_.text(key_expr));
    if (key.complete) {
      auto it = v.defaults.find(to_lower(key.text));
      if (it != v.defaults.end()) r.default_value = it->second;
    }
    r.via.push_back(ViaStep{f_.file.src.rel, f_.file.line(call), "viper key " + k});
    if (v.prefix && v.prefix_line > 0)
      r.via.push_back(ViaStep{v.prefix_file, v.prefix_line, "viper SetEnvPrefix " + (v.prefix->complete ? v.prefix->text : v.prefix_text)});
    out_.reads.push_back(std::move(r));
  }

  // One configuration call of a viper (`v`): SetEnvPrefix, AutomaticEnv, SetEnvKeyReplacer,
  // SetDefault.
  void configure(Viper& v, std::string_view method, TSNode n) const {
    auto args = call_args(f_, n);
    if (method == "AutomaticEnv") {
      v.automatic = true;
    } else if (method == "SetEnvPrefix" && args.size() == 1) {
      v.prefix = eval_.name(args[0]);
      v.prefix_text = f_.file.make_dynamic(args[0], args[0]).dynamic_expr;
      v.prefix_file = f_.file.src.rel;
      v.prefix_line = f_.file.line(n);
    } else if (method == "SetEnvKeyReplacer" && args.size() == 1) {
      v.has_replacer = true;
      v.replacer.clear();
      TSNode r = unwrap(args[0]);
      if (qualified_call(f_, r, import_names(f_, "strings", "strings")) != "NewReplacer") return;
      auto pairs = call_args(f_, r);
      for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
        NameParts a = eval_.name(pairs[i]), b = eval_.name(pairs[i + 1]);
        if (!a.complete || !b.complete) {
          v.replacer.clear();
          break;
        }
        v.replacer.emplace_back(a.text, b.text);
      }
    } else if (method == "SetDefault" && args.size() == 2) {
      NameParts key = eval_.name(args[0]);
      if (key.complete) v.defaults[to_lower(key.text)] = default_of_value(args[1]);
    }
  }

  // The package-level viper is process-wide: what the other files of the module configure on it
  // counts here too (this file's own calls first).
  void merge_module(Viper& v) const {
    if (!eval_.module_viper) return;
    for (const ViperConfig& o : eval_.module_viper()) {
      v.automatic = v.automatic || o.automatic;
      if (!v.prefix && o.prefix) {
        v.prefix = o.prefix;
        v.prefix_text = o.prefix_text;
        v.prefix_file = o.prefix_file;
        v.prefix_line = o.prefix_line;
      }
      if (!v.has_replacer && o.has_replacer) {
        v.has_replacer = true;
        v.replacer = o.replacer;
      }
      for (const auto& [k, d] : o.defaults) v.defaults.emplace(k, d);
    }
  }

 public:
  // Pass 1 for the package-level viper only (what another file sees of this one).
  ViperConfig package_config() {
    ViperConfig v;
    viper_ = import_names(f_, "spf13/viper", "viper");
    if (viper_.empty()) return v;
    time_ = import_names(f_, "time", "time");
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view method;
      auto recv = receiver(n, method);
      if (recv && recv->empty()) configure(v, method, n);
      return true;
    });
    return v;
  }

 private:
  void viper() {
    collect_instances();
    std::map<std::string, Viper> vipers;
    // Pass 1: the configuration of each viper.
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view method;
      auto recv = receiver(n, method);
      if (!recv) return true;
      configure(vipers[*recv], method, n);
      return true;
    });
    bool merged = false;
    // Pass 2: the reads.
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view method;
      auto recv = receiver(n, method);
      if (!recv) return true;
      Viper& v = vipers[*recv];
      auto args = call_args(f_, n);
      if (args.empty()) return true;
      if (recv->empty() && !merged) {
        merged = true;
        merge_module(v);
      }
      NameParts key = eval_.name(args[0]);
      if (method == "BindEnv") {
        if (args.size() == 1) {
          add_viper_read(key_read(v, n, args[0], key), v, key, n, args[0]);
          return true;
        }
        for (size_t i = 1; i < args.size(); ++i) {
          std::vector<NameParts> names;
          if (is_type(args[i], "variadic_argument")) names = eval_.names(named_child(args[i], 0));
          else names.push_back(eval_.name(args[i]));
          for (auto& np : names) {
            TSNode at = name_site(f_, n, args[i]);
            EnvRead r = np.complete ? f_.file.make_read(at, replaced(v, np.text), ReadKind::Helper)
                                    : f_.file.make_dynamic(at, args[i], np.prefix, np.suffix);
            add_viper_read(std::move(r), v, key, n, args[0]);
          }
        }
        return true;
      }
      // With AutomaticEnv a key bound to a flag is looked up in the environment too (viper's
      // find(): flag, then env, then config) whenever it is read, Unmarshal included.
      if ((method == "BindPFlag" || method == "BindFlagValue") && v.automatic && args.size() == 2) {
        add_viper_read(key_read(v, n, args[0], key), v, key, n, args[0]);
        return true;
      }
      bool getter = (starts_with(method, "Get") && method != "GetViper" && method != "GetEnvPrefix") ||
                    method == "IsSet";
      if (getter && v.automatic && args.size() == 1) add_viper_read(key_read(v, n, args[0], key), v, key, n, args[0]);
      return true;
    });
  }

  const GoFile& f_;
  const GoExprEval& eval_;
  FileResult& out_;
  std::vector<std::string> cli_, time_, viper_, instances_;
};

}  // namespace

void extract_flag_libs(const GoFile& f, const GoExprEval& eval, FileResult& out) { FlagLibs(f, eval, out).run(); }

ViperConfig package_viper_config(const GoFile& f, const GoExprEval& eval) {
  FileResult unused;
  return FlagLibs(f, eval, unused).package_config();
}

}  // namespace envdrift::go
