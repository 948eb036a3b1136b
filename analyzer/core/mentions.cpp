#include "analyzer/core/mentions.h"

#include "analyzer/core/io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <optional>
#include <unordered_map>

#include "analyzer/core/normalize.h"
#include "analyzer/frontend.h"

namespace envdrift {

namespace {

bool word_byte(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c >= 0x80; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The lexical syntax the search needs, from the frontend's comment marker: the `//` languages
// (JS family, Go) have `/* */` comments and backtick strings (Go's raw strings hold struct
// tags); the `#` languages (Python) have triple-quoted strings.
struct Syntax {
  std::string_view line_comment;
  bool c_like = false;
  bool tags = false;  // backtick strings may be struct tags (`env:"X"`)
  Language language = Language::TypeScript;
  std::string_view runtime;  // a runtime file's kind (Mention::runtime): exact case only
  const std::vector<std::string_view>* api = nullptr;  // the language's env API (candidate_tokens)
};

class Searcher {
 public:
  Searcher(const std::vector<std::string>& names, std::map<std::string, std::vector<Mention>>& out, size_t per_name)
      : out_(out), per_name_(per_name) {
    for (const auto& n : names) {
      if (n.empty()) continue;
      std::string key;
      for (char c : n) key += lower(c);
      by_lower_[key].push_back(n);
    }
  }

  void search(std::string_view rel, std::string_view text, const Syntax& syn) {
    rel_ = rel;
    language_ = syn.language;
    text_ = text;
    const size_t n = text.size();
    int line = 1;
    size_t line_start = 0;
    char quote = 0;           // the open string's quote (0 = code)
    bool triple = false;      // a Python triple-quoted string
    size_t string_start = 0;  // offset of the open string's first quote
    bool block = false;       // inside /* */
    for (size_t i = 0; i < n;) {
      char c = text[i];
      if (c == '\n') {
        ++line;
        line_start = ++i;
        if (quote != 0 && !triple && quote != '`') quote = 0;  // an unterminated one-line string
        continue;
      }
      if (block) {
        if (c == '*' && i + 1 < n && text[i + 1] == '/') {
          block = false;
          i += 2;
        } else {
          ++i;
        }
        continue;
      }
      if (quote != 0) {
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == quote && (!triple || (i + 2 < n && text[i + 1] == quote && text[i + 2] == quote))) {
          i += triple ? 3 : 1;
          quote = 0;
          triple = false;
          continue;
        }
        if (word_byte(static_cast<unsigned char>(c))) {
          i = word(i, line, line_start, quote, string_start, syn);
          continue;
        }
        ++i;
        continue;
      }
      if (!syn.line_comment.empty() && text.compare(i, syn.line_comment.size(), syn.line_comment) == 0) {
        while (i < n && text[i] != '\n') ++i;
        continue;
      }
      if (syn.c_like && c == '/' && i + 1 < n && text[i + 1] == '*') {
        block = true;
        i += 2;
        continue;
      }
      if (c == '"' || c == '\'' || (c == '`' && syn.c_like)) {
        quote = c;
        string_start = i;
        if (!syn.c_like && i + 2 < n && text[i + 1] == c && text[i + 2] == c) {
          triple = true;
          i += 3;
        } else {
          ++i;
        }
        continue;
      }
      if (word_byte(static_cast<unsigned char>(c))) {
        i = word(i, line, line_start, 0, 0, syn);
        continue;
      }
      ++i;
    }
  }

 private:
  // The word starting at `b`; returns the offset after it.
  size_t word(size_t b, int line, size_t line_start, char quote, size_t string_start, const Syntax& syn) {
    size_t e = b;
    while (e < text_.size() && word_byte(static_cast<unsigned char>(text_[e]))) ++e;
    if (e - b > 128) return e;
    std::string key(text_.substr(b, e - b));
    for (char& c : key) c = lower(c);
    auto it = by_lower_.find(key);
    if (it == by_lower_.end()) return e;
    std::string_view exact = text_.substr(b, e - b);
    for (const std::string& name : it->second) {
      auto& list = out_[name];
      if (list.size() >= per_name_) continue;
      Mention m;
      m.file = std::string(rel_);
      m.language = language_;
      m.line = line;
      m.column = static_cast<int>(b - line_start) + 1;
      classify(b, e, quote, string_start, syn, m);
      bool same_case = exact == name;
      if (!same_case && (!syn.runtime.empty() || (m.context != "member" && m.context != "key" && m.context != "keyword")))
        continue;
      m.runtime = std::string(syn.runtime);
      list.push_back(std::move(m));
    }
    return e;
  }

  size_t skip_space_back(size_t i) const {  // index after the last non-blank byte before i
    while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t' || text_[i - 1] == '\n' || text_[i - 1] == '\r')) --i;
    return i;
  }

  void classify(size_t b, size_t e, char quote, size_t string_start, const Syntax& syn, Mention& m) const {
    if (quote != 0) {
      m.context = "string";
      if (syn.tags && quote == '`' && b >= 2 && text_[b - 1] == '"' && text_[b - 2] == ':') {
        m.context = "tag";
        return;
      }
      // A string that is the whole literal, as an argument of a call: name the callee.
      if (string_start + 1 == b && e < text_.size() && text_[e] == quote) call_of(string_start, m);
      // The env API itself (`getenv`, `os.getenv`): a read the analysis did not see there.
      if (!m.callee.empty() && syn.api != nullptr)
        for (std::string_view t : *syn.api) {
          std::string_view c = m.callee;
          if (c == t || (c.size() > t.size() && c.substr(c.size() - t.size()) == t && c[c.size() - t.size() - 1] == '.'))
            m.api_call = true;
        }
      return;
    }
    size_t before = skip_space_back(b);
    if (before > 0 && text_[before - 1] == '.') {
      m.context = "member";
      return;
    }
    size_t after = e;
    while (after < text_.size() && (text_[after] == ' ' || text_[after] == '\t')) ++after;
    if (after < text_.size() && text_[after] == ':' && (after + 1 >= text_.size() || text_[after + 1] != ':')) {
      m.context = "key";
    } else if (after < text_.size() && text_[after] == '=' && (after + 1 >= text_.size() || text_[after + 1] != '=')) {
      m.context = "keyword";
    } else {
      m.context = "identifier";
    }
  }

  // The string at `open` (its opening quote) is an argument of a call when `(` or `,` precedes
  // it; walk back over the earlier arguments (bounded) to the call's `(` and the callee name.
  void call_of(size_t open, Mention& m) const {
    size_t i = skip_space_back(open);
    if (i == 0 || (text_[i - 1] != '(' && text_[i - 1] != ',')) return;
    int index = 0, depth = 0;
    size_t limit = open > 4096 ? open - 4096 : 0;
    for (; i > limit; --i) {
      char c = text_[i - 1];
      if (c == ')' || c == ']' || c == '}') ++depth;
      else if ((c == '(' || c == '[' || c == '{') && depth > 0) --depth;
      else if (c == ',' && depth == 0) ++index;
      else if (c == '(' && depth == 0) break;
      else if ((c == '[' || c == '{') && depth == 0) return;  // an array or object, not a call
    }
    if (i <= limit) return;
    size_t end = skip_space_back(i - 1);
    size_t start = end;
    while (start > 0 && (word_byte(static_cast<unsigned char>(text_[start - 1])) || text_[start - 1] == '.')) --start;
    if (start == end) return;
    m.callee = std::string(text_.substr(start, end - start));
    m.arg_index = index;
  }

  std::map<std::string, std::vector<Mention>>& out_;
  size_t per_name_;
  std::unordered_map<std::string, std::vector<std::string>> by_lower_;
  std::string_view rel_;
  Language language_ = Language::TypeScript;
  std::string_view text_;
};

Syntax syntax_of(const FrontendDescriptor& fe) {
  Syntax s;
  s.line_comment = fe.line_comment;
  s.c_like = fe.line_comment == "//";
  s.tags = fe.language == Language::Go;
  s.language = fe.language;
  s.api = &fe.candidate_tokens;
  return s;
}

}  // namespace

void find_mentions_in(std::string_view rel, std::string_view text, const std::vector<std::string>& names,
                      std::map<std::string, std::vector<Mention>>& out, size_t per_name) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr) return;
  Searcher s(names, out, per_name);
  s.search(rel, text, syntax_of(*fe));
}

