// FlatTree (analyzer/core/syntax.h): the walks and child ranges over a flat tree visit the same
// nodes in the same order, with the same paths and enter/leave calls, as over a tree cursor; a
// node of another tree falls back to the cursor.
#include <catch2/catch.hpp>
#include <tree_sitter/api.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "analyzer/core/resolve/files.h"
#include "analyzer/core/syntax.h"
#include "analyzer/frontend.h"

using namespace envdrift;

namespace {

// Everything the walks report from `root`, as text: the preorder (skipping the children of
// every third node), the path walk's enters and leaves with depths, and each node's children.
std::string trace(TSNode root) {
  std::string out;
  auto name = [](TSNode n) {
    return std::string(node_type(n)) + "@" + std::to_string(ts_node_start_byte(n)) + "-" + std::to_string(ts_node_end_byte(n));
  };
  int k = 0;
  walk_preorder(root, [&](TSNode n) {
    out += "pre " + name(n) + "\n";
    return ++k % 3 != 0;
  });
  k = 0;
  walk_path({}, root,
            [&](NodePath p) {
              out += "enter " + std::to_string(p.size()) + " " + name(p.back()) + "\n";
              return ++k % 4 != 0;
            },
            [&](NodePath p) { out += "leave " + std::to_string(p.size()) + " " + name(p.back()) + "\n"; });
  walk_preorder(root, [&](TSNode n) {
    out += "kids of " + name(n) + ":";
    for (TSNode c : children(n)) out += " " + name(c);
    out += " | named:";
    for (TSNode c : named_children(n)) out += " " + name(c);
    out += "\n";
    return true;
  });
  return out;
}

struct Parsed {
  TSParser* parser = ts_parser_new();
  TSTree* tree = nullptr;
  Parsed(std::string_view path, const std::string& text) {
    ts_parser_set_language(parser, frontend_for_path(path)->grammar());
    tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  }
  ~Parsed() {
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
  TSNode root() const { return ts_tree_root_node(tree); }
};

}  // namespace

TEST_CASE("walks over a flat tree see what walks over a tree cursor see", "[syntax]") {
  const std::pair<std::string, std::string> sources[] = {
      {"a.ts", "import { a } from './a';\nexport const port = process.env.PORT ?? `x${a}`;\n"
               "function f(env: NodeJS.ProcessEnv) { if (!env.X) { return [1, (2), {k: 3}]; } }\n;;\nclass C { m() {} }\n"},
      {"a.py", "import os\nclass S(Base):\n    x: int = 1\n\ndef f(env):\n    return env.get('A', 'd') or (1, 2)\n"},
      {"a.go", "package main\n\nimport \"os\"\n\nfunc main() {\n\tx := os.Getenv(\"A\") + \"b\"\n\t_ = x\n}\n"},
      {"b.ts", "const broken = (1, ;\nlet ok = process.env.OK;\n"},  // with an ERROR node
  };
  for (const auto& [path, text] : sources) {
    Parsed p(path, text);
    TSNode root = p.root();
    // The whole tree and every subtree, as roots of their own walks.
    std::vector<TSNode> roots;
    walk_preorder(root, [&](TSNode n) {
      roots.push_back(n);
      return true;
    });
    std::vector<std::string> by_cursor;
    for (TSNode r : roots) by_cursor.push_back(trace(r));
    // Every node's ancestors, from the root and from its parent's parent (found by descending).
    auto ancestors = [&](TSNode from, TSNode n) {
      std::string out;
      for (TSNode a : resolve::ancestor_path(from, n))
        out += std::string(node_type(a)) + "@" + std::to_string(ts_node_start_byte(a)) + " ";
      return out;
    };
    std::vector<std::string> paths;
    for (TSNode r : roots) paths.push_back(ancestors(root, r) + "| " + ancestors(roots[roots.size() / 2], r));
    FlatTree flat(root);
    FlatTreeScope scope(&flat);
    for (size_t i = 0; i < roots.size(); ++i) {
      INFO(path << " subtree " << i);
      REQUIRE(flat.find(roots[i]) == static_cast<int64_t>(i));  // every node is found, at its place
      CHECK(trace(roots[i]) == by_cursor[i]);
      CHECK(ancestors(root, roots[i]) + "| " + ancestors(roots[roots.size() / 2], roots[i]) == paths[i]);
    }
    // A node of another tree (another file a read resolves through) is not in this flat tree:
    // its walks go through a cursor and see its own nodes.
    Parsed other(path, text);
    CHECK(flat.find(other.root()) == -1);
    CHECK(trace(other.root()) == by_cursor[0]);
  }
}

// node_type answers from a table of each grammar's names by public symbol (syntax.cpp): every
// node of every pattern fixture (named and anonymous, aliased ones and ERROR / MISSING nodes of
// broken copies) has tree-sitter's own type, and is_type agrees.
TEST_CASE("node_type is tree-sitter's type of every node in every grammar", "[syntax]") {
  namespace fs = std::filesystem;
  size_t nodes = 0, errors = 0;
  std::set<std::string> exts;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(ENVDRIFT_SOURCE_DIR) / "fixtures")) {
    if (!e.is_regular_file()) continue;
    std::string path = e.path().string();
    const FrontendDescriptor* fe = frontend_for_path(path);
    if (fe == nullptr || fe->grammar == nullptr || fe->embedded != nullptr) continue;
    std::string text;
    REQUIRE(resolve::read_file_text(path, text));
    // The file, and a broken copy: its second half's brackets dropped.
    std::string broken = text;
    for (size_t i = broken.size() / 2; i < broken.size(); ++i)
      if (broken[i] == ')' || broken[i] == '}' || broken[i] == ']') broken[i] = ' ';
    for (const std::string* t : {&text, &broken}) {
      Parsed p(path, *t);
      TSTreeCursor c = ts_tree_cursor_new(p.root());
      for (bool more = true; more;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        INFO(path << " at byte " << ts_node_start_byte(n));
        REQUIRE(node_type(n) == std::string_view(ts_node_type(n)));
        REQUIRE(is_type(n, ts_node_type(n)));
        REQUIRE_FALSE(is_type(n, std::string(ts_node_type(n)) + "x"));
        ++nodes;
        if (ts_node_is_error(n) || ts_node_is_missing(n)) ++errors;
        if (ts_tree_cursor_goto_first_child(&c)) continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
          if (!ts_tree_cursor_goto_parent(&c)) {
            more = false;
            break;
          }
      }
      ts_tree_cursor_delete(&c);
    }
    exts.insert(e.path().extension().string());
  }
  CHECK(exts.count(".ts") + exts.count(".tsx") + exts.count(".js") + exts.count(".py") + exts.count(".go") == 5);
  CHECK(nodes > 50000);
  CHECK(errors > 100);
  CHECK(node_type(TSNode{}).empty());
  CHECK(is_type(TSNode{}, ""));
}
