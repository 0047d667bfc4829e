// The key-action section of a recommendation block: every line up to the
// next "Recommendation:" or the end.
// - A section where some line begins or ends with "|" is a table
//   (table_section.h).
// - Otherwise each line is read by key_action_line.h. "Key Actions" and the
//   column header ("Responsible Deadline Status Comments") are skipped. A
//   line with the shape of an action is one. Any other line continues the
//   comment of the action above only when that action's line had a comment
//   (the layout of a multi-line comment), and the join is reported; after an
//   action without comment it is read as an action of its own, with a
//   warning, never folded silently into another action.
#include "events/import/gate_reader.h"

#include "events/import/key_action_line.h"
#include "events/import/source_stamps.h"
#include "events/import/table_row.h"
#include "events/import/table_section.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import::gate {
namespace {

std::string ActionWhere(int recommendation, std::size_t action) {
  return "action " + std::to_string(recommendation) + "." + std::to_string(action);
}

constexpr char kEndsInside[] =
    "the text ends inside a key action; the fragment is kept as this action: check it against the source";

// A status label the end of the document cut ("Compl", "Not Init").
bool IsCutLabel(const ParsedKeyAction& a) {
  if (a.status || a.status_raw.size() < 2) return false;
  std::string raw = FoldKey(a.status_raw);
  for (std::string_view label : {"not initiated", "initiated", "ongoing", "completed", "no longer applicable"}) {
    if (label.size() > raw.size() && label.substr(0, raw.size()) == raw) return true;
  }
  return false;
}

class SectionReader {
 public:
  SectionReader(const ResponsibleMatcher& matcher, int number, ParsedRecommendation& rec,
                std::vector<ImportWarning>& warnings)
      : matcher_(matcher), number_(number), rec_(rec), warnings_(warnings) {}

  void Add(ParsedKeyAction action, const std::vector<ImportWarning>& notes = {}) {
    rec_.actions.push_back(std::move(action));
    std::string where = Where();
    WarnAboutAction(rec_.actions.back(), where, warnings_);
    for (const ImportWarning& n : notes) warnings_.push_back({n.line, where, n.message});
  }

  Status Table(const std::vector<TableLine>& section, bool ends_document) {
    MRTRACK_ASSIGN_OR_RETURN(std::vector<TableAction> actions, ReadTableSection(section, ends_document, matcher_));
    for (TableAction& a : actions) Add(std::move(a.action), a.notes);
    return Status::Ok();
  }

  Status Flat(const std::vector<TableLine>& section, bool ends_document) {
    int joined_from = 0, joined_to = 0;  // Continuation lines of the last action's comment.
    auto report_join = [&] {
      if (joined_from == 0) return;
      std::string lines = joined_from == joined_to ? "line " + std::to_string(joined_from)
                                                   : "lines " + std::to_string(joined_from) + "-" +
                                                         std::to_string(joined_to);
      warnings_.push_back({joined_from, Where(), "comment continues on " + lines +
                                                     " (no deadline, status or responsible there); joined"});
      joined_from = joined_to = 0;
    };
    for (const TableLine& l : section) {
      if (IsKeyActionsHeading(l.text) || IsColumnHeaderLine(l.text)) continue;
      std::string text = l.text;
      // ERC: "[Added: ...] [Last Updated: ...]" after the text; a stamped line is an action of its own.
      SourceStamps stamps = TakeSourceStamps(text);
      bool force = rec_.actions.empty() || !stamps.empty();
      MRTRACK_ASSIGN_OR_RETURN(std::optional<ParsedKeyAction> action,
                               ReadFlatActionLine(text, l.number, matcher_, force));
      if (action) {
        report_join();
        action->stamps = stamps;
        Add(std::move(*action));
        continue;
      }
      ParsedKeyAction& last = rec_.actions.back();
      if (!last.comment.empty()) {
        last.comment += "\n" + l.text;
        last.last_line = l.number;
        if (joined_from == 0) joined_from = l.number;
        joined_to = l.number;
        continue;
      }
      report_join();
      MRTRACK_ASSIGN_OR_RETURN(action, ReadFlatActionLine(text, l.number, matcher_, /*force=*/true));
      action->stamps = stamps;
      Add(std::move(*action), {{l.number, "",
                                "line has no deadline, status, known responsible or number, and the action above "
                                "has no comment it could continue: read as a key action of its own"}});
    }
    report_join();
    if (ends_document && !rec_.actions.empty() && IsCutLabel(rec_.actions.back())) {
      warnings_.push_back({rec_.actions.back().line, Where(), kEndsInside});
    }
    return Status::Ok();
  }

 private:
  std::string Where() const { return ActionWhere(number_, rec_.actions.size()); }

  const ResponsibleMatcher& matcher_;
  int number_;
  ParsedRecommendation& rec_;
  std::vector<ImportWarning>& warnings_;
};

}  // namespace

Status ReadKeyActions(const std::vector<SourceLine>& lines, std::size_t& i, const ResponsibleMatcher& matcher,
                      int number, ParsedRecommendation& rec, std::vector<ImportWarning>& warnings) {
  std::vector<TableLine> section;
  for (; i < lines.size() && !RecommendationStart(lines[i].text); ++i) {
    const SourceLine& l = lines[i];
    if (l.text.empty()) continue;
    if (auto label = RecommendationFieldLabel(l.text)) {
      return InvalidArgument("\"" + *label + ":\" after the key actions of recommendation " + std::to_string(number) +
                                 " (each recommendation starts with 'Recommendation:')",
                             LineField(l.number));
    }
    section.push_back({l.number, l.text});
  }
  bool ends_document = i >= lines.size();
  SectionReader reader(matcher, number, rec, warnings);
  return IsTableSection(section) ? reader.Table(section, ends_document) : reader.Flat(section, ends_document);
}

}  // namespace mrtrack::events::import::gate
