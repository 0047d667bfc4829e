#include "notifier/channels/chat_escape.h"

namespace mrtrack::notifier {
namespace {

// Control characters (C0, DEL) and the Unicode line and paragraph
// separators U+2028/U+2029 start a new line in some clients.
bool IsLineBreakLike(std::string_view s, std::size_t i, std::size_t* length) {
  const auto c = static_cast<unsigned char>(s[i]);
  *length = 1;
  if (c < 0x20 || c == 0x7F) return true;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
    *length = 3;
    return true;
  }
  return false;
}

// Every line break and control character as one space.
std::string OneLine(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size();) {
    std::size_t n = 1;
    if (IsLineBreakLike(value, i, &n)) {
      out += ' ';
    } else {
      out += value[i];
    }
    i += n;
  }
  return out;
}

std::string AngleAndAmpersandEntities(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : OneLine(value)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string EscapeSlackText(std::string_view value) { return AngleAndAmpersandEntities(value); }

std::string EscapeGoogleChatText(std::string_view value) { return AngleAndAmpersandEntities(value); }

std::string EscapeTeamsText(std::string_view value) {
  const std::string line = OneLine(value);
  std::string out;
  out.reserve(line.size() + 8);
  std::size_t i = 0;
  // What would open a heading or a list where the value starts a line ('>'
  // is escaped everywhere below).
  const std::size_t first = line.find_first_not_of(' ');
  if (first != std::string::npos) {
    const char c = line[first];
    const std::size_t digits = line.find_first_not_of("0123456789", first);
    if (c == '#' || c == '+' || c == '-') {
      out = line.substr(0, first) + "\\" + c;
      i = first + 1;
    } else if (digits != first && digits != std::string::npos && (line[digits] == '.' || line[digits] == ')')) {
      out = line.substr(0, digits) + "\\" + line[digits];  // "1." -> "1\."
      i = digits + 1;
    }
  }
  for (; i < line.size(); ++i) {
    switch (line[i]) {
      case '\\': case '*': case '_': case '`': case '~': case '[': case ']':
      case '(': case ')': case '<': case '>': case '|':
        out += '\\';
        break;
      default:
        break;
    }
    out += line[i];
  }
  return out;
}

}  // namespace mrtrack::notifier
