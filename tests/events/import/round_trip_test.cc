// Round trip, for thousands of seeds: a generator makes a random management
// response (units with particles and accents, several units, free-text
// responsibles, scope prefixes, numbering, missing deadlines and statuses,
// multi-line comments), renders it in every layout the importer reads (the
// flat GATE text, the table whose rows begin with "| ", the table of cells
// without row marks, a page without ": value" header, a header with empty ':'
// lines and an unlabelled region line, UNDP ERC pages in both
// table layouts (labelled header, "[Added: ...] [Last Updated: ...]" stamps,
// a Documents column), JSON, CSV), and each import must give back the model
// field for field, as far as the layout states it (ERC pages have no category
// line and no tags; only they carry stamps and documents).
//
// The model keeps to what the layouts can say: a comment comes after a
// status (a flat line has nowhere else to put it), and an action with neither
// deadline nor status has a unit of the directory, a number or a scope (or a
// flat line could not be told from a comment's continuation).
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "events/import/csv_format.h"
#include "events/import/gate_parser.h"
#include "events/import/json_format.h"
#include "events/import/response_fields.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using Texts = std::vector<std::string>;

struct ModelAction {
  std::string label, scope, description;
  std::string responsible;        // As written; "" for none.
  Texts units, unmatched;         // What matching must find.
  std::string deadline, status;   // As written; "" for none.
  Texts comment;                  // Lines.
  SourceStamps stamps;            // ERC layouts only.
  std::string documents;          // ERC layouts only; "" for none.
};
struct ModelRecommendation {
  std::string text, response, category;
  SourceStamps response_stamps;   // ERC layouts only.
  std::array<Texts, 4> tags;
  std::vector<ModelAction> actions;
};
struct Model {
  std::string title, office, period, region, overall;
  std::vector<ModelRecommendation> recommendations;
};

