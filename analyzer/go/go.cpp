// The go frontend: reads of the process environment, direct and through constants and helpers.
//
// Patterns (each has a fixture of the same name under fixtures/patterns/go/):
// - os_getenv:       `os.Getenv("X")` reads X.
// - os_lookupenv:    `os.LookupEnv("X")` reads X.
// - syscall_getenv:  `syscall.Getenv("X")` reads X.
// - os_expandenv:    `os.ExpandEnv("$X and ${Y}")` reads X and Y, each at the call.
// - os_expand:       `os.Expand("${X}", os.Getenv)` reads X; with any other mapping it does not.
// - import_alias:    `import o "os"` makes `o.Getenv` the function, `import . "os"` makes
//                    `Getenv`; a local `os` (variable, parameter) shadows the import.
// - dynamic_names:   a name that is not a literal (`os.Getenv(key)`, `"KAFKA_" + x`,
//                    `fmt.Sprintf("%s_URL", p)`) makes the read `dynamic`, with the literal
//                    prefix/suffix that is known.
// - package_constants: `os.Getenv(KeyPort)`, `os.Getenv(Prefix + "PORT")` with package-level
//                    `const`/`var` names of any file of the package, or `cfg.Key` of another
//                    package of the module (go.mod), read the folded name (kind constant).
// - maps_and_loops:  `os.Getenv(keys["db"])`, `for _, k := range []string{"A", "B"}`, loops over
//                    slices of struct literals (`e.Name`, `e.Default`): one read per element
//                    (kind map).
// - helper_functions: `getEnv("X", "d")` where getEnv's parameter flows into a read (in this
//                    file, a sibling file, or `envutil.GetInt` of another package), transitively;
//                    alias and variadic helpers read every name argument, prefix helpers add
//                    their constant text, methods named *env* count too; the default is the
//                    argument that flows to the returned fallback (kind helper, via
//                    `helper getEnv file:line`). The helper's own read is not reported.
// - local_defaults:  `v := os.Getenv("X"); if v == "" { v = "d" }`, early returns.
// Defaults (in those fixtures): constant arithmetic (`10 * 1024 * 1024`), constants of other packages,
// anything else computed (shown, not compared).
// Which names mean `os` / `syscall` comes from the file's imports (env_bindings.h). Names and
// defaults are evaluated by evaluate.h; os.Setenv, os.Unsetenv and os.Environ() are not reads.
#include "analyzer/go/go.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/ancestors.h"
#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/env_param.h"
#include "analyzer/core/resolve/files.h"
#include "analyzer/go/env_bindings.h"
#include "analyzer/go/evaluate.h"
#include "analyzer/go/expand_template.h"
#include "analyzer/go/go_syntax.h"
#include "analyzer/go/libraries.h"
#include "analyzer/go/values.h"

