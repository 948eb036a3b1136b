#include "analyzer/core/cache.h"

#include "analyzer/core/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <xxhash.h>

namespace envdrift::cache {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'E', 'N', 'V', 'D', 'R', 'C', 'A', 'C'};
// Bump whenever the payload layout or what an entry means changes.
constexpr uint32_t kFormatVersion = 7;  // 2: escapes, handled and candidate lines; 3: minified files; 4: read end columns;
                                        // 5: identifier hashes of prefilter misses; 6: partial parses;
                                        // 7: identifier hashes by idents.cpp's own run hash
constexpr size_t kHeaderSize = sizeof(kMagic) + 4 + 8 + 8;

// ---- hashing -------------------------------------------------------------------------------

class Hasher {
 public:
  Hasher() : state_(XXH3_createState()) { XXH3_64bits_reset(state_); }
  ~Hasher() { XXH3_freeState(state_); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void bytes(std::string_view s) {
    u64(s.size());  // length-prefixed: ("ab","c") and ("a","bc") differ
    XXH3_64bits_update(state_, s.data(), s.size());
  }
  void u64(uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
    XXH3_64bits_update(state_, b, sizeof b);
  }
  uint64_t digest() const { return XXH3_64bits_digest(state_); }

 private:
  XXH3_state_t* state_;
};

// A cache file that is a FIFO or a link to a device is unusable (and rewritten), never read.
bool read_all(const std::string& path, std::string& out) { return read_regular_file(path, out, 1u << 30).ok(); }

// ---- binary writer / reader ------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void i32(int v) { u32(static_cast<uint32_t>(v)); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void ints(const std::vector<int>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (int x : v) i32(x);
  }
  void strs(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }

 private:
  std::string& out_;
};

