// Consents over HTTP (issue #16): the sign-up's 개인정보 수집·이용 동의 on the
// form and the API, /me/consents, and withdrawing stopping the use at once.
#include "environment.hpp"

namespace moim::integration {
namespace {

using ConsentHttpTest = ServerTest;

std::string email_for(const std::string& name, const std::string& kind) {
  return name + "-" + kind + "@it.example";
}

TEST_P(ConsentHttpTest, TheSignUpFormWithoutARequiredConsentIsShownAgainMarked) {
  Client browser = env().client();
  auto page = browser.get("/signup", {"Accept-Language: ko-KR,ko;q=0.9"});
  ASSERT_EQ(page.status, 200);
  for (const char* purpose : {"account", "community_membership", "newsletter", "profile_visible",
                              "bingo_name", "discord_link"})
    EXPECT_NE(page.body.find(std::string("name=\"consent_") + purpose + "\""), std::string::npos)
        << purpose;
  EXPECT_NE(page.body.find("개인정보 수집·이용 동의"), std::string::npos);
  EXPECT_NE(page.body.find("2026-12"), std::string::npos);
  const std::int64_t before = env().count("SELECT COUNT(*) FROM users");
  const std::string email = email_for("formless", GetParam());
  auto refused =
      browser.form("/signup", "_csrf=" + csrf_from(page.body) +
                                  "&display_name=%EB%B9%A0%EC%A7%90&email=" + email +
                                  "&password=long+enough&consent_account=1&consent_newsletter=1");
  EXPECT_EQ(refused.status, 422) << refused.body.substr(0, 400);
  // The field at fault is marked, what was typed kept, the ticks too.
  const std::size_t box = refused.body.find("name=\"consent_community_membership\"");
  ASSERT_NE(box, std::string::npos);
  const std::size_t open = refused.body.rfind('<', box);
  const std::string tag = refused.body.substr(open, refused.body.find('>', box) - open);
  EXPECT_NE(tag.find("aria-invalid=\"true\""), std::string::npos) << tag;
  EXPECT_NE(refused.body.find("‘커뮤니티 가입과 활동’"), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"" + email + "\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"빠짐\""), std::string::npos);
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM users"), before);

  auto accepted = browser.form(
      "/signup", "_csrf=" + csrf_from(page.body) + "&display_name=F&email=" + email +
                     "&password=long+enough&consent_account=1&consent_community_membership=1"
                     "&consent_newsletter=1");
  EXPECT_EQ(accepted.status, 303);
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM consents c JOIN users u ON u.id = c.user_id WHERE "
                        "u.email = '" +
                        email + "' AND c.policy_version = '2026-12' AND c.withdrawn_at IS NULL"),
            3);
}

TEST_P(ConsentHttpTest, TheApiSignUpNeedsTheRequiredConsents) {
  Client client = env().client();
  const std::string email = email_for("apiless", GetParam());
  auto refused =
      client.json("POST", "/api/v1/auth/signup",
                  R"({"email":")" + email + R"(","display_name":"A","password":"long enough"})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(parse_object(refused.body)["error"].as_object()["field"].as_string(),
            "consent_account");
  auto unknown = client.json("POST", "/api/v1/auth/signup",
                             R"({"consents":["account","community_membership","ads"],"email":")" +
                                 email + R"(","display_name":"A","password":"long enough"})");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM users WHERE email = '" + email + "'"), 0);
}

TEST_P(ConsentHttpTest, WithdrawingProfileVisibleHidesTheProfileAtOnce) {
  Client person = env().client();
  const std::int64_t id = sign_up_and_log_in(person, email_for("shy", GetParam()), "Shy");
  auto join_page = person.get("/c/it-lab");
  ASSERT_EQ(person.form("/c/it-lab/join", "_csrf=" + csrf_from(join_page.body)).status, 303);
  const std::string profile = "/u/" + std::to_string(id);
  EXPECT_EQ(env().member->get(profile).status, 200);

  auto consents = person.get("/me/consents");
  ASSERT_EQ(consents.status, 200);
  EXPECT_NE(consents.body.find("data-testid=\"consent-history\""), std::string::npos);
  const std::string token = csrf_from(consents.body);
  auto withdrawn =
      person.form("/me/consents", "_csrf=" + token + "&purpose=profile_visible&choice=withdraw");
  EXPECT_EQ(withdrawn.status, 303);
  EXPECT_EQ(withdrawn.headers["location"], "/me/consents?notice=consent_withdrawn");
  EXPECT_EQ(env().member->get(profile).status, 404);
  EXPECT_EQ(env().member->get("/api/v1/users/" + std::to_string(id)).status, 404);
  EXPECT_EQ(person.get(profile).status, 200);        // the person still sees it
  EXPECT_EQ(env().admin->get(profile).status, 200);  // and admins do
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM consents WHERE user_id = " + std::to_string(id) +
                        " AND purpose = 'profile_visible' AND withdrawn_at IS NOT NULL"),
            1);

  auto granted =
      person.form("/me/consents", "_csrf=" + token + "&purpose=profile_visible&choice=grant");
  EXPECT_EQ(granted.status, 303);
  EXPECT_EQ(env().member->get(profile).status, 200);
  // A required one stays; a made-up one is not found.
  EXPECT_EQ(
      person.form("/me/consents", "_csrf=" + token + "&purpose=account&choice=withdraw").status,
      409);
  EXPECT_EQ(person.form("/me/consents", "_csrf=" + token + "&purpose=ads&choice=grant").status,
            404);
  EXPECT_EQ(person.form("/me/consents", "purpose=newsletter&choice=withdraw").status, 403);
  // The export lists them.
  auto data = person.get("/me/data");
  ASSERT_EQ(data.status, 200);
  EXPECT_NE(data.body.find("/me/consents"), std::string::npos);
}

TEST_P(ConsentHttpTest, TheConsentPageNeedsASignedInPerson) {
  Client anonymous = env().client();
  auto page = anonymous.get("/me/consents");
  EXPECT_EQ(page.status, 303);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ConsentHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
