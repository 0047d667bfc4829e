// Audit routes: verify the hash chain; export the log (JSON Lines) or the
// key-action view (CSV). Formats: docs/AUDIT.md.
#include <sstream>
#include <streambuf>

#include "common/crypto.h"
#include "daemon/server/logging.h"
#include "daemon/server/routes.h"
#include "daemon/server/view_access.h"
#include "events/store.h"
#include "projections/audit_export.h"
#include "projections/evidence_audit.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

// A std::streambuf that hands what is written to a StreamWriter in 64 KiB
// pieces, so an export of any size streams to the client in bounded memory.
class WriterBuf final : public std::streambuf {
 public:
  explicit WriterBuf(const StreamWriter& write) : write_(write) { setp(buffer_, buffer_ + sizeof(buffer_)); }

 protected:
  int_type overflow(int_type ch) override {
    if (!Flush()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return Flush() ? 0 : -1; }

 private:
  bool Flush() {
    std::ptrdiff_t n = pptr() - pbase();
    if (n > 0 && !write_(std::string_view(pbase(), static_cast<std::size_t>(n)))) return false;
    setp(buffer_, buffer_ + sizeof(buffer_));
    return true;
  }

  const StreamWriter& write_;
  char buffer_[64 * 1024];
};

using LogExporter = Result<projections::ExportSummary> (*)(const events::EventStore&, const projections::ExportRange&,
                                                           std::ostream&);

// The log, or positions from..to, streamed as JSON Lines or as CSV rows.
Result<Reply> ExportLog(const Services& services, const RequestContext& ctx, LogExporter exporter,
                        const std::string& content_type, const std::string& filename) {
  MRTRACK_ASSIGN_OR_RETURN(auto from, QueryUint(ctx, "from", 1, UINT64_MAX));
  MRTRACK_ASSIGN_OR_RETURN(auto to, QueryUint(ctx, "to", 1, UINT64_MAX));
  if (QueryValue(ctx, "as_of")) return InvalidArgument("as_of applies to format=csv; use from/to for the log", "as_of");
  std::uint64_t head = services.store->HeadPosition();
  projections::ExportRange range;
  range.from = from.value_or(1);
  range.to = to.value_or(head);
  if (range.to > head)
    return InvalidArgument("position " + std::to_string(range.to) + " is past the head (" + std::to_string(head) + ")",
                           "to");
  if (head > 0 && range.from > range.to) return InvalidArgument("from is after to", "from");
  Reply reply;
  reply.content_type = content_type;
  reply.headers = {{"Content-Disposition", "attachment; filename=\"" + filename + "\""}};
  if (head == 0) return reply;  // An empty log exports nothing.
  const events::EventStore* store = services.store;
  std::string request_id = ctx.request_id;
  reply.stream = [store, range, request_id, exporter](const StreamWriter& write) {
    WriterBuf buffer(write);
    std::ostream out(&buffer);
    auto summary = exporter(*store, range, out);
    out.flush();
    if (!summary.ok()) {
      // The status line is long gone: the client sees a truncated export.
      Log(spdlog::level::err, "audit export failed",
          {{"request_id", request_id}, {"error", summary.status().ToString()}});
    }
    return false;
  };
  return reply;
}

Result<Reply> ExportCsv(const Services& services, const RequestContext& ctx) {
  if (QueryValue(ctx, "from") || QueryValue(ctx, "to")) {
    return InvalidArgument("from/to apply to the log (format=jsonl or events_csv); use as_of for the CSV view",
                           QueryValue(ctx, "from") ? "from" : "to");
  }
  MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
  std::ostringstream csv;
  // Rendered under the views' read lock, then sent: the view is one row per
  // action, and a slow client must not hold the lock.
  MRTRACK_RETURN_IF_ERROR(ReadModel(services, ctx, as_of, [&](const auto& model, const auto& time) {
    return projections::ExportActionsCsv(model, projections::ActionQuery{}, time, csv);
  }));
  Reply reply;
  reply.content_type = "text/csv; charset=utf-8";
  reply.headers = {{"Content-Disposition", "attachment; filename=\"mrtrack-actions.csv\""}};
  reply.body = csv.str();
  return reply;
}

}  // namespace

void AddAuditRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/v1/audit/verify", "verifyLog", Access::kAudit,
             RouteDoc::Summary("Recompute the hash chain of the whole log and check every evidence file the log "
                               "cites; a broken chain or a missing or altered file is 200 with ok=false."),
             [&services](const RequestContext&) -> Result<Reply> {
               events::VerifyReport report = services.store->Verify();
               json problems = json::array();
               std::uint64_t evidence_checked = 0;
               if (services.evidence != nullptr) {
                 MRTRACK_ASSIGN_OR_RETURN(auto evidence, projections::VerifyEvidence(*services.store, *services.evidence));
                 evidence_checked = evidence.checked;
                 for (const auto& p : evidence.problems) problems.push_back(projections::EvidenceProblemToJson(p));
               }
               return Reply::Json({{"ok", report.ok && problems.empty()},
                                   {"events_checked", report.events_checked},
                                   {"first_bad_position", report.first_bad_position},
                                   {"problem", report.problem},
                                   {"head", HexEncode(report.head)},
                                   {"evidence_checked", evidence_checked},
                                   {"evidence_problems", std::move(problems)}});
             }});

  table.Add({"GET", "/v1/audit/export", "exportAudit", Access::kAudit,
             RouteDoc::Summary("format=jsonl: the log (positions from..to) as JSON Lines (docs/AUDIT.md); "
                               "events_csv: the same events as CSV rows; csv: the key-action view as of as_of.")
                 .Query({{"format", "string",
                          "jsonl (the log), events_csv (the log as CSV), csv (the key-action view) or evidence (every "
                          "citation of an evidence file, JSON Lines). Default: jsonl."},
                         {"from", "integer", "jsonl, events_csv: first position, inclusive. Default: 1."},
                         {"to", "integer", "jsonl, events_csv: last position, inclusive. Default: the head."},
                         AsOfParam()})
                 .Produces("application/x-ndjson"),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               std::string format = QueryValue(ctx, "format").value_or("jsonl");
               if (format == "jsonl") {
                 return ExportLog(services, ctx, &projections::ExportJsonl, "application/x-ndjson",
                                  "mrtrack-audit.jsonl");
               }
               if (format == "events_csv") {
                 return ExportLog(services, ctx, &projections::ExportEventsCsv, "text/csv; charset=utf-8",
                                  "mrtrack-events.csv");
               }
               if (format == "csv") return ExportCsv(services, ctx);
               if (format == "evidence") {
                 // One line per citation of an evidence file (docs/AUDIT.md "Evidence").
                 MRTRACK_ASSIGN_OR_RETURN(auto uses, projections::ListEvidence(*services.store));
                 Reply reply;
                 reply.content_type = "application/x-ndjson";
                 reply.headers = {{"Content-Disposition", "attachment; filename=\"mrtrack-evidence.jsonl\""}};
                 for (const auto& use : uses) reply.body += projections::EvidenceUseToJson(use).dump() + "\n";
                 return reply;
               }
               return InvalidArgument("must be jsonl, events_csv, csv or evidence", "format");
             }});
}

}  // namespace mrtrack::daemon
