#include "events/import/csv_format.h"

#include <algorithm>
#include <array>

#include "common/crypto.h"
#include "events/import/csv_reader.h"
#include "events/import/key_action_fields.h"
#include "events/import/key_action_line.h"
#include "events/import/response_fields.h"
#include "events/import/responsible_matcher.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

enum Field : std::size_t {
  kEvaluation, kRecommendation, kResponse, kCategory, kKeyAction, kResponsible, kDeadline, kStatus, kComment,
  kOffice, kPeriod, kRegion, kThematic, kPrinciples, kPriorities, kCriteria, kFieldCount
};

struct FieldSpec {
  std::string_view name;
  std::array<std::string_view, 5> spellings;  // folded ("" pads)
};

// The accepted spellings of each column header (compared after FoldKey, so any case and accents).
constexpr FieldSpec kFields[kFieldCount] = {
    {"evaluation", {"evaluation", "evaluation title", "title", "evaluation name", ""}},
    {"recommendation", {"recommendation", "recommendation text", "recommendations", "", ""}},
    {"response", {"response", "management response", "management response text", "", ""}},
    {"category", {"category", "management response category", "response category", "", ""}},
    {"key_action", {"key action", "key actions", "action", "key action description", "description"}},
    {"responsible", {"responsible", "responsible unit", "responsible units", "responsibles", "unit"}},
    {"deadline", {"deadline", "due date", "duedate", "due", "time frame"}},
    {"status", {"status", "key action status", "", "", ""}},
    {"comment", {"comment", "comments", "remarks", "", ""}},
    {"office", {"office", "commissioning unit", "commissioning office", "", ""}},
    {"period", {"period", "plan period", "evaluation plan", "", ""}},
    {"region", {"region", "country", "country/region", "", ""}},
    {"thematic_areas", {"thematic area", "thematic areas", "", "", ""}},
    {"operating_principles", {"operating principles", "operating principle", "", "", ""}},
    {"organizational_priorities", {"organizational priorities", "organisational priorities", "", "", ""}},
    {"uneg_criteria", {"uneg criteria", "uneg criterion", "", "", ""}},
};

std::optional<std::size_t> FieldNamed(std::string_view name) {
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (kFields[f].name == name) return f;
  }
  return std::nullopt;
}

std::string FoldHeader(std::string_view header) {
  std::string key = FoldKey(header);
  std::replace(key.begin(), key.end(), '_', ' ');
  while (!key.empty() && (key.back() == ':' || key.back() == '*')) key.pop_back();
  return std::string(Trim(key));
}

std::string FieldList() {
  std::string out;
  for (const FieldSpec& f : kFields) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

// Column index per field, from the header row and the map.
Result<std::array<std::optional<std::size_t>, kFieldCount>> MapColumns(const CsvRecord& header,
                                                                      const CsvColumnMap& column_map,
                                                                      std::vector<ImportWarning>& warnings) {
  std::map<std::string, std::size_t> mapped;  // folded header -> field
  for (const auto& [column, field] : column_map) {
    auto f = FieldNamed(field);
    if (!f) {
      return InvalidArgument("--map " + column + "=" + field + ": no such field (expected one of " + FieldList() + ")",
                             "map");
    }
    mapped[FoldHeader(column)] = *f;
  }
  std::array<std::optional<std::size_t>, kFieldCount> columns;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    std::string key = FoldHeader(header.fields[c]);
    if (key.empty()) continue;
    std::optional<std::size_t> f;
    if (auto m = mapped.find(key); m != mapped.end()) {
      f = m->second;
      mapped.erase(m);
    } else if (auto field = CsvFieldOfHeader(header.fields[c])) {
      f = FieldNamed(*field);
    }
    std::string cell = CsvCell(header.row, static_cast<int>(c + 1));
    if (!f) {
      warnings.push_back({header.line, cell, "column \"" + header.fields[c] + "\" is not used (map it with --map \"" +
                                                 header.fields[c] + "=FIELD\" if it holds one of " + FieldList() +
                                                 ")"});
      continue;
    }
    if (columns[*f]) {
      return InvalidArgument("column \"" + header.fields[c] + "\" is a second " + std::string(kFields[*f].name) +
                                 " column (the first is column " + std::to_string(*columns[*f] + 1) + ")",
                             cell);
    }
    columns[*f] = c;
  }
  for (const auto& [column, field] : mapped) {
    return InvalidArgument("--map names column \"" + column + "\", which the header does not have", "map");
  }
  for (std::size_t required : {kRecommendation, kKeyAction}) {
    if (!columns[required]) {
      return InvalidArgument("the header has no " + std::string(kFields[required].name) +
                                 " column (expected a column named like \"" +
                                 std::string(kFields[required].spellings[0]) + "\", or --map COLUMN=" +
                                 std::string(kFields[required].name) + ")",
                             CsvCell(header.row, 1));
    }
  }
  return columns;
}

