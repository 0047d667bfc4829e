#include "notifier/report_message.h"

#include <cctype>
#include <cmath>

#include "common/time.h"
#include "notifier/texts.h"

namespace mrtrack::notifier {
namespace {

using kainjow::mustache::data;

std::string UnitName(const std::string& unit_id, const config::Config& config, Language language) {
  if (unit_id.empty()) return NotifierTexts().Text(language, "report.no_unit");
  const config::Unit* unit = config.FindUnit(unit_id);
  return unit != nullptr ? unit->name : unit_id;
}

std::string Percent(const std::optional<double>& rate, Language language) {
  if (!rate) return NotifierTexts().Text(language, "report.no_rate");
  return NotifierTexts().Fill(language, "report.percent",
                              {{"value", std::to_string(static_cast<long>(std::lround(*rate * 100)))}});
}

data SummaryData(const projections::Summary& s, std::uint64_t extensions_granted, Language language) {
  const auto count = [&](events::ActionStatus status) { return s.by_status[static_cast<std::size_t>(status)]; };
  const std::uint64_t implemented = count(events::ActionStatus::kCompleted);
  const std::uint64_t not_implemented = count(events::ActionStatus::kNoLongerApplicable);
  data d;
  d.set("total", std::to_string(s.total));
  d.set("implemented", std::to_string(implemented));
  d.set("closed_not_implemented", std::to_string(not_implemented));
  d.set("open", std::to_string(s.total - implemented - not_implemented));
  d.set("overdue", std::to_string(s.overdue));
  d.set("implementation_rate", Percent(s.implementation_rate, language));
  d.set("closure_rate", Percent(s.closure_rate, language));
  d.set("due_in_period", std::to_string(s.due_in_period));
  d.set("closed_in_period", std::to_string(s.closed_in_period));
  static const char* const kBucketKeys[projections::kAgeingBuckets] = {"ageing_not_due", "ageing_1_90", "ageing_91_180",
                                                                       "ageing_181_365", "ageing_over_365"};
  for (std::size_t i = 0; i < projections::kAgeingBuckets; ++i) d.set(kBucketKeys[i], std::to_string(s.ageing[i]));
  d.set("completion_requests", std::to_string(s.completion_requests_waiting));
  d.set("extension_requests", std::to_string(s.extension_requests_waiting));
  d.set("requests_waiting", std::to_string(s.completion_requests_waiting + s.extension_requests_waiting));
  d.set("extensions_granted", std::to_string(extensions_granted));
  return d;
}

// The same for every report of the period, so that the e-mail's text and
// `mrtrack report`'s are the same.
std::string CsvName(const std::string& period) { return "mrtrack-report-" + period + ".csv"; }

data ReportData(const projections::Report& report, const config::Config& config, Language language) {
  data root;
  AddTexts(root, language);
  root.set("organisation", config.organisation.name);
  root.set("period", report.period.label);
  root.set("from", DateInWords(report.period.first, language));
  root.set("to", DateInWords(report.period.last, language));
  const date::time_zone* zone = date::locate_zone(config.organisation.time_zone);
  root.set("date", DateInWords(date::year_month_day(date::floor<date::days>(zone->to_local(report.at))), language));
  std::string scope;
  for (const auto& unit : report.units) scope += (scope.empty() ? "" : ", ") + UnitName(unit, config, language);
  if (!scope.empty()) root.set("scope", scope);
  root.set("overall", SummaryData(report.overall, report.extensions_granted, language));
  data units{data::type::list};
  for (const auto& s : report.by_unit) {
    const auto granted = report.extensions_granted_by_unit.find(s.key);
    data unit = SummaryData(s, granted == report.extensions_granted_by_unit.end() ? 0 : granted->second, language);
    unit.set("name", UnitName(s.key, config, language));
    units.push_back(unit);
  }
  root.set("units", units);
  root.set("csv_name", CsvName(report.period.label));
  return root;
}

}  // namespace

std::string ReportMessageId(const std::string& name, const std::string& period) {
  std::string id = "rp-" + name + "-" + period;
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return id;
}

Language ReportLanguage(const config::ReportSchedule& report, const config::Config& config) {
  if (auto own = ParseLanguage(report.language)) return *own;
  return ParseLanguage(config.organisation.language).value_or(Language::kEnglish);
}

std::string ReportCsvOf(const projections::Report& report, const config::Config& config, Language language) {
  return projections::ReportCsv(report, [&](const std::string& unit) { return UnitName(unit, config, language); });
}

Result<std::string> ReportText(const projections::Report& report, const config::Config& config,
                               const Templates& templates, Language language) {
  return templates.Render("report_text", ReportData(report, config, language), Escape::kNone);
}

Result<OutgoingMessage> BuildReportMessage(const projections::Report& report, const std::string& name,
                                           const std::vector<std::string>& recipients, const config::Config& config,
                                           const Templates& templates, Language language) {
  data root = ReportData(report, config, language);
  OutgoingMessage m;
  m.id = ReportMessageId(name, report.period.label);
  m.kind = "report";
  m.channel = "email";
  m.to = recipients;
  MRTRACK_ASSIGN_OR_RETURN(m.subject, templates.Render("report_subject", root, Escape::kNone));
  while (!m.subject.empty() && (m.subject.back() == '\n' || m.subject.back() == '\r')) m.subject.pop_back();
  root.set("subject", m.subject);
  MRTRACK_ASSIGN_OR_RETURN(m.text, templates.Render("report_text", root, Escape::kNone));
  MRTRACK_ASSIGN_OR_RETURN(m.html, templates.Render("report_html", root, Escape::kHtml));
  m.attachments.push_back({CsvName(report.period.label), "text/csv", ReportCsvOf(report, config, language)});
  m.data = projections::ReportToJson(report);
  m.data["report"] = name;
  return m;
}

}  // namespace mrtrack::notifier
