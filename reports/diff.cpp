// The diff engine: reads against documented variables (SPEC sections 2, 4 and 5).
//
// Semantics
// - Names match exactly. A read of a documented alias counts as a read of that variable.
// - Services. A read belongs to EnvRead::service when set, else to the service whose root is the
//   longest prefix of its file (`service_for_file`); without configured services everything is
//   the one service "". A doc entry belongs to the service whose `doc_section` starts (case-
//   insensitively) some heading of its section path (the innermost such heading decides; the
//   longest doc_section wins a tie). Entries no service claims are shared: documented there
//   means documented for every service.
// - Outside services. With services configured, a read in a file under no service root belongs
//   to no service (Finding::outside): its default is compared only with shared entries, never
//   with a service's; a name it reads that only a service's section documents is no finding at
//   all (never wrong_section); an undocumented one is reported in the "outside services" group.
//   It still counts as reading any entry (code outside services is often a library the
//   services import), so it never makes a service's entry `unread`.
// - Dev scope. A read in dev code (EnvRead::dev: tests, tool configs, scripts) is never
//   undocumented, dynamic or compared for defaults, and does not count as reading an entry; an
//   unread entry that dev code reads says so and is informational (Finding::dev_only).
//   DiffOptions::check_dev makes dev reads ordinary.
// - Suppression: a read is left out of a finding of kind K when its `suppressions` hold K's name
//   or "" (every kind). Names in Registry::ignored (any registry) are not reported at all; names
//   in DiffOptions::ignore_names are never undocumented / wrong_section.
// - undocumented: a resolved (non-dynamic) read whose name no entry documents anywhere. One
//   finding per (service, name) with every unsuppressed code location.
// - wrong_section: like undocumented, but the name is documented under other services'
//   sections only. `doc` is the first such entry; the message names the owning services.
// - unread: an entry none of whose names (name or aliases) is read in its scope (its owner's
//   files, files of no service, or every file for a shared entry), and that no dynamic read in
//   scope may produce (non-empty known prefix is a prefix of the name, known suffix a suffix).
//   One finding per (owner, name); the message names the other services that do read it.
// - unresolved: an unread entry whose name (or an alias) appears in the code of its scope
//   (DiffOptions::mentions: a string literal, member, key, keyword, struct tag): the analyzer
//   cannot tell, so it is informational and lists where the name appears, never `unread`.
//   unread and unresolved findings of a service holding an escape (DiffOptions::escapes) are
//   marked `incomplete`.
// - default_mismatch: an entry whose default is stated and comparable, against reads in scope
//   that have a comparable code default. The docs' "no default" (nullopt) equals a code default
//   "" and differs from any other. Reads without a code default are not compared. One finding
//   per entry (per reading service for a shared entry), listing the differing code locations.
// - dynamic: one finding per dynamic read; name = its known prefix, message names the expression.
// - duplicate: a primary name documented twice on one page within the same section path; one
//   finding per extra occurrence, pointing at it (different sections are never duplicates).
// Findings come out sorted by kind, service, name, then the first file/line involved.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "analyzer/core/normalize.h"
#include "reports/findings.h"

