#include "events/import/key_action_line.h"

#include <algorithm>

#include "events/import/key_action_fields.h"
#include "events/import/latin_letters.h"
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

// Where the pieces of the line are, once found.
struct Layout {
  std::size_t head_end = 0;                // End of "<description> <responsible>".
  std::optional<std::string_view> deadline;
  std::optional<StatusMatch> status;
  std::string_view status_raw;             // Also set for an unknown or cut label (status then nullopt).
  std::string_view comment;
};

bool StartsCapitalised(std::string_view word) { return StartsWithCapital(word); }

// After a deadline, text that is no status label: the label is unknown or cut
// ("Pending", "Compl"). It is the leading run of capitalised words (at most
// three), or the first word when none is capitalised; the rest is the comment.
Layout UnknownStatusLayout(std::size_t head_end, std::string_view deadline, std::string_view after) {
  std::vector<Token> words = Tokens(after);
  std::size_t n = 0;
  while (n < words.size() && n < 3 && StartsCapitalised(words[n].text)) ++n;
  if (n == 0) n = 1;
  std::size_t cut = words[n - 1].offset + words[n - 1].text.size();
  return Layout{head_end, deadline, std::nullopt, after.substr(0, cut), Trim(after.substr(cut))};
}

// A status label that ends the line, written with a capital ("... Office Ongoing"), after two words or more.
std::optional<Layout> TrailingStatusLayout(std::string_view s, const std::vector<Token>& tokens) {
  for (std::size_t k = std::min<std::size_t>(5, tokens.size() > 2 ? tokens.size() - 2 : 0); k >= 1; --k) {
    std::size_t from = tokens.size() - k;
    if (!StartsCapitalised(tokens[from].text)) continue;
    std::string_view label = s.substr(tokens[from].offset);
    if (auto status = ParseLegacyStatus(label)) {
      return Layout{tokens[from].offset, std::nullopt, StatusMatch{*status, label.size()}, label, {}};
    }
  }
  return std::nullopt;
}

std::optional<Layout> FindLayout(std::string_view s, const std::vector<Token>& tokens,
                                 const ResponsibleMatcher& matcher) {
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
  // 3. A deadline followed by something that is no status label: an unknown or cut label, kept raw. After a
  // known responsible whatever follows; otherwise only a capitalised word, so prose mentioning a month is not
  // taken for an action.
  for (std::size_t k = 1; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (!LooksLikeDeadline(t.text)) continue;
    std::string_view after = Trim(s.substr(t.offset + t.text.size()));
    if (matcher.EndsWithAlias(s.substr(0, t.offset)) || StartsCapitalised(after)) {
      return UnknownStatusLayout(t.offset, t.text, after);
    }
  }
  // 4. No deadline: a status label right after a known responsible.
  for (std::size_t k = 1; k < tokens.size(); ++k) {
    auto status = StatusAtStart(s.substr(tokens[k].offset));
    if (!status || !matcher.EndsWithAlias(s.substr(0, tokens[k].offset))) continue;
    std::string_view after = s.substr(tokens[k].offset);
    return Layout{tokens[k].offset, std::nullopt, status, after.substr(0, status->length),
                  Trim(after.substr(status->length))};
  }
  // 5. A line that ends with a known responsible; 6. one that ends with a capitalised status label.
  if (matcher.EndsWithAlias(s)) return Layout{s.size(), std::nullopt, std::nullopt, {}, {}};
  if (auto layout = TrailingStatusLayout(s, tokens)) return layout;
  // 7. A numbered or scoped line ("1.2. ...", "KAZ: ...") is an action whatever else it has.
  DescriptionPrefix prefix = SplitDescriptionPrefix(s);
  if (!prefix.label.empty() || !prefix.scope.empty()) return Layout{s.size(), std::nullopt, std::nullopt, {}, {}};
  return std::nullopt;
}

}  // namespace

Result<std::optional<ParsedKeyAction>> ReadFlatActionLine(std::string_view line, int line_no,
                                                          const ResponsibleMatcher& matcher, bool force) {
  std::string_view s = Trim(line);
  std::vector<Token> tokens = Tokens(s);
  std::optional<Layout> layout = FindLayout(s, tokens, matcher);
  if (!layout) {
    if (!force) return std::optional<ParsedKeyAction>();
    layout = Layout{s.size(), std::nullopt, std::nullopt, {}, {}};
  }
  ParsedKeyAction action;
  action.line = line_no;
  if (layout->deadline) {
    auto deadline = ParseDeadline(*layout->deadline);
    if (!deadline.ok()) {
      return InvalidArgument("impossible deadline: " + deadline.status().message(), "line " + std::to_string(line_no));
    }
    action.deadline = *deadline;
  }
  if (layout->status) action.status = layout->status->status;
  action.status_raw = std::string(layout->status_raw);
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
  if (!a.status && FoldKey(a.status_raw) == "no due date") {  // ERC pages: a state of the deadline, not of the work
    warn("status label \"" + a.status_raw + "\" says only that the action has no deadline; kept as published, "
         "status not set");
  } else if (!a.status && !a.status_raw.empty()) {
    warn("status label \"" + a.status_raw +
         "\" is no status (unknown or cut); kept as published, status not set (expected Not Initiated, Initiated, "
         "Ongoing, Completed, No Longer Applicable or a legacy label such as \"Over due\")");
  } else if (!a.status) {
    warn("no status; a new action starts as Not Initiated");
  } else if (FoldKey(a.status_raw) != FoldKey(StatusLabel(*a.status))) {
    warn(std::string("status label \"") + a.status_raw + "\" read as \"" + StatusLabel(*a.status) + "\"");
  }
}

}  // namespace mrtrack::events::import
