// The wiki over HTTP on both databases, per role (anonymous, non-member,
// member, builder, organizer, organizer of another community): pages with
// their sanitized HTML, links and table of contents, revisions with a
// refused conflicting save (409 with what changed), diff and restore,
// settings, a loop in the tree, the limits (a 4xx naming the field, nothing
// written); the onboarding path with a reading step, an automatic step and
// the funnel; the pages with their forms (a conflict keeps the typed text);
// the template wiki. Replies match the served OpenAPI document.
#include "environment.hpp"

namespace moim::integration {
namespace {

using WikiHttpTest = ServerTest;

const std::string kBase = "/api/v1/communities/it-lab/wiki";
const std::string kPattern = "/api/v1/communities/{slug}/wiki";

std::string error_part(const HttpResult& result, const char* part) {
  auto body = parse_object(result.body);
  if (!body.contains("error") || !body["error"].is_object()) return "";
  const auto& error = body["error"].as_object();
  return error.contains(part) && error.at(part).is_string()
             ? std::string(error.at(part).as_string())
             : std::string();
}

std::int64_t id_of(const HttpResult& result) { return parse_object(result.body)["id"].as_int64(); }

std::string unique(Environment& env, const std::string& word) {
  return word + " " + std::to_string(env.count("SELECT count(*) FROM users")) + "-" +
         std::to_string(env.count("SELECT count(*) FROM wiki_revisions"));
}

// A new person, signed in, a member unless `join` is false; their id.
std::int64_t person(Environment& env, Client& client, const std::string& who, bool join = true) {
  const std::int64_t id = sign_up_and_log_in(
      client,
      "wiki-" + who + "-" + std::to_string(env.count("SELECT count(*) FROM users")) + "@it.example",
      who);
  if (join) {
    EXPECT_EQ(client.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  }
  return id;
}

std::string stage_of(Environment& env, std::int64_t user_id) {
  auto member = env.organizer->get("/api/v1/communities/it-lab/members/" + std::to_string(user_id));
  auto body = parse_object(member.body);
  if (body.contains("member")) return std::string(body["member"].as_object()["stage"].as_string());
  return body.contains("stage") ? std::string(body["stage"].as_string()) : std::string();
}

std::string json_text(const std::string& text) {
  return boost::json::serialize(boost::json::value(text));
}

bool has(const HttpResult& page, const std::string& text) {
  return page.body.find(text) != std::string::npos;
}

TEST_P(WikiHttpTest, PagesRevisionsAndConflictsPerRole) {
  Environment& e = env();
  Client builder = e.client();
  const std::int64_t builder_id = person(e, builder, "빌더");
  ASSERT_EQ(e.admin
                ->json("PATCH", "/api/v1/communities/it-lab/members/" + std::to_string(builder_id),
                       R"({"stage":"builder","reason":"leads a study"})")
                .status,
            200);
  Client stranger = e.client();
  person(e, stranger, "stranger", false);
  // An organizer of another community.
  Client elsewhere = e.client();
  person(e, elsewhere, "elsewhere", false);
  const std::string other_slug =
      "wiki-other-" + std::to_string(e.count("SELECT count(*) FROM communities"));
  ASSERT_EQ(e.admin
                ->json("POST", "/api/v1/communities",
                       R"({"slug":")" + other_slug + R"(","name":"Other"})")
                .status,
            201);
  ASSERT_EQ(elsewhere.json("POST", "/api/v1/communities/" + other_slug + "/membership").status,
            201);

  const std::string title = unique(e, "온보딩 가이드");
  const std::string body =
      "# 시작\n\n## 둘째\n\n[[없는 페이지]] <script>alert(1)</script> "
      "[x](javascript:alert(1))\n";
  const std::string create =
      R"({"title":)" + json_text(title) + R"(,"body":)" + json_text(body) + "}";
  EXPECT_EQ(e.anonymous->json("POST", kBase + "/pages", create).status, 401);
  EXPECT_EQ(stranger.json("POST", kBase + "/pages", create).status, 403);
  // Bad input: named, nothing written.
  const std::int64_t pages_before = e.count("SELECT count(*) FROM wiki_pages");
  auto slash = e.member->json("POST", kBase + "/pages", R"({"title":"a/b"})");
  EXPECT_EQ(slash.status, 400) << slash.body;
  EXPECT_EQ(error_part(slash, "field"), "title");
  // Over the bytes a page holds (Korean: 3 bytes a character): 413.
  std::string korean;
  for (int idx = 0; idx < 40000; ++idx) korean += "가";
  auto big =
      e.member->json("POST", kBase + "/pages", R"({"title":"big","body":")" + korean + "\"}");
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 200);
  EXPECT_EQ(error_part(big, "field"), "body");
  // Over the characters the API reads: 400, naming the field too.
  auto long_text = e.member->json("POST", kBase + "/pages",
                                  R"({"title":"long","body":")" + std::string(150000, 'x') + "\"}");
  EXPECT_EQ(long_text.status, 400);
  EXPECT_EQ(error_part(long_text, "field"), "body");
  auto huge =
      e.member->json("POST", kBase + "/pages",
                     R"({"title":"huge","body":")" + std::string(5 * 1024 * 1024, 'x') + "\"}");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(e.member->json("POST", kBase + "/pages", R"({"title":"x","colour":"red"})").status,
            422);
  EXPECT_EQ(e.count("SELECT count(*) FROM wiki_pages"), pages_before);

  auto created = e.member->json("POST", kBase + "/pages", create);
  ASSERT_EQ(created.status, 201) << created.body;
  expect_documented(e, "post", kPattern + "/pages", created);
  const std::int64_t page_id = id_of(created);
  const std::string page = kBase + "/pages/" + std::to_string(page_id);
  const std::string pattern = kPattern + "/pages/{page}";
  EXPECT_EQ(e.member->json("POST", kBase + "/pages", create).status, 409);  // the title is taken

  // Reading: members; others are told nothing (404) or to sign in (401).
  EXPECT_EQ(e.anonymous->get(page).status, 401);
  EXPECT_EQ(stranger.get(page).status, 404);
  // An address by title that is not UTF-8, or longer than any title: no page
  // (PostgreSQL would refuse such bytes as a parameter), never a 5xx.
  EXPECT_EQ(stranger.get("/c/it-lab/wiki/%C0%AF").status, 404);
  EXPECT_EQ(stranger.get("/c/it-lab/wiki/" + std::string(600, 'x')).status, 404);
  EXPECT_EQ(elsewhere.get(page).status, 404);
  auto read = builder.get(page);
  ASSERT_EQ(read.status, 200) << read.body;
  expect_documented(e, "get", pattern, read);
  auto shown = parse_object(read.body);
  const std::string html(shown["html"].as_string());
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_NE(html.find("wiki-missing"), std::string::npos) << html;
  EXPECT_EQ(shown["toc"].as_array().size(), 2u);
  auto listed = stranger.get(kBase + "/pages");
  ASSERT_EQ(listed.status, 200);
  expect_documented(e, "get", kPattern + "/pages", listed);
  EXPECT_FALSE(parse_object(listed.body)["can_create"].as_bool());

  // Two editors from revision 1: the second is refused with what changed.
  auto saved =
      builder.json("PUT", page, R"({"base_revision":1,"body":"one\ntwo","summary":"rewrite"})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  expect_documented(e, "put", pattern, saved);
  auto late = e.member->json("PUT", page, R"({"base_revision":1,"body":"mine"})");
  ASSERT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(error_part(late, "field"), "base_revision");
  auto conflict = parse_object(late.body)["conflict"].as_object();
  EXPECT_EQ(conflict["current_revision"].as_int64(), 2);
  EXPECT_FALSE(conflict["changes"].as_array().empty());
  EXPECT_EQ(
      e.count("SELECT count(*) FROM wiki_revisions WHERE page_id = " + std::to_string(page_id)), 2);
  EXPECT_EQ(stranger.json("PUT", page, R"({"base_revision":2,"body":"x"})").status, 404);

  // History, a diff, a restore (a new revision).
  auto history = e.member->get(page + "/revisions");
  ASSERT_EQ(history.status, 200);
  expect_documented(e, "get", pattern + "/revisions", history);
  EXPECT_EQ(
      parse_object(history.body)["revisions"].as_array()[0].as_object().at("author").as_string(),
      "빌더");
  auto compared = e.member->get(page + "/diff?from=1&to=2");
  ASSERT_EQ(compared.status, 200) << compared.body;
  expect_documented(e, "get", pattern + "/diff", compared);
  EXPECT_EQ(error_part(e.member->get(page + "/diff?from=1&to=9"), "field"), "to");
  auto restored = e.member->json("POST", page + "/revisions/1/restore");
  ASSERT_EQ(restored.status, 201) << restored.body;
  expect_documented(e, "post", pattern + "/revisions/{revision}/restore", restored);
  EXPECT_EQ(parse_object(restored.body)["revision"].as_int64(), 3);

  // Settings: organizers only; a public page is read by anyone.
  EXPECT_EQ(builder.json("PATCH", page + "/settings", R"({"is_public":true})").status, 403);
  EXPECT_EQ(elsewhere.json("PATCH", page + "/settings", R"({"is_public":true})").status, 404);
  auto settings = e.organizer->json("PATCH", page + "/settings",
                                    R"({"edit_permission":"organizers","is_public":true})");
  ASSERT_EQ(settings.status, 200) << settings.body;
  expect_documented(e, "patch", pattern + "/settings", settings);
  EXPECT_EQ(error_part(
                e.organizer->json("PATCH", page + "/settings", R"({"edit_permission":"everyone"})"),
                "field"),
            "edit_permission");
  EXPECT_EQ(e.anonymous->get(page).status, 200);
  EXPECT_EQ(builder.json("PUT", page, R"({"base_revision":3,"body":"b"})").status, 403);
  EXPECT_EQ(e.organizer->json("PUT", page, R"({"base_revision":3,"body":"o"})").status, 200);

  // A loop in the tree is refused, naming the field.
  auto child = e.member->json("POST", kBase + "/pages",
                              R"({"title":)" + json_text(unique(e, "child")) + R"(,"parent_id":)" +
                                  std::to_string(page_id) + "}");
  ASSERT_EQ(child.status, 201) << child.body;
  auto loop = e.organizer->json(
      "PUT", page, R"({"base_revision":4,"parent_id":)" + std::to_string(id_of(child)) + "}");
  EXPECT_EQ(loop.status, 422) << loop.body;
  EXPECT_EQ(error_part(loop, "field"), "parent_id");
}