namespace envdrift {

namespace {

bool suppressed(const EnvRead& r, FindingKind kind) {
  std::string_view name = finding_kind_name(kind);
  return std::any_of(r.suppressions.begin(), r.suppressions.end(),
                     [&](const std::string& s) { return s.empty() || s == name; });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Could a dynamic read with this known prefix/suffix produce `name`?
bool dynamic_may_read(const EnvRead& r, std::string_view name) {
  if (r.name.empty()) return false;
  return name.size() >= r.name.size() + r.dynamic_suffix.size() && starts_with(name, r.name) &&
         ends_with(name, r.dynamic_suffix);
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", v);
  }
  return out;
}

std::string plain_list(const std::set<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

FindingCode code_of(const EnvRead& r) {
  return FindingCode{r.file, r.line, r.column, r.default_value, {}, r.end_line, r.end_column};
}

FindingDoc doc_of(const DocVariable& v) { return FindingDoc{v.file, v.line, v.default_value, v.section_path()}; }

}  // namespace

// The owning service of a doc section ("" = shared). Declared in findings.h: `envdrift docs`
// leaves variables of shared sections out of service tables.
std::string section_owner(const std::vector<std::string>& section, const std::vector<ServiceSpec>& services) {
  for (auto it = section.rbegin(); it != section.rend(); ++it) {
    std::string_view heading = trim(*it);
    const ServiceSpec* best = nullptr;
    for (const auto& s : services) {
      std::string_view prefix = trim(s.doc_section);
      if (prefix.empty() || heading.size() < prefix.size()) continue;
      if (!iequals(heading.substr(0, prefix.size()), prefix)) continue;
      if (best == nullptr || prefix.size() > trim(best->doc_section).size()) best = &s;
    }
    if (best != nullptr) return best->name;
  }
  return {};
}

namespace {

struct Entry {
  const DocVariable* var = nullptr;
  std::string owner;  // "" = shared
};

struct Read {
  const EnvRead* read = nullptr;
  std::string service;
};

class Differ {
 public:
  Differ(const std::vector<EnvRead>& reads, const std::vector<Registry>& registries, const DiffOptions& options)
      : registries_(registries), options_(options), outside_(!options.services.empty()) {
    for (const auto& reg : registries) {
      for (const auto& n : reg.ignored) registry_ignored_.insert(n);
      for (const auto& m : reg.mentioned) mentioned_.insert(m.name);
      for (const auto& v : reg.variables) entries_.push_back({&v, section_owner(v.section, options.services)});
    }
    for (size_t i = 0; i < entries_.size(); ++i) {
      by_name_[entries_[i].var->name].push_back(i);
      for (const auto& a : entries_[i].var->aliases) by_name_[a].push_back(i);
    }
    for (const auto& r : reads) {
      std::string service;
      if (!options.services.empty()) service = !r.service.empty() ? r.service : service_for_file(options.services, r.file);
      reads_.push_back({&r, std::move(service)});
    }
    for (size_t i = 0; i < reads_.size(); ++i) {
      if (reads_[i].read->dev && !options.check_dev) {
        if (reads_[i].read->kind != ReadKind::Dynamic) dev_reads_by_name_[reads_[i].read->name].push_back(i);
      } else if (reads_[i].read->kind == ReadKind::Dynamic) {
        dynamic_.push_back(i);
      } else {
        reads_by_name_[reads_[i].read->name].push_back(i);
      }
    }
  }

  std::vector<Finding> run() {
    undocumented_and_wrong_section();
    unread();
    default_mismatch();
    dynamic();
    duplicate();
    sort_findings();
    return std::move(findings_);
  }

 private:
  // May a read by `service` use an entry owned by `owner` (and count as reading it)? Shared
  // entries serve every read; a service's entries only its own (not reads outside services).
  static bool in_scope(const std::string& owner, const std::string& service) {
    return owner.empty() || owner == service;
  }

  // Does a read by `service` keep an entry owned by `owner` from being unread? Its own scope, and
  // reads outside every service (shared code a service may import: not evidence of drift).
  static bool counts_as_read(const std::string& owner, const std::string& service) {
    return in_scope(owner, service) || service.empty();
  }

  // Is a finding of `service` about reads outside every service root?
  bool outside(const std::string& service) const { return outside_ && service.empty(); }

  bool ignored(const std::string& name) const { return registry_ignored_.count(name) > 0; }

  // A name a page without entries mentions is documented there, with no default (Registry::mentioned).
  bool never_undocumented(const std::string& name) const {
    return ignored(name) || mentioned_.count(name) > 0 ||
           std::find(options_.ignore_names.begin(), options_.ignore_names.end(), name) != options_.ignore_names.end();
  }

  std::string registry_files() const {
    std::string out;
    for (const auto& reg : registries_) {
      if (!out.empty()) out += ", ";
      out += reg.file;
    }
    return out;
  }

  std::string read_by(const std::string& service) const {
    if (outside(service)) return "read outside every service";
    return service.empty() ? std::string("read") : fmt::format("read by {}", service);
  }

