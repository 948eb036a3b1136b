// Configuration libraries of the JS family as data (issue 19): what each library's calls and
// objects mean, in tables. The evaluator (evaluate.cpp, modules.cpp) resolves names, defaults and
// imports; the tables say which callee shape is a read, which argument is the name, which the
// default, what is chained, and what is not a read at all. Adding a library is a row here, a
// fixture under fixtures/patterns/typescript/ and a README line.
//
// Values of a library are recognised by where they come from, never by a variable's spelling:
// - the module itself: `import env from "env-var"`, `import * as env from …`, `require("env-var")`
// - an instance of an exported class: a parameter or field typed with it
//   (`constructor(private readonly config: ConfigService)`, `(config: ConfigService) => …`), a
//   constant built from it (`new ConfigService()`, `app.get(ConfigService)`,
//   `app.get<ConfigService>(ConfigService)`), `this.config` of such a field
// - the result of a factory method of another library value (`env.from(process.env)`)
// where the class / module is imported from the row's package.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

// A kind of library value. `symbol` empty: the module itself; else an exported class whose
// instances are the value.
struct LibraryValue {
  std::string_view id;
  std::string_view package;
  std::string_view symbol;
};

// A method of a library value whose result is another library value. With `env_arg` >= 0 the
// result only reads the environment when that argument is the env object (`from(process.env)`).
struct LibraryFactory {
  std::string_view object, method, result;
  int env_arg = -1;
};

// Which names a read row accepts.
enum class NameRule {
  Any,       // every string is a variable name
  EnvStyle,  // no '.' and no lower-case letter: `get("database.port")` / `get("port")` are keys
             // of loaded configuration objects, not variables
};

// A call that reads one variable: `object.method(name, default)` (or `method(name)` imported
// from the package by name).
struct LibraryRead {
  std::string_view object;         // LibraryValue id
  std::string_view method;
  int name_arg = 0;
  int default_arg = -1;            // positional default; an options object (`{ infer: true }`) is not one
  std::string_view chain_default;  // a method on the call's result whose first argument is the default
  NameRule names = NameRule::Any;
  ReadKind kind = ReadKind::Helper;
};

// A function whose result is (a filtered view of) the environment: `loadEnv(mode, dir, prefix)`.
// Its members are reads when they start with one of the prefixes (the argument, an array of
// them, or `default_prefix` when the argument is absent; "" admits every name).
struct LibraryEnvSource {
  std::string_view package, symbol;
  int prefix_arg = -1;
  std::string_view default_prefix;
};

// Schema shapes: each key (or `env:` entry) is a read of kind schema.
enum class SchemaShape {
  ZodParse,   // z.object({...}).parse(process.env)
  CreateEnv,  // t3-env createEnv({ server, client, shared, runtimeEnv })
  CleanEnv,   // envalid cleanEnv(process.env, {...})
  Convict,    // convict({ port: { default: 8080, env: "PORT" }, db: { host: {...} } })
};
// `callee` is the method / function name as written; `package` empty: matched by that name
// alone (zod, t3-env and envalid, whose names are distinctive, also when a module of the tree
// re-exports them). `owners` ('|'-separated packages), when set, still rules out a callee
// imported from another package (`import { createEnv } from "other-config"`).
struct LibrarySchema {
  std::string_view package, callee;
  SchemaShape shape;
  std::string_view owners = {};
};

// Calls that load or copy the environment and read no variable by name: handing them the env
// object is not an escape (`dotenv.config()`, `require("dotenv-safe").config()`,
// `dotenv.populate(process.env, parsed)`). `symbol` "*": any export of the package.
struct LibrarySink {
  std::string_view package, symbol;
};

std::span<const LibraryValue> library_values();
std::span<const LibraryFactory> library_factories();
std::span<const LibraryRead> library_reads();
std::span<const LibraryEnvSource> library_env_sources();
std::span<const LibrarySchema> library_schemas();
std::span<const LibrarySink> library_sinks();
// Callees known to read nothing by name, by spelling (console.*, JSON.*, child processes).
// A trailing '.' covers a namespace.
std::span<const std::string_view> harmless_sink_spellings();
// Byte needles a file needs for the frontend to look at it, beyond "env"/"Env"/"ENV"
// (`this.config.get("PORT")` with `ConfigService` injected has none of those).
std::span<const std::string_view> library_prefilter_needles();

// The reads a call of a library read row makes (empty when `call` is not one). `path` is the
// call's ancestor path (root first, the call last).
bool library_call_reads(const JsFile& f, Path path, std::vector<EnvRead>& out);
// The LibraryEnvSource a call's callee is, or nullptr.
const LibraryEnvSource* env_source_of(const JsFile& f, TSNode call);
// Is path.back() a factory row's call (`env.from(process.env)`): modelled, not an escape?
bool is_library_factory_call(const JsFile& f, Path path);
// Is `call` a call of a sink row (a loader that reads nothing by name)?
bool is_library_sink(const JsFile& f, TSNode call);
// The package-qualified origin of an expression's head identifier: "env-var" for a namespace
// import or `require("env-var")`, "vite.loadEnv" for a named import; empty when not imported.
std::string import_origin_of(const JsFile& f, TSNode expr);

}  // namespace envdrift::js