config::Config RoundTripConfig() {
  config::Config c = testing::ExampleConfig();
  config::Unit civ;
  civ.id = "civ-co";
  civ.name = "UN Women Côte d'Ivoire";
  civ.aliases = {"UN Women Côte d’Ivoire CO"};
  config::Unit bol;
  bol.id = "bol-co";
  bol.name = "Oficina de País en Bolivia";
  c.units.push_back(civ);
  c.units.push_back(bol);
  return c;
}

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  Model Make() {
    Model m;
    m.title = Pick({"Évaluation finale du programme “Villes sûres”", "Final evaluation of the Umbrella Project",
                    "Evaluación del programa de País en Bolivia", "Evaluation of women’s economic empowerment"});
    m.office = Pick({"Kazakhstan", "Côte d'Ivoire", "Bolivia"});
    m.period = Pick({"2022 - 2023", "2024 - 2025", "2026 - 2027"});
    m.region = Pick({"Kazakhstan", "Afrique de l'Ouest et du Centre", "América Latina y el Caribe"});
    m.overall = Pick({"The office welcomes the evaluation.", "L’équipe accepte les recommandations.",
                      "UN Women will report on progress every year."});
    int recs = Int(1, 4);
    for (int r = 1; r <= recs; ++r) m.recommendations.push_back(Recommendation(r));
    return m;
  }

 private:
  std::string Pick(std::initializer_list<const char*> options) {
    std::vector<const char*> v(options);
    return v[static_cast<std::size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

  ModelRecommendation Recommendation(int number) {
    ModelRecommendation r;
    r.text = "Strengthen the " + Pick({"reporting", "monitoring", "coordination", "évaluation"}) + " of partners (" +
             std::to_string(number) + ").";
    r.category = Pick({"Accepted", "Partially accepted", "Rejected", ""});
    r.response = Pick({"Accepted.", "UN Women agrees with this recommendation.", "Accepted partially.",
                       "The office will act on it in 2026."});
    static const Texts kTags[] = {{"Governance", "Ending violence against women"},
                                  {"Capacity development", "National ownership"},
                                  {"Culture of results/RBM", "Organizational efficiency"},
                                  {"Effectiveness", "Sustainability"}};
    for (std::size_t t = 0; t < 4; ++t) {
      for (const auto& tag : kTags[t]) {
        if (Chance(50)) r.tags[t].push_back(tag);
      }
    }
    r.response_stamps = Stamps();
    int actions = Int(0, 4);
    for (int a = 1; a <= actions; ++a) r.actions.push_back(Action(number, a));
    return r;
  }

  SourceStamps Stamps() {
    auto day = [&] { return std::to_string(Int(2019, 2026)) + "/0" + std::to_string(Int(1, 9)) + "/1" +
                            std::to_string(Int(0, 9)); };
    SourceStamps s{day(), day()};
    if (Chance(10)) s.last_updated.clear();
    return s;
  }

  ModelAction Action(int rec, int number) {
    ModelAction a;
    if (Chance(30)) a.label = std::to_string(rec) + "." + std::to_string(number);
    if (Chance(30)) a.scope = Pick({"KAZ", "Global", "CIV"});
    a.description = Pick({"Train the gender focal points", "Publier le rapport annuel", "Revisar el plan de trabajo",
                          "Hold a reporting clinic, with the ministries,"}) +
                    std::string(" ") + Pick({"in Almaty.", "à Abidjan.", "en La Paz.", "for the partners."});
    int kind = Int(0, 5);
    struct Unit { const char* text; const char* id; };
    static const Unit kUnits[] = {{"UN Women Kazakhstan CO", "kaz-co"}, {"Programme Team", "kaz-programme"},
                                  {"Government institutions", "government"}, {"ECARO", "ecaro"},
                                  {"UN Women Côte d’Ivoire CO", "civ-co"}, {"Oficina de País en Bolivia", "bol-co"}};
    static const char* kFree[] = {"Ministry of Labour and Social Protection of Population",
                                  "Ministère de la Femme et de l'Enfant", "Escritório do Brasil e dos Parceiros",
                                  "Bureau de l'évaluation"};
    if (kind <= 2) {  // one or two units
      const Unit& u = kUnits[Int(0, 5)];
      a.responsible = u.text;
      a.units = {u.id};
      if (kind == 2) {
        const Unit& v = kUnits[Int(0, 5)];
        if (std::string(v.id) != u.id) {
          a.responsible += Pick({", ", " and ", " / "}) + std::string(v.text);
          a.units.push_back(v.id);
        }
      }
    } else if (kind <= 4) {  // free text, alone or before a unit
      a.responsible = kFree[Int(0, 3)];
      a.unmatched = {a.responsible};
      if (kind == 4) {
        a.responsible += ", UN Women Kazakhstan CO";
        a.units = {"kaz-co"};
      }
    }
    if (Chance(75)) a.deadline = std::to_string(Int(2024, 2028)) + "/" + (Chance(50) ? "0" : "1") + std::to_string(Int(1, 2));
    if (Chance(75)) {
      a.status = Pick({"Not Initiated", "Initiated", "Ongoing", "Completed", "No Longer Applicable", "Over due"});
    }
    bool known_unit = !a.units.empty() && a.unmatched.empty();
    if (a.deadline.empty() && a.status.empty() && !known_unit && a.label.empty() && a.scope.empty()) a.label = "9.9";
    if (a.deadline.empty() && !a.status.empty() && !known_unit) a.deadline = "2027/06";  // see the file comment
    a.stamps = Stamps();
    if (Chance(30)) a.documents = Pick({"Training plan.pdf", "Minutes of the board meeting 2025.docx", "Report.pdf"});
    if (!a.status.empty()) {
      int lines = Int(0, 3);
      for (int l = 0; l < lines; ++l) {
        a.comment.push_back(Pick({"First session held in March.", "Le comité s’est réuni deux fois.",
                                  "Draft guidance shared with two ministries; the third follows.",
                                  "waiting for the budget session."}));
      }
    }
    return a;
  }

  std::mt19937 rng_;
};

std::string Prefixed(const ModelAction& a) {
  std::string out = a.description;
  if (!a.scope.empty()) out = a.scope + ": " + out;
  if (!a.label.empty()) out = a.label + ". " + out;
  return out;
}

std::string TagLine(const Texts& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ", ") + t;
  return out.empty() ? "Not applicable" : out;
}

std::string Joined(const Texts& lines, const char* sep = "\n") {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : sep) + l;
  return out;
}

enum class Layout { kFlat, kMarkedTable, kCellTable, kNoHeader, kRegionLine, kErcCells, kErcMarked };

