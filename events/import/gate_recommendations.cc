// Recommendation blocks of a GATE text:
//   Recommendation: <text, may go on over several lines>
//   Management Response: <text, may go on over several lines>
//   Management Response Category: Accepted | Partially accepted | Rejected | <blank>
//   Thematic Area: a, b            Operating Principles: ...
//   Organizational Priorities: ... UNEG Criteria: ...      (any order, each optional)
//   Key Actions
//   Responsible Deadline Status Comments
//   <key actions: gate_actions.cc>
#include "events/import/gate_reader.h"

#include "events/import/key_action_line.h"
#include "events/import/response_fields.h"
#include "events/import/source_stamps.h"
#include "events/import/table_row.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import::gate {
namespace {

enum class Field { kRecommendation, kResponse, kTags };

struct TagLabel {
  std::string_view label;
  std::vector<std::string> ManagementResponse::*list;
};
constexpr TagLabel kTagLabels[] = {
    {"Thematic Areas", &ManagementResponse::thematic_areas},
    {"Thematic Area", &ManagementResponse::thematic_areas},
    {"Operating Principles", &ManagementResponse::operating_principles},
    {"Operating Principle", &ManagementResponse::operating_principles},
    {"Organizational Priorities", &ManagementResponse::organizational_priorities},
    {"Organisational Priorities", &ManagementResponse::organizational_priorities},
    {"UNEG Criteria", &ManagementResponse::uneg_criteria},
    {"UNEG Criterion", &ManagementResponse::uneg_criteria},
};

void Append(std::string& field, const std::string& line) {
  if (!field.empty()) field += "\n";
  field += line;
}

}  // namespace

std::string LineField(int number) { return "line " + std::to_string(number); }

std::optional<std::string> LabelValue(std::string_view line, std::string_view label, bool numbered) {
  if (!StartsWithFolded(line, label)) return std::nullopt;
  std::size_t i = label.size();
  if (i < line.size() && IsWordByte(line[i])) return std::nullopt;  // "Recommendations", not "Recommendation"
  while (i < line.size() && line[i] == ' ') ++i;
  if (numbered) {
    while (i < line.size() && ((line[i] >= '0' && line[i] <= '9') || line[i] == '.')) ++i;
    while (i < line.size() && line[i] == ' ') ++i;
  }
  if (i >= line.size() || line[i] != ':') return std::nullopt;
  return std::string(Trim(line.substr(i + 1)));
}

std::optional<std::string> RecommendationStart(std::string_view line) {
  return LabelValue(line, "Recommendation", /*numbered=*/true);
}

bool IsKeyActionsHeading(std::string_view line) {
  std::string key = FoldKey(line);
  while (!key.empty() && (key.back() == ':' || key.back() == '|' || key.back() == ' ')) key.pop_back();
  while (!key.empty() && (key.front() == '|' || key.front() == ' ')) key.erase(0, 1);
  return key == "key actions" || key == "key action";
}

std::optional<std::string> RecommendationFieldLabel(std::string_view line) {
  for (std::string_view label : {"Management Response Category", "Management Response"}) {
    if (LabelValue(line, label)) return std::string(label);
  }
  for (const TagLabel& tag : kTagLabels) {
    if (LabelValue(line, tag.label)) return std::string(tag.label);
  }
  return std::nullopt;
}

Status ReadRecommendations(const std::vector<SourceLine>& lines, std::size_t& i, const ResponsibleMatcher& matcher,
                           ParsedEvaluation& out) {
  while (i < lines.size()) {
    const SourceLine& start = lines[i];
    std::optional<std::string> text = RecommendationStart(start.text);
    if (!text) return Internal("recommendation block does not start with 'Recommendation:'", LineField(start.number));
    ParsedRecommendation rec;
    rec.line = start.number;
    rec.text = *text;
    int number = static_cast<int>(out.recommendations.size()) + 1;
    int category_line = start.number;
    Field field = Field::kRecommendation;
    for (++i; i < lines.size(); ++i) {
      const SourceLine& l = lines[i];
      if (l.text.empty()) continue;
      if (RecommendationStart(l.text)) break;
      if (auto v = LabelValue(l.text, "Management Response Category")) {
        rec.response.category_raw = *v;
        category_line = l.number;
        field = Field::kTags;
        continue;
      }
      if (auto v = LabelValue(l.text, "Management Response")) {
        rec.response.text = *v;
        field = Field::kResponse;
        continue;
      }
      bool tag = false;
      for (const TagLabel& t : kTagLabels) {
        if (auto v = LabelValue(l.text, t.label)) {
          rec.response.*(t.list) = SplitTags(*v);
          tag = true;
          break;
        }
      }
      if (tag) {
        field = Field::kTags;
        continue;
      }
      bool heading = !StartsTableRow(l.text) && IsKeyActionsHeading(l.text);
      // A lone "|" or, after the response fields, a cell ending in " |": a table without "Key Actions" above it.
      bool cell = l.text == "|" || (field == Field::kTags && l.text.size() > 2 && l.text.back() == '|');
      if (heading || cell || IsColumnHeaderLine(l.text) || StartsTableRow(l.text) || LooksLikeKeyActionLine(l.text)) {
        if (heading) ++i;
        MRTRACK_RETURN_IF_ERROR(ReadKeyActions(lines, i, matcher, number, rec, out.warnings));
        break;
      }
      if (field == Field::kRecommendation) {
        Append(rec.text, l.text);
      } else if (field == Field::kResponse) {
        Append(rec.response.text, l.text);
      } else {
        return InvalidArgument("unexpected text after the response fields of recommendation " +
                                   std::to_string(number) + ": \"" + Excerpt(l.text, 60) +
                                   "\" (expected 'Key Actions' or a key action)",
                               LineField(l.number));
      }
    }
    if (rec.text.empty()) {
      return InvalidArgument("recommendation " + std::to_string(number) + " has no text", LineField(rec.line));
    }
    // ERC pages stamp the response ("Management Response: [Added: ...] [Last Updated: ...]"); the stamps are
    // the source's dates, not text, and must be out before the category is read from the prose.
    rec.response_stamps = TakeSourceStamps(rec.response.text);
    FinishRecommendation(rec, number, category_line, out.warnings);
    out.recommendations.push_back(std::move(rec));
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::import::gate
