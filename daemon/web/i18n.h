// The web app in English, French and Spanish. Every text of the pages is an
// entry of a catalog, locales/<code>.json: a flat object of key -> text, the
// text a mustache fragment filled from the page's model where it names
// values ("{{by}} asks to close it as <strong>{{outcome}}</strong>"). Pages
// use an entry as the partial `{{> t.<key>}}` (render.cc supplies them),
// code uses Tr(). A key missing from a catalog falls back to English (a test
// keeps the three complete).
//
// The language of a page: the signed-in person's (`[[users]] language`), or
// for someone signed in by a reminder's link their unit's (`[[units]]
// language`); otherwise the organisation's (`[organisation] language`); else
// the browser's Accept-Language when it asks for one of the three; else
// English.
//
// Thread safety: the catalogs are parsed once and read-only afterwards.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/language.h"
#include "daemon/server/route_table.h"

namespace mrtrack::daemon::web {

// The catalog of `language` (key -> text); English's for keys it lacks.
const nlohmann::json& Catalog(Language language);
// The text of `key` in `language`, as written in the catalog (no values
// filled): English when the language lacks it, the key itself when English does.
std::string Tr(Language language, std::string_view key);

// Tr() with `values` filled in (common/text_catalog.h), not HTML-escaped.
std::string TrFill(Language language, std::string_view key, const nlohmann::json& values);

Language PageLanguage(const RequestContext& ctx);

// A status as the person reads it ("Completed" -> "Terminée"); the API and
// the forms keep the status's own name.
std::string StatusLabel(Language language, const std::string& status);

}  // namespace mrtrack::daemon::web