  void undocumented_and_wrong_section() {
    std::map<std::tuple<FindingKind, std::string, std::string>, Finding> groups;
    for (const auto& rd : reads_) {
      const EnvRead& r = *rd.read;
      if (r.kind == ReadKind::Dynamic || (r.dev && !options_.check_dev) || never_undocumented(r.name)) continue;
      auto it = by_name_.find(r.name);
      std::vector<const Entry*> elsewhere;
      bool documented = false;
      if (it != by_name_.end()) {
        for (size_t i : it->second) {
          if (in_scope(entries_[i].owner, rd.service)) {
            documented = true;
            break;
          }
          elsewhere.push_back(&entries_[i]);
        }
      }
      // Outside services, a name some service documents is documented: no section is "right".
      if (documented || (outside(rd.service) && !elsewhere.empty())) continue;
      FindingKind kind = elsewhere.empty() ? FindingKind::Undocumented : FindingKind::WrongSection;
      if (suppressed(r, kind)) continue;
      Finding& f = groups[{kind, rd.service, r.name}];
      if (f.code.empty()) {
        f.kind = kind;
        f.name = r.name;
        f.service = rd.service;
        f.outside = outside(rd.service);
        if (kind == FindingKind::Undocumented) {
          f.message = registries_.empty() ? fmt::format("{} but not documented (no registry)", read_by(rd.service))
                                          : fmt::format("{} but not documented in {}", read_by(rd.service), registry_files());
        } else {
          std::set<std::string> owners;
          for (const Entry* e : elsewhere) owners.insert(e->owner);
          f.doc = doc_of(*elsewhere.front()->var);
          f.message = fmt::format("{} but documented only under \"{}\" ({})", read_by(rd.service),
                                  elsewhere.front()->var->section_path(), plain_list(owners));
        }
      }
      f.code.push_back(code_of(r));
    }
    for (auto& [key, f] : groups) findings_.push_back(std::move(f));
  }

  void unread() {
    std::set<std::pair<std::string, std::string>> reported;  // (owner, name)
    for (const auto& e : entries_) {
      const DocVariable& v = *e.var;
      if (ignored(v.name) || reported.count({e.owner, v.name}) > 0) continue;
      std::vector<std::string> names{v.name};
      names.insert(names.end(), v.aliases.begin(), v.aliases.end());
      bool read = false;
      std::set<std::string> other_services;
      for (const auto& n : names) {
        auto it = reads_by_name_.find(n);
        if (it == reads_by_name_.end()) continue;
        for (size_t i : it->second) {
          if (counts_as_read(e.owner, reads_[i].service)) {
            read = true;
          } else {
            other_services.insert(reads_[i].service);
          }
        }
      }
      for (size_t i : dynamic_) {
        if (!counts_as_read(e.owner, reads_[i].service)) continue;
        for (const auto& n : names) read = read || dynamic_may_read(*reads_[i].read, n);
      }
      if (read) continue;
      reported.insert({e.owner, v.name});
      Finding f;
      f.kind = FindingKind::Unread;
      f.name = v.name;
      f.service = e.owner;
      f.doc = doc_of(v);
      if (e.owner.empty()) {
        f.message = "documented but never read";
      } else {
        f.message = fmt::format("documented under \"{}\" but not read by {}", v.section_path(), e.owner);
        if (!other_services.empty()) f.message += fmt::format("; read by {}", plain_list(other_services));
      }
      const EnvRead* d = dev_read(names);
      // Evidence before verdict: a name that appears in the scope's code is not `unread`. When
      // dev code reads it, only product code counts (the dev read's own file names it).
      std::vector<const Mention*> seen = mentions_in_scope(names, e.owner);
      if (d != nullptr) std::erase_if(seen, [](const Mention* m) { return m->dev; });
      if (!seen.empty()) {
        make_unresolved(f, seen);
        if (d != nullptr) f.message += fmt::format("; dev code reads it ({}:{})", d->file, d->line);
      } else if (d != nullptr && other_services.empty()) {  // read, but only by tests / tool configs / scripts
        f.dev_only = true;
        f.message += fmt::format("; only dev code reads it ({}:{}), so this is informational", d->file, d->line);
      } else if (d != nullptr) {
        f.message += fmt::format("; dev code reads it too ({}:{})", d->file, d->line);
      }
      mark_incomplete(f, e.owner);
      findings_.push_back(std::move(f));
    }
  }

  // The first dev read of one of `names` (nullptr: none).
  const EnvRead* dev_read(const std::vector<std::string>& names) const {
    const EnvRead* first = nullptr;
    for (const auto& n : names) {
      auto it = dev_reads_by_name_.find(n);
      if (it == dev_reads_by_name_.end()) continue;
      for (size_t i : it->second) {
        const EnvRead* r = reads_[i].read;
        if (first == nullptr || std::tie(r->file, r->line) < std::tie(first->file, first->line)) first = r;
      }
    }
    return first;
  }

  std::string service_of_file(const std::string& file) const {
    return options_.services.empty() ? std::string() : service_for_file(options_.services, file);
  }

  std::vector<const Mention*> mentions_in_scope(const std::vector<std::string>& names, const std::string& owner) const {
    std::vector<const Mention*> out;
    for (const auto& n : names) {
      auto it = options_.mentions.find(n);
      if (it == options_.mentions.end()) continue;
      for (const auto& m : it->second)
        if (counts_as_read(owner, service_of_file(m.file))) out.push_back(&m);
    }
    return out;
  }

