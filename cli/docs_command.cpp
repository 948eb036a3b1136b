#include "cli/docs_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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
  const ServiceSpec* svc = service_of_region(region, services);
  std::vector<const EnvRead*> picked;
  for (const auto& r : reads) {
    if (r.kind == ReadKind::Dynamic || r.name.empty()) continue;
    if (svc != nullptr && service_for_file(services, r.file) != svc->name) continue;
    picked.push_back(&r);
  }
  std::sort(picked.begin(), picked.end(), [](const EnvRead* a, const EnvRead* b) {
    return std::tie(a->name, a->file, a->line) < std::tie(b->name, b->file, b->line);
  });
  std::vector<DocsRow> rows;
  for (const EnvRead* r : picked) {
    if (rows.empty() || rows.back().name != r->name) rows.push_back(DocsRow{r->name, "", {}});
    DocsRow& row = rows.back();
    if (row.default_cell.empty() && r->default_value) row.default_cell = default_cell(*r->default_value);
    if (std::find(row.read_by.begin(), row.read_by.end(), r->file) == row.read_by.end()) row.read_by.push_back(r->file);
  }
  return rows;
}

int run_docs(const DocsRequest& request, std::ostream& out, std::ostream& err) {
  std::vector<DocsColumn> columns = request.columns.empty() ? default_docs_columns() : request.columns;
  std::vector<std::string> pages;
  for (const auto& p : request.pages)
    if (is_markdown(p)) pages.push_back(p);
  bool any_region = false;
  bool stale = false;
  for (const auto& page : pages) {
    std::string before;
    if (ReadResult r = read_regular_file(page, before); !r.ok()) {
      err << fmt::format("envdrift: error: cannot read {}: {}\n", page, r.error);
      return 2;
    }
    std::string rel = rel_of(request.root, page);
    std::string after;
    try {
      if (find_docs_regions(before).empty()) continue;
      any_region = true;
      after = regenerate_docs(before, columns, [&](const DocsRegion& region) {
        return rows_for_region(region, request.reads, request.services);
      });
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
        "(`{{/* envdrift:begin section=NAME */}}` and `{{/* envdrift:end */}}` in .mdx)\n",
        list.empty() ? "the registry (no Markdown/MDX page among the registry files)" : list);
    return 2;
  }
  if (stale && !request.quiet) err << "envdrift: the docs tables are stale; run `envdrift docs --write`\n";
  return stale ? 1 : 0;
}

}  // namespace envdrift
