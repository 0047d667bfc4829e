// ImportEvaluation: syncs one parsed management response into the event store
// as ONE atomic append (docs/IMPORT.md "Sync").
//
// Streams are addressed by deterministic ids (evaluation_identity.h,
// events/domain/ids.h). The importer loads the evaluation's stream and the
// stream of every action in the document, compares, and appends only what
// changed:
//   first import   EvaluationRegistered, RecommendationAdded + ManagementResponseRecorded
//                  per recommendation; KeyActionAdded (+ KeyActionCommentAdded with
//                  author "import" for a published comment) per action
//   re-import      EvaluationUpdated (header), RecommendationEdited, ManagementResponseRecorded,
//                  KeyActionStatusChanged / DeadlineChanged / ResponsibleChanged /
//                  DescriptionEdited (reason "re-imported from published text"),
//                  KeyActionCommentAdded for a new or changed published comment,
//                  and additions for new recommendations and actions.
// An action field is changed only when the published value differs from the
// value the previous import recorded: a change made in mrtrack since (a status
// set through the API) is kept while the published text still says the old
// value, and reported as a warning. Fields the rendering does not state (no
// deadline, no status, an empty header line) change nothing.
//
// Every part of the append carries the version that was loaded (NoStream for
// new streams), so a concurrent change makes the import fail with kConflict
// instead of overwriting it; on any error nothing is written. An identical
// re-import appends nothing.
//
// Thread safety: safe to call concurrently (the store is); two imports of the
// same evaluation race on expected versions and one gets kConflict.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "config/config.h"
#include "events/domain/key_action.h"
#include "events/import/parsed_evaluation.h"
#include "events/store.h"

namespace mrtrack::events::import {

// The reason/justification of every change the importer records; it also
// marks which values came from the published text (see above).
inline constexpr char kImportReason[] = "re-imported from published text";
// The author of published comments.
inline constexpr char kImportAuthor[] = "import";

struct ImportOptions {
  // Default: none: the id the document gives (JSON "evaluation_id"), else the
  // one derived from title, office and plan period. [a-z0-9][a-z0-9-]{0,63}.
  std::string evaluation_id;
  // Default: false. Parse, match, compare and report; write nothing.
  bool dry_run = false;
  // Default: a new UUID. Set as correlation_id on every event of the import.
  std::string correlation_id;
  // Default: none. What the document does not state (a page without header,
  // a spreadsheet without Office column): used only where the document is
  // silent; a different value in the document wins and is reported.
  std::string title, office, plan_period;
  // Default: none. Spreadsheet columns under other headers than csv_format.h
  // knows: header as written -> field ("Due by" -> "deadline").
  std::map<std::string, std::string> csv_columns;
};

struct ResponsibleMatchReport {
  std::string action_id;
  int line = 0;       // Source line of the action (0 for JSON).
  int last_line = 0;  // Last source line of the action (lines line..last_line).
  Responsible responsible;
  // What was read, for a focal point to check against the source.
  std::string label, scope, description, deadline, status, comment;  // deadline, status: as published
  SourceStamps stamps;    // ERC pages: the dates the source stamped on the action.
  std::string documents;  // ERC pages: the Documents cell as published.
};

struct ImportReport {
  std::string evaluation_id;
  bool dry_run = false;
  bool created = false;              // The evaluation did not exist before.
  std::size_t recommendations = 0;   // In the document.
  std::size_t key_actions = 0;       // In the document.
  // Events of the append (with dry_run: the events it would append).
  std::size_t events_appended = 0;
  std::map<std::string, std::size_t> events_by_type;
  std::uint64_t first_position = 0;  // 0 when nothing was written.
  std::uint64_t last_position = 0;
  std::string correlation_id;
  // One line per event: "KeyActionStatusChanged ev-…-r1-a2: Initiated -> Completed".
  std::vector<std::string> changes;
  std::vector<ResponsibleMatchReport> responsible_matches;  // Every action, in order.
  // Recommendations whose blank category was inferred from the prose: number -> the sentence.
  std::map<int, std::string> category_sentences;
  std::vector<std::string> unmatched_responsibles;          // Distinct free-text parts.
  std::vector<ImportWarning> warnings;                      // The parser's, then the sync's.
};

// `actor` is recorded on every event (a token name, "import", ...); required.
// Errors: kInvalidArgument (bad id option, unknown unit id, empty document),
// kConflict (a stream changed since it was loaded), kCorruption (a stream
// that does not fold), the store's errors.
Result<ImportReport> ImportEvaluation(EventStore& store, const config::Config& config,
                                      const ParsedEvaluation& parsed, const std::string& actor,
                                      const ImportOptions& options = {});

enum class ImportFormat { kGate, kJson, kCsv };

// Parses `body` (ParseGateText, ParseEvaluationJson or ParseEvaluationCsv),
// supplies the options' title, office and period where it is silent, and
// imports it.
Result<ImportReport> ImportDocument(EventStore& store, const config::Config& config, std::string_view body,
                                    ImportFormat format, const std::string& actor, const ImportOptions& options = {});

// The report as docs/API.md "Imports" shows it.
nlohmann::json ImportReportToJson(const ImportReport& report);

}  // namespace mrtrack::events::import
