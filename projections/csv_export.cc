// ExportActionsCsv: the key-action view as RFC 4180 CSV (docs/AUDIT.md).
#include <array>

#include "common/time.h"
#include "projections/audit_export.h"

namespace mrtrack::projections {
namespace {

// Persistent format: column names and order are documented in docs/AUDIT.md,
// and so is which columns are text from outside (CsvText).
constexpr std::array<const char*, 30> kCsvColumns = {
    "evaluation_id",     "evaluation_title", "office",           "recommendation_id",   "recommendation_number",
    "recommendation_text", "response_category", "action_id",     "label",               "scope",
    "description",       "responsible_text", "responsible_units", "responsible_unmatched", "deadline",
    "deadline_raw",      "status",           "status_raw",       "overdue",             "days_overdue",
    "comment_count",     "last_comment",     "last_comment_author", "last_comment_at",  "created_at",
    "updated_at",        "completed_at",     "version",          "last_position",       "as_of_position",
};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

std::array<std::string, kCsvColumns.size()> Cells(const ActionRow& r, std::uint64_t position) {
  const std::string category = r.response_category.empty() ? r.response_category_inferred : r.response_category;
  return {r.evaluation_id,
          CsvText(r.evaluation_title),
          CsvText(r.office),
          r.recommendation_id,
          std::to_string(r.recommendation_number),
          CsvText(r.recommendation_text),
          CsvText(category),
          r.action_id,
          CsvText(r.label),
          CsvText(r.scope),
          CsvText(r.description),
          CsvText(r.responsible.text),
          Join(r.responsible.units),
          CsvText(Join(r.responsible.unmatched)),
          r.deadline ? FormatDate(r.deadline->date) : "",
          r.deadline ? CsvText(r.deadline->raw) : "",
          events::StatusLabel(r.status),
          CsvText(r.status_raw),
          r.overdue ? "true" : "false",
          std::to_string(r.days_overdue),
          std::to_string(r.comment_count),
          r.last_comment ? CsvText(r.last_comment->text) : "",
          r.last_comment ? CsvText(r.last_comment->author) : "",
          r.last_comment ? FormatTimestamp(r.last_comment->at) : "",
          FormatTimestamp(r.created_at),
          FormatTimestamp(r.updated_at),
          r.completed_at ? FormatTimestamp(*r.completed_at) : "",
          std::to_string(r.version),
          std::to_string(r.last_position),
          std::to_string(position)};
}

}  // namespace

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvText(std::string_view value) {
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    return "'" + std::string(value);
  }
  return std::string(value);
}

Status ExportActionsCsv(const ViewModel& model, const ActionQuery& query, const QueryTime& time, std::ostream& out) {
  ActionQuery rows_only = query;
  rows_only.with_comments = false;  // The CSV shows the count and the last one.
  MRTRACK_ASSIGN_OR_RETURN(ActionPage page, ListActions(model, rows_only, time));
  WriteCsvRecord(out, kCsvColumns);
  for (const auto& row : page.rows) WriteCsvRecord(out, Cells(row, page.position));
  out.flush();
  if (!out) return IoError("writing the CSV export failed");
  return Status::Ok();
}

}  // namespace mrtrack::projections
