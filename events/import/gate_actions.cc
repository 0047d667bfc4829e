// The key-action section of a recommendation block. Line by line:
// - "Key Actions" and the column header ("Responsible Deadline Status
//   Comments") are skipped;
// - a line starting with "|" starts a table row, which takes every following
//   line up to the next row or "Recommendation:" (table_row.h);
// - a line that reads as a key action (key_action_line.h) starts one;
// - any other line continues the comment of the action above (multi-line
//   comments); the first line of a section always starts an action.
#include "events/import/gate_reader.h"

#include "events/import/key_action_line.h"
#include "events/import/table_row.h"

namespace mrtrack::events::import::gate {
namespace {

std::string ActionWhere(int recommendation, std::size_t action) {
  return "action " + std::to_string(recommendation) + "." + std::to_string(action);
}

}  // namespace

Status ReadKeyActions(const std::vector<SourceLine>& lines, std::size_t& i, const ResponsibleMatcher& matcher,
                      int number, ParsedRecommendation& rec, std::vector<ImportWarning>& warnings) {
  auto add = [&](ParsedKeyAction action) {
    rec.actions.push_back(std::move(action));
    WarnAboutAction(rec.actions.back(), ActionWhere(number, rec.actions.size()), warnings);
  };
  while (i < lines.size()) {
    const SourceLine& l = lines[i];
    if (RecommendationStart(l.text)) return Status::Ok();
    if (StartsTableRow(l.text)) {
      std::vector<TableLine> row{{l.number, l.text}};
      for (++i; i < lines.size() && !StartsTableRow(lines[i].text) && !RecommendationStart(lines[i].text); ++i) {
        if (!lines[i].text.empty()) row.push_back({lines[i].number, lines[i].text});
      }
      MRTRACK_ASSIGN_OR_RETURN(std::optional<ParsedKeyAction> action,
                               ReadTableRow(SplitTableRow(row), l.number, matcher));
      if (action) add(std::move(*action));
      continue;
    }
    if (l.text.empty() || IsKeyActionsHeading(l.text) || IsColumnHeaderLine(l.text)) {
      ++i;
      continue;
    }
    if (auto label = RecommendationFieldLabel(l.text)) {
      return InvalidArgument("\"" + *label + ":\" after the key actions of recommendation " + std::to_string(number) +
                                 " (each recommendation starts with 'Recommendation:')",
                             LineField(l.number));
    }
    MRTRACK_ASSIGN_OR_RETURN(std::optional<ParsedKeyAction> action,
                             ReadFlatActionLine(l.text, l.number, matcher, /*force=*/rec.actions.empty()));
    if (action) {
      add(std::move(*action));
    } else {
      std::string& comment = rec.actions.back().comment;
      if (!comment.empty()) comment += "\n";
      comment += l.text;
    }
    ++i;
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::import::gate
