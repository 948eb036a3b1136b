// Recognizing the env objects of the JS family and the syntactic accesses on them.
//
// Env objects: `process.env` (also `globalThis.process.env`, `global.process.env`,
// `process["env"]`), `import.meta.env`, `Bun.env`, and `Deno.env` (read only through
// `.get(name)` / `.has(name)`). An access is one syntactic read of one variable on them; how
// its value is used (write target, default) is decided by the caller from the ancestor path.
#pragma once

#include <optional>
#include <string>

#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

enum class EnvObject { None, ProcessEnv, ImportMetaEnv, BunEnv, DenoEnv };

// Which env object `expr` denotes (wrappers like `(…)`/`!`/`as T` are looked through).
EnvObject env_object_of(const JsFile& f, TSNode expr);

// Whether parameter `p` (an element of a function's parameter list) declares itself the
// environment, by its own syntax: typed as it (`env: NodeJS.ProcessEnv`, `env: Partial<ProcessEnv>`,
// `env: typeof process.env`) or defaulting to an env object (`env = process.env`,
// `env = import.meta.env`, `env = Bun.env`). The one test the name collection, the evaluator and
// the cross-file env-parameter export share; a default through a name (`env = ENV`) is the
// evaluator's to follow.
bool parameter_declares_env(const JsFile& f, TSNode p);

enum class AccessForm {
  Member,      // process.env.X, import.meta.env.X, Bun.env.X
  Subscript,   // process.env["X"], process.env[`X`], process.env[key]
  DenoGet,     // Deno.env.get("X"), Deno.env.has("X")
  Presence,    // "X" in process.env, process.env.hasOwnProperty("X"), Object.hasOwn(process.env, "X")
};

struct EnvAccess {
  TSNode at;         // the whole access expression: the read's position; value climbs start here
  TSNode name_node;  // the property identifier (Member) or the name expression
  AccessForm form = AccessForm::Member;
  EnvObject object = EnvObject::None;
};

// Is `n` itself an env access? Looks only at `n` and its children (no parents), so it is cheap
// to call on every member/subscript/call/binary node of a file. Writes are accesses too; see
// write_use.
std::optional<EnvAccess> access_of(const JsFile& f, TSNode n);

// The variable name an access reads, when it is known (a property, or a literal name).
std::optional<std::string> access_name(const JsFile& f, const EnvAccess& a);

// The access at the head of a value expression: the access itself, or one reached through
// wrappers, method calls (`process.env.X?.trim()`) and numeric parses (`Number(process.env.X)`).
std::optional<EnvAccess> leading_access(const JsFile& f, TSNode expr);

// `Number(x)`, `parseInt(x, 10)`, `String(x)`, ...: calls the value flows through unchanged for
// default purposes (`Number(process.env.X) || 5000` defaults X to 5000).
bool is_conversion_call(const JsFile& f, TSNode call);

// How the access at path.back() is used as an assignment target.
enum class WriteUse {
  NotWrite,         // a plain read
  Write,            // process.env.X = v, delete process.env.X, process.env.X++
  DefaultingWrite,  // process.env.X ??= "d" / ||= "d": reads X, defaulting it to the right side
};
WriteUse write_use(const JsFile& f, Path path, TSNode* assigned_value);

}  // namespace envdrift::js
