#!/usr/bin/env python3
"""Generate a realistic polyglot service monorepo for bench/run.sh.

    python3 bench/gen_tree.py ROOT LINES      # e.g. 1000000 or 100000

Shape (what real service trees look like, see bench/corpus): services in TypeScript, Python and
Go, one language each; every service has a config module that declares its variable names as
constants and as a constant map and wraps the language's env API in helpers; most modules import
that config module and a third of them read a variable through it (helper + constant, helper +
map entry, helper + literal); a few read the environment directly. Everything else is ordinary
code (classes, loops, string building, error handling) so the parser sees the same mix as in a
real tree. One docs page, docs/environment.md, documents every variable in a table.

Writes ROOT/expected.json: {"reads": N, "variables": [...], "lines": L, "files": F}. N counts read
sites the way `envdrift check --format json` counts `summary.reads`: one per call of a helper or
direct read with a resolvable name; helper bodies (which read a parameter) are not reads.
"""
import json
import os
import random
import sys

root, target_lines = sys.argv[1], int(sys.argv[2])
rng = random.Random(11)
LINES_PER_MODULE = 400
MODULES_PER_SERVICE = 40

total_lines = 0
total_files = 0
reads = 0
variables = {}  # name -> default (None: required)


def write(path, text):
    global total_lines, total_files
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    total_lines += text.count("\n")
    total_files += 1


def service_vars(svc):
    """The service's variables: (key, NAME, default or None)."""
    keys = ["port", "db_url", "redis_url", "log_level", "timeout_ms", "feature_beta", "api_key",
            "region", "queue_name", "max_conns", "cache_ttl", "sentry_dsn"]
    out = []
    for k in keys:
        name = f"{svc.upper()}_{k.upper()}"
        default = None if k in ("db_url", "api_key", "sentry_dsn") else f"{k}-{svc}"
        out.append((k, name, default))
    return out


# ---------------------------------------------------------------- TypeScript

def module_use(vs, i):
    """What module i of a service does with the config module, the same in every language: one in
    three reads a variable, one in three uses the settings object, the rest do not import it.
    A read is (form, key, NAME, default, in_map): form "default" (a helper with a default),
    "require" (a helper without one) or "direct" (the env API itself; Go has no such module and
    uses its require helper); in_map: the name comes from the constant map, not a constant."""
    global reads
    if i % 3 == 1:
        return "settings"
    if i % 3 != 0:
        return None
    k, name, default = vs[i % len(vs)]
    form = "default" if i % 2 == 0 and default is not None else "require" if default is None else "direct"
    reads += 1
    return (form, k, name, default, vs.index((k, name, default)) >= 6)


def fill(blocks, n_lines, comment):
    """Whole blocks of `blocks` up to n_lines (a cut one is a syntax error), comment lines after."""
    out = []
    for block in blocks:
        if len(out) + len(block) > n_lines:
            break
        out += block
    return out + [comment] * (n_lines - len(out))



def ts_config(svc, vs):
    lines = ["// Environment configuration for " + svc + ".", ""]
    for k, name, _ in vs[:6]:
        lines.append(f'export const {k.upper()} = "{name}";')
    lines.append("")
    lines.append("export const ENV_KEYS = {")
    for k, name, _ in vs[6:]:
        lines.append(f'  {camel(k)}: "{name}",')
    lines.append("} as const;")
    lines.append("")
    lines.append("export function getEnv(name: string, fallback?: string): string | undefined {")
    lines.append("  const value = process.env[name];")
    lines.append("  return value === undefined || value === \"\" ? fallback : value;")
    lines.append("}")
    lines.append("")
    lines.append("export function requireEnv(name: string): string {")
    lines.append("  const value = process.env[name];")
    lines.append("  if (!value) {")
    lines.append("    throw new Error(`missing environment variable ${name}`);")
    lines.append("  }")
    lines.append("  return value;")
    lines.append("}")
    lines.append("")
    lines.append(f'export const settings = {{ region: getEnv(ENV_KEYS.region, "{vs[7][2]}") }};')
    return "\n".join(lines) + "\n"


def camel(k):
    parts = k.split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


