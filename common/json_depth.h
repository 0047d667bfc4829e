// A nesting limit for untrusted JSON, checked on the bytes before parsing.
//
// nlohmann::json parses without recursion, but copying, comparing, dumping
// and destroying a value recurse over its depth: a document nested 100,000
// deep overflows the stack in whichever of them runs first. So every JSON
// input from outside (imports, command bodies) passes CheckJsonDepth() before
// it is parsed; the scan is one iterative pass that keeps at most
// `max_depth` frames, whatever the input.
//
// The scan only counts brackets outside strings. It does not validate: a
// malformed document that stays within the limit passes, and the parser
// then reports what is wrong with it.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace mrtrack {

// Default: 64 levels of objects and arrays (the outermost counts as 1).
inline constexpr std::size_t kMaxJsonDepth = 64;

// How the error's field names the place: "/units/0/0" or "units[0][0]".
enum class JsonPathStyle { kPointer, kDotted };

// kInvalidArgument when a container opens at depth max_depth + 1; its field
// is the path of that container (cut after a few hundred bytes, keys cut to
// a few dozen).
Status CheckJsonDepth(std::string_view text, JsonPathStyle style, std::size_t max_depth = kMaxJsonDepth);

}  // namespace mrtrack
