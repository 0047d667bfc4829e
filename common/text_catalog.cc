#include "common/text_catalog.h"

#include <kainjow/mustache.hpp>

namespace mrtrack {
namespace {

namespace mustache = kainjow::mustache;
using nlohmann::json;

mustache::data ToData(const json& value) {
  switch (value.type()) {
    case json::value_t::object: {
      mustache::data out = mustache::data::type::object;
      for (const auto& [key, item] : value.items()) out.set(key, ToData(item));
      return out;
    }
    case json::value_t::array: {
      mustache::data out = mustache::data::type::list;
      for (const auto& item : value) out.push_back(ToData(item));
      return out;
    }
    case json::value_t::string:
      if (value.get_ref<const std::string&>().empty()) return mustache::data(false);
      return mustache::data(value.get<std::string>());
    case json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case json::value_t::null:
    case json::value_t::discarded:
      return mustache::data(false);
    default:
      return mustache::data(value.dump());
  }
}

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

std::string FillText(const std::string& text, const json& values) {
  mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) return "";
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(ToData(values));
}

}  // namespace mrtrack
