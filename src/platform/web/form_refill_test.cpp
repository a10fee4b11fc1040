#include "platform/web/form_refill.hpp"

#include <gtest/gtest.h>

namespace moim::web {
namespace {

const std::string kPage =
    "<form method=\"post\" action=\"/other\"><input name=\"title\" value=\"x\"></form>"
    "<form method=\"post\" action=\"/c/demo/cohorts\" class=\"stack\">"
    "<input type=\"hidden\" name=\"_csrf\" value=\"t\">"
    "<label for=\"title\">Title</label><input id=\"title\" name=\"title\" required>"
    "<input type=\"password\" name=\"password\">"
    "<textarea name=\"description\">old</textarea>"
    "<select name=\"mode\"><option value=\"a\" selected>A</option><option value=\"b\">B</option>"
    "</select>"
    "<input type=\"checkbox\" name=\"open\" checked>"
    "<input type=\"date\" name=\"starts_on_date\">"
    "<button type=\"submit\">Save</button></form>";

TEST(FormRefill, KeepsWhatWasTypedAndMarksTheField) {
  std::string html = kPage;
  ASSERT_TRUE(refill_form(html, "/c/demo/cohorts",
                          {{"_csrf", "evil"},
                           {"title", "A <b>\"title\""},
                           {"password", "secret"},
                           {"description", "typed & kept"},
                           {"mode", "b"}},
                          {"description", "Too long"}));
  EXPECT_NE(html.find("name=\"title\" required value=\"A &lt;b&gt;&quot;title&quot;\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("name=\"_csrf\" value=\"t\""), std::string::npos) << "hidden left alone";
  EXPECT_EQ(html.find("secret"), std::string::npos) << "passwords are never echoed";
  EXPECT_NE(html.find("<textarea name=\"description\" aria-invalid=\"true\" "
                      "aria-describedby=\"error-description\">typed &amp; kept</textarea>"
                      "<span class=\"field-error\" id=\"error-description\" role=\"alert\">Too "
                      "long</span>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<option value=\"a\">A</option><option value=\"b\" selected>B</option>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<input type=\"checkbox\" name=\"open\">"), std::string::npos)
      << "a checkbox not sent was unchecked: " << html;
  EXPECT_NE(html.find("action=\"/other\"><input name=\"title\" value=\"x\">"), std::string::npos)
      << "other forms unchanged";
}

TEST(FormRefill, MarksAControlByPrefixOrTheWholeForm) {
  std::string html = kPage;
  ASSERT_TRUE(refill_form(html, "/c/demo/cohorts?x=1", {}, {"starts_on", "Bad date"}));
  EXPECT_NE(html.find("name=\"starts_on_date\" aria-invalid=\"true\""), std::string::npos) << html;

  html = kPage;
  ASSERT_TRUE(refill_form(html, "/c/demo/cohorts", {}, {"phases.starts", "Bad"}));
  EXPECT_NE(html.find("name=\"starts_on_date\" aria-invalid=\"true\""), std::string::npos)
      << "the last part of a dotted API name: " << html;

  html = kPage;
  ASSERT_TRUE(refill_form(html, "/c/demo/cohorts", {}, {"phase", "Not now <now>"}));
  EXPECT_NE(html.find("class=\"stack\"><span class=\"field-error\" id=\"error-form\" "
                      "role=\"alert\">Not now &lt;now&gt;</span>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("aria-invalid"), std::string::npos);
}

// One form per row posting to the same place: the row whose hidden id was sent.
TEST(FormRefill, PicksTheRowWhoseHiddenFieldsWereSent) {
  std::string html =
      "<form action=\"/mark\"><input type=\"hidden\" name=\"user_id\" value=\"1\">"
      "<input name=\"reason\"></form>"
      "<form action=\"/mark\"><input type=\"hidden\" name=\"user_id\" value=\"2\">"
      "<input name=\"reason\"></form>";
  ASSERT_TRUE(refill_form(html, "/mark", {{"user_id", "2"}, {"reason", "late"}}, {"reason", "!"}));
  EXPECT_EQ(html,
            "<form action=\"/mark\"><input type=\"hidden\" name=\"user_id\" value=\"1\">"
            "<input name=\"reason\"></form>"
            "<form action=\"/mark\"><input type=\"hidden\" name=\"user_id\" value=\"2\">"
            "<input name=\"reason\" aria-invalid=\"true\" aria-describedby=\"error-reason\" "
            "value=\"late\"><span class=\"field-error\" id=\"error-reason\" "
            "role=\"alert\">!</span></form>");
}

TEST(FormRefill, NoMatchingFormLeavesThePage) {
  std::string html = kPage;
  EXPECT_FALSE(refill_form(html, "/nowhere", {{"title", "x"}}, {"title", "m"}));
  EXPECT_EQ(html, kPage);
}

}  // namespace
}  // namespace moim::web
