// How user text (descriptions, reasons, unit names, actors) is escaped in the
// text of each chat kind, so that it shows as typed and cannot act as markup:
//
//   slack, mattermost  mrkdwn control characters: & < > as &amp; &lt; &gt;
//                      (so no <!channel>, <@user> or <url|text>).
//   googlechat         the same three as entities: no <users/all> mention,
//                      no <url|text> link.
//   teams              Adaptive Card TextBlock markdown (a CommonMark
//                      subset): backslash before \ * _ ` ~ [ ] ( ) < > |, and
//                      before a leading # + - > or "1." that would start a
//                      heading, list or quote.
//
// For every kind, line breaks and other control characters in a value become
// a space: a value cannot start a line of its own and pass for a line of the
// template (a fake "Deadline:" field, a fake list item).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace mrtrack::notifier {

std::string EscapeSlackText(std::string_view value);
std::string EscapeGoogleChatText(std::string_view value);
std::string EscapeTeamsText(std::string_view value);

}  // namespace mrtrack::notifier
