#include "cli/docs_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <cstdint>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "analyzer/core/io.h"

#include "analyzer/core/normalize.h"
#include "reports/findings.h"

namespace fs = std::filesystem;

namespace envdrift {

namespace {

bool is_markdown(const std::string& path) {
  std::string ext = to_lower(fs::path(path).extension().string());
  return ext == ".md" || ext == ".mdx" || ext == ".markdown";
}

// Lexical: a page that is a symlink is named by its own path, not its target's.
std::string rel_of(const std::string& root, const std::string& path) {
  std::error_code ec;
  fs::path r = fs::absolute(path, ec).lexically_normal().lexically_relative(fs::absolute(root, ec).lexically_normal());
  if (ec || r.empty() || starts_with(r.generic_string(), "..")) return fs::path(path).generic_string();
  return r.generic_string();
}

// The service a region documents; nullptr means every read.
const ServiceSpec* service_of_region(const DocsRegion& region, const std::vector<ServiceSpec>& services) {
  if (services.empty()) return nullptr;
  if (!region.section.empty()) {
    for (const auto& s : services)
      if (iequals(s.name, region.section)) return &s;
    for (const auto& s : services)
      if (!s.doc_section.empty() && iequals(trim(s.doc_section), trim(region.section))) return &s;
    for (const auto& s : services)
      if (!s.doc_section.empty() && starts_with(to_lower(region.section), to_lower(trim(s.doc_section)))) return &s;
    std::string known;
    for (const auto& s : services) known += (known.empty() ? "" : ", ") + s.name;
    throw DocsError{fmt::format("{}: section=\"{}\" matches no [[service]] name or doc_section (services: {})",
                                region.begin_line, region.section, known)};
  }
  for (auto it = region.headings.rbegin(); it != region.headings.rend(); ++it) {
    const ServiceSpec* best = nullptr;
    for (const auto& s : services) {
      std::string_view prefix = trim(s.doc_section);
      if (prefix.empty() || !starts_with(to_lower(*it), to_lower(prefix))) continue;
      if (best == nullptr || prefix.size() > trim(best->doc_section).size()) best = &s;
    }
    if (best != nullptr) return best;
  }
  return nullptr;
}

std::string default_cell(const DefaultValue& d) {
  if (!d.comparable) return "computed: " + markdown_code_span(d.raw);
  if (d.value.empty()) return "`\"\"`";
  return markdown_code_span(d.value);
}

// Replace `page` by `text` through a temporary file and a rename. A page that is a symlink is
// written through: the link's final target is replaced (next to itself), the link stays a link.
// `written` is the file actually replaced.
bool write_atomically(const std::string& page, const std::string& text, std::string& written, std::string& error) {
  std::error_code lec;
  std::string path = page;
  if (fs::is_symlink(page, lec)) {
    fs::path target = fs::canonical(page, lec);
    if (lec) {
      error = fmt::format("cannot resolve the symlink {}: {}", page, lec.message());
      return false;
    }
    path = target.string();
  }
  written = path;
  std::string tmp = path + ".envdrift-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      error = fmt::format("cannot write {}", tmp);
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) ::chmod(tmp.c_str(), st.st_mode & 07777);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    error = fmt::format("cannot replace {}: {}", path, ec.message());
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace

std::vector<DocsRow> rows_for_region(const DocsRegion& region, const std::vector<EnvRead>& reads,
                                     const std::vector<ServiceSpec>& services) {
  return rows_for_region(region, reads, services, DocsKnowledge{});
}

std::vector<DocsRow> rows_for_region(const DocsRegion& region, const std::vector<EnvRead>& reads,
                                     const std::vector<ServiceSpec>& services, const DocsKnowledge& knowledge) {
  const ServiceSpec* svc = service_of_region(region, services);
  std::set<std::string> skip(knowledge.ignored.begin(), knowledge.ignored.end());
  for (const auto& [v, owner] : knowledge.written) {
    if (!owner.empty()) continue;  // a service's own section: its table is this one's business
    skip.insert(v->name);
    skip.insert(v->aliases.begin(), v->aliases.end());
  }

  // Alias groups: an entry's name and aliases, joined by the other names of its table row.
  struct Group {
    std::vector<std::string> peers;    // documented names, page order
    std::vector<std::string> aliases;  // their aliases
  };
  std::vector<Group> groups;
  std::map<std::pair<std::string, int>, size_t> by_row;
  for (const DocVariable* v : knowledge.documented) {
    size_t g = groups.size();
    if (is_markdown(v->file) && v->line > 0) {
      auto [it, fresh] = by_row.emplace(std::make_pair(v->file, v->line), g);
      if (!fresh) g = it->second;
    }
    if (g == groups.size()) groups.emplace_back();
    Group& grp = groups[g];
    if (std::find(grp.peers.begin(), grp.peers.end(), v->name) == grp.peers.end()) grp.peers.push_back(v->name);
    for (const auto& a : v->aliases)
      if (std::find(grp.aliases.begin(), grp.aliases.end(), a) == grp.aliases.end()) grp.aliases.push_back(a);
  }
  std::map<std::string, std::pair<size_t, size_t>> group_of;  // name -> (group, rank in it)
  for (size_t g = 0; g < groups.size(); ++g) {
    Group& grp = groups[g];
    grp.aliases.erase(std::remove_if(grp.aliases.begin(), grp.aliases.end(),
                                     [&](const std::string& a) {
                                       return std::find(grp.peers.begin(), grp.peers.end(), a) != grp.peers.end();
                                     }),
                      grp.aliases.end());
    size_t rank = 0;
    for (const auto* names : {&grp.peers, &grp.aliases})
      for (const auto& n : *names) group_of.emplace(n, std::make_pair(g, rank++));
  }

  struct Acc {
    size_t group = SIZE_MAX;
    std::vector<std::pair<size_t, const EnvRead*>> reads;  // (rank in the group, read)
  };
  std::map<std::string, Acc> rows_by_key;
  for (const auto& r : reads) {
    if (r.kind == ReadKind::Dynamic || r.name.empty() || skip.count(r.name) > 0) continue;
    if (svc != nullptr && service_for_file(services, r.file) != svc->name) continue;
    auto g = group_of.find(r.name);
    if (g == group_of.end()) {
      rows_by_key["n:" + r.name].reads.emplace_back(0, &r);
    } else {
      Acc& acc = rows_by_key[fmt::format("g:{}", g->second.first)];
      acc.group = g->second.first;
      acc.reads.emplace_back(g->second.second, &r);
    }
  }

  std::vector<DocsRow> rows;
  for (auto& [key, acc] : rows_by_key) {
    std::sort(acc.reads.begin(), acc.reads.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first, a.second->file, a.second->line) < std::tie(b.first, b.second->file, b.second->line);
    });
    DocsRow row;
    if (acc.group == SIZE_MAX) {
      row.name = acc.reads.front().second->name;
    } else {
      const Group& grp = groups[acc.group];
      std::vector<std::string> shown;  // the row's documented names that this region reads
      for (const auto& p : grp.peers)
        if (std::any_of(acc.reads.begin(), acc.reads.end(), [&](const auto& x) { return x.second->name == p; }))
          shown.push_back(p);
      if (shown.empty()) shown.push_back(grp.peers.front());  // only an alias is read
      row.name = shown.front();
      row.also.assign(shown.begin() + 1, shown.end());
      row.aliases = grp.aliases;
    }
    for (const auto& [rank, r] : acc.reads) {
      if (row.default_cell.empty() && r->default_value) row.default_cell = default_cell(*r->default_value);
      if (std::find(row.read_by.begin(), row.read_by.end(), r->file) == row.read_by.end()) row.read_by.push_back(r->file);
    }
    std::sort(row.read_by.begin(), row.read_by.end());
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const DocsRow& a, const DocsRow& b) { return a.name < b.name; });
  return rows;
}

