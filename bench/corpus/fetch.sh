#!/usr/bin/env bash
# Make the work trees of the corpus at the commits recorded in repos.json.
#
#   bash bench/corpus/fetch.sh [NAME...]
#
# Step 1 (outside this script): obtain a git directory per repository. In this workspace the
# agent tool `fetch github:OWNER/NAME` leaves a bare snapshot at /work/.mirror/OWNER+NAME/repo;
# elsewhere `git clone --bare https://github.com/OWNER/NAME` into $MIRROR_DIR/OWNER+NAME/repo works.
# Step 2 (this script): clone each mirror to ${CORPUS_DIR:-/work/corpus}/NAME (outside the repo),
# check out the recorded commit (detached). Snapshots lack blobs >= 4 MiB: the checkout then
# writes every blob that exists and leaves the missing ones (images, lockfiles) out; envdrift
# never needs them. An existing clone is just moved to the recorded commit.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="${CORPUS_DIR:-/work/corpus}"
mirrors="${MIRROR_DIR:-/work/.mirror}"
mkdir -p "$corpus"

python3 - "$here/repos.json" "$@" <<'PY' | while read -r name repo commit; do
import json, sys
want = sys.argv[2:]
for r in json.load(open(sys.argv[1])):
    if not want or r["name"] in want:
        print(r["name"], r["repo"], r["commit"])
PY
  dest="$corpus/$name"
  mirror="$mirrors/${repo/\//+}/repo"
  if [ ! -d "$dest/.git" ]; then
    if [ ! -d "$mirror" ]; then
      echo "$name: no clone and no mirror at $mirror (fetch github:$repo first)" >&2
      continue
    fi
    git clone --no-hardlinks --no-checkout -q "$mirror" "$dest" || { echo "$name: clone failed" >&2; continue; }
  fi
  if ! git -C "$dest" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "$name: commit $commit not in the clone/mirror (snapshot is older or newer); left as is" >&2
    continue
  fi
  if ! git -C "$dest" -c advice.detachedHead=false checkout -q --detach "$commit" 2>/dev/null; then
    # missing large blobs: check out every path whose blob exists
    git -C "$dest" update-ref --no-deref HEAD "$commit"
    git -C "$dest" read-tree "$commit"
    git -C "$dest" ls-tree -r "$commit" | awk '$2=="blob"{print $3"\t"$4}' |
      while IFS=$'\t' read -r sha path; do
        git -C "$dest" cat-file -e "$sha" 2>/dev/null && printf '%s\n' "$path"
      done | (cd "$dest" && git checkout-index -f -q --stdin)
    echo "$name: checked out $commit without its missing large blobs"
  else
    echo "$name: at $commit"
  fi
done