def ts_blocks(i):
    c = 0
    while True:
        c += 1
        cls = f"Service{i}x{c}"
        yield [
            f"export interface {cls}Options {{",
            "  retries: number;",
            "  label?: string;",
            "  tags: string[];",
            "}",
            "",
            f"export class {cls} {{",
            "  private readonly cache = new Map<string, number>();",
            f"  constructor(private readonly opts: {cls}Options) {{}}",
            "",
            "  async fetchAll(ids: string[]): Promise<number[]> {",
            "    const results: number[] = [];",
            "    for (const id of ids) {",
            "      const hit = this.cache.get(id);",
            "      if (hit !== undefined) {",
            "        results.push(hit);",
            "        continue;",
            "      }",
            f"      const value = id.length * {c} + this.opts.retries;",
            "      this.cache.set(id, value);",
            "      results.push(value);",
            "    }",
            "    return results;",
            "  }",
            "",
            "  describe(): string {",
            "    const tags = this.opts.tags.map((t) => t.toUpperCase()).join(\", \");",
            "    return `${this.opts.label ?? \"none\"} [${tags}]`;",
            "  }",
            "}",
            "",
            f"export const handler{c} = async (req: {{ body: string }}) => {{",
            "  try {",
            "    const parsed = JSON.parse(req.body) as Record<string, unknown>;",
            "    return Object.keys(parsed).filter((k) => k.startsWith(\"x\")).length;",
            "  } catch (err) {",
            "    console.error(\"bad body\", err);",
            "    return -1;",
            "  }",
            "};",
            "",
        ]


def ts_module(svc, vs, i, depth_prefix):
    head, body = [], []
    use = module_use(vs, i)
    if use == "settings":
        head.append(f'import {{ settings }} from "{depth_prefix}config/env";')
        body.append(f"export const where{i} = `${{settings.region}}/{i}`;")
    elif use:
        form, k, name, default, in_map = use
        imported, ref = ("ENV_KEYS", f"ENV_KEYS.{camel(k)}") if in_map else (k.upper(), k.upper())
        if form == "default":
            head.append(f'import {{ getEnv, {imported} }} from "{depth_prefix}config/env";')
            body.append(f'export const setting{i} = getEnv({ref}, "{default}");')
        elif form == "require":
            head.append(f'import {{ requireEnv, {imported} }} from "{depth_prefix}config/env";')
            body.append(f"export const setting{i} = requireEnv({ref});")
        else:
            body.append(f'export const setting{i} = process.env.{name} ?? "{default}";')
    head += ['import { readFile } from "fs/promises";', ""]
    filler = fill(ts_blocks(i), LINES_PER_MODULE - len(head) - len(body), "// .")
    return "\n".join(head + body + filler) + "\n"


def ts_service(svc, vs):
    write(f"services/{svc}/package.json", json.dumps({"name": svc, "private": True}) + "\n")
    write(f"services/{svc}/src/config/env.ts", ts_config(svc, vs))
    for i in range(MODULES_PER_SERVICE):
        sub = f"feature{i % 4}/"
        write(f"services/{svc}/src/{sub}m{i}.ts", ts_module(svc, vs, i, "../"))


# ---------------------------------------------------------------- Python

def py_config(svc, vs):
    lines = ['"""Environment configuration for ' + svc + '."""', "import os", ""]
    for k, name, _ in vs[:6]:
        lines.append(f'{k.upper()} = "{name}"')
    lines.append("")
    lines.append("KEYS = {")
    for k, name, _ in vs[6:]:
        lines.append(f'    "{k}": "{name}",')
    lines.append("}")
    lines.append("")
    lines.append("")
    lines.append("def env(name, default=None):")
    lines.append("    value = os.environ.get(name)")
    lines.append("    return default if value in (None, \"\") else value")
    lines.append("")
    lines.append("")
    lines.append("def require_env(name):")
    lines.append("    return os.environ[name]")
    lines.append("")
    lines.append("")
    lines.append("class _Settings:")
    lines.append(f'    region = env(KEYS["region"], "{vs[7][2]}")')
    lines.append("")
    lines.append("")
    lines.append("settings = _Settings()")
    return "\n".join(lines) + "\n"


