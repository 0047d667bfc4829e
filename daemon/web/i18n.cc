#include "daemon/web/i18n.h"

#include <cctype>

#include "common/text_catalog.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/embedded.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

const TextCatalog& Catalogs() {
  static const TextCatalog kCatalogs(WebLocales());
  return kCatalogs;
}

std::optional<Language> Configured(const std::string& code) {
  return code.empty() ? std::nullopt : ParseLanguage(code);
}

}  // namespace

const json& Catalog(Language language) { return Catalogs().Of(language); }

std::string Tr(Language language, std::string_view key) { return Catalogs().Text(language, key); }

std::string TrFill(Language language, std::string_view key, const json& values) {
  return Catalogs().Fill(language, key, values);
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

std::string StatusLabel(Language language, const std::string& status) { return Catalogs().Status(language, status); }

}  // namespace mrtrack::daemon::web
