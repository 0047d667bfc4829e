#include "events/backup/backup.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/crypto.h"
#include "common/tar.h"
#include "common/time.h"
#include "events/store_checkpoint.h"

namespace mrtrack::events {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kEventsDir[] = "events";

std::string ErrnoText() { return std::strerror(errno); }

// Size and SHA-256 of dir/path, read in 1 MiB pieces.
Result<BackupFile> HashFile(const std::string& dir, const std::string& path) {
  const std::string full = dir + "/" + path;
  int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot read '" + full + "': " + ErrnoText(), path);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  BackupFile file{path, 0, ""};
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error = IoError("reading '" + full + "': " + ErrnoText(), path);
      ::close(fd);
      return error;
    }
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(n));
    file.size += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  Sha256Digest digest{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &len);
  file.sha256 = HexEncode(digest);
  return file;
}

Status SyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open '" + path + "' to sync it: " + ErrnoText(), path);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("syncing '" + path + "': " + ErrnoText(), path);
  return Status::Ok();
}

// RocksDB's own log and lock files: made by opening the copy, never needed
// to open it again, and not part of a backup.
bool IsRocksHousekeeping(const std::string& name) {
  return name == "LOCK" || name == "LOG" || name.rfind("LOG.old.", 0) == 0;
}

// Relative paths of the regular files under dir/events, sorted.
Result<std::vector<std::string>> EventFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / kEventsDir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file()) return Corruption("'" + std::string(kEventsDir) + "/" + name + "' is not a file");
    out.push_back(std::string(kEventsDir) + "/" + name);
  }
  if (ec) return IoError("cannot list '" + dir + "/" + kEventsDir + "': " + ec.message(), kEventsDir);
  std::sort(out.begin(), out.end());
  return out;
}

Status WriteFileSynced(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create '" + path + "': " + ErrnoText(), path);
  std::string_view rest = content;
  while (!rest.empty()) {
    ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error = IoError("writing '" + path + "': " + ErrnoText(), path);
      ::close(fd);
      return error;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("syncing '" + path + "': " + ErrnoText(), path);
  return Status::Ok();
}

}  // namespace

std::string ManifestToJson(const BackupManifest& m) {
  json files = json::array();
  for (const auto& f : m.files) files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  json doc = {{"format", kBackupFormat}, {"version", m.version},   {"created_at", m.created_at},
              {"position", m.position},  {"chain_head", m.chain_head}, {"files", files}};
  return doc.dump(2) + "\n";
}

Result<BackupManifest> ManifestFromJson(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return InvalidArgument("the manifest is not a JSON object", kBackupManifest);
  if (doc.value("format", "") != kBackupFormat) {
    return InvalidArgument("not an mrtrack backup manifest (format is not \"" + std::string(kBackupFormat) + "\")",
                           "format");
  }
  BackupManifest m;
  if (!doc.contains("version") || !doc["version"].is_number_integer()) return InvalidArgument("missing", "version");
  m.version = doc["version"].get<int>();
  if (m.version > kBackupFormatVersion) {
    return InvalidArgument("backup format version " + std::to_string(m.version) + " is newer than this mrtrack (" +
                               std::to_string(kBackupFormatVersion) + "): restore it with a newer mrtrack",
                           "version");
  }
  if (!doc.contains("position") || !doc["position"].is_number_unsigned()) return InvalidArgument("missing", "position");
  m.position = doc["position"].get<std::uint64_t>();
  if (!doc.contains("chain_head") || !doc["chain_head"].is_string()) return InvalidArgument("missing", "chain_head");
  m.chain_head = doc["chain_head"].get<std::string>();
  auto head = HexDecode(m.chain_head);
  if (!head.ok() || head->size() != 32) return InvalidArgument("not 64 hex digits", "chain_head");
  m.created_at = doc.value("created_at", "");
  if (!doc.contains("files") || !doc["files"].is_array()) return InvalidArgument("missing", "files");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < doc["files"].size(); ++i) {
    const json& f = doc["files"][i];
    const std::string where = "files[" + std::to_string(i) + "]";
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("size") ||
        !f["size"].is_number_unsigned() || !f.contains("sha256") || !f["sha256"].is_string()) {
      return InvalidArgument("needs path, size and sha256", where);
    }
    BackupFile file{f["path"].get<std::string>(), f["size"].get<std::uint64_t>(), f["sha256"].get<std::string>()};
    if (Status path = CheckArchivePath(file.path); !path.ok() || file.path.rfind("events/", 0) != 0) {
      return InvalidArgument("path '" + file.path + "' is not a file under events/", where + ".path");
    }
    if (!seen.insert(file.path).second) return InvalidArgument("'" + file.path + "' is listed twice", where + ".path");
    m.files.push_back(std::move(file));
  }
  return m;
}

