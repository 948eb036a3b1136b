// The read model shared by every frontend (SPEC section 3).
//
// A frontend turns one source file into EnvReads; everything downstream (the diff engine, the
// reporters, `explain`) only ever sees these structs. Keep them plain data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envdrift {

enum class Language { TypeScript, Tsx, JavaScript, Python, Go, C, Cpp };

// Stable lowercase name used in reports ("typescript", "python", "go", ...).
std::string_view language_name(Language lang);

enum class ReadKind {
  Direct,    // process.env.X, os.getenv("X"), os.Getenv("X")
  Constant,  // the name went through a constant (PREFIX + "PORT", const KEY = "X")
  Map,       // the name came out of an object/dict/map/array member or a loop over one
  Helper,    // a call site of an env helper function (getEnv("X", "d"))
  Settings,  // a settings-class field (pydantic BaseSettings)
  Tag,       // a struct tag (env:"X")
  Schema,    // a schema entry (zod, t3-env, envalid)
  Dynamic,   // the name could not be fully resolved; `name` holds the known part
};

std::string_view read_kind_name(ReadKind kind);
std::optional<ReadKind> parse_read_kind(std::string_view name);

// A default value as written in code or docs. `raw` is the source text for display; `value` is
// the normalized value used for comparison (see normalize.h). `comparable` is false for defaults
// that are computed at run time or described in prose: they are displayed, never compared.
struct DefaultValue {
  std::string raw;
  std::string value;
  bool comparable = true;
};

// One step of an indirection chain: where it happened and a short label
// ("helper getEnv", "constant PREFIX", "map AI_ENV.provider").
struct ViaStep {
  std::string file;
  int line = 0;
  std::string label;
};

struct EnvRead {
  std::string name;   // resolved variable name; for Dynamic reads, the known prefix (may be "")
  std::string file;   // relative to the scan root, '/' separators
  int line = 0;       // 1-based
  int column = 0;     // 1-based, in bytes
  // Where the read's expression ends, when it ends on `line`: the 1-based byte column just past
  // its last character (exclusive, as SARIF endColumn and reviewdog's range end). 0 = unknown.
  // CI formats highlight line:column..end_column; only meaningful when end_line == line.
  int end_line = 0;
  int end_column = 0;
  Language language = Language::TypeScript;
  ReadKind kind = ReadKind::Direct;
  std::optional<DefaultValue> default_value;
  std::vector<ViaStep> via;
  // Only for Dynamic reads: the source text of the unresolved name expression and the known
  // suffix ("" when none). `name` holds the known prefix.
  std::string dynamic_expr;
  std::string dynamic_suffix;
  // Filled by the CLI from the config's [[service]] roots ("" = the whole tree, or outside every
  // service root when services are configured).
  std::string service;
  // Filled by the CLI from the [scope] globs (scope.h): reads in tests, tool configs and scripts
  // are `dev`; `check` leaves them out of its verdicts unless `check_dev` is set.
  bool dev = false;
  // Inline suppressions (`envdrift: ignore[kind]`) found on the read's line or the line above;
  // an empty string in the list means "ignore every kind".
  std::vector<std::string> suppressions;
};

// A per-file problem the user should know about. `severity` decides the exit code: an Error
// means the file's reads may be incomplete (exit 3 from `check`), a Note is informational and
// shown with --verbose (binary file skipped, non-UTF-8 file skipped).
struct Diagnostic {
  enum class Severity { Note, Warning, Error };
  Severity severity = Severity::Warning;
  std::string file;  // relative to the scan root
  int line = 0;      // 0 when the whole file is concerned
  std::string message;
};

std::string_view severity_name(Diagnostic::Severity s);

// Where the environment object or an env getter flows into code the analyzer cannot follow
// (SPEC section 5, "escape"): a call of a function defined outside the scanned tree that is
// handed `process.env` / `os.environ` / `os.Getenv`, a structure the analyzer does not track,
// reflection. Reads made there are invisible, so `unread` findings of the service that holds
// the escape may be incomplete; the report says so instead of guessing.
struct EnvEscape {
  std::string file;     // relative to the scan root
  int line = 0;         // 1-based
  int column = 0;       // 1-based, in bytes
  Language language = Language::TypeScript;
  std::string message;  // "process.env escapes into configure()"
  std::string service;  // filled like EnvRead::service
};

// Candidate read sites and what became of them: the counts a file's and a service's coverage
// share (a service's are its files' added up).
struct SiteCounts {
  size_t candidates = 0;
  size_t resolved = 0;
  size_t dynamic = 0;
  size_t escaped = 0;
  size_t unresolved = 0;
  SiteCounts& operator+=(const SiteCounts& o) {
    candidates += o.candidates;
    resolved += o.resolved;
    dynamic += o.dynamic;
    escaped += o.escaped;
    unresolved += o.unresolved;
    return *this;
  }
};

// What became of one file's candidate read sites (SPEC section 5, coverage): every line that
// holds an env API mention (FrontendDescriptor::candidate_tokens) or a read. A line is resolved
// when a read with a resolved name is on it, when it is a step of some read's `via` chain (a
// helper's body, an alias binding), or when the frontend handled it (FileResult::handled_lines);
// dynamic when only a dynamic read is; escaped when an escape is; unresolved otherwise.
struct FileCoverage : SiteCounts {
  std::string file;
  std::vector<int> unresolved_lines;  // the unresolved lines (the first 20)
};

}  // namespace envdrift
