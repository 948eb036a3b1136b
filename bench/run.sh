#!/usr/bin/env bash
# Benchmark: envdrift scan vs ripgrep on the same generated tree, in one run.
#
#   bash bench/run.sh [FILES]     (default 6000 files: 1/4 each TypeScript, Python, Go, C++)
#
# ripgrep searches the tree for the direct read patterns (the byte-level floor envdrift's
# prefilter is measured against: SPEC section 7 asks for "within 3x of rg"). Prints wall times,
# the ratio, and envdrift's peak RSS. Needs `rg` (Debian ripgrep) and GNU time if present.
# ast-grep (the peer SPEC section 7 names: envdrift must beat it finding only the direct reads)
# is pinned in bench/package.json and installed with `npm ci` on the first run when npm exists;
# it runs bench/ast-grep-direct-reads.yml, the direct read forms only.
# The cold timings run with --no-cache; then a re-run of the unchanged tree with the result cache
# (in the bench's temp dir through ENVDRIFT_CACHE_DIR) and the cold/warm ratio (SPEC asks >= 5x).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-6000}
BIN=${ENVDRIFT_BIN:-build/cli/envdrift}
[ -x "$BIN" ] || { echo "build first: bash scripts/dev.sh test (or cmake --build build)" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench needs ripgrep: apt-get install ripgrep" >&2; exit 2; }

WORK=$(mktemp -d /tmp/envdrift-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TREE=$WORK/tree
CACHE=$WORK/cache  # outside the scanned tree: a cache inside it is never used
mkdir -p "$TREE"
export ENVDRIFT_CACHE_DIR=$CACHE
python3 - "$TREE" "$N" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
filler_ts = "".join(f"export function f{i}(a: number, b: number): number {{ return a * {i} + b; }}\n" for i in range(60))
filler_py = "".join(f"def f{i}(a, b):\n    return a * {i} + b\n\n" for i in range(60))
filler_go = "".join(f"func F{i}(a, b int) int {{ return a*{i} + b }}\n" for i in range(60))
filler_cc = "".join(f"int f{i}(int a, int b) {{ return a * {i} + b; }}\n" for i in range(60))
for i in range(n):
    d = os.path.join(root, f"svc{i % 40}", f"pkg{i % 7}")
    os.makedirs(d, exist_ok=True)
    has = i % 5 == 0  # one file in five reads the environment
    k = i % 4
    if k == 0:
        body = filler_ts + (f'export const v{i} = process.env.VAR_{i} ?? "d{i}";\n' if has else "")
        open(os.path.join(d, f"m{i}.ts"), "w").write(body)
    elif k == 1:
        body = "import os\n" + filler_py + (f'V{i} = os.getenv("VAR_{i}", "d{i}")\n' if has else "")
        open(os.path.join(d, f"m{i}.py"), "w").write(body)
    elif k == 3:
        body = "#include <cstdlib>\n#include <string>\n\n" + filler_cc + (f'static const std::string v{i} = std::getenv("VAR_{i}") ?: "d{i}";\n' if has else "")
        open(os.path.join(d, f"m{i}.cpp"), "w").write(body)
    else:
        body = f"package pkg{i % 7}\n\nimport \"os\"\n\nvar _ = os.Args\n" + filler_go + (f'var V{i} = os.Getenv("VAR_{i}")\n' if has else "")
        open(os.path.join(d, f"m{i}.go"), "w").write(body)
PY
echo "tree: $N files, $(du -sh "$TREE" | cut -f1)"

best() {  # best-of-5 wall time in ms of a command
  local best=999999999
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 ))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "$best"
}
AST_GREP=bench/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep  # the native binary, not the node shim
if [ ! -x "$AST_GREP" ] && command -v npm >/dev/null; then
  (cd bench && npm ci --no-audit --no-fund >/dev/null 2>&1) || echo "note: npm ci in bench/ failed: no ast-grep timing" >&2