  static std::string describe_runtime(const std::string& kind) {  // "a shell script", "an HTML entry page"
    return (std::string_view("AEIOU").find(kind.front()) == std::string_view::npos ? "a " : "an ") + kind;
  }

  static std::string describe_mention(const Mention& m) {
    if (!m.runtime.empty()) return "named in " + describe_runtime(m.runtime);
    if (m.context == "string" && !m.callee.empty())
      return fmt::format("string argument {} of {}()", m.arg_index, m.callee);
    if (m.context == "string") return "string literal";
    if (m.context == "tag") return "struct tag";
    if (m.context == "member") return "member name";
    if (m.context == "key") return "key or field name";
    if (m.context == "keyword") return "keyword or assignment";
    return "identifier";
  }

  void make_unresolved(Finding& f, const std::vector<const Mention*>& seen) const {
    f.kind = FindingKind::Unresolved;
    for (const Mention* m : seen) {
      FindingCode c{m->file, m->line, m->column, std::nullopt, describe_mention(*m), 0, 0};
      f.code.push_back(std::move(c));
    }
    const Mention& first = *seen.front();
    f.message = first.runtime.empty()
                    ? fmt::format("documented, and named in the code ({} at {}:{}), but no read of it was resolved",
                                  describe_mention(first), first.file, first.line)
                    : fmt::format("documented and read by no analyzed code, but named in {} ({}:{}) that may read "
                                  "it when the service is built or run",
                                  describe_runtime(first.runtime), first.file, first.line);
    if (first.api_call)
      f.message += fmt::format(": that {}() call lies in code the analysis did not see (a preprocessor block of "
                               "another configuration, or a part that does not parse)", first.callee);
    // Named as a call's argument: the [[helper]] declaration that would make the call a read
    // (not for the env API itself).
    for (const Mention* m : seen) {
      if (m->context != "string" || m->callee.empty() || m->api_call) continue;
      std::string fn = m->callee;
      if (fn.rfind("this.", 0) == 0) fn = fn.substr(5);
      f.message += fmt::format("; if {}() reads it, declare [[helper]] language = \"{}\" function = \"{}\" name_arg = {}",
                               m->callee, language_name(m->language), fn, m->arg_index);
      break;
    }
  }

  void mark_incomplete(Finding& f, const std::string& owner) const {
    size_t n = 0;
    const EnvEscape* first = nullptr;
    for (const auto& x : options_.escapes) {
      if (!counts_as_read(owner, service_of_file(x.file))) continue;
      if (first == nullptr) first = &x;
      ++n;
    }
    if (n == 0) return;
    f.incomplete = true;
    f.message += fmt::format(" (may be incomplete: the env object escapes the analysis at {} place{}, first {}:{})", n,
                             n == 1 ? "" : "s", first->file, first->line);
  }

  void default_mismatch() {
    static const DefaultValue kNoDefault{"", "", true};
    for (const auto& e : entries_) {
      const DocVariable& v = *e.var;
      if (ignored(v.name) || !v.default_stated) continue;
      if (v.default_value && !v.default_value->comparable) continue;
      const DefaultValue& documented = v.default_value ? *v.default_value : kNoDefault;
      std::vector<std::string> names{v.name};
      names.insert(names.end(), v.aliases.begin(), v.aliases.end());
      std::map<std::string, Finding> by_service;  // one finding per reading service (shared entries)
      for (const auto& n : names) {
        auto it = reads_by_name_.find(n);
        if (it == reads_by_name_.end()) continue;
        for (size_t i : it->second) {
          const Read& rd = reads_[i];
          const EnvRead& r = *rd.read;
          if (!in_scope(e.owner, rd.service) || !r.default_value || !r.default_value->comparable) continue;
          if (defaults_equal(documented, *r.default_value) || suppressed(r, FindingKind::DefaultMismatch)) continue;
          std::string service = e.owner.empty() ? rd.service : e.owner;
          Finding& f = by_service[service];
          f.service = service;
          f.outside = outside(service);
          f.code.push_back(code_of(r));
        }
      }
      for (auto& [service, f] : by_service) {
        f.kind = FindingKind::DefaultMismatch;
        f.name = v.name;
        f.doc = doc_of(v);
        std::vector<std::string> code_values;
        for (const auto& c : f.code)
          if (std::find(code_values.begin(), code_values.end(), c.default_value->value) == code_values.end())
            code_values.push_back(c.default_value->value);
        std::string doc_part = v.default_value ? fmt::format("documented default \"{}\"", documented.value)
                                               : std::string("documented without a default");
        f.message = fmt::format("{} but code falls back to {}", doc_part, quoted_list(code_values));
        f.case_only = std::all_of(f.code.begin(), f.code.end(), [&](const FindingCode& c) {
          return defaults_differ_only_in_case(documented, *c.default_value);
        });
        if (f.case_only) f.message += " (differs only in letter case)";
        f.template_value = !f.case_only && v.template_value && !options_.template_values_are_defaults;
        if (f.template_value) f.message += " (the value a .env template sets, not necessarily a default)";
        if (f.outside) f.message += " (read outside every service)";
        findings_.push_back(std::move(f));
      }
    }
  }

