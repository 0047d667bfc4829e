#include "daemon/web/i18n.h"

#include <array>
#include <cctype>

#include "daemon/server/runtime_config.h"
#include "daemon/web/embedded.h"
#include "daemon/web/render.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

// The three catalogs, each with English filled in where it has no entry.
const std::array<json, 3>& Catalogs() {
  static const std::array<json, 3> kCatalogs = [] {
    std::array<json, 3> out;
    const auto& texts = WebLocales();
    auto parse = [&](Language l) {
      auto it = texts.find(LanguageCode(l));
      return it == texts.end() ? json::object() : json::parse(it->second);
    };
    const json english = parse(Language::kEnglish);
    for (Language l : kLanguages) {
      json catalog = parse(l);
      for (const auto& [key, text] : english.items()) {
        if (!catalog.contains(key)) catalog[key] = text;
      }
      out[static_cast<std::size_t>(l)] = std::move(catalog);
    }
    return out;
  }();
  return kCatalogs;
}

std::optional<Language> Configured(const std::string& code) {
  return code.empty() ? std::nullopt : ParseLanguage(code);
}

}  // namespace

const json& Catalog(Language language) { return Catalogs()[static_cast<std::size_t>(language)]; }

std::string Tr(Language language, std::string_view key) {
  const json& catalog = Catalog(language);
  auto it = catalog.find(std::string(key));
  return it != catalog.end() && it->is_string() ? it->get<std::string>() : std::string(key);
}

std::string TrFill(Language language, std::string_view key, const json& values) {
  return FillText(Tr(language, key), values);
}

Language PageLanguage(const RequestContext& ctx) {
  const config::Config& config = ctx.runtime->config();
  if (ctx.principal) {
    const std::string& actor = ctx.principal->name;
    for (const auto& user : config.users) {
      if (user.email == actor) {
        if (auto l = Configured(user.language)) return *l;
      }
    }
    // Signed in by a reminder's link: "<unit>:<recipient>".
    auto colon = actor.find(':');
    if (colon != std::string::npos) {
      if (const config::Unit* unit = config.FindUnit(actor.substr(0, colon))) {
        if (auto l = Configured(unit->language)) return *l;
      }
    }
  }
  if (auto l = Configured(config.organisation.language)) return *l;
  return PreferredLanguage(ctx.Header("accept-language")).value_or(Language::kEnglish);
}

std::string StatusLabel(Language language, const std::string& status) {
  // "No Longer Applicable" -> status.no_longer_applicable.
  std::string key = "status.";
  for (char c : status) key += c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string label = Tr(language, key);
  return label == key ? status : label;
}

}  // namespace mrtrack::daemon::web