// Every read is bounds-checked; the first failure sticks and every later read returns zeros.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  uint8_t u8() { return static_cast<uint8_t>(take(1)); }
  uint32_t u32() { return static_cast<uint32_t>(take(4)); }
  uint64_t u64() { return take(8); }
  int i32() { return static_cast<int>(u32()); }
  std::string str() {
    uint32_t n = u32();
    if (!ok_ || n > in_.size() - pos_) return fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items each at least `min_size` bytes long: larger than what is left = corrupt.
  uint32_t count(size_t min_size) {
    uint32_t n = u32();
    if (ok_ && static_cast<uint64_t>(n) * min_size > in_.size() - pos_) fail();
    return ok_ ? n : 0;
  }
  std::vector<int> ints() {
    std::vector<int> v(count(4));
    for (auto& x : v) x = i32();
    return v;
  }
  std::vector<std::string> strs() {
    std::vector<std::string> v(count(4));
    for (auto& s : v) s = str();
    return v;
  }
  // An enum stored as a byte, valid up to `max`.
  template <class E>
  E enumeration(E max) {
    uint8_t v = u8();
    if (v > static_cast<uint8_t>(max)) fail();
    return static_cast<E>(ok_ ? v : 0);
  }
  void fail() { ok_ = false; }

 private:
  uint64_t take(size_t n) {
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += n;
    return v;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void write_read(Writer& w, const EnvRead& r) {
  w.str(r.name);
  w.str(r.file);
  w.i32(r.line);
  w.i32(r.column);
  w.i32(r.end_line);
  w.i32(r.end_column);
  w.u8(static_cast<uint8_t>(r.language));
  w.u8(static_cast<uint8_t>(r.kind));
  w.u8(r.default_value ? 1 : 0);
  if (r.default_value) {
    w.str(r.default_value->raw);
    w.str(r.default_value->value);
    w.u8(r.default_value->comparable ? 1 : 0);
  }
  w.u32(static_cast<uint32_t>(r.via.size()));
  for (const auto& v : r.via) {
    w.str(v.file);
    w.i32(v.line);
    w.str(v.label);
  }
  w.str(r.dynamic_expr);
  w.str(r.dynamic_suffix);
  w.str(r.service);
  w.strs(r.suppressions);
}

EnvRead read_read(Reader& in) {
  EnvRead r;
  r.name = in.str();
  r.file = in.str();
  r.line = in.i32();
  r.column = in.i32();
  r.end_line = in.i32();
  r.end_column = in.i32();
  r.language = in.enumeration(Language::Cpp);
  r.kind = in.enumeration(ReadKind::Dynamic);
  uint8_t has_default = in.u8();
  if (has_default > 1) in.fail();
  if (has_default == 1) {
    DefaultValue d;
    d.raw = in.str();
    d.value = in.str();
    d.comparable = in.u8() != 0;
    r.default_value = std::move(d);
  }
  r.via.resize(in.count(12));
  for (auto& v : r.via) {
    v.file = in.str();
    v.line = in.i32();
    v.label = in.str();
  }
  r.dynamic_expr = in.str();
  r.dynamic_suffix = in.str();
  r.service = in.str();
  r.suppressions = in.strs();
  return r;
}

void write_entry(Writer& w, const std::string& rel, const Entry& e) {
  w.str(rel);
  w.u64(e.hash);
  w.u8(e.uses_project ? 1 : 0);
  w.u32(static_cast<uint32_t>(e.result.reads.size()));
  for (const auto& r : e.result.reads) write_read(w, r);
  w.u32(static_cast<uint32_t>(e.result.diagnostics.size()));
  for (const auto& d : e.result.diagnostics) {
    w.u8(static_cast<uint8_t>(d.severity));
    w.str(d.file);
    w.i32(d.line);
    w.str(d.message);
  }
  w.strs(e.result.read_symbols);
  w.u32(static_cast<uint32_t>(e.result.escapes.size()));
  for (const auto& x : e.result.escapes) {
    w.str(x.file);
    w.i32(x.line);
    w.i32(x.column);
    w.u8(static_cast<uint8_t>(x.language));
    w.str(x.message);
  }
  w.ints(e.result.handled_lines);
  w.ints(e.result.candidate_lines);
  w.u8(e.result.partial ? 1 : 0);
  w.u32(static_cast<uint32_t>(e.result.unparsed_idents.size()));
  for (uint32_t h : e.result.unparsed_idents) w.u32(h);
  w.u32(static_cast<uint32_t>(e.suppressions.size()));
  for (const auto& c : e.suppressions) {
    w.str(c.file);
    w.i32(c.line);
    w.strs(c.kinds);
  }
}

bool read_entry(Reader& in, std::string& rel, Entry& e) {
  rel = in.str();
  e.hash = in.u64();
  uint8_t uses = in.u8();
  if (uses > 1) in.fail();
  e.uses_project = uses == 1;
  e.result.reads.resize(in.count(39));
  for (auto& r : e.result.reads) {
    if (!in.ok()) break;
    r = read_read(in);
  }
  e.result.diagnostics.resize(in.count(13));
  for (auto& d : e.result.diagnostics) {
    d.severity = in.enumeration(Diagnostic::Severity::Error);
    d.file = in.str();
    d.line = in.i32();
    d.message = in.str();
  }
  e.result.read_symbols = in.strs();
  e.result.escapes.resize(in.count(17));
  for (auto& x : e.result.escapes) {
    x.file = in.str();
    x.line = in.i32();
    x.column = in.i32();
    x.language = in.enumeration(Language::Cpp);
    x.message = in.str();
  }
  e.result.handled_lines = in.ints();
  e.result.candidate_lines = in.ints();
  uint8_t partial = in.u8();
  if (partial > 1) in.fail();
  e.result.partial = partial == 1;
  e.result.unparsed_idents.resize(in.count(4));
  for (auto& h : e.result.unparsed_idents) h = in.u32();
  e.suppressions.resize(in.count(12));
  for (auto& c : e.suppressions) {
    c.file = in.str();
    c.line = in.i32();
    c.kinds = in.strs();
  }
  return in.ok();
}

void write_stat(Writer& w, const std::string& rel, const FileStat& f) {
  w.str(rel);
  w.u64(f.dev);
  w.u64(f.ino);
  w.u64(f.size);
  w.u64(static_cast<uint64_t>(f.mtime_ns));
  w.u64(static_cast<uint64_t>(f.ctime_ns));
  w.u64(f.hash);
  w.u8(static_cast<uint8_t>(f.kind));
  w.u64(f.bad_utf8_at);
  w.u32(static_cast<uint32_t>(f.idents.size()));
  for (uint32_t h : f.idents) w.u32(h);
}

bool read_stat(Reader& in, std::string& rel, FileStat& f) {
  rel = in.str();
  f.dev = in.u64();
  f.ino = in.u64();
  f.size = in.u64();
  f.mtime_ns = static_cast<int64_t>(in.u64());
  f.ctime_ns = static_cast<int64_t>(in.u64());
  f.hash = in.u64();
  f.kind = in.enumeration(FileStat::Kind::Minified);
  f.bad_utf8_at = in.u64();
  f.idents.resize(in.count(4));
  for (auto& h : f.idents) h = in.u32();
  return in.ok();
}

std::string hex(uint64_t v) { return fmt::format("{:016x}", v); }

// Where the running binary is and when it was built: a rebuilt envdrift never trusts the
// cache of the previous build, whichever source file changed.
std::string binary_identity() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = '\0';
    struct stat st {};
    if (::stat(buf, &st) == 0)
      return fmt::format("{} dev={} ino={} size={} mtime={}.{:09}", buf, static_cast<uint64_t>(st.st_dev),
                         static_cast<uint64_t>(st.st_ino), static_cast<int64_t>(st.st_size),
                         static_cast<int64_t>(st.st_mtim.tv_sec), static_cast<int64_t>(st.st_mtim.tv_nsec));
  }
  return "built " __DATE__ " " __TIME__;
}

}  // namespace

