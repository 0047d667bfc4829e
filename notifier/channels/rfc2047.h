// Header encoding for e-mail (RFC 2047 / RFC 5322): non-ASCII header text
// becomes UTF-8 "B" encoded-words of at most 75 characters, folded onto
// continuation lines, split only between whole UTF-8 characters.
//
// Thread safety: pure functions.
#pragma once

#include <string>

namespace mrtrack::notifier::email {

// `text` unchanged when it is printable ASCII, else one or more
// "=?UTF-8?B?...?=" words separated by CRLF + space. Line breaks in `text`
// become spaces either way (a header value is one logical line).
std::string EncodeHeaderText(const std::string& text);

// An address with a display name: `"Name" <addr>` (quoted, ASCII) or
// `=?UTF-8?B?...?= <addr>`; just `addr` when the name is empty.
std::string FormatAddress(const std::string& name, const std::string& address);

}  // namespace mrtrack::notifier::email
