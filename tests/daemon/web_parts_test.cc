// Unit tests of the web app's parts that need no browser: password hashes,
// sessions and their timeouts, the slowing down of failed sign-ins, cookies
// and form bodies (urlencoded and multipart), the ageing chart, and the page
// templates.
#include <gtest/gtest.h>

#include "common/clock.h"
#include "daemon/web/http_bits.h"
#include "daemon/web/password.h"
#include "daemon/web/render.h"
#include "daemon/web/sessions.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(PasswordTest, HashesVerifyAndCarryTheirParameters) {
  auto hash = HashPassword("correct horse");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horsf"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "correct horse"));
  EXPECT_FALSE(VerifyPassword("", "correct horse"));
  auto again = HashPassword("correct horse");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *hash) << "each hash has its own salt";
  EXPECT_EQ(HashPassword("").status().code(), StatusCode::kInvalidArgument);
}

Principal Editor() { return Principal{"p@example.org", config::Role::kEditor, {"kaz-co"}}; }

TEST(SessionStoreTest, IdleAndAbsoluteTimeouts) {
  ManualClock clock(Timestamp(std::chrono::hours(1000)));
  SessionStore store(clock);
  SessionLimits limits{minutes(30), minutes(120)};
  Session s = store.Create(Editor(), "P");
  EXPECT_EQ(s.id.size(), 64u);
  EXPECT_EQ(s.csrf.size(), 64u);
  EXPECT_NE(s.id, s.csrf);
  // Used every 20 minutes: alive until the absolute limit.
  for (int i = 0; i < 5; ++i) {
    clock.Advance(minutes(20));
    ASSERT_TRUE(store.Touch(s.id, limits).has_value()) << "at " << (i + 1) * 20 << " min";
  }
  clock.Advance(minutes(20));  // 120 minutes after sign-in.
  EXPECT_FALSE(store.Touch(s.id, limits).has_value());

  Session idle = store.Create(Editor(), "P");
  clock.Advance(minutes(29));
  EXPECT_TRUE(store.Touch(idle.id, limits).has_value());
  clock.Advance(minutes(30));
  EXPECT_FALSE(store.Touch(idle.id, limits).has_value());
  EXPECT_FALSE(store.Touch("unknown", limits).has_value());
}

TEST(SessionStoreTest, SignOutEndsTheSession) {
  ManualClock clock(Timestamp(std::chrono::hours(1000)));
  SessionStore store(clock);
  Session s = store.Create(Editor(), "P");
  auto found = store.Touch(s.id, {});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->principal.name, "p@example.org");
  store.End(s.id);
  EXPECT_FALSE(store.Touch(s.id, {}).has_value());
  EXPECT_EQ(store.size(), 0u);
}

TEST(SignInThrottleTest, WaitsDoubleAfterTheFreeFailuresAndSuccessClears) {
  ManualClock clock(Timestamp(std::chrono::hours(1000)));
  SignInThrottle throttle(clock);
  for (int i = 0; i < SignInThrottle::kFreeFailures; ++i) {
    EXPECT_EQ(throttle.WaitFor("A@x"), seconds(0));
    throttle.Failed("a@x");
  }
  EXPECT_EQ(throttle.WaitFor("a@X"), seconds(30)) << "e-mails compare without case";
  throttle.Failed("a@x");
  EXPECT_EQ(throttle.WaitFor("a@x"), seconds(60));
  throttle.Failed("a@x");
  EXPECT_EQ(throttle.WaitFor("a@x"), seconds(120));
  clock.Advance(seconds(100));
  EXPECT_EQ(throttle.WaitFor("a@x"), seconds(20));
  clock.Advance(seconds(20));
  EXPECT_EQ(throttle.WaitFor("a@x"), seconds(0));
  EXPECT_EQ(throttle.WaitFor("b@x"), seconds(0)) << "per e-mail";
  for (int i = 0; i < 30; ++i) throttle.Failed("a@x");
  EXPECT_EQ(throttle.WaitFor("a@x"), seconds(15 * 60)) << "at most 15 minutes";
  throttle.Succeeded("a@x");
  EXPECT_EQ(throttle.WaitFor("a@x"), seconds(0));
}

