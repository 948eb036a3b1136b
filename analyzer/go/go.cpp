// The go frontend: direct reads of the process environment.
//
// Patterns (each has a fixture of the same name under fixtures/patterns/go/):
// - os_getenv:       `os.Getenv("X")` reads X.
// - os_lookupenv:    `os.LookupEnv("X")` reads X.
// - syscall_getenv:  `syscall.Getenv("X")` reads X.
// - os_expandenv:    `os.ExpandEnv("$X and ${Y}")` reads X and Y, each at the call.
// - os_expand:       `os.Expand("${X}", os.Getenv)` reads X; with any other mapping it does not.
// - import_alias:    `import o "os"` makes `o.Getenv` the function, `import . "os"` makes
//                    `Getenv`; a local `os` (variable, parameter) shadows the import.
// - dynamic_names:   a name that is not a literal (`os.Getenv(key)`, `"KAFKA_" + x`,
//                    `fmt.Sprintf("%s_URL", p)`) makes the read `dynamic`, with the literal
//                    prefix/suffix that is known.
// Which names mean `os` / `syscall` comes from the file's imports (env_bindings.h). Names are
// evaluated by values.h; os.Setenv, os.Unsetenv and os.Environ() are not reads.
#include "analyzer/go/go.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/go/env_bindings.h"
#include "analyzer/go/expand_template.h"
#include "analyzer/go/go_syntax.h"
#include "analyzer/go/values.h"

namespace envdrift {

namespace go {
namespace {

class GoReads {
 public:
  GoReads(const ParsedFile& file, FileResult& out) : f_(file), env_(f_), out_(out) {}

  void run() {
    if (!env_.any()) return;  // no "os" / "syscall" import: nothing can read the environment
    walk_enter_leave(
        f_.file.root,
        [&](Path path) {
          env_.enter(path);
          TSNode n = path.back();
          if (is_type(n, "call_expression")) call(n);
          return true;
        },
        [&](Path path) { env_.leave(path); });
  }

 private:
  void call(TSNode call) {
    auto fn = env_.env_function(f_.field(call, f_.fields.function));
    if (!fn) return;
    auto args = code_children(f_.field(call, f_.fields.arguments));
    if (args.empty()) return;
    switch (*fn) {
      case EnvFunction::Getenv:
      case EnvFunction::LookupEnv:
        name_read(call, args[0]);
        break;
      case EnvFunction::ExpandEnv:
        template_reads(call, args[0]);
        break;
      case EnvFunction::Expand:
        if (args.size() >= 2 && env_.env_function(args[1]) == EnvFunction::Getenv) template_reads(call, args[0]);
        break;
    }
  }

  // `os.Getenv(name)`: a direct read of a literal name, else a dynamic one.
  void name_read(TSNode call, TSNode name) {
    if (is_type(name, "variadic_argument")) {
      out_.reads.push_back(f_.file.make_dynamic(call, name));
      return;
    }
    NameParts np = name_parts(f_, name);
    if (np.complete) out_.reads.push_back(f_.file.make_read(call, std::move(np.text), ReadKind::Direct));
    else out_.reads.push_back(f_.file.make_dynamic(call, name, std::move(np.prefix), std::move(np.suffix)));
  }

  // `os.ExpandEnv("$X ${Y}")`: one direct read per referenced variable, each at the call; a
  // repeated name is read once. A template that is not a literal is one dynamic read (the
  // names are unknown).
  void template_reads(TSNode call, TSNode tmpl) {
    auto text = string_literal(f_, tmpl);
    if (!text) {
      out_.reads.push_back(f_.file.make_dynamic(call, tmpl));
      return;
    }
    std::vector<std::string> seen;
    for (auto& name : expand_template_names(*text)) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;  // `$X/$X`: one read
      seen.push_back(name);
      out_.reads.push_back(f_.file.make_read(call, std::move(name), ReadKind::Direct));
    }
  }

  GoFile f_;
  EnvBindings env_;
  FileResult& out_;
};

}  // namespace
}  // namespace go

void extract_go(const ParsedFile& file, FileResult& out) { go::GoReads(file, out).run(); }

}  // namespace envdrift
