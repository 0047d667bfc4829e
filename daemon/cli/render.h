// Rendering the API's JSON answers (docs/API.md shapes) for people. With
// --json the CLI prints the JSON itself instead; these functions are the
// table/text form of the same documents.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace mrtrack::cli {

void RenderImportReport(const nlohmann::json& report, std::ostream& out);
void RenderActionPage(const nlohmann::json& page, std::ostream& out);
void RenderAction(const nlohmann::json& action, std::ostream& out);
void RenderComments(const nlohmann::json& page, std::ostream& out);
void RenderCommandResult(const nlohmann::json& result, std::ostream& out);
void RenderHistory(const nlohmann::json& history, std::ostream& out);
void RenderSummaries(const nlohmann::json& summaries, std::ostream& out);
void RenderVerify(const nlohmann::json& report, std::ostream& out);
void RenderReminderPreview(const nlohmann::json& preview, std::ostream& out);
void RenderActionReminders(const nlohmann::json& reminders, std::ostream& out);
void RenderRetry(const nlohmann::json& retry, std::ostream& out);

}  // namespace mrtrack::cli
