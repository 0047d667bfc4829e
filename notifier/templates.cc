#include "notifier/templates.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "notifier/channels/chat_escape.h"

namespace mrtrack::notifier {
namespace {

std::string EscapeHtml(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Status CheckParses(const std::string& name, const std::string& text, const std::string& source) {
  kainjow::mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) {
    return InvalidArgument("template " + name + " (" + source + ") does not parse: " + tmpl.error_message(),
                           "templates_dir");
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& Templates::Names() {
  static const std::vector<std::string> kNames = {"reminder_subject", "reminder_text", "reminder_html",
                                                  "digest_subject",   "digest_text",   "digest_html",
                                                  "cancel_subject",   "cancel_text",   "cancel_html",
                                                  "chat_text",        "feed_subject",  "feed_text",
                                                  "rejection_subject", "rejection_text", "rejection_html",
                                                  "rejection_chat",   "report_subject",  "report_text",
                                                  "report_html"};
  return kNames;
}

Result<Templates> Templates::Load(const std::string& dir) {
  Templates t;
  for (const auto& name : Names()) {
    auto builtin = BuiltinTemplates().find(name);
    if (builtin == BuiltinTemplates().end()) return Internal("built-in template " + name + " is missing");
    Entry entry{builtin->second, "built-in"};
    if (!dir.empty()) {
      const std::filesystem::path path = std::filesystem::path(dir) / (name + ".mustache");
      std::error_code ec;
      if (std::filesystem::exists(path, ec)) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in && !in.eof()) return IoError("cannot read template " + path.string(), "templates_dir");
        entry = Entry{text.str(), path.string()};
      }
    }
    MRTRACK_RETURN_IF_ERROR(CheckParses(name, entry.text, entry.source));
    t.entries_[name] = std::move(entry);
  }
  return t;
}

Result<std::string> Templates::Render(const std::string& name, const kainjow::mustache::data& data,
                                      Escape escape) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) return NotFound("no template named " + name);
  kainjow::mustache::mustache tmpl(it->second.text);
  switch (escape) {
    case Escape::kNone: tmpl.set_custom_escape([](const std::string& s) { return s; }); break;
    case Escape::kHtml: tmpl.set_custom_escape(EscapeHtml); break;
    case Escape::kSlack: tmpl.set_custom_escape([](const std::string& s) { return EscapeSlackText(s); }); break;
    case Escape::kGoogleChat:
      tmpl.set_custom_escape([](const std::string& s) { return EscapeGoogleChatText(s); });
      break;
    case Escape::kTeams: tmpl.set_custom_escape([](const std::string& s) { return EscapeTeamsText(s); }); break;
  }
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) {
    return InvalidArgument("template " + name + " (" + it->second.source + "): " + tmpl.error_message());
  }
  return out;
}

std::string Templates::Source(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? std::string() : it->second.source;
}

}  // namespace mrtrack::notifier