TEST(HttpBitsTest, CookiesAndForms) {
  RequestContext ctx;
  ctx.headers.emplace("cookie", "a=1; mrtrack_session=abc ;b=2");
  EXPECT_EQ(CookieValue(ctx, "mrtrack_session").value_or("-"), "abc");
  EXPECT_EQ(CookieValue(ctx, "b").value_or("-"), "2");
  EXPECT_FALSE(CookieValue(ctx, "mrtrack").has_value());
  EXPECT_EQ(SessionCookie("v", true, 60), "mrtrack_session=v; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=60");
  EXPECT_EQ(SessionCookie("v", false, 0), "mrtrack_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");

  Form form = ParseForm("status=No+Longer+Applicable&reason=caf%C3%A9+%26+co&empty=&flag&bad=%zz%4");
  EXPECT_EQ(FormValue(form, "status"), "No Longer Applicable");
  EXPECT_EQ(FormValue(form, "reason"), "caf\xC3\xA9 & co");
  EXPECT_EQ(FormValue(form, "empty"), "");
  EXPECT_EQ(form.count("flag"), 1u);
  EXPECT_EQ(FormValue(form, "bad"), "%zz%4") << "broken escapes stay as they are";
  EXPECT_EQ(UrlEncode("/a b?c=d&é"), "%2Fa%20b%3Fc%3Dd%26%C3%A9");
  EXPECT_EQ(UrlDecode(UrlEncode("x y/z")), "x y/z");
  EXPECT_TRUE(IsLocalPath("/actions/a?x=1"));
  EXPECT_FALSE(IsLocalPath("//evil.example/"));
  EXPECT_FALSE(IsLocalPath("/\\evil.example/"));
  EXPECT_FALSE(IsLocalPath("https://evil.example/"));
  EXPECT_FALSE(IsLocalPath(""));
}

TEST(HttpBitsTest, MultipartFormsGiveTheirFieldsAndFiles) {
  RequestContext ctx;
  ctx.headers.emplace("content-type", "multipart/form-data; boundary=----b0undary");
  ctx.body =
      "------b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
      "------b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n"
      "------b0undary--\r\n";
  auto parts = ParseMultipart(ctx);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].content, "tok");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "plan.csv");
  EXPECT_EQ((*parts)[1].content, "a,b\r\n1,2\r\n") << "line breaks inside a file are kept";
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  auto posted = ReadPostedForm(ctx);
  ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  EXPECT_EQ(FormValue(posted->fields, "csrf"), "tok");
  ASSERT_EQ(posted->files.size(), 1u);
  EXPECT_EQ(posted->files[0].filename, "plan.csv");

  ctx.body = "------b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok";
  EXPECT_EQ(ParseMultipart(ctx).status().code(), StatusCode::kInvalidArgument) << "a part without its end";
  RequestContext no_boundary;
  no_boundary.headers.emplace("content-type", "multipart/form-data");
  EXPECT_EQ(ParseMultipart(no_boundary).status().field(), "Content-Type");
}

TEST(AgeingTest, OpenActionsByDaysOverdue) {
  nlohmann::json actions = nlohmann::json::array();
  auto add = [&actions](const char* status, bool overdue, int days) {
    actions.push_back({{"status", status}, {"overdue", overdue}, {"days_overdue", days}});
  };
  add("Ongoing", false, 0);
  add("Ongoing", true, 1);
  add("Initiated", true, 90);
  add("Not Initiated", true, 91);
  add("Ongoing", true, 181);
  add("Ongoing", true, 366);
  add("Ongoing", true, 4000);
  add("Completed", false, 0);              // Not open: not counted.
  add("No Longer Applicable", true, 900);  // Not open either.
  // The API's buckets (projections/summary.h): not_due, 1-90, 91-180, 181-365, over_365.
  nlohmann::json model = AgeingModel(actions, Language::kEnglish);
  std::vector<int> counts;
  for (const auto& bar : model["bars"]) counts.push_back(bar["count"].get<int>());
  EXPECT_EQ(counts, (std::vector<int>{1, 2, 1, 1, 2}));
  EXPECT_EQ(model["open"], 7);
  EXPECT_EQ(model["bars"][1]["label"], "1–90 days");
  EXPECT_EQ(AgeingModel(actions, Language::kFrench)["bars"][4]["label"], "Plus d’un an");
  // The tallest bars reach the top; all stand on the baseline.
  EXPECT_EQ(model["bars"][4]["y"], 20);
  for (const auto& bar : model["bars"]) {
    EXPECT_EQ(bar["y"].get<int>() + bar["height"].get<int>(), model["baseline"].get<int>());
  }
  EXPECT_FALSE(model["bars"][0]["late"].get<bool>());
  EXPECT_TRUE(model["bars"][4]["late"].get<bool>());
}

