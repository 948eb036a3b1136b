#!/usr/bin/env bash
# Run the libFuzzer targets of a build configured with ENVDRIFT_FUZZ=ON (scripts/dev.sh fuzz).
#
#   bash tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#
# Each target (default: all) runs for SECONDS on a corpus seeded from fixtures/ (copied at run
# time), the committed inputs of tests/fuzz/corpus/TARGET/ and its dictionary
# tests/fuzz/TARGET.dict. A hang (-timeout) or balloon (-rss_limit_mb / -malloc_limit_mb) counts
# as a crash. New corpus entries, logs and crash artifacts go to $ENVDRIFT_FUZZ_WORK (default
# BUILD_DIR/fuzz). Exits 1 when any target failed; a reproducer belongs in
# tests/fuzz/corpus/TARGET/ with a regression test (README, "Fuzzing").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
SECS=$2
shift 2
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(typescript python go markdown dotenv json yaml config)
WORK=${ENVDRIFT_FUZZ_WORK:-$BUILD/fuzz}
TIMEOUT=${ENVDRIFT_FUZZ_TIMEOUT:-10}      # seconds one input may take
RSS_MB=${ENVDRIFT_FUZZ_RSS_MB:-2048}      # resident memory of the whole process
MALLOC_MB=${ENVDRIFT_FUZZ_MALLOC_MB:-512} # one allocation
MAX_LEN=${ENVDRIFT_FUZZ_MAX_LEN:-16384}   # input size

# The fixture files each target starts from, found by name.
seed_files() {
  case "$1" in
    typescript) find "$ROOT/fixtures" -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.mts' -o -name '*.cts' \
                  -o -name '*.js' -o -name '*.jsx' -o -name '*.mjs' -o -name '*.cjs' \) ;;
    python) find "$ROOT/fixtures" -type f \( -name '*.py' -o -name '*.pyi' \) ;;
    go) find "$ROOT/fixtures" -type f -name '*.go' ;;
    markdown) find "$ROOT/fixtures" -type f \( -name '*.md' -o -name '*.mdx' -o -name '*.markdown' \) ;;
    dotenv) find "$ROOT/fixtures" -type f \( -name '.env*' -o -name '*.env' -o -name '*.env.*' \) ;;
    json) find "$ROOT/fixtures" -type f -name '*.json' ;;
    yaml) find "$ROOT/fixtures" "$ROOT/examples" -type f \( -name '*.yaml' -o -name '*.yml' \) ;;
    config) find "$ROOT/fixtures" -type f -name '*.toml' ;;
  esac
}

fail=0
summary=()
for t in "${TARGETS[@]}"; do
  bin=$BUILD/tests/fuzz/fuzz_$t
  [ -x "$bin" ] || { echo "run.sh: $bin is missing (build with -DENVDRIFT_FUZZ=ON)" >&2; exit 2; }
  seeds=$WORK/seeds/$t corpus=$WORK/corpus/$t artifacts=$WORK/artifacts/$t log=$WORK/logs/$t.log
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$artifacts" "$WORK/logs"
  while IFS= read -r f; do
    rel=${f#"$ROOT"/}
    cp "$f" "$seeds/${rel//\//__}"
  done < <(seed_files "$t")
  echo "==> fuzz_$t for ${SECS}s ($(ls "$seeds" | wc -l) fixture seeds, log: $log)"
  set +e
  (cd "$artifacts" && "$bin" "$corpus" "$ROOT/tests/fuzz/corpus/$t" "$seeds" \
     -dict="$ROOT/tests/fuzz/$t.dict" -max_total_time="$SECS" -timeout="$TIMEOUT" \
     -rss_limit_mb="$RSS_MB" -malloc_limit_mb="$MALLOC_MB" -max_len="$MAX_LEN" \
     -artifact_prefix="$artifacts/" -print_final_stats=1) >"$log" 2>&1
  rc=$?
  set -e
  # The last status line ("#N DONE cov: C ft: F corp: ...") and the final stats.
  status=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+/execs=\1 /' | cut -c1-80 || true)
  rate=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    summary+=("fuzz_$t: ok   ${status} exec/s=${rate:-?}")
  else
    fail=1
    summary+=("fuzz_$t: FAILED (exit $rc) ${status}; artifacts in $artifacts")
    echo "---- fuzz_$t failed (exit $rc); the end of $log:" >&2
    grep -E 'ERROR|SUMMARY|invariant|Test unit written|==[0-9]+==' "$log" | head -20 >&2 || true
    tail -30 "$log" >&2
  fi
done
printf '%s\n' "${summary[@]}"
exit $fail
