#include "analyzer/core/resolve/files.h"

#include "analyzer/core/syntax.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace envdrift::resolve {

std::vector<std::string> project_files_in_dir(const Project& project, std::string_view dir, std::string_view suffix) {
  std::vector<std::string> out;
  if (project.root().empty()) return out;
  std::string rel_dir(dir);
  if (!rel_dir.empty() && rel_dir.back() != '/') rel_dir += '/';
  for (const auto& rel : project.files_in_dir(rel_dir))
    if (rel.size() >= suffix.size() && rel.compare(rel.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(rel);
  return out;
}

std::string dir_of(const std::string& rel) {
  auto slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash + 1);
}

std::string parent_dir(const std::string& dir) {
  if (dir.empty()) return dir;
  auto slash = dir.rfind('/', dir.size() - 2);
  return slash == std::string::npos ? std::string() : dir.substr(0, slash + 1);
}

bool read_file_text(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

std::vector<TSNode> ancestor_path(TSNode root, TSNode n) {
  std::vector<TSNode> path{root};
  if (ts_node_is_null(root) || ts_node_is_null(n)) return path;
  size_t at = 0, top = 0;
  if (const FlatTree* ft = flat_tree_of(n, at); ft != nullptr && flat_tree_of(root, top) == ft) {
    // The file being analyzed: up the recorded parents, when `root` is among them.
    std::vector<TSNode> up;
    size_t i = at;
    for (; i != FlatTree::npos && i != top; i = ft->parent(i)) up.push_back(ft->node(i));
    if (i == top) {
      path.insert(path.end(), up.rbegin(), up.rend());
      return path;
    }
  }
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  TSTreeCursor cur = ts_tree_cursor_new(root);
  for (int guard = 0; !ts_node_eq(path.back(), n) && guard < 1000000; ++guard) {
    if (ts_tree_cursor_goto_first_child_for_byte(&cur, s) < 0) break;
    bool found = false;
    do {
      TSNode c = ts_tree_cursor_current_node(&cur);
      if (ts_node_start_byte(c) > s) break;
      if (e <= ts_node_end_byte(c)) {
        path.push_back(c);
        found = true;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&cur));
    if (!found) break;
  }
  ts_tree_cursor_delete(&cur);
  return path;
}

}  // namespace envdrift::resolve
