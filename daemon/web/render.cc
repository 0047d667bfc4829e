#include "daemon/web/render.h"

#include <kainjow/mustache.hpp>

#include "common/mustache_data.h"
#include "daemon/web/embedded.h"
#include "daemon/web/i18n.h"

namespace mrtrack::daemon::web {
namespace {

namespace mustache = kainjow::mustache;

}  // namespace

Result<std::string> RenderTemplate(const std::string& name, const nlohmann::json& model) {
  const auto& templates = WebTemplates();
  auto it = templates.find(name);
  if (it == templates.end()) return NotFound("no page template '" + name + "'");
  mustache::mustache tmpl(it->second);
  if (!tmpl.is_valid()) return Internal("page template '" + name + "': " + tmpl.error_message());
  mustache::data data = MustacheData(model);
  // The texts of the page's language, as the partials {{> t.<key>}}: filled
  // from the model where they name values, their HTML our own.
  const Language language = ParseLanguage(model.value("lang", "")).value_or(Language::kEnglish);
  for (const auto& [key, text] : Catalog(language).items()) {
    if (text.is_string()) data.set("t." + key, text.get<std::string>());
  }
  for (const auto& [partial_name, text] : templates) {
    if (!partial_name.empty() && partial_name.front() == '_') {
      const std::string* body = &text;
      data.set(partial_name, mustache::partial([body] { return *body; }));
    }
  }
  std::string out = tmpl.render(data);
  if (!tmpl.error_message().empty()) return Internal("page template '" + name + "': " + tmpl.error_message());
  return out;
}

Result<std::string> RenderPage(const std::string& name, nlohmann::json model) {
  MRTRACK_ASSIGN_OR_RETURN(std::string body, RenderTemplate(name, model));
  model["body"] = std::move(body);
  return RenderTemplate("layout", model);
}

}  // namespace mrtrack::daemon::web
