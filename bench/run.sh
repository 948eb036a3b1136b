#!/usr/bin/env bash
# The benchmark, one command (the README's performance section quotes its output):
#
#   bash bench/run.sh              # realistic trees of 1M and 100k lines, the pathological
#                                  # shapes, and the polyglot tree with C/C++ (6,000 files)
#   BENCH_LINES="100000" BENCH_CPP_FILES=0 bash bench/run.sh    # a quicker run
#
# A. Realistic service monorepos (bench/gen_tree.py: TypeScript, Python and Go services, each
#    with a config module of constants, a constant map and helpers that most modules import, and
#    a docs page documenting every variable). For each size, in one run on the same tree:
#    `rg` over the env APIs (the byte-level floor), ast-grep with the direct-read rules
#    (bench/ast-grep-direct-reads.yml: the peer that finds only direct reads), envdrift `check`
#    cold (--no-cache) on all cores and on one, warm (the result cache, tree unchanged), peak
#    RSS, reads found against the generator's count, and the ratios.
# B. The pathological shapes (bench/pathological.py) at sizes 1x and 2x, each timed as
#    `envdrift scan --no-cache --jobs 1 FILE` (the target: 0.3 s each on one core); the 2x/1x
#    ratio stays near 2 for a linear pass.
# C. The polyglot tree with a C/C++ quarter (one file in five reads the environment directly):
#    libclang's share of the cold time, and the per-file C/C++ parse median.
#
# Each timing is the best of 3 (5 for the quick ones). Needs `rg` (Debian ripgrep); ast-grep is
# pinned in bench/package.json and installed with `npm ci` on the first run when npm exists.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${ENVDRIFT_BIN:-build/cli/envdrift}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
LINES_LIST=${BENCH_LINES:-"1000000 100000"}
CPP_FILES=${BENCH_CPP_FILES:-6000}
[ -x "$BIN" ] || { echo "build first: bash scripts/dev.sh test (or cmake --build build)" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench needs ripgrep: apt-get install ripgrep" >&2; exit 2; }

WORK=$(mktemp -d /tmp/envdrift-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export ENVDRIFT_CACHE_DIR=$WORK/cache  # outside the scanned trees: a cache inside one is never used
CORES=$(nproc)
echo "machine: $CORES cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); envdrift $("$BIN" --version | awk '{ print $2 }') at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

best() {  # best-of-N wall time in ms of a command (N = $REPS, default 3)
  local best=999999999
  for _ in $(seq "${REPS:-3}"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 ))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }'; }
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }  # peak RSS in KiB

AST_GREP=bench/node_modules/@ast-grep/cli-linux-x64-gnu/ast-grep  # the native binary, not the node shim
if [ ! -x "$AST_GREP" ] && command -v npm >/dev/null; then
  (cd bench && npm ci --no-audit --no-fund >/dev/null 2>&1) || echo "note: npm ci in bench/ failed: no ast-grep timing" >&2
fi
AST_GREP=$ROOT/$AST_GREP
RG_ARGS=(-n --no-heading -e 'process\.env' -e 'os\.(getenv|environ)' -e 'os\.(Getenv|LookupEnv)' -e 'getenv\(')

# ---------------------------------------------------------------- A. realistic trees
for LINES in $LINES_LIST; do
  TREE=$WORK/tree-$LINES
  python3 bench/gen_tree.py "$TREE" "$LINES" >/dev/null
  read -r EXP_READS EXP_FILES EXP_LINES < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["reads"], d["files"], d["lines"])' "$TREE/expected.json")
  echo
  echo "== A. realistic tree: $EXP_LINES lines, $EXP_FILES files, $(du -sh "$TREE" | cut -f1) (expected reads: $EXP_READS)"
  cd "$TREE"
  RG=$(best rg "${RG_ARGS[@]}" .)
  AG=""
  [ -x "$AST_GREP" ] && AG=$(best "$AST_GREP" scan --rule "$ROOT/bench/ast-grep-direct-reads.yml" --json=compact .)
  COLD=$(best "$BIN" check --no-cache .)
  COLD1=$(best "$BIN" check --no-cache --jobs 1 .)
  RSS=$(rss "$BIN" check --no-cache .)
  rm -rf "$ENVDRIFT_CACHE_DIR"; "$BIN" check . >/dev/null 2>&1 || true  # fills the cache
  WARM=$(REPS=5 best "$BIN" check .)
  WARM_JSON=$(REPS=5 best "$BIN" check --format json .)
  FOUND=$("$BIN" check --no-cache --format json . | python3 -c 'import json,sys; d=json.load(sys.stdin)["summary"]; print(d["reads"], d["undocumented"] + d["unread"] + d["default_mismatch"] + d["unresolved"])')
  SAME=no
  [ "$("$BIN" check --format json . || true)" = "$("$BIN" check --no-cache --format json . || true)" ] && SAME=yes
  cd "$ROOT"
  printf '| %-36s | %9s | %s\n' "tool" "wall ms" "ratio"
  printf '| %-36s | %9s | %s\n' "rg (env APIs)" "$RG" ""
  [ -n "$AG" ] && printf '| %-36s | %9s | %s\n' "ast-grep (direct reads only)" "$AG" "$(ratio "$AG" "$RG")x rg"
  printf '| %-36s | %9s | %s\n' "envdrift check cold, $CORES cores" "$COLD" "$(ratio "$COLD" "$RG")x rg${AG:+, $(ratio "$COLD" "$AG")x ast-grep}"
  printf '| %-36s | %9s | %s\n' "envdrift check cold, --jobs 1" "$COLD1" "$(ratio "$COLD1" "$COLD")x the $CORES-core run"
  printf '| %-36s | %9s | %s\n' "envdrift check warm (text)" "$WARM" "$(ratio "$WARM" "$RG")x rg"
  printf '| %-36s | %9s | %s\n' "envdrift check warm (--format json)" "$WARM_JSON" "$(ratio "$WARM_JSON" "$RG")x rg"
  echo "peak RSS (cold, all cores): $((RSS / 1024)) MiB; reads found / expected: ${FOUND% *} / $EXP_READS; findings: ${FOUND#* } (the docs page is in sync); warm report identical to cold: $SAME"
