// Language-neutral helpers for frontends that resolve across files: the project files of one
// directory (a go package is a directory), a file read from disk, and the ancestor path of a
// node found top-down (for evaluators handed a bare node).
#pragma once

#include <tree_sitter/api.h>

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/resolve/project.h"

namespace envdrift::resolve {

// Files of the project directly inside directory `dir` (relative to the scan root, "" for the
// root, with or without a trailing '/') whose names end with `suffix`, sorted. Only files the
// scan discovered count (excluded and ignored files are not part of the project).
std::vector<std::string> project_files_in_dir(const Project& project, std::string_view dir, std::string_view suffix);

// The directory part of a root-relative file path with its trailing '/' ("a/b/c.go" -> "a/b/",
// "c.go" -> "").
std::string dir_of(const std::string& rel);

// The parent of a directory in dir_of form ("a/b/" -> "a/", "a/" -> "", "" -> "").
std::string parent_dir(const std::string& dir);

// The whole file at `path`, false when it cannot be read.
bool read_file_text(const std::string& path, std::string& out);

// The ancestor path of `n` below `root` (root first, n last), found by a top-down search by
// byte range; no recursion. Stops early (path.back() != n) if n is not below root.
std::vector<TSNode> ancestor_path(TSNode root, TSNode n);

}  // namespace envdrift::resolve
