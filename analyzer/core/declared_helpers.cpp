#include "analyzer/core/declared_helpers.h"

namespace envdrift {

namespace {

thread_local const std::vector<DeclaredHelper>* g_helpers = nullptr;

// The language families a declaration covers: one for the JS dialects, one for C and C++.
int family(Language l) {
  switch (l) {
    case Language::TypeScript:
    case Language::Tsx:
    case Language::JavaScript:
      return 0;
    case Language::Python:
      return 1;
    case Language::Go:
      return 2;
    case Language::C:
    case Language::Cpp:
      return 3;
  }
  return -1;
}

bool dotted_suffix(std::string_view whole, std::string_view suffix) {
  if (suffix.empty() || suffix.size() > whole.size()) return false;
  if (whole.compare(whole.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  return suffix.size() == whole.size() || whole[whole.size() - suffix.size() - 1] == '.';
}

}  // namespace

const std::vector<DeclaredHelper>& declared_helpers() {
  static const std::vector<DeclaredHelper> none;
  return g_helpers != nullptr ? *g_helpers : none;
}

DeclaredHelpersScope::DeclaredHelpersScope(const std::vector<DeclaredHelper>* helpers) : saved_(g_helpers) {
  g_helpers = helpers;
}

DeclaredHelpersScope::~DeclaredHelpersScope() { g_helpers = saved_; }

const DeclaredHelper* find_declared_helper(Language language, std::string_view qualified) {
  const DeclaredHelper* best = nullptr;
  for (const DeclaredHelper& h : declared_helpers()) {
    if (family(h.language) != family(language) || !dotted_suffix(qualified, h.function)) continue;
    if (best == nullptr || h.function.size() > best->function.size()) best = &h;  // most specific wins
  }
  return best;
}

std::shared_ptr<const resolve::HelperSummary> declared_helper_summary(const DeclaredHelper& helper) {
  auto s = std::make_shared<resolve::HelperSummary>();
  s->name = helper.function;
  auto colon = helper.origin.rfind(':');
  s->file = colon == std::string::npos ? helper.origin : helper.origin.substr(0, colon);
  s->line = colon == std::string::npos ? 0 : std::atoi(helper.origin.c_str() + colon + 1);
  s->name_param = helper.name_arg;
  s->default_param = helper.default_arg;
  return s;
}

std::string declared_helpers_fingerprint(const std::vector<DeclaredHelper>& helpers) {
  std::string out;
  for (const DeclaredHelper& h : helpers) {
    out += std::string(language_name(h.language)) + ' ' + h.function + ' ' + std::to_string(h.name_arg) + ' ' +
           std::to_string(h.default_arg) + ' ' + (h.env_object ? "env" : "-") + ' ' + h.origin + ';';
  }
  return out;
}

}  // namespace envdrift
