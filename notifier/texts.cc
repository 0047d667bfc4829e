#include "notifier/texts.h"

#include <cctype>

namespace mrtrack::notifier {

const TextCatalog& NotifierTexts() {
  static const TextCatalog kTexts(BuiltinLocales());
  return kTexts;
}

Language UnitLanguage(const std::string& unit_id, const config::Config& config) {
  if (const config::Unit* u = config.FindUnit(unit_id); u != nullptr && !u->language.empty()) {
    if (auto l = ParseLanguage(u->language)) return *l;
  }
  return ParseLanguage(config.organisation.language).value_or(Language::kEnglish);
}

void AddTexts(kainjow::mustache::data& root, Language language) {
  root.set("lang", LanguageCode(language));
  for (const auto& [key, text] : NotifierTexts().Of(language).items()) {
    if (text.is_string()) root.set("t." + key, text.get<std::string>());
  }
}

std::string WhenText(Language language, long days) {
  const TextCatalog& t = NotifierTexts();
  if (days < -1) return t.Fill(language, "when.due_in", {{"days", -days}});
  if (days == -1) return t.Text(language, "when.due_tomorrow");
  if (days == 0) return t.Text(language, "when.due_today");
  if (days == 1) return t.Text(language, "when.overdue_one");
  return t.Fill(language, "when.overdue", {{"days", days}});
}

std::string DaysText(Language language, long days) {
  if (days == 1) return NotifierTexts().Text(language, "days.one");
  return NotifierTexts().Fill(language, "days.many", {{"days", days}});
}

std::string StatusText(Language language, const std::string& status) { return NotifierTexts().Status(language, status); }

}  // namespace mrtrack::notifier
