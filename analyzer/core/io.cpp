#include "analyzer/core/io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace envdrift {

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "is a character device";
  if (S_ISBLK(mode)) return "is a block device";
  if (S_ISSOCK(mode)) return "is a socket";
  return "is not a regular file";
}

}  // namespace

std::string human_size(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1u << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1u << 20));
  if (bytes >= 1024) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{} bytes", bytes);
}

ReadResult read_regular_file(const std::string& path, std::string& out, size_t max_bytes) {
  ReadResult r;
  out.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    r.status = e == ENOENT || e == ENOTDIR ? ReadStatus::NotFound : ReadStatus::Error;
    r.error = e == EACCES ? "permission denied" : std::strerror(e);
    if (e == ENXIO) {  // a socket, or a FIFO without a writer on some systems
      r.status = ReadStatus::NotRegular;
      r.error = "is not a regular file";
    }
    return r;
  }
  if (::fstat(fd, &r.st) != 0) {
    r.status = ReadStatus::Error;
    r.error = std::strerror(errno);
    ::close(fd);
    return r;
  }
  if (!S_ISREG(r.st.st_mode)) {
    r.status = ReadStatus::NotRegular;
    r.error = kind_of(r.st.st_mode);
    ::close(fd);
    return r;
  }
  size_t size = r.st.st_size > 0 ? static_cast<size_t>(r.st.st_size) : 0;
  if (size > max_bytes) {
    r.status = ReadStatus::TooLarge;
    r.error = fmt::format("{}, over the {} cap", human_size(size), human_size(max_bytes));
    ::close(fd);
    return r;
  }
  out.resize(size + 1);  // one byte more: a file that grew since the fstat is noticed
  size_t have = 0;
  for (;;) {
    if (have == out.size()) {
      if (have > max_bytes) {  // grew past the cap while being read
        r.status = ReadStatus::TooLarge;
        r.error = fmt::format("grew past the {} cap while being read", human_size(max_bytes));
        ::close(fd);
        out.clear();
        return r;
      }
      out.resize(std::min(out.size() * 2 + 4096, max_bytes + 1));
    }
    ssize_t n = ::read(fd, out.data() + have, out.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.status = ReadStatus::Error;
      r.error = errno == EISDIR ? "is a directory" : std::strerror(errno);
      ::close(fd);
      out.clear();
      return r;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(have);
  return r;
}

size_t invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Source text is mostly ASCII: a word without a high bit is skipped whole.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace envdrift
