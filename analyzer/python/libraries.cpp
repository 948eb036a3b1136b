// The python config-library table. Each row is taken from the library's own documentation /
// source (signatures noted per library); the matcher in lib_reads.cpp interprets it.
#include "analyzer/python/libraries.h"

#include <array>

namespace envdrift::py {

namespace {

using resolve::Value;

// django-environ (environ/environ.py): `Env(**scheme)`; `__call__(var, cast=None, default=NOTSET)`,
// `str/bool/int/float/json/url/path/bytes(var, default=NOTSET)`, `list/tuple/dict(var, cast,
// default)`, `db_url(var="DATABASE_URL", default)` (alias `db`), `cache_url` / `cache`
// ("CACHE_URL"), `email_url` / `email` ("EMAIL_URL"), `search_url` ("SEARCH_URL"),
// `channels_url` / `channels` ("CHANNELS_URL"); `read_env` loads a .env file; `"X" in env`
// tests the environment.
// python-decouple: `config` is an `AutoConfig`; `AutoConfig(search_path=...)` and
// `Config(RepositoryEnv(".env"))` instances; `__call__` = `get(option, default, cast)`; casts
// (`cast=bool`, `Csv()`, `Choices(...)`) convert the value, not the default's literal.
// environs: `Env(prefix=None)`; every parser `method(name, default=..., **kwargs)`
// (`__call__`, str, int, bool, float, decimal, list, dict, json, datetime, date, time, timedelta,
// path, log_level, uuid, url, enum, dj_db_url, dj_email_url, dj_cache_url); `read_env` loads a
// .env file; `from environs import env` is a ready-made Env; `with env.prefixed("P_"):` prefixes the names read inside (nested prefixes join).
// dynaconf: `Dynaconf(envvar_prefix="APP")` / `LazySettings(...)`; env var `APP_KEY` sets `KEY`
// (default prefix DYNACONF, `envvar_prefix=False` none); `settings.KEY`, `settings["KEY"]`,
// `settings.get("KEY", default)`, `settings.as_int("KEY")`; the module-level `settings` is a
// LazySettings.
// click: `click.option(*decls, envvar="X" | ["A", "B"], default=...)`, `click.argument(...)`;
// `cli(auto_envvar_prefix="APP")` / `context_settings={"auto_envvar_prefix": "APP"}`: an option
// without envvar reads `APP_<NAME>` (click uppercases `f"{prefix}_{param.name}"`; the name is the
// first decl without dashes, else the first `--long` one with dashes as underscores).
// typer: `typer.Option(default, *decls, envvar=...)` / `typer.Argument(default, envvar=...)`:
// the first positional is the default (`...` = required).
constexpr std::array kExports{
    LibraryExport{"environ", "Env", "django-environ Env"},
    LibraryExport{"environ", "FileAwareEnv", "django-environ Env"},
    LibraryExport{"decouple", "config", "decouple Config", true},
    LibraryExport{"decouple", "AutoConfig", "decouple Config"},
    LibraryExport{"decouple", "Config", "decouple Config"},
    LibraryExport{"environs", "Env", "environs Env"},
    LibraryExport{"environs", "FileAwareEnv", "environs Env"},
    LibraryExport{"environs", "env", "environs Env", true},
    LibraryExport{"dynaconf", "Dynaconf", "dynaconf Dynaconf"},
    LibraryExport{"dynaconf", "LazySettings", "dynaconf Dynaconf"},
    LibraryExport{"dynaconf", "settings", "dynaconf Dynaconf", true},
    LibraryExport{"click", "option", "click option"},
    LibraryExport{"click", "argument", "click option"},
    LibraryExport{"typer", "Option", "typer Option"},
    LibraryExport{"typer", "Argument", "typer Option"},
};

constexpr std::array kTypes{
    LibraryType{"django-environ Env", {}, "", "", false, true},
    LibraryType{"decouple Config"},
    LibraryType{"environs Env", {-1, "prefix"}},
    LibraryType{"dynaconf Dynaconf", {-1, "envvar_prefix"}, "DYNACONF", "_", true},
    LibraryType{"click option"},
    LibraryType{"typer Option"},
};

constexpr std::array kForms{
    // django-environ
    LibraryForm{"django-environ Env", LibShape::Call, "", {0, "var"}, {2, "default"}},
    LibraryForm{"django-environ Env", LibShape::Call, "str,bool,int,float,json,url,path,bytes", {0, "var"}, {1, "default"}},
    LibraryForm{"django-environ Env", LibShape::Call, "list,tuple,dict,get_value", {0, "var"}, {2, "default"}},
    LibraryForm{"django-environ Env", LibShape::Call, "db_url,db", {0, "var"}, {1, "default"}, "DATABASE_URL"},
    LibraryForm{"django-environ Env", LibShape::Call, "cache_url,cache", {0, "var"}, {1, "default"}, "CACHE_URL"},
    LibraryForm{"django-environ Env", LibShape::Call, "email_url,email", {0, "var"}, {1, "default"}, "EMAIL_URL"},
    LibraryForm{"django-environ Env", LibShape::Call, "search_url", {0, "var"}, {1, "default"}, "SEARCH_URL"},
    LibraryForm{"django-environ Env", LibShape::Call, "channels_url,channels", {0, "var"}, {1, "default"}, "CHANNELS_URL"},
    LibraryForm{"django-environ Env", LibShape::Call, "read_env", {}, {}, "", false},
    LibraryForm{"django-environ Env", LibShape::Contains, ""},
    // python-decouple
    LibraryForm{"decouple Config", LibShape::Call, ",get", {0, "option"}, {1, "default"}},
    // environs
    LibraryForm{"environs Env", LibShape::Call,
                ",str,int,bool,float,decimal,list,dict,json,datetime,date,time,timedelta,path,log_level,uuid,url,enum,"
                "dj_db_url,dj_email_url,dj_cache_url",
                {0, "name"}, {1, "default"}},
    LibraryForm{"environs Env", LibShape::Call, "read_env,seal,dump,add_parser,parser_for", {}, {}, "", false},
    LibraryForm{"environs Env", LibShape::Prefixed, "prefixed", {0, "prefix"}},
    // dynaconf
    LibraryForm{"dynaconf Dynaconf", LibShape::Attribute, "", {}, {}, "", true, ReadKind::Settings},
    LibraryForm{"dynaconf Dynaconf", LibShape::Subscript, "", {}, {}, "", true, ReadKind::Settings},
    LibraryForm{"dynaconf Dynaconf", LibShape::Call, "get", {0, "key"}, {1, "default"}, "", true, ReadKind::Settings},
    LibraryForm{"dynaconf Dynaconf", LibShape::Call, "as_bool,as_int,as_float,as_json", {0, "key"}, {}, "", true, ReadKind::Settings},
    LibraryForm{"dynaconf Dynaconf", LibShape::Call,
                "set,setenv,as_dict,to_dict,from_env,using_env,configure,exists,get_fresh,get_environ,reload,load_file,"
                "validators,find_file,fresh,populate_obj,update,setdefault,store,keys,values,items,current_env,"
                "dynaconf_include,settings_module,clean,unset,execute_loaders,load_extra_yaml,path_for,flag",
                {}, {}, "", false},
    // click / typer option declarations
    LibraryForm{"click option", LibShape::Option, "", {-1, "envvar"}, {-1, "default"}, "", true, ReadKind::Settings,
                "auto_envvar_prefix"},
    LibraryForm{"typer Option", LibShape::Option, "", {-1, "envvar"}, {0, "default"}, "", true, ReadKind::Settings},
};

bool in_list(std::string_view list, std::string_view item) {
  size_t start = 0;
  for (;;) {
    size_t comma = list.find(',', start);
    std::string_view piece = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (piece == item) return true;
    if (comma == std::string_view::npos) return false;
    start = comma + 1;
  }
}

}  // namespace

const LibraryExport* library_export(std::string_view module, std::string_view name) {
  for (const auto& e : kExports)
    if (e.module == module && e.name == name) return &e;
  return nullptr;
}

bool is_library_module(std::string_view module) {
  for (const auto& e : kExports)
    if (e.module == module) return true;
  return false;
}

const LibraryType* library_type(std::string_view type) {
  for (const auto& t : kTypes)
    if (t.type == type) return &t;
  return nullptr;
}

const LibraryForm* library_form(std::string_view type, LibShape shape, std::string_view method) {
  for (const auto& f : kForms)
    if (f.type == type && f.shape == shape && in_list(f.methods, method)) return &f;
  return nullptr;
}

bool library_has_method(std::string_view type, std::string_view method) {
  for (const auto& f : kForms)
    if (f.type == type && f.shape != LibShape::Attribute && f.shape != LibShape::Subscript && !method.empty() &&
        in_list(f.methods, method))
      return true;
  return false;
}

Value library_value(const LibraryExport& e) {
  Value v = Value::of_type(Value::Type::Param);
  v.text = std::string(e.object ? kLibObject : kLibClass) + std::string(e.type);
  return v;
}

std::string_view library_value_type(const Value& v, std::string_view kind) {
  if (v.type != Value::Type::Param || v.text.rfind(kind, 0) != 0) return {};
  return std::string_view(v.text).substr(kind.size());
}

const Value* library_option(const Value& obj, std::string_view key) {
  for (const auto& [k, v] : obj.fields)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace envdrift::py