namespace envdrift {

namespace go {
namespace {

bool has_suffix(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// The evaluator the library matchers use (libraries.h), backed by a GoEval.
GoExprEval eval_backed(GoEval& eval) {
  GoExprEval e;
  e.name = [&eval](TSNode n) {
    std::vector<TSNode> p = eval.path_to(n);
    return eval.name_parts_at(n, Path(p));
  };
  e.names = [&eval](TSNode n) {
    std::vector<NameParts> out;
    std::vector<TSNode> p = eval.path_to(n);
    TSNode lit = unwrap(n);
    if (is_type(lit, "composite_literal")) {
      // Element by element, so that a part that is not constant keeps its known prefix.
      for (TSNode el : code_children(child_by_field(lit, "body"))) {
        if (!is_type(el, "literal_element")) return literal_eval(eval.file()).names(n);
        TSNode e = named_child(el, 0);
        std::vector<TSNode> ep = eval.path_to(e);
        out.push_back(eval.name_parts_at(e, Path(ep)));
      }
      return out;
    }
    Value v = eval.eval(n, Path(p));
    if (v.type == Value::Type::Array) {
      for (const auto& item : v.items) {
        NameParts np;
        np.complete = item.type == Value::Type::Str;
        if (np.complete) np.text = item.text;
        out.push_back(std::move(np));
      }
      return out;
    }
    if (v.type == Value::Type::Str) {
      NameParts np;
      np.complete = true;
      np.text = v.text;
      out.push_back(std::move(np));
      return out;
    }
    return literal_eval(eval.file()).names(n);
  };
  e.default_value = [&eval](TSNode n) {
    std::vector<TSNode> p = eval.path_to(n);
    return eval.default_value(n, Path(p));
  };
  return e;
}

// Every build .go file of the module at `dir` (go.mod's directory): no _test.go, no vendor/,
// testdata/ or hidden directories, no nested module (a directory with its own go.mod); capped.
std::vector<std::string> module_go_files(const resolve::Project& project, const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  fs::path base = fs::path(project.root()) / dir;
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end && out.size() < 20000; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name == "vendor" || name == "testdata" || name.empty() || name[0] == '.' || name[0] == '_' ||
          fs::exists(it->path() / "go.mod", ec))
        it.disable_recursion_pending();
      continue;
    }
    if (!has_suffix(name, ".go") || has_suffix(name, "_test.go")) continue;
    std::string rel = dir + fs::relative(it->path(), base, ec).generic_string();
    if (!ec && project.has_file(rel)) out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Struct types of other files, for the library matchers: `from`'s GoEval (its imports) decides
// the package directory, the project's loaders parse the files and keep them.
class CrossFile {
 public:
  explicit CrossFile(GoEval& self) : self_(self) {}

  // The GoEval of `from`: this file's, or one made for another file the matchers reached.
  GoEval& eval_for(const GoFile& from) {
    if (&from == &self_.file()) return self_;
    auto& e = other_evals_[&from];
    if (!e) e = std::make_unique<GoEval>(from);
    return *e;
  }

  // A struct type `type` (`Spec`, `config.Spec`) of file `from` declared in another file: a
  // sibling file of from's package, or a file of the module package the qualifier imports.
  std::optional<GoStructRef> struct_decl(const GoFile& from, TSNode type) {
    resolve::Project* project = resolve::current_project();
    if (project == nullptr) return std::nullopt;
    std::string qualifier, name;
    if (is_type(type, "type_identifier")) {
      name = std::string(from.text(type));
    } else if (is_type(type, "qualified_type")) {
      qualifier = std::string(from.text(child_by_field(type, "package")));
      name = std::string(from.text(child_by_field(type, "name")));
    }
    if (name.empty()) return std::nullopt;
    std::string dir = resolve::dir_of(from.file.src.rel);
    if (!qualifier.empty()) {
      auto d = eval_for(from).import_dir(qualifier);
      if (!d) return std::nullopt;
      dir = *d;
    }
    std::string key = from.file.src.rel + "\x01" + dir + "\x01" + name;
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    std::optional<GoStructRef> out;
    for (const auto& file : resolve::project_files_in_dir(*project, dir, ".go")) {
      if (has_suffix(file, "_test.go") || file == from.file.src.rel || !project->may_mention(file, name)) continue;
      auto h = decl_handle(project->export_of(file, std::string(kDeclExport) + name, 0, make_go_loader));
      if (!h) continue;
      handles_.push_back(h);
      out = GoStructRef{h->file, h->node, name};
      break;
    }
    memo_.emplace(std::move(key), out);
    return out;
  }

