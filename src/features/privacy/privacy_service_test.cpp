// The privacy room on SQLite and PostgreSQL: table by table, every table of
// the migrated database with a column pointing at a user is either exported
// by some room's personal_data() or listed with a reason in exclusions.txt;
// a member's export holds their records and no one else's, never a secret;
// the ZIP holds one JSON file per section; anonymous callers get 401.
#include "features/privacy/privacy_service.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <boost/json/serialize.hpp>

#include <map>
#include <set>

#include "features/integrations/personal_data.hpp"
#include "features/privacy/testing/user_tables.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"
#include "platform/web/catalog.hpp"

namespace moim::privacy {
namespace {

using accounts::Viewer;

std::vector<std::string> zip_names(const std::string& bytes) {
  std::vector<std::string> names;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  zip_error_fini(&error);
  if (archive == nullptr) {
    if (source) zip_source_free(source);
    ADD_FAILURE() << "not a ZIP";
    return names;
  }
  for (zip_int64_t entry_idx = 0; entry_idx < zip_get_num_entries(archive, 0); ++entry_idx)
    names.emplace_back(zip_get_name(archive, static_cast<zip_uint64_t>(entry_idx), 0));
  zip_discard(archive);
  return names;
}

class PrivacyServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    certificates_ = std::make_unique<certificates::CertificatesService>(
        test_db_->database(), clock_, *communities_, "https://moim.example");
    auto sources = room_sources();
    sources.push_back(automation::personal_data);
    service_ = std::make_unique<PrivacyService>(test_db_->database(), clock_, *certificates_,
                                                std::move(sources));
    admin_ = viewer("admin@example.com", "관리자", true);
    member_ = viewer("member@example.com", "김서연", false);
    other_ = viewer("other@example.com", "Other Person", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    ASSERT_TRUE(communities_->join(member_, "lab").ok());
    ASSERT_TRUE(communities_->join(other_, "lab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "lab", member_.user_id(), communities::Stage::kRunner,
                                   "joined a study")
                    .ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  const web::PersonalRecords* section(const MyData& data, const std::string& file) {
    for (const auto& one : data.sections)
      if (one.file == file) return &one;
    return nullptr;
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<certificates::CertificatesService> certificates_;
  std::unique_ptr<PrivacyService> service_;
  Viewer admin_, member_, other_;
};

TEST_P(PrivacyServiceTest, EveryTableWithAUserColumnIsExportedOrExcludedWithAReason) {
  auto data = service_->my_data(member_);
  ASSERT_TRUE(data.ok()) << data.error().message;
  std::set<std::string> exported;
  std::set<std::string> files;
  for (const auto& one : data->sections) {
    EXPECT_TRUE(files.insert(one.file).second) << "two sections named " << one.file;
    exported.insert(one.tables.begin(), one.tables.end());
  }
  auto excluded_read = testing::read_exclusions(MOIM_SOURCE_DIR);
  ASSERT_TRUE(excluded_read.ok()) << excluded_read.error().message;
  const auto& excluded = excluded_read.value();
  auto user_tables_read = testing::tables_with_user_columns(test_db_->database());
  ASSERT_TRUE(user_tables_read.ok()) << user_tables_read.error().message;
  const auto& user_tables = user_tables_read.value();
  EXPECT_GT(user_tables.size(), 60u);  // the migrated database, not an empty one
  for (const auto& [table, columns] : user_tables) {
    std::string named;
    for (const auto& column : columns) named += (named.empty() ? "" : ", ") + column;
    EXPECT_TRUE(exported.contains(table) || excluded.contains(table))
        << table << " (" << named
        << ") holds a user column but no room's personal_data() exports it and "
           "src/features/privacy/exclusions.txt does not list it with a reason";
    EXPECT_FALSE(exported.contains(table) && excluded.contains(table))
        << table << " is exported and excluded at once";
  }
  // No stale line: every exclusion names a table with a user column.
  for (const auto& [table, reason] : excluded)
    EXPECT_TRUE(user_tables.contains(table)) << "exclusions.txt: " << table << " is no table "
                                             << "with a user column";
  // What a section claims to read exists.
  for (const auto& table : exported)
    EXPECT_TRUE(user_tables.contains(table)) << table << " is named by a section but has no "
                                             << "user column";
}

TEST_P(PrivacyServiceTest, TheExportHoldsTheMembersRecordsAndNoOneElses) {
  {
    auto writer = test_db_->database().write();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(outbox::enqueue(writer.value(),
                                {.kind = "email",
                                 .target = "member@example.com",
                                 .payload = {{"template", "password_reset"},
                                             {"language", "ko"},
                                             {"link", "https://moim.example/reset?token=SECRET1"},
                                             {"to_name", "김서연"}},
                                 .idempotency_key = "privacy-test-mail"},
                                clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(outbox::enqueue(writer.value(),
                                {.kind = "email",
                                 .target = "other@example.com",
                                 .payload = {{"template", "welcome"}, {"to_name", "Other Person"}},
                                 .idempotency_key = "privacy-test-other-mail"},
                                clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto data = service_->my_data(member_);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->user_id, member_.user_id());

  const auto* profile = section(data.value(), "profile");
  ASSERT_NE(profile, nullptr);
  ASSERT_EQ(profile->rows.size(), 1u);
  EXPECT_EQ(profile->rows[0].at("email").as_string(), "member@example.com");
  EXPECT_EQ(profile->rows[0].at("display_name").as_string(), "김서연");

  const auto* memberships = section(data.value(), "memberships");
  ASSERT_NE(memberships, nullptr);
  ASSERT_EQ(memberships->rows.size(), 1u);
  EXPECT_EQ(memberships->rows[0].at("community_slug").as_string(), "lab");
  EXPECT_EQ(memberships->rows[0].at("stage").as_string(), "runner");

  const auto* history = section(data.value(), "stage_history");
  ASSERT_NE(history, nullptr);
  EXPECT_GE(history->rows.size(), 1u);
  bool reason_seen = false;
  for (const auto& row : history->rows)
    reason_seen = reason_seen || row.at("reason").as_string() == "joined a study";
  EXPECT_TRUE(reason_seen);

  const auto* audit = section(data.value(), "audit_entries");
  ASSERT_NE(audit, nullptr);
  bool stage_audit = false;
  for (const auto& row : audit->rows)
    stage_audit = stage_audit || row.at("action").as_string() == "member.stage_changed";
  EXPECT_TRUE(stage_audit) << boost::json::serialize(audit->rows);

  const auto* mails = section(data.value(), kMailsFile);
  ASSERT_NE(mails, nullptr);
  ASSERT_GE(mails->rows.size(), 1u);
  bool reset_seen = false;
  for (const auto& row : mails->rows)
    reset_seen = reset_seen || row.at("template").as_string() == "password_reset";
  EXPECT_TRUE(reset_seen);

  const std::string everything = boost::json::serialize(my_data_json(data.value()));
  // Never a secret: the link with its token, a password hash.
  EXPECT_EQ(everything.find("SECRET1"), std::string::npos);
  EXPECT_EQ(everything.find("$argon2"), std::string::npos);
  EXPECT_EQ(everything.find("password_hash"), std::string::npos);
  EXPECT_EQ(everything.find("token_hash"), std::string::npos);
  // Nobody else's data.
  EXPECT_EQ(everything.find("other@example.com"), std::string::npos);
  EXPECT_EQ(everything.find("Other Person"), std::string::npos);
  EXPECT_EQ(everything.find("admin@example.com"), std::string::npos);

  auto others = service_->my_data(other_);
  ASSERT_TRUE(others.ok());
  const std::string theirs = boost::json::serialize(my_data_json(others.value()));
  EXPECT_EQ(theirs.find("member@example.com"), std::string::npos);
  EXPECT_EQ(theirs.find("김서연"), std::string::npos);
}

TEST_P(PrivacyServiceTest, EverySectionHasATitleInKoreanAndEnglish) {
  auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  auto data = service_->my_data(member_);
  ASSERT_TRUE(data.ok());
  for (const auto& one : data->sections) {
    for (const auto language : web::kLanguages) {
      EXPECT_TRUE(catalog->strings(language).contains("privacy_section_" + one.file))
          << "web/i18n/" << language << "/privacy.json lacks privacy_section_" << one.file;
    }
  }
}

TEST_P(PrivacyServiceTest, TheZipHoldsOneJsonFilePerSection) {
  auto bytes = service_->export_zip(member_, "readme");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_GT(bytes->size(), 4u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const auto names = zip_names(bytes.value());
  const std::set<std::string> held(names.begin(), names.end());
  EXPECT_TRUE(held.contains("README.txt"));
  auto data = service_->my_data(member_);
  ASSERT_TRUE(data.ok());
  for (const auto& one : data->sections) EXPECT_TRUE(held.contains(one.file + ".json")) << one.file;
}

TEST_P(PrivacyServiceTest, AnonymousGets401) {
  Viewer anonymous;
  auto data = service_->my_data(anonymous);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().http_status, 401);
  auto bytes = service_->export_zip(anonymous, "readme");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().http_status, 401);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PrivacyServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::privacy
