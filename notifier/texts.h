// The notifier's texts in English, French and Spanish: the catalogs
// notifier/locales/<code>.json (common/text_catalog.h), used by the templates
// as the partials {{> t.<key>}} and by the message builder for the phrases
// it composes ("52 days overdue", what is asked of the unit). A message is in
// its unit's language (`[[units]] language`), else the organisation's, else
// English. A template override (`templates_dir`) may use the same partials
// or plain text of its own.
//
// Thread safety: the catalogs are parsed once and read-only afterwards.
#pragma once

#include <kainjow/mustache.hpp>
#include <map>
#include <string>

#include "common/language.h"
#include "common/text_catalog.h"
#include "config/config.h"

namespace mrtrack::notifier {

const TextCatalog& NotifierTexts();

// The language of the messages to `unit_id`.
Language UnitLanguage(const std::string& unit_id, const config::Config& config);

// Sets "lang" and `language`'s texts, as the partials t.<key>, on `root`.
void AddTexts(kainjow::mustache::data& root, Language language);

// Where an action stands from its deadline (positive: overdue): "due in 5
// days", "due tomorrow", "due today", "1 day overdue", "52 days overdue".
std::string WhenText(Language language, long days_from_deadline);
// "1 day", "52 days".
std::string DaysText(Language language, long days);
// A status as a message says it ("Completed"; "terminée" in French).
std::string StatusText(Language language, const std::string& status);

// The compiled-in catalogs by language code (generated from notifier/locales/).
const std::map<std::string, std::string>& BuiltinLocales();

}  // namespace mrtrack::notifier
