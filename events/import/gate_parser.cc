#include "events/import/gate_parser.h"

#include <algorithm>
#include <cstdio>

#include "common/crypto.h"
#include "events/import/gate_reader.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {

Result<ParsedEvaluation> ParseGateText(std::string_view text, const config::Config& config) {
  ParsedEvaluation out;
  out.source_format = "gate";
  out.source_sha256 = HexEncode(Sha256(text));

  std::vector<gate::SourceLine> lines;
  int number = 0;
  for (const std::string& raw : SplitLines(text)) {
    if (auto bad = FirstInvalidUtf8(raw)) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(raw[*bad])));
      return InvalidArgument("the text is not UTF-8 (byte " + std::string(byte) + " at column " +
                                 std::to_string(*bad + 1) + "); save or convert it as UTF-8",
                             gate::LineField(number + 1));
    }
    bool repaired = false;
    lines.push_back({++number, CleanLine(raw, &repaired)});
    if (repaired) {
      out.warnings.push_back({number, "text", "'?' read as an apostrophe (encoding slip, e.g. \"Women?s\")"});
    }
  }

  ResponsibleMatcher matcher(config.units);
  std::size_t i = 0;
  MRTRACK_RETURN_IF_ERROR(gate::ReadHeader(lines, i, out));
  MRTRACK_RETURN_IF_ERROR(gate::ReadRecommendations(lines, i, matcher, out));
  std::stable_sort(out.warnings.begin(), out.warnings.end(),
                   [](const ImportWarning& a, const ImportWarning& b) { return a.line < b.line; });
  return out;
}

}  // namespace mrtrack::events::import