void fill_stat(const struct ::stat& st, FileStat& out) {
  out.dev = static_cast<uint64_t>(st.st_dev);
  out.ino = static_cast<uint64_t>(st.st_ino);
  out.size = static_cast<uint64_t>(st.st_size);
  out.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  out.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
}

bool stat_unchanged(const FileStat& cached, const FileStat& now, int64_t scan_started_ns) {
  // Two seconds: coarse file-system timestamps (and clock steps) cannot make a later write look
  // like the recorded one. A write cannot set the ctime back.
  constexpr int64_t kRacyWindowNs = 2000000000;
  return cached.dev == now.dev && cached.ino == now.ino && cached.size == now.size &&
         cached.mtime_ns == now.mtime_ns && cached.ctime_ns == now.ctime_ns &&
         cached.ctime_ns < scan_started_ns - kRacyWindowNs;
}

int64_t now_ns() {
  struct timespec ts {};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

uint64_t hash_bytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

const std::vector<std::string_view>& module_config_names() {
  static const std::vector<std::string_view> kNames{"tsconfig.json", "jsconfig.json", "go.mod"};
  return kNames;
}

uint64_t tree_fingerprint(const std::string& root, const std::vector<std::pair<std::string, uint64_t>>& files,
                          const ConfigListing* listing) {
  std::vector<const std::pair<std::string, uint64_t>*> sorted;
  sorted.reserve(files.size());
  std::set<std::string> dirs;  // "" (the root), "a/", "a/b/": each with a trailing slash
  for (const auto& f : files) {
    if (f.first.empty() || f.first.front() == '/') return 0;  // outside the root: cannot be known
    sorted.push_back(&f);
    for (size_t slash = f.first.rfind('/'); slash != std::string::npos && slash > 0;
         slash = f.first.rfind('/', slash - 1)) {
      if (!dirs.insert(f.first.substr(0, slash + 1)).second) break;  // its parents are in already
    }
    dirs.insert("");
  }
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  Hasher h;
  h.bytes("files");
  h.u64(sorted.size());
  for (const auto* f : sorted) {
    h.bytes(f->first);
    h.u64(f->second);
  }
  // Module resolution reads these (tsconfig paths / baseUrl, the Go module path) from the
  // file's directory upward to the root.
  h.bytes("configs");
  std::string base = root;
  if (!base.empty() && base.back() != '/') base += '/';
  for (const auto& d : dirs) {
    bool listed = listing != nullptr && listing->listed_dirs.count(d) > 0;
    for (std::string_view name : module_config_names()) {
      std::string rel = d + std::string(name);
      if (listed && !listing->seen.count(rel)) continue;  // not there when discovery listed it
      std::string path = base + rel;
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) continue;
      h.bytes(rel);
      std::string text;
      if (S_ISREG(st.st_mode) && read_all(path, text)) {
        h.u64(1);
        h.bytes(text);
      } else {
        h.u64(2);  // there, but not a readable file
      }
    }
  }
  uint64_t v = h.digest();
  return v == 0 ? 1 : v;
}

std::string cache_dir(const std::string& configured) {
  if (!configured.empty()) return configured;
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v != nullptr ? std::string(v) : std::string();
  };
  if (std::string d = env("ENVDRIFT_CACHE_DIR"); !d.empty()) return d;
  // XDG: a relative $XDG_CACHE_HOME is invalid and must be ignored.
  if (std::string x = env("XDG_CACHE_HOME"); !x.empty() && x.front() == '/') return x + "/envdrift";
  if (std::string home = env("HOME"); !home.empty()) return home + "/.cache/envdrift";
  return {};
}

