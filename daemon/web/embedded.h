// What the web app compiles in: its mustache templates, the catalogs of their
// texts and its static assets (daemon/web/templates/, daemon/web/locales/,
// daemon/web/assets/; see assets/README.md).
//
// Thread safety: immutable maps.
#pragma once

#include <map>
#include <string>

namespace mrtrack::daemon::web {

struct Asset {
  std::string content_type;
  std::string body;
};

// Template texts by name ("layout", "sign_in", ...).
const std::map<std::string, std::string>& WebTemplates();
// The text catalogs (JSON objects of key -> text) by language code ("en", "fr", "es").
const std::map<std::string, std::string>& WebLocales();
// Assets by file name ("app.css", "htmx.min.js"), served as /static/<name>.
const std::map<std::string, Asset>& WebAssets();
// The vendored htmx's version.
const char* HtmxVersion();

}  // namespace mrtrack::daemon::web
