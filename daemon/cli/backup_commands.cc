// The operator's backup and restore (events/backup/backup.h):
//   mrtrack --url URL backup DIR      the running daemon streams a consistent copy
//   mrtrack --data-dir D backup DIR   the same, offline
//   mrtrack restore BACKUP DATA_DIR   checks, verifies the chain, rebuilds the views
#include <filesystem>
#include <iostream>
#include <memory>

#include "common/tar.h"
#include "daemon/cli/cli_support.h"
#include "events/backup/backup.h"
#include "projections/offline.h"

namespace mrtrack::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::uint64_t TotalBytes(const events::BackupManifest& m) {
  std::uint64_t total = 0;
  for (const auto& f : m.files) total += f.size;
  return total;
}

// Unpacks the daemon's archive into `dir` and checks it against its manifest.
Result<json> Backup(Backend& backend, const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return FailedPrecondition("'" + dir + "' is not empty: back up into a new directory", dir);
  }
  const bool created = fs::create_directories(dir, ec);
  if (ec) return IoError("cannot create '" + dir + "': " + ec.message(), dir);
  auto made = [&]() -> Result<json> {
    TarExtractor archive(dir);
    Status unpacked;
    MRTRACK_RETURN_IF_ERROR(backend.Download("/v1/admin/backup", {}, [&](std::string_view piece) {
      unpacked = archive.Feed(piece);
      return unpacked.ok();
    }));
    MRTRACK_RETURN_IF_ERROR(unpacked);
    MRTRACK_RETURN_IF_ERROR(archive.Finish());
    MRTRACK_ASSIGN_OR_RETURN(events::BackupManifest m, events::CheckBackup(dir));
    return json{{"dir", dir},          {"position", m.position},     {"chain_head", m.chain_head},
                {"created_at", m.created_at}, {"files", m.files.size()}, {"bytes", TotalBytes(m)}};
  }();
  if (!made.ok()) {
    // Nothing half-written stays behind to be mistaken for a backup.
    if (created) {
      fs::remove_all(dir, ec);
    } else {
      for (const auto& entry : fs::directory_iterator(dir, ec)) fs::remove_all(entry.path(), ec);
    }
    return made.status().WithContext("backup into '" + dir + "'");
  }
  return made;
}

void RenderBackup(const json& r, std::ostream& out) {
  out << "backed up the log to position " << r.value("position", 0) << " (chain head "
      << r.value("chain_head", "") << ") into " << r.value("dir", "") << ": " << r.value("files", 0) << " files, "
      << r.value("bytes", 0) << " bytes, checked against its manifest\n";
}

void RenderRestore(const json& r, std::ostream& out) {
  out << "restored " << r.value("events_verified", 0) << " events into " << r.value("data_dir", "")
      << ": the chain verifies to position " << r.value("position", 0) << " (chain head " << r.value("chain_head", "")
      << ", as the manifest says); views rebuilt: " << r.value("evaluations", 0) << " evaluations, "
      << r.value("actions", 0) << " key actions\n";
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  {
    auto* cmd = app.add_subcommand(
        "backup", "Copy the log consistently into DIR while the daemon runs (--url, admin token) or offline (--data-dir)");
    auto dir = std::make_shared<std::string>();
    cmd->add_option("dir", *dir, "A new or empty directory for the backup")->required();
    cmd->callback([&g, &exit_code, dir] {
      RunCommand(g, exit_code, [&](Backend& b) { return Backup(b, *dir); }, RenderBackup);
    });
  }
  {
    auto* cmd = app.add_subcommand(
        "restore", "Restore a backup into a new data directory: check its files, verify the chain, rebuild the views");
    struct Opts { std::string backup, data_dir; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("backup", o->backup, "The backup directory (made by mrtrack backup)")->required();
    cmd->add_option("data_dir", o->data_dir, "The data directory to restore into (without a log)")->required();
    cmd->callback([&g, &exit_code, o] {
      auto restored = [&]() -> Result<json> {
        MRTRACK_ASSIGN_OR_RETURN(events::RestoreReport report,
                                 events::RestoreBackup(o->backup, projections::EventsDirOf(o->data_dir)));
        auto views = projections::RebuildViews(o->data_dir);
        if (!views.ok()) {
          return views.status().WithContext("the log is restored and verified, but rebuilding the views failed "
                                            "(run mrtrack --data-dir " + o->data_dir + " rebuild)");
        }
        return json{{"data_dir", o->data_dir},
                    {"events_verified", report.events_verified},
                    {"position", report.manifest.position},
                    {"chain_head", report.manifest.chain_head},
                    {"evaluations", views->evaluations},
                    {"actions", views->actions}};
      }();
      if (!restored.ok()) {
        exit_code = ReportError(restored.status());
        return;
      }
      if (g.json) {
        std::cout << restored->dump(2) << "\n";
      } else {
        RenderRestore(*restored, std::cout);
      }
    });
  }
}

}  // namespace mrtrack::cli
