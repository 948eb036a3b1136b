// Low-level scanners over Markdown/MDX source: code spans, HTML/JSX tags with their
// attributes, and `{...}` JSX expressions. They work on raw text and never recurse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace envdrift::registry_detail {

// `s[pos]` starts a run of backticks: the offset just past the matching closing run, or npos
// when the span is not closed before the end of the text or a blank line.
size_t skip_code_span(std::string_view s, size_t pos);

// `s[pos]` is '{': the offset just past the matching '}' (strings inside are skipped), or npos.
size_t skip_braces(std::string_view s, size_t pos);

struct TagAttr {
  enum class Kind { Bare, Quoted, Expression };
  std::string name;
  std::string value;  // quoted: the content; expression: the text inside the braces
  Kind kind = Kind::Bare;
};

struct TagInfo {
  std::string name;
  bool closing = false;       // </Name>
  bool self_closing = false;  // <Name ... />
  bool comment = false;       // <!-- ... -->
  std::vector<TagAttr> attrs;
};

// `s[pos]` is '<': if an HTML/JSX tag (or an HTML comment) starts there, the offset just past
// it, else npos. Tags may span lines. `info` (optional) receives the tag's name and attributes.
size_t scan_tag(std::string_view s, size_t pos, TagInfo* info);

}  // namespace envdrift::registry_detail
