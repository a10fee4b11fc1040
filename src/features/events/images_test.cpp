// Uploaded event images: what counts as an image (decoded, never believed),
// covers and sponsor logos kept once by digest, replaced and removed without
// leaving rows behind, and served only to whoever may see the event.
#include <gtest/gtest.h>

#include "features/events/images.hpp"
#include "features/events/programme_service.hpp"
#include "features/events/testing/test_images.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::events {
namespace {

using accounts::Viewer;
using communities::Stage;
using testing::jpeg_image;
using testing::png_image;

constexpr std::int64_t kStart = 1'800'000'000;
constexpr std::int64_t kEventStart = kStart + 7 * 86400;

TEST(EventImageCheck, AcceptsDecodablePngAndJpegWithTheirSides) {
  auto png = images::check(png_image(640, 360), "cover_image_base64", images::kCover);
  ASSERT_TRUE(png.ok()) << png.error().message;
  EXPECT_EQ(png->format, ImageFormat::png);
  EXPECT_EQ(png->width, 640);
  EXPECT_EQ(png->height, 360);
  EXPECT_EQ(png->digest.size(), 64u);
  auto jpeg = images::check(jpeg_image(300, 200), "cover_image_base64", images::kCover);
  ASSERT_TRUE(jpeg.ok()) << jpeg.error().message;
  EXPECT_EQ(jpeg->format, ImageFormat::jpeg);
  EXPECT_EQ(jpeg->extension(), "jpg");
  EXPECT_EQ(jpeg->width, 300);
}

TEST(EventImageCheck, RefusesWhatIsNotAWholePngOrJpegNamingTheField) {
  const auto code = [](std::string_view bytes, const images::Limits& limits = images::kCover) {
    auto checked = images::check(bytes, "cover_image_base64", limits);
    EXPECT_FALSE(checked.ok());
    if (checked.ok()) return std::string();
    EXPECT_EQ(checked.error().http_status, 422);
    EXPECT_EQ(checked.error().field, "cover_image_base64");
    return checked.error().code;
  };
  EXPECT_EQ(code(""), "image_invalid");
  EXPECT_EQ(code("GIF89a not for us"), "image_format");
  EXPECT_EQ(code("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            "image_format");
  EXPECT_EQ(code(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image_webp");
  // The right first bytes are not enough: the rest must decode.
  EXPECT_EQ(code(std::string("\x89PNG\r\n\x1a\n", 8) + "garbage"), "image_invalid");
  EXPECT_EQ(code(std::string("\xFF\xD8\xFF\xE0", 4) + "garbage"), "image_invalid");
  const std::string png = png_image(200, 100);
  EXPECT_EQ(code(std::string_view(png).substr(0, png.size() / 2)), "image_invalid");
  const std::string jpeg = jpeg_image(200, 100);
  EXPECT_EQ(code(std::string_view(jpeg).substr(0, jpeg.size() / 2)), "image_invalid");
  // Sides are read from the header before any pixel is decoded.
  EXPECT_EQ(code(png_image(kMaxSponsorLogoSide + 1, 4), images::kSponsorLogo), "image_dimensions");
  EXPECT_EQ(code(jpeg_image(8, kMaxSponsorLogoSide + 8), images::kSponsorLogo), "image_dimensions");
  EXPECT_EQ(code(std::string(kMaxCoverBytes + 1, 'x')), "image_too_large");
}

TEST(EventImageCheck, Base64IsStrictAndBounded) {
  auto bytes = images::decode_base64(images::encode_base64("hello\x89"), "f", 100);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes.value(), "hello\x89");
  EXPECT_TRUE(images::decode_base64("aGVs\nbG8=", "f", 100).ok());  // line breaks are fine
  EXPECT_EQ(images::decode_base64("not base64 !!", "f", 100).error().code, "image_invalid");
  EXPECT_EQ(images::decode_base64("not base64 !!", "f", 100).error().field, "f");
  EXPECT_EQ(images::decode_base64("aGVsbG8", "f", 100).error().code, "image_invalid");
  EXPECT_EQ(
      images::decode_base64(images::encode_base64(std::string(101, 'x')), "f", 100).error().code,
      "image_too_large");
}

class EventImagesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    events_ = std::make_unique<EventsService>(test_db_->database(), clock_, *communities_,
                                              EventsOptions{});
    programme_ = std::make_unique<ProgrammeService>(test_db_->database(), clock_, *communities_,
                                                    *events_, "https://moim.example");
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김철수", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &member_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    event_id_ = create("PseudoCon", Visibility::public_);
  }
  std::int64_t create(const std::string& title, Visibility visibility) {
    EventInput input{.title = title,
                     .starts_at = kEventStart,
                     .ends_at = kEventStart + 8 * 3600,
                     .visibility = visibility};
    auto created = events_->create(organizer_, "lab", input);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? created->id : 0;
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t images_kept() {
    auto reader = test_db_->database().read();
    return reader->query_one("SELECT COUNT(*) FROM event_images").value()->int64(0);
  }
  Caller as(const Viewer& who) { return Caller{who, std::nullopt}; }

  moim::testing::FakeClock clock_{kStart};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<EventsService> events_;
  std::unique_ptr<ProgrammeService> programme_;
  Viewer admin_, organizer_, member_, anonymous_;
  std::int64_t event_id_ = 0;
};

TEST_P(EventImagesTest, OrganizersSetReplaceAndRemoveTheCover) {
  const std::string first = png_image(1200, 630);
  EXPECT_EQ(events_->set_cover(anonymous_, "lab", event_id_, first).error().http_status, 401);
  EXPECT_EQ(events_->set_cover(member_, "lab", event_id_, first).error().http_status, 403);
  EXPECT_EQ(events_->set_cover(organizer_, "lab", 999999, first).error().http_status, 404);
  auto set = events_->set_cover(organizer_, "lab", event_id_, first);
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_TRUE(set->cover.has_value());
  EXPECT_EQ(set->cover->width, 1200);
  EXPECT_EQ(set->cover->height, 630);
  EXPECT_EQ(events_->event(as(anonymous_), "lab", event_id_)->cover->digest, set->cover->digest);
  EXPECT_EQ(events_->list(anonymous_, "lab", false)->front().cover->digest, set->cover->digest);
  EXPECT_EQ(
      event_image_path("lab", event_id_, *set->cover),
      "/c/lab/events/" + std::to_string(event_id_) + "/images/" + set->cover->digest + ".png");
  // Replacing lets go of the old bytes; removing of the new ones.
  auto replaced = events_->set_cover(organizer_, "lab", event_id_, jpeg_image(800, 450));
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_EQ(replaced->cover->format, ImageFormat::jpeg);
  EXPECT_EQ(images_kept(), 1);
  EXPECT_EQ(
      events_->image(as(anonymous_), "lab", event_id_, set->cover->digest).error().http_status,
      404);
  EXPECT_EQ(events_->remove_cover(member_, "lab", event_id_).error().http_status, 403);
  auto removed = events_->remove_cover(organizer_, "lab", event_id_);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(removed->cover.has_value());
  EXPECT_EQ(images_kept(), 0);
  EXPECT_TRUE(events_->remove_cover(organizer_, "lab", event_id_).ok());  // already so
}

TEST_P(EventImagesTest, BadUploadsWriteNothing) {
  ASSERT_TRUE(events_->set_cover(organizer_, "lab", event_id_, png_image(64, 64)).ok());
  const std::string before = events_->event(as(organizer_), "lab", event_id_)->cover->digest;
  for (const std::string& bad :
       {std::string("not an image"), std::string(kMaxCoverBytes + 10, '\x89'),
        png_image(kMaxCoverSide + 1, 2)}) {
    auto refused = events_->set_cover(organizer_, "lab", event_id_, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 422);
    EXPECT_EQ(refused.error().field, "cover_image_base64");
  }
  EXPECT_EQ(events_->event(as(organizer_), "lab", event_id_)->cover->digest, before);
  EXPECT_EQ(images_kept(), 1);
  auto sponsor = programme_->add_sponsor(
      organizer_, "lab", event_id_,
      {.name = "가상 클라우드", .tier = SponsorTier::gold, .logo_image = "<svg/>"});
  ASSERT_FALSE(sponsor.ok());
  EXPECT_EQ(sponsor.error().field, "logo_image_base64");
  EXPECT_TRUE(programme_->programme(organizer_, "lab", event_id_)->sponsors.empty());
}

TEST_P(EventImagesTest, TheSameBytesAreKeptOnceForCoversAndLogos) {
  const std::string logo = png_image(120, 40, 7);
  const std::int64_t other = create("Homecoming", Visibility::public_);
  ASSERT_TRUE(events_->set_cover(organizer_, "lab", event_id_, logo).ok());
  ASSERT_TRUE(events_->set_cover(organizer_, "lab", other, logo).ok());
  auto sponsor = programme_->add_sponsor(
      organizer_, "lab", event_id_,
      {.name = "모두의연구소", .tier = SponsorTier::platinum, .logo_image = logo});
  ASSERT_TRUE(sponsor.ok()) << sponsor.error().message;
  ASSERT_TRUE(sponsor->logo.has_value());
  EXPECT_EQ(images_kept(), 1);
  // Still in use by the other event and the sponsor: removing one cover keeps the bytes.
  ASSERT_TRUE(events_->remove_cover(organizer_, "lab", event_id_).ok());
  ASSERT_TRUE(events_->remove_cover(organizer_, "lab", other).ok());
  EXPECT_EQ(images_kept(), 1);
  ASSERT_TRUE(programme_->remove_sponsor(organizer_, "lab", event_id_, sponsor->id).ok());
  EXPECT_EQ(images_kept(), 0);
}

TEST_P(EventImagesTest, SponsorLogosAreSetReplacedAndRemoved) {
  auto sponsor = programme_->add_sponsor(organizer_, "lab", event_id_,
                                         {.name = "GPU 나눔터", .tier = SponsorTier::silver});
  ASSERT_TRUE(sponsor.ok());
  EXPECT_FALSE(sponsor->logo.has_value());
  const std::string logo = jpeg_image(300, 100);
  EXPECT_EQ(programme_->set_sponsor_logo(member_, "lab", event_id_, sponsor->id, logo)
                .error()
                .http_status,
            403);
  EXPECT_EQ(
      programme_->set_sponsor_logo(organizer_, "lab", event_id_, 999999, logo).error().http_status,
      404);
  auto set = programme_->set_sponsor_logo(organizer_, "lab", event_id_, sponsor->id, logo);
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_TRUE(set->logo.has_value());
  EXPECT_EQ(set->logo->width, 300);
  auto shown = programme_->programme(anonymous_, "lab", event_id_);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->sponsors.size(), 1u);
  EXPECT_EQ(shown->sponsors[0].logo->digest, set->logo->digest);
  auto served = events_->image(as(anonymous_), "lab", event_id_, set->logo->digest);
  ASSERT_TRUE(served.ok()) << served.error().message;
  EXPECT_EQ(served->bytes, logo);
  EXPECT_EQ(served->image.content_type(), "image/jpeg");
  auto replaced =
      programme_->set_sponsor_logo(organizer_, "lab", event_id_, sponsor->id, png_image(90, 30));
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(images_kept(), 1);
  auto removed = programme_->remove_sponsor_logo(organizer_, "lab", event_id_, sponsor->id);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(removed->logo.has_value());
  EXPECT_EQ(images_kept(), 0);
}

TEST_P(EventImagesTest, ImagesAreServedOnlyWhereTheEventShowsThem) {
  const std::string cover = png_image(320, 180);
  auto set = events_->set_cover(organizer_, "lab", event_id_, cover);
  ASSERT_TRUE(set.ok());
  const std::string digest = set->cover->digest;
  auto served = events_->image(as(anonymous_), "lab", event_id_, digest);
  ASSERT_TRUE(served.ok()) << served.error().message;
  EXPECT_EQ(served->bytes, cover);
  EXPECT_TRUE(served->shared_cache);
  // Another event of the same community does not show it.
  const std::int64_t other = create("Homecoming", Visibility::public_);
  EXPECT_EQ(events_->image(as(anonymous_), "lab", other, digest).error().http_status, 404);
  EXPECT_EQ(
      events_->image(as(anonymous_), "lab", event_id_, std::string(64, 'a')).error().http_status,
      404);
  // Members-only: members see it (kept out of shared caches), others get a 404.
  const std::int64_t members = create("Members night", Visibility::members);
  ASSERT_TRUE(events_->set_cover(organizer_, "lab", members, cover).ok());
  EXPECT_EQ(events_->image(as(anonymous_), "lab", members, digest).error().http_status, 404);
  auto for_member = events_->image(as(member_), "lab", members, digest);
  ASSERT_TRUE(for_member.ok());
  EXPECT_FALSE(for_member->shared_cache);
  // Unlisted: whoever has the link.
  const std::int64_t unlisted = create("Secret demo", Visibility::unlisted);
  ASSERT_TRUE(events_->set_cover(organizer_, "lab", unlisted, cover).ok());
  EXPECT_TRUE(events_->image(as(anonymous_), "lab", unlisted, digest).ok());
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventImagesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
