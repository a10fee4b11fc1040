// Data exports on SQLite and PostgreSQL: a request is queued with its outbox
// row, the worker's connector builds the same ZIP as the direct download and
// mails the owner a link; the link opens for its owner only (forged and
// someone else's: 404; expired: 410); the retention job empties expired
// ZIPs; an organizer's request needs a reason, is audited and mails the
// member; erasure deletes the person's exports.
#include "features/privacy/data_export.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <boost/json/parse.hpp>

#include <map>

#include "features/integrations/data_export_connector.hpp"
#include "features/integrations/personal_data.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "features/integrations/worker.hpp"
#include "features/privacy/erasure.hpp"
#include "features/privacy/retention.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::privacy {
namespace {

using accounts::Viewer;
constexpr std::int64_t kDay = 24 * 3600;
constexpr const char* kBase = "https://moim.example";

// name -> contents of every entry (the ZIP's own timestamps aside, two
// builds of the same data hold the same files).
std::map<std::string, std::string> zip_files(const std::string& bytes) {
  std::map<std::string, std::string> files;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  zip_error_fini(&error);
  if (archive == nullptr) {
    if (source) zip_source_free(source);
    ADD_FAILURE() << "not a ZIP";
    return files;
  }
  for (zip_int64_t entry_idx = 0; entry_idx < zip_get_num_entries(archive, 0); ++entry_idx) {
    const auto index = static_cast<zip_uint64_t>(entry_idx);
    zip_stat_t stat;
    zip_stat_index(archive, index, 0, &stat);
    std::string content(stat.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, index, 0);
    if (file) {
      zip_fread(file, content.data(), stat.size);
      zip_fclose(file);
    }
    files[zip_get_name(archive, index, 0)] = content;
  }
  zip_discard(archive);
  return files;
}

class DataExportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    certificates_ = std::make_unique<certificates::CertificatesService>(
        test_db_->database(), clock_, *communities_, kBase);
    auto sources = room_sources();
    sources.push_back(automation::personal_data);
    privacy_ = std::make_shared<PrivacyService>(test_db_->database(), clock_, *certificates_,
                                                std::move(sources));
    exports_ = std::make_shared<DataExportService>(
        test_db_->database(), clock_, *communities_, privacy_,
        DataExportConfig{.base_url = kBase, .readme = [](const std::string& language) {
                           return "README " + language;
                         }});
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김서연", false);
    other_ = viewer("other@example.com", "Other Person", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* one : {&organizer_, &member_})
      ASSERT_TRUE(communities_->join(*one, "lab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "lab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "runs the lab")
                    .ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t count(const std::string& sql, const std::vector<db::Value>& params = {}) {
    auto reader = test_db_->database().read();
    auto rows = reader->query(sql, params);
    EXPECT_TRUE(rows.ok() && rows->size() == 1);
    return rows->front().int64(0);
  }
  // The outbox worker with the data export connector only: email rows wait.
  int drain() {
    automation::Worker worker(test_db_->database(), clock_, {},
                              automation::make_leadership(test_db_->url(), ""));
    worker.add_connector(std::make_unique<automation::DataExportConnector>(exports_));
    return worker.drain_once();
  }
  // The token at the end of the link in the newest ready-mail to `email`.
  std::string mailed_token(const std::string& email) {
    auto reader = test_db_->database().read();
    auto row = reader->query_one(
        "SELECT payload FROM outbox WHERE kind = 'email' AND target = ? AND payload LIKE ? "
        "ORDER BY id DESC LIMIT 1",
        {email, "%privacy.data_export_ready%"});
    EXPECT_TRUE(row.ok() && row->has_value()) << email;
    if (!row.ok() || !row->has_value()) return "";
    const auto payload = boost::json::parse((*row)->text(0)).as_object();
    const std::string link(payload.at("link").as_string());
    const std::string prefix = std::string(kBase) + "/me/data/exports/";
    EXPECT_TRUE(link.starts_with(prefix)) << link;
    return link.substr(prefix.size());
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<certificates::CertificatesService> certificates_;
  std::shared_ptr<PrivacyService> privacy_;
  std::shared_ptr<DataExportService> exports_;
  Viewer admin_, organizer_, member_, other_;
};

TEST_P(DataExportTest, TheWorkerBuildsTheSameZipAndMailsTheOwnerALink) {
  EXPECT_EQ(exports_->request_own(Viewer{}).error().http_status, 401);
  auto asked = exports_->request_own(member_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->state, "queued");
  EXPECT_FALSE(asked->by_organizer());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'data_export' AND state = 'pending'"),
            1);
  // While it waits, asking again returns the same request.
  auto again = exports_->request_own(member_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, asked->id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_exports"), 1);

  EXPECT_EQ(drain(), 1);
  auto mine = exports_->mine(member_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().state, "ready");
  EXPECT_EQ(mine->front().expires_at, clock_.now_seconds() + kExportLifetimeDays * kDay);
  EXPECT_GT(mine->front().byte_size.value_or(0), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'data_export' AND state = 'done'"), 1);
  // The token is stored only as its digest.
  const std::string token = mailed_token("member@example.com");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_exports WHERE token_digest = ?", {token}), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_exports WHERE token_digest = ?",
                  {crypto::token_digest(token)}),
            1);

  auto zip = exports_->download(member_, token);
  ASSERT_TRUE(zip.ok()) << zip.error().message;
  auto direct = privacy_->export_zip(member_, "README ko");
  ASSERT_TRUE(direct.ok());
  auto built = zip_files(zip.value());
  auto now = zip_files(direct.value());
  // The same files; only generated_at-free sections can be compared byte
  // for byte, and every section is (generated_at lives in /me/data only).
  ASSERT_EQ(built.size(), now.size());
  for (const auto& [name, content] : now) {
    ASSERT_TRUE(built.contains(name)) << name;
    if (name == "data_exports.json" || name == "mails.json") continue;  // changed by the build
    EXPECT_EQ(built[name], content) << name;
  }
  EXPECT_EQ(built["README.txt"], "README ko");

  // The mail renders in Korean and English, as real mail.
  automation::testing::MailRenderCheck check(test_db_->database());
  check.expect_every_email_row_renders();
  EXPECT_GT(check.rendered().count("privacy.data_export_ready"), 0u);
}

TEST_P(DataExportTest, ALinkOpensForItsOwnerOnlyAndExpires) {
  ASSERT_TRUE(exports_->request_own(member_).ok());
  ASSERT_EQ(drain(), 1);
  const std::string token = mailed_token("member@example.com");
  ASSERT_TRUE(exports_->download(member_, token).ok());
  // Forged, someone else's (even an admin's view of it): 404, alike.
  for (const std::string& forged :
       {std::string("not-a-token"), std::string(""), std::string(500, 'a'), token + "x"}) {
    auto refused = exports_->download(member_, forged);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 404) << forged;
  }
  for (const Viewer* someone : {&other_, &organizer_, &admin_}) {
    auto refused = exports_->download(*someone, token);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 404);
  }
  EXPECT_EQ(exports_->download(Viewer{}, token).error().http_status, 401);

  // Past its expiry: 410 at once, and the retention job empties the bytes.
  clock_.advance(kExportLifetimeDays * kDay + 1);
  auto gone = exports_->download(member_, token);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().http_status, 410);
  EXPECT_EQ(gone.error().code, "export_expired");
  EXPECT_EQ(exports_->mine(member_)->front().state, "expired");
  RetentionService retention(test_db_->database(), clock_, *communities_);
  auto dry = retention.run(/*dry_run=*/true);
  ASSERT_TRUE(dry.ok());
  std::int64_t due = 0;
  for (const auto& one : dry.value())
    if (one.kind == "data_exports") due = one.count;
  EXPECT_EQ(due, 1);
  ASSERT_TRUE(retention.run(/*dry_run=*/false).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_exports WHERE state = 'expired' AND zip_base64 IS "
                  "NULL"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM retention_runs WHERE kind = 'data_exports' AND purged = 1"),
            1);
  EXPECT_EQ(exports_->download(member_, token).error().http_status, 410);
}

