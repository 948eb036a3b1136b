// Lowering C/C++ expressions to resolve::Values (see analyzer.h).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/project.h"
#include "analyzer/cpp/analyzer.h"

namespace envdrift::cpp {

namespace {

// The field names of a record type, in declaration order.
std::vector<std::string> field_names(CXType t) {
  std::vector<std::string> out;
  t = clang_getCanonicalType(t);
  if (t.kind != CXType_Record) return out;
  clang_Type_visitFields(
      t,
      [](CXCursor c, CXClientData data) {
        static_cast<std::vector<std::string>*>(data)->push_back(take(clang_getCursorSpelling(c)));
        return CXVisit_Continue;
      },
      &out);
  return out;
}

// A literal's constant through libclang's evaluator (strings after macro expansion and
// concatenation, folded integer and floating arithmetic).
Value evaluate_constant(CXCursor c) {
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (r == nullptr) return {};
  Value out;
  switch (clang_EvalResult_getKind(r)) {
    case CXEval_StrLiteral: {
      const char* s = clang_EvalResult_getAsStr(r);
      if (s != nullptr) out = Value::str(s);
      break;
    }
    case CXEval_Int:
      out = Value::num(clang_EvalResult_isUnsignedInt(r) != 0 ? std::to_string(clang_EvalResult_getAsUnsigned(r))
                                                               : std::to_string(clang_EvalResult_getAsLongLong(r)));
      break;
    case CXEval_Float:
      if (auto n = canonical_number(fmt::format("{}", clang_EvalResult_getAsDouble(r)))) out = Value::num(*n);
      break;
    default: break;
  }
  clang_EvalResult_dispose(r);
  return out;
}

}  // namespace

bool has_initializer(const std::vector<std::string>& tokens, const std::string& name) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] != name) continue;
    size_t j = i + 1;
    int depth = 0;
    for (; j < tokens.size(); ++j) {  // array bounds after the name
      if (tokens[j] == "[") ++depth;
      else if (tokens[j] == "]") --depth;
      else if (depth == 0) break;
    }
    return j < tokens.size() && (tokens[j] == "=" || tokens[j] == "{" || tokens[j] == "(");
  }
  return false;
}

Analyzer::Analyzer(const Ast& ast, const SourceFile& src, ExternalHelpers external)
    : ast_(ast), src_(src), external_(std::move(external)) {
  if (resolve::Project* p = resolve::current_project()) root_ = p->root();
}

