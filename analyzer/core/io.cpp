#include "analyzer/core/io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

}  // namespace envdrift