TEST_P(DataExportTest, AnOrganizerAsksOnTheMembersRequestAuditedAndTheMemberIsMailed) {
  const std::int64_t member_id = member_.user_id();
  EXPECT_EQ(
      exports_->request_for_member(member_, "lab", other_.user_id(), "asked").error().http_status,
      403);
  EXPECT_EQ(exports_->request_for_member(other_, "lab", member_id, "asked").error().http_status,
            403);
  auto no_reason = exports_->request_for_member(organizer_, "lab", member_id, "   ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().http_status, 400);
  EXPECT_EQ(no_reason.error().field, "reason");
  auto long_reason =
      exports_->request_for_member(organizer_, "lab", member_id, std::string(501, 'x'));
  ASSERT_FALSE(long_reason.ok());
  EXPECT_EQ(long_reason.error().field, "reason");
  // Not a member here (other_ never joined), or nobody at all: 404.
  EXPECT_EQ(exports_->request_for_member(organizer_, "lab", other_.user_id(), "asked by mail")
                .error()
                .http_status,
            404);
  EXPECT_EQ(exports_->request_for_member(organizer_, "lab", 99999999, "asked by mail")
                .error()
                .http_status,
            404);
  EXPECT_EQ(exports_->request_for_member(organizer_, "nowhere", member_id, "asked by mail")
                .error()
                .http_status,
            404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_exports"), 0);

  auto asked = exports_->request_for_member(organizer_, "lab", member_id,
                                            " asked by the member in a mail on 2026-12-07 ");
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_TRUE(asked->by_organizer());
  EXPECT_EQ(asked->reason, "asked by the member in a mail on 2026-12-07");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.data_export_requested' "
                  "AND actor_id = ? AND subject = ?",
                  {organizer_.user_id(), std::to_string(member_id)}),
            1);
  ASSERT_EQ(drain(), 1);
  // The member gets the link, never the organizer; only the member can open it.
  const std::string token = mailed_token("member@example.com");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND target = ? AND payload "
                  "LIKE '%data_export_ready%'",
                  {std::string("organizer@example.com")}),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND payload LIKE "
                  "'%data_export_ready%' AND payload LIKE '%\"by_organizer\":true%'"),
            1);
  EXPECT_EQ(exports_->download(organizer_, token).error().http_status, 404);
  EXPECT_TRUE(exports_->download(member_, token).ok());
  EXPECT_EQ(exports_->mine(organizer_)->size(), 0u);
  // A platform admin may ask too (they manage every community).
  EXPECT_TRUE(exports_->request_for_member(admin_, "lab", member_id, "asked the admins").ok());
}

