#include "analyzer/core/resolve/project.h"

#include "analyzer/core/idents.h"
#include "analyzer/core/resolve/files.h"

namespace envdrift::resolve {

namespace {
thread_local Project* g_current = nullptr;
thread_local uint64_t g_lookups = 0;
constexpr int kMaxImportDepth = 32;
}  // namespace

Project::Project(std::vector<std::pair<std::string, std::string>> files) {
  for (auto& [rel, path] : files) {
    // The root is the opened path minus the relative one ("/abs/root/" + "src/a.ts").
    if (root_.empty() && path.size() > rel.size() && path.compare(path.size() - rel.size(), rel.size(), rel) == 0)
      root_ = path.substr(0, path.size() - rel.size());
    files_.emplace(std::move(rel), std::move(path));
  }
  for (const auto& [rel, path] : files_) {  // in order: each directory's list comes out sorted
    auto slash = rel.rfind('/');
    by_dir_[slash == std::string::npos ? std::string() : rel.substr(0, slash + 1)].push_back(rel);
  }
}

const std::vector<std::string>& Project::files_in_dir(std::string_view dir) const {
  static const std::vector<std::string> none;
  auto it = by_dir_.find(dir);
  return it == by_dir_.end() ? none : it->second;
}

Value Project::export_of(const std::string& rel, const std::string& name, int depth, LoaderFactory make) {
  if (depth > kMaxImportDepth) return {};
  auto f = files_.find(rel);
  if (f == files_.end()) return {};
  std::lock_guard<std::recursive_mutex> lock(mu_);
  auto it = loaded_.find(rel);
  if (it == loaded_.end()) {
    // Insert a null entry first: an import cycle that comes back here sees "being loaded".
    loaded_.emplace(rel, nullptr);
    auto loader = make(rel, f->second);
    it = loaded_.find(rel);
    it->second = std::move(loader);
  }
  if (!it->second) return {};
  return it->second->export_of(name, depth + 1);
}

bool Project::may_mention(const std::string& rel, std::string_view symbol) {
  auto f = files_.find(rel);
  if (f == files_.end()) return false;
  {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    if (auto it = idents_.find(rel); it != idents_.end()) return envdrift::may_mention(it->second, symbol);
    if (unreadable_.count(rel) != 0) return true;
  }
  // Read and hash outside the lock: other threads' cross-file lookups go on meanwhile.
  std::string text;
  if (!read_file_text(f->second, text)) {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    unreadable_.insert(rel);
    return true;
  }
  std::vector<uint32_t> hashes = identifier_hashes(text);
  bool answer = envdrift::may_mention(hashes, symbol);
  std::lock_guard<std::recursive_mutex> lock(mu_);
  idents_.emplace(rel, std::move(hashes));
  return answer;
}

Project* current_project() {
  ++g_lookups;
  return g_current;
}

uint64_t project_lookups() { return g_lookups; }

ProjectScope::ProjectScope(Project* p) : saved_(g_current) { g_current = p; }
ProjectScope::~ProjectScope() { g_current = saved_; }

bool normalize_rel_path(std::string_view path, std::string& out) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  out.clear();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '/';
    out += parts[i];
  }
  return true;
}

}  // namespace envdrift::resolve