class RowReader {
 public:
  RowReader(const CsvRecord& record, const std::array<std::optional<std::size_t>, kFieldCount>& columns)
      : r_(record), columns_(columns) {}

  bool Has(std::size_t f) const { return columns_[f].has_value(); }
  std::string Text(std::size_t f) const {
    if (!columns_[f] || *columns_[f] >= r_.fields.size()) return "";
    return CleanText(r_.fields[*columns_[f]]);
  }
  std::string Cell(std::size_t f) const {
    return CsvCell(r_.row, columns_[f] ? static_cast<int>(*columns_[f] + 1) : 0) + " (" +
           std::string(kFields[f].name) + ")";
  }

 private:
  const CsvRecord& r_;
  const std::array<std::optional<std::size_t>, kFieldCount>& columns_;
};

// A header value: the first non-empty one is kept; a different later one is a warning.
void TakeHeaderValue(std::string& target, const std::string& value, const RowReader& row, std::size_t field, int line,
                     std::vector<ImportWarning>& warnings) {
  if (value.empty()) return;
  if (target.empty()) {
    target = value;
  } else if (FoldKey(target) != FoldKey(value)) {
    warnings.push_back({line, row.Cell(field), "\"" + Excerpt(value, 60) + "\" differs from \"" +
                                                   Excerpt(target, 60) + "\" given above; the first is kept"});
  }
}

Result<ParsedKeyAction> ReadAction(const RowReader& row, const CsvRecord& record, const ResponsibleMatcher& matcher) {
  ParsedKeyAction a;
  a.line = record.line;
  // A quoted field with line breaks makes the row go on over the lines after its first.
  a.last_line = record.line;
  for (const std::string& field : record.fields) {
    a.last_line += static_cast<int>(std::count(field.begin(), field.end(), '\n'));
  }
  DescriptionPrefix prefix = SplitDescriptionPrefix(row.Text(kKeyAction));
  a.label = prefix.label;
  a.scope = prefix.scope;
  a.description = prefix.rest;
  a.responsible = matcher.MatchText(row.Text(kResponsible), "column");
  if (std::string deadline = row.Text(kDeadline); !deadline.empty()) {
    auto parsed = ParseDeadline(deadline);
    if (!parsed.ok()) {
      return InvalidArgument("impossible deadline: " + parsed.status().message() + " (line " +
                                 std::to_string(record.line) + ")",
                             row.Cell(kDeadline));
    }
    a.deadline = *parsed;
  }
  a.status_raw = row.Text(kStatus);
  if (!a.status_raw.empty()) a.status = ParseLegacyStatus(a.status_raw);
  a.comment = row.Text(kComment);
  return a;
}

}  // namespace

std::optional<std::string> CsvFieldOfHeader(std::string_view header) {
  std::string key = FoldHeader(header);
  for (const FieldSpec& f : kFields) {
    for (std::string_view spelling : f.spellings) {
      if (!spelling.empty() && spelling == key) return std::string(f.name);
    }
  }
  return std::nullopt;
}

