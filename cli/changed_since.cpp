// --changed-since: the libgit2 diff and the finding filter.
#include "cli/changed_since.h"

#include <git2.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "analyzer/core/driver.h"

namespace fs = std::filesystem;

namespace envdrift {

namespace {

std::string git_error_text() {
  const git_error* e = git_error_last();
  return e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
}

template <typename T, void (*Free)(T*)>
struct GitPtr {
  T* p = nullptr;
  GitPtr() = default;
  GitPtr(const GitPtr&) = delete;
  GitPtr& operator=(const GitPtr&) = delete;
  ~GitPtr() {
    if (p != nullptr) Free(p);
  }
};

// `repo_rel` (relative to the work tree) made relative to the scan root; nullopt when outside it.
std::optional<std::string> root_relative(const std::string& prefix, const std::string& repo_rel) {
  if (prefix.empty()) return repo_rel;
  if (repo_rel.size() <= prefix.size() || repo_rel.compare(0, prefix.size(), prefix) != 0 ||
      repo_rel[prefix.size()] != '/')
    return std::nullopt;
  return repo_rel.substr(prefix.size() + 1);
}

struct DiffState {
  const std::string* prefix = nullptr;
  Changes* changes = nullptr;
};

int on_file(const git_diff_delta* delta, float, void* payload) {
  auto* st = static_cast<DiffState*>(payload);
  // A pure rename (same content under a new path) changes no read: its findings are not new.
  if (delta->status == GIT_DELTA_RENAMED && delta->similarity == 100) return 0;
  for (const char* p : {delta->old_file.path, delta->new_file.path}) {
    if (p == nullptr) continue;
    if (auto rel = root_relative(*st->prefix, p)) st->changes->files.insert(*rel);
  }
  if (delta->status == GIT_DELTA_ADDED || delta->status == GIT_DELTA_UNTRACKED) {
    if (auto rel = root_relative(*st->prefix, delta->new_file.path)) st->changes->new_files.insert(*rel);
  }
  return 0;
}

int on_line(const git_diff_delta* delta, const git_diff_hunk*, const git_diff_line* line, void* payload) {
  auto* st = static_cast<DiffState*>(payload);
  if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0) return 0;
  if (auto rel = root_relative(*st->prefix, delta->new_file.path)) st->changes->added_lines[*rel].insert(line->new_lineno);
  return 0;
}

// The names a file read at REF: its blob parsed in memory (no checkout, no cross-file resolution).
void names_at_ref(git_repository* repo, git_tree* tree, const std::string& repo_rel, const std::string& rel,
                  std::set<std::string>& out) {
  GitPtr<git_tree_entry, git_tree_entry_free> entry;
  if (git_tree_entry_bypath(&entry.p, tree, repo_rel.c_str()) != 0) return;  // absent at REF
  if (git_tree_entry_type(entry.p) != GIT_OBJECT_BLOB) return;
  GitPtr<git_blob, git_blob_free> blob;
  if (git_blob_lookup(&blob.p, repo, git_tree_entry_id(entry.p)) != 0) return;
  if (git_blob_is_binary(blob.p) != 0) return;
  std::string text(static_cast<const char*>(git_blob_rawcontent(blob.p)), static_cast<size_t>(git_blob_rawsize(blob.p)));
  FileResult r = analyze_text(rel, std::move(text));
  for (const auto& read : r.reads)
    if (read.kind != ReadKind::Dynamic && !read.name.empty()) out.insert(read.name);
}

}  // namespace

