#!/usr/bin/env bash
# The package test (run by `scripts/dev.sh test`, so by .ci/run): from an existing build
# directory configured with ENVDRIFT_PORTABLE=ON (no rebuild beyond what is out of date),
#
#   1. cpack writes the .tar.gz and the .deb;
#   2. the archive holds bin/envdrift, the README and, when the build generated them, everything
#      under BUILD/share (completions, man page); it is unpacked outside the source and build trees;
#   3. ldd on the unpacked binary: every library resolves, each one either lies in the unpacked
#      tree (bundled) or belongs to the C/C++ runtime (libc6, libstdc++6, libgcc-s1), and none is
#      a file that only a Debian `-dev` package ships;
#   4. the unpacked envdrift runs `check` on a copy of the demo with an empty LD_LIBRARY_PATH
#      and a minimal environment: exit 1 and the demo's summary line; with the C/C++ frontend,
#      it finds a C++ file's read through the bundled libclang it loads with dlopen (which ldd
#      of the binary cannot show), and ldd on every bundled library resolves;
#   5. the .deb's control fields and file list, and its envdrift run from `dpkg -x`;
#   6. action.yml's install step (scripts/action/install.sh resolve) installs the archive from a
#      file:// release URL and its envdrift runs.
#
# usage: bash tests/package/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD=$(cd "${1:-build}" && pwd)
start=$(date +%s)
fail() { echo "package test: FAIL: $*" >&2; exit 1; }
pass=0
ok() { echo "  ok: $*"; pass=$((pass + 1)); }

grep -q '^ENVDRIFT_PORTABLE:BOOL=ON$' "$BUILD/CMakeCache.txt" ||
  fail "$BUILD is not configured with -DENVDRIFT_PORTABLE=ON (scripts/dev.sh configures build/ so)"

