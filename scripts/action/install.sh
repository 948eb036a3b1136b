#!/usr/bin/env bash
# The install half of action.yml (README "Use it in CI"). Two steps:
#
#   install.sh resolve   choose what to install: the release archive named by INPUT_VERSION (or by
#                        the action's own ref, `uses: …@v0.1.0`); when it is downloaded, install it
#                        and say mode=release; otherwise say mode=source with the prefix and a cache
#                        key made of the source hash, the OS and the architecture
#   install.sh build     mode=source after a cache miss: `scripts/dev.sh package` on the action's
#                        own checkout, and install the archive it writes
#
# Inputs (environment): INPUT_VERSION ("", "0.1.0", "v0.1.0", "latest" or "source"), ACTION_PATH
# (the action's checkout), ACTION_REF, ACTION_REPOSITORY, GH_TOKEN (for "latest"), and
# ENVDRIFT_RELEASE_URL, which replaces the GitHub release URL (a mirror, or file:// in the tests).
# Outputs go to $GITHUB_OUTPUT; the prefix's bin/ goes to $GITHUB_PATH.
set -euo pipefail

ACTION_PATH=${ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}
GITHUB_OUTPUT=${GITHUB_OUTPUT:-/dev/stdout}
GITHUB_PATH=${GITHUB_PATH:-/dev/null}
ARCH=$(uname -m)
TOOLS=${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/envdrift

notice() { echo "::notice title=envdrift::$*"; }

# The owner/name hosting the action: the context when the runner fills it (it is empty in some
# composite-action contexts), else the path the runner checked it out to (_actions/OWNER/NAME/REF).
repository() {
  if [ -n "${ACTION_REPOSITORY:-}" ]; then echo "$ACTION_REPOSITORY"; return; fi
  case "$ACTION_PATH" in
    */_actions/*/*/*) local p=${ACTION_PATH#*/_actions/}; echo "${p%%/*}/$(echo "$p" | cut -d/ -f2)" ;;
    *) echo "" ;;
  esac
}

# "v0.1.0" / "0.1.0" -> 0.1.0; "" -> the action ref when it is a version tag, else "source".
wanted_version() {
  local v=${INPUT_VERSION:-}
  if [ -z "$v" ]; then
    if [[ "${ACTION_REF:-}" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.-]+)?$ ]]; then v=$ACTION_REF; else v=source; fi
  fi
  if [ "$v" = latest ]; then
    local repo; repo=$(repository)
    v=$(curl -fsSL ${GH_TOKEN:+-H "Authorization: Bearer $GH_TOKEN"} \
          "https://api.github.com/repos/$repo/releases/latest" 2>/dev/null |
        sed -n 's/^ *"tag_name": *"\([^"]*\)".*/\1/p' | head -1) || true
    [ -n "$v" ] || { notice "no published release of $repo found; building from source"; v=source; }
  fi
  echo "${v#v}"
}

# Unpack ARCHIVE into PREFIX (its top-level directory stripped) and check the binary runs.
install_archive() {
  local archive=$1 prefix=$2
  rm -rf "$prefix" && mkdir -p "$prefix"
  tar -xzf "$archive" -C "$prefix" --strip-components=1
  "$prefix/bin/envdrift" --version >/dev/null
}

source_hash() {
  (cd "$ACTION_PATH" &&
   find CMakeLists.txt cmake analyzer cli grammars/package-lock.json grammars/CMakeLists.txt \
        registry reports scripts/dev.sh -type f -not -path '*/node_modules/*' -print0 2>/dev/null |
   sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
}

os_id() { (. /etc/os-release 2>/dev/null && echo "${ID:-linux}-${VERSION_ID:-0}") || echo linux; }

if [ "$(uname -s)" != Linux ]; then
  echo "::error title=envdrift::the envdrift action runs on Linux runners (runs-on: ubuntu-latest); this is $(uname -s)"
  exit 1
fi

case "${1:-}" in
  resolve)
    version=$(wanted_version)
    if [ "$version" != source ]; then
      prefix=$TOOLS/$version-$ARCH
      if [ -x "$prefix/bin/envdrift" ] && "$prefix/bin/envdrift" --version >/dev/null 2>&1; then
        echo "envdrift $version is already installed in $prefix"   # an earlier step of this job
        { echo "mode=release"; echo "prefix=$prefix"; } >> "$GITHUB_OUTPUT"
        echo "$prefix/bin" >> "$GITHUB_PATH"
        exit 0
      fi
      url=${ENVDRIFT_RELEASE_URL:-https://github.com/$(repository)/releases/download/v$version/envdrift-$version-linux-$ARCH.tar.gz}
      tmp=$(mktemp -d)
      if curl -fsSL --retry 3 -o "$tmp/envdrift.tar.gz" "$url"; then
        install_archive "$tmp/envdrift.tar.gz" "$prefix"
        rm -rf "$tmp"
        echo "installed envdrift $version from $url"
        { echo "mode=release"; echo "prefix=$prefix"; } >> "$GITHUB_OUTPUT"
        echo "$prefix/bin" >> "$GITHUB_PATH"
        exit 0
      fi
      rm -rf "$tmp"
      notice "no release archive at $url; building envdrift from the action's source instead"
    fi
    hash=$(source_hash)
    prefix=$TOOLS/src-$hash-$ARCH
    if [ -x "$prefix/bin/envdrift" ] && "$prefix/bin/envdrift" --version >/dev/null 2>&1; then
      echo "envdrift (source $hash) is already built in $prefix"
      { echo "mode=installed"; echo "prefix=$prefix"; } >> "$GITHUB_OUTPUT"
      echo "$prefix/bin" >> "$GITHUB_PATH"
      exit 0
    fi
    { echo "mode=source"; echo "prefix=$prefix"; echo "cache-key=envdrift-$(os_id)-$ARCH-$hash"; } >> "$GITHUB_OUTPUT"
    echo "$prefix/bin" >> "$GITHUB_PATH"
    ;;
  build)
    prefix=${PREFIX:?PREFIX: the prefix output of the resolve step}
    bash "$ACTION_PATH/scripts/dev.sh" package
    install_archive "$(ls "$ACTION_PATH"/build-release/envdrift-*.tar.gz | head -1)" "$prefix"
    ;;
  *) echo "usage: install.sh resolve|build" >&2; exit 2 ;;
esac
