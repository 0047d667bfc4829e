#include "projections/report.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sstream>

#include <date/iso_week.h>

#include "common/time.h"
#include "projections/audit_export.h"

namespace mrtrack::projections {
namespace {

using nlohmann::json;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Each action's approved extensions, by action id.
std::map<std::string, int> ExtensionCounts(const ViewModel& model) {
  std::map<std::string, int> out;
  for (const auto& [id, a] : model.actions()) out[id] = a.extensions;
  return out;
}

std::string Rate(const std::optional<double>& rate) {
  if (!rate) return "";
  char text[32];
  std::snprintf(text, sizeof(text), "%.4f", *rate);
  return text;
}

json WithExtensions(json summary, std::uint64_t granted) {
  summary["extensions_granted"] = granted;
  return summary;
}

}  // namespace

ReportPeriod MonthPeriod(date::year_month month) {
  char label[16];
  std::snprintf(label, sizeof(label), "%04d-%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return {label, date::year_month_day{month / 1}, date::year_month_day{month / date::last}};
}

ReportPeriod WeekPeriod(date::year_month_day day) {
  const iso_week::year_weeknum_weekday week{date::sys_days(day)};
  const date::sys_days monday{iso_week::year_weeknum_weekday{week.year(), week.weeknum(), iso_week::mon}};
  char label[16];
  std::snprintf(label, sizeof(label), "%04d-W%02u", static_cast<int>(week.year()),
                static_cast<unsigned>(week.weeknum()));
  return {label, date::year_month_day{monday}, date::year_month_day{monday + date::days(6)}};
}

Result<ReportPeriod> ParseReportPeriod(std::string_view text) {
  const std::string bad = "'" + std::string(text) + "' is not a period: expected a month YYYY-MM or an ISO week YYYY-Www";
  if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(0, 4)) && AllDigits(text.substr(5, 2))) {
    const int year = std::stoi(std::string(text.substr(0, 4)));
    const unsigned month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
    if (month < 1 || month > 12) return InvalidArgument(bad, "period");
    return MonthPeriod(date::year(year) / date::month(month));
  }
  if (text.size() == 8 && text[4] == '-' && text[5] == 'W' && AllDigits(text.substr(0, 4)) &&
      AllDigits(text.substr(6, 2))) {
    const iso_week::year year{std::stoi(std::string(text.substr(0, 4)))};
    const unsigned number = static_cast<unsigned>(std::stoi(std::string(text.substr(6, 2))));
    const iso_week::year_weeknum_weekday monday{year, iso_week::weeknum(number), iso_week::mon};
    if (number < 1 || !monday.ok()) return InvalidArgument(bad + " (that year has no week " + std::to_string(number) + ")", "period");
    return WeekPeriod(date::year_month_day{date::sys_days(monday)});
  }
  return InvalidArgument(bad, "period");
}

Result<Report> BuildReport(SnapshotCache& snapshots, const ReportPeriod& period, const std::vector<std::string>& units,
                           const date::time_zone& zone, Timestamp now) {
  const Timestamp start = EndOfLocalDay(date::year_month_day{date::sys_days(period.first) - date::days(1)}, zone);
  if (start >= now) return InvalidArgument("the period " + period.label + " has not started yet", "period");
  const Timestamp end = std::min(EndOfLocalDay(period.last, zone), now);
  MRTRACK_ASSIGN_OR_RETURN(SharedSnapshot before, snapshots.Get(AsOf::AtTime(start)));
  MRTRACK_ASSIGN_OR_RETURN(SharedSnapshot after, snapshots.Get(AsOf::AtTime(end)));

  Report report;
  report.period = period;
  report.at = end;
  report.position = after.model->position();
  report.units = units;
  SummaryQuery query;
  query.time = QueryTime{end, &zone};
  query.period_from = period.first;
  query.period_to = period.last;
  query.units = units;
  MRTRACK_ASSIGN_OR_RETURN(report.overall, SummarizeAll(*after.model, query));
  MRTRACK_ASSIGN_OR_RETURN(report.by_unit, SummarizeByUnit(*after.model, query));

  const std::map<std::string, int> at_start = ExtensionCounts(*before.model);
  for (const auto& [id, a] : after.model->actions()) {
    const auto was = at_start.find(id);
    const int granted = a.extensions - (was == at_start.end() ? 0 : was->second);
    if (granted <= 0) continue;
    bool counted = false;
    for (const auto& unit : a.responsible.units) {
      if (!units.empty() && std::find(units.begin(), units.end(), unit) == units.end()) continue;
      report.extensions_granted_by_unit[unit] += static_cast<std::uint64_t>(granted);
      counted = true;
    }
    if (units.empty() && a.responsible.units.empty()) {
      report.extensions_granted_by_unit[""] += static_cast<std::uint64_t>(granted);
      counted = true;
    }
    if (counted) report.extensions_granted += static_cast<std::uint64_t>(granted);
  }
  return report;
}