std::string Analyzer::rel_of(int node) const {
  std::string f = ast_.file_of(node);
  if (f.empty() || f == src_.path) return src_.rel;
  namespace fs = std::filesystem;
  if (!root_.empty()) {
    std::error_code ec;
    fs::path rel = fs::path(f).lexically_relative(root_);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  // A header next to the main file, seen through a relative path.
  fs::path rel = fs::path(f).lexically_relative(fs::path(src_.path).parent_path());
  if (!rel.empty() && *rel.begin() != ".." && !fs::path(f).is_absolute())
    return (fs::path(src_.rel).parent_path() / rel).generic_string();
  return fs::path(f).generic_string();
}

int Analyzer::param_index(int parm) const {
  int owner = ast_.parent(parm);
  int i = 0;
  for (int c : ast_.children(owner)) {
    if (c == parm) return i;
    if (ast_.kind(c) == CXCursor_ParmDecl) ++i;
  }
  return -1;
}

std::vector<int> Analyzer::call_args(int call) const {
  auto kids = ast_.expr_children(call);
  int n = clang_Cursor_getNumArguments(ast_.at(call).cursor);
  if (n < 0 || static_cast<size_t>(n) > kids.size()) return {};
  return std::vector<int>(kids.end() - n, kids.end());
}

Value Analyzer::value(int n, int depth) {
  if (n < 0 || depth > kMaxDepth) return {};
  n = ast_.strip(n);
  const Node& node = ast_.at(n);
  switch (node.kind) {
    case CXCursor_StringLiteral: {
      // The cursor's spelling is the literal after macro expansion and concatenation of
      // adjacent literals (`"APP_" STR(MODE)` spells "APP_MODE"); an encoding prefix is dropped.
      std::string spelled = ast_.spelling(n);
      size_t q = spelled.find('"');
      std::string text;
      if (q == std::string::npos || q > 2 || !unquote_literal(std::string_view(spelled).substr(q), text)) return {};
      Value v = Value::str(text);
      // A literal spelled through a macro (`ENV_PORT`, `ENV_NAME(PORT)`): the macro is the step.
      if (std::string m = ast_.macro_spelled_at(n); !m.empty()) {
        int def = ast_.macro(m);
        if (def >= 0)
          resolve::add_step(v, ViaStep{rel_of(def), ast_.line(def), "macro " + m}, ReadKind::Constant);
        else  // -D on the command line (compile_commands.json): no file to point at
          resolve::add_step(v, ViaStep{src_.rel, ast_.line(n), "macro " + m + " (command line)"}, ReadKind::Constant);
      }
      return v;
    }
    case CXCursor_IntegerLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_BinaryOperator:
    case CXCursor_UnaryOperator:
      return evaluate_constant(node.cursor);
    case CXCursor_CXXBoolLiteralExpr: {
      auto toks = ast_.tokens(n);
      return Value::boolean(!toks.empty() && toks[0] == "true");
    }
    case CXCursor_CXXNullPtrLiteralExpr:
    case CXCursor_GNUNullExpr:
      return Value::of_type(Value::Type::Null);
    case CXCursor_DeclRefExpr: {
      int ref = ast_.referenced(n);
      if (ref < 0) return {};
      switch (ast_.kind(ref)) {
        case CXCursor_VarDecl: return use_value(n, ref, depth + 1);
        case CXCursor_UnexposedDecl: return binding_value(ref, depth + 1);  // libclang's BindingDecl
        case CXCursor_ParmDecl: {
          Value p;
          p.type = Value::Type::Param;
          int owner = ast_.parent(ref);
          p.text = std::to_string(owner);
          p.param = param_index(ref);
          if (owner == marker_.owner && p.param == marker_.index) return Value::str(std::string(1, resolve::kNameMarker));
          return p;
        }
        case CXCursor_EnumConstantDecl: {
          Value v = Value::num(std::to_string(clang_getEnumConstantDeclValue(ast_.at(ref).cursor)));
          v.origin = ast_.spelling(ref);
          return v;
        }
        default: return {};
      }
    }
    case CXCursor_MemberRefExpr: {
      auto kids = ast_.expr_children(n);
      int field = ast_.referenced(n);
      bool of_this = kids.empty() || ast_.kind(ast_.strip(kids[0])) == CXCursor_CXXThisExpr;
      if (of_this && field >= 0 && ast_.kind(field) == CXCursor_FieldDecl) return this_member(n, field, depth + 1);
      if (kids.empty()) return {};
      return resolve::member(object_value(kids[0], depth + 1), ast_.spelling(n));
    }
    case CXCursor_ArraySubscriptExpr: {
      auto kids = ast_.expr_children(n);
      if (kids.size() != 2) return {};
      Value idx = value(kids[1], depth + 1);
      if (idx.type == Value::Type::Unknown) {  // `K[i]` with a loop counter: any element of a table
        Value table = value(kids[0], depth + 1);
        return table.type == Value::Type::Array ? resolve::elements(table) : Value{};
      }
      if (!idx.is_scalar()) return {};
      return resolve::member(value(kids[0], depth + 1), idx.text);
    }
    case CXCursor_InitListExpr: return init_list(n, clang_getCursorType(node.cursor), depth);
    case CXCursor_ConditionalOperator: {
      auto kids = ast_.expr_children(n);
      if (kids.size() != 3) return {};
      Value a = value(kids[1], depth + 1), b = value(kids[2], depth + 1);
      if (a.type == Value::Type::Unknown || b.type == Value::Type::Unknown) return {};
      Value out;
      out.type = Value::Type::Set;
      out.items = {std::move(a), std::move(b)};
      return out;
    }
    case CXCursor_CallExpr: return call_value(n, depth + 1);
    default: return {};
  }
}

Value Analyzer::this_member(int member_ref, int field, int depth) {
  if (depth > kMaxDepth) return {};
  if (!member_inits_) {
    member_inits_.emplace();
    const auto& nodes = ast_.nodes();
    for (int k = 0; k < static_cast<int>(nodes.size()); ++k) {
      if (nodes[static_cast<size_t>(k)].kind != CXCursor_Constructor) continue;
      // `: name_(n), port_{8080}`: a MemberRef, then its initializer expression.
      auto kids = ast_.children(k);
      for (size_t i = 0; i + 1 < kids.size(); ++i)
        if (ast_.kind(kids[i]) == CXCursor_MemberRef && is_expression(ast_.kind(kids[i + 1])))
          (*member_inits_)[ast_.referenced(kids[i])].push_back(kids[i + 1]);
    }
  }
  Value out;
  out.type = Value::Type::Set;
  bool constant = true;
  auto take = [&](const Value& v) {
    for (const Value& alt : resolve::alternatives(v)) {
      if (alt.type != Value::Type::Str) constant = false;
      else if (std::none_of(out.items.begin(), out.items.end(), [&](const Value& x) { return x.text == alt.text; }))
        out.items.push_back(alt);
    }
    if (v.type == Value::Type::Unknown) constant = false;
  };
  if (auto it = member_inits_->find(field); it != member_inits_->end())
    for (int init : it->second) take(value(init, depth + 1));
  auto in_class = ast_.expr_children(field);
  if (!in_class.empty()) take(value(in_class.back(), depth + 1));
  if (constant && !out.items.empty()) {
    Value v = out.items.size() == 1 ? out.items[0] : out;
    resolve::add_step(v, ViaStep{rel_of(field), ast_.line(field), "member " + ast_.spelling(field)}, ReadKind::Constant);
    return v;
  }
  // Set from a constructor's parameter (or not at all): the member of the object the method is
  // called on.
  int fn = enclosing_function(member_ref);
  if (fn < 0 || ast_.kind(fn) != CXCursor_CXXMethod) return {};
  Value p;
  p.type = Value::Type::Param;
  p.text = std::to_string(fn);
  p.param = kThisParam;
  p.path = {ast_.spelling(field)};
  return p;
}

Value Analyzer::object_value(int expr, int depth) {
  int n = ast_.strip(expr);
  int call = n;
  if (ast_.kind(n) == CXCursor_DeclRefExpr) {  // a variable: its initializer
    int var = ast_.referenced(n);
    auto init = var >= 0 && ast_.kind(var) == CXCursor_VarDecl ? ast_.expr_children(var) : std::vector<int>{};
    call = init.empty() ? -1 : ast_.strip(init.back());
  }
  if (call >= 0 && ast_.kind(call) == CXCursor_CallExpr) {
    CXCursor callee = clang_getCursorReferenced(ast_.at(call).cursor);
    int def = clang_getCursorKind(callee) == CXCursor_Constructor ? function_definition(callee) : -1;
    if (def >= 0 && clang_Location_isInSystemHeader(clang_getCursorLocation(ast_.at(def).cursor)) == 0) {
      Value obj = constructed(call, def, depth + 1);
      if (obj.type != Value::Type::Unknown) return obj;
    }
  }
  return value(expr, depth);
}

Value Analyzer::constructed(int call, int ctor, int depth) {
  if (depth > kMaxDepth) return {};
  auto args = call_args(call);
  Value out;
  out.type = Value::Type::Record;
  int cls = -1;
  auto kids = ast_.children(ctor);
  for (size_t i = 0; i + 1 < kids.size(); ++i) {
    if (ast_.kind(kids[i]) != CXCursor_MemberRef || !is_expression(ast_.kind(kids[i + 1]))) continue;
    int field = ast_.referenced(kids[i]);
    if (field >= 0) cls = ast_.parent(field);
    Value v = value(kids[i + 1], depth + 1);
    // The constructor's own parameter: the call's argument.
    if (v.type == Value::Type::Param && v.text == std::to_string(ctor) && v.path.empty())
      v = v.param >= 0 && static_cast<size_t>(v.param) < args.size() ? value(args[static_cast<size_t>(v.param)], depth + 1) : Value{};
    out.fields.emplace_back(ast_.spelling(kids[i]), std::move(v));
  }
  if (out.fields.empty()) return {};
  // Members the list leaves to their in-class initializer.
  for (int c : cls >= 0 ? ast_.children(cls) : std::vector<int>{}) {
    if (ast_.kind(c) != CXCursor_FieldDecl) continue;
    std::string name = ast_.spelling(c);
    if (std::any_of(out.fields.begin(), out.fields.end(), [&](const auto& f) { return f.first == name; })) continue;
    auto init = ast_.expr_children(c);
    if (!init.empty()) out.fields.emplace_back(name, value(init.back(), depth + 1));
  }
  return out;
}

Value Analyzer::use_value(int use, int var, int depth) {
  if (!assignments_) {
    assignments_.emplace();
    const auto& nodes = ast_.nodes();
    for (int k = 0; k < static_cast<int>(nodes.size()); ++k) {
      CXCursorKind kk = nodes[static_cast<size_t>(k)].kind;
      if (kk == CXCursor_UnaryOperator) {  // `i++`, `--i`: a value not followed
        auto kids = ast_.expr_children(k);
        int operand = kids.size() == 1 ? ast_.strip(kids[0]) : -1;
        int target = ast_.kind(operand) == CXCursor_DeclRefExpr ? ast_.referenced(operand) : -1;
        if (target < 0 || ast_.kind(target) != CXCursor_VarDecl) continue;
        auto toks = ast_.tokens(k);
        if (std::any_of(toks.begin(), toks.end(), [](const std::string& t) { return t == "++" || t == "--"; }))
          (*assignments_)[target].push_back(Assignment{k, -1});
        continue;
      }
      if (kk != CXCursor_BinaryOperator && kk != CXCursor_CompoundAssignOperator) continue;
      auto kids = ast_.expr_children(k);
      if (kids.size() != 2) continue;
      int lhs = ast_.strip(kids[0]);
      int target = ast_.kind(lhs) == CXCursor_DeclRefExpr ? ast_.referenced(lhs) : -1;
      if (target < 0 || ast_.kind(target) != CXCursor_VarDecl) continue;
      if (kk == CXCursor_BinaryOperator) {  // `v = rhs` (libclang 14 names no operator: its token)
        auto toks = ast_.tokens(k);
        if (toks.size() < 2 || toks[1] != "=") continue;
        (*assignments_)[target].push_back(Assignment{k, kids[1]});
      } else {
        (*assignments_)[target].push_back(Assignment{k, -1});
      }
    }
  }
  auto it = assignments_->find(var);
  if (it == assignments_->end() || depth > kMaxDepth) return var_value(var, depth);
  if (use_busy_[var]) return {};  // `v = v + "X"`: not followed
  use_busy_[var] = true;
  const auto& assigned = it->second;
  // An assigned value, with the variable as its step (pointing at the assignment).
  auto given = [&](const Assignment& a) {
    Value v = a.rhs < 0 ? Value{} : value(a.rhs, depth + 1);
    if (v.type == Value::Type::Str || v.type == Value::Type::Num || v.type == Value::Type::Set)
      resolve::add_step(v, ViaStep{rel_of(a.node), ast_.line(a.node), "constant " + ast_.spelling(var)}, ReadKind::Constant);
    return v;
  };
  std::vector<Value> reaching;
  int fn = enclosing_function(use);
  if (fn < 0 || enclosing_function(var) != fn) {  // file scope: any value it is ever given
    if (has_initializer(ast_.tokens(var), ast_.spelling(var))) reaching.push_back(var_value(var, depth));
    for (const auto& a : assigned) reaching.push_back(given(a));
  } else {
    // A loop around the use: an assignment later in it reaches the use on the next iteration.
    int loop = -1;
    for (int p = ast_.parent(use); p >= 0 && p != fn && loop < 0; p = ast_.parent(p)) {
      CXCursorKind pk = ast_.kind(p);
      if (pk == CXCursor_ForStmt || pk == CXCursor_WhileStmt || pk == CXCursor_DoStmt || pk == CXCursor_CXXForRangeStmt) loop = p;
    }
    bool later = false;
    for (const auto& a : assigned)
      if (loop >= 0 && a.node > use && a.node < ast_.at(loop).end) {
        reaching.push_back(given(a));
        later = true;
      }
    // Back from the use: each assignment before it reaches it, up to one that is a statement of
    // a block holding the use (it then hides everything before it), or the declaration.
    bool hidden = false;
    for (auto a = assigned.rbegin(); a != assigned.rend() && !hidden; ++a) {
      if (a->node >= use) continue;
      reaching.push_back(given(*a));
      int block = ast_.parent(a->node);
      hidden = ast_.kind(block) == CXCursor_CompoundStmt && block < use && use < ast_.at(block).end;
    }
    // The declaration's initializer, unless hidden (none: a use before any value is not a read).
    if (!hidden && has_initializer(ast_.tokens(var), ast_.spelling(var))) reaching.push_back(var_value(var, depth));
    if (reaching.size() == 1 && !later) {
      use_busy_[var] = false;
      return reaching[0];
    }
  }
  use_busy_[var] = false;
  // Several values: their names (a null pointer names nothing); unknown if any is.
  Value out;
  out.type = Value::Type::Set;
  for (const Value& v : reaching) {
    if (v.type == Value::Type::Null) continue;
    if (v.type == Value::Type::Unknown) return {};
    for (Value& alt : resolve::alternatives(v))
      if (std::none_of(out.items.begin(), out.items.end(), [&](const Value& x) { return x.text == alt.text; }))
        out.items.push_back(std::move(alt));
  }
  if (out.items.empty()) return {};
  return out.items.size() == 1 ? out.items[0] : out;
}

Value Analyzer::var_value(int decl, int depth) {
  const bool memo = marker_.owner < 0;
  if (auto it = var_memo_.find(decl); memo && it != var_memo_.end()) return it->second;
  if (var_busy_[decl] || depth > kMaxDepth) return {};
  var_busy_[decl] = true;
  Value v;
  std::string name = ast_.spelling(decl);
  int parent = ast_.parent(decl);
  if (ast_.kind(parent) == CXCursor_CXXForRangeStmt) {
    // `for (auto x : RANGE)`: the loop variable takes each element of the range.
    int range = -1;
    for (int c = ast_.at(decl).next_sibling; c >= 0; c = ast_.at(c).next_sibling)
      if (is_expression(ast_.kind(c))) {
        range = c;
        break;
      }
    v = resolve::elements(value(range, depth + 1));
  } else if (has_initializer(ast_.tokens(decl), name)) {
    auto kids = ast_.expr_children(decl);
    if (!kids.empty()) v = value(kids.back(), depth + 1);
    if (v.is_scalar()) {
      resolve::add_step(v, ViaStep{rel_of(decl), ast_.line(decl), "constant " + name}, ReadKind::Constant);
    } else if ((v.type == Value::Type::Record || v.type == Value::Type::Array) && v.origin.empty()) {
      v.origin = name;
      v.origin_file = rel_of(decl);
      v.origin_line = ast_.line(decl);
    }
  }
  var_busy_[decl] = false;
  if (memo) var_memo_[decl] = v;
  return v;
}

Value Analyzer::binding_value(int binding, int depth) {
  int decomposition = ast_.parent(binding);
  int loop = ast_.parent(decomposition);
  if (ast_.kind(decomposition) != CXCursor_UnexposedDecl || ast_.kind(loop) != CXCursor_CXXForRangeStmt) return {};
  size_t index = 0;  // which name of `[a, b, …]`
  for (int c = ast_.at(decomposition).first_child; c >= 0 && c != binding; c = ast_.at(c).next_sibling)
    if (ast_.kind(c) == CXCursor_UnexposedDecl) ++index;
  int range = -1;
  for (int c = ast_.at(decomposition).next_sibling; c >= 0; c = ast_.at(c).next_sibling)
    if (is_expression(ast_.kind(c))) {
      range = c;
      break;
    }
  Value each = resolve::elements(value(range, depth + 1));
  // The member's name, from an element: a pair's or struct's field, an array's index.
  const Value* sample = each.type == Value::Type::Set && !each.items.empty() ? &each.items.front() : &each;
  std::string key;
  if (sample->type == Value::Type::Record && index < sample->fields.size()) key = sample->fields[index].first;
  else if (sample->type == Value::Type::Array) key = std::to_string(index);
  else return {};
  return resolve::member(each, key);
}

Value Analyzer::call_value(int call, int depth) {
  if (depth > kMaxDepth) return {};
  CXCursor callee = clang_getCursorReferenced(ast_.at(call).cursor);
  CXCursorKind ck = clang_getCursorKind(callee);
  std::string name = ast_.spelling(call);
  auto kids = ast_.expr_children(call);
  if (ck == CXCursor_Constructor || ck == CXCursor_ConversionFunction) {
    // std::string("X"), std::string_view{K}, QString(x), a std::map from its initializer list.
    auto args = call_args(call);
    if (ck == CXCursor_ConversionFunction && !kids.empty()) return value(kids[0], depth + 1);
    if (args.size() == 1) return value(args[0], depth + 1);
    // `{"KEY", "default"}` building a std::pair (or any record whose constructor takes one
    // argument per field): a record by field.
    std::vector<std::string> fields = field_names(clang_getCursorType(ast_.at(call).cursor));
    if (args.size() >= 2 && args.size() == fields.size()) {
      Value out;
      out.type = Value::Type::Record;
      for (size_t i = 0; i < args.size(); ++i) out.fields.emplace_back(fields[i], value(args[i], depth + 1));
      return out;
    }
    return {};
  }
  if (name.rfind("operator", 0) == 0 && name.size() > 8) {
    std::string op = name.substr(8);
    std::vector<int> operands;  // the operator's own DeclRefExpr is one of the children
    for (int k : kids) {
      int s = ast_.strip(k);
      if (ast_.kind(s) == CXCursor_DeclRefExpr && ast_.spelling(s) == name) continue;
      operands.push_back(k);
    }
    if (operands.size() == 2 && op == "+") return resolve::binary("+", value(operands[0], depth + 1), value(operands[1], depth + 1));
    if (operands.size() == 2 && op == "[]") {
      Value key = value(operands[1], depth + 1);
      return key.is_scalar() ? resolve::member(value(operands[0], depth + 1), key.text) : Value{};
    }
    if (operands.size() == 1 && (op == "*" || op == "->")) return value(operands[0], depth + 1);
    return {};
  }
  if (ck == CXCursor_CXXMethod && !kids.empty() && ast_.kind(ast_.strip(kids[0])) == CXCursor_MemberRefExpr) {
    int mref = ast_.strip(kids[0]);
    auto base = ast_.expr_children(mref);
    if (base.empty()) return {};
    // Accessors that return the object's own characters (std::string, std::string_view,
    // std::optional, QString, QByteArray).
    static const std::vector<std::string> kSame{"c_str", "data", "value", "toStdString", "toUtf8", "toLocal8Bit",
                                                "constData", "str"};
    if (std::find(kSame.begin(), kSame.end(), name) != kSame.end()) return value(base[0], depth + 1);
    if (name == "at") {  // a map or array element
      auto args = call_args(call);
      if (args.size() != 1) return {};
      Value key = value(args[0], depth + 1);
      return key.is_scalar() ? resolve::member(value(base[0], depth + 1), key.text) : Value{};
    }
  }
  // A function of the tree returning names: a switch over an enum, or constant returns.
  int def = function_definition(callee);
  if (def >= 0) return call_result(call, def, depth + 1);
  return {};
}

Value Analyzer::init_list(int n, CXType type, int depth) {
  auto kids = ast_.expr_children(n);
  if (kids.size() > resolve::kMaxElements || depth > kMaxDepth) return {};
  std::vector<std::string> fields = field_names(type);
  Value out;
  if (fields.size() > 1 && kids.size() <= fields.size()) {  // a struct or pair: by field
    out.type = Value::Type::Record;
    for (size_t i = 0; i < kids.size(); ++i) out.fields.emplace_back(fields[i], value(kids[i], depth + 1));
    return out;
  }
  // An array, a std::array (one array member, braces elided), a std::vector / set / map.
  if (kids.size() == 1 && ast_.kind(ast_.strip(kids[0])) == CXCursor_InitListExpr) return value(kids[0], depth + 1);
  // The elements' type: a braced element that initializes a class through its constructor has
  // no type of its own in libclang (`{"KEY", "1"}` of a std::map's pairs).
  CXType elem = clang_getArrayElementType(clang_getCanonicalType(type));
  out.type = Value::Type::Array;
  for (int k : kids) {
    int s = ast_.strip(k);
    if (ast_.kind(s) == CXCursor_InitListExpr && elem.kind != CXType_Invalid &&
        clang_getCursorType(ast_.at(s).cursor).kind == CXType_Void)
      out.items.push_back(init_list(s, elem, depth + 1));
    else
      out.items.push_back(value(k, depth + 1));
  }
  return out;
}

int Analyzer::function_definition(CXCursor callee) const {
  int decl = ast_.node_of(callee);
  if (decl < 0) {  // a template's specialization: its pattern is what the tree holds
    CXCursor tmpl = clang_getSpecializedCursorTemplate(callee);
    if (clang_Cursor_isNull(tmpl) == 0) decl = ast_.node_of(tmpl);
  }
  if (decl < 0) return -1;
  if (clang_isCursorDefinition(ast_.at(decl).cursor) != 0) return decl;
  return ast_.definition(decl);
}

int Analyzer::peel(int n) const {
  for (int guard = 0; guard < kMaxDepth; ++guard) {
    n = ast_.strip(n);
    if (ast_.kind(n) != CXCursor_CallExpr) return n;
    std::string name = ast_.spelling(n);
    auto kids = ast_.expr_children(n);
    if ((name == "c_str" || name == "data") && !kids.empty() && ast_.kind(ast_.strip(kids[0])) == CXCursor_MemberRefExpr) {
      auto base = ast_.expr_children(ast_.strip(kids[0]));
      if (base.empty()) return n;
      n = base[0];
      continue;
    }
    CXCursor callee = clang_getCursorReferenced(ast_.at(n).cursor);
    if (clang_getCursorKind(callee) == CXCursor_Constructor && call_args(n).size() == 1) {
      n = call_args(n)[0];
      continue;
    }
    return n;
  }
  return n;
}

Value Analyzer::call_result(int call, int fn, int depth) {
  if (depth > kMaxDepth) return {};
  const Node& f = ast_.at(fn);
  std::string fname = ast_.spelling(fn);
  auto args = call_args(call);
  // `switch (param) { case K: return "NAME"; ... }`: the case of the argument's value, or every
  // case when the argument is not a constant.
  for (int k = fn + 1; k < f.end; ++k) {
    if (ast_.kind(k) != CXCursor_SwitchStmt) continue;
    auto sk = ast_.expr_children(k);
    if (sk.empty()) continue;
    int cond = ast_.strip(sk[0]);
    int ref = ast_.kind(cond) == CXCursor_DeclRefExpr ? ast_.referenced(cond) : -1;
    if (ref < 0 || ast_.kind(ref) != CXCursor_ParmDecl || ast_.parent(ref) != fn) continue;
    int pi = param_index(ref);
    Value arg = pi >= 0 && static_cast<size_t>(pi) < args.size() ? value(args[static_cast<size_t>(pi)], depth + 1) : Value{};
    std::vector<Value> wanted = resolve::alternatives(arg);
    Value out;
    out.type = Value::Type::Set;
    for (int c = k + 1; c < ast_.at(k).end; ++c) {
      if (ast_.kind(c) != CXCursor_CaseStmt) continue;
      auto ck = ast_.expr_children(c);
      if (ck.empty()) continue;
      Value label = evaluate_constant(ast_.at(ck[0]).cursor);
      bool match = arg.type == Value::Type::Unknown || arg.type == Value::Type::Param;
      for (const auto& w : wanted)
        if (w.is_scalar() && w.text == label.text) match = true;
      if (!match) continue;
      int ret = -1;
      for (int r = c + 1; r < ast_.at(c).end && ret < 0; ++r)
        if (ast_.kind(r) == CXCursor_ReturnStmt) ret = r;
      if (ret < 0) continue;
      auto rk = ast_.expr_children(ret);
      if (rk.empty()) continue;
      Value v = value(rk[0], depth + 1);
      if (!v.is_scalar()) continue;
      resolve::add_step(v, ViaStep{rel_of(fn), ast_.line(fn), "switch " + fname}, ReadKind::Map);
      if (std::none_of(out.items.begin(), out.items.end(), [&](const Value& x) { return x.text == v.text; }))
        out.items.push_back(std::move(v));
    }
    if (out.items.empty()) return {};
    return out.items.size() == 1 ? out.items[0] : out;
  }
  // `const char* key() { return "NAME"; }`: every return a constant.
  Value out;
  out.type = Value::Type::Set;
  for (int k = fn + 1; k < f.end; ++k) {
    if (ast_.kind(k) == CXCursor_LambdaExpr) {
      k = ast_.at(k).end - 1;
      continue;
    }
    if (ast_.kind(k) != CXCursor_ReturnStmt) continue;
    auto rk = ast_.expr_children(k);
    if (rk.empty()) return {};
    Value v = value(rk[0], depth + 1);
    if (!v.is_scalar()) return {};
    resolve::add_step(v, ViaStep{rel_of(fn), ast_.line(fn), "function " + fname}, ReadKind::Constant);
    out.items.push_back(std::move(v));
  }
  if (out.items.empty()) return {};
  return out.items.size() == 1 ? out.items[0] : out;
}

}  // namespace envdrift::cpp