TEST_P(WikiHttpTest, OnboardingPathTicksMovesAndCounts) {
  Environment& e = env();
  // Start from an empty path: earlier tests of this database may have steps.
  auto existing = e.organizer->get(kBase + "/onboarding/steps");
  ASSERT_EQ(existing.status, 200) << existing.body;
  expect_documented(e, "get", kPattern + "/onboarding/steps", existing);
  const auto listed_steps = parse_object(existing.body);
  for (const auto& step : listed_steps.at("steps").as_array())
    ASSERT_EQ(e.organizer
                  ->json("DELETE", kBase + "/onboarding/steps/" +
                                       std::to_string(step.as_object().at("id").as_int64()))
                  .status,
              204);
  auto welcome = e.organizer->json(
      "POST", kBase + "/pages",
      R"({"title":)" + json_text(unique(e, "환영")) + R"(,"body":"읽어 주세요"})");
  ASSERT_EQ(welcome.status, 201);
  const std::string step_body = R"({"kind":"read","page_id":)" + std::to_string(id_of(welcome)) +
                                R"(,"title":"커뮤니티 소개 읽기"})";
  EXPECT_EQ(e.member->json("POST", kBase + "/onboarding/steps", step_body).status, 403);
  EXPECT_EQ(error_part(e.organizer->json("POST", kBase + "/onboarding/steps", R"({"kind":"read"})"),
                       "field"),
            "page_id");
  auto added = e.organizer->json("POST", kBase + "/onboarding/steps", step_body);
  ASSERT_EQ(added.status, 201) << added.body;
  expect_documented(e, "post", kPattern + "/onboarding/steps", added);
  const std::int64_t read_step = id_of(added);

  // A newcomer reads and confirms: the path is done and they are 소통.
  Client newcomer = e.client();
  const std::int64_t newcomer_id = person(e, newcomer, "newcomer");
  EXPECT_EQ(stage_of(e, newcomer_id), "observer");
  auto mine = newcomer.get(kBase + "/onboarding");
  ASSERT_EQ(mine.status, 200) << mine.body;
  expect_documented(e, "get", kPattern + "/onboarding", mine);
  EXPECT_FALSE(parse_object(mine.body)["finished"].as_bool());
  auto dashboard = newcomer.get("/c/it-lab/me");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_TRUE(has(dashboard, "data-testid=\"onboarding-card\"")) << dashboard.body.substr(0, 300);
  auto done =
      newcomer.json("POST", kBase + "/onboarding/steps/" + std::to_string(read_step) + "/done");
  ASSERT_EQ(done.status, 200) << done.body;
  expect_documented(e, "post", kPattern + "/onboarding/steps/{step}/done", done);
  EXPECT_TRUE(parse_object(done.body)["finished"].as_bool());
  EXPECT_EQ(stage_of(e, newcomer_id), "participant");
  EXPECT_FALSE(has(newcomer.get("/c/it-lab/me"), "data-testid=\"onboarding-card\""));
  EXPECT_EQ(
      e.anonymous->json("POST", kBase + "/onboarding/steps/" + std::to_string(read_step) + "/done")
          .status,
      401);

  // An automatic step: a growth log ticks it without a click.
  auto growth = e.organizer->json("POST", kBase + "/onboarding/steps",
                                  R"({"kind":"growth_log","title":"첫 성장 일지"})");
  ASSERT_EQ(growth.status, 201) << growth.body;
  Client writer = e.client();
  person(e, writer, "writer");
  auto before = parse_object(writer.get(kBase + "/onboarding").body);
  EXPECT_FALSE(before["steps"].as_array()[1].as_object().at("done").as_bool());
  ASSERT_EQ(writer
                .json("PUT", "/api/v1/communities/it-lab/growth-logs",
                      R"({"week":"2027-03-10","learned":"안녕하세요","visibility":"public"})")
                .status,
            200);
  auto after = parse_object(writer.get(kBase + "/onboarding").body);
  EXPECT_TRUE(after["steps"].as_array()[1].as_object().at("done").as_bool());
  EXPECT_TRUE(after["steps"].as_array()[1].as_object().at("automatic").as_bool());

  // The funnel: organizers only; counts per step.
  EXPECT_EQ(e.member->get(kBase + "/onboarding/funnel").status, 403);
  auto funnel = e.organizer->get(kBase + "/onboarding/funnel");
  ASSERT_EQ(funnel.status, 200) << funnel.body;
  expect_documented(e, "get", kPattern + "/onboarding/funnel", funnel);
  auto counts = parse_object(funnel.body);
  EXPECT_EQ(counts["steps"].as_array()[0].as_object().at("done_count").as_int64(), 1);
  EXPECT_EQ(counts["steps"].as_array()[1].as_object().at("done_count").as_int64(), 1);
  EXPECT_GE(counts["finished"].as_int64(), 1);
  // Moving a step is audited like adding one.
  EXPECT_EQ(
      e.organizer
          ->json("POST", kBase + "/onboarding/steps/" + std::to_string(id_of(growth)) + "/move",
                 R"({"direction":-1})")
          .status,
      204);
  EXPECT_GE(e.count("SELECT count(*) FROM audit_log WHERE action = 'wiki.onboarding_step_moved'"),
            1);
}