 private:
  GoEval& self_;
  std::map<const GoFile*, std::unique_ptr<GoEval>> other_evals_;
  std::map<std::string, std::optional<GoStructRef>> memo_;
  std::vector<std::shared_ptr<const GoDeclHandle>> handles_;
};

// What the module's files say to every other file of the module, worked out once per scan and
// module (not once per file that asks) and kept by the scan's project.
struct ModuleFacts {
  // rel -> the package-level viper configuration the file states (files that state one).
  std::vector<std::pair<std::string, ViperConfig>> viper;
  // (file, struct) pairs another file of the module reaches with a prefix (libraries.h).
  std::set<std::pair<std::string, std::string>> claimed;
  // The module's go.mod text (its requirements decide which library an `env` tag belongs to).
  std::string go_mod;
};

std::shared_ptr<const ModuleFacts> compute_module_facts(resolve::Project& project, const std::string& dir) {
  auto facts = std::make_shared<ModuleFacts>();
  resolve::read_file_text(project.root() + dir + "go.mod", facts->go_mod);
  std::set<std::pair<std::string, std::string>> plain;  // structs some file uses without a prefix
  for (const auto& rel : module_go_files(project, dir)) {
    std::string text;
    if (!resolve::read_file_text(project.root() + rel, text)) continue;
    bool viper = text.find("spf13/viper") != std::string::npos;
    bool tags = text.find("caarlos0/env") != std::string::npos || text.find("kelseyhightower/envconfig") != std::string::npos ||
                text.find("sethvargo/go-envconfig") != std::string::npos ||
                text.find("envPrefix") != std::string::npos || text.find("prefix=") != std::string::npos;
    if (!viper && !tags) continue;
    auto h = decl_handle(project.export_of(rel, std::string(kFileExport), 0, make_go_loader));
    if (!h) continue;
    GoEval eval(*h->file);
    GoExprEval ex = eval_backed(eval);
    if (viper) {
      ViperConfig c = package_viper_config(*h->file, ex);
      if (c.automatic || c.prefix || c.has_replacer || !c.defaults.empty()) facts->viper.emplace_back(rel, std::move(c));
    }
    if (tags) {
      CrossFile cross(eval);
      ex.struct_decl = [&cross](const GoFile& from, TSNode type) { return cross.struct_decl(from, type); };
      for (auto& c : struct_claims(*h->file, ex)) {
        if (c.first.starts_with('-')) plain.emplace(c.first.substr(1), std::move(c.second));
        else facts->claimed.insert(std::move(c));
      }
    }
  }
  for (const auto& p : plain) facts->claimed.erase(p);
  return facts;
}

// One matched read before its names and default are evaluated.
struct ReadSite {
  TSNode at;                                  // the call
  std::vector<TSNode> names{};                // name expressions (an alias helper has several)
  std::vector<std::pair<std::string, std::string>> affixes{};  // per name: text the helper adds around it
  TSNode fallback{};                          // the default argument, null when none
  std::shared_ptr<const GoHelper> helper{};   // a call of an env helper
  std::optional<DefaultValue> helper_default{};  // the helper's own fallback when the call gives none
};

class GoReads {
 public:
  GoReads(const ParsedFile& file, FileResult& out) : f_(file), env_(f_), eval_(f_), out_(out) {}

  // The reads top-level function `fn` makes through its parameter `index` when a caller in
  // another file hands it a reader, and those of the functions of this file it hands the reader
  // on to: only those (the file's own scan reports the rest).
  std::optional<std::vector<EnvRead>> env_param_reads(const std::string& fn, int index) {
    TSNode decl{};
    for (TSNode d : code_children(f_.file.root))
      if (is_type(d, "function_declaration") && f_.text(f_.field(d, f_.fields.name)) == fn) decl = d;
    if (ts_node_is_null(decl)) return std::nullopt;
    int p = 0;
    std::string param;
    for (TSNode pd : code_children(child_by_field(decl, "parameters")))
      for (TSNode id : code_children(pd))
        if (is_type(id, "identifier") && p++ == index) param = std::string(f_.text(id));
    if (param.empty()) return std::nullopt;
    std::string label = "function value " + param;
    eval_.assume_reader_param(fn, index, param);
    size_t before = out_.reads.size();
    // The whole file: a function `fn` hands the reader on to reads through it too.
    walk_enter_leave(
        f_.file.root,
        [&](Path path) {
          TSNode n = path.back();
          if (is_type(n, "call_expression")) call(n, path);
          return true;
        },
        [](Path) {});
    std::vector<EnvRead> reads;
    for (size_t i = before; i < out_.reads.size(); ++i) {
      bool through = std::any_of(out_.reads[i].via.begin(), out_.reads[i].via.end(), [&](const ViaStep& v) { return v.label == label; });
      if (through) reads.push_back(std::move(out_.reads[i]));
    }
    out_.reads.resize(before);
    return reads;
  }

