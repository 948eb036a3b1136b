#!/usr/bin/env python3
"""Write the pathological input shapes of the performance issue, one file each, for bench/run.sh.

    python3 bench/pathological.py DIR [SCALE]

SCALE (default 1) multiplies every size: bench/run.sh runs 1 and 2 and prints the ratio, which
stays near 2 for a linear pass.

Prints one line per file: `NAME<TAB>EXPECTED_READS<TAB>FILE`. Each shape once made a pass
superlinear (child access by index, per-parameter walks over the whole tree, recursion, a
default evaluated per term of a chain); bench/run.sh times `envdrift scan` on each file on one
core, tests/test_pathological.cpp keeps the same shapes as regression tests.
"""
import os
import sys

out = sys.argv[1]
SCALE = int(sys.argv[2]) if len(sys.argv) > 2 else 1
os.makedirs(out, exist_ok=True)
N = 10_000 * SCALE


def emit(name, ext, text, reads):
    path = os.path.join(out, f"{name}.{ext}")
    with open(path, "w") as f:
        f.write(text)
    print(f"{name}.{ext}\t{reads}\t{path}")


# 1. A 2 MB minified bundle on one line (named explicitly, so the minified check lets it in).
parts = []
size = 0
i = 0
while size < 2_000_000 * SCALE:
    p = f'function f{i}(a,b){{return a+b*{i}}}var v{i}={{k:"s{i}",n:[1,2,{i}],g:function(x){{return f{i}(x,{i})}}}};'
    parts.append(p)
    size += len(p)
    i += 1
parts.append('var port=process.env.BUNDLE_PORT||"8080";')
emit(f"bundle-{2 * SCALE}mb-one-line", "js", "".join(parts) + "\n", 1)

# 2. 100,000 sibling statements.
for ext, stmt, read in (
    ("ts", "let v{i} = {i};\n", 'export const port = process.env.WIDE_PORT ?? "8080";\n'),
    ("py", "v{i} = {i}\n", 'import os\nPORT = os.getenv("WIDE_PORT", "8080")\n'),
    ("go", "var v{i} = {i}\n", 'var Port = os.Getenv("WIDE_PORT")\n'),
):
    head = 'package main\n\nimport "os"\n\n' if ext == "go" else ""
    emit(f"siblings-{100 * SCALE}k-{ext}", ext, head + "".join(stmt.format(i=i) for i in range(100_000 * SCALE)) + read, 1)

# 3. 10,000-deep nesting: arrays / parenthesised expressions around a read, and nested blocks.
emit(f"nesting-{10 * SCALE}k-ts", "ts", "export const v = " + "[" * N + "process.env.DEEP_NAME" + "]" * N + ";\n", 1)
emit(f"nesting-{10 * SCALE}k-blocks-ts", "ts", "{\n" * N + "const v = process.env.DEEP_BLOCK;\n" + "}\n" * N, 1)
emit(f"nesting-{10 * SCALE}k-py", "py", "import os\nv = " + "(" * N + 'os.getenv("DEEP_NAME")' + ")" * N + "\n", 1)
emit(f"nesting-{10 * SCALE}k-go", "go", 'package main\n\nimport "os"\n\nvar v = ' + "(" * N + 'os.Getenv("DEEP_NAME")' + ")" * N + "\n", 1)

# 4. A 10,000-term chain of reads with fallbacks (every term a read: each has a default to find).
emit(f"or-chain-{10 * SCALE}k-ts", "ts",
     "export const v = " + " || ".join(f"process.env.OR_{i}" for i in range(N)) + ' || "fallback";\n', N)
emit(f"or-chain-{10 * SCALE}k-py", "py",
     "import os\nv = " + " or ".join(f'os.getenv("OR_{i}")' for i in range(N)) + ' or "fallback"\n', N)
emit(f"concat-chain-{10 * SCALE}k-go", "go",
     'package main\n\nimport "os"\n\nvar v = ' + " + ".join(f'os.Getenv("CAT_{i}")' for i in range(N)) + "\n", N)

# 5. 5,000 functions, each taking the environment as a parameter and reading it.
M = 5_000 * SCALE
emit(f"env-params-{5 * SCALE}k-ts", "ts",
     "".join(f"function f{i}(env: NodeJS.ProcessEnv) {{ return env.P_{i}; }}\n" for i in range(M)) +
     "".join(f"f{i}(process.env);\n" for i in range(M)), M)
emit(f"env-params-{5 * SCALE}k-py", "py",
     "import os\n" + "".join(f'def f{i}(env):\n    return env["P_{i}"]\n' for i in range(M)) +
     "".join(f"f{i}(os.environ)\n" for i in range(M)), M)
emit(f"env-params-{5 * SCALE}k-go", "go",
     'package main\n\nimport "os"\n\n' +
     "".join(f'func f{i}(getenv func(string) string) string {{ return getenv("P_{i}") }}\n' for i in range(M)) +
     "func main() {\n" + "".join(f"\tf{i}(os.Getenv)\n" for i in range(M)) + "}\n", M)

# 6. 2,000 pydantic settings classes, each the subclass of the one before with a mixin after it
# (`class S2(S1, M2)`): no class's MRO is its base's plus a few entries.
C = 2_000 * SCALE
emit(f"settings-mixins-after-{2 * SCALE}k-py", "py",
     "from pydantic import BaseModel\nfrom pydantic_settings import BaseSettings\n\n"
     "class S0(BaseSettings):\n    f0: str = 'd'\n" +
     "".join(f"\nclass M{i}(BaseModel):\n    m{i}: int = 1\n\nclass S{i}(S{i - 1}, M{i}):\n    f{i}: str = 'd'\n"
             for i in range(1, C)), 2 * C - 1)