bool IsErc(Layout layout) { return layout == Layout::kErcCells || layout == Layout::kErcMarked; }

std::string StampsText(const SourceStamps& s) {
  return "[Added: " + s.added + "]" + (s.last_updated.empty() ? "" : " [Last Updated: " + s.last_updated + "]");
}

void WriteHeader(const Model& m, Layout layout, std::ostream& out) {
  if (IsErc(layout)) {  // the page's title line, then the labelled fields
    out << m.title << "\nEvaluation Title: " << m.title << "\nCommissioning Unit: " << m.office
        << "\nEvaluation Plan: " << m.period << "\nEvaluation Type: Project\nCompletion Date: 2025/06/30\n"
        << "Unit Responsible for providing Management Response: " << m.office << "\n" << m.overall << "\n";
    return;
  }
  if (layout == Layout::kRegionLine) {  // empty ':' lines, and the region on a line of its own
    out << "Management Response\n:\n: " << m.office << "\n: \n: " << m.period << " , " << m.office << " (CO)\n: "
        << m.title << "\n" << m.region << "\n" << m.overall << "\n:\n: Approved\n";
    return;
  }
  if (layout == Layout::kNoHeader) {
    out << m.title << "\n\n" << m.title << "\nManagement Response Plan\n\n" << m.overall << "\n\n: Approved\n";
    return;
  }
  out << "Management Response\n\n: " << m.office << "\n: " << m.period << " , " << m.office << " (CO)\n: " << m.title
      << "\n: " << m.region << "\n\n" << m.overall << "\n\n: Approved\n";
}

void WriteAction(const ModelAction& a, Layout layout, std::ostream& out) {
  auto cell = [&](const std::string& text) { out << (text.empty() ? "|" : text + " |") << "\n"; };
  if (IsErc(layout)) {
    std::string stamps = " " + StampsText(a.stamps);
    if (layout == Layout::kErcMarked) {
      out << "| " << Prefixed(a) << stamps << " |\n";
    } else {
      cell(Prefixed(a) + stamps);
    }
    for (const std::string* c : {&a.responsible, &a.deadline, &a.status}) cell(*c);
    cell(Joined(a.comment));
    cell(a.documents);
    return;
  }
  switch (layout) {
    case Layout::kFlat:
    case Layout::kNoHeader:
    case Layout::kRegionLine: {
      out << Prefixed(a);
      for (const std::string* part : {&a.responsible, &a.deadline, &a.status}) {
        if (!part->empty()) out << " " << *part;
      }
      for (std::size_t l = 0; l < a.comment.size(); ++l) out << (l == 0 ? " " : "\n") << a.comment[l];
      out << "\n";
      return;
    }
    case Layout::kMarkedTable:
      out << "| " << Prefixed(a) << " |\n";
      break;
    case Layout::kErcCells:
    case Layout::kErcMarked:
      break;
    case Layout::kCellTable:
      if (!a.scope.empty()) {  // the scope on a line of its own
        out << a.scope << ":\n" << (a.label.empty() ? "" : a.label + ". ") << a.description << " |\n";
      } else {
        cell(Prefixed(a));
      }
      break;
  }
  cell(a.responsible);
  if (layout == Layout::kCellTable && !a.deadline.empty()) {
    out << a.deadline << "\n|\n";  // closed by a lone "|"
  } else {
    cell(a.deadline);
  }
  cell(a.status);
  cell(Joined(a.comment));
}

std::string RenderGate(const Model& m, Layout layout) {
  std::ostringstream out;
  WriteHeader(m, layout, out);
  int number = 0;
  for (const auto& r : m.recommendations) {
    ++number;
    if (IsErc(layout)) {
      out << "Recommendation " << number << ": " << r.text << "\nManagement Response: "
          << StampsText(r.response_stamps) << "\n" << r.response << "\nKey Actions\n";
      if (layout == Layout::kErcMarked) {
        out << "| Key Action | Responsible | DueDate | Status | Comments | Documents |\n";
      } else {
        out << "Key Action |\nResponsible |\nDueDate |\nStatus |\nComments |\nDocuments |\n";
      }
      for (const auto& a : r.actions) WriteAction(a, layout, out);
      continue;
    }
    out << "Recommendation: " << r.text << "\nManagement Response: " << r.response
        << "\nManagement Response Category: " << r.category << "\nThematic Area: " << TagLine(r.tags[0])
        << "\nOperating Principles: " << TagLine(r.tags[1]) << "\nOrganizational Priorities: " << TagLine(r.tags[2])
        << "\nUNEG Criteria: " << TagLine(r.tags[3]) << "\nKey Actions\n";
    if (layout == Layout::kMarkedTable) out << "| Key Action | Responsible | Deadline | Status | Comments |\n";
    if (layout == Layout::kCellTable) out << "|\nResponsible |\nDeadline |\nStatus |\nComments |\n";
    if (layout == Layout::kFlat || layout == Layout::kNoHeader || layout == Layout::kRegionLine) {
      out << "Responsible Deadline Status Comments\n";
    }
    for (const auto& a : r.actions) WriteAction(a, layout, out);
  }
  return out.str();
}

