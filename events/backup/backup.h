// Backups of the event log: a consistent copy made while the daemon writes,
// described by a manifest, and restored into a new data directory only after
// it proved intact. Layout of a backup directory (docs/API.md "Backup"):
//
//   manifest.json   format, created_at, position and chain_head of the last
//                   event held, and every file with its size and SHA-256
//   events/...      the RocksDB checkpoint of <data_dir>/events
//
// The views are not backed up: a restore rebuilds them from the log. The
// daemon streams the same files as a tar (GET /v1/admin/backup, ArchiveOrder
// gives the order: manifest.json first).
//
// Thread safety: each function works on its own directories; WriteBackup may
// run while the store appends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "events/store.h"

namespace mrtrack::events {

inline constexpr char kBackupManifest[] = "manifest.json";
inline constexpr char kBackupFormat[] = "mrtrack-backup";
inline constexpr int kBackupFormatVersion = 1;
// Under the data directory: where the daemon stages a backup it streams.
inline constexpr char kBackupStagingDir[] = "backups.tmp";

struct BackupFile {
  std::string path;  // Relative to the backup directory: "events/000012.sst".
  std::uint64_t size = 0;
  std::string sha256;  // Lower-case hex.
};

struct BackupManifest {
  int version = kBackupFormatVersion;
  std::string created_at;  // RFC 3339 UTC.
  std::uint64_t position = 0;  // The last event in the backup (0: an empty log).
  std::string chain_head;      // Its chain hash, hex (64 zeros for an empty log).
  std::vector<BackupFile> files;
};

std::string ManifestToJson(const BackupManifest& manifest);
// kInvalidArgument naming the field for a manifest that is not one of ours.
Result<BackupManifest> ManifestFromJson(const std::string& text);

// Writes a backup of `store` into `dir`, which must not exist: the
// checkpoint under dir/events, then dir/manifest.json (written last and
// fsynced, so a directory with a manifest is complete).
Result<BackupManifest> WriteBackup(const EventStore& store, const std::string& dir, Timestamp now);

// Reads dir/manifest.json and checks that every file it lists is there with
// its size and SHA-256, and that events/ holds no file it does not list.
// kCorruption (field: the file) for a damaged backup.
Result<BackupManifest> CheckBackup(const std::string& dir);

// The files of a backup in the order an archive of it holds them: the
// manifest first (so a reader knows what follows), then the listed files.
std::vector<std::string> ArchiveOrder(const BackupManifest& manifest);

struct RestoreReport {
  BackupManifest manifest;
  std::uint64_t events_verified = 0;
};

// Checks the backup (CheckBackup), copies its events into `events_dir`
// (which must not exist, or be empty), opens the copy, recomputes the hash
// chain from position 1 and compares its head with the manifest. On any
// failure nothing is left at `events_dir`.
Result<RestoreReport> RestoreBackup(const std::string& backup_dir, const std::string& events_dir);

}  // namespace mrtrack::events
