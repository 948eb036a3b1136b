// The content-hash cache of per-file results (SPEC section 7: a re-run on an unchanged tree is
// at least 5x faster; `--no-cache` turns it off).
//
// One file per scan root, outside the scanned tree: `$ENVDRIFT_CACHE_DIR`, else
// `$XDG_CACHE_HOME/envdrift`, else `$HOME/.cache/envdrift`. It maps each parsed file (by path
// relative to the root) to the XXH3-64 of its bytes and what the driver kept from its
// extraction. An entry is trusted when the file's hash matches and either its extraction never
// looked at the rest of the project, or the tree fingerprint (every source file's path and
// hash, plus the tsconfig/jsconfig/go.mod files module resolution reads) is unchanged. The
// whole file is keyed by envdrift's version, the binary's identity and the root: a new build
// never trusts an old cache. Anything missing, truncated, corrupt or from another key is
// ignored (and rewritten after the scan). It also records every file's stat data (see
// FileStat): a file whose stat data did not change is not even read again.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyzer/core/suppress.h"
#include "analyzer/core/syntax.h"

namespace envdrift::cache {

struct Entry {
  uint64_t hash = 0;           // XXH3-64 of the file's bytes when it was analyzed
  bool uses_project = false;   // its extraction consulted other files (imports, go.mod, tsconfig)
  FileResult result;           // reads (suppressions attached), diagnostics, read_symbols
  std::vector<SuppressionComment> suppressions;
};

// What pass 1 learned of a file from its bytes, with the stat data it had when read. On a
// re-run, a file whose stat data are unchanged and whose ctime is well before the previous scan
// started (the "racy git" rule: a write during or just before that scan may share its
// timestamps) is not read again: its hash and this outcome stand.
struct FileStat {
  enum class Kind : uint8_t { Binary, BadUtf8, PrefilterMiss, PrefilterHit, Minified };
  uint64_t dev = 0, ino = 0, size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
  uint64_t hash = 0;
  Kind kind = Kind::PrefilterMiss;
  uint64_t bad_utf8_at = 0;  // Kind::BadUtf8: the offset the note names; Kind::Minified: the long line's length
  std::vector<uint32_t> idents;  // Kind::PrefilterMiss: identifier_hashes() of its bytes (pass 2 asks them)
  bool operator==(const FileStat&) const = default;
};

// The stat data of an open file (FileStat::hash / kind left as they are).
void fill_stat(const struct ::stat& st, FileStat& out);
// `now` describes the same file as `cached`, and `cached` was taken long enough before the scan
// that recorded it (`scan_started_ns`) for an unchanged stat to mean unchanged bytes.
bool stat_unchanged(const FileStat& cached, const FileStat& now, int64_t scan_started_ns);
// Nanoseconds since the epoch (the clock file timestamps use).
int64_t now_ns();

struct Cache {
  uint64_t fingerprint = 0;  // tree fingerprint of the scan that wrote it (0 = unknown)
  int64_t started_ns = 0;    // when that scan started (now_ns)
  std::unordered_map<std::string, Entry> entries;  // by path relative to the root
  std::unordered_map<std::string, FileStat> files;  // every file pass 1 read, by path
};

// XXH3-64 of `bytes`.
uint64_t hash_bytes(std::string_view bytes);

// The hash recorded for a file that could not be read (part of the tree fingerprint).
constexpr uint64_t kUnreadable = 0x756e7265616461ULL;

// The fingerprint of a tree: (rel, hash) of every discovered source file (sorted by rel), and
// the bytes of each tsconfig.json / jsconfig.json / go.mod in a directory holding a source file
// or above one, up to the root. 0 when it cannot be known (a file outside the root).
// `listing` (optional): what discovery saw of those names in the directories it listed, so that
// only the ones it saw are opened there (a directory it did not list is probed on disk).
struct ConfigListing {
  std::unordered_set<std::string> listed_dirs;  // "" (the root), "a/", "a/b/": trailing slash
  std::unordered_set<std::string> seen;         // "a/go.mod": entries with a module_config_names name
};
uint64_t tree_fingerprint(const std::string& root, const std::vector<std::pair<std::string, uint64_t>>& files,
                          const ConfigListing* listing = nullptr);

// The file names tree_fingerprint reads in every directory: tsconfig.json, jsconfig.json, go.mod.
const std::vector<std::string_view>& module_config_names();

// The cache directory: `configured` if not empty, else from the environment (see above); ""
// when none can be found.
std::string cache_dir(const std::string& configured);
// The cache file of `root` in `dir`.
std::string cache_file(const std::string& dir, const std::string& root);
// True when `dir` is `root` or inside it (a cache there would pollute the scanned tree).
bool inside(const std::string& dir, const std::string& root);
// The key a cache file must carry: `salt` (envdrift's version), the running binary's identity
// (path, size, mtime) and the root.
std::string cache_key(const std::string& root, const std::string& salt);

// The binary form (magic, format version, payload length and checksum, then the payload).
std::string serialize(const std::string& key, const Cache& cache);
// False (and `out` empty) for anything that is not a complete cache written with `key`.
bool deserialize(std::string_view data, const std::string& key, Cache& out);

// Read `path`; false (and `out` empty) when missing or unusable.
bool load(const std::string& path, const std::string& key, Cache& out);
// Write atomically (a temporary file in the same directory, then rename), creating the
// directory. False with `error` set when it cannot be written.
bool save(const std::string& path, const std::string& key, const Cache& cache, std::string& error);

}  // namespace envdrift::cache