done

# ---------------------------------------------------------------- B. pathological shapes
echo
echo "== B. pathological shapes: envdrift scan --no-cache --jobs 1 FILE (target 0.3 s each); 2x/1x = time at twice the size"
printf '| %-28s | %8s | %8s | %6s | %s\n' "shape (1x)" "1x ms" "2x ms" "2x/1x" "reads found / expected"
python3 bench/pathological.py "$WORK/p1" 1 >"$WORK/p1.tsv"
python3 bench/pathological.py "$WORK/p2" 2 >"$WORK/p2.tsv"
paste "$WORK/p1.tsv" "$WORK/p2.tsv" | while IFS=$'\t' read -r name exp path _name2 _exp2 path2; do
  T1=$(best "$BIN" scan --no-cache --jobs 1 "$path")
  T2=$(best "$BIN" scan --no-cache --jobs 1 "$path2")
  GOT=$("$BIN" scan --no-cache --jobs 1 --format json "$path" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["reads"])')
  printf '| %-28s | %8s | %8s | %6s | %s\n' "$name" "$T1" "$T2" "$(ratio "$T2" "$T1")" "$GOT / $exp"
done

# ---------------------------------------------------------------- C. with C/C++
[ "$CPP_FILES" -gt 0 ] || exit 0
TREE=$WORK/cpp-tree
python3 - "$TREE" "$CPP_FILES" <<'PY'
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
echo
echo "== C. polyglot tree with C/C++: $CPP_FILES files (a quarter each TS, Python, Go, C++), $(du -sh "$TREE" | cut -f1)"
RG=$(best rg "${RG_ARGS[@]}" "$TREE")
AG=""
[ -x "$AST_GREP" ] && AG=$(best "$AST_GREP" scan --rule bench/ast-grep-direct-reads.yml --json=compact "$TREE")
ED=$(best "$BIN" scan --no-cache "$TREE")
ED1=$(best "$BIN" scan --no-cache --jobs 1 "$TREE")
rm -rf "$ENVDRIFT_CACHE_DIR"; "$BIN" scan "$TREE" >/dev/null
WARM=$(REPS=5 best "$BIN" scan "$TREE")
RSS=$(rss "$BIN" scan --no-cache "$TREE")
READS=$("$BIN" scan --no-cache --format json "$TREE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["reads"])')
echo "rg ${RG} ms; ast-grep ${AG:-n/a} ms (it skips the C/C++ quarter); envdrift scan cold ${ED} ms ($(ratio "$ED" "$RG")x rg${AG:+, $(ratio "$ED" "$AG")x ast-grep}), --jobs 1 ${ED1} ms, warm ${WARM} ms ($(ratio "$WARM" "$RG")x rg); peak RSS $((RSS / 1024)) MiB; reads $READS (expected $(( (CPP_FILES + 4) / 5 )))"
# The C/C++ frontend's own cost: libclang parse + analysis of each C/C++ file it parsed
# (ENVDRIFT_CPP_PARSE_TIMES names a file the frontend appends `path<TAB>ms` lines to).
TIMES=$WORK/cpp-times.tsv
if ENVDRIFT_CPP_PARSE_TIMES=$TIMES "$BIN" scan --no-cache --jobs 1 "$TREE" >/dev/null 2>&1 && [ -s "$TIMES" ]; then
  sort -t$'\t' -k2 -n "$TIMES" | awk -F'\t' '{ v[NR] = $2; s += $2 } END { printf "C/C++ files parsed: %d, median %.1f ms, max %.1f ms, %.0f ms in all (one core)\n", NR, v[int((NR + 1) / 2)], v[NR], s }'
fi
