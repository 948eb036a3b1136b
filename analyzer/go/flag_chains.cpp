// Flag libraries whose variables come from method chains or a parse option (library_table.h):
// - kingpin_envar: `app.Flag("port", "…").Envar("PORT").Default("8080")` reads PORT with default
//                  8080 (kind `schema`); with `kingpin.New("foo", …).DefaultEnvars()` (or
//                  `app.DefaultEnvars()`) a flag without Envar reads FOO_<FLAG> (envar_transform),
//                  `.NoEnvar()` none. Commands of the application (`app.Command(…)`) count too.
//                  Only chains rooted at the kingpin package or a variable bound to its
//                  application are followed: another type's Envar is not a read.
// - ff_env_prefix: `ff.Parse(fs, args, ff.WithEnvVarPrefix("APP"))` (also inside an ffcli
//                  `Command{FlagSet: fs, Options: …}`) makes every flag defined on fs
//                  (`fs.String("http-addr", "d", …)`, `fs.IntVar(&p, "port", 8080, …)`, v4
//                  `fs.StringLong("addr", "d", …)`) read APP_HTTP_ADDR with the flag's default
//                  (kind `schema`); `ff.WithEnvVars()` / `WithEnvVarNoPrefix()` read no prefix.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/core/normalize.h"
#include "analyzer/go/libraries.h"
#include "analyzer/go/library_table.h"
#include "analyzer/go/tag_syntax.h"

namespace envdrift::go {
namespace {

constexpr int kMaxChain = 32;

// `x.m(args)`: the call's method and receiver, else nullopt.
struct Link {
  std::string_view method;
  TSNode call{};
  TSNode receiver{};
};

std::optional<Link> link_of(const GoFile& f, TSNode call) {
  if (!is_type(call, "call_expression")) return std::nullopt;
  TSNode fn = unwrap(f.field(call, f.fields.function));
  if (!is_type(fn, "selector_expression")) return std::nullopt;
  return Link{f.text(f.field(fn, f.fields.field)), call, unwrap(f.field(fn, f.fields.operand))};
}

// The links of the chain a root call starts, going up: `root.A(…).B(…)` -> A, B.
std::vector<Link> chain_above(const GoFile& f, TSNode root) {
  std::vector<Link> out;
  TSNode cur = root;
  for (int i = 0; i < kMaxChain; ++i) {
    TSNode sel = ts_node_parent(cur);
    if (!is_type(sel, "selector_expression")) break;
    TSNode call = ts_node_parent(sel);
    if (!is_type(call, "call_expression")) break;
    auto l = link_of(f, call);
    if (!l) break;
    out.push_back(*l);
    cur = call;
  }
  return out;
}

class FlagChains {
 public:
  FlagChains(const GoFile& f, const GoExprEval& eval, FileResult& out) : f_(f), eval_(eval), out_(out) {}

  void run() {
    for (const auto& row : chain_libraries()) kingpin(row);
    ff();
  }

 private:
  struct App {
    NameParts name;
    bool derive = false;
  };

  // The application a chain's innermost receiver means: the package (kingpin.CommandLine, name
  // unknown), or a variable bound to `q.New(name, …)…` / `app.Command(…)`.
  std::optional<App> app_of(const ChainLibrary& row, const std::vector<std::string>& q, TSNode recv, int depth) const {
    if (depth > 8) return std::nullopt;
    recv = unwrap(recv);
    if (is_type(recv, "identifier")) {
      for (const auto& name : q)
        if (f_.text(recv) == name) return App{NameParts{}, false};
      std::string var(f_.text(recv));
      TSNode bound = local_binding(f_, recv);
      if (ts_node_is_null(bound)) return std::nullopt;
      auto app = app_of(row, q, bound, depth + 1);
      if (app && derived_vars_.count(var)) app->derive = true;
      return app;
    }
    // A chain: descend to its innermost call, noting DefaultEnvars on the way.
    bool derive = false;
    TSNode cur = recv;
    for (int i = 0; i < kMaxChain; ++i) {
      auto l = link_of(f_, cur);
      if (!l) return std::nullopt;
      if (l->method == row.derive_method) derive = true;
      for (const auto& name : q) {
        if (f_.text(l->receiver) == name && l->method == row.app_ctor) {
          auto args = call_args(f_, l->call);
          if (args.empty()) return std::nullopt;
          return App{eval_.name(args[0]), derive};
        }
      }
      if (l->method == row.sub) {  // app.Command(…): the application's
        auto app = app_of(row, q, l->receiver, depth + 1);
        if (app) app->derive = app->derive || derive;
        return app;
      }
      cur = l->receiver;
    }
    return std::nullopt;
  }

