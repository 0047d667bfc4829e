#include "events/import/response_fields.h"

#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

constexpr char kAccepted[] = "Accepted";
constexpr char kPartially[] = "Partially accepted";
constexpr char kRejected[] = "Rejected";

bool ContainsWord(const std::string& folded, std::string_view phrase) {
  for (std::size_t at = folded.find(phrase); at != std::string::npos; at = folded.find(phrase, at + 1)) {
    std::size_t end = at + phrase.size();
    bool before = at == 0 || !IsWordByte(folded[at - 1]);
    bool after = end == folded.size() || !IsWordByte(folded[end]);
    if (before && after) return true;
  }
  return false;
}

// The sentences of a text: up to ". ", "! ", "? ", a line break, or the end; blanks trimmed.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool end = i == text.size() || text[i] == '\n' ||
               ((text[i] == '.' || text[i] == '!' || text[i] == '?') && (i + 1 == text.size() || text[i + 1] == ' '));
    if (!end) continue;
    std::size_t stop = i < text.size() && text[i] != '\n' ? i + 1 : i;
    std::string_view s = Trim(text.substr(start, stop - start));
    if (!s.empty()) out.push_back(s);
    start = i + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> NormaliseCategory(std::string_view raw) {
  std::string key = FoldKey(raw);
  while (!key.empty() && (key.back() == '.' || key.back() == ' ')) key.pop_back();
  if (key.empty()) return std::string();
  if (key == "accepted" || key == "fully accepted") return std::string(kAccepted);
  if (key == "partially accepted" || key == "accepted partially" || key == "partly accepted" ||
      key == "accepted in part") {
    return std::string(kPartially);
  }
  if (key == "rejected" || key == "not accepted") return std::string(kRejected);
  return std::nullopt;
}

CategoryInference InferCategoryFromProse(std::string_view response_text) {
  static constexpr std::string_view kPartialPhrases[] = {
      "accepted partially", "partially accepted", "partly accepted", "accepted in part", "partially accepts",
      "accepts partially", "partially agrees", "agrees partially", "partially agree", "accepted with reservations"};
  static constexpr std::string_view kRejectedPhrases[] = {
      "not accepted", "rejected", "does not accept", "do not accept", "rejects", "does not agree", "do not agree",
      "disagrees", "disagree with", "not agree", "cannot accept"};
  static constexpr std::string_view kNotedPhrases[] = {"takes note", "take note", "taken note", "noted"};
  static constexpr std::string_view kAcceptedPhrases[] = {"accepted", "accepts", "fully accepted", "agrees",
                                                          "agree with", "agreed", "accept"};
  auto any = [](const std::string& folded, const auto& phrases) {
    for (std::string_view p : phrases) {
      if (ContainsWord(folded, p)) return true;
    }
    return false;
  };
  for (std::string_view sentence : Sentences(response_text)) {
    std::string folded = Fold(sentence).text;
    CategoryInference found{"", std::string(sentence), false};
    if (any(folded, kPartialPhrases)) {
      found.category = kPartially;
    } else if (any(folded, kRejectedPhrases)) {
      found.category = kRejected;
    } else if (any(folded, kNotedPhrases)) {
      found.noted = true;
    } else if (any(folded, kAcceptedPhrases)) {
      found.category = kAccepted;
    } else {
      continue;
    }
    return found;
  }
  return {};
}

std::string InferCategory(std::string_view response_text) { return InferCategoryFromProse(response_text).category; }

void FinishRecommendation(ParsedRecommendation& rec, int number, int category_line,
                          std::vector<ImportWarning>& warnings) {
  std::string where = "recommendation " + std::to_string(number);
  ManagementResponse& r = rec.response;
  if (r.text.empty()) warnings.push_back({rec.line, where, "no management response text"});
  if (auto category = NormaliseCategory(r.category_raw)) {
    r.category = *category;
  } else {
    warnings.push_back({category_line, where, "unknown management response category \"" + r.category_raw +
                                                  "\"; kept as published, category left blank"});
  }
  if (r.category.empty()) {
    CategoryInference inferred = InferCategoryFromProse(r.text);
    r.category_inferred = inferred.category;
    rec.category_sentence = inferred.sentence;
    std::string quoted = "\"" + Excerpt(inferred.sentence, 120) + "\"";
    if (!inferred.category.empty()) {
      warnings.push_back({category_line, where, "category blank; \"" + inferred.category +
                                                    "\" inferred from the response text: " + quoted});
    } else if (inferred.noted) {
      warnings.push_back({category_line, where, "category blank; the response text only takes note: " + quoted});
    } else {
      warnings.push_back({category_line, where, "category blank and not stated in the response text"});
    }
  }
  if (rec.actions.empty()) warnings.push_back({rec.line, where, "recommendation has no key actions"});
}

std::vector<std::string> SplitTags(std::string_view value) {
  std::vector<std::string> tags;
  auto add = [&](std::string_view tag) {
    std::string t = CleanLine(tag);
    std::string key = FoldKey(t);
    if (t.empty() || key == "not applicable" || key == "n/a" || key == "none") return;
    tags.push_back(std::move(t));
  };
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '(') ++depth;
    if (value[i] == ')' && depth > 0) --depth;
    if (value[i] == ',' && depth == 0) {
      add(value.substr(start, i - start));
      start = i + 1;
    }
  }
  add(value.substr(start));
  return tags;
}

}  // namespace mrtrack::events::import
