#!/usr/bin/env bash
# envdrift's set-up in one script. On a fresh Debian machine (as root, or with sudo):
#
#   bash scripts/dev.sh demo   install what is missing, build, run `envdrift check` on the demo
#   bash scripts/dev.sh test   install what is missing, build, run the whole test suite, then
#                              rebuild with AddressSanitizer + UBSan and run it again
#
# Options: --no-sanitize (test: skip the sanitizer pass), --no-install (skip apt/npm).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=${1:-}
shift || true
SANITIZE=1
INSTALL=1
for arg in "$@"; do
  case "$arg" in
    --no-sanitize) SANITIZE=0 ;;
    --no-install) INSTALL=0 ;;
    *) echo "dev.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
case "$MODE" in demo|test|build) ;; *)
  echo "usage: bash scripts/dev.sh demo|test [--no-sanitize] [--no-install]" >&2; exit 2 ;;
esac

# Debian packages the build, the tests and the demo need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache ripgrep
  libclang-dev nlohmann-json3-dev libfmt-dev catch2 libcli11-dev libtomlplusplus-dev
  libmd4c-dev libgit2-dev libxxhash-dev libyaml-cpp-dev
  chromium
)

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
  # The SARIF multitool whose `validate` checks the SARIF output against the 2.1.0 schema in the
  # tests (its install script only marks the binary executable, so that is done here).
  if [ ! -f tests/sarif/node_modules/.package-lock.json ] || ! cmp -s tests/sarif/package-lock.json tests/sarif/node_modules/.lock-stamp 2>/dev/null; then
    echo "==> installing the SARIF multitool (npm ci in tests/sarif)"
    (cd tests/sarif && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    chmod u+x tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
    cp tests/sarif/package-lock.json tests/sarif/node_modules/.lock-stamp
  fi
}

LAUNCHER=()
if command -v ccache >/dev/null; then
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  echo "==> building in $dir"
  cmake -S "$ROOT" -B "$dir" -G Ninja "${LAUNCHER[@]}" "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

[ "$INSTALL" = 1 ] && install_deps

case "$MODE" in
  build)
    build build -DENVDRIFT_TESTS=ON
    ;;
  demo)
    build build -DENVDRIFT_TESTS=OFF
    echo "==> envdrift check fixtures/demo"
    set +e
    ./build/cli/envdrift check fixtures/demo
    code=$?
    set -e
    echo "==> exit code $code (1 = drift found, which is what the demo is built to show)"
    [ "$code" -eq 1 ]
    ;;
  test)
    build build -DENVDRIFT_TESTS=ON
    echo "==> running the test suite"
    ctest --test-dir build --output-on-failure -j "$(nproc)"
    if [ "$SANITIZE" = 1 ]; then
      build build-asan -DENVDRIFT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
      echo "==> running the test suite under AddressSanitizer + UBSan"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
    fi
    ;;
esac
