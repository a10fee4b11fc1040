#include "platform/web/templates.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace moim::web {
namespace {

const std::filesystem::path kWebRoot = MOIM_SOURCE_DIR "/web";

class TemplatesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("moim-templates-test-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::shared_ptr<Templates> load(const std::string& name, const std::string& source) {
    std::ofstream(dir_ / (name + ".mustache")) << source;
    auto catalog = Catalog::load(kWebRoot / "i18n");
    EXPECT_TRUE(catalog.ok());
    auto templates = Templates::load(dir_, catalog.value());
    EXPECT_TRUE(templates.ok());
    return templates.ok() ? templates.value() : nullptr;
  }

  std::filesystem::path dir_;
};

TEST_F(TemplatesTest, EscapesTextKeepsRawHtmlAndWritesNumbers) {
  auto templates = load(
      "probe", "<p title=\"{{title}}\">{{title}}|{{{raw}}}|{{count}}|{{big}}|{{negative}}</p>");
  ASSERT_NE(templates, nullptr);
  const boost::json::value data{{"title", "<a href='x'>Tom & \"Jerry\""},
                                {"raw", "<b>bold</b>"},
                                {"count", 42},
                                {"big", std::uint64_t{18446744073709551615ULL}},
                                {"negative", -7}};
  EXPECT_EQ(templates->render("probe", "en", data),
            "<p title=\"&lt;a href=&apos;x&apos;&gt;Tom &amp; &quot;Jerry&quot;\">"
            "&lt;a href=&apos;x&apos;&gt;Tom &amp; "
            "&quot;Jerry&quot;|<b>bold</b>|42|18446744073709551615|-7</p>");
}

TEST_F(TemplatesTest, SectionsListsAndFalsyValues) {
  auto templates = load("probe",
                        "{{#flag}}on{{/flag}}{{^empty}}none{{/empty}}{{^missing}}-{{/missing}}"
                        "{{#items}}[{{name}}]{{/items}}{{#nested}}{{inner.value}}{{/nested}}");
  ASSERT_NE(templates, nullptr);
  const boost::json::value data{{"flag", true},
                                {"empty", ""},
                                {"missing", nullptr},
                                {"items", boost::json::array{{{"name", "a"}}, {{"name", "b<"}}}},
                                {"nested", {{"inner", {{"value", "deep"}}}}}};
  EXPECT_EQ(templates->render("probe", "ko", data), "onnone-[a][b&lt;]deep");
}

TEST_F(TemplatesTest, TextWithANulCharacterIsKeptWhole) {
  auto templates = load("probe", "[{{text}}]");
  ASSERT_NE(templates, nullptr);
  const boost::json::value data{{"text", boost::json::string(std::string_view("a\0b", 3))}};
  EXPECT_EQ(templates->render("probe", "en", data), std::string("[a\0b]", 5));
}

TEST_F(TemplatesTest, BakesEscapedTranslationsPerLanguage) {
  auto templates = load("probe", "{{t.join}}");
  ASSERT_NE(templates, nullptr);
  auto catalog = Catalog::load(kWebRoot / "i18n");
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(templates->render("probe", "ko", boost::json::object{}), catalog->text("ko", "join"));
  EXPECT_EQ(templates->render("probe", "en", boost::json::object{}), catalog->text("en", "join"));
}

}  // namespace
}  // namespace moim::web