namespace {

bool inside_a_region(int line, const std::vector<DocsRegion>& regions) {
  return std::any_of(regions.begin(), regions.end(),
                     [&](const DocsRegion& r) { return line > r.begin_line && line < r.end_line; });
}

bool is_mdx(const std::string& path) { return to_lower(fs::path(path).extension().string()) == ".mdx"; }

// The regions `--insert` adds: one per service under its doc_section heading (its name when it
// has none), or one for the whole tree.
std::vector<NewRegion> regions_to_insert(const std::vector<ServiceSpec>& services) {
  std::vector<NewRegion> out;
  for (const auto& s : services) out.push_back({s.doc_section.empty() ? s.name : std::string(trim(s.doc_section)), s.name});
  if (out.empty()) out.push_back({"", ""});
  return out;
}

}  // namespace

int run_docs(const DocsRequest& request, std::ostream& out, std::ostream& err) {
  std::vector<DocsColumn> columns = request.columns.empty() ? default_docs_columns() : request.columns;
  std::vector<std::string> pages;
  for (const auto& p : request.pages)
    if (is_markdown(p)) pages.push_back(p);
  // Every page first: what one page documents by hand decides the rows of another's regions.
  std::vector<std::string> on_disk(pages.size()), text(pages.size());
  std::vector<std::vector<DocsRegion>> regions(pages.size());
  bool any_region = false;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (ReadResult r = read_regular_file(pages[i], on_disk[i]); !r.ok()) {
      err << fmt::format("envdrift: error: cannot read {}: {}\n", pages[i], r.error);
      return 2;
    }
    text[i] = on_disk[i];
    try {
      regions[i] = find_docs_regions(text[i]);
    } catch (const DocsError& e) {
      err << fmt::format("envdrift: error: {}:{}\n", rel_of(request.root, pages[i]), e.message);
      return 2;
    }
    any_region = any_region || !regions[i].empty();
  }
  if (!any_region && request.insert && !pages.empty()) {
    try {
      text[0] = insert_docs_regions(text[0], is_mdx(pages[0]), regions_to_insert(request.services), request.insert_after);
      regions[0] = find_docs_regions(text[0]);
    } catch (const DocsError& e) {
      err << fmt::format("envdrift: error: {}:{}\n", rel_of(request.root, pages[0]), e.message);
      return 2;
    }
    any_region = true;
  }

  // What the pages say now (a page re-read from its text: --insert moved its lines).
  std::vector<Registry> fresh;
  fresh.reserve(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) fresh.push_back(read_markdown_registry(text[i], rel_of(request.root, pages[i])));
  DocsKnowledge knowledge;
  knowledge.ignored = request.ignore_names;
  for (const auto& reg : request.registries) {
    if (is_markdown(reg.file)) continue;
    knowledge.ignored.insert(knowledge.ignored.end(), reg.ignored.begin(), reg.ignored.end());
    for (const auto& v : reg.variables) knowledge.documented.push_back(&v);
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    knowledge.ignored.insert(knowledge.ignored.end(), fresh[i].ignored.begin(), fresh[i].ignored.end());
    for (const auto& v : fresh[i].variables) {
      knowledge.documented.push_back(&v);
      if (!inside_a_region(v.line, regions[i])) knowledge.written.emplace_back(&v, section_owner(v.section, request.services));
    }
  }

  bool stale = false;
  for (size_t i = 0; i < pages.size(); ++i) {
    const std::string& page = pages[i];
    const std::string& before = on_disk[i];
    std::string rel = rel_of(request.root, page);
    if (regions[i].empty()) continue;
    std::string after;
    try {
      after = regenerate_docs(text[i], columns, [&](const DocsRegion& region) {
        return rows_for_region(region, request.reads, request.services, knowledge);
      }, request.columns.empty());
    } catch (const DocsError& e) {
      err << fmt::format("envdrift: error: {}:{}\n", rel, e.message);
      return 2;
    }
    switch (request.mode) {
      case DocsMode::Stdout: out << after; break;
      case DocsMode::Check:
        if (after != before) {
          stale = true;
          if (!request.quiet) out << unified_diff(before, after, rel);
        }
        break;
      case DocsMode::Write:
        if (after != before) {
          std::string error, written;
          if (!write_atomically(page, after, written, error)) {
            err << "envdrift: error: " << error << "\n";
            return 2;
          }
          if (!request.quiet) {
            if (written == page) err << fmt::format("envdrift: updated {}\n", rel);
            else err << fmt::format("envdrift: updated {} (through the symlink {})\n", rel_of(request.root, written), rel);
          }
        }
        break;
    }
  }
  if (!any_region) {
    std::string list;
    for (const auto& p : pages) list += (list.empty() ? "" : ", ") + rel_of(request.root, p);
    err << fmt::format(
        "envdrift: error: no envdrift markers in {}: put the generated table between "
        "`<!-- envdrift:begin section=NAME -->` and `<!-- envdrift:end -->` lines "
        "(`{{/* envdrift:begin section=NAME */}}` and `{{/* envdrift:end */}}` in .mdx), or add them with "
        "`envdrift docs --write --insert`\n",
        list.empty() ? "the registry (no Markdown/MDX page among the registry files)" : list);
    return 2;
  }
  if (stale && !request.quiet) err << "envdrift: the docs tables are stale; run `envdrift docs --write`\n";
  return stale ? 1 : 0;
}

}  // namespace envdrift
