// The wiki room on SQLite and PostgreSQL, per role (anonymous, non-member,
// member, builder, organizer, organizer of another community): reading and
// public pages, edit permissions, revisions with conflicts, diff and
// restore, the tree's loops and depth, limits, links; the onboarding path
// with its automatic ticks, the stage move and the funnel's counts, the
// template wiki and a member's erasure.
#include "features/wiki/wiki_service.hpp"

#include <gtest/gtest.h>

#include "features/events/images.hpp"
#include "features/wiki/personal_data.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::wiki {
namespace {

using accounts::Viewer;
using communities::Stage;

class WikiServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<WikiService>(test_db_->database(), clock_, *communities_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "빌더", false);
    member_ = viewer("member@example.com", "박회원", false);
    newcomer_ = viewer("newcomer@example.com", "새회원", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    elsewhere_ = viewer("elsewhere@example.com", "Other organizer", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    ASSERT_TRUE(communities_->create(admin_, {.slug = "other", .name = "Other"}).ok());
    for (const Viewer* who : {&organizer_, &builder_, &member_, &newcomer_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(communities_->join(elsewhere_, "other").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", builder_.user_id(), Stage::kBuilder, "").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "other", elsewhere_.user_id(), Stage::kOrganizer, "")
            .ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  Page page(const Viewer& who, const std::string& title, const std::string& body,
            std::int64_t parent = 0) {
    auto created =
        service_->create(who, "lab", {.title = title, .body = body, .parent_id = parent});
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? created.value() : Page{};
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    auto row = reader->query_one(sql, {});
    return row.ok() && row->has_value() ? (*row)->int64(0) : -1;
  }
  Stage stage_of(const Viewer& who) {
    auto found = communities_->member(admin_, "lab", who.user_id());
    EXPECT_TRUE(found.ok());
    return found.ok() ? found->stage : Stage::kObserver;
  }

  moim::testing::FakeClock clock_{1'795'000'000};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<WikiService> service_;
  Viewer admin_, organizer_, builder_, member_, newcomer_, stranger_, elsewhere_;
};

TEST_P(WikiServiceTest, ReadingPerRoleAndPublicPages) {
  const Page about = page(member_, "커뮤니티 소개", "# 안녕\n\n[[행동 강령]]");
  // Members read; a non-member, another community's organizer: 404; anonymous: 401.
  EXPECT_TRUE(service_->page(newcomer_, "lab", about.id).ok());
  EXPECT_EQ(service_->page(stranger_, "lab", about.id).error().http_status, 404);
  EXPECT_EQ(service_->page(elsewhere_, "lab", about.id).error().http_status, 404);
  EXPECT_EQ(service_->page(Viewer{}, "lab", about.id).error().http_status, 401);
  EXPECT_TRUE(service_->index(stranger_, "lab")->tree.empty());
  EXPECT_FALSE(service_->index(stranger_, "lab")->can_create);
  // An organizer makes it public: anyone reads it, nobody outside edits it.
  EXPECT_EQ(
      service_->change_settings(member_, "lab", about.id, {.is_public = true}).error().http_status,
      403);
  EXPECT_EQ(service_->change_settings(elsewhere_, "lab", about.id, {.is_public = true})
                .error()
                .http_status,
            404);
  ASSERT_TRUE(service_->change_settings(organizer_, "lab", about.id, {.is_public = true}).ok());
  auto seen = service_->page(Viewer{}, "lab", about.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->can_edit);
  EXPECT_EQ(service_->index(Viewer{}, "lab")->tree.size(), 1u);
  EXPECT_EQ(service_->save(stranger_, "lab", about.id, {.body = "x", .base_revision = 1})
                .error()
                .http_status,
            403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'wiki.page_settings_changed'"), 1);
  // The missing link is marked; a title finds its page.
  EXPECT_NE(seen->rendered.html.find("wiki-missing"), std::string::npos);
  EXPECT_EQ(service_->find_title(member_, "lab", " 커뮤니티  소개").value(), about.id);
  EXPECT_EQ(service_->find_title(member_, "lab", "행동 강령").error().http_status, 404);
}

TEST_P(WikiServiceTest, EditPermissionsPerPage) {
  const Page rules = page(organizer_, "규칙", "v1");
  ASSERT_TRUE(
      service_->change_settings(organizer_, "lab", rules.id, {.edit_permission = "builders"}).ok());
  EXPECT_EQ(service_->save(member_, "lab", rules.id, {.body = "m", .base_revision = 1})
                .error()
                .http_status,
            403);
  auto by_builder = service_->save(builder_, "lab", rules.id, {.body = "b", .base_revision = 1});
  ASSERT_TRUE(by_builder.ok() && by_builder->page) << by_builder.error().message;
  ASSERT_TRUE(
      service_->change_settings(organizer_, "lab", rules.id, {.edit_permission = "organizers"})
          .ok());
  EXPECT_EQ(service_->save(builder_, "lab", rules.id, {.body = "b2", .base_revision = 2})
                .error()
                .http_status,
            403);
  EXPECT_EQ(service_->restore(builder_, "lab", rules.id, 1).error().http_status, 403);
  EXPECT_TRUE(service_->save(organizer_, "lab", rules.id, {.body = "o", .base_revision = 2}).ok());
  EXPECT_TRUE(service_->save(admin_, "lab", rules.id, {.body = "a", .base_revision = 3}).ok());
  EXPECT_EQ(service_->change_settings(organizer_, "lab", rules.id, {.edit_permission = "everyone"})
                .error()
                .field,
            "edit_permission");
  // Creating: members only.
  EXPECT_EQ(service_->create(stranger_, "lab", {.title = "x"}).error().http_status, 403);
  EXPECT_EQ(service_->create(Viewer{}, "lab", {.title = "x"}).error().http_status, 401);
}

TEST_P(WikiServiceTest, RevisionsConflictDiffAndRestore) {
  const Page guide = page(member_, "온보딩 가이드", "one\ntwo\nthree");
  auto second = service_->save(builder_, "lab", guide.id,
                               {.body = "one\n2\nthree", .summary = "fix", .base_revision = 1});
  ASSERT_TRUE(second.ok() && second->page);
  EXPECT_EQ(second->page->revision, 2);
  // A second editor who started from revision 1: refused, nothing written,
  // told what changed since.
  auto late = service_->save(member_, "lab", guide.id,
                             {.body = "one\ntwo\nthree\nfour", .base_revision = 1});
  ASSERT_TRUE(late.ok());
  ASSERT_TRUE(late->conflict);
  EXPECT_FALSE(late->page);
  EXPECT_EQ(late->conflict->current_revision, 2);
  EXPECT_EQ(diff::count_changes(late->conflict->changes).added, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM wiki_revisions"), 2);
  EXPECT_EQ(service_->save(member_, "lab", guide.id, {.body = "x"}).error().field, "base_revision");
  // History, newest first, with authors; a diff of any two.
  auto history = service_->revisions(member_, "lab", guide.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().author_name, "빌더");
  EXPECT_EQ(history->front().summary, "fix");
  auto compared = service_->compare(member_, "lab", guide.id, 1, 2);
  ASSERT_TRUE(compared.ok());
  EXPECT_EQ(diff::count_changes(compared->lines).removed, 1);
  EXPECT_EQ(service_->compare(member_, "lab", guide.id, 1, 9).error().field, "to");
  // Restore is a new revision with the old text.
  auto restored = service_->restore(member_, "lab", guide.id, 1);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->revision, 3);
  EXPECT_EQ(restored->body, "one\ntwo\nthree");
  EXPECT_EQ(service_->revisions(member_, "lab", guide.id)->front().restored_from, 1);
  EXPECT_EQ(service_->restore(member_, "lab", guide.id, 7).error().field, "revision");
}

TEST_P(WikiServiceTest, TreeRefusesLoopsAndDepth) {
  const Page root = page(member_, "root", "");
  const Page child = page(member_, "child", "", root.id);
  const Page grandchild = page(member_, "grandchild", "", child.id);
  auto loop =
      service_->save(member_, "lab", root.id, {.parent_id = grandchild.id, .base_revision = 1});
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.error().http_status, 422);
  EXPECT_EQ(loop.error().field, "parent_id");
  EXPECT_EQ(service_->save(member_, "lab", root.id, {.parent_id = root.id, .base_revision = 1})
                .error()
                .code,
            "loop");
  // Depth: a chain of kMaxDepth pages; one more is refused.
  std::int64_t parent = grandchild.id;
  for (int depth = 4; depth <= kMaxDepth; ++depth)
    parent = page(member_, "level " + std::to_string(depth), "", parent).id;
  auto deep = service_->create(member_, "lab", {.title = "too deep", .parent_id = parent});
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, "too_deep");
  // Moving the whole chain under another page would make it too deep too.
  const Page other = page(member_, "other", "");
  EXPECT_EQ(service_->save(member_, "lab", root.id, {.parent_id = other.id, .base_revision = 1})
                .error()
                .code,
            "too_deep");
  // Moving a leaf is fine; the tree lists parents before children.
  ASSERT_TRUE(
      service_->save(member_, "lab", grandchild.id, {.parent_id = other.id, .base_revision = 1})
          .ok());
  auto index = service_->index(member_, "lab");
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index->tree.size(), 7u);
  EXPECT_EQ(index->tree.front().title, "root");
  EXPECT_EQ(index->tree[1].depth, 2);
  auto moved = service_->page(member_, "lab", grandchild.id);
  ASSERT_EQ(moved->ancestors.size(), 1u);
  EXPECT_EQ(moved->ancestors[0].title, "other");
}

TEST_P(WikiServiceTest, LimitsNameTheField) {
  EXPECT_EQ(service_->create(member_, "lab", {.title = std::string(121, 'x')}).error().field,
            "title");
  EXPECT_EQ(service_->create(member_, "lab", {.title = "a/b"}).error().code, "invalid_characters");
  auto huge = service_->create(member_, "lab",
                               {.title = "big", .body = std::string(kMaxBodyBytes + 1, 'x')});
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().http_status, 413);
  EXPECT_EQ(huge.error().field, "body");
  const Page one = page(member_, "Same", "");
  auto twice = service_->create(member_, "lab", {.title = " same "});
  EXPECT_EQ(twice.error().http_status, 409);
  EXPECT_EQ(twice.error().field, "title");
  auto too_big = service_->save(member_, "lab", one.id,
                                {.body = std::string(kMaxBodyBytes + 1, 'y'), .base_revision = 1});
  EXPECT_EQ(too_big.error().http_status, 413);
  EXPECT_EQ(service_->create(member_, "lab", {.title = "x", .parent_id = 999999}).error().field,
            "parent_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM wiki_pages"), 1);
}

TEST_P(WikiServiceTest, OnboardingTicksMovesAndCounts) {
  const Page about = page(organizer_, "커뮤니티 소개", "환영해요");
  // Organizers manage the steps; others may not.
  EXPECT_EQ(service_->add_step(member_, "lab", "read", about.id, "").error().http_status, 403);
  EXPECT_EQ(service_->add_step(elsewhere_, "lab", "read", about.id, "").error().http_status, 403);
  EXPECT_EQ(service_->add_step(organizer_, "lab", "read", std::nullopt, "x").error().field,
            "page_id");
  EXPECT_EQ(service_->add_step(organizer_, "lab", "dance", std::nullopt, "x").error().field,
            "kind");
  auto read = service_->add_step(organizer_, "lab", "read", about.id, "커뮤니티 소개 읽기");
  ASSERT_TRUE(read.ok()) << read.error().message;
  auto discord =
      service_->add_step(organizer_, "lab", "discord_linked", std::nullopt, "디스코드 입장");
  ASSERT_TRUE(discord.ok());
  auto log = service_->add_step(organizer_, "lab", "growth_log", std::nullopt, "자기소개 쓰기");
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE(service_->move_step(organizer_, "lab", log->id, -1).ok());
  EXPECT_EQ(service_->steps(organizer_, "lab")->at(1).id, log->id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'wiki.onboarding_step%'"), 4);

  // The facts: the newcomer linked Discord; nobody wrote a growth log yet.
  bool wrote_log = false;
  int asked = 0;
  service_->set_onboarding_facts(
      {.discord_linked = [&](const Viewer& who, const communities::Community&) -> Result<bool> {
         ++asked;
         return who.user_id() == newcomer_.user_id();
       },
       .growth_log = [&](const Viewer&, const communities::Community&) -> Result<bool> {
         ++asked;
         return wrote_log;
       }});
  auto progress = service_->progress(newcomer_, "lab");
  ASSERT_TRUE(progress.ok()) << progress.error().message;
  ASSERT_EQ(progress->steps.size(), 3u);
  EXPECT_EQ(progress->done, 1);  // Discord ticked itself
  EXPECT_FALSE(progress->finished);
  EXPECT_EQ(stage_of(newcomer_), Stage::kObserver);
  // A member reads and confirms; an automatic step cannot be confirmed.
  EXPECT_EQ(service_->confirm_read(newcomer_, "lab", discord->id).error().http_status, 409);
  EXPECT_EQ(service_->confirm_read(stranger_, "lab", read->id).error().http_status, 403);
  auto after_read = service_->confirm_read(newcomer_, "lab", read->id);
  ASSERT_TRUE(after_read.ok());
  EXPECT_EQ(after_read->done, 2);
  // Confirming twice counts once.
  ASSERT_TRUE(service_->confirm_read(newcomer_, "lab", read->id).ok());
  // The growth log comes: the last step ticks and the member moves to 소통.
  wrote_log = true;
  auto finished = service_->progress(newcomer_, "lab");
  ASSERT_TRUE(finished.ok());
  EXPECT_TRUE(finished->finished);
  EXPECT_EQ(stage_of(newcomer_), Stage::kParticipant);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stage_changes WHERE reason = 'stage_reason_onboarding'"),
            1);
  // Done steps are not asked about again.
  const int asked_before = asked;
  ASSERT_TRUE(service_->progress(newcomer_, "lab").ok());
  EXPECT_EQ(asked, asked_before);

  // The funnel: counts per step, kept as members tick.
  wrote_log = false;
  ASSERT_TRUE(service_->confirm_read(member_, "lab", read->id).ok());
  EXPECT_EQ(service_->funnel(member_, "lab").error().http_status, 403);
  auto funnel = service_->funnel(organizer_, "lab");
  ASSERT_TRUE(funnel.ok());
  EXPECT_EQ(funnel->steps[0].done_count, 2);  // read: newcomer and member
  EXPECT_EQ(funnel->steps[1].done_count, 1);  // growth log: newcomer
  EXPECT_EQ(funnel->steps[2].done_count, 1);  // Discord: newcomer
  EXPECT_EQ(funnel->finished, 1);

  // Erasing the newcomer: their ticks and finish go, with the counts; the
  // revisions they wrote would keep their text.
  {
    auto transaction = test_db_->database().write();
    ASSERT_TRUE(transaction.ok());
    web::ErasureReport report;
    ASSERT_TRUE(erase_personal(*transaction, {.user_id = newcomer_.user_id()}, report).ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  funnel = service_->funnel(organizer_, "lab");
  EXPECT_EQ(funnel->steps[0].done_count, 1);
  EXPECT_EQ(funnel->steps[1].done_count, 0);
  EXPECT_EQ(funnel->finished, 0);
  // Removing a step takes its ticks along.
  ASSERT_TRUE(service_->remove_step(organizer_, "lab", read->id).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM wiki_onboarding_progress"), 0);
}

TEST_P(WikiServiceTest, TemplateWikiOnAnEmptyWikiOnly) {
  EXPECT_EQ(service_->create_template(member_, "lab").error().http_status, 403);
  auto made = service_->create_template(organizer_, "lab");
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->size(), 5u);
  EXPECT_EQ(made->front().title, "커뮤니티 소개");
  EXPECT_EQ(service_->create_template(organizer_, "lab").error().http_status, 409);
  EXPECT_EQ(service_->steps(organizer_, "lab")->size(), 2u);
  // Its links all lead to its pages.
  auto about = service_->page(member_, "lab", made->front().id);
  ASSERT_TRUE(about.ok());
  EXPECT_EQ(about->rendered.html.find("wiki-missing"), std::string::npos) << about->rendered.html;
  EXPECT_GE(about->rendered.toc.size(), 2u);
  // In English for an English community.
  ASSERT_TRUE(
      communities_->create(admin_, {.slug = "en-lab", .name = "Lab", .default_locale = "en"}).ok());
  auto english = service_->create_template(admin_, "en-lab");
  ASSERT_TRUE(english.ok());
  EXPECT_EQ(english->back().title, "Code of conduct");
  // Erasing a member keeps the text of what they wrote, without the author.
  const Page note = page(member_, "Note", "kept text");
  {
    auto transaction = test_db_->database().write();
    ASSERT_TRUE(transaction.ok());
    web::ErasureReport report;
    ASSERT_TRUE(erase_personal(*transaction, {.user_id = member_.user_id()}, report).ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  auto history = service_->revisions(organizer_, "lab", note.id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->front().author_name, "");
  EXPECT_FALSE(history->front().author_id);
  EXPECT_EQ(service_->page(organizer_, "lab", note.id)->page.body, "kept text");
}

// A 1×1 PNG that decodes.
constexpr const char* kTinyPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
    "==";

TEST_P(WikiServiceTest, ImagesAreCheckedByDecodingThem) {
  const Page with = page(member_, "With image", "");
  const std::string png = events::images::decode_base64(kTinyPng, "image", 1024).value();
  EXPECT_EQ(service_->attach_image(stranger_, "lab", with.id, png, "image").error().http_status,
            404);
  EXPECT_EQ(service_->attach_image(Viewer{}, "lab", with.id, png, "image").error().http_status,
            401);
  auto text = service_->attach_image(member_, "lab", with.id, "<svg onload=alert(1)>", "image");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().http_status, 422);
  EXPECT_EQ(text.error().field, "image");
  auto cut = service_->attach_image(member_, "lab", with.id, png.substr(0, 40), "image");
  EXPECT_EQ(cut.error().code, "image_invalid");
  auto attached = service_->attach_image(member_, "lab", with.id, png, "image");
  ASSERT_TRUE(attached.ok()) << attached.error().message;
  EXPECT_EQ(attached->width, 1);
  EXPECT_EQ(attached->content_type, "image/png");
  EXPECT_EQ(service_->attach_image(builder_, "lab", with.id, png, "image")->id, attached->id);
  EXPECT_EQ(service_->images(newcomer_, "lab", with.id)->size(), 1u);
  auto file = service_->image_file(newcomer_, "lab", with.id, attached->id);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->bytes, png);
  EXPECT_EQ(service_->image_file(Viewer{}, "lab", with.id, attached->id).error().http_status, 401);
  EXPECT_EQ(service_->image_file(member_, "lab", with.id, attached->id + 99).error().http_status,
            404);
  ASSERT_TRUE(
      service_->change_settings(organizer_, "lab", with.id, {.edit_permission = "organizers"})
          .ok());
  EXPECT_EQ(service_->attach_image(member_, "lab", with.id, png, "image").error().http_status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM wiki_images"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, WikiServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::wiki
