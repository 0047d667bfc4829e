#include "events/import/gate_header_fields.h"

#include <algorithm>

#include "events/import/latin_letters.h"
#include "events/import/responsible_matcher.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import::gate {
namespace {

constexpr char kWhere[] = "header";

bool StartsWithYear(std::string_view s) {
  if (s.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool IsApprovalWord(std::string_view value) {
  static constexpr std::string_view kWords[] = {"approved", "not approved", "pending", "pending approval", "draft",
                                                "submitted", "under review", "endorsed", "cleared"};
  std::string key = FoldKey(value);
  return std::find(std::begin(kWords), std::end(kWords), key) != std::end(kWords);
}

// "2022 - 2023 , Kazakhstan (CO)" -> period "2022 - 2023", office type "CO"; returns the office named there.
std::string ReadPeriodLine(std::string_view value, ParsedEvaluation& out) {
  std::size_t comma = value.find(',');
  out.plan_period = std::string(Trim(value.substr(0, comma)));
  if (comma == std::string_view::npos) return "";
  std::string_view rest = Trim(value.substr(comma + 1));
  std::size_t open = rest.rfind('(');
  if (open != std::string_view::npos && rest.back() == ')') {
    out.office_type = std::string(Trim(rest.substr(open + 1, rest.size() - open - 2)));
    rest = Trim(rest.substr(0, open));
  }
  if (out.office.empty()) out.office = std::string(rest);
  return std::string(rest);
}

// A region line: names one of the office's places, or is a few capitalised words without a final '.'.
bool LooksLikeRegion(std::string_view text, const std::vector<std::string>& places) {
  std::string key = FoldKey(text);
  for (const std::string& place : places) {
    if (!place.empty() && FoldKey(place) == key) return true;
  }
  if (text.size() > 60) return false;
  std::size_t words = NameWords(text);  // "Europe and Central Asia", "Afrique de l'Ouest et du Centre"
  return words > 0 && words <= 6;
}

bool IsTitleLike(std::string_view text) { return text.size() <= 300 && text.back() != '.' && text.back() != ':'; }

std::string Joined(const std::vector<HeaderLine>& lines) {
  std::string out;
  for (const HeaderLine& l : lines) out += (out.empty() ? "" : "\n") + l.text;
  return out;
}

// The lines of a page without ": value" header: its title (maybe repeated, maybe followed by "Management
// Response Plan") and the overall response.
void ReadHeaderlessPage(std::vector<HeaderParagraph>& paragraphs, int recommendation_line, ParsedEvaluation& out) {
  std::vector<HeaderLine> all;
  for (const HeaderParagraph& p : paragraphs) all.insert(all.end(), p.lines.begin(), p.lines.end());
  std::size_t k = 0;
  if (k < all.size() && FoldKey(all[k].text) == "management response") ++k;
  if (k < all.size() && IsTitleLike(all[k].text)) {
    out.title = all[k].text;
    out.warnings.push_back({all[k].line, kWhere, "no ': value' header; the title is read from this line"});
    std::string title = FoldKey(out.title);
    auto skipped = [&](const std::string& line) {
      std::string key = FoldKey(line);
      return key == title || key == "management response plan" || key == "management response" ||
             key == title + " management response plan";
    };
    std::size_t drop = ++k;
    while (drop < all.size() && skipped(all[drop].text)) ++drop;
    k = drop;
  } else {
    out.warnings.push_back({all.empty() ? recommendation_line : all[k].line, kWhere,
                            "no ': value' header and no title line; give the title with --title"});
  }
  // What follows is the overall response, paragraph by paragraph.
  int first_kept = k < all.size() ? all[k].line : 0;
  std::vector<std::string> kept;
  for (const HeaderParagraph& p : paragraphs) {
    std::vector<HeaderLine> rest;
    for (const HeaderLine& l : p.lines) {
      if (first_kept > 0 && l.line >= first_kept) rest.push_back(l);
    }
    if (!rest.empty()) kept.push_back(Joined(rest));
  }
  for (std::size_t p = 0; p < kept.size(); ++p) out.overall_response += (p > 0 ? "\n\n" : "") + kept[p];
  out.warnings.push_back({recommendation_line, kWhere, "no office stated; give it with --office"});
  out.warnings.push_back({recommendation_line, kWhere, "no plan period stated; give it with --period"});
}

// Paragraphs joined by a blank line, the lines of one by a line break.
void AppendOverallResponse(const std::vector<HeaderParagraph>& paragraphs, ParsedEvaluation& out) {
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    out.overall_response += (p > 0 ? "\n\n" : "") + Joined(paragraphs[p].lines);
  }
}

constexpr std::string_view kErcLabels[] = {"Evaluation Title", "Commissioning Unit", "Evaluation Plan",
                                           "Evaluation Type", "Completion Date",
                                           "Unit Responsible for providing Management Response"};

// An ERC page: fields from their labels; the page's title line before them is the title when no label gives it.
// The labels the model has no field for are kept as published in source_fields.
void ReadErcHeader(HeaderBlock& block, ParsedEvaluation& out) {
  std::string responsible_unit, plan;
  for (const LabelledLine& l : block.labelled) {
    if (l.value.text.empty()) continue;
    if (l.label == "Evaluation Title") out.title = l.value.text;
    if (l.label == "Commissioning Unit") out.office = l.value.text;
    if (l.label == "Evaluation Plan") plan = l.value.text;
    if (l.label == "Evaluation Type") out.source_fields["evaluation_type"] = l.value.text;
    if (l.label == "Completion Date") out.source_fields["completion_date"] = l.value.text;
    if (l.label == "Unit Responsible for providing Management Response") {
      responsible_unit = l.value.text;
      out.source_fields["unit_responsible"] = l.value.text;
    }
  }
  // "2021 - 2025" or, as GATE writes it, "2021 - 2025 , UNDP Kazakhstan (CO)" (the office when no label gives it).
  if (!plan.empty()) ReadPeriodLine(plan, out);
  std::vector<HeaderLine> before;
  for (const HeaderParagraph& p : block.paragraphs) {
    if (p.before_values) before.insert(before.end(), p.lines.begin(), p.lines.end());
  }
  std::erase_if(block.paragraphs, [](const HeaderParagraph& p) { return p.before_values; });
  for (std::size_t k = 0; k < before.size(); ++k) {
    const HeaderLine& l = before[k];
    std::string key = FoldKey(l.text);
    if (key == "management response" || key == "management response plan" || key == FoldKey(out.title)) continue;
    if (out.title.empty() && k == 0 && IsTitleLike(l.text)) {
      out.title = l.text;
      out.warnings.push_back({l.line, kWhere, "no 'Evaluation Title:' line; the title is read from this line"});
      continue;
    }
    out.warnings.push_back({l.line, kWhere, "text before the header ignored: \"" + Excerpt(l.text, 60) + '"'});
  }
  int last = block.labelled.back().value.line;
  if (out.office.empty() && !responsible_unit.empty()) {
    out.office = responsible_unit;
    out.warnings.push_back({last, kWhere, "no 'Commissioning Unit:' line; the office is the unit responsible for "
                                          "the management response"});
  }
  if (out.title.empty()) out.warnings.push_back({last, kWhere, "no evaluation title; give it with --title"});
  if (out.office.empty()) out.warnings.push_back({last, kWhere, "no office stated; give it with --office"});
  if (out.plan_period.empty()) out.warnings.push_back({last, kWhere, "no plan period stated; give it with --period"});
}

}  // namespace

std::optional<LabelledLine> ErcHeaderLine(const HeaderLine& line) {
  for (std::string_view label : kErcLabels) {
    if (!StartsWithFolded(line.text, label)) continue;
    std::string_view rest = Trim(std::string_view(line.text).substr(label.size()));
    if (rest.empty() || rest[0] != ':') continue;
    return LabelledLine{std::string(label), {line.line, std::string(Trim(rest.substr(1)))}};
  }
  return std::nullopt;
}

void AssignHeaderFields(HeaderBlock block, int recommendation_line, ParsedEvaluation& out) {
  // Approval words are the approval status wherever they stand.
  std::vector<HeaderLine> values;
  for (HeaderLine& v : block.values) {
    if (IsApprovalWord(v.text)) {
      if (!values.empty()) {
        out.warnings.push_back({v.line, kWhere, "\"" + v.text + "\" read as the approval status, not a header field"});
      }
      block.approvals.insert(block.approvals.begin(), v);
    } else {
      values.push_back(std::move(v));
    }
  }
  for (const HeaderLine& a : block.approvals) {
    if (!out.approval_status.empty()) {
      out.warnings.push_back({a.line, kWhere, "second approval line \"" + a.text + "\" replaces \"" +
                                                  out.approval_status + "\""});
    }
    out.approval_status = a.text;
  }
  if (!block.labelled.empty()) {
    ReadErcHeader(block, out);
    AppendOverallResponse(block.paragraphs, out);
    return;
  }
  if (values.empty()) {
    ReadHeaderlessPage(block.paragraphs, recommendation_line, out);
    return;
  }
  for (const HeaderParagraph& p : block.paragraphs) {
    if (p.before_values && !(p.lines.size() == 1 && FoldKey(p.lines[0].text) == "management response")) {
      for (const HeaderLine& l : p.lines) {
        out.warnings.push_back({l.line, kWhere, "text before the header ignored: \"" + Excerpt(l.text, 60) + '"'});
      }
    }
  }
  std::erase_if(block.paragraphs, [](const HeaderParagraph& p) { return p.before_values; });

  std::size_t next = 0;
  int header_end_line = values.back().line;
  std::vector<std::string> places;  // Names of the office's country, to tell a region from a title.
  if (!StartsWithYear(values[next].text)) {
    out.office = values[next++].text;
    places.push_back(out.office);
  } else {
    out.warnings.push_back({values[next].line, kWhere, "no office line before the plan period; give it with --office"});
  }
  if (next < values.size() && StartsWithYear(values[next].text)) {
    places.push_back(ReadPeriodLine(values[next++].text, out));
  } else {
    out.warnings.push_back({header_end_line, kWhere, "no plan period line (\": 2022 - 2023 , Office (CO)\")"});
  }
  std::size_t left = values.size() - next;
  auto names_a_place = [&](const std::string& text) {
    return std::any_of(places.begin(), places.end(),
                       [&](const std::string& p) { return !p.empty() && FoldKey(p) == FoldKey(text); });
  };
  if (left == 1 && names_a_place(values[next].text)) {
    out.region = values[next].text;
    out.warnings.push_back({values[next].line, kWhere,
                            "the header has no evaluation title; \"" + values[next].text +
                                "\" is read as the region (it names the office's country); give the title with "
                                "--title"});
    next = values.size();
  } else if (left == 0) {
    out.warnings.push_back({header_end_line, kWhere,
                            "the header has no evaluation title (expected ': office', ': plan period , office "
                            "(type)', ': title', ': country/region' at the top); give the title with --title"});
  } else {
    out.title = values[next++].text;
    if (next < values.size()) out.region = values[next++].text;
  }
  // An unlabelled region line right after the header values.
  if (out.region.empty() && !out.title.empty() && !block.paragraphs.empty()) {
    std::vector<HeaderLine>& first = block.paragraphs.front().lines;
    if (LooksLikeRegion(first.front().text, places) && (first.size() > 1 || block.paragraphs.size() > 1)) {
      out.region = first.front().text;
      out.warnings.push_back({first.front().line, kWhere,
                              "\"" + out.region + "\" read as the region (a short line without ':' after the header)"});
      first.erase(first.begin());
      if (first.empty()) block.paragraphs.erase(block.paragraphs.begin());
    }
  }
  AppendOverallResponse(block.paragraphs, out);
}

}  // namespace mrtrack::events::import::gate