TEST_P(WikiHttpTest, PagesKeepWhatWasTyped) {
  Environment& e = env();
  const std::string title = unique(e, "Form page");
  auto form = e.member->get("/c/it-lab/wiki/new?title=" + title.substr(0, 4));
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "data-testid=\"wiki-edit-form\""));
  EXPECT_EQ(e.member->form("/c/it-lab/wiki/new", "title=x").status, 403);  // no form token
  // A bad title: the form again, the field marked, the text kept.
  auto bad = e.member->form("/c/it-lab/wiki/new",
                            "_csrf=" + csrf_from(form.body) + "&title=a%2Fb&body=typed+text");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad, "typed text"));
  EXPECT_TRUE(has(bad, "aria-invalid=\"true\""));
  auto made = e.member->form("/c/it-lab/wiki/new", "_csrf=" + csrf_from(form.body) +
                                                       "&title=" + url_encode(title) +
                                                       "&body=%23+Hello%0A%0Aline");
  ASSERT_EQ(made.status, 303) << made.body;
  const std::string location = made.headers["location"];
  const std::string path = location.substr(0, location.find('?'));
  auto shown = e.member->get(path);
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(has(shown, "<h1 id=\"section-1\">Hello</h1>"));
  // By title, and a missing title leads a member to the form.
  EXPECT_EQ(e.member->get("/c/it-lab/wiki/" + url_encode(title)).status, 200);
  auto missing = e.member->get("/c/it-lab/wiki/" + url_encode(unique(e, "nowhere")));
  EXPECT_EQ(missing.status, 303);
  EXPECT_NE(missing.headers["location"].find("/wiki/new?title="), std::string::npos);
  EXPECT_NE(e.anonymous->get("/c/it-lab/wiki/" + path.substr(path.rfind('/') + 1)).status, 200);

  // A conflict through the form: someone saved first; the typed text stays.
  auto edit = e.member->get(path + "/edit");
  ASSERT_EQ(edit.status, 200);
  const std::string page_api = kBase + "/pages/" + path.substr(path.rfind('/') + 1);
  ASSERT_EQ(e.organizer->json("PUT", page_api, R"({"base_revision":1,"body":"# Hello\n\nchanged"})")
                .status,
            200);
  auto refused = e.member->form(path + "/edit", "_csrf=" + csrf_from(edit.body) +
                                                    "&base_revision=1&title=" + url_encode(title) +
                                                    "&body=my+own+words");
  EXPECT_EQ(refused.status, 409);
  EXPECT_TRUE(has(refused, "data-testid=\"wiki-conflict\""));
  EXPECT_TRUE(has(refused, "my own words"));
  EXPECT_TRUE(has(refused, "name=\"base_revision\" value=\"2\""));
  EXPECT_EQ(e.count("SELECT count(*) FROM wiki_revisions WHERE body = 'my own words'"), 0);

  // History and diff pages, and restoring through the form.
  EXPECT_EQ(e.member->get(path + "/history").status, 200);
  auto diff = e.member->get(path + "/diff?from=1&to=2");
  ASSERT_EQ(diff.status, 200);
  EXPECT_TRUE(has(diff, "data-testid=\"wiki-diff\""));
  auto restore = e.member->form(path + "/revisions/1/restore", "_csrf=" + csrf_from(diff.body));
  EXPECT_EQ(restore.status, 303);
  EXPECT_EQ(e.member->get("/c/it-lab/wiki").status, 200);
  EXPECT_EQ(e.anonymous->get("/c/it-lab/wiki").status, 200);
}