std::string RenderJson(const Model& m) {
  nlohmann::json recs = nlohmann::json::array();
  for (const auto& r : m.recommendations) {
    nlohmann::json actions = nlohmann::json::array();
    for (const auto& a : r.actions) {
      auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
      actions.push_back({{"label", a.label}, {"scope", a.scope}, {"description", a.description},
                         {"responsible", or_null(a.responsible)}, {"deadline", or_null(a.deadline)},
                         {"status", or_null(a.status)}, {"comment", or_null(Joined(a.comment))}});
    }
    recs.push_back({{"text", r.text},
                    {"response", {{"text", r.response}, {"category", r.category}, {"thematic_areas", r.tags[0]},
                                  {"operating_principles", r.tags[1]}, {"organizational_priorities", r.tags[2]},
                                  {"uneg_criteria", r.tags[3]}}},
                    {"key_actions", std::move(actions)}});
  }
  nlohmann::json doc = {{"evaluation", {{"title", m.title}, {"office", m.office}, {"plan_period", m.period},
                                        {"office_type", "CO"}, {"region", m.region}, {"approval_status", "Approved"},
                                        {"overall_response", m.overall}}},
                        {"recommendations", std::move(recs)}};
  return doc.dump(1);
}

std::string Csv(const std::string& field) {
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string RenderCsv(const Model& m, char delimiter) {
  std::string d(1, delimiter);
  std::string out = "\xEF\xBB\xBF" "Evaluation" + d + "Office" + d + "Plan Period" + d + "Region" + d + "Recommendation" + d +
                    "Management Response" + d + "Category" + d + "Thematic Areas" + d + "Operating Principles" + d +
                    "Organizational Priorities" + d + "UNEG Criteria" + d + "Key Action" + d + "Responsible" + d +
                    "Due Date" + d + "Status" + d + "Comments\r\n";
  for (const auto& r : m.recommendations) {
    auto row = [&](const ModelAction* a) {
      Texts cells = {m.title, m.office, m.period, m.region, r.text, r.response, r.category,
                     Joined(r.tags[0], ", "), Joined(r.tags[1], ", "), Joined(r.tags[2], ", "), Joined(r.tags[3], ", ")};
      for (const std::string& c : a ? Texts{Prefixed(*a), a->responsible, a->deadline, a->status, Joined(a->comment)}
                                    : Texts{"", "", "", "", ""}) {
        cells.push_back(c);
      }
      for (std::size_t c = 0; c < cells.size(); ++c) out += (c ? d : "") + Csv(cells[c]);
      out += "\r\n";
    };
    if (r.actions.empty()) row(nullptr);
    for (const auto& a : r.actions) row(&a);
  }
  return out;
}

// What a layout states beyond what every layout does.
struct Stated {
  bool overall = true;            // Not in a spreadsheet.
  bool office_and_period = true;  // Not on a page without header.
  bool region = true;             // Not on a page without header nor on ERC pages.
  bool category_and_tags = true;  // Not on ERC pages.
  bool stamps = false;            // ERC pages only, with the documents.
};

Stated StatedBy(Layout layout) {
  if (layout == Layout::kNoHeader) return {.office_and_period = false, .region = false};
  if (IsErc(layout)) return {.region = false, .category_and_tags = false, .stamps = true};
  return {};
}

// Field by field, as far as the layout states it.
void ExpectSame(const Model& m, const ParsedEvaluation& e, Stated stated, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(e.title, m.title);
  if (stated.overall) {
    EXPECT_EQ(e.overall_response, m.overall);
  }
  if (stated.office_and_period) {
    EXPECT_EQ(e.office, m.office);
    EXPECT_EQ(e.plan_period, m.period);
  }
  if (stated.region) {
    EXPECT_EQ(e.region, m.region);
  }
  ASSERT_EQ(e.recommendations.size(), m.recommendations.size());
  for (std::size_t r = 0; r < m.recommendations.size(); ++r) {
    const ModelRecommendation& mr = m.recommendations[r];
    const ParsedRecommendation& pr = e.recommendations[r];
    EXPECT_EQ(pr.text, mr.text);
    EXPECT_EQ(pr.response.text, mr.response);
    if (stated.category_and_tags) {
      EXPECT_EQ(pr.response.category_raw, mr.category);
      EXPECT_EQ(pr.response.category, NormaliseCategory(mr.category).value_or("?"));
      EXPECT_EQ(pr.response.thematic_areas, mr.tags[0]);
      EXPECT_EQ(pr.response.operating_principles, mr.tags[1]);
      EXPECT_EQ(pr.response.organizational_priorities, mr.tags[2]);
      EXPECT_EQ(pr.response.uneg_criteria, mr.tags[3]);
    }
    EXPECT_EQ(pr.response_stamps, stated.stamps ? mr.response_stamps : SourceStamps{});
    ASSERT_EQ(pr.actions.size(), mr.actions.size()) << "recommendation " << r + 1;
    for (std::size_t a = 0; a < mr.actions.size(); ++a) {
      const ModelAction& ma = mr.actions[a];
      const ParsedKeyAction& pa = pr.actions[a];
      SCOPED_TRACE("action " + std::to_string(r + 1) + "." + std::to_string(a + 1));
      EXPECT_EQ(pa.label, ma.label);
      EXPECT_EQ(pa.scope, ma.scope);
      EXPECT_EQ(pa.description, ma.description);
      EXPECT_EQ(pa.responsible.text, ma.responsible);
      EXPECT_EQ(pa.responsible.units, ma.units);
      EXPECT_EQ(pa.responsible.unmatched, ma.unmatched);
      EXPECT_EQ(pa.deadline ? pa.deadline->raw : "", ma.deadline);
      EXPECT_EQ(pa.status_raw, ma.status);
      EXPECT_EQ(pa.status.has_value(), !ma.status.empty());
      EXPECT_EQ(pa.comment, Joined(ma.comment));
      EXPECT_EQ(pa.stamps, stated.stamps ? ma.stamps : SourceStamps{});
      EXPECT_EQ(pa.documents, stated.stamps ? ma.documents : "");
    }
  }
}

TEST(RoundTripTest, EveryLayoutGivesBackTheModel) {
  const config::Config config = RoundTripConfig();
  constexpr unsigned kSeeds = 2000;
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    Model m = Generator(seed).Make();
    std::string where = "seed " + std::to_string(seed);
    for (Layout layout : {Layout::kFlat, Layout::kMarkedTable, Layout::kCellTable, Layout::kNoHeader,
                          Layout::kRegionLine, Layout::kErcCells, Layout::kErcMarked}) {
      std::string text = RenderGate(m, layout);
      auto parsed = ParseGateText(text, config);
      ASSERT_TRUE(parsed.ok()) << where << ": " << parsed.status().ToString() << "\n" << text;
      ExpectSame(m, *parsed, StatedBy(layout), where + " layout " + std::to_string(int(layout)) + "\n" + text);
    }
    auto json = ParseEvaluationJson(RenderJson(m), config);
    ASSERT_TRUE(json.ok()) << where << ": " << json.status().ToString();
    ExpectSame(m, *json, {}, where + " json");
    std::string csv = RenderCsv(m, seed % 2 == 0 ? ',' : ';');
    auto sheet = ParseEvaluationCsv(csv, config);
    ASSERT_TRUE(sheet.ok()) << where << ": " << sheet.status().ToString();
    ExpectSame(m, *sheet, {.overall = false}, where + " csv\n" + csv);
    if (::testing::Test::HasFailure()) break;  // one seed's story is enough to read
  }
}

}  // namespace
}  // namespace mrtrack::events::import