  void run() {
    // Library-declared reads (struct tags, flag definitions, viper) need no os import.
    GoExprEval lib_eval = expr_eval();
    extract_go_libraries(f_, lib_eval, out_);
    // A file that turns on AutomaticEnv of the package-level viper makes every viper.Get* of the
    // module a read: files that only import viper are parsed too.
    if (f_.file.src.text.find("AutomaticEnv") != std::string::npos && package_viper_config(f_, lib_eval).automatic)
      out_.read_symbols.emplace_back("spf13/viper");
    for (auto& name : eval_.declared_helpers()) out_.read_symbols.push_back(std::move(name));
    walk_enter_leave(
        f_.file.root,
        [&](Path path) {
          env_.enter(path);
          TSNode n = path.back();
          if (is_type(n, "call_expression")) call(n, path);
          return true;
        },
        [&](Path path) { env_.leave(path); });
  }

 private:
  // The evaluator the library matchers use (libraries.h): GoEval, plus the cross-file lookups.
  GoExprEval expr_eval() {
    GoExprEval e = eval_backed(eval_);
    e.struct_decl = [this](const GoFile& from, TSNode type) { return cross_.struct_decl(from, type); };
    e.module_viper = [this]() {
      std::vector<ViperConfig> out;
      if (const ModuleFacts* m = facts().get())
        for (const auto& [rel, config] : m->viper)
          if (rel != f_.file.src.rel) out.push_back(config);
      return out;
    };
    e.module_requires = [this](std::string_view path) {
      const ModuleFacts* m = facts().get();
      return m != nullptr && m->go_mod.find(path) != std::string::npos;
    };
    e.claimed = [this](const GoFile& file, const std::string& name) {
      const ModuleFacts* m = facts().get();
      return m != nullptr && m->claimed.count({file.file.src.rel, name}) != 0;
    };
    return e;
  }

  // The module-wide facts of this file's module (null outside a scan or a module).
  const std::shared_ptr<const ModuleFacts>& facts() {
    if (!facts_looked_) {
      facts_looked_ = true;
      resolve::Project* project = resolve::current_project();
      auto dir = eval_.module_dir();
      if (project != nullptr && !project->root().empty() && dir)
        facts_ = project->shared<ModuleFacts>("go module facts\x01" + *dir,
                                              [&] { return compute_module_facts(*project, *dir); });
    }
    return facts_;
  }

  void call(TSNode call, Path path) {
    TSNode callee = f_.field(call, f_.fields.function);
    auto args = code_children(f_.field(call, f_.fields.arguments));
    auto fn = env_.any() ? env_.env_function(callee) : std::nullopt;
    if (!fn) {
      helper_call(call, callee, args, path);
      return;
    }
    if (args.empty()) return;
    switch (*fn) {
      case EnvFunction::Getenv:
      case EnvFunction::LookupEnv:
        emit(ReadSite{call, {args[0]}}, path);
        break;
      case EnvFunction::ExpandEnv:
        template_reads(call, args[0], path);
        break;
      case EnvFunction::Expand:
        if (args.size() >= 2 && env_.env_function(args[1]) == EnvFunction::Getenv) template_reads(call, args[0], path);
        break;
    }
  }