namespace {

// Search each of `files` whose syntax `syntax_for(rel, path)` gives (nullopt: skip it); files
// that cannot be read, hold a NUL byte early or are larger than `max_size` are skipped.
template <class SyntaxFor>
std::map<std::string, std::vector<Mention>> search_files(const std::vector<std::string>& names,
                                                         const std::vector<std::pair<std::string, std::string>>& files,
                                                         size_t per_name, SyntaxFor syntax_for,
                                                         size_t max_size = std::string::npos) {
  std::map<std::string, std::vector<Mention>> out;
  if (names.empty()) return out;
  Searcher s(names, out, per_name);
  std::string text;
  for (const auto& [rel, path] : files) {
    std::optional<Syntax> syn = syntax_for(rel, path);
    if (!syn) continue;
    text.clear();
    if (!read_regular_file(path, text).ok() || text.size() > max_size) continue;
    if (text.substr(0, 8192).find('\0') != std::string::npos) continue;
    s.search(rel, text, *syn);
  }
  for (auto it = out.begin(); it != out.end();) it = it->second.empty() ? out.erase(it) : std::next(it);
  return out;
}

}  // namespace

std::map<std::string, std::vector<Mention>> find_mentions(const std::vector<std::string>& names,
                                                          const std::vector<std::pair<std::string, std::string>>& files,
                                                          size_t per_name) {
  return search_files(names, files, per_name, [](const std::string& rel, const std::string&) -> std::optional<Syntax> {
    const FrontendDescriptor* fe = frontend_for_path(rel);
    if (fe == nullptr) return std::nullopt;
    return syntax_of(*fe);
  });
}

