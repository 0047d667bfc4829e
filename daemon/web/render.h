// Rendering pages: a page template (daemon/web/templates/<name>.mustache)
// filled from a JSON view model, inside the layout template. Values are
// HTML-escaped by {{name}}; nothing in the templates uses {{{ }}} except the
// layout's slot for the page body, which is our own rendered HTML.
//
// Thread safety: pure functions over the compiled-in templates.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"

namespace mrtrack::daemon::web {

// Templates whose name starts with "_" are partials: {{> _name}} includes them.
//
// Renders template `name` with `model` (objects, arrays, strings, numbers,
// booleans; null and "" are false), its texts in the language model["lang"]
// names (i18n.h; English when it names none). kNotFound for an unknown template,
// kInternal for a template error.
Result<std::string> RenderTemplate(const std::string& name, const nlohmann::json& model);

// Renders page `name`, then the layout with the same model plus "body".
// The model should carry "title" and the frame the layout shows
// ("user", "csrf", "as_of", ...; see templates/layout.mustache).
Result<std::string> RenderPage(const std::string& name, nlohmann::json model);

}  // namespace mrtrack::daemon::web
