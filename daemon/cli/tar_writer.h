// A POSIX ustar archive writer for the auditor's offline bundle
// (`mrtrack export --with-evidence`, docs/AUDIT.md "Evidence files"): regular
// files only, names of at most 100 bytes, mode 0644, owner 0, a fixed mtime
// given by the caller, so `tar -tvf` and `tar -xf` read it anywhere.
//
// Thread safety: one writer per stream.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "common/status.h"

namespace mrtrack::cli {

class TarWriter {
 public:
  TarWriter(std::ostream& out, std::int64_t mtime) : out_(out), mtime_(mtime) {}

  // kInvalidArgument for a name longer than 100 bytes; kIoError when writing fails.
  Status Add(const std::string& name, std::string_view content);
  // Writes the two zero blocks that end an archive.
  Status Finish();

 private:
  std::ostream& out_;
  std::int64_t mtime_;
};

}  // namespace mrtrack::cli