  // `getEnv("X", "d")`, `envutil.GetInt("X", 5)`: a call of an env helper.
  void helper_call(TSNode call, TSNode callee, const std::vector<TSNode>& args, Path path) {
    TSNode c = unwrap(callee);
    if (!is_type(c, "identifier") && !is_type(c, "selector_expression")) return;
    if (eval_.env_selector(c)) return;  // `os.Getenv` with a local `os`: not the environment
    auto h = eval_.helper_of(callee, path);
    if (!h) {
      if (!follow_reader_argument(call, c, args, path)) escapes(c, args, path);
      return;
    }
    if (h->unbound) return;  // a function-typed parameter no call of this file hands a reader
    // `get(os.Getenv, "PORT")`: a read only where the function-typed argument is a reader.
    if (h->getter_param >= 0) {
      if (static_cast<size_t>(h->getter_param) >= args.size()) return;
      TSNode g = unwrap(args[h->getter_param]);
      if (!is_type(g, "identifier") && !is_type(g, "selector_expression")) return;
      auto r = eval_.helper_of(g, path);
      if (!r || r->unbound) return;
    }
    ReadSite site{call, {}};
    for (size_t i = 0; i < h->name_params.size(); ++i) {
      int p = h->name_params[i];
      if (p < 0 || static_cast<size_t>(p) >= args.size()) continue;
      // A variadic name parameter takes every argument from it on.
      size_t last = p == h->variadic_param ? args.size() : static_cast<size_t>(p) + 1;
      for (size_t a = static_cast<size_t>(p); a < last; ++a) {
        site.names.push_back(args[a]);
        site.affixes.push_back(h->name_affixes[i]);
      }
    }
    if (site.names.empty()) return;
    if (h->default_param >= 0 && static_cast<size_t>(h->default_param) < args.size()) site.fallback = args[h->default_param];
    site.helper = h;
    if (ts_node_is_null(site.fallback)) site.helper_default = h->constant_default;
    emit(site, path);
  }

  // `cfg.Read(os.Getenv)` with `Read` a function of another package of the module (or of another
  // file of this one): the reads it makes with that argument a reader, where it makes them, with
  // a `call` step here. False when no argument is a reader or the callee is no such function.
  bool follow_reader_argument(TSNode call, TSNode callee, const std::vector<TSNode>& args, Path path) {
    for (size_t i = 0; i < args.size(); ++i) {
      TSNode a = unwrap(args[i]);
      if (!is_type(a, "identifier") && !is_type(a, "selector_expression")) continue;
      auto r = reader_of(eval_.eval(a, path));
      if (!r || r->unbound) continue;
      auto reads = resolve::env_reads_of(eval_.env_param_reads_of(callee, static_cast<int>(i)), Language::Go);
      if (!reads) {
        // A function of another package of the module the analysis could not find or follow.
        TSNode q = is_type(callee, "selector_expression") ? unwrap(f_.field(callee, f_.fields.operand)) : TSNode{};
        if (!r->builtin || !is_type(q, "identifier") || !eval_.import_dir(f_.text(q))) continue;
        out_.escapes.push_back(f_.file.make_escape(a, r->name + " escapes into " + std::string(f_.text(callee)) +
                                                          "() of another package (not followed)"));
        return true;
      }
      ViaStep step{f_.file.src.rel, f_.file.line(call), "call " + std::string(f_.text(callee))};
      for (EnvRead& read : *reads) {
        read.via.push_back(step);
        out_.reads.push_back(std::move(read));
      }
      out_.handled_lines.push_back(f_.file.line(a));
      return true;
    }
    return false;
  }