json ReportToJson(const Report& report) {
  json items = json::array();
  for (const auto& s : report.by_unit) {
    const auto granted = report.extensions_granted_by_unit.find(s.key);
    json item = WithExtensions(SummaryToJson(s), granted == report.extensions_granted_by_unit.end() ? 0 : granted->second);
    item["unit"] = s.key.empty() ? json(nullptr) : json(s.key);
    items.push_back(std::move(item));
  }
  return {{"period", report.period.label},
          {"from", FormatDate(report.period.first)},
          {"to", FormatDate(report.period.last)},
          {"at", FormatTimestamp(report.at)},
          {"position", report.position},
          {"units", report.units},
          {"overall", WithExtensions(SummaryToJson(report.overall), report.extensions_granted)},
          {"items", std::move(items)}};
}

std::string ReportCsv(const Report& report, const std::function<std::string(const std::string&)>& unit_name) {
  std::ostringstream out;
  std::vector<std::string> header = {"period", "unit", "name", "total"};
  for (std::size_t i = 0; i < kStatusCount; ++i) header.push_back(events::StatusLabel(static_cast<events::ActionStatus>(i)));
  for (const char* column :
       {"overdue", "implementation_rate", "due_in_period", "closed_in_period", "closure_rate", "average_days_late"}) {
    header.push_back(column);
  }
  for (const char* bucket : kAgeingBucketNames) header.push_back(std::string("ageing_") + bucket);
  for (const char* column : {"completion_requests_waiting", "extension_requests_waiting", "extensions_granted"}) {
    header.push_back(column);
  }
  WriteCsvRecord(out, header);
  auto row = [&](const Summary& s, const std::string& unit, const std::string& name, std::uint64_t granted) {
    std::vector<std::string> cells = {report.period.label, CsvText(unit), CsvText(name), std::to_string(s.total)};
    for (auto n : s.by_status) cells.push_back(std::to_string(n));
    cells.push_back(std::to_string(s.overdue));
    cells.push_back(Rate(s.implementation_rate));
    cells.push_back(std::to_string(s.due_in_period));
    cells.push_back(std::to_string(s.closed_in_period));
    cells.push_back(Rate(s.closure_rate));
    cells.push_back(Rate(s.average_days_late));
    for (auto n : s.ageing) cells.push_back(std::to_string(n));
    cells.push_back(std::to_string(s.completion_requests_waiting));
    cells.push_back(std::to_string(s.extension_requests_waiting));
    cells.push_back(std::to_string(granted));
    WriteCsvRecord(out, cells);
  };
  for (const auto& s : report.by_unit) {
    const auto granted = report.extensions_granted_by_unit.find(s.key);
    row(s, s.key, unit_name(s.key), granted == report.extensions_granted_by_unit.end() ? 0 : granted->second);
  }
  row(report.overall, "all", "", report.extensions_granted);
  return out.str();
}

}  // namespace mrtrack::projections