std::string cache_file(const std::string& dir, const std::string& root) {
  return (fs::path(dir) / ("scan-" + hex(hash_bytes(root)) + ".bin")).string();
}

bool inside(const std::string& dir, const std::string& root) {
  auto normal = [](const std::string& p) {
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    fs::path canon = fs::weakly_canonical(abs, ec);  // symlinks resolved as far as the path exists
    std::string s = (ec ? abs.lexically_normal() : canon.lexically_normal()).string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  };
  std::string d = normal(dir), r = normal(root);
  if (r == "/") return true;
  return d == r || (d.size() > r.size() && d.compare(0, r.size(), r) == 0 && d[r.size()] == '/');
}

std::string cache_key(const std::string& root, const std::string& salt) {
  return fmt::format("{}\nformat {}\n{}\nroot {}", salt, kFormatVersion, binary_identity(), root);
}

std::string serialize(const std::string& key, const Cache& cache) {
  std::string payload;
  Writer w(payload);
  w.str(key);
  w.u64(cache.fingerprint);
  // Sorted: the same cache always serializes to the same bytes.
  std::vector<const std::pair<const std::string, Entry>*> entries;
  entries.reserve(cache.entries.size());
  for (const auto& e : cache.entries) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  w.u32(static_cast<uint32_t>(entries.size()));
  for (const auto* e : entries) write_entry(w, e->first, e->second);
  w.u64(static_cast<uint64_t>(cache.started_ns));
  std::vector<const std::pair<const std::string, FileStat>*> files;
  files.reserve(cache.files.size());
  for (const auto& f : cache.files) files.push_back(&f);
  std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->first < b->first; });
  w.u32(static_cast<uint32_t>(files.size()));
  for (const auto* f : files) write_stat(w, f->first, f->second);

  std::string out(kMagic, sizeof kMagic);
  Writer h(out);
  h.u32(kFormatVersion);
  h.u64(payload.size());
  h.u64(hash_bytes(payload));
  out += payload;
  return out;
}

bool deserialize(std::string_view data, const std::string& key, Cache& out) {
  out = Cache{};
  if (data.size() < kHeaderSize || data.substr(0, sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) return false;
  Reader header(data.substr(sizeof kMagic, kHeaderSize - sizeof kMagic));
  uint32_t version = header.u32();
  uint64_t size = header.u64();
  uint64_t checksum = header.u64();
  std::string_view payload = data.substr(kHeaderSize);
  if (version != kFormatVersion || size != payload.size() || checksum != hash_bytes(payload)) return false;
  Reader in(payload);
  if (in.str() != key || !in.ok()) return false;
  Cache c;
  c.fingerprint = in.u64();
  uint32_t n = in.count(8);
  c.entries.reserve(n);
  for (uint32_t i = 0; i < n && in.ok(); ++i) {
    std::string rel;
    Entry e;
    if (!read_entry(in, rel, e)) return false;
    c.entries[std::move(rel)] = std::move(e);
  }
  c.started_ns = static_cast<int64_t>(in.u64());
  uint32_t nfiles = in.count(61);
  c.files.reserve(nfiles);
  for (uint32_t i = 0; i < nfiles && in.ok(); ++i) {
    std::string rel;
    FileStat f;
    if (!read_stat(in, rel, f)) return false;
    c.files[std::move(rel)] = f;
  }
  if (!in.ok() || !in.at_end()) return false;
  out = std::move(c);
  return true;
}

bool load(const std::string& path, const std::string& key, Cache& out) {
  out = Cache{};
  std::string data;
  if (!read_all(path, data)) return false;
  return deserialize(data, key, out);
}

bool save(const std::string& path, const std::string& key, const Cache& cache, std::string& error) {
  fs::path p(path);
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) {
    error = fmt::format("cannot create {}: {}", p.parent_path().string(), ec.message());
    return false;
  }
  std::string data = serialize(key, cache);
  std::string tmp = fmt::format("{}.tmp.{}", path, static_cast<long>(::getpid()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = fmt::format("cannot write {}: {}", tmp, std::strerror(errno));
    return false;
  }
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = fmt::format("cannot write {}: {}", tmp, std::strerror(errno));
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    error = fmt::format("cannot write {}: {}", path, std::strerror(errno));
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace envdrift::cache