  // Where the environment flows into a package outside the module the analyzer does not model:
  // `os.Getenv` / `os.LookupEnv` as a value, or `os.Environ()`, handed to a function of a
  // third-party package (the standard library and the modelled configuration libraries are not
  // escapes: `exec.Cmd{Env: os.Environ()}`, `os.Expand(s, os.Getenv)`, `env.ToMap(os.Environ())`).
  void escapes(TSNode callee, const std::vector<TSNode>& args, Path path) {
    if (!is_type(callee, "selector_expression") || args.empty()) return;
    TSNode q = unwrap(f_.field(callee, f_.fields.operand));
    if (!is_type(q, "identifier")) return;
    auto pkg = eval_.import_path(f_.text(q));
    if (!pkg || !third_party(*pkg) || eval_.import_dir(f_.text(q))) return;
    for (TSNode a : args) {
      a = unwrap(a);
      std::string what;
      if (is_type(a, "call_expression")) {
        TSNode fn = unwrap(f_.field(a, f_.fields.function));
        if (!is_type(fn, "selector_expression") || f_.text(f_.field(fn, f_.fields.field)) != "Environ") continue;
        TSNode oq = unwrap(f_.field(fn, f_.fields.operand));
        if (!is_type(oq, "identifier") || eval_.import_path(f_.text(oq)) != std::optional<std::string>("os")) continue;
        what = "os.Environ()";
      } else if (is_type(a, "identifier") || is_type(a, "selector_expression")) {
        auto r = reader_of(eval_.eval(a, path));
        if (!r || !r->builtin) continue;
        what = r->name;
      } else {
        continue;
      }
      out_.escapes.push_back(f_.file.make_escape(a, what + " escapes into " + std::string(f_.text(callee)) + "()"));
    }
  }

  // An import path outside the standard library (its first element has a dot) that is not one
  // of the configuration libraries modelled here.
  static bool third_party(const std::string& path) {
    size_t slash = path.find('/');
    if (path.substr(0, slash).find('.') == std::string::npos) return false;
    static const std::vector<std::string_view> kModelled{
        "github.com/sethvargo/go-envconfig", "github.com/caarlos0/env", "github.com/kelseyhightower/envconfig",
        "github.com/urfave/cli", "github.com/spf13/viper", "github.com/alexflint/go-arg"};
    for (auto m : kModelled)
      if (path.compare(0, m.size(), m) == 0) return false;
    return true;
  }

  // The loop rounds a read is evaluated in: one per element of the innermost enclosing `range`
  // whose variables the name depends on (so that a record's name and default stay together).
  std::vector<Bindings> loop_rounds(Path path) {
    for (size_t i = path.size(); i-- > 0;) {
      if (!is_type(path[i], "for_statement")) continue;
      TSNode clause{};
      for (TSNode k : code_children(path[i]))
        if (is_type(k, "range_clause")) clause = k;
      if (ts_node_is_null(clause)) continue;
      std::vector<std::string> vars;
      for (TSNode id : code_children(f_.field(clause, f_.fields.left))) vars.emplace_back(is_type(id, "identifier") ? f_.text(id) : "_");
      TSNode right = f_.field(clause, f_.fields.right);
      Value src = eval_.eval(right, path.subspan(0, i));
      std::vector<Bindings> rounds;
      ViaStep step{f_.file.src.rel, f_.file.line(clause), "loop " + clip_source(f_.text(right), 60)};
      if (src.type == Value::Type::Array && src.items.size() <= resolve::kMaxAlternatives) {
        for (size_t k = 0; k < src.items.size(); ++k) {
          Bindings b;
          Value el = resolve::member(src, std::to_string(k));
          resolve::add_step(el, step, ReadKind::Map);
          if (vars.size() >= 1) b[vars[0]] = Value::num(std::to_string(k));
          if (vars.size() >= 2) b[vars[1]] = el;
          rounds.push_back(std::move(b));
        }
      } else if (src.type == Value::Type::Record && src.fields.size() <= resolve::kMaxAlternatives) {
        Value keys = resolve::elements(src, false);
        for (size_t k = 0; k < src.fields.size(); ++k) {
          Bindings b;
          Value key = keys.type == Value::Type::Set && k < keys.items.size() ? keys.items[k] : Value::str(src.fields[k].first);
          resolve::add_step(key, step, ReadKind::Map);
          Value el = resolve::member(src, src.fields[k].first);
          resolve::add_step(el, step, ReadKind::Map);
          if (vars.size() >= 1) b[vars[0]] = key;
          if (vars.size() >= 2) b[vars[1]] = el;
          rounds.push_back(std::move(b));
        }
      } else {
        continue;
      }
      rounds.erase(std::remove_if(rounds.begin(), rounds.end(), [](Bindings& b) { return (b.erase("_"), b.empty()); }), rounds.end());
      if (!rounds.empty()) return rounds;
    }
    return {};
  }

