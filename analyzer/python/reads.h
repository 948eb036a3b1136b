// The python read extractor: matches the read sites of a file (os.environ / os.getenv forms,
// env-helper calls, pydantic settings classes), evaluates their names and defaults with PyEval,
// and summarizes the file's env helpers. Also used by the module loader (modules.cpp) to answer
// for a module's exports.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "analyzer/core/ancestors.h"
#include "analyzer/python/evaluate.h"
#include "analyzer/python/os_bindings.h"
#include "analyzer/python/py_syntax.h"

namespace envdrift::py {

class Linearizer;  // mro.h
// How a settings read's name is formed: an alias (case only), env_prefix + field, or a nested
// model's field (prefix, field, delimiter).
enum class SettingsName { Alias, Prefixed, Nested };
using SettingsReadFilter = std::function<bool(int decl_class, SettingsName kind)>;


// One matched read before its name and default are evaluated.
struct ReadSite {
  TSNode at;                     // where the read is reported: the call / subscript / comparison
  TSNode name;                   // the name expression
  TSNode fallback{};             // the default expression, null when none
  bool takes_or_default = true;  // value reads do; a membership test is a bool and does not
  std::shared_ptr<const PyHelper> helper{};  // a call of an env helper
  std::optional<DefaultValue> helper_default{};  // the helper's own fallback when the call gives none
  // A config library's read (lib_reads.cpp): its type (the via label), where its object was
  // made, the prefix its names get, and the read kind of its form.
  std::string library{};
  std::string library_file{};
  int library_line = 0;
  std::string prefix{};
  bool prefix_unknown = false;
  bool upper = false;
  ReadKind kind = ReadKind::Direct;
  std::optional<std::string> literal_name{};  // the name is this text (`settings.X`, `env.db()`)
};

// The value a helper call's argument gives its name (or fallback): the argument seen through the
// summary's member path (`{"key": "X"}` + {"key"} → "X"); a parameter of an enclosing wrapper
// keeps the path, so the wrapper's own calls apply it.
Value helper_argument(const Value& arg, const std::vector<std::string>& path);

// Argument `index` (keyword `param`) of a call, positional or keyword; null when not given.
TSNode call_argument(const PyFile& f, TSNode arglist, int index, const std::string& param);

struct LibraryForm;

class PyReads {
 public:
  PyReads(const ParsedFile& file, FileResult& out);
  PyReads(const PyReads&) = delete;
  PyReads& operator=(const PyReads&) = delete;

  // Emit every read of the file into `out`, and the helper / settings names it declares.
  void run();
  PyEval& eval() { return eval_; }

  std::shared_ptr<const PyHelper> summarize(TSNode fn);
  std::shared_ptr<const PyHelper> summarize_body(TSNode fn);

 private:
  std::optional<ReadSite> match(TSNode n, Path path);
  std::optional<ReadSite> helper_call(TSNode n, Path path);
  // lib_reads.cpp: the forms of the config-library table (libraries.h).
  std::optional<ReadSite> library_site(TSNode n, Path path);
  std::optional<ReadSite> library_call_site(const LibraryForm& form, const Value& recv, TSNode recv_node, TSNode call, Path path);
  std::optional<std::string> auto_option_name(const LibraryForm& form, TSNode call, Path path);
  std::optional<ReadSite> option_site(const LibraryForm& form, std::string_view type, TSNode call, Path path);
  void fill_library(ReadSite& s, const LibraryForm& form, std::string_view type, const Value& recv, TSNode recv_node, Path path);
  std::string context_prefix(std::string_view type, TSNode receiver, Path path);
  bool library_candidate(TSNode n);
  void library_export_symbol(TSNode assignment, Path path);
  bool library_contains(TSNode receiver, Path path);
  void library_membership(ReadSite& s, TSNode receiver, Path path);
  bool lib_names_built_ = false;
  bool lib_any_name_ = false;
  std::set<std::string> lib_names_;
  std::map<std::string, std::optional<std::string>> auto_prefix_memo_;
  bool is_env(TSNode n, Path path);
  bool env_param(uint32_t fn_start, int index);
  // escapes.cpp: what becomes of an os.environ / os.getenv mention that is not a read.
  void env_mention(Path path);
  void getattr_os(TSNode call);
  bool follow_env_argument(TSNode fn, int index, TSNode call);

 public:
  std::optional<std::vector<EnvRead>> env_param_reads(const std::string& fn_name, int index);

 private:
  void emit(const ReadSite& site, Path path);
  // Is `site` the read of a helper whose name is its parameter with text around it
  // (`os.getenv("APP_" + key)` in `def env(key)`)? Then its calls are the reads (helpers.cpp).
  bool names_affixed_param(const ReadSite& site, Path path);
  // The (prefix, suffix) around parameter `param` of `fn` in each name `site` reads, the
  // parameter standing for resolve::kNameMarker; empty when the names are not built that way.
  std::vector<std::pair<std::string, std::string>> affixes_of_param(const ReadSite& site, Path path, TSNode fn,
                                                                    const std::string& param);
  std::optional<DefaultValue> value_default(TSNode expr, Path path, const Bindings* b);
  std::optional<DefaultValue> or_chain_default(Path path, const Bindings* b);
  TSNode or_chain_last(Path path);
  TSNode or_chain_top(Path path, size_t j);
  AncestorSkipper or_chains_;  // or_chain_top's climbs
  std::optional<DefaultValue> conditional_default(Path path, const Bindings* b);
  // `v = os.getenv("X")` … `if not v: return d` in the same function: d (helpers.cpp).
  std::optional<DefaultValue> early_return_default(Path path);
  bool is_assignment_target(Path path) const;
  void environ_bulk_iteration(Path path);
  // settings.cpp
  // Emit the reads of a settings class; false when the class is not one.
  bool settings_reads(TSNode cls, Value rec);
  Linearizer& linearizer();

  PyFile f_;
  OsBindings os_;
  PyEval eval_;
  FileResult& out_;
  size_t summary_nesting_ = 0;
  std::set<std::tuple<std::string, std::string, int>> settings_emitted_;  // (name, file, line)
  std::shared_ptr<void> linearizer_;  // a Linearizer (settings.cpp): the MROs of this file's classes
  // The default of an or-chain, by the start byte of its last operand: every read of a chain
  // shares it, and working it out once keeps a long chain linear.
  std::map<uint32_t, std::optional<DefaultValue>> or_chain_memo_;
  std::map<std::pair<uint32_t, int>, bool> env_param_memo_;
  bool calls_indexed_ = false;
  std::map<std::string, std::vector<TSNode>> calls_by_name_;
  std::unordered_map<uint32_t, TSNode> defs_by_start_;  // function_definition by start byte (same walk)
};

}  // namespace envdrift::py
