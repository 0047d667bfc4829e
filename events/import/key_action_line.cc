#include "events/import/key_action_line.h"

#include "events/import/key_action_fields.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

struct Token {
  std::size_t offset;
  std::string_view text;
};

std::vector<Token> Tokens(std::string_view s) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    tokens.push_back({i, s.substr(i, j - i)});
    i = j;
  }
  return tokens;
}

std::string LineField(int line_no) { return "line " + std::to_string(line_no); }

// Where the pieces of the line are, once found.
struct Layout {
  std::size_t head_end = 0;                // End of "<description> <responsible>".
  std::optional<std::string_view> deadline;
  std::optional<StatusMatch> status;
  std::string_view status_raw;
  std::string_view comment;
};

std::optional<Layout> FindLayout(std::string_view s, const std::vector<Token>& tokens,
                                 const ResponsibleMatcher& matcher, int line_no, Status& error) {
  // 1. A deadline followed by a status label; 2. a deadline that ends the line.
  for (const Token& t : tokens) {
    if (!LooksLikeDeadline(t.text)) continue;
    std::string_view after = Trim(s.substr(t.offset + t.text.size()));
    if (auto status = StatusAtStart(after)) {
      return Layout{t.offset, t.text, status, after.substr(0, status->length), Trim(after.substr(status->length))};
    }
  }
  if (!tokens.empty() && LooksLikeDeadline(tokens.back().text)) {
    return Layout{tokens.back().offset, tokens.back().text, std::nullopt, {}, {}};
  }
  // A deadline right after a known responsible but followed by no status label is a mistake, not prose.
  for (const Token& t : tokens) {
    if (!LooksLikeDeadline(t.text) || !matcher.EndsWithAlias(s.substr(0, t.offset))) continue;
    std::string_view after = Trim(s.substr(t.offset + t.text.size()));
    std::size_t cut = 0;
    for (int words = 0; words < 3 && cut < after.size(); ++words) {
      std::size_t next = after.find(' ', cut + 1);
      cut = next == std::string_view::npos ? after.size() : next;
    }
    error = InvalidArgument("unknown status label \"" + std::string(after.substr(0, cut)) + "\" after deadline " +
                                std::string(t.text) +
                                " (expected Not Initiated, Initiated, Ongoing, Completed, No Longer Applicable"
                                " or a legacy label such as \"Over due\")",
                            LineField(line_no));
    return std::nullopt;
  }
  // 3. No deadline: a status label right after a known responsible.
  for (std::size_t k = 1; k < tokens.size(); ++k) {
    auto status = StatusAtStart(s.substr(tokens[k].offset));
    if (!status || !matcher.EndsWithAlias(s.substr(0, tokens[k].offset))) continue;
    std::string_view after = s.substr(tokens[k].offset);
    return Layout{tokens[k].offset, std::nullopt, status, after.substr(0, status->length),
                  Trim(after.substr(status->length))};
  }
  // 4. Neither: a line that ends with a known responsible.
  if (matcher.EndsWithAlias(s)) return Layout{s.size(), std::nullopt, std::nullopt, {}, {}};
  return std::nullopt;
}

}  // namespace

Result<std::optional<ParsedKeyAction>> ReadFlatActionLine(std::string_view line, int line_no,
                                                          const ResponsibleMatcher& matcher, bool force) {
  std::string_view s = Trim(line);
  std::vector<Token> tokens = Tokens(s);
  Status error;
  std::optional<Layout> layout = FindLayout(s, tokens, matcher, line_no, error);
  if (!error.ok()) return error;
  if (!layout) {
    if (!force) return std::optional<ParsedKeyAction>();
    layout = Layout{s.size(), std::nullopt, std::nullopt, {}, {}};
  }
  ParsedKeyAction action;
  action.line = line_no;
  if (layout->deadline) {
    auto deadline = ParseDeadline(*layout->deadline);
    if (!deadline.ok()) {
      return InvalidArgument("impossible deadline: " + deadline.status().message(), LineField(line_no));
    }
    action.deadline = *deadline;
  }
  if (layout->status) {
    action.status = layout->status->status;
    action.status_raw = std::string(layout->status_raw);
  }
  action.comment = std::string(layout->comment);
  ResponsibleMatcher::Split split = matcher.SplitTrailing(s.substr(0, layout->head_end));
  DescriptionPrefix prefix = SplitDescriptionPrefix(split.description);
  action.label = prefix.label;
  action.scope = prefix.scope;
  action.description = prefix.rest;
  action.responsible = std::move(split.responsible);
  return std::optional<ParsedKeyAction>(std::move(action));
}

bool LooksLikeKeyActionLine(std::string_view line) {
  std::string_view s = Trim(line);
  for (const Token& t : Tokens(s)) {
    if (LooksLikeDeadline(t.text) && StatusAtStart(Trim(s.substr(t.offset + t.text.size())))) return true;
  }
  return false;
}

void WarnAboutAction(const ParsedKeyAction& a, const std::string& where, std::vector<ImportWarning>& out) {
  auto warn = [&](std::string message) { out.push_back({a.line, where, std::move(message)}); };
  if (a.description.empty()) warn("key action has no description");
  if (a.responsible.match == "none") {
    warn("no responsible found");
  } else if (a.responsible.match == "heuristic") {
    warn("responsible \"" + a.responsible.text +
         "\" was found by the capitalised-words heuristic (no unit alias ends the description); check the split");
  }
  for (const auto& part : a.responsible.unmatched) {
    warn("responsible \"" + part + "\" matches no unit of the directory; kept as free text");
  }
  if (!a.deadline) warn("no deadline");
  if (!a.status) {
    warn("no status; a new action starts as Not Initiated");
  } else if (FoldKey(a.status_raw) != FoldKey(StatusLabel(*a.status))) {
    warn(std::string("status label \"") + a.status_raw + "\" read as \"" + StatusLabel(*a.status) + "\"");
  }
}

}  // namespace mrtrack::events::import