namespace {

std::string_view base_name(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What a runtime file is by its name ("" when its name does not say: a script only if `#!`).
std::string_view runtime_kind(std::string_view rel) {
  std::string_view b = base_name(rel);
  for (std::string_view ext : {".sh", ".bash", ".zsh", ".ksh"})
    if (ends_with(b, ext)) return "shell script";
  if (b.starts_with("Dockerfile") || b.starts_with("Containerfile") || ends_with(b, ".dockerfile")) return "Dockerfile";
  if (b.find("compose") != std::string_view::npos && (ends_with(b, ".yml") || ends_with(b, ".yaml")))
    return "compose file";
  if (b == "Makefile" || b == "GNUmakefile" || b == "makefile" || ends_with(b, ".mk")) return "Makefile";
  if (b == "Procfile") return "Procfile";
  if (b == "index.html") return "HTML entry page";  // bundlers substitute env vars in it (`%VITE_X%`)
  return "";
}

}  // namespace

bool runtime_file_candidate(std::string_view rel) {
  std::string_view b = base_name(rel);
  return !runtime_kind(rel).empty() || (!b.empty() && b.find('.') == std::string_view::npos);
}

std::map<std::string, std::vector<Mention>> find_runtime_mentions(
    const std::vector<std::string>& names, const std::vector<std::pair<std::string, std::string>>& files,
    size_t per_name) {
  constexpr size_t kMaxSize = 1 << 20;  // a larger file is no script or manifest
  auto syntax_for = [](const std::string& rel, const std::string& path) -> std::optional<Syntax> {
    std::string_view kind = runtime_kind(rel);
    if (kind.empty()) {  // no extension: a script when it starts with `#!`
      int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0) return std::nullopt;
      char head[2] = {0, 0};
      ssize_t got = ::read(fd, head, 2);
      ::close(fd);
      if (got != 2 || head[0] != '#' || head[1] != '!') return std::nullopt;
      kind = "script";
    }
    Syntax syn;
    syn.line_comment = kind == "HTML entry page" ? "" : "#";
    syn.runtime = kind;
    return syn;
  };
  return search_files(names, files, per_name, syntax_for, kMaxSize);
}

}  // namespace envdrift