Result<ParsedEvaluation> ParseEvaluationCsv(std::string_view text, const config::Config& config,
                                            const CsvColumnMap& column_map) {
  ParsedEvaluation out;
  out.source_format = "csv";
  out.source_sha256 = HexEncode(Sha256(text));
  MRTRACK_ASSIGN_OR_RETURN(CsvTable table, ReadCsv(text));
  if (table.records.empty()) return InvalidArgument("the spreadsheet is empty", CsvCell(1, 1));
  MRTRACK_ASSIGN_OR_RETURN(auto columns, MapColumns(table.records.front(), column_map, out.warnings));
  ResponsibleMatcher matcher(config.units);

  std::string evaluation_cell;  // Where the title was first given.
  std::string last_recommendation;
  for (std::size_t k = 1; k < table.records.size(); ++k) {
    const CsvRecord& record = table.records[k];
    RowReader row(record, columns);
    int line = record.line;
    if (std::string title = row.Text(kEvaluation); !title.empty()) {
      if (out.title.empty()) {
        out.title = title;
        evaluation_cell = row.Cell(kEvaluation);
      } else if (FoldKey(title) != FoldKey(out.title)) {
        return InvalidArgument("a second evaluation \"" + Excerpt(title, 60) + "\" (this spreadsheet holds \"" +
                                   Excerpt(out.title, 60) + "\", " + evaluation_cell +
                                   "); import one evaluation per file",
                               row.Cell(kEvaluation));
      }
    }
    TakeHeaderValue(out.office, row.Text(kOffice), row, kOffice, line, out.warnings);
    TakeHeaderValue(out.plan_period, row.Text(kPeriod), row, kPeriod, line, out.warnings);
    TakeHeaderValue(out.region, row.Text(kRegion), row, kRegion, line, out.warnings);

    std::string rec_text = row.Text(kRecommendation);
    if (rec_text.empty()) rec_text = last_recommendation;  // a merged cell: the row above's
    if (rec_text.empty()) {
      return InvalidArgument("key action without recommendation: the recommendation cell is empty and no row above "
                             "gives one (line " + std::to_string(line) + ")",
                             row.Cell(kRecommendation));
    }
    last_recommendation = rec_text;
    auto same = [&](const ParsedRecommendation& r) { return FoldKey(r.text) == FoldKey(rec_text); };
    auto rec = std::find_if(out.recommendations.begin(), out.recommendations.end(), same);
    if (rec == out.recommendations.end()) {
      ParsedRecommendation fresh;
      fresh.line = line;
      fresh.text = rec_text;
      out.recommendations.push_back(std::move(fresh));
      rec = out.recommendations.end() - 1;
    }
    ManagementResponse& response = rec->response;
    TakeHeaderValue(response.text, row.Text(kResponse), row, kResponse, line, out.warnings);
    TakeHeaderValue(response.category_raw, row.Text(kCategory), row, kCategory, line, out.warnings);
    for (auto [field, list] : {std::pair{kThematic, &ManagementResponse::thematic_areas},
                               std::pair{kPrinciples, &ManagementResponse::operating_principles},
                               std::pair{kPriorities, &ManagementResponse::organizational_priorities},
                               std::pair{kCriteria, &ManagementResponse::uneg_criteria}}) {
      if ((response.*list).empty()) response.*list = SplitTags(row.Text(field));
    }
    if (row.Text(kKeyAction).empty()) {
      bool anything = !row.Text(kResponsible).empty() || !row.Text(kDeadline).empty() ||
                      !row.Text(kStatus).empty() || !row.Text(kComment).empty();
      if (anything) {
        return InvalidArgument("the key action cell is empty but the row has responsible, deadline, status or "
                               "comment (line " + std::to_string(line) + ")",
                               row.Cell(kKeyAction));
      }
      continue;  // a row that only states the recommendation
    }
    MRTRACK_ASSIGN_OR_RETURN(ParsedKeyAction action, ReadAction(row, record, matcher));
    rec->actions.push_back(std::move(action));
    std::string where = "action " + std::to_string(rec - out.recommendations.begin() + 1) + "." +
                        std::to_string(rec->actions.size()) + " (row " + std::to_string(record.row) + ")";
    WarnAboutAction(rec->actions.back(), where, out.warnings);
  }
  if (out.recommendations.empty()) {
    return InvalidArgument("the spreadsheet has a header but no row", CsvCell(1, 1));
  }
  for (std::size_t r = 0; r < out.recommendations.size(); ++r) {
    FinishRecommendation(out.recommendations[r], static_cast<int>(r + 1), out.recommendations[r].line, out.warnings);
  }
  std::stable_sort(out.warnings.begin(), out.warnings.end(),
                   [](const ImportWarning& a, const ImportWarning& b) { return a.line < b.line; });
  return out;
}

}  // namespace mrtrack::events::import
