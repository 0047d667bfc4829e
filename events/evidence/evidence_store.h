// EvidenceStore: evidence files stored content-addressed beside the log, in
// <data_dir>/evidence/ (DESIGN.md "Evidence"; docs/AUDIT.md "Evidence").
//
// Layout (a stored contract, like events/FORMAT.md):
//   <dir>/<sha256>        the file's bytes; the name is the lower-case hex SHA-256 of them
//   <dir>/<sha256>.json   {"name", "media_type", "size"} of the latest upload of those bytes
//   <dir>/tmp/            uploads being written (removed on success; leftovers are harmless)
// Events refer to a file by its SHA-256 together with name, media type and
// size (events::EvidenceRef), so the hash chain of the log covers the
// evidence and Check() can prove a file unaltered.
//
// Durability: Put() writes the bytes to a temporary file, fsyncs it, renames
// it to its name and fsyncs the directory (the same for the .json), so a file
// whose answer was sent survives a crash; a crash before that leaves at most
// a file in tmp/.
//
// Thread safety: safe for concurrent use (content addressing makes two
// uploads of the same bytes write the same file; renames are atomic).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "events/domain/workflow_state.h"

namespace mrtrack::events {

// Media types evidence may have: PDF, images, office documents (Microsoft and
// OpenDocument), text, CSV. Parameters (";charset=...") are ignored.
bool IsEvidenceMediaType(std::string_view media_type);

class EvidenceStore {
 public:
  // Opens (with `create`, making) the directory.
  // Errors: kIoError when it cannot be made or read.
  static Result<std::unique_ptr<EvidenceStore>> Open(const std::string& dir, bool create = true);

  const std::string& dir() const { return dir_; }

  // Stores `bytes` uploaded as `name` with `media_type`. Errors:
  // kInvalidArgument (field "name") for an empty name, one with '/', '\\' or
  // control characters, or longer than 255 bytes; kUnsupportedMediaType
  // (field "Content-Type") for a media type that is not evidence, or bytes
  // that are a program (LooksExecutable) whatever the type says;
  // kIoError when writing fails (nothing is left under its name).
  Result<EvidenceRef> Put(std::string_view bytes, std::string_view name, std::string_view media_type);

  // The same for an upload already written to the file `path` (an HTTP body
  // streamed to disk, never held in memory): hashed in pieces, fsynced and
  // renamed to its name, so it must be on the store's filesystem (tmp/). The
  // file is gone afterwards, whatever the outcome. Errors as Put's.
  Result<EvidenceRef> Adopt(const std::string& path, std::string_view name, std::string_view media_type);

  // Where uploads are streamed to before Adopt: <dir>/tmp.
  std::string UploadDir() const { return dir_ + "/tmp"; }

  // The latest upload's description of the file `sha256`.
  // kInvalidArgument for a malformed hash (field "sha256"), kNotFound when absent.
  Result<EvidenceRef> Find(std::string_view sha256) const;

  // The file's bytes (kNotFound when absent).
  Result<std::string> Read(std::string_view sha256) const;

  // Whether the stored file still is what `ref` says: kNotFound "missing",
  // kCorruption "altered" (its bytes hash to another value or have another size).
  Status Check(const EvidenceRef& ref) const;

  // The path of the file `sha256` (it may not exist).
  std::string PathOf(std::string_view sha256) const;

 private:
  explicit EvidenceStore(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;  // Constant after Open.
};

// Whether `bytes` start like a program: ELF, PE ("MZ"), Mach-O or a "#!" script.
bool LooksExecutable(std::string_view bytes);

}  // namespace mrtrack::events
