// The e-mail a message becomes (RFC 5322 + MIME), the same bytes for SMTP
// and for the Maildir:
//
//   multipart/mixed
//     multipart/alternative
//       text/plain; charset=UTF-8      (base64)
//       text/html; charset=UTF-8       (base64)
//     text/calendar; method=PUBLISH    (base64, attachment "deadlines.ics";
//                                       only when the message has deadlines)
//
// Headers: Date (the attempt's time, UTC), From (organisation name and
// smtp.from), To, Subject (RFC 2047 when not ASCII), Message-ID
// "<message id@domain of smtp.from>" — the same for every attempt of the
// same message — MIME-Version, Auto-Submitted: auto-generated.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "common/clock.h"
#include "notifier/channel.h"

namespace mrtrack::notifier::email {

struct Sender {
  std::string name;     // Display name (the organisation).
  std::string address;  // smtp.from.
};

// "<id@domain>", the domain taken from the sender address ("mrtrack.invalid"
// when it has none).
std::string MessageIdHeader(const std::string& message_id, const std::string& from_address);

// "Mon, 24 Mar 2025 09:00:00 +0000".
std::string Rfc5322Date(Timestamp t);

// The whole message with CRLF line ends.
std::string BuildMimeMessage(const OutgoingMessage& message, const Sender& sender, Timestamp date);

}  // namespace mrtrack::notifier::email