def py_blocks(i):
    c = 0
    while True:
        c += 1
        yield [
            "",
            "",
            f"class Worker{i}x{c}:",
            f'    """Processes batch {c}."""',
            "",
            "    def __init__(self, retries=3, label=None):",
            "        self.retries = retries",
            "        self.label = label or \"none\"",
            "        self._cache = {}",
            "",
            "    def fetch_all(self, ids):",
            "        results = []",
            "        for item in ids:",
            "            if item in self._cache:",
            "                results.append(self._cache[item])",
            "                continue",
            f"            value = len(item) * {c} + self.retries",
            "            self._cache[item] = value",
            "            results.append(value)",
            "        return results",
            "",
            "    def describe(self, tags):",
            "        joined = \", \".join(t.upper() for t in tags)",
            "        return f\"{self.label} [{joined}]\"",
            "",
            "",
            f"def handler_{c}(body):",
            "    try:",
            "        parsed = json.loads(body)",
            "    except ValueError as err:",
            "        logger.warning(\"bad body: %s\", err)",
            "        return -1",
            "    return len([k for k in parsed if k.startswith(\"x\")])",
        ]


def py_module(svc, vs, i):
    head = ["import json", "import logging", ""]
    body = []
    use = module_use(vs, i)
    if use == "settings":
        head.append("from ..config import settings")
        body.append(f'WHERE_{i} = f"{{settings.region}}/{i}"')
    elif use:
        form, k, name, default, in_map = use
        imported, ref = ("KEYS", f'KEYS["{k}"]') if in_map else (k.upper(), k.upper())
        if form == "default":
            head.append(f"from ..config import env, {imported}")
            body.append(f'SETTING_{i} = env({ref}, "{default}")')
        elif form == "require":
            head.append(f"from ..config import require_env, {imported}")
            body.append(f"SETTING_{i} = require_env({ref})")
        else:
            head.insert(0, "import os")
            body.append(f'SETTING_{i} = os.getenv("{name}", "{default}")')
    head += ["", "logger = logging.getLogger(__name__)", ""]
    filler = fill(py_blocks(i), LINES_PER_MODULE - len(head) - len(body), "# .")
    return "\n".join(head + body + filler) + "\n"


def py_service(svc, vs):
    write(f"services/{svc}/pyproject.toml", f'[project]\nname = "{svc}"\nversion = "0.1.0"\n')
    write(f"services/{svc}/{svc}/__init__.py", "")
    write(f"services/{svc}/{svc}/config.py", py_config(svc, vs))
    for f in range(4):
        write(f"services/{svc}/{svc}/feature{f}/__init__.py", "")
    for i in range(MODULES_PER_SERVICE):
        write(f"services/{svc}/{svc}/feature{i % 4}/m{i}.py", py_module(svc, vs, i))


# ---------------------------------------------------------------- Go

def go_config(svc, vs):
    lines = ["// Package config reads the environment of " + svc + ".", "package config", "",
             'import "os"', "", "const ("]
    for k, name, _ in vs[:6]:
        lines.append(f'\t{go_ident(k)} = "{name}"')
    lines.append(")")
    lines.append("")
    lines.append("var Keys = map[string]string{")
    for k, name, _ in vs[6:]:
        lines.append(f'\t"{k}": "{name}",')
    lines.append("}")
    lines.append("")
    lines.append("// Get returns the variable's value or def when it is unset or empty.")
    lines.append("func Get(name, def string) string {")
    lines.append("\tif v, ok := os.LookupEnv(name); ok && v != \"\" {")
    lines.append("\t\treturn v")
    lines.append("\t}")
    lines.append("\treturn def")
    lines.append("}")
    lines.append("")
    lines.append("// Must returns the variable's value and panics when it is unset.")
    lines.append("func Must(name string) string {")
    lines.append("\tv := os.Getenv(name)")
    lines.append("\tif v == \"\" {")
    lines.append("\t\tpanic(\"missing \" + name)")
    lines.append("\t}")
    lines.append("\treturn v")
    lines.append("}")
    lines.append("")
    lines.append("// Settings holds what every package of the service shares.")
    lines.append(f'var Settings = struct{{ Region string }}{{Region: Get(Keys["region"], "{vs[7][2]}")}}')
    return "\n".join(lines) + "\n"


def go_ident(k):
    return "".join(p.title() for p in k.split("_"))


