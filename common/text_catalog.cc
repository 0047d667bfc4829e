#include "common/text_catalog.h"

#include <cctype>

#include <kainjow/mustache.hpp>

#include "common/mustache_data.h"

namespace mrtrack {
namespace {

namespace mustache = kainjow::mustache;
using nlohmann::json;

}  // namespace

TextCatalog::TextCatalog(const std::map<std::string, std::string>& sources) {
  auto parse = [&sources](Language l) {
    auto it = sources.find(LanguageCode(l));
    return it == sources.end() ? json::object() : json::parse(it->second);
  };
  const json english = parse(Language::kEnglish);
  for (Language l : kLanguages) {
    json catalog = parse(l);
    for (const auto& [key, text] : english.items()) {
      if (!catalog.contains(key)) catalog[key] = text;
    }
    catalogs_[static_cast<std::size_t>(l)] = std::move(catalog);
  }
}

std::string TextCatalog::Text(Language language, std::string_view key) const {
  const json& catalog = Of(language);
  auto it = catalog.find(std::string(key));
  return it != catalog.end() && it->is_string() ? it->get<std::string>() : std::string(key);
}

std::string TextCatalog::Fill(Language language, std::string_view key, const json& values) const {
  return FillText(Text(language, key), values);
}

std::string TextCatalog::Status(Language language, std::string_view status) const {
  std::string key = "status.";
  for (char c : status) key += c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string text = Text(language, key);
  return text == key ? std::string(status) : text;
}

std::string FillText(const std::string& text, const json& values) {
  mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) return "";
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(MustacheData(values));
}

}  // namespace mrtrack
