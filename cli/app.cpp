#include "cli/app.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyzer/core/discovery.h"
#include "analyzer/core/driver.h"
#include "analyzer/core/normalize.h"
#include "cli/changed_since.h"
#include "cli/color.h"
#include "cli/completions.h"
#include "cli/config.h"
#include "cli/docs_command.h"
#include "cli/explain.h"
#include "cli/init.h"
#include "cli/suggest.h"
#include "registry/model.h"
#include "reports/baseline.h"
#include "reports/locations.h"
#include "reports/policy.h"
#include "reports/reporter.h"
#include "reports/unused_suppressions.h"

namespace fs = std::filesystem;

namespace envdrift {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitDrift = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIncomplete = 3;

struct Options {
  std::vector<std::string> paths;
  std::string config;
  std::vector<std::string> registries;
  std::string format = "text";
  std::string history;  // --history DIR (html trend chart)
  std::string output;
  unsigned jobs = 0;
  bool quiet = false;
  bool verbose = false;
  bool no_gitignore = false;
  bool no_cache = false;
  std::string explain_name;
  std::string baseline;        // check --baseline FILE: a previous JSON report
  std::string write_baseline;  // check --write-baseline FILE
  std::string changed_since;   // check --changed-since REF
  // check: which kinds fail / are shown (reports/policy.h), as ruff spells them
  std::vector<std::string> fail_on;  // --fail-on KIND,... (overrides the config's fail_on)
  bool fail_on_given = false;
  bool exit_zero = false;            // --exit-zero
  std::vector<std::string> select;   // --select KIND,...
  std::vector<std::string> ignore;   // --ignore KIND,...
  std::string link_base;             // --link-base URL (markdown/html links)
  FailPolicy policy;                 // resolved from the above and the config
  std::string color = "auto";  // --color auto|always|never
};

struct UsageError {
  std::string message;
};

void add_common_options(CLI::App& cmd, Options& o, bool with_paths) {
  if (with_paths) cmd.add_option("PATH", o.paths, "Files or directories to scan (default: .)");
  cmd.add_option("--config", o.config, "Config file (default: .envdrift.toml found upward from the first PATH)");
  cmd.add_option("--registry", o.registries, "Registry file (repeatable; overrides the config)")
      ->allow_extra_args(false);  // one file per --registry: in `--registry F PATH`, PATH is a path
  cmd.add_option("--format", o.format, "Output format: text, json, markdown, sarif, github, rdjsonl or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "github", "rdjsonl", "html"}));
  cmd.add_option("--history", o.history, "html: directory of earlier --format json reports for the trend chart")
      ->check(CLI::ExistingDirectory);
  cmd.add_option("--output,-o", o.output, "Write the report to FILE instead of stdout");
  cmd.add_option("--jobs,-j", o.jobs, "Parallel jobs (default: all cores)");
  cmd.add_flag("--no-gitignore", o.no_gitignore, "Do not honour .gitignore files");
  cmd.add_flag("--no-cache", o.no_cache, "Neither read nor write the result cache ($ENVDRIFT_CACHE_DIR, ~/.cache/envdrift)");
  cmd.add_flag("--quiet,-q", o.quiet, "Print nothing; only the exit code tells");
  cmd.add_flag("--verbose,-v", o.verbose, "Also print notes (skipped binary / non-UTF-8 files, ...)");
  cmd.add_option("--color", o.color, "Colour the text output: auto (a terminal, NO_COLOR unset or empty), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

std::string absolute_path(const std::string& p) { return fs::absolute(p).lexically_normal().string(); }

// Registry files by convention when neither --registry nor the config names one.
std::vector<std::string> conventional_registries(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const char* name : {".env.example", ".env.sample", ".env.template"}) {
    if (fs::is_regular_file(fs::path(root) / name, ec)) out.push_back((fs::path(root) / name).string());
  }
  fs::path docs = fs::path(root) / "docs";
  if (fs::is_directory(docs, ec)) {
    for (auto it = fs::recursive_directory_iterator(docs, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec)) continue;
      std::string fname = envdrift::to_lower(it->path().filename().string());
      std::string ext = it->path().extension().string();
      if (fname.rfind("env", 0) == 0 && (ext == ".md" || ext == ".mdx")) out.push_back(it->path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Context {
  Config config;
  std::string root;
  ScanResult scan;
  std::vector<Registry> registries;
};

// need_registry: no registry found is an error (check, docs); optional_registry: look for one,
// go on without (explain).
Context prepare(const Options& o, bool need_registry, bool optional_registry = false) {
  Context ctx;
  std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  for (const auto& p : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
      throw UsageError{fmt::format("cannot access path {}: {}", display_path(p), ec.message())};
    if (!fs::exists(st)) throw UsageError{fmt::format("path does not exist: {}", display_path(p))};
    if (!fs::is_directory(st) && !fs::is_regular_file(st))
      throw UsageError{fmt::format("not a directory or a regular file: {}", display_path(p))};
  }
  std::optional<std::string> cfg_path;
  if (!o.config.empty()) {
    std::error_code ec;
    if (!fs::exists(fs::status(o.config, ec)) && !(ec && ec != std::errc::no_such_file_or_directory))
      throw UsageError{fmt::format("config file not found: {}", o.config)};
    cfg_path = o.config;  // load_config says why another one cannot be read (a directory, a device, EACCES)
  } else {
    cfg_path = find_config(paths.front());
  }
  if (cfg_path) {
    ctx.config = load_config(*cfg_path);
    ctx.root = ctx.config.dir;
  } else {
    ctx.config.fail_on = default_fail_on();
    std::string first = absolute_path(paths.front());
    ctx.root = fs::is_directory(first) ? first : fs::path(first).parent_path().string();
  }

  ScanOptions so;
  so.root = ctx.root;
  for (const auto& p : paths) so.paths.push_back(absolute_path(p));
  so.include = ctx.config.include;
  so.exclude = ctx.config.exclude;
  so.helpers = ctx.config.helpers;
  so.scope = ctx.config.scope;
  so.max_file_size = ctx.config.max_file_size;
  so.use_gitignore = !o.no_gitignore;
  so.jobs = o.jobs;
  so.use_cache = !o.no_cache;
  so.cache_salt = std::string("envdrift ") + ENVDRIFT_VERSION;

  std::future<std::vector<Registry>> registries;
  if (need_registry || optional_registry) {
    std::vector<std::string> files;
    if (!o.registries.empty()) {
      for (const auto& r : o.registries) files.push_back(absolute_path(r));
    } else if (!ctx.config.registry.empty()) {
      for (const auto& r : ctx.config.registry) files.push_back((fs::path(ctx.config.dir) / r).lexically_normal().string());
    } else {
      files = conventional_registries(ctx.root);
    }
    if (files.empty() && need_registry) {
      throw UsageError{"no registry found: pass --registry FILE, set `registry` in .envdrift.toml, or add "
                       "docs/env*.md or .env.example"};
    }
    // Read while the tree is scanned (the pages are independent of it); a registry error is
    // raised once the scan is done, before anything is printed.
    registries = std::async(std::launch::async, [files = std::move(files), root = ctx.root] {
      std::vector<Registry> out;
      for (const auto& f : files) {
        try {
          out.push_back(read_registry_file(f, relative_to(root, f)));
        } catch (const RegistryError& e) {
          throw UsageError{e.message};
        }
      }
      return out;
    });
  }

  ctx.scan = scan(so);
  if (registries.valid()) ctx.registries = registries.get();
  if (o.verbose && !o.quiet && !ctx.scan.cache_note.empty()) std::cerr << "envdrift: note: " << ctx.scan.cache_note << "\n";
  if (o.verbose && !o.quiet)  // where the time went: what was parsed, what the cache answered
    std::cerr << fmt::format("envdrift: note: {} source files: {} analyzed ({} of them from the cache, {} parsed only in the "
                             "statements their reads depend on), {} looked at again in the symbol rounds ({} of them parsed in "
                             "part before), {} known unchanged by their stat data\n",
                             ctx.scan.source_files, ctx.scan.files_parsed, ctx.scan.files_from_cache, ctx.scan.files_partial,
                             ctx.scan.files_reread, ctx.scan.files_partial_again, ctx.scan.files_not_read);
  DevFiles dev_files(ctx.config.scope);  // the globs compiled once, matched once per file
  for (auto& r : ctx.scan.reads) {
    r.service = service_for_file(ctx.config.services, r.file);
    r.dev = dev_files.read(r);
  }
  for (auto& x : ctx.scan.escapes) x.service = service_for_file(ctx.config.services, x.file);
  return ctx;
}

bool has_errors(const std::vector<Diagnostic>& diags) {
  return std::any_of(diags.begin(), diags.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
}

// Write the rendered report to --output or stdout.
void emit(const Options& o, const std::string& text) {
  if (o.quiet) return;
  if (o.output.empty()) {
    std::cout << text;
    std::cout.flush();
    return;
  }
  std::string tmp = o.output + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw UsageError{fmt::format("cannot write {}", o.output)};
  }
  fs::rename(tmp, o.output);
}

bool use_color(const Options& o) {
  ColorMode mode = ColorMode::Auto;
  parse_color_mode(o.color, mode);
  return decide_color(mode, o.output.empty() && ::isatty(STDOUT_FILENO), std::getenv("NO_COLOR"));
}

std::string render(const Options& o, const Report& report) {
  ReporterOptions ro;
  ro.color = o.format == "text" && use_color(o);
  ro.verbose = o.verbose;
  ro.tool_version = ENVDRIFT_VERSION;
  ro.history_dir = o.history;
  ro.policy = o.policy;
  if (o.format != "text" && o.format != "json") {  // the CI formats: repository-relative paths, links
    ro.locations.base_dir = repository_root(report.root);
    ro.locations.prefix = path_prefix(ro.locations.base_dir, report.root);
    ro.locations.link_base = link_base(o.link_base);
  }
  auto reporter = make_reporter(o.format, ro);
  if (!reporter) throw UsageError{fmt::format("unknown format: {}", o.format)};
  std::ostringstream ss;
  reporter->write(report, ss);
  return std::move(ss).str();  // the buffer itself, not a copy (a JSON report runs to megabytes)
}

// The report in another format than --format (the --write-baseline JSON).
std::string render_as(const Options& o, const std::string& format, const Report& report) {
  Options other = o;
  other.format = format;
  return render(other, report);
}

void write_file(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw UsageError{fmt::format("cannot write {}", path)};
  }
  fs::rename(tmp, path);
}

Report base_report(const std::string& command, Context& ctx) {
  Report report;
  report.command = command;
  report.root = ctx.root;
  report.reads = std::move(ctx.scan.reads);
  report.diagnostics = std::move(ctx.scan.diagnostics);
  report.coverage = service_coverage(ctx.scan.coverage, ctx.scan.escapes, ctx.config.services);
  report.escapes = std::move(ctx.scan.escapes);
  report.summary.files_scanned = ctx.scan.files_scanned;
  return report;
}

int run_scan(const Options& o) {
  Context ctx = prepare(o, false);
  Report report = base_report("scan", ctx);
  summarize(report);
  emit(o, render(o, report));
  return has_errors(report.diagnostics) ? kExitIncomplete : kExitClean;
}

int run_check(Options o) {
  // Kind lists first: a typo is a usage error before any scanning.
  std::vector<FindingKind> fail_on, select, ignore;
  if (o.fail_on_given) fail_on = parse_kind_list(o.fail_on, "--fail-on");
  select = parse_kind_list(o.select, "--select");
  ignore = parse_kind_list(o.ignore, "--ignore");
  std::vector<BaselineEntry> baseline;
  if (!o.baseline.empty()) baseline = load_baseline(o.baseline);
  Context ctx = prepare(o, true);
  o.policy.fail_on = o.fail_on_given ? fail_on : ctx.config.fail_on;
  o.policy.exit_zero = o.exit_zero;
  size_t source_files = ctx.scan.source_files;
  DiffOptions dopt;
  dopt.services = ctx.config.services;
  dopt.ignore_names = ctx.config.ignore_names;
  dopt.check_dev = ctx.config.scope.check_dev;
  dopt.template_values_are_defaults = ctx.config.template_values_are_defaults;
  Report report = base_report("check", ctx);
  report.has_registry = true;
  report.registries = std::move(ctx.registries);
  for (auto& reg : report.registries)
    for (auto& d : reg.diagnostics) report.diagnostics.push_back(d);
  report.findings = diff(report.reads, report.registries, dopt);
  report.outside = outside_directories(report.reads, dopt.services);
  // Evidence before verdicts: search the code for the names about to be called unread (one
  // lexical pass over the source files, only when there is such a name), then diff again.
  if (std::vector<std::string> names = unread_candidates(report.findings, report.registries); !names.empty()) {
    dopt.mentions = find_mentions(names, ctx.scan.files);
    // Then the files of no analyzed language that may read them when the service is built or
    // run (shell scripts, Dockerfiles, compose files): evidence too, for names still unseen.
    std::vector<std::string> unseen;
    for (const auto& n : names)
      if (!dopt.mentions.count(n)) unseen.push_back(n);
    for (auto& [name, list] : find_runtime_mentions(unseen, ctx.scan.runtime_files)) dopt.mentions[name] = std::move(list);
    // And the source files `include` leaves out: code the analysis was told to skip may read them.
    std::erase_if(unseen, [&](const std::string& n) { return dopt.mentions.count(n) > 0; });
    for (auto& [name, list] : find_mentions(unseen, ctx.scan.outside_include)) {
      for (auto& m : list) m.runtime = "source file outside `include`";
      dopt.mentions[name] = std::move(list);
    }
    DevFiles dev_files(ctx.config.scope);
    for (auto& [name, list] : dopt.mentions)
      for (auto& m : list) m.dev = dev_files.file(m.file);
    dopt.escapes = report.escapes;
    report.findings = diff(report.reads, report.registries, dopt);
  }
  if (o.verbose) {  // `envdrift: ignore` comments that suppress nothing
    for (const auto& c : unused_suppressions(ctx.scan.suppressions, report.reads, report.registries, dopt))
      report.diagnostics.push_back(unused_suppression_note(c));
  }
  // Accepted drift is matched on the whole result (so stale entries are real), then limited.
  apply_allow(report, ctx.config.allow);
  if (!o.baseline.empty()) apply_baseline(report, baseline);
  if (!o.changed_since.empty()) limit_to_changes(report, collect_changes(ctx.root, o.changed_since));
  if (!select.empty() || !ignore.empty()) select_kinds(report, select, ignore);
  bool zero_reads = source_files > 0 && report.reads.empty();
  if (zero_reads) {
    report.diagnostics.push_back({Diagnostic::Severity::Error, "", 0,
                                  fmt::format("found no environment reads in {} source files; refusing to report a "
                                              "clean result (is the path right?)",
                                              source_files)});
  }
  summarize(report);
  if (!o.write_baseline.empty()) write_file(o.write_baseline, render_as(o, "json", report));
  emit(o, render(o, report));
  if (zero_reads || has_errors(report.diagnostics)) return kExitIncomplete;
  if (!o.write_baseline.empty()) return kExitClean;
  // The formats render the same policy (finding_level), so verdicts agree with this code.
  return any_failing(report.findings, o.policy) ? kExitDrift : kExitClean;
}

int run_explain(const Options& o) {
  Context ctx = prepare(o, false, true);
  ExplainResult ex = explain(o.explain_name, ctx.scan.reads, ctx.registries);
  ex.registry_found = !ctx.registries.empty();
  emit(o, o.format == "json" ? render_explain_json(ex) : render_explain_text(ex, use_color(o)));
  if (has_errors(ctx.scan.diagnostics)) return kExitIncomplete;
  return ex.reads.empty() && ex.documented.empty() ? kExitDrift : kExitClean;
}

int run_docs_command(const Options& o, DocsMode mode, bool insert, const std::string& insert_after) {
  Context ctx = prepare(o, true);
  DocsRequest req;
  req.mode = mode;
  req.root = ctx.root;
  for (const auto& reg : ctx.registries) req.pages.push_back((fs::path(ctx.root) / reg.file).lexically_normal().string());
  req.reads = std::move(ctx.scan.reads);
  req.services = ctx.config.services;
  req.columns = ctx.config.docs_columns;
  req.quiet = o.quiet;
  req.ignore_names = ctx.config.ignore_names;
  req.registries = std::move(ctx.registries);
  req.insert = insert || !insert_after.empty();
  req.insert_after = insert_after;
  return run_docs(req, std::cout, std::cerr);
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"envdrift: find environment variables that drifted from their docs", "envdrift"};
  app.set_version_flag("--version", std::string("envdrift ") + ENVDRIFT_VERSION);
  app.require_subcommand(1);
  Options o;
  CLI::App* scan_cmd = app.add_subcommand("scan", "Inventory of env reads (no registry needed)");
  add_common_options(*scan_cmd, o, true);
  CLI::App* check_cmd = app.add_subcommand("check", "Diff reads against the registry; exit 1 on drift");
  add_common_options(*check_cmd, o, true);
  check_cmd->add_option("--baseline", o.baseline, "A previous `check --format json` report: its findings are known, not counted");
  check_cmd->add_option("--write-baseline", o.write_baseline, "Write this run's JSON report to FILE (a baseline) and exit 0");
  check_cmd->add_option("--changed-since", o.changed_since, "Only findings touching files changed since the git REF");
  CLI::Option* fail_on_opt =
      check_cmd->add_option("--fail-on", o.fail_on, "Finding kinds that make check exit 1, comma-separated (overrides fail_on)")
          ->allow_extra_args(false);
  check_cmd->add_flag("--exit-zero", o.exit_zero, "Exit 0 even when findings would fail the check (errors still exit 2/3)");
  check_cmd->add_option("--select", o.select, "Report only these finding kinds, comma-separated (every format)")
      ->allow_extra_args(false);
  check_cmd->add_option("--ignore", o.ignore, "Leave these finding kinds out of the report, comma-separated")
      ->allow_extra_args(false);
  for (CLI::App* cmd : {scan_cmd, check_cmd}) {
    cmd->add_option("--link-base", o.link_base,
                    "markdown/html: link locations to URL<path>#L<line> (default from GITHUB_SERVER_URL, "
                    "GITHUB_REPOSITORY, GITHUB_SHA)");
  }
  CLI::App* explain_cmd = app.add_subcommand("explain", "Every read of NAME with its indirection chain, and its doc entry");
  explain_cmd->add_option("NAME", o.explain_name, "Variable name")->required()->type_name("NAME");
  add_common_options(*explain_cmd, o, false);
  explain_cmd->add_option("--path", o.paths, "Files or directories to scan (default: .)");
  CLI::App* docs_cmd = app.add_subcommand("docs", "Regenerate / verify the docs tables between envdrift markers");
  add_common_options(*docs_cmd, o, true);
  bool docs_write = false, docs_check = false, docs_stdout = false;
  auto* dw = docs_cmd->add_flag("--write", docs_write, "Rewrite the tables in place");
  auto* dc = docs_cmd->add_flag("--check", docs_check, "Exit 1 with a diff when a table is stale (the default)");
  auto* ds = docs_cmd->add_flag("--stdout", docs_stdout, "Print the regenerated pages");
  dw->excludes(dc)->excludes(ds);
  dc->excludes(ds);
  bool docs_insert = false;
  std::string docs_insert_after;
  docs_cmd->add_flag("--insert", docs_insert,
                     "A page without markers gets marker regions (one per service) at its end, then the tables");
  docs_cmd->add_option("--insert-after", docs_insert_after,
                       "Like --insert, at the end of the section under this heading")
      ->type_name("HEADING");
  InitOptions init_options;
  CLI::App* init_cmd = add_init_command(app, init_options);
  GeneratedOutput completions_options, man_options;
  CLI::App* completions_cmd = add_completions_command(app, completions_options);
  CLI::App* man_cmd = add_man_command(app, man_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A mistyped command or option: name it and the nearest known one ("did you mean").
    if (e.get_exit_code() != 0) {
      if (auto message = unknown_word_message(app, argc, argv)) {
        std::cerr << "envdrift: error: " << *message << "\nRun with --help for more information.\n";
        return kExitUsage;
      }
    }
    int code = app.exit(e);  // prints help / version / the error
    return code == 0 ? kExitClean : kExitUsage;
  }

  o.fail_on_given = fail_on_opt->count() > 0;
  try {
    if (scan_cmd->parsed()) return run_scan(o);
    if (check_cmd->parsed()) return run_check(o);
    if (explain_cmd->parsed()) return run_explain(o);
    if (docs_cmd->parsed())
      return run_docs_command(o, docs_write ? DocsMode::Write : docs_stdout ? DocsMode::Stdout : DocsMode::Check,
                              docs_insert, docs_insert_after);
    if (init_cmd->parsed()) return run_init(init_options);
    if (completions_cmd->parsed()) return run_completions(app, completions_options);
    if (man_cmd->parsed()) return run_man(app, man_options, ENVDRIFT_VERSION);
  } catch (const UsageError& e) {
    std::cerr << "envdrift: error: " << e.message << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::cerr << "envdrift: error: " << e.message << "\n";
    return kExitUsage;
  } catch (const BaselineError& e) {
    std::cerr << "envdrift: error: " << e.message << "\n";
    return kExitUsage;
  } catch (const ChangedSinceError& e) {
    std::cerr << "envdrift: error: " << e.message << "\n";
    return kExitUsage;
  } catch (const KindListError& e) {
    std::cerr << "envdrift: error: " << e.message << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "envdrift: internal error: " << e.what() << "\n";
    return kExitIncomplete;
  }
  return kExitUsage;
}

}  // namespace envdrift
