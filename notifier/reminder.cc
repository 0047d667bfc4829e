#include "notifier/reminder.h"

#include "common/crypto.h"
#include "common/time.h"

namespace mrtrack::notifier {

std::string DateText(const date::year_month_day& d) { return FormatDate(d); }

std::string ReminderId(std::string_view action_id, std::string_view rule, const date::year_month_day& deadline,
                       std::string_view unit, std::string_view channel) {
  std::string key;
  key.append(action_id).append("\n").append(rule).append("\n").append(FormatDate(deadline));
  key.append("\n").append(unit).append("\n").append(channel);
  return "rm-" + HexEncode(Sha256(key)).substr(0, 24);
}

std::string NoticeId(std::string_view event_id, std::string_view unit, std::string_view channel) {
  std::string key = "notice\n";
  key.append(event_id).append("\n").append(unit).append("\n").append(channel);
  return "rm-" + HexEncode(Sha256(key)).substr(0, 24);
}

std::string ChainKey(const Reminder& r) {
  return r.action_id + "\n" + r.unit + "\n" + r.channel + "\n" + ChainName(r.chain);
}

}  // namespace mrtrack::notifier
