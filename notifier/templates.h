// Templates: the mustache texts messages are rendered from (docs/NOTIFIER.md
// lists them and their variables). The built-in ones (notifier/templates/)
// are compiled in; config `templates_dir` may hold <name>.mustache files that
// replace them one by one. Every template is parsed at load, so a broken
// override is an error when the config is loaded, not when mail is due.
//
// Thread safety: immutable after Load; Render may be called concurrently.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "common/status.h"

namespace mrtrack::notifier {

// How values are escaped when substituted with {{name}}.
// The chat kinds' rules are in channels/chat_escape.h.
enum class Escape {
  kNone,        // Subjects, plain text, the generic webhook's text.
  kHtml,        // HTML bodies: & < > " '.
  kSlack,       // Slack and Mattermost text.
  kGoogleChat,  // Google Chat text.
  kTeams,       // Teams Adaptive Card text (markdown).
};

class Templates {
 public:
  // The names of all templates: reminder_subject, reminder_text,
  // reminder_html, digest_subject, digest_text, digest_html, cancel_subject,
  // cancel_text, cancel_html, chat_text, feed_subject, feed_text,
  // rejection_subject, rejection_text, rejection_html, rejection_chat,
  // report_subject, report_text, report_html.
  static const std::vector<std::string>& Names();

  // The built-ins, each replaced by <dir>/<name>.mustache when `dir` is not
  // empty and that file exists. Errors: kInvalidArgument naming the file and
  // the mustache error; kIoError for an unreadable file.
  static Result<Templates> Load(const std::string& dir);

  // Renders template `name`. Errors: kNotFound for an unknown name,
  // kInvalidArgument for a rendering error.
  Result<std::string> Render(const std::string& name, const kainjow::mustache::data& data, Escape escape) const;

  // Where template `name` came from: "built-in" or the override's path.
  std::string Source(const std::string& name) const;

 private:
  struct Entry {
    std::string text;
    std::string source;
  };
  std::map<std::string, Entry> entries_;
};

// The compiled-in template texts, by name (generated from notifier/templates/).
const std::map<std::string, std::string>& BuiltinTemplates();

}  // namespace mrtrack::notifier