WORK=$(mktemp -d /tmp/envdrift-package.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# 1. cpack, into a directory outside the build tree.
(cd "$BUILD" && cpack -B "$WORK/out" >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; fail "cpack failed"; }
shopt -s nullglob
archives=("$WORK"/out/envdrift-*.tar.gz)
debs=("$WORK"/out/envdrift_*.deb)
shopt -u nullglob
[ ${#archives[@]} -eq 1 ] || fail "expected one .tar.gz in $WORK/out, found: $(ls "$WORK/out")"
[ ${#debs[@]} -eq 1 ] || fail "expected one .deb in $WORK/out, found: $(ls "$WORK/out")"
ok "cpack wrote $(basename "${archives[0]}") ($(du -h "${archives[0]}" | cut -f1)) and $(basename "${debs[0]}")"

# 2. the archive's content, unpacked away from the source and the build tree.
mkdir -p "$WORK/unpacked"
tar -xzf "${archives[0]}" -C "$WORK/unpacked"
top=("$WORK"/unpacked/*)
[ ${#top[@]} -eq 1 ] && [ -d "${top[0]}" ] || fail "the archive must hold one top-level directory"
PREFIX=${top[0]}
[ -x "$PREFIX/bin/envdrift" ] || fail "no bin/envdrift in the archive"
[ -f "$PREFIX/share/doc/envdrift/README.md" ] || fail "no share/doc/envdrift/README.md in the archive"
if [ -d "$BUILD/share" ]; then
  while IFS= read -r f; do
    [ -e "$PREFIX/share/$f" ] || fail "generated share/$f is not in the archive"
  done < <(cd "$BUILD/share" && find . -type f | sed 's|^\./||')
  ok "the archive holds bin/envdrift, the README and the $(cd "$BUILD/share" && find . -type f | wc -l) generated files of share/"
else
  ok "the archive holds bin/envdrift and the README (the build generated nothing under share/)"
fi
! readelf -S "$PREFIX/bin/envdrift" | grep -q '\.debug_info' || fail "bin/envdrift is not stripped"

# 3. ldd: bundled or the C/C++ runtime, nothing from a -dev package.
RUNTIME_PACKAGES='^(libc6|libstdc\+\+6|libgcc-s1)(:[a-z0-9]+)?$'
ldd_out=$(env LD_LIBRARY_PATH= ldd "$PREFIX/bin/envdrift")
echo "$ldd_out" | sed 's/^/    /'
! echo "$ldd_out" | grep -q "not found" || fail "ldd: unresolved libraries"
bundled=0
while read -r soname path; do
  [ -n "$path" ] || continue
  real=$(readlink -f "$path")
  case "$real" in "$PREFIX"/*) bundled=$((bundled + 1)); continue ;; esac
  owners=$(dpkg -S "$real" 2>/dev/null | cut -d: -f1 | tr ',' '\n' | sed 's/ //g' || true)
  [ -n "$owners" ] || owners=$(dpkg -S "$path" 2>/dev/null | cut -d: -f1 | tr ',' '\n' | sed 's/ //g' || true)
  [ -n "$owners" ] || fail "$soname resolves to $real, which no Debian package owns"
  if ! echo "$owners" | grep -qv -- '-dev$'; then fail "$soname resolves to $real, shipped only by $owners"; fi
  echo "$owners" | grep -Eq "$RUNTIME_PACKAGES" ||
    fail "$soname resolves to $real from $(echo "$owners" | tr '\n' ' '): neither bundled nor the C/C++ runtime"
done < <(echo "$ldd_out" | sed -n 's/^[[:space:]]*\([^[:space:]]*\) => \([^[:space:]]*\) .*/\1 \2/p')
ok "ldd: $bundled bundled libraries, the rest from libc6/libstdc++6/libgcc-s1, none from a -dev package"

# 4. the unpacked binary on a copy of the demo: empty LD_LIBRARY_PATH, minimal environment.
cp -r "$ROOT/fixtures/demo" "$WORK/demo"
set +e
env -i PATH=/usr/bin:/bin HOME="$WORK" LD_LIBRARY_PATH= "$PREFIX/bin/envdrift" check "$WORK/demo" >"$WORK/demo.out" 2>"$WORK/demo.err"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$WORK/demo.out" "$WORK/demo.err"; fail "envdrift check on the demo exited $code, expected 1 (drift)"; }
# The summary line the README's demo output shows (one source of truth: the README).
expected=$(grep -m1 -E '^[0-9]+ reads of [0-9]+ variables in [0-9]+ files; ' "$ROOT/README.md") ||
  fail "no demo summary line in README.md"
grep -qxF "$expected" "$WORK/demo.out" ||
  { cat "$WORK/demo.out"; fail "the demo's summary line differs from the README's: $expected"; }
grep -q "SESSION_COOKIE_NAME" "$WORK/demo.out" || fail "the demo's undocumented SESSION_COOKIE_NAME is missing"
ok "unpacked envdrift check on the demo: exit 1 and the README's summary line"

# 4b. libclang is not linked but loaded with dlopen on the first C/C++ file (analyzer/cpp/
# libclang.h), so ldd of the binary does not show it: a C++ file's read proves the bundled copy
# (or, in a build without the C/C++ frontend, nothing) is found with the same empty environment.
if grep -q '^ENVDRIFT_CPP:BOOL=ON$' "$BUILD/CMakeCache.txt"; then
  mkdir -p "$WORK/cpp"
  printf '#include <cstdlib>\nconst char* port() { return std::getenv("PACKAGED_CPP_PORT"); }\n' >"$WORK/cpp/main.cpp"
  env -i PATH=/usr/bin:/bin HOME="$WORK" LD_LIBRARY_PATH= "$PREFIX/bin/envdrift" scan --no-cache "$WORK/cpp" >"$WORK/cpp.out" 2>&1 ||
    { cat "$WORK/cpp.out"; fail "the unpacked envdrift failed on a C++ file"; }
  grep -q "^main.cpp:2:[0-9]* PACKAGED_CPP_PORT \[direct\]" "$WORK/cpp.out" ||
    { cat "$WORK/cpp.out"; fail "the unpacked envdrift did not find the C++ read (libclang not loaded?)"; }
  for lib in "$PREFIX"/lib/*.so*; do
    ! env LD_LIBRARY_PATH= ldd "$lib" | grep -q "not found" || fail "ldd $(basename "$lib"): unresolved libraries"
  done
  ok "unpacked envdrift finds a C++ read through the bundled libclang (dlopen); every bundled library resolves"
fi

# 5. the .deb: Depends from dpkg-shlibdeps, no bundled library, its binary runs.
info=$(dpkg-deb -f "${debs[0]}" Package Version Depends)
echo "$info" | sed 's/^/    /'
echo "$info" | grep -q "^Package: envdrift$" || fail ".deb: wrong Package"
echo "$info" | grep -q "^Depends: .*libc6" || fail ".deb: Depends does not name libc6 (dpkg-shlibdeps did not run?)"
! echo "$info" | grep -q -- '-dev' || fail ".deb depends on a -dev package"
listing=$(dpkg-deb -c "${debs[0]}")
grep -q " \./usr/bin/envdrift$" <<< "$listing" || { echo "$listing"; fail ".deb has no /usr/bin/envdrift"; }
! grep -q " \./usr/lib/lib" <<< "$listing" || fail ".deb carries bundled libraries"
dpkg-deb -x "${debs[0]}" "$WORK/deb"
"$WORK/deb/usr/bin/envdrift" --version >/dev/null || fail ".deb's envdrift does not run"
ok ".deb: Depends from dpkg-shlibdeps, /usr/bin/envdrift runs, nothing bundled"

# 6. action.yml's install step, with the archive as the "published release".
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
out=$WORK/action-output
env -u GITHUB_PATH RUNNER_TOOL_CACHE="$WORK/tools" GITHUB_OUTPUT="$out" INPUT_VERSION="v$version" \
  ENVDRIFT_RELEASE_URL="file://${archives[0]}" bash scripts/action/install.sh resolve >"$WORK/action.log" 2>&1 ||
  { cat "$WORK/action.log"; fail "install.sh resolve failed"; }
grep -q "^mode=release$" "$out" || { cat "$out" "$WORK/action.log"; fail "install.sh did not install the release archive"; }
installed=$(sed -n 's/^prefix=//p' "$out")
"$installed/bin/envdrift" --version | grep -q "$version" || fail "the action's envdrift does not print $version"
ok "action install.sh: the release archive installed into the tool cache and runs"

echo "package test: all $pass checks hold ($(( $(date +%s) - start )) s)"
