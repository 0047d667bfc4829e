// Internal to the GATE parser: the header fields from what the header block
// holds (gate_header.cc collects it). Every field that is missing, or read
// from a place other than its labelled line, gets a warning naming the line,
// so nothing is shifted silently:
//   - values: office, then the plan period line (recognised by its leading
//     year), then title and region. A value that is an approval word
//     ("Approved", "Pending", "Draft", ...) is the approval status wherever it
//     stands. With one value left after office and period, it is the region
//     when it names the office's country (and the title is missing), else the
//     title.
//   - no value at all: the first line is the title when it reads as one (no
//     final '.', at most 300 bytes); repeats of it and a "Management Response
//     Plan" line are skipped; the rest is the overall response.
//   - a short unlabelled line right after three values, naming the office's
//     country or made of capitalised words, is the region.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/import/parsed_evaluation.h"

namespace mrtrack::events::import::gate {

struct HeaderLine {
  int line = 0;
  std::string text;
};

struct HeaderParagraph {
  bool before_values = false;  // Came before the first ": value" line.
  std::vector<HeaderLine> lines;
};

// A labelled header line of a UNDP ERC page ("Commissioning Unit: UNDP
// Kazakhstan"): the label as the page writes it, and the value.
struct LabelledLine {
  std::string label;  // One of kErcLabels, as listed there.
  HeaderLine value;
};

// The labels of an ERC page header, and the field each gives: "Evaluation
// Title" (title), "Commissioning Unit" (office), "Evaluation Plan" (plan
// period, read as GATE's period line), and "Evaluation Type", "Completion
// Date", "Unit Responsible for providing Management Response" (kept as
// published in source_fields: evaluation_type, completion_date,
// unit_responsible; the last is also the office when no "Commissioning Unit"
// line gives one).
std::optional<LabelledLine> ErcHeaderLine(const HeaderLine& line);

struct HeaderBlock {
  std::vector<LabelledLine> labelled;  // ERC header lines.
  std::vector<HeaderLine> values;      // ": value" lines before the overall response (at most four).
  std::vector<HeaderLine> approvals;   // ": value" lines after it.
  std::vector<HeaderParagraph> paragraphs;
};

// `recommendation_line`: where the first recommendation starts (warnings about a missing header name it).
void AssignHeaderFields(HeaderBlock block, int recommendation_line, ParsedEvaluation& out);

}  // namespace mrtrack::events::import::gate
