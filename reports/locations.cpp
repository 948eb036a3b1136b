#include "reports/locations.h"

#include <git2.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#ifndef ENVDRIFT_HOMEPAGE
#define ENVDRIFT_HOMEPAGE "https://github.com/envdrift/envdrift"
#endif
#ifndef ENVDRIFT_DOCS_URL
#define ENVDRIFT_DOCS_URL ENVDRIFT_HOMEPAGE "/blob/main/README.md"
#endif

namespace fs = std::filesystem;

namespace envdrift {

namespace {

std::string normal(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  if (ec) c = fs::absolute(p, ec).lexically_normal();
  std::string s = c.generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

}  // namespace

std::string repository_root(const std::string& scan_root) {
  git_libgit2_init();
  std::string out;
  git_buf buf{};
  // Discovery like git's own: walk up from the scan root, across file systems.
  if (git_repository_discover(&buf, scan_root.c_str(), 1, nullptr) == 0) {
    git_repository* repo = nullptr;
    if (git_repository_open(&repo, buf.ptr) == 0) {
      if (const char* wd = git_repository_workdir(repo); wd != nullptr) out = normal(wd);
      git_repository_free(repo);
    }
    git_buf_dispose(&buf);
  }
  git_libgit2_shutdown();
  if (out.empty()) {
    std::error_code ec;
    out = normal(fs::current_path(ec));
  }
  return out;
}

std::string path_prefix(const std::string& base, const std::string& scan_root) {
  if (base.empty() || scan_root.empty()) return "";
  std::string rel = fs::path(normal(scan_root)).lexically_relative(fs::path(normal(base))).generic_string();
  if (rel.empty() || rel == "." || rel == ".." || rel.rfind("../", 0) == 0) return "";
  if (rel.back() != '/') rel += '/';
  return rel;
}

std::string link_base(std::string_view explicit_base) {
  std::string base(explicit_base);
  if (base.empty()) {
    std::string server = env("GITHUB_SERVER_URL"), repo = env("GITHUB_REPOSITORY"), sha = env("GITHUB_SHA");
    if (server.empty() || repo.empty() || sha.empty()) return "";
    while (!server.empty() && server.back() == '/') server.pop_back();
    base = fmt::format("{}/{}/blob/{}/", server, repo, sha);
  }
  if (base.back() != '/') base += '/';
  return base;
}

std::string LocationStyle::path(std::string_view rel) const {
  if (rel.empty()) return "";
  return prefix + std::string(rel);
}

std::string LocationStyle::link(std::string_view rel, int line) const {
  if (link_base.empty() || rel.empty()) return "";
  std::string url = link_base + uri_path(path(rel));
  if (line > 0) url += fmt::format("#L{}", line);
  return url;
}

std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string rule_help_uri(FindingKind) {
  // One stable anchor: the README's "## Findings" section has a row per kind. The rule id is in
  // the SARIF result already, so the page need not be split per kind.
  return std::string(ENVDRIFT_DOCS_URL) + "#findings";
}

std::string project_uri() { return ENVDRIFT_HOMEPAGE; }

}  // namespace envdrift
