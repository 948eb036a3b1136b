// Reading files the scan did not create (sources, registries, the config, the cache, baselines)
// under one rule (issue 18): only regular files are read, after following symlinks, and never
// more than a size cap. A FIFO, a device, a socket or a directory is refused without blocking
// (opened with O_NONBLOCK, checked with fstat before any read), so a `mkfifo x.ts` or a
// `ln -s /dev/zero x.ts` can neither hang nor exhaust memory.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace envdrift {

// The default size cap of a file the scan reads (`max_file_size` in the config).
inline constexpr size_t kDefaultMaxFileSize = 16u << 20;

enum class ReadStatus {
  Ok,
  NotFound,    // ENOENT / ENOTDIR
  NotRegular,  // a directory, FIFO, device or socket (after following symlinks)
  TooLarge,    // larger than the cap
  Error,       // another open/read error (EACCES, EIO, ...): `error` says which
};

struct ReadResult {
  ReadStatus status = ReadStatus::Ok;
  std::string error;  // for messages: "permission denied", "is a FIFO", "17 MiB, over the 16 MiB cap"
  struct stat st {};  // the file's stat data (Ok, TooLarge, NotRegular)
  bool ok() const { return status == ReadStatus::Ok; }
};

ReadResult read_regular_file(const std::string& path, std::string& out, size_t max_bytes = kDefaultMaxFileSize);

// "12 MiB", "800 KiB", "512 bytes".
std::string human_size(size_t bytes);

// Offset of the first byte that does not start a well-formed UTF-8 lead + continuation
// sequence (a lead byte of 2-4 bytes followed by as many continuation bytes), or npos. ASCII is
// skipped eight bytes at a time.
size_t invalid_utf8_at(std::string_view s);

}  // namespace envdrift
