// The report to a governing body over a period (a month "2026-11" or an ISO
// week "2026-W47"): per unit and overall, the summary of summary.h as of the
// end of the period's last day (or `now`, for a period still running) with
// the closure rate of the period, and the extensions granted in it. One
// function builds it for the e-mail of [[reports]], `mrtrack report` and
// GET /v1/reports/{period}; ReportCsv is the CSV attached to the e-mail.
//
// Extensions granted in the period: per action, its approved extension count
// at the end minus the count at the start (the end of the day before the
// first day), counted for each of its units at the end.
//
// Thread safety: as SnapshotCache (safe for concurrent use).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "projections/snapshot_cache.h"
#include "projections/summary.h"

namespace mrtrack::projections {

struct ReportPeriod {
  std::string label;  // "2026-11" or "2026-W47".
  date::year_month_day first{}, last{};
};

// "YYYY-MM" or "YYYY-Www" (ISO 8601 week, Monday to Sunday); kInvalidArgument otherwise.
Result<ReportPeriod> ParseReportPeriod(std::string_view text);
ReportPeriod MonthPeriod(date::year_month month);
// The ISO week holding `day`.
ReportPeriod WeekPeriod(date::year_month_day day);

struct Report {
  ReportPeriod period;
  Timestamp at{};              // The instant it is judged at.
  std::uint64_t position = 0;  // The last event it includes.
  std::vector<std::string> units;  // The units it covers; empty: every unit.
  Summary overall;
  std::vector<Summary> by_unit;  // As SummarizeByUnit, restricted to `units`.
  std::uint64_t extensions_granted = 0;
  std::map<std::string, std::uint64_t> extensions_granted_by_unit;
};

// kInvalidArgument for a period that starts after `now`.
Result<Report> BuildReport(SnapshotCache& snapshots, const ReportPeriod& period, const std::vector<std::string>& units,
                           const date::time_zone& zone, Timestamp now);

// {"period", "from", "to", "at", "position", "units", "overall", "items"}: the
// summaries as SummaryToJson, each with "extensions_granted" (and items "unit").
nlohmann::json ReportToJson(const Report& report);

// One row per unit and a last row "all": unit, name, then the counts and rates
// (rates as decimals, empty when absent). `unit_name` gives a unit's name.
std::string ReportCsv(const Report& report, const std::function<std::string(const std::string&)>& unit_name);

}  // namespace mrtrack::projections
