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

std::string InferCategory(std::string_view response_text) {
  std::string folded = Fold(response_text).text;
  for (std::string_view p : {"accepted partially", "partially accepted", "partly accepted", "accepted in part",
                             "partially accepts", "accepts partially"}) {
    if (ContainsWord(folded, p)) return kPartially;
  }
  for (std::string_view p : {"not accepted", "rejected", "does not accept", "do not accept", "rejects"}) {
    if (ContainsWord(folded, p)) return kRejected;
  }
  for (std::string_view p : {"accepted", "accepts", "fully accepted"}) {
    if (ContainsWord(folded, p)) return kAccepted;
  }
  return "";
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
