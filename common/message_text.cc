#include "common/message_text.h"

namespace mrtrack {
namespace {

// The longest prefix of at most max_bytes that does not split a UTF-8 character.
std::string_view CutAtCharacter(std::string_view value, std::size_t max_bytes) {
  if (value.size() <= max_bytes) return value;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end);
}

}  // namespace

std::string MessageValue(std::string_view value, char quote, std::size_t max_bytes) {
  std::string_view kept = CutAtCharacter(value, max_bytes);
  std::string out;
  if (quote != '\0') out += quote;
  out += kept;
  if (kept.size() < value.size()) out += "\xE2\x80\xA6";  // "…"
  if (quote != '\0') out += quote;
  if (kept.size() < value.size()) out += " (cut, " + std::to_string(value.size()) + " bytes)";
  return out;
}

std::string MessageField(std::string_view name, std::size_t max_bytes) {
  std::string_view kept = CutAtCharacter(name, max_bytes);
  if (kept.size() == name.size()) return std::string(name);
  return std::string(kept) + "\xE2\x80\xA6";
}

}  // namespace mrtrack
