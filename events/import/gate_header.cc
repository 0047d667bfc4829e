// The header block of a GATE text:
//   Management Response                      (a title; skipped)
//   : Kazakhstan                             office
//   : 2022 - 2023 , Kazakhstan (CO)          plan period , office (office type)
//   : Final evaluation of ...                evaluation title
//   : Kazakhstan                             country/region
//   <overall response paragraphs>
//   : Approved                               approval status (any value)
// Empty ": " lines are skipped. The plan-period line is recognised by the year
// it starts with; when it is missing, the second value is the title.
#include "events/import/gate_reader.h"

#include "events/import/key_action_line.h"
#include "events/import/table_row.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import::gate {
namespace {

bool StartsWithYear(std::string_view s) {
  if (s.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// "2022 - 2023 , Kazakhstan (CO)" -> period "2022 - 2023", office type "CO".
void ReadPeriodLine(std::string_view value, ParsedEvaluation& out) {
  std::size_t comma = value.find(',');
  out.plan_period = std::string(Trim(value.substr(0, comma)));
  if (comma == std::string_view::npos) return;
  std::string_view rest = Trim(value.substr(comma + 1));
  std::size_t open = rest.rfind('(');
  if (open != std::string_view::npos && rest.back() == ')') {
    out.office_type = std::string(Trim(rest.substr(open + 1, rest.size() - open - 2)));
    rest = Trim(rest.substr(0, open));
  }
  if (out.office.empty()) out.office = std::string(rest);
}

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
  struct Value {
    int line;
    std::string text;
  };
  std::vector<Value> values;      // Header values before the overall response.
  std::vector<std::string> paragraphs;
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
    bool first = !seen_anything;
    seen_anything = true;
    if (l.text.front() == ':') {
      std::string value(Trim(std::string_view(l.text).substr(1)));
      in_paragraph = false;
      if (value.empty()) continue;  // an extra empty header line
      if (paragraphs.empty() && values.size() < 4) {
        values.push_back({l.number, std::move(value)});
      } else {
        if (!out.approval_status.empty()) {
          out.warnings.push_back({l.number, "header", "second approval line \"" + value + "\" replaces \"" +
                                                          out.approval_status + "\""});
        }
        out.approval_status = std::move(value);
      }
      continue;
    }
    if (values.empty()) {
      if (!(first && FoldKey(l.text) == "management response")) {
        out.warnings.push_back({l.number, "header", "text before the header ignored: \"" + Excerpt(l.text, 60) + '"'});
      }
      continue;
    }
    if (in_paragraph) {
      paragraphs.back() += "\n" + l.text;
    } else {
      paragraphs.push_back(l.text);
    }
    in_paragraph = true;
  }

  if (!seen_anything && i >= lines.size()) return InvalidArgument("the document is empty", LineField(last_line));
  if (values.empty()) {
    return InvalidArgument("no header before the first recommendation (expected ': office', "
                           "': plan period , office (type)', ': title', ': country/region' at the top)",
                           LineField(i < lines.size() ? lines[i].number : last_line));
  }
  std::size_t next = 0;
  int header_end_line = values.back().line;
  if (next < values.size()) out.office = values[next++].text;
  if (next < values.size() && StartsWithYear(values[next].text)) {
    ReadPeriodLine(values[next++].text, out);
  } else {
    out.warnings.push_back({header_end_line, "header", "no plan period line (\": 2022 - 2023 , Office (CO)\")"});
  }
  if (next >= values.size()) {
    return InvalidArgument("the header has no evaluation title (expected ': office', ': plan period , office (type)',"
                           " ': title', ': country/region' at the top)",
                           LineField(header_end_line));
  }
  out.title = values[next++].text;
  if (next < values.size()) out.region = values[next++].text;
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    if (p > 0) out.overall_response += "\n\n";
    out.overall_response += paragraphs[p];
  }
  if (i >= lines.size()) {
    return InvalidArgument("the document has no recommendation (expected a line starting with 'Recommendation:')",
                           LineField(last_line));
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::import::gate
