// The message of a report to a governing body (projections/report.h): the
// subject, text and HTML rendered from the templates report_subject,
// report_text and report_html in the report's language, and its CSV attached
// as mrtrack-report-<period>.csv. `mrtrack report` prints ReportText, the
// same text the e-mail carries.
//
// Thread safety: pure functions over their arguments.
#pragma once

#include <string>
#include <vector>

#include "common/language.h"
#include "common/status.h"
#include "config/config.h"
#include "notifier/channel.h"
#include "notifier/templates.h"
#include "projections/report.h"

namespace mrtrack::notifier {

// "rp-<name>-<period>": the report's Message-ID, the same on every attempt.
std::string ReportMessageId(const std::string& name, const std::string& period);

// The language of a report: its own, else the organisation's, else English.
Language ReportLanguage(const config::ReportSchedule& report, const config::Config& config);

// The e-mail of report `name` to `recipients`. Errors: the templates'.
Result<OutgoingMessage> BuildReportMessage(const projections::Report& report, const std::string& name,
                                           const std::vector<std::string>& recipients, const config::Config& config,
                                           const Templates& templates, Language language);

// Its plain text alone.
Result<std::string> ReportText(const projections::Report& report, const config::Config& config,
                               const Templates& templates, Language language);

// The CSV, with the units' names from the config's directory.
std::string ReportCsvOf(const projections::Report& report, const config::Config& config, Language language);

}  // namespace mrtrack::notifier
