// The header block of a GATE text:
//   Management Response                      (a title; skipped)
//   : Kazakhstan                             office
//   : 2022 - 2023 , Kazakhstan (CO)          plan period , office (office type)
//   : Final evaluation of ...                evaluation title
//   : Kazakhstan                             country/region
//   <overall response paragraphs>
//   : Approved                               approval status (any value)
// Empty ": " lines are skipped. Pages rendered otherwise are read for what
// they state, and every field that is missing or guessed gets a warning
// (gate_header_fields.cc): no ": value" line at all (the title on a line of
// its own, maybe twice and followed by "Management Response Plan", or the
// overall response straight away), three values where the title is missing,
// an unlabelled region line after the header.
#include <algorithm>

#include "events/import/gate_header_fields.h"
#include "events/import/gate_reader.h"
#include "events/import/key_action_line.h"
#include "events/import/table_row.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import::gate {
namespace {

// What may not come before the first recommendation, or nullopt.
std::optional<std::string> Misplaced(std::string_view line) {
  if (IsKeyActionsHeading(line) || IsColumnHeaderLine(line) || StartsTableRow(line) || LooksLikeKeyActionLine(line)) {
    return std::string("key action");
  }
  if (auto label = RecommendationFieldLabel(line)) return "\"" + *label + ":\"";
  return std::nullopt;
}

}  // namespace

Status ReadHeader(const std::vector<SourceLine>& lines, std::size_t& i, ParsedEvaluation& out) {
  HeaderBlock block;
  bool in_paragraph = false;
  bool seen_anything = false;
  int last_line = lines.empty() ? 1 : lines.back().number;
  for (; i < lines.size(); ++i) {
    const SourceLine& l = lines[i];
    if (l.text.empty()) {
      in_paragraph = false;
      continue;
    }
    if (RecommendationStart(l.text)) break;
    if (auto what = Misplaced(l.text)) {
      return InvalidArgument(*what + " before any recommendation (each recommendation starts with 'Recommendation:')",
                             LineField(l.number));
    }
    seen_anything = true;
    if (auto labelled = ErcHeaderLine({l.number, l.text}); labelled && block.values.empty()) {
      block.labelled.push_back(std::move(*labelled));
      in_paragraph = false;
      continue;
    }
    if (l.text.front() == ':') {
      std::string value(Trim(std::string_view(l.text).substr(1)));
      in_paragraph = false;
      if (value.empty()) continue;  // an extra empty header line
      bool after_response = std::any_of(block.paragraphs.begin(), block.paragraphs.end(),
                                        [](const HeaderParagraph& p) { return !p.before_values; });
      if (!after_response && block.values.size() < 4) {
        block.values.push_back({l.number, std::move(value)});
      } else {
        block.approvals.push_back({l.number, std::move(value)});
      }
      continue;
    }
    // Text after an ERC page's labelled lines is its overall response, as text after ": value" lines is.
    if (!in_paragraph) block.paragraphs.push_back({block.values.empty() && block.labelled.empty(), {}});
    block.paragraphs.back().lines.push_back({l.number, l.text});
    in_paragraph = true;
  }

  if (!seen_anything && i >= lines.size()) return InvalidArgument("the document is empty", LineField(last_line));
  int first_recommendation_line = i < lines.size() ? lines[i].number : last_line;
  AssignHeaderFields(std::move(block), first_recommendation_line, out);
  if (i >= lines.size()) {
    return InvalidArgument("the document has no recommendation (expected a line starting with 'Recommendation:')",
                           LineField(last_line));
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::import::gate