TEST_P(DataExportTest, RequestsAreLimitedPerDay) {
  for (int request_idx = 0; request_idx < kMaxExportsPerDay; ++request_idx) {
    ASSERT_TRUE(exports_->request_own(member_).ok());
    ASSERT_EQ(drain(), 1);
  }
  auto refused = exports_->request_own(member_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 429);
  EXPECT_EQ(exports_->mine(member_)->size(), static_cast<std::size_t>(kShownExports));
  clock_.advance(kDay + 1);
  EXPECT_TRUE(exports_->request_own(member_).ok());
}

TEST_P(DataExportTest, AnErasedAccountsExportIsFailedAndErasureDeletesExports) {
  ASSERT_TRUE(exports_->request_own(member_).ok());
  ASSERT_EQ(drain(), 1);
  ASSERT_TRUE(exports_->request_own(member_).ok());  // a second one, still queued
  // The member's own section lists both, without bytes or digest.
  {
    auto reader = test_db_->database().read();
    auto mine = data_export_personal_data(*reader, member_.user_id());
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().rows.size(), 2u);
    const auto& first = mine->front().rows.front().as_object();
    EXPECT_EQ(first.at("requested_by").as_string(), "self");
    EXPECT_FALSE(first.contains("zip_base64"));
    EXPECT_FALSE(first.contains("token_digest"));
  }
  auto erasers = room_erasers();
  erasers.push_back(automation::erase_personal);
  ErasureService erasure(test_db_->database(), clock_, *communities_, std::move(erasers),
                         ErasureConfig{});
  ASSERT_TRUE(erasure.request_own(member_, "password 123").ok());
  clock_.advance(accounts::kDeletionGraceDays * kDay + 1);
  auto erased = erasure.erase_due();
  ASSERT_TRUE(erased.ok()) << erased.error().message;
  ASSERT_EQ(erased.value(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM data_exports WHERE user_id = ?", {member_.user_id()}), 0);
  // The queued row's build finds nothing to build: cancelled, not retried.
  drain();
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'data_export' AND state = 'cancelled'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DataExportTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::privacy