  void kingpin(const ChainLibrary& row) {
    auto q = import_names(f_, row.import_path, "kingpin");
    if (q.empty()) return;
    // `app.DefaultEnvars()` as a statement turns derivation on for that variable.
    walk_preorder(f_.file.root, [&](TSNode n) {
      if (auto l = link_of(f_, n); l && l->method == row.derive_method && is_type(l->receiver, "identifier"))
        derived_vars_.insert(std::string(f_.text(l->receiver)));
      return true;
    });
    walk_preorder(f_.file.root, [&](TSNode n) {
      auto l = link_of(f_, n);
      if (!l || l->method != row.root) return true;
      auto app = app_of(row, q, l->receiver, 0);
      if (!app) return true;
      auto args = call_args(f_, n);
      if (args.empty()) return true;
      NameParts flag = eval_.name(args[0]);
      std::vector<Link> chain = chain_above(f_, n);
      std::optional<DefaultValue> dflt;
      std::vector<std::pair<NameParts, TSNode>> names;
      bool none = false;
      for (const auto& link : chain) {
        auto largs = call_args(f_, link.call);
        if (link.method == row.default_method && !largs.empty() && !dflt) dflt = eval_.default_value(largs[0]);
        else if (link.method == row.name_method && !largs.empty()) names.emplace_back(eval_.name(largs[0]), largs[0]);
        else if (link.method == row.no_env_method) none = true;
      }
      std::string label = std::string(row.id) + " flag " + (flag.complete ? flag.text : std::string(f_.text(args[0])));
      if (names.empty() && !none && app->derive && app->name.complete && flag.complete)
        names.emplace_back(NameParts{true, envar_transform(app->name.text + "_" + flag.text), {}, {}}, TSNode{});
      if (none) names.clear();
      for (auto& [np, expr] : names) {
        TSNode at = ts_node_is_null(expr) ? n : name_site(f_, n, expr);
        EnvRead r = np.complete ? f_.file.make_read(at, np.text, ReadKind::Schema)
                                : f_.file.make_dynamic(at, expr, np.prefix, np.suffix);
        r.default_value = dflt;
        r.via.push_back(ViaStep{f_.file.src.rel, f_.file.line(n), label});
        out_.reads.push_back(std::move(r));
      }
      return true;
    });
  }

  // --- ff ---------------------------------------------------------------------------------------

  // (name argument, default argument or -1) of a flag-defining method, std flag.FlagSet or ff v4.
  static std::optional<std::pair<int, int>> flag_method(std::string_view m, bool v4) {
    static const std::vector<std::string_view> kTypes{"Bool", "Int", "Int64", "Uint", "Uint64", "String",
                                                      "Float64", "Duration", "StringList", "StringSet", "StringEnum"};
    for (auto t : kTypes) {
      bool is_bool = t == "Bool";
      if (!v4) {
        if (m == t) return std::make_pair(0, 1);
        if (m.size() == t.size() + 3 && m.starts_with(t) && m.ends_with("Var")) return std::make_pair(1, 2);
      } else {
        if (m == t) return std::make_pair(1, is_bool ? -1 : 2);
        if (m.size() == t.size() + 4 && m.starts_with(t) && m.ends_with("Long")) return std::make_pair(0, is_bool ? -1 : 1);
        if (m.size() == t.size() + 3 && m.starts_with(t) && m.ends_with("Var")) return std::make_pair(2, is_bool ? -1 : 3);
      }
    }
    if (!v4 && (m == "Func" || m == "BoolFunc")) return std::make_pair(0, -1);
    if (!v4 && (m == "Var" || m == "TextVar")) return std::make_pair(1, -1);
    return std::nullopt;
  }

