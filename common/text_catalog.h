// Texts in each language mrtrack speaks (common/language.h), from catalogs:
// JSON objects of key -> text, one per language code, compiled in by the
// part that owns them (the web app's daemon/web/locales/, the notifier's
// notifier/locales/). A text is a mustache fragment naming the values it is
// filled with ("Try again in {{seconds}} seconds"). A key a language lacks
// falls back to English, and to the key itself when English lacks it too
// (each owner's tests keep its three catalogs complete).
//
// Thread safety: immutable after construction.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/language.h"

namespace mrtrack {

class TextCatalog {
 public:
  // `sources`: language code -> the catalog's JSON text. Throws
  // nlohmann::json::parse_error for a catalog that is not JSON: they are
  // compiled in, so that is a build defect a test catches.
  explicit TextCatalog(const std::map<std::string, std::string>& sources);

  // Every key of `language`, with English's where it has none.
  const nlohmann::json& Of(Language language) const { return catalogs_[static_cast<std::size_t>(language)]; }
  // The text of `key`, as written (no values filled).
  std::string Text(Language language, std::string_view key) const;
  // The text with `values` filled in, not escaped: for plain text, or for
  // values a template escapes when it shows them.
  std::string Fill(Language language, std::string_view key, const nlohmann::json& values) const;
  // A status as `language` says it: the text of key status.<name in lower
  // snake case> ("No Longer Applicable" -> status.no_longer_applicable), or
  // the status itself when the catalog has none.
  std::string Status(Language language, std::string_view status) const;

 private:
  std::array<nlohmann::json, std::size(kLanguages)> catalogs_;
};

// A mustache fragment with `values` filled in, not escaped ("" for a text that does not parse).
std::string FillText(const std::string& text, const nlohmann::json& values);

}  // namespace mrtrack
