// Configuration libraries as data: what each call / attribute / subscript form of a python
// config library means, as rows of a table (libraries.cpp). Adding a library is adding rows.
//
// A library is seen through the values the evaluator gives names (evaluate.h): an import of a
// library module's export becomes a *library value* (`libclass:` a class or function to call,
// `libobj:` an object), and calling a class makes an object carrying its constructor options
// (a prefix, django-environ's scheme defaults). The read matcher (lib_reads.cpp) then looks a
// site's receiver up here: only an object that really comes from the library (in this module or
// imported from another one of the tree) matches, so `config("X")` on a local function or
// `env.str("X")` on another class is not a read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/core/resolve/value.h"

namespace envdrift::py {

// Where an argument is: positional index (-1: keyword only) and keyword name ("" none).
struct LibArg {
  int pos = -1;
  std::string_view kw{};
};

// A name a library module exports: `from <module> import <name>` / `<module>.<name>`.
struct LibraryExport {
  std::string_view module{};  // python import path: "environ", "decouple", "dynaconf"
  std::string_view name{};    // "Env", "config"
  std::string_view type{};    // the library type it denotes ("django-environ Env")
  bool object = false;      // the export is already an object (decouple's module-level `config`)
};

// A library type's constructor: what its arguments configure.
struct LibraryType {
  std::string_view type{};
  LibArg prefix{};                  // the argument naming the env prefix (`envvar_prefix=`, `prefix=`)
  std::string_view default_prefix{};  // the prefix when the argument is absent ("DYNACONF")
  std::string_view prefix_joiner{};   // put between prefix and name ("_" for dynaconf)
  bool upper = false;               // names are upper-cased (dynaconf keys are case-insensitive)
  bool scheme_kwargs = false;       // django-environ: `Env(NAME=(cast, default))` declares defaults
};

enum class LibShape {
  Call,       // receiver.method(args) / receiver(args) (method "")
  Attribute,  // receiver.NAME: the attribute is the name (dynaconf settings.X)
  Subscript,  // receiver["NAME"]
  Prefixed,   // `with receiver.method(P):` adds prefix P to the receiver's reads in the block
  Option,     // a CLI option declaration (click.option / typer.Option): envvar= names the var
  Contains,   // `"NAME" in receiver`: a presence test of NAME
};

// One form of one library type. `methods` is a comma-separated list of method names sharing the
// same argument layout ("" = calling the object itself).
struct LibraryForm {
  std::string_view type{};
  LibShape shape = LibShape::Call;
  std::string_view methods{};
  LibArg name{};
  LibArg fallback{};
  std::string_view fixed_name{};  // the variable read when the name argument is absent (db_url → DATABASE_URL)
  bool read = true;             // false: a known form that reads nothing (read_env, prefixed's own call)
  ReadKind kind = ReadKind::Direct;
  // Option forms: the keyword that gives a command's options automatic names (click's
  // `auto_envvar_prefix`, passed when the command is invoked or in `context_settings`): an option
  // without `envvar=` then reads PREFIX_NAME (its parameter name, upper-cased).
  std::string_view auto_prefix{};
};

// Value encoding of library values (Value::Type::Param, text below; fields carry options).
inline constexpr std::string_view kLibModule = "libmod:";  // `import environ`: text "libmod:environ"
inline constexpr std::string_view kLibClass = "libclass:";  // a type to call: "libclass:<type>"
inline constexpr std::string_view kLibObject = "libobj:";   // an object: "libobj:<type>"

// The export of `module` named `name`, or null.
const LibraryExport* library_export(std::string_view module, std::string_view name);
// Is `module` (an import path, or its first component) a library module of the table?
bool is_library_module(std::string_view module);
const LibraryType* library_type(std::string_view type);
// The form of `type` with `shape` for `method`, or null.
const LibraryForm* library_form(std::string_view type, LibShape shape, std::string_view method);
// Is `method` any form of `type` (read or not)? An attribute of that name is then not a key.
bool library_has_method(std::string_view type, std::string_view method);

// The library value of an export (class to call, or object with its default options).
resolve::Value library_value(const LibraryExport& e);
// The type of a library value with prefix `kind` (kLibClass / kLibObject), or "".
std::string_view library_value_type(const resolve::Value& v, std::string_view kind);
// A field of a library object's options ("prefix", "scheme"), or null.
const resolve::Value* library_option(const resolve::Value& obj, std::string_view key);

}  // namespace envdrift::py