  void ff() {
    std::vector<std::string> q;
    for (const auto& p : import_paths(f_))
      if (p.find("peterbourgon/ff") != std::string::npos && p.find("ffcli") == std::string::npos &&
          p.find("ffyaml") == std::string::npos)
        for (auto& n : import_names(f_, p, "ff")) q.push_back(std::move(n));
    if (q.empty()) return;
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view fn = qualified_call(f_, n, q);
      const PrefixOption* opt = nullptr;
      for (const auto& row : prefix_options())
        if (row.import_path == "peterbourgon/ff" && row.function == fn) opt = &row;
      if (opt == nullptr) return true;
      std::string prefix;
      if (opt->prefix_arg >= 0) {
        auto args = call_args(f_, n);
        if (args.size() <= static_cast<size_t>(opt->prefix_arg)) return true;
        NameParts np = eval_.name(args[static_cast<size_t>(opt->prefix_arg)]);
        if (!np.complete) return true;
        prefix = np.text + std::string(opt->join);
      }
      TSNode fs = flag_set_of(n, q);
      if (!ts_node_is_null(fs)) flags_of(fs, prefix, ViaStep{f_.file.src.rel, f_.file.line(n), "ff " + std::string(fn) + (prefix.empty() ? "" : " " + prefix)});
      return true;
    });
  }

  // The flag set an option configures: `ff.Parse(fs, …, opt)` or `ffcli.Command{FlagSet: fs, …}`.
  TSNode flag_set_of(TSNode opt, const std::vector<std::string>& q) const {
    TSNode cur = opt;
    for (int i = 0; i < 6 && !ts_node_is_null(cur); ++i) {
      cur = ts_node_parent(cur);
      if (qualified_call(f_, cur, q) == "Parse") {
        auto args = call_args(f_, cur);
        return args.empty() ? TSNode{} : args[0];
      }
      if (is_type(cur, "composite_literal")) {
        TSNode fs = keyed_value(f_, cur, "FlagSet");
        if (!ts_node_is_null(fs)) return fs;
      }
    }
    return TSNode{};
  }

  void flags_of(TSNode fs, const std::string& prefix, const ViaStep& via) {
    fs = unwrap(fs);
    std::string recv;      // the receiver text flag definitions use
    TSNode binding{};
    bool v4 = false;
    if (is_type(fs, "selector_expression") && f_.text(f_.field(fs, f_.fields.field)) == "CommandLine") {
      recv = std::string(f_.text(f_.field(fs, f_.fields.operand)));  // `flag.String(…)`
    } else if (is_type(fs, "identifier")) {
      recv = std::string(f_.text(fs));
      binding = local_binding(f_, fs);
      if (auto l = link_of(f_, unwrap(binding)); l && l->method == "NewFlagSet")
        v4 = f_.text(l->receiver) != "flag";
    } else {
      return;
    }
    walk_preorder(f_.file.root, [&](TSNode n) {
      auto l = link_of(f_, n);
      if (!l || f_.text(l->receiver) != recv) return true;
      if (!ts_node_is_null(binding)) {
        TSNode b = local_binding(f_, l->receiver);
        if (ts_node_is_null(b) || ts_node_start_byte(b) != ts_node_start_byte(binding)) return true;
      }
      auto m = flag_method(l->method, v4);
      if (!m) return true;
      auto args = call_args(f_, n);
      if (args.size() <= static_cast<size_t>(m->first)) return true;
      NameParts flag = eval_.name(args[static_cast<size_t>(m->first)]);
      if (!flag.complete || flag.text.empty()) return true;
      EnvRead r = f_.file.make_read(n, envar_transform(prefix + flag.text), ReadKind::Schema);
      if (m->second >= 0 && args.size() > static_cast<size_t>(m->second))
        r.default_value = eval_.default_value(args[static_cast<size_t>(m->second)]);
      r.via.push_back(ViaStep{f_.file.src.rel, f_.file.line(n), "flag " + flag.text});
      r.via.push_back(via);
      out_.reads.push_back(std::move(r));
      return true;
    });
  }

  const GoFile& f_;
  const GoExprEval& eval_;
  FileResult& out_;
  std::set<std::string> derived_vars_;
};

}  // namespace

void extract_flag_chains(const GoFile& f, const GoExprEval& eval, FileResult& out) { FlagChains(f, eval, out).run(); }

}  // namespace envdrift::go
