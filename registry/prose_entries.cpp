// Prose under a variable's heading or in its list item: the stated default ("Defaults to X",
// "Default: X", "`X` (default)") and `Label: value` attribute lines (SPEC Appendix A
// "Registry pages").
#include <array>

#include "analyzer/core/normalize.h"
#include "registry/markdown_page.h"

namespace envdrift::registry_detail {

namespace {

// Lines that only open or close an admonition: `:::note`, `:::`, `!!! info "Default"`.
bool admonition_fence(const std::vector<Piece>& line) {
  std::string t = plain_text(line);
  return starts_with(t, ":::") || starts_with(t, "!!!") || starts_with(t, "???");
}

// The line as Markdown-ish text: code spans in backticks, so normalize_doc_default sees them.
std::string line_source(const std::vector<Piece>& line) {
  std::string out;
  for (const auto& p : line) {
    if (p.kind == PieceKind::Code) out += "`" + p.text + "`";
    else if (p.kind == PieceKind::Text) out += p.text;
    else if (p.kind == PieceKind::Break) out += ' ';
  }
  return std::string(trim(out));
}

// The first sentence of `text`: up to a full stop, a line break, or a closing parenthesis the
// text is inside ("(default: 8080)"), never inside a code span; trailing punctuation dropped.
std::string first_sentence(std::string_view text) {
  size_t stop = std::string::npos;
  bool in_code = false;
  int parens = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`') in_code = !in_code;
    if (in_code) continue;
    if (text[i] == '(') ++parens;
    bool unbalanced = text[i] == ')' && parens-- == 0;
    if (unbalanced || text[i] == '\n' || (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' '))) {
      stop = i;
      break;
    }
  }
  std::string_view v = trim(text.substr(0, stop));
  while (!v.empty() && (v.back() == ',' || v.back() == ';' || v.back() == ':')) v.remove_suffix(1);
  return std::string(trim(v));
}

// The sentence after a "Defaults to" lead: text and code spans (in backticks) to its end.
std::string lead_sentence(const std::vector<Piece>& prose, size_t k, size_t from) {
  std::string out = prose[k].text.substr(from);
  for (size_t j = k + 1; j < prose.size() && prose[j].kind != PieceKind::Break; ++j)
    out += prose[j].kind == PieceKind::Code ? "`" + prose[j].text + "`" : prose[j].text;
  return first_sentence(out);
}

// Text right after a code span that marks it as the default: "`auto` (default)",
// "`info` by default".
bool marks_default(std::string_view after) {
  std::string t = to_lower(trim(after));
  return starts_with(t, "(default)") || starts_with(t, "by default") || starts_with(t, "is the default");
}

template <size_t N>
bool has_label(const std::array<std::string_view, N>& labels, std::string_view key) {
  for (auto l : labels)
    if (l == key) return true;
  return false;
}

// "**Default:**" -> "default"; "Environment variable" -> "environment variable".
std::string label_key(std::string_view text) {
  std::string out;
  for (char c : to_lower(trim(text)))
    if (c != '*' && c != '_') out += c;
  std::string_view v = trim(out);
  while (!v.empty() && (v.back() == ':' || v.back() == '.')) v.remove_suffix(1);
  return std::string(trim(v));
}

bool is_attribute_label(const std::string& key) {
  return has_label(kNameLabels, key) || has_label(kDefaultLabels, key) || has_label(kAliasLabels, key) ||
         has_label(kDescriptionLabels, key) || key == "required" || key == "deprecated" || key == "type";
}

// Read one `label: value` pair into `a`; false when the label is not an attribute.
bool apply_attribute(Attributes& a, const std::string& key, std::string_view value, int line) {
  // "Key: `API_KEY` is sent as ..." in prose introduces a secret, not the variable's name.
  if (key == "key" || key == "keys") return false;
  std::string plain = plain_text(parse_inline(value));
  if (has_label(kNameLabels, key) || has_label(kAliasLabels, key)) {
    // Lower-case names count under an explicit env label, as in tables.
    NameCell cell = parse_name_cell(value, key.find("env") != std::string::npos);
    if (a.names.empty() && !cell.names.empty()) a.name_line = line;
    a.names.insert(a.names.end(), cell.names.begin(), cell.names.end());
    if (cell.starred) a.required = true;
  } else if (has_label(kDefaultLabels, key)) {
    a.default_value = normalize_doc_default(first_sentence(value));
  } else if (has_label(kDescriptionLabels, key)) {
    a.description = plain;
  } else if (key == "required") {
    a.required = truthy_text(plain);
  } else if (key == "deprecated") {
    std::string t = to_lower(plain);
    a.deprecated = t != "no" && t != "false";
  } else if (key != "type") {
    return false;
  }
  return true;
}

}  // namespace

std::vector<Piece> flatten_blocks(const std::vector<const ProseBlock*>& blocks) {
  std::vector<Piece> out;
  auto add_text = [&](const std::string& t) {
    if (!out.empty() && out.back().kind == PieceKind::Text) out.back().text += t;
    else out.push_back({PieceKind::Text, t});
  };
  for (const ProseBlock* b : blocks) {
    bool first = true;
    for (const auto& line : b->lines) {
      if (admonition_fence(line)) continue;
      if (!first) add_text(" ");
      first = false;
      for (const auto& p : line) {
        if (p.kind == PieceKind::Text) add_text(p.text);
        else out.push_back(p);
      }
    }
    out.push_back({PieceKind::Break, "\n"});
  }
  return out;
}

std::optional<std::optional<DefaultValue>> prose_default(const std::vector<Piece>& prose) {
  static constexpr std::array<std::string_view, 12> kLeads{
      "defaults to",   "default value is", "default value:", "default value of", "default is", "default:",
      "by default it is", "the default is", "default of",  "default =",  "defaults:", "(default "};
  for (size_t k = 0; k < prose.size(); ++k) {
    const Piece& p = prose[k];
    if (p.kind == PieceKind::Code) {
      // "`auto` (default)", "`info` by default"
      if (k + 1 < prose.size() && prose[k + 1].kind == PieceKind::Text && marks_default(prose[k + 1].text))
        return normalize_doc_default("`" + p.text + "`");
      continue;
    }
    if (p.kind != PieceKind::Text) continue;
    std::string lower = to_lower(p.text);
    for (auto lead : kLeads) {
      size_t at = lower.find(lead);
      if (at == std::string::npos) continue;
      std::string sentence = lead_sentence(prose, k, at + lead.size());
      if (sentence.empty()) continue;
      // "Defaults to `3000` when unset": the code span is the value.
      if (sentence.front() == '`') {
        size_t close = sentence.find('`', 1);
        if (close != std::string::npos) return normalize_doc_default(sentence.substr(0, close + 1));
      }
      return normalize_doc_default(sentence);  // several words are prose, not a value
    }
    // "Default `8080`.": the lead ends the text and a code span follows.
    std::string_view tail = trim(lower);
    if (k + 1 < prose.size() && prose[k + 1].kind == PieceKind::Code &&
        (tail == "default" || (tail.size() > 8 && tail.substr(tail.size() - 8) == " default")))
      return normalize_doc_default("`" + prose[k + 1].text + "`");
    if (lower.find("no default") != std::string::npos) return std::optional<DefaultValue>{};
  }
  return std::nullopt;
}

