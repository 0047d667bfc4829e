#include "projections/offline.h"

#include "projections/views_db.h"

namespace mrtrack::projections {
std::string EventsDirOf(const std::string& data_dir) { return data_dir + "/events"; }
std::string ViewsDirOf(const std::string& data_dir) { return data_dir + "/views"; }
std::string EvidenceDirOf(const std::string& data_dir) { return data_dir + "/evidence"; }

Result<std::unique_ptr<events::EventStore>> OpenStoreReadOnly(const std::string& data_dir) {
  events::StoreOptions options;
  options.read_only = true;
  auto store = events::EventStore::Open(EventsDirOf(data_dir), SystemClock::Instance(), options);
  if (!store.ok()) return store.status().WithContext("opening the event store of " + data_dir);
  return store;
}

Result<RebuildReport> RebuildViews(const std::string& data_dir) {
  MRTRACK_ASSIGN_OR_RETURN(auto store, OpenStoreReadOnly(data_dir));
  const std::string views_dir = ViewsDirOf(data_dir);
  MRTRACK_RETURN_IF_ERROR(ViewsDb::Destroy(views_dir));
  ProjectionOptions options;
  options.batch_events = kRebuildBatchEvents;
  MRTRACK_ASSIGN_OR_RETURN(auto projections, Projections::Open(views_dir, *store, options));
  RebuildReport report;
  report.events_applied = projections->open_info().events_applied;
  projections->Read([&](const ViewModel& model) {
    report.position = model.position();
    report.evaluations = model.evaluations().size();
    report.actions = model.actions().size();
  });
  return report;
}

Result<events::VerifyReport> VerifyLog(const std::string& data_dir) {
  MRTRACK_ASSIGN_OR_RETURN(auto store, OpenStoreReadOnly(data_dir));
  return store->Verify();
}

Result<ExportSummary> ExportLogJsonl(const std::string& data_dir, const ExportRange& range, std::ostream& out) {
  MRTRACK_ASSIGN_OR_RETURN(auto store, OpenStoreReadOnly(data_dir));
  return ExportJsonl(*store, range, out);
}

Status ExportActionsCsvAsOf(const std::string& data_dir, const AsOf& as_of, const ActionQuery& query,
                            const date::time_zone& zone, Timestamp now, std::ostream& out) {
  MRTRACK_ASSIGN_OR_RETURN(auto store, OpenStoreReadOnly(data_dir));
  MRTRACK_ASSIGN_OR_RETURN(Snapshot snapshot, BuildSnapshot(*store, as_of));
  const Timestamp at = as_of.kind == AsOf::Kind::kHead ? now : snapshot.at;
  return ExportActionsCsv(snapshot.model, query, QueryTime{at, &zone}, out);
}

}  // namespace mrtrack::projections