TEST_P(WikiHttpTest, ImagesMustBeImages) {
  Environment& e = env();
  auto made =
      e.member->json("POST", kBase + "/pages", R"({"title":)" + json_text(unique(e, "그림")) + "}");
  ASSERT_EQ(made.status, 201);
  const std::string images = kBase + "/pages/" + std::to_string(id_of(made)) + "/images";
  const std::string pattern = kPattern + "/pages/{page}/images";
  const std::string png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJg"
      "gg==";
  // Not an image (an SVG with script, plain text as base64): 422, nothing kept.
  auto svg = e.member->json("POST", images, R"({"image_base64":"PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"})");
  EXPECT_EQ(svg.status, 422) << svg.body;
  EXPECT_EQ(error_part(svg, "field"), "image_base64");
  EXPECT_EQ(e.anonymous->json("POST", images, R"({"image_base64":")" + png + "\"}").status, 401);
  auto attached = e.member->json("POST", images, R"({"image_base64":")" + png + "\"}");
  ASSERT_EQ(attached.status, 201) << attached.body;
  expect_documented(e, "post", pattern, attached);
  const std::string url(parse_object(attached.body)["url"].as_string());
  auto served = e.member->get(url);
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.headers["content-type"], "image/png");
  EXPECT_EQ(served.headers["x-content-type-options"], "nosniff");
  EXPECT_NE(e.anonymous->get(url).status, 200);
  auto listed = e.member->get(images);
  ASSERT_EQ(listed.status, 200);
  expect_documented(e, "get", pattern, listed);
  EXPECT_EQ(parse_object(listed.body)["images"].as_array().size(), 1u);
}

TEST_P(WikiHttpTest, TemplateWikiInTheCommunitysLanguage) {
  Environment& e = env();
  const std::string slug = "wiki-en-" + std::to_string(e.count("SELECT count(*) FROM communities"));
  ASSERT_EQ(e.admin
                ->json("POST", "/api/v1/communities",
                       R"({"slug":")" + slug + R"(","name":"English Lab","default_locale":"en"})")
                .status,
            201);
  const std::string templated = "/api/v1/communities/" + slug + "/wiki/template";
  EXPECT_EQ(e.member->json("POST", templated).status, 403);
  auto made = e.admin->json("POST", templated);
  ASSERT_EQ(made.status, 201) << made.body;
  expect_documented(e, "post", kPattern + "/template", made);
  auto pages = parse_object(made.body)["pages"].as_array();
  ASSERT_EQ(pages.size(), 5u);
  EXPECT_EQ(pages[0].as_object().at("title").as_string(), "About the community");
  EXPECT_EQ(e.admin->json("POST", templated).status, 409);
}

INSTANTIATE_TEST_SUITE_P(Drivers, WikiHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