Attributes read_attributes(const std::vector<const ProseBlock*>& blocks) {
  Attributes a;
  std::string term;  // a definition-list term waiting for its `: value` line
  for (const ProseBlock* b : blocks) {
    bool any_attribute = false;
    for (size_t i = 0; i < b->lines.size(); ++i) {
      const auto& line = b->lines[i];
      if (admonition_fence(line)) continue;
      std::string src = line_source(line);
      int line_no = b->line + static_cast<int>(i);
      bool read = false;
      if (starts_with(src, ":") && !term.empty()) {  // `Default` / `: info`
        read = apply_attribute(a, term, trim(std::string_view(src).substr(1)), line_no);
      } else if (size_t colon = src.find(':'); colon != std::string::npos && src.find('`') > colon) {
        read = apply_attribute(a, label_key(src.substr(0, colon)), trim(std::string_view(src).substr(colon + 1)),
                               line_no);
      } else {
        std::string key = label_key(src);
        if (key == "deprecated") read = a.deprecated = true;
        else if (key == "required") read = a.required = true;
        else if (is_attribute_label(key)) read = true;  // a definition-list term
      }
      term = read && src.find(':') == std::string::npos ? label_key(src) : std::string();
      any_attribute = any_attribute || read;
    }
    a.attribute_block.push_back(any_attribute);
  }
  return a;
}

}  // namespace envdrift::registry_detail
