// .env.example / .env.sample / .env.template registries (SPEC section 4).
//
// `KEY=value`, `export KEY=value` and commented-out `# KEY=value` lines are documented
// variables; the value is the default (quotes stripped; an empty value means no default).
// Prose comment lines directly above a key become its description; banner comments
// (`# --- Ingest ---`) start a section.
#include <string>

#include "analyzer/core/normalize.h"
#include "registry/inline_text.h"
#include "registry/model.h"

namespace envdrift {

namespace {

using registry_detail::apply_prose_flags;
using registry_detail::is_identifier;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

bool is_rule_char(char c) { return c == '-' || c == '=' || c == '*' || c == '#' || c == '~' || c == '_'; }

// `--- API ---`, `===== Database =====`: the banner text, "" for a bare rule, nullopt for prose.
std::optional<std::string> banner_text(std::string_view c) {
  size_t left = 0;
  while (left < c.size() && (is_rule_char(c[left]) || c[left] == ' ')) ++left;
  size_t rule_chars = 0;
  for (size_t i = 0; i < left; ++i) rule_chars += is_rule_char(c[i]) ? 1 : 0;
  if (rule_chars < 3) return std::nullopt;
  size_t right = c.size();
  while (right > left && (is_rule_char(c[right - 1]) || c[right - 1] == ' ')) --right;
  return std::string(trim(c.substr(left, right - left)));
}

bool has_lower(std::string_view s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

// Where the unquoted value ends: at ` #` (an inline comment).
size_t inline_comment(std::string_view v) {
  for (size_t i = 1; i < v.size(); ++i)
    if (v[i] == '#' && (v[i - 1] == ' ' || v[i - 1] == '\t')) return i;
  return std::string_view::npos;
}

std::optional<DefaultValue> unquoted_default(std::string_view v) {
  if (v.empty()) return std::nullopt;
  DefaultValue dv{std::string(v), normalize_code_value(v), true};
  // Placeholders and references are examples, not defaults: `<random 32+ char string>`,
  // `sk-...`, `${DATABASE_URL}`, `$(openssl rand -hex 32)`.
  bool placeholder = (v.front() == '<' && v.back() == '>') || v.find("${") != std::string_view::npos ||
                     v.find("$(") != std::string_view::npos || v.find("...") != std::string_view::npos ||
                     v.find("…") != std::string_view::npos;
  if (placeholder) {
    dv.comparable = false;
    dv.value = std::string(v);
  }
  return dv;
}

}  // namespace

Registry read_dotenv_registry(std::string_view text, const std::string& rel) {
  Registry r;
  r.file = rel;
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string_view> lines = split_lines(text);
  std::vector<std::string> section;
  std::string pending;  // prose comment lines directly above the next key

  for (size_t idx = 0; idx < lines.size(); ++idx) {
    std::string_view l = trim(lines[idx]);
    if (l.empty()) {
      pending.clear();
      continue;
    }
    bool commented = false;
    std::string_view body = l;
    if (body.front() == '#') {
      while (!body.empty() && body.front() == '#') body.remove_prefix(1);
      body = trim(body);
      if (auto banner = banner_text(body)) {
        if (!banner->empty()) section = {*banner};
        pending.clear();
        continue;
      }
      if (starts_with(body, "envdrift:")) {
        std::string_view d = trim(body.substr(9));
        if (starts_with(d, "ignore ")) {
          d = d.substr(7);
          size_t i = 0;
          while (i < d.size()) {
            while (i < d.size() && (d[i] == ' ' || d[i] == ',' || d[i] == '\t')) ++i;
            size_t s = i;
            while (i < d.size() && !(d[i] == ' ' || d[i] == ',' || d[i] == '\t')) ++i;
            if (is_identifier(d.substr(s, i - s))) r.ignored.emplace_back(d.substr(s, i - s));
          }
        }
        continue;
      }
      commented = true;
    }
    if (starts_with(body, "export ") || starts_with(body, "export\t")) body = trim(body.substr(7));
    size_t eq = body.find('=');
    std::string_view key = eq == std::string_view::npos ? std::string_view{} : body.substr(0, eq);
    if (!commented) key = trim(key);
    // A commented line is a key only when it reads like one: `# KEY=value`, upper case, no
    // space before '='. `# Set this to 1` is prose.
    bool is_key = is_identifier(key) && !(commented && has_lower(key));
    if (!is_key) {
      if (commented) {
        if (!pending.empty()) pending += ' ';
        pending += body;
      } else {
        r.diagnostics.push_back({Diagnostic::Severity::Note, rel, static_cast<int>(idx) + 1,
                                 "line is neither KEY=value nor a comment; skipped"});
        pending.clear();
      }
      continue;
    }

    DocVariable var;
    var.name = std::string(key);
    var.file = rel;
    var.line = static_cast<int>(idx) + 1;
    var.section = section;
    std::string_view v = trim(body.substr(eq + 1));
    std::string comment;
    if (!v.empty() && (v.front() == '"' || v.front() == '\'' || v.front() == '`')) {
      char q = v.front();
      std::string value;
      std::string_view cur = v.substr(1);
      bool closed = false;
      size_t line_idx = idx;
      for (;;) {
        for (size_t i = 0; i < cur.size(); ++i) {
          if (q == '"' && cur[i] == '\\' && i + 1 < cur.size()) {
            char e = cur[++i];
            value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          } else if (cur[i] == q) {
            closed = true;
            std::string_view rest = trim(cur.substr(i + 1));
            if (starts_with(rest, "#")) comment = std::string(trim(rest.substr(1)));
            break;
          } else {
            value += cur[i];
          }
        }
        if (closed || commented || line_idx + 1 >= lines.size()) break;
        value += '\n';  // a quoted value spanning lines
        cur = lines[++line_idx];
      }
      if (!closed) {
        r.diagnostics.push_back({Diagnostic::Severity::Warning, rel, var.line,
                                 "unterminated quoted value for " + var.name});
      } else {
        idx = line_idx;
      }
      if (!value.empty()) var.default_value = DefaultValue{value, normalize_code_value(value), true};
    } else {
      size_t hash = inline_comment(v);
      if (hash != std::string_view::npos) {
        comment = std::string(trim(v.substr(hash + 1)));
        v = trim(v.substr(0, hash));
      }
      var.default_value = unquoted_default(v);
    }
    var.description = !comment.empty() ? comment : pending;
    pending.clear();
    apply_prose_flags(var, var.description);
    var.template_value = true;
    r.variables.push_back(std::move(var));
  }
  if (r.variables.empty() && r.ignored.empty())
    r.diagnostics.push_back({Diagnostic::Severity::Warning, rel, 0, "no KEY=value lines found"});
  return r;
}

}  // namespace envdrift