  void emit(const ReadSite& site, Path path) {
    std::vector<Value> plain;
    bool needs_rounds = false;
    for (TSNode n : site.names) {
      if (is_type(n, "variadic_argument")) {
        out_.reads.push_back(f_.file.make_dynamic(site.at, n));
        return;
      }
      plain.push_back(affixed(site, plain.size(), eval_.eval(n, path)));
      // Inside a helper body the name is the helper's parameter: summarized, not a read.
      if (names_helper_param(n, path)) {
        out_.handled_lines.push_back(f_.file.line(site.at));
        return;
      }
      if (plain.back().type == Value::Type::Set || plain.back().type == Value::Type::Unknown) needs_rounds = true;
    }
    std::vector<Bindings> rounds;
    if (needs_rounds) rounds = loop_rounds(path);
    if (rounds.empty()) rounds.emplace_back();
    std::set<std::pair<std::string, std::string>> seen;
    for (const Bindings& b : rounds) {
      std::optional<DefaultValue> dflt;
      if (!ts_node_is_null(site.fallback)) dflt = eval_.default_value(site.fallback, path, b.empty() ? nullptr : &b);
      else if (site.helper && !site.helper->builtin) dflt = site.helper_default;
      else dflt = eval_.local_default(site.at, path);
      for (size_t i = 0; i < site.names.size(); ++i) {
        Value v = b.empty() ? plain[i] : affixed(site, i, eval_.eval(site.names[i], path, &b));
        auto alts = resolve::alternatives(v);
        bool all_str = !alts.empty() && v.type != Value::Type::Unknown;
        for (auto& a : alts)
          if (a.type != Value::Type::Str) all_str = false;
        if (!all_str) {
          NameParts np = eval_.name_parts_at(site.names[i], path, b.empty() ? nullptr : &b);
          if (i < site.affixes.size()) {
            const auto& [pre, suf] = site.affixes[i];
            if (np.complete) np.text = pre + np.text + suf;
            else np.prefix = pre + np.prefix, np.suffix += suf;
          }
          if (np.complete && np.text.empty()) continue;  // `os.Getenv("")` names nothing
          if (!seen.insert({"?" + np.prefix + "?" + np.suffix, ""}).second) continue;
          TSNode at = site_of(site, i);
          EnvRead r = np.complete ? f_.file.make_read(at, std::move(np.text), ReadKind::Direct)
                                  : f_.file.make_dynamic(at, site.names[i], std::move(np.prefix), std::move(np.suffix));
          finish(r, site, dflt);
          continue;
        }
        for (auto& a : alts) {
          if (a.text.empty()) continue;
          if (!seen.insert({a.text, dflt ? dflt->raw + "\x01" + dflt->value : "\x02"}).second) continue;
          EnvRead r = f_.file.make_read(site_of(site, i), a.text, a.kind);
          r.via = a.via;
          finish(r, site, dflt);
        }
      }
    }
  }

  // Where the read of a site's i-th name is reported: the call, or for a call with several
  // names (alias and variadic helpers) written one per line, the name's own literal.
  TSNode site_of(const ReadSite& site, size_t i) const {
    return site.names.size() > 1 ? name_site(f_, site.at, site.names[i]) : site.at;
  }

