// Tar archives (POSIX ustar) of regular files, written and read as streams,
// for backups: the daemon streams one (GET /v1/admin/backup) and `mrtrack
// backup` unpacks it as it arrives, never holding a whole archive in memory.
//
// Only what a backup needs: regular files (and the directories on their
// paths) with relative names of at most 99 bytes made of [A-Za-z0-9._-] and
// '/'. TarExtractor refuses anything else (links, devices, absolute paths,
// "..", names outside that set) with a clear error, so an archive from an
// untrusted server cannot write outside its directory.
//
// Thread safety: a TarExtractor is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mrtrack {

inline constexpr std::size_t kTarBlock = 512;

// The header block of a regular file of `size` bytes (mode 0644, `mtime` in
// seconds since the epoch). kInvalidArgument for a path tar or
// TarExtractor would refuse.
Result<std::string> TarFileHeader(std::string_view path, std::uint64_t size, std::int64_t mtime);
// The zeros after a file's content up to the next block.
std::string TarPadding(std::uint64_t size);
// The end of an archive: two zero blocks.
std::string TarEnd();

// Unpacks an archive fed piece by piece into `dir` (created if missing).
// Files are written as they arrive and fsynced when complete. Errors are
// sticky: after one, Feed and Finish return it again.
class TarExtractor {
 public:
  explicit TarExtractor(std::string dir);
  ~TarExtractor();
  TarExtractor(const TarExtractor&) = delete;
  TarExtractor& operator=(const TarExtractor&) = delete;

  Status Feed(std::string_view bytes);
  // kCorruption when the archive ended inside a file or before its end blocks.
  Status Finish();
  // The paths written, relative to dir, in archive order.
  const std::vector<std::string>& files() const { return files_; }

 private:
  Status Header(std::string_view block);
  Status OpenFile(const std::string& path);
  Status CloseFile();
  Status Fail(Status status);

  std::string dir_;
  Status error_;
  std::string block_;             // A header being collected.
  std::uint64_t remaining_ = 0;   // Content bytes of the current file still to come.
  std::uint64_t padding_ = 0;     // Padding bytes still to skip after it.
  int fd_ = -1;                   // The file being written.
  std::string current_;           // Its path, for messages.
  int zero_blocks_ = 0;           // End blocks seen.
  std::uint64_t offset_ = 0;      // Bytes of the archive consumed, for messages.
  std::vector<std::string> files_;
};

// Checks a relative path a backup may hold (see the file comment).
Status CheckArchivePath(std::string_view path);

}  // namespace mrtrack
