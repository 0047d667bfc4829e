#include "notifier/channels/webhook_payloads.h"

#include <nlohmann/json.hpp>

#include "common/time.h"
#include "notifier/channels/chat_escape.h"

namespace mrtrack::notifier {
namespace {

using nlohmann::json;

json TeamsCard(const OutgoingMessage& m) {
  json body = json::array();
  // The subject is plain text (as in e-mail); a TextBlock reads markdown.
  body.push_back(
      {{"type", "TextBlock"}, {"text", EscapeTeamsText(m.subject)}, {"weight", "Bolder"}, {"size", "Medium"}, {"wrap", true}});
  body.push_back({{"type", "TextBlock"}, {"text", m.chat_text}, {"wrap", true}});
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", std::move(body)}};
  json attachment = {{"contentType", "application/vnd.microsoft.card.adaptive"},
                     {"contentUrl", nullptr},
                     {"content", std::move(card)}};
  return {{"type", "message"}, {"attachments", json::array({std::move(attachment)})}};
}

}  // namespace

Result<std::string> WebhookBody(const std::string& kind, const OutgoingMessage& m, Timestamp now) {
  // Invalid UTF-8 in a description is replaced rather than failing the send.
  constexpr auto kReplace = json::error_handler_t::replace;
  if (kind == "slack" || kind == "mattermost" || kind == "googlechat") {
    return json{{"text", m.chat_text}}.dump(-1, ' ', false, kReplace);
  }
  if (kind == "teams") return TeamsCard(m).dump(-1, ' ', false, kReplace);
  if (kind == "generic") {
    json data = m.data.is_object() ? m.data : json::object();
    data["id"] = m.id;
    data["channel"] = m.channel;
    data["unit"] = {{"id", m.unit_id}, {"name", m.unit_name}};
    data["subject"] = m.subject;
    data["text"] = m.chat_text;
    json payload = {{"type", "mrtrack." + m.kind}, {"timestamp", FormatTimestamp(now)}, {"data", std::move(data)}};
    return payload.dump(-1, ' ', false, kReplace);
  }
  return InvalidArgument("unknown webhook kind '" + kind + "'", "kind");
}

}  // namespace mrtrack::notifier
