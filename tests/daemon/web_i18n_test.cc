// The web app's three catalogs (daemon/web/locales/): complete, each text a
// valid fragment naming the same values in every language, every text a
// template uses present, and pages rendered in the language asked for.
#include <gtest/gtest.h>
#include <kainjow/mustache.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <tuple>
#include <vector>

#include "daemon/web/embedded.h"
#include "daemon/web/i18n.h"
#include "daemon/web/render.h"
#include "daemon/web/web_app.h"
#include "tests/support/catalog_checks.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

json RawCatalog(Language l) {
  auto it = WebLocales().find(LanguageCode(l));
  if (it == WebLocales().end()) return json::object();
  return json::parse(it->second);
}

TEST(WebCatalogTest, EveryLanguageHasEveryKeyAndNamesTheSameValues) {
  test_support::ExpectCompleteCatalogs(WebLocales(), 100);
}

TEST(WebCatalogTest, EveryTextATemplateUsesExists) {
  static const std::regex kText(R"(\{\{>\s*t\.([^}\s]+)\s*\}\})");
  // Texts inside an attribute value: no quote or markup may end it early.
  static const std::regex kInAttribute(R"(="\{\{>\s*t\.([^}\s]+)\s*\}\}")");
  const json english = RawCatalog(Language::kEnglish);
  std::size_t uses = 0;
  for (const auto& [name, text] : WebTemplates()) {
    for (std::sregex_iterator it(text.begin(), text.end(), kText), end; it != end; ++it) {
      EXPECT_TRUE(english.contains((*it)[1].str())) << name << " uses " << (*it)[1];
      ++uses;
    }
    for (std::sregex_iterator it(text.begin(), text.end(), kInAttribute), end; it != end; ++it) {
      for (Language l : kLanguages) {
        const std::string value = Tr(l, (*it)[1].str());
        EXPECT_EQ(value.find_first_of("\"<>"), std::string::npos) << LanguageCode(l) << " " << (*it)[1];
      }
    }
  }
  EXPECT_GT(uses, 100u);
}

TEST(WebCatalogTest, PagesAreRenderedInTheirLanguage) {
  json model = {{"title", "x"}, {"signin_token", "t"}, {"next", "/"}};
  for (auto [code, button, password] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"en", ">Sign in</button>", ">Password</label>"},
           {"fr", ">Se connecter</button>", ">Mot de passe</label>"},
           {"es", ">Iniciar sesión</button>", ">Contraseña</label>"}}) {
    model["lang"] = code;
    auto page = RenderPage("sign_in", model);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_NE(page->find("<html lang=\"" + code + "\">"), std::string::npos) << code;
    EXPECT_NE(page->find(button), std::string::npos) << code;
    EXPECT_NE(page->find(password), std::string::npos) << code;
  }
}

TEST(WebCatalogTest, TextsFillTheirValuesAndEscapeThemInPages) {
  EXPECT_EQ(TrFill(Language::kFrench, "sign_in.throttled", {{"seconds", 12}}),
            "Trop d’échecs pour cette adresse. Réessayez dans 12 secondes.");
  EXPECT_EQ(StatusLabel(Language::kSpanish, "No Longer Applicable"), "Ya no aplicable");
  EXPECT_EQ(StatusLabel(Language::kFrench, "Ongoing"), "En cours");
  EXPECT_EQ(StatusLabel(Language::kFrench, "Unheard Of"), "Unheard Of");
  EXPECT_EQ(Tr(Language::kEnglish, "no.such.key"), "no.such.key");
  // A value inside a text is escaped like any other value of a page.
  json model = {{"lang", "en"}, {"as_of", "<b>x</b>"}, {"title", "t"}, {"user", nullptr}, {"body", ""}};
  auto page = RenderTemplate("layout", model);
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page->find("as of <strong>&lt;b&gt;x&lt;/b&gt;</strong>"), std::string::npos) << *page;
}

TEST(WebCatalogTest, DeadlinesInWords) {
  EXPECT_EQ(DeadlineText(json{{"date", "2025-03-31"}}, Language::kSpanish), "31 de marzo de 2025");
  EXPECT_EQ(DeadlineText(json(), Language::kFrench), "aucune");
}

}  // namespace
}  // namespace mrtrack::daemon::web
