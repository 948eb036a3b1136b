// Schema-declared variables: every key of the schema is a read of kind `schema`.
//
// - zod:    `z.object({ PORT: z.coerce.number().default(3000) }).parse(process.env)` (also
//           `.safeParse`, a schema bound to a const, `.prefault(x)`, and local helpers wrapping
//           `.default(param)`: `DEBUG: boolFromString("false")`)
// - t3-env: `createEnv({ server: { X: z.string().default("d") }, client: {…}, shared: {…} })`
// - envalid: `cleanEnv(process.env, { X: str({ default: "d" }) })`
// - convict: `convict({ port: { default: 8080, env: "PORT" }, db: { host: {…} } })`
// - t3-env `runtimeEnv: { KEY: process.env.VAR }` names the variable a schema key is read from
// Which call is which schema is a row of libraries.h (library_schemas).
#pragma once

#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

// The reads declared by the schema call `call` (empty when it is not one).
void schema_reads(const JsFile& f, TSNode call, std::vector<EnvRead>& out);

}  // namespace envdrift::js
