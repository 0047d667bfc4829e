#include "events/import/source_stamps.h"

#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

// "[Added: 2025/07/01]" at s[at]: the date and the length of the stamp, or length 0.
std::size_t StampAt(std::string_view s, std::size_t at, std::string_view label, std::string& date) {
  std::string_view rest = s.substr(at);
  if (rest.empty() || rest[0] != '[' || !StartsWithFolded(rest.substr(1), label)) return 0;
  std::size_t colon = 1 + label.size();
  while (colon < rest.size() && rest[colon] == ' ') ++colon;
  if (colon >= rest.size() || rest[colon] != ':') return 0;
  std::size_t close = rest.find(']', colon);
  if (close == std::string_view::npos) return 0;
  date = std::string(Trim(rest.substr(colon + 1, close - colon - 1)));
  return close + 1;
}

}  // namespace

SourceStamps TakeSourceStamps(std::string& text) {
  if (text.find('[') == std::string::npos) return {};
  SourceStamps stamps;
  std::string out;
  bool first = true;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line(text.data() + start, end - start);
    std::string kept;
    bool had_stamp = false;
    for (std::size_t i = 0; i < line.size();) {
      std::size_t len = StampAt(line, i, "Added", stamps.added);
      if (len == 0) len = StampAt(line, i, "Last Updated", stamps.last_updated);
      if (len == 0) {
        kept.push_back(line[i++]);
        continue;
      }
      had_stamp = true;
      i += len;
    }
    std::string cleaned = had_stamp ? CleanLine(kept) : std::string(line);
    if (!(had_stamp && cleaned.empty())) {
      out += (first ? "" : "\n") + cleaned;
      first = false;
    }
    start = end + 1;
  }
  if (!stamps.empty()) text = std::move(out);
  return stamps;
}

nlohmann::json SourceStampsToJson(const SourceStamps& stamps) {
  return {{"added", stamps.added}, {"last_updated", stamps.last_updated}};
}

}  // namespace mrtrack::events::import