Changes collect_changes(const std::string& root, const std::string& ref) {
  git_libgit2_init();
  Changes changes;
  changes.ref = ref;
  GitPtr<git_repository, git_repository_free> repo;
  if (git_repository_open_ext(&repo.p, root.c_str(), 0, nullptr) != 0)
    throw ChangedSinceError{fmt::format("--changed-since: {} is not inside a git repository", root)};
  const char* workdir = git_repository_workdir(repo.p);
  if (workdir == nullptr) throw ChangedSinceError{"--changed-since: the repository has no work tree"};
  std::error_code ec;
  fs::path wd = fs::weakly_canonical(workdir, ec);
  fs::path rt = fs::weakly_canonical(root, ec);
  std::string prefix = rt.lexically_relative(wd).generic_string();
  if (prefix == ".") prefix.clear();
  if (prefix.rfind("..", 0) == 0) throw ChangedSinceError{fmt::format("--changed-since: {} is outside the work tree", root)};

  GitPtr<git_object, git_object_free> obj;
  if (git_revparse_single(&obj.p, repo.p, ref.c_str()) != 0) {
    // In CI the usual cause is a clone without the base branch: actions/checkout fetches one
    // commit of one ref unless told otherwise. Say how to get it rather than only "not found".
    std::string why = git_error_text();
    std::string hint = git_repository_is_shallow(repo.p) == 1
                           ? "this clone is shallow: fetch more history: fetch-depth: 0 (actions/checkout), or "
                             "`git fetch --unshallow origin`"
                           : "if it is a remote branch, fetch it first (`git fetch origin BRANCH`); in CI, fetch more "
                             "history: fetch-depth: 0 (actions/checkout)";
    throw ChangedSinceError{fmt::format("--changed-since: unknown revision `{}`: {}; {}", ref, why, hint)};
  }
  GitPtr<git_object, git_object_free> peeled;
  if (git_object_peel(&peeled.p, obj.p, GIT_OBJECT_TREE) != 0)
    throw ChangedSinceError{fmt::format("--changed-since: `{}` does not name a commit or tree", ref)};
  git_tree* tree = reinterpret_cast<git_tree*>(peeled.p);

  // The init functions rather than the GIT_*_INIT macros: the macros leave most fields to
  // implicit zero-initialisation, which clang's -Wmissing-field-initializers rejects.
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  opts.context_lines = 0;
  std::string pathspec = prefix;
  char* spec = pathspec.data();
  if (!prefix.empty()) {
    opts.pathspec.strings = &spec;
    opts.pathspec.count = 1;
  }
  GitPtr<git_diff, git_diff_free> diff;
  if (git_diff_tree_to_workdir_with_index(&diff.p, repo.p, tree, &opts) != 0)
    throw ChangedSinceError{fmt::format("--changed-since: cannot diff against `{}`: {}", ref, git_error_text())};
  // Renames (staged, or a deleted file and an untracked one with the same content): a file moved
  // unchanged is not a change; a file moved and edited counts under both paths (its old path's
  // reads at REF, its new path's findings), with only its edited lines as added.
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
  if (git_diff_find_similar(diff.p, &find) != 0)
    throw ChangedSinceError{fmt::format("--changed-since: rename detection failed: {}", git_error_text())};
  DiffState st{&prefix, &changes};
  if (git_diff_foreach(diff.p, on_file, nullptr, nullptr, on_line, &st) != 0)
    throw ChangedSinceError{fmt::format("--changed-since: diff failed: {}", git_error_text())};

  for (const auto& rel : changes.files) {
    std::string repo_rel = prefix.empty() ? rel : prefix + "/" + rel;
    names_at_ref(repo.p, tree, repo_rel, rel, changes.names_read_at_ref);
  }
  return changes;
}

void limit_to_changes(Report& report, const Changes& changes) {
  report.changed_since = changes.ref;
  std::set<std::string> read_now;
  for (const auto& r : report.reads)
    if (r.kind != ReadKind::Dynamic) read_now.insert(r.name);
  auto doc_line_changed = [&](const Finding& f) {
    if (!f.doc || f.doc->file.empty()) return false;
    if (changes.new_files.count(f.doc->file)) return true;
    auto it = changes.added_lines.find(f.doc->file);
    return it != changes.added_lines.end() && it->second.count(f.doc->line) > 0;
  };
  std::vector<Finding> kept;
  for (auto& f : report.findings) {
    bool keep = std::any_of(f.code.begin(), f.code.end(),
                            [&](const FindingCode& c) { return changes.files.count(c.file) > 0; });
    if (!keep && f.kind == FindingKind::Unread)  // its last read went away in the range
      keep = changes.names_read_at_ref.count(f.name) > 0 && read_now.count(f.name) == 0;
    if (!keep && f.kind != FindingKind::Undocumented && f.kind != FindingKind::Dynamic) keep = doc_line_changed(f);
    if (keep) kept.push_back(std::move(f));
  }
  report.findings = std::move(kept);
}

}  // namespace envdrift