  // Is `name` built from a name parameter of the helper whose body holds it
  // (`os.Getenv(prefix + name)` in `func prefixed(name string)`)?
  bool names_helper_param(TSNode name, Path path) {
    // The nearest function around the read (climbed once per file: functions_ remembers the levels).
    size_t i = functions_.find(path, path.size() - 1, [&](size_t j) {
      std::string_view t = node_type(path[j]);
      return t == "func_literal" || t == "function_declaration" || t == "method_declaration";
    });
    if (i != AncestorSkipper::npos) {
      std::string_view t = node_type(path[i]);
      if (t == "func_literal") return false;
      auto h = eval_.summarize(path[i]);
      if (!h) return false;
      auto params = parameter_identifiers(path[i]);
      Bindings b;
      for (int p : h->name_params)
        if (p >= 0 && static_cast<size_t>(p) < params.size()) b[std::string(f_.text(params[p]))] = param_marker(p == h->variadic_param);
      Value v = eval_.eval(name, path, &b);
      for (const auto& alt : resolve::alternatives(v))
        if (alt.type == Value::Type::Str && alt.text.find(kParamMarker) != std::string::npos) return true;
      return false;
    }
    return false;
  }

  // A helper's name argument with the text the helper puts around it (`"APP_" + name`).
  static Value affixed(const ReadSite& site, size_t i, Value v) {
    if (i >= site.affixes.size() || v.type == Value::Type::Param) return v;
    const auto& [pre, suf] = site.affixes[i];
    if (pre.empty() && suf.empty()) return v;
    return resolve::binary("+", resolve::binary("+", Value::str(pre), v), Value::str(suf));
  }

  void finish(EnvRead& r, const ReadSite& site, const std::optional<DefaultValue>& dflt) {
    r.default_value = dflt;
    if (site.helper && site.helper->builtin) {
      r.via.insert(r.via.begin(), ViaStep{f_.file.src.rel, f_.file.line(site.at), "function value " + site.helper->name});
    } else if (site.helper) {
      r.via.insert(r.via.begin(), ViaStep{site.helper->file, site.helper->line, "helper " + site.helper->name});
      if (r.kind != ReadKind::Dynamic) r.kind = ReadKind::Helper;
    }
    out_.reads.push_back(std::move(r));
  }

  // `os.ExpandEnv("$X ${Y}")`: one direct read per referenced variable, each at the call; a
  // repeated name is read once. A template that is not a constant is one dynamic read (the
  // names are unknown).
  void template_reads(TSNode call, TSNode tmpl, Path path) {
    Value v = eval_.eval(tmpl, path);
    if (v.type != Value::Type::Str) {
      out_.reads.push_back(f_.file.make_dynamic(call, tmpl));
      return;
    }
    std::vector<std::string> seen;
    for (auto& name : expand_template_names(v.text)) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;  // `$X/$X`: one read
      seen.push_back(name);
      EnvRead r = f_.file.make_read(call, std::move(name), v.kind);
      r.via = v.via;
      out_.reads.push_back(std::move(r));
    }
  }

  GoFile f_;
  EnvBindings env_;
  GoEval eval_;
  FileResult& out_;
  CrossFile cross_{eval_};
  bool facts_looked_ = false;
  std::shared_ptr<const ModuleFacts> facts_;
  AncestorSkipper functions_;  // names_helper_param's climbs to the enclosing function
};

}  // namespace
}  // namespace go

void extract_go(const ParsedFile& file, FileResult& out) {
  if (ts_node_is_null(file.root)) return;
  go::GoReads(file, out).run();
}

std::optional<std::vector<EnvRead>> go_env_param_reads(const ParsedFile& file, const std::string& fn, int index) {
  if (ts_node_is_null(file.root)) return std::nullopt;
  FileResult scratch;
  return go::GoReads(file, scratch).env_param_reads(fn, index);
}

}  // namespace envdrift