TEST(HttpBitsTest, EveryPageCarriesTheSecurityHeaders) {
  Reply reply = HtmlReply("<p>x</p>");
  std::map<std::string, std::string> headers(reply.headers.begin(), reply.headers.end());
  EXPECT_EQ(headers["X-Frame-Options"], "DENY");
  EXPECT_EQ(headers["Referrer-Policy"], "same-origin");
  EXPECT_EQ(headers["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(headers["Content-Security-Policy"].find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(headers["Content-Security-Policy"].find("unsafe"), std::string::npos);
  Reply redirect = Redirect("//evil.example/");
  std::map<std::string, std::string> r(redirect.headers.begin(), redirect.headers.end());
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(r["Location"], "/") << "never off the site";
}

TEST(RenderTest, EscapesValuesAndTreatsEmptyTextAsFalse) {
  auto html = RenderTemplate("error", {{"title", "Error 404"}, {"message", "<script>alert(1)</script>"}, {"signed_out", false}});
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_EQ(html->find("<script>"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;"), std::string::npos);
  auto page = RenderPage("sign_in", {{"title", "Sign in"}, {"error", ""}, {"as_of", ""}, {"user", nullptr}});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->find("role=\"alert\""), std::string::npos) << "no empty error box";
  EXPECT_NE(page->find("<label for=\"email\">E-mail</label>"), std::string::npos);
  EXPECT_EQ(RenderTemplate("nope", {}).status().code(), StatusCode::kNotFound);
}

TEST(RenderTest, PartialsAreIncluded) {
  nlohmann::json model = {{"ageing", AgeingModel(nlohmann::json::array({{{"status", "Ongoing"}, {"overdue", true}, {"days_overdue", 45}}}),
                                             Language::kEnglish)},
                          {"units", nlohmann::json::array()}};
  auto html = RenderTemplate("dashboard", model);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->find("<svg class=\"chart\""), std::string::npos) << *html;
  EXPECT_NE(html->find("91–180 days"), std::string::npos);
}

TEST(RenderTest, MyActionsShowsUpdateAskedOnStaleActions) {
  auto row = [](const std::string& id, bool stale) {
    return nlohmann::json{{"id", id}, {"description", "Action " + id}, {"status_label", "Ongoing"},
                          {"status_class", "status-2"}, {"stale", stale}, {"deadline", "31 March 2026"}};
  };
  for (const auto& [lang, badge] : {std::pair<std::string, std::string>{"en", "Update asked"},
                                    {"fr", "Mise à jour demandée"}, {"es", "Actualización solicitada"}}) {
    nlohmann::json model = {{"lang", lang}, {"actions", nlohmann::json::array({row("a1", true), row("a2", false)})}};
    auto html = RenderTemplate("my_actions", model);
    ASSERT_TRUE(html.ok()) << html.status().ToString();
    const std::string marker = "<span class=\"badge update-asked\">" + badge + "</span>";
    const auto first = html->find(marker);
    ASSERT_NE(first, std::string::npos) << *html;
    EXPECT_LT(first, html->find("Action a2")) << "on the stale action's row";
    EXPECT_EQ(html->find(marker, first + 1), std::string::npos) << "and on no other";
  }
}

}  // namespace
}  // namespace mrtrack::daemon::web