fi
RG=$(best rg -n --no-heading -e 'process\.env' -e 'os\.(getenv|environ)' -e 'os\.(Getenv|LookupEnv)' -e 'getenv\(' "$TREE")
ED=$(best "$BIN" scan --no-cache --no-gitignore --format json "$TREE")
ED1=$(best "$BIN" scan --no-cache --no-gitignore --format json --jobs 1 "$TREE")
# With the cache: the first run writes it (timed with an empty cache each time), re-runs read it.
fill() { rm -rf "$CACHE"; "$BIN" scan --no-gitignore --format json "$TREE"; }
FILL=$(best fill)
"$BIN" scan --no-gitignore --format json "$TREE" >/dev/null
WARM=$(best "$BIN" scan --no-gitignore --format json "$TREE")
WARM1=$(best "$BIN" scan --no-gitignore --format json --jobs 1 "$TREE")
echo "rg (direct read patterns):   ${RG} ms"
if [ -x "$AST_GREP" ]; then
  AG=$(best "$AST_GREP" scan --rule bench/ast-grep-direct-reads.yml --json=compact "$TREE")
  AG_HITS=$("$AST_GREP" scan --rule bench/ast-grep-direct-reads.yml --json=compact "$TREE" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  echo "ast-grep (direct reads only): ${AG} ms (${AG_HITS} matches)"
fi
echo "envdrift scan (all cores):   ${ED} ms"
echo "envdrift scan (--jobs 1):    ${ED1} ms"
awk -v a="$ED" -v b="$RG" 'BEGIN { if (b == 0) b = 1; printf "ratio envdrift/rg: %.2fx\n", a / b }'
[ -n "${AG:-}" ] && awk -v a="$ED" -v b="$AG" 'BEGIN { if (b == 0) b = 1; printf "ratio envdrift/ast-grep: %.2fx\n", a / b }'
echo "first run, writing the cache: ${FILL} ms (cache file $(du -h "$CACHE"/* | cut -f1))"
echo "warm re-run (all cores):     ${WARM} ms"
echo "warm re-run (--jobs 1):      ${WARM1} ms"
awk -v a="$ED" -v b="$WARM" 'BEGIN { if (b == 0) b = 1; printf "ratio cold/warm: %.2fx (all cores)\n", a / b }'
awk -v a="$ED1" -v b="$WARM1" 'BEGIN { if (b == 0) b = 1; printf "ratio cold/warm: %.2fx (--jobs 1)\n", a / b }'
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "envdrift peak RSS: %M KiB" "$BIN" scan --no-cache --no-gitignore --format json "$TREE" >/dev/null
fi
COLD_OUT=$("$BIN" scan --no-cache --no-gitignore --format json "$TREE")
WARM_OUT=$("$BIN" scan --no-gitignore --format json "$TREE")
[ "$COLD_OUT" = "$WARM_OUT" ] && echo "warm report identical to the cold one: yes" || echo "warm report identical to the cold one: NO"
READS=$(printf '%s' "$COLD_OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["reads"])')
echo "reads found: $READS (expected $(( (N + 4) / 5 )))"
# The C/C++ frontend's own cost: libclang parse + analysis of each C/C++ file it parsed
# (ENVDRIFT_CPP_PARSE_TIMES names a file the frontend appends `path<TAB>ms` lines to).
TIMES=$WORK/cpp-times.tsv
if ENVDRIFT_CPP_PARSE_TIMES=$TIMES "$BIN" scan --no-cache --no-gitignore --format json --jobs 1 "$TREE" >/dev/null 2>&1 && [ -s "$TIMES" ]; then
  sort -t$'\t' -k2 -n "$TIMES" | awk -F'\t' '{ v[NR] = $2 } END { printf "C/C++ files parsed: %d, median %.1f ms per file, max %.1f ms\n", NR, v[int((NR + 1) / 2)], v[NR] }'
fi
