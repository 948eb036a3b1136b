// Env read sites (the env API and helpers), helper summaries and defaults (see analyzer.h).
#include <algorithm>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/normalize.h"
#include "analyzer/cpp/analyzer.h"

namespace envdrift::cpp {

namespace {

// The env API: C and POSIX, the C11 Annex K / MSVC forms, Qt. Writes (setenv, putenv, unsetenv,
// qputenv, qunsetenv) and the presence of the table are not reads.
struct ApiFunction {
  std::string_view name;
  int name_arg;
  int default_arg;
};
constexpr ApiFunction kApi[] = {
    {"getenv", 0, -1},
    {"secure_getenv", 0, -1},
    {"_wgetenv", 0, -1},
    {"getenv_s", 3, -1},
    {"_wgetenv_s", 3, -1},
    {"_dupenv_s", 2, -1},
    {"qgetenv", 0, -1},
    {"qEnvironmentVariable", 0, 1},
    {"qEnvironmentVariableIntValue", 0, -1},
    {"qEnvironmentVariableIsSet", 0, -1},
    {"qEnvironmentVariableIsEmpty", 0, -1},
};

bool is_wrapper(const Ast& ast, int n) {
  CXCursorKind k = ast.kind(n);
  if (k == CXCursor_ParenExpr || k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
      k == CXCursor_CXXConstCastExpr || k == CXCursor_CXXFunctionalCastExpr)
    return true;
  if (k == CXCursor_UnexposedExpr) return ast.expr_children(n).size() == 1;
  if (k == CXCursor_CallExpr) {  // std::string(getenv(..)), QString(qgetenv(..))
    CXCursor callee = clang_getCursorReferenced(ast.at(n).cursor);
    return clang_getCursorKind(callee) == CXCursor_Constructor && ast.expr_children(n).size() == 1;
  }
  return false;
}

// The dotted qualified name of a declaration ("app::cfg::get" -> "app.cfg.get"), for [[helper]].
std::string qualified_name(CXCursor c) {
  std::vector<std::string> parts;
  for (int guard = 0; guard < 16 && clang_Cursor_isNull(c) == 0; ++guard) {
    CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_TranslationUnit || clang_isInvalid(k) != 0) break;
    std::string s = take(clang_getCursorSpelling(c));
    if (!s.empty()) parts.push_back(s);
    c = clang_getCursorSemanticParent(c);
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += (out.empty() ? "" : ".") + *it;
  return out;
}

bool looks_null(std::string_view t) {
  return t == "nullptr" || t == "NULL" || t == "std::nullopt" || t == "nullopt" || t == "{}" || t == "0";
}

}  // namespace

// Candidate sites for coverage: every function of the env API, matched as a whole identifier.
const std::vector<std::string_view>& candidate_tokens() {
  static const std::vector<std::string_view> k = [] {
    std::vector<std::string_view> v;
    for (const ApiFunction& f : kApi) v.push_back(f.name);
    return v;
  }();
  return k;
}

bool is_api_function(std::string_view name) {
  for (const auto& a : kApi)
    if (a.name == name) return true;
  return false;
}

std::optional<Site> Analyzer::site(int call, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  CXCursor callee = clang_getCursorReferenced(ast_.at(call).cursor);
  if (clang_Cursor_isNull(callee) != 0) return std::nullopt;
  CXCursorKind ck = clang_getCursorKind(callee);
  if (ck != CXCursor_FunctionDecl && ck != CXCursor_CXXMethod && ck != CXCursor_FunctionTemplate) return std::nullopt;
  std::string name = take(clang_getCursorSpelling(callee));
  Site s;
  s.call = call;
  s.callee = name;
  if (clang_Location_isInSystemHeader(clang_getCursorLocation(clang_getCanonicalCursor(callee))) != 0) {
    for (const auto& a : kApi)
      if (a.name == name) {
        s.name_arg = a.name_arg;
        s.default_arg = a.default_arg;
        return s;
      }
    return std::nullopt;
  }
  int def = function_definition(callee);
  std::shared_ptr<const HelperSummary> h;
  if (def >= 0) {
    h = summary(def, depth + 1);
  } else if (external_) {
    h = external_(take(clang_getCursorUSR(callee)));
  }
  if (h == nullptr && def < 0) {
    // A wrapper the config declares because its body is out of sight ([[helper]]).
    Language lang = src_.language;
    const DeclaredHelper* d = find_declared_helper(lang, qualified_name(callee));
    if (d == nullptr) d = find_declared_helper(lang, name);
    if (d != nullptr && !d->env_object) h = declared_helper_summary(*d);
  }
  if (h == nullptr || h->name_param < 0) return std::nullopt;
  s.helper = h;
  s.name_arg = h->name_param;
  s.default_arg = h->default_param;
  return s;
}

int Analyzer::enclosing_function(int node) const {
  for (int p = ast_.parent(node); p >= 0; p = ast_.parent(p))
    if (is_function(ast_.kind(p))) return p;
  return -1;
}

bool Analyzer::mentions(int from, int to, int decl) const {
  for (int k = from; k < to; ++k)
    if (ast_.kind(k) == CXCursor_DeclRefExpr && ast_.referenced(k) == decl) return true;
  return false;
}

std::shared_ptr<const HelperSummary> Analyzer::summary(int fn, int depth) {
  if (auto it = summary_memo_.find(fn); it != summary_memo_.end()) return it->second;
  if (summary_busy_[fn] || depth > kMaxDepth) return nullptr;  // a cycle: not (yet) a helper
  summary_busy_[fn] = true;
  std::shared_ptr<HelperSummary> out;
  std::vector<std::pair<std::string, std::string>> affixes;  // of every read of the name parameter
  std::vector<std::pair<std::string, std::string>> defaulted;  // of those reads that have a fallback
  int params = 0;
  for (int c : ast_.children(fn)) params += ast_.kind(c) == CXCursor_ParmDecl ? 1 : 0;
  const Node& f = ast_.at(fn);
  for (int k = fn + 1; k < f.end; ++k) {
    if (ast_.kind(k) != CXCursor_CallExpr) continue;
    auto s = site(k, depth + 1);
    if (!s) continue;
    auto args = call_args(k);
    int arg = name_node(*s, args);
    if (arg < 0 && s->name_arg != kThisParam) continue;
    Value nv = site_name(*s, args, depth + 1);
    // The name: a parameter as it is, or with constant text around it (`"APP_" + key`, a local
    // built from it, a helper that adds its own), or a member of the object a method is called
    // on that its constructor set.
    int np = -1;
    std::vector<std::pair<std::string, std::string>> around;
    std::vector<std::string> path;
    bool plain = s->helper == nullptr || s->helper->name_affixes.empty();
    if (nv.type == Value::Type::Param && nv.text == std::to_string(fn) && nv.param == kThisParam && nv.path.size() == 1 && plain) {
      np = kThisParam;
      path = nv.path;
      around = {{"", ""}};
    } else if (nv.type == Value::Type::Param && nv.text == std::to_string(fn) && nv.path.empty() && plain) {
      np = nv.param;
      around = {{"", ""}};
    } else if (arg >= 0 && nv.type != Value::Type::Str && nv.type != Value::Type::Set) {
      for (int i = 0; i < params && np < 0; ++i)
        if (!(around = affixes_of_param(*s, args, fn, i, depth + 1)).empty()) np = i;
    }
    if (np < 0 || (out != nullptr && (np != out->name_param || path != out->name_path))) continue;
    for (auto& a : around)
      if (std::find(affixes.begin(), affixes.end(), a) == affixes.end()) affixes.push_back(std::move(a));
    if (out == nullptr) {
      out = std::make_shared<HelperSummary>();
      out->name = ast_.spelling(fn);
      out->file = rel_of(fn);
      out->line = ast_.line(fn);
      out->name_param = np;
      out->name_path = path;
    }
    DefaultOut d = site_default(*s, depth + 1);
    bool param_default = d.param >= 0 && d.owner == fn && d.param != out->name_param;
    if (param_default || (d.value && d.param < 0))  // this read has the helper's fallback
      for (const auto& a : around)
        if (std::find(defaulted.begin(), defaulted.end(), a) == defaulted.end()) defaulted.push_back(a);
    if (out->default_param >= 0 || out->constant_default) continue;
    if (param_default) out->default_param = d.param;
    else if (d.value && d.param < 0) out->constant_default = d.value;
  }
  if (out != nullptr && !(affixes.size() == 1 && affixes[0] == std::pair<std::string, std::string>{"", ""}))
    out->name_affixes = affixes;
  // Only some of the names take the fallback (`getenv(name + "_FILE")` has none).
  if (out != nullptr && out->name_affixes.size() > 1 && !defaulted.empty() && defaulted.size() < out->name_affixes.size())
    out->defaulted_affixes = defaulted;
  if (out != nullptr && out->default_param >= 0) {
    // The default parameter's own default (`int def = 5`): used when a call leaves it out.
    int i = 0;
    for (int c : ast_.children(fn)) {
      if (ast_.kind(c) != CXCursor_ParmDecl) continue;
      if (i++ != out->default_param) continue;
      auto kids = ast_.expr_children(c);
      if (!kids.empty()) {
        DefaultOut pd = to_default(value(kids.back(), depth + 1), kids.back());
        if (pd.param < 0) out->param_default = pd.value;
      }
    }
  }
  summary_busy_[fn] = false;
  summary_memo_[fn] = out;
  return out;
}

int Analyzer::name_node(const Site& s, const std::vector<int>& args) const {
  if (s.name_arg == kThisParam) {
    auto kids = ast_.expr_children(s.call);
    if (kids.empty()) return -1;
    int callee = ast_.strip(kids[0]);
    if (ast_.kind(callee) != CXCursor_MemberRefExpr) return -1;  // `get()` inside the class: `this`
    auto object = ast_.expr_children(callee);
    return object.empty() || ast_.kind(ast_.strip(object[0])) == CXCursor_CXXThisExpr ? -1 : object[0];
  }
  if (s.name_arg < 0 || static_cast<size_t>(s.name_arg) >= args.size()) return -1;
  return args[static_cast<size_t>(s.name_arg)];
}

Value Analyzer::site_name(const Site& s, const std::vector<int>& args, int depth) {
  int node = name_node(s, args);
  if (s.name_arg != kThisParam) return node < 0 ? Value{} : value(node, depth);
  if (node < 0) {  // called on `this`: the same member of the enclosing method's object
    int fn = enclosing_function(s.call);
    if (fn < 0 || ast_.kind(fn) != CXCursor_CXXMethod) return {};
    Value p;
    p.type = Value::Type::Param;
    p.text = std::to_string(fn);
    p.param = kThisParam;
    p.path = s.helper->name_path;
    return p;
  }
  return resolve::apply_path(object_value(node, depth), s.helper->name_path);
}

std::vector<std::pair<std::string, std::string>> Analyzer::affixes_of_param(const Site& s, const std::vector<int>& args,
                                                                            int fn, int param, int depth) {
  Marker saved = marker_;
  marker_ = Marker{fn, param};
  Value v = site_name(s, args, depth);
  marker_ = saved;
  if (s.helper != nullptr) v = resolve::with_affixes(v, *s.helper);
  return resolve::affixes_around_marker(v);
}

DefaultOut Analyzer::to_default(const Value& v, int node) const {
  DefaultOut out;
  if (v.type == Value::Type::Param) {
    out.param = v.param;
    out.owner = std::stoi(v.text);
    return out;
  }
  std::string raw(ast_.text(node));
  if (v.type == Value::Type::Str) out.value = DefaultValue{raw.empty() ? "\"" + v.text + "\"" : raw, normalize_code_value(v.text), true};
  else if (v.type == Value::Type::Num || v.type == Value::Type::Bool) out.value = DefaultValue{raw.empty() ? v.text : raw, v.text, true};
  else if (v.type == Value::Type::Unknown && !raw.empty() && !looks_null(raw)) out.value = computed_default(raw);
  return out;
}

DefaultOut Analyzer::site_default(const Site& s, int depth) {
  auto args = call_args(s.call);
  if (s.default_arg >= 0 && static_cast<size_t>(s.default_arg) < args.size()) {
    int a = args[static_cast<size_t>(s.default_arg)];
    // A default argument the call leaves out (CXXDefaultArgExpr) sits outside the call's text.
    if (ast_.in_main_file(a) == ast_.in_main_file(s.call) && ast_.offset(a) >= ast_.offset(s.call))
      return to_default(value(a, depth + 1), a);
  }
  if (s.helper != nullptr) {
    if (s.helper->param_default) return DefaultOut{s.helper->param_default, -1, -1};
    if (s.helper->constant_default) return DefaultOut{s.helper->constant_default, -1, -1};
  }
  return context_default(s.call, depth);
}

DefaultOut Analyzer::context_default(int call, int depth) {
  int e = call;
  int p = ast_.parent(e);
  for (int guard = 0; guard < 16 && p >= 0 && is_wrapper(ast_, p); ++guard) {
    e = p;
    p = ast_.parent(p);
  }
  if (p < 0) return {};
  CXCursorKind pk = ast_.kind(p);
  auto kids = ast_.expr_children(p);
  // `getenv("X") ?: "d"` (GNU): libclang shows it as an unexposed expression of several parts.
  if (pk == CXCursor_UnexposedExpr && kids.size() >= 2) {
    auto toks = ast_.tokens(p);
    bool elvis = false;
    for (size_t i = 0; i + 1 < toks.size(); ++i)
      if (toks[i] == "?" && toks[i + 1] == ":") elvis = true;
    int last = kids.back();
    if (elvis && !(e >= last && e < ast_.at(last).end)) return to_default(value(last, depth + 1), last);
    return {};
  }
  // `getenv("X") ? getenv("X") : "d"`: the condition is the read (and so is the same call in
  // the first branch).
  if (pk == CXCursor_ConditionalOperator && kids.size() == 3) {
    bool in_cond = e >= kids[0] && e < ast_.at(kids[0]).end;
    bool same_as_cond = e >= kids[1] && e < ast_.at(kids[1]).end && !ast_.text(e).empty() &&
                        ast_.text(e) == ast_.text(ast_.strip(kids[0]));
    if (in_cond || same_as_cond) return to_default(value(kids[2], depth + 1), kids[2]);
    return {};
  }
  // `helper("X").value_or(d)`
  if (pk == CXCursor_MemberRefExpr && ast_.spelling(p) == "value_or") {
    int call2 = ast_.parent(p);
    auto args = ast_.kind(call2) == CXCursor_CallExpr ? call_args(call2) : std::vector<int>{};
    if (args.size() == 1) return to_default(value(args[0], depth + 1), args[0]);
    return {};
  }
  // `const char* v = getenv("X");` or `v = getenv("X");` then a fallback for v below.
  int var = -1;
  if (pk == CXCursor_VarDecl) var = p;
  if (pk == CXCursor_BinaryOperator && kids.size() == 2 && e == kids[1]) {
    int lhs = ast_.strip(kids[0]);
    auto toks = ast_.tokens(p);
    if (ast_.kind(lhs) == CXCursor_DeclRefExpr && toks.size() >= 2 && toks[1] == "=") var = ast_.referenced(lhs);
  }
  if (var < 0) return {};
  // `if (const char* v = getenv(k)) return v; return def;`: the return after the if.
  int holder = ast_.parent(var);
  if (ast_.kind(holder) == CXCursor_DeclStmt) holder = ast_.parent(holder);
  if (ast_.kind(holder) == CXCursor_IfStmt) {
    if (auto d = return_after(holder, var, depth)) return *d;
  }
  int fn = enclosing_function(call);
  int to = fn >= 0 ? ast_.at(fn).end : static_cast<int>(ast_.nodes().size());
  if (auto d = var_default(var, ast_.at(e).end, to, depth)) return *d;
  return {};
}

namespace {
// A fallback found through a null test is a default only when it is a constant or a parameter:
// `if (!v) return tl::unexpected(...)` is an error path, not a default.
std::optional<DefaultOut> constant_or_param(DefaultOut d) {
  if (d.param >= 0 || (d.value && d.value->comparable)) return d;
  return std::nullopt;
}
}  // namespace

std::optional<DefaultOut> Analyzer::return_after(int if_stmt, int var, int depth) {
  // The then-branch must leave the function, and the statement after the if be a return of
  // something that is not the variable.
  auto kids = ast_.children(if_stmt);
  bool returns = false;
  for (int c : kids)
    if (!is_expression(ast_.kind(c)) && ast_.kind(c) != CXCursor_DeclStmt && ast_.kind(c) != CXCursor_VarDecl)
      for (int t = c; t < ast_.at(c).end && !returns; ++t) returns = ast_.kind(t) == CXCursor_ReturnStmt;
  if (!returns) return std::nullopt;
  int next = ast_.at(if_stmt).next_sibling;
  if (next < 0 || ast_.kind(next) != CXCursor_ReturnStmt) return std::nullopt;
  auto c = ast_.expr_children(next);
  if (c.size() != 1 || mentions(c[0], ast_.at(c[0]).end, var)) return std::nullopt;
  return constant_or_param(to_default(value(c[0], depth + 1), c[0]));
}

std::optional<DefaultOut> Analyzer::var_default(int var, int from, int to, int depth) {
  std::string name = ast_.spelling(var);
  for (int k = from; k < to; ++k) {
    CXCursorKind kk = ast_.kind(k);
    if (kk == CXCursor_ConditionalOperator) {
      // `v ? v : "d"`, `v ? std::stoi(v) : 5`, `!v ? "d" : v`
      auto c = ast_.expr_children(k);
      if (c.size() != 3 || !mentions(c[0], ast_.at(c[0]).end, var)) continue;
      bool ma = mentions(c[1], ast_.at(c[1]).end, var), mb = mentions(c[2], ast_.at(c[2]).end, var);
      if (ma && !mb) return to_default(value(c[2], depth + 1), c[2]);
      if (mb && !ma) return to_default(value(c[1], depth + 1), c[1]);
      continue;
    }
    if (kk == CXCursor_IfStmt) {
      // `if (!v) v = "d";`, `if (v == nullptr) return 5;`
      auto kids = ast_.children(k);
      if (kids.size() < 2) continue;
      int cond = kids[0], then = kids[1];
      if (!mentions(cond, ast_.at(cond).end, var)) continue;
      auto toks = ast_.tokens(cond);
      bool null_test = std::any_of(toks.begin(), toks.end(), [](const std::string& t) {
        return t == "!" || t == "==" || t == "nullptr" || t == "NULL";
      });
      if (!null_test) {  // `if (v) return parse(v); return 5;`
        if (auto d = return_after(k, var, depth)) return d;
        continue;
      }
      for (int t = then; t < ast_.at(then).end; ++t) {
        CXCursorKind tk = ast_.kind(t);
        if (tk == CXCursor_BinaryOperator) {
          auto c = ast_.expr_children(t);
          auto tt = ast_.tokens(t);
          if (c.size() == 2 && tt.size() >= 2 && tt[0] == name && tt[1] == "=")
            return constant_or_param(to_default(value(c[1], depth + 1), c[1]));
        }
        if (tk == CXCursor_ReturnStmt) {
          auto c = ast_.expr_children(t);
          if (c.size() == 1 && !mentions(c[0], ast_.at(c[0]).end, var))
            return constant_or_param(to_default(value(c[0], depth + 1), c[0]));
        }
      }
      continue;
    }
  }
  return std::nullopt;
}

}  // namespace envdrift::cpp
