// Administration routes: the online backup (events/backup/backup.h), a
// RocksDB checkpoint made while writes go on and streamed as a tar.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "common/crypto.h"
#include "common/tar.h"
#include "daemon/server/logging.h"
#include "daemon/server/routes.h"
#include "events/backup/backup.h"

namespace mrtrack::daemon {
namespace {

// Where a backup is staged before it is streamed: under the data directory,
// so that the checkpoint hard-links the table files instead of copying them.
// Removed when the reply is done (or the client went away); whatever a crash
// left there is removed when the daemon starts (Core::Open).
class StagedBackup {
 public:
  explicit StagedBackup(std::string dir) : dir_(std::move(dir)) {}
  ~StagedBackup() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  StagedBackup(const StagedBackup&) = delete;
  StagedBackup& operator=(const StagedBackup&) = delete;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

// Sends one file of the backup as a tar member; false when the client is
// gone or the file could not be read (logged: the archive is then cut short,
// which the reader detects).
bool SendFile(const std::string& dir, const std::string& path, std::int64_t mtime, const StreamWriter& write,
              const std::string& request_id) {
  const std::string full = dir + "/" + path;
  int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
  auto fail = [&](const std::string& why) {
    Log(spdlog::level::err, "backup: the archive is cut short",
        {{"request_id", request_id}, {"file", path}, {"error", why}});
    if (fd >= 0) ::close(fd);
    return false;
  };
  if (fd < 0) return fail(std::strerror(errno));
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(full, ec);
  if (ec) return fail(ec.message());
  auto header = TarFileHeader(path, size, mtime);
  if (!header.ok()) return fail(header.status().message());
  if (!write(*header)) return fail("the client went away");
  std::string buffer(256 * 1024, '\0');
  std::uint64_t sent = 0;
  while (sent < size) {
    ssize_t n = ::read(fd, buffer.data(), std::min<std::uint64_t>(buffer.size(), size - sent));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(n == 0 ? "the file shrank while it was sent" : std::strerror(errno));
    if (!write(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) return fail("the client went away");
    sent += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  std::string padding = TarPadding(size);
  return padding.empty() || write(padding);
}

Result<Reply> Backup(const Services& services, const RequestContext& ctx) {
  const std::string staging_root = ctx.runtime->config().storage.data_dir + "/" + events::kBackupStagingDir;
  std::error_code ec;
  std::filesystem::create_directories(staging_root, ec);
  if (ec) return IoError("cannot create '" + staging_root + "': " + ec.message());
  auto staged = std::make_shared<StagedBackup>(staging_root + "/" + RandomUuid());
  const Timestamp now = services.clock->Now();
  MRTRACK_ASSIGN_OR_RETURN(events::BackupManifest manifest, events::WriteBackup(*services.store, staged->dir(), now));
  Log(spdlog::level::info, "backup made",
      {{"request_id", ctx.request_id},
       {"position", std::to_string(manifest.position)},
       {"chain_head", manifest.chain_head},
       {"files", std::to_string(manifest.files.size())}});

  Reply reply;
  reply.content_type = "application/x-tar";
  reply.headers = {
      {"Content-Disposition",
       "attachment; filename=\"mrtrack-backup-" + std::to_string(manifest.position) + ".tar\""},
      {"X-Mrtrack-Position", std::to_string(manifest.position)},
      {"X-Mrtrack-Chain-Head", manifest.chain_head}};
  const std::int64_t mtime = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  reply.stream = [staged, order = events::ArchiveOrder(manifest), mtime,
                  request_id = ctx.request_id](const StreamWriter& write) {
    for (const std::string& path : order) {
      if (!SendFile(staged->dir(), path, mtime, write, request_id)) return false;
    }
    write(TarEnd());
    return false;
  };
  return reply;
}

}  // namespace

void AddAdminRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/v1/admin/backup", "getBackup", Access::kAdmin,
             RouteDoc::Summary("A consistent copy of the event log, made while writes go on (a RocksDB checkpoint), "
                               "streamed as a tar: manifest.json (position, chain_head, every file with its size and "
                               "SHA-256) first, then events/. `mrtrack backup` unpacks and checks it.")
                 .Produces("application/x-tar")
                 .Errors({507}),
             [&services](const RequestContext& ctx) { return Backup(services, ctx); }});
}

}  // namespace mrtrack::daemon