def go_blocks(i):
    c = 0
    while True:
        c += 1
        yield [
            "",
            f"// Worker{i}x{c} processes batch {c}.",
            f"type Worker{i}x{c} struct {{",
            "\tRetries int",
            "\tLabel   string",
            "\tcache   map[string]int",
            "}",
            "",
            f"func (w *Worker{i}x{c}) FetchAll(ids []string) []int {{",
            "\tresults := make([]int, 0, len(ids))",
            "\tfor _, id := range ids {",
            "\t\tif hit, ok := w.cache[id]; ok {",
            "\t\t\tresults = append(results, hit)",
            "\t\t\tcontinue",
            "\t\t}",
            f"\t\tvalue := len(id)*{c} + w.Retries",
            "\t\tw.cache[id] = value",
            "\t\tresults = append(results, value)",
            "\t}",
            "\treturn results",
            "}",
            "",
            f"func (w *Worker{i}x{c}) Describe(tags []string) string {{",
            "\tupper := make([]string, len(tags))",
            "\tfor i, t := range tags {",
            "\t\tupper[i] = strings.ToUpper(t)",
            "\t}",
            "\treturn fmt.Sprintf(\"%s [%s]\", w.Label, strings.Join(upper, \", \"))",
            "}",
            "",
            f"func Handler{i}x{c}(body []byte) (int, error) {{",
            "\tvar parsed map[string]any",
            "\tif err := json.Unmarshal(body, &parsed); err != nil {",
            "\t\treturn -1, fmt.Errorf(\"bad body: %w\", err)",
            "\t}",
            "\treturn len(parsed), nil",
            "}",
        ]


def go_module(svc, vs, i):
    imports = ['\t"encoding/json"', '\t"fmt"', '\t"strings"']
    body = []
    use = module_use(vs, i)
    if use == "settings":
        body.append(f'var Where{i} = config.Settings.Region + "/{i}"')
    elif use:
        form, k, name, default, in_map = use
        ref = f'config.Keys["{k}"]' if in_map else "config." + go_ident(k)
        if form == "default":
            body.append(f'var Setting{i} = config.Get({ref}, "{default}")')
        else:
            body.append(f"var Setting{i} = config.Must({ref})")
    if body:
        imports += ["", f'\t"example.com/{svc}/internal/config"']
    head = [f"package feature{i % 4}", "", "import ("] + imports + [")", ""]
    filler = fill(go_blocks(i), LINES_PER_MODULE - len(head) - len(body), "// .")
    return "\n".join(head + body + filler) + "\n"


def go_service(svc, vs):
    write(f"services/{svc}/go.mod", f"module example.com/{svc}\n\ngo 1.22\n")
    write(f"services/{svc}/internal/config/config.go", go_config(svc, vs))
    for i in range(MODULES_PER_SERVICE):
        # one file per package directory keeps Go's package = directory rule simple
        write(f"services/{svc}/internal/feature{i % 4}/m{i}.go", go_module(svc, vs, i))


# ---------------------------------------------------------------- tree

docs = ["# Environment variables", "", "| Variable | Default | Description |", "|---|---|---|"]
s = 0
while total_lines < target_lines:
    lang = ("ts", "py", "go")[s % 3]
    svc = f"{lang}svc{s}"
    vs = service_vars(svc)
    {"ts": ts_service, "py": py_service, "go": go_service}[lang](svc, vs)
    # Only the variables some module reads are documented, so the docs page is in sync.
    read_keys = {vs[7][1]}  # the settings object's variable
    reads += 1
    for i in range(0, MODULES_PER_SERVICE, 3):
        read_keys.add(vs[i % len(vs)][1])
    for k, name, default in vs:
        if name in read_keys:
            variables[name] = default
            docs.append(f"| `{name}` | {'`' + default + '`' if default else '(required)'} | {k} of {svc} |")
    s += 1
write("docs/environment.md", "\n".join(docs) + "\n")
write(".envdrift.toml", 'registry = ["docs/environment.md"]\n')
with open(os.path.join(root, "expected.json"), "w") as f:
    json.dump({"reads": reads, "variables": sorted(variables), "lines": total_lines, "files": total_files}, f)
print(f"{total_files} files, {total_lines} lines, {reads} reads of {len(variables)} variables")
