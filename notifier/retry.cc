#include "notifier/retry.h"

#include "common/time.h"

namespace mrtrack::notifier {

std::string RetryReason(const RequeueFilter& filter, const std::string& actor) {
  std::string reason = "retry asked by " + actor;
  if (filter.channel) reason += " for channel " + *filter.channel;
  if (filter.since) reason += " for reminders parked since " + FormatTimestamp(*filter.since);
  return reason;
}

Result<std::vector<std::string>> RetryParkedInStore(events::EventStore& store, const Clock& clock,
                                                    const RequeueFilter& filter, const std::string& actor) {
  MRTRACK_ASSIGN_OR_RETURN(std::unique_ptr<Outbox> outbox, Outbox::Open(store, clock));
  return outbox->Requeue(filter, RetryReason(filter, actor), actor);
}

}  // namespace mrtrack::notifier