Result<BackupManifest> WriteBackup(const EventStore& store, const std::string& dir, Timestamp now) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return FailedPrecondition("'" + dir + "' exists already: back up into a new directory", dir);
  fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create '" + dir + "': " + ec.message(), dir);
  auto fail = [&](Status status) {
    fs::remove_all(dir, ec);
    return status.WithContext("backup into '" + dir + "'");
  };
  auto head = CheckpointStore(store, dir + "/" + kEventsDir);
  if (!head.ok()) return fail(head.status());
  BackupManifest m;
  m.created_at = FormatTimestamp(now);
  m.position = head->position;
  m.chain_head = HexEncode(head->chain_head);
  // Opening the copy to read its head left RocksDB's own log there.
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / kEventsDir, ec)) {
    if (IsRocksHousekeeping(entry.path().filename().string())) fs::remove(entry.path(), ec);
  }
  auto files = EventFiles(dir);
  if (!files.ok()) return fail(files.status());
  for (const auto& path : *files) {
    auto file = HashFile(dir, path);
    if (!file.ok()) return fail(file.status());
    m.files.push_back(std::move(file).value());
  }
  for (const auto& file : m.files) {
    if (Status synced = SyncPath(dir + "/" + file.path, false); !synced.ok()) return fail(synced);
  }
  if (Status synced = SyncPath(dir + "/" + kEventsDir, true); !synced.ok()) return fail(synced);
  if (Status written = WriteFileSynced(dir + "/" + kBackupManifest, ManifestToJson(m)); !written.ok()) {
    return fail(written);
  }
  if (Status synced = SyncPath(dir, true); !synced.ok()) return fail(synced);
  return m;
}

Result<BackupManifest> CheckBackup(const std::string& dir) {
  std::ifstream in(dir + "/" + kBackupManifest, std::ios::binary);
  if (!in) return NotFound("'" + dir + "' holds no " + kBackupManifest + ": not a backup, or an incomplete one", dir);
  std::stringstream text;
  text << in.rdbuf();
  auto manifest = ManifestFromJson(text.str());
  if (!manifest.ok()) {
    return Status(manifest.status().code(), std::string(kBackupManifest) + ": " + manifest.status().message(),
                  manifest.status().field());
  }
  std::set<std::string> listed;
  for (const auto& want : manifest->files) {
    listed.insert(want.path);
    auto have = HashFile(dir, want.path);
    if (!have.ok()) return Corruption("'" + want.path + "' is missing or unreadable: " + have.status().message(), want.path);
    if (have->size != want.size) {
      return Corruption("'" + want.path + "' has " + std::to_string(have->size) + " bytes, the manifest says " +
                            std::to_string(want.size),
                        want.path);
    }
    if (have->sha256 != want.sha256) return Corruption("'" + want.path + "' does not match its SHA-256", want.path);
  }
  MRTRACK_ASSIGN_OR_RETURN(auto present, EventFiles(dir));
  for (const auto& path : present) {
    if (listed.count(path) == 0) return Corruption("'" + path + "' is not in the manifest", path);
  }
  return manifest;
}

std::vector<std::string> ArchiveOrder(const BackupManifest& manifest) {
  std::vector<std::string> order{kBackupManifest};
  for (const auto& f : manifest.files) order.push_back(f.path);
  return order;
}

Result<RestoreReport> RestoreBackup(const std::string& backup_dir, const std::string& events_dir) {
  MRTRACK_ASSIGN_OR_RETURN(BackupManifest manifest, CheckBackup(backup_dir));
  std::error_code ec;
  if (fs::exists(events_dir, ec) && !fs::is_empty(events_dir, ec)) {
    return FailedPrecondition("'" + events_dir + "' holds a log already: restore into an empty data directory",
                              events_dir);
  }
  const std::string staging = events_dir + ".restoring";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return IoError("cannot create '" + staging + "': " + ec.message(), staging);
  auto fail = [&](Status status) {
    fs::remove_all(staging, ec);
    return status.WithContext("restore into '" + events_dir + "'");
  };
  for (const auto& file : manifest.files) {
    const std::string to = staging + "/" + fs::path(file.path).filename().string();
    fs::copy_file(backup_dir + "/" + file.path, to, ec);
    if (ec) return fail(IoError("copying '" + file.path + "': " + ec.message(), file.path));
    if (Status synced = SyncPath(to, false); !synced.ok()) return fail(synced);
  }
  if (Status synced = SyncPath(staging, true); !synced.ok()) return fail(synced);

  RestoreReport report;
  {
    StoreOptions read_only;
    read_only.read_only = true;
    auto store = EventStore::Open(staging, SystemClock::Instance(), read_only);
    if (!store.ok()) return fail(store.status());
    VerifyReport verify = (*store)->Verify();
    if (!verify.ok) {
      return fail(Corruption("the chain does not verify at position " + std::to_string(verify.first_bad_position) +
                             ": " + verify.problem));
    }
    if (verify.events_checked != manifest.position || HexEncode(verify.head) != manifest.chain_head) {
      return fail(Corruption("the restored log ends at position " + std::to_string(verify.events_checked) +
                                 " with chain head " + HexEncode(verify.head) + "; the manifest says position " +
                                 std::to_string(manifest.position) + ", " + manifest.chain_head,
                             "chain_head"));
    }
    report.events_verified = verify.events_checked;
  }
  // Opening read-only left RocksDB's log file; a fresh one is made on open.
  for (const auto& entry : fs::directory_iterator(staging, ec)) {
    if (IsRocksHousekeeping(entry.path().filename().string())) fs::remove(entry.path(), ec);
  }
  fs::remove(events_dir, ec);  // Empty, if it exists.
  fs::rename(staging, events_dir, ec);
  if (ec) return fail(IoError("moving the restored log into place: " + ec.message(), events_dir));
  if (Status synced = SyncPath(fs::path(events_dir).parent_path().string(), true); !synced.ok()) return synced;
  report.manifest = std::move(manifest);
  return report;
}

}  // namespace mrtrack::events