  void dynamic() {
    for (size_t i : dynamic_) {
      const EnvRead& r = *reads_[i].read;
      if (suppressed(r, FindingKind::Dynamic)) continue;
      Finding f;
      f.kind = FindingKind::Dynamic;
      f.name = r.name;
      f.service = reads_[i].service;
      f.outside = outside(f.service);
      f.message = "variable name is computed at run time";
      if (!r.dynamic_expr.empty()) f.message += fmt::format(": {}", r.dynamic_expr);
      if (!r.name.empty()) f.message += fmt::format(" (known prefix \"{}\")", r.name);
      if (f.outside) f.message += " (read outside every service)";
      f.code.push_back(code_of(r));
      findings_.push_back(std::move(f));
    }
  }

  void duplicate() {
    std::map<std::tuple<std::string, std::vector<std::string>, std::string>, const Entry*> first;
    for (const auto& e : entries_) {
      const DocVariable& v = *e.var;
      if (ignored(v.name)) continue;
      auto [it, inserted] = first.try_emplace({v.file, v.section, v.name}, &e);
      if (inserted) continue;
      const DocVariable& earlier = *it->second->var;
      Finding f;
      f.kind = FindingKind::Duplicate;
      f.name = v.name;
      f.service = e.owner;
      f.doc = doc_of(v);
      f.message = v.section.empty()
                      ? fmt::format("documented twice on the page (first at {}:{})", earlier.file, earlier.line)
                      : fmt::format("documented twice under \"{}\" (first at {}:{})", v.section_path(), earlier.file,
                                    earlier.line);
      findings_.push_back(std::move(f));
    }
  }

  void sort_findings() {
    for (auto& f : findings_) {
      std::stable_sort(f.code.begin(), f.code.end(), [](const FindingCode& a, const FindingCode& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
      });
    }
    auto location = [](const Finding& f) -> std::tuple<std::string_view, int> {
      if (!f.code.empty()) return {f.code.front().file, f.code.front().line};
      if (f.doc) return {f.doc->file, f.doc->line};
      return {std::string_view(), 0};
    };
    std::stable_sort(findings_.begin(), findings_.end(), [&](const Finding& a, const Finding& b) {
      return std::tuple_cat(std::tie(a.kind, a.service, a.outside, a.name), location(a)) <
             std::tuple_cat(std::tie(b.kind, b.service, b.outside, b.name), location(b));
    });
  }

  const std::vector<Registry>& registries_;
  const DiffOptions& options_;
  const bool outside_;  // services are configured: service "" means outside every service
  std::vector<Entry> entries_;
  std::vector<Read> reads_;
  std::vector<size_t> dynamic_;
  std::unordered_map<std::string, std::vector<size_t>> by_name_;        // documented name/alias -> entries
  std::unordered_map<std::string, std::vector<size_t>> reads_by_name_;  // resolved name -> reads
  std::unordered_map<std::string, std::vector<size_t>> dev_reads_by_name_;  // resolved name -> dev reads
  std::set<std::string> registry_ignored_;
  std::set<std::string> mentioned_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<std::string> unread_candidates(const std::vector<Finding>& findings, const std::vector<Registry>& registries) {
  std::set<std::string> names;
  for (const auto& f : findings)
    if (f.kind == FindingKind::Unread || f.kind == FindingKind::Unresolved) names.insert(f.name);
  std::set<std::string> out;
  for (const auto& reg : registries) {
    for (const auto& v : reg.variables) {
      if (names.count(v.name) == 0) continue;
      out.insert(v.name);
      out.insert(v.aliases.begin(), v.aliases.end());
    }
  }
  return {out.begin(), out.end()};
}

std::vector<Finding> diff(const std::vector<EnvRead>& reads, const std::vector<Registry>& registries,
                          const DiffOptions& options) {
  return Differ(reads, registries, options).run();
}

}  // namespace envdrift
