// The check every owner of text catalogs (common/text_catalog.h) runs on its
// three: each language has exactly English's keys, each text names the same
// values as English's ({{x}}, {{#x}}, {{^x}}) and parses as mustache.
#pragma once

#include <map>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "common/language.h"

namespace mrtrack::test_support {

// The values a text names: {{x}}, {{#x}}, {{^x}}.
inline std::set<std::string> NamedValues(const std::string& text) {
  static const std::regex kTag(R"(\{\{[#^/]?\s*([A-Za-z0-9_.]+)\s*\}\})");
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), kTag), end; it != end; ++it) out.insert((*it)[1]);
  return out;
}

// `sources`: language code -> catalog JSON text, as compiled in.
inline void ExpectCompleteCatalogs(const std::map<std::string, std::string>& sources, std::size_t at_least) {
  const nlohmann::json english = nlohmann::json::parse(sources.at("en"));
  EXPECT_GE(english.size(), at_least);
  for (Language l : kLanguages) {
    SCOPED_TRACE(LanguageCode(l));
    const nlohmann::json catalog = nlohmann::json::parse(sources.at(LanguageCode(l)));
    for (const auto& [key, text] : english.items()) {
      ASSERT_TRUE(catalog.contains(key)) << "missing " << key;
      EXPECT_EQ(NamedValues(catalog[key].get<std::string>()), NamedValues(text.get<std::string>())) << key;
      kainjow::mustache::mustache fragment(catalog[key].get<std::string>());
      EXPECT_TRUE(fragment.is_valid()) << key << ": " << fragment.error_message();
    }
    for (const auto& [key, text] : catalog.items()) EXPECT_TRUE(english.contains(key)) << "unknown " << key;
  }
}

}  // namespace mrtrack::test_support
