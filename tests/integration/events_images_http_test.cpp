// Uploaded event images over HTTP on both databases: organizers upload a
// cover and sponsor logos through the API and the pages, anyone who may see
// the event gets the bytes with content-addressed caching headers, bad
// uploads are a 422 naming the field with nothing written, and the page form
// re-renders in place with the file input marked.
#include "environment.hpp"
#include "features/events/testing/test_images.hpp"

namespace moim::integration {
namespace {

using EventsImagesHttpTest = ServerTest;
using events::testing::jpeg_image;
using events::testing::png_image;

const std::string kEvents = "/api/v1/communities/it-lab/events";

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t at = 0;
  for (; at + 2 < bytes.size(); at += 3) {
    const unsigned value = (static_cast<unsigned char>(bytes[at]) << 16) |
                           (static_cast<unsigned char>(bytes[at + 1]) << 8) |
                           static_cast<unsigned char>(bytes[at + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(value >> shift) & 63];
  }
  if (at + 1 == bytes.size()) {
    const unsigned value = static_cast<unsigned char>(bytes[at]) << 16;
    out += kAlphabet[(value >> 18) & 63];
    out += kAlphabet[(value >> 12) & 63];
    out += "==";
  } else if (at + 2 == bytes.size()) {
    const unsigned value = (static_cast<unsigned char>(bytes[at]) << 16) |
                           (static_cast<unsigned char>(bytes[at + 1]) << 8);
    for (int shift : {18, 12, 6}) out += kAlphabet[(value >> shift) & 63];
    out += "=";
  }
  return out;
}

std::string field_of(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

std::string string_at(const HttpResult& result, const char* object, const char* key) {
  auto body = parse_object(result.body);
  const auto& value = body[object].as_object()[key];
  return value.is_string() ? std::string(value.as_string()) : std::string();
}

std::string create_event(Environment& env, const std::string& title,
                         const std::string& visibility) {
  const std::int64_t starts = std::time(nullptr) + 7 * kDay;
  auto created = env.organizer->json(
      "POST", kEvents,
      R"({"title": ")" + title + R"(", "starts_at": ")" + utc(starts) + R"(", "ends_at": ")" +
          utc(starts + 8 * 3600) + R"(", "visibility": ")" + visibility + R"("})");
  EXPECT_EQ(created.status, 201) << created.body;
  return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
}

std::string cover_body(const std::string& bytes) {
  return R"({"cover_image_base64": ")" + base64(bytes) + R"("})";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_P(EventsImagesHttpTest, OrganizersUploadACoverThatAnyoneWhoSeesTheEventGets) {
  Environment& e = env();
  const std::string id = create_event(e, "Image day", "public");
  const std::string cover = kEvents + "/" + id + "/cover";
  const std::string png = png_image(800, 420, 3);
  EXPECT_EQ(e.anonymous->json("PUT", cover, cover_body(png)).status, 401);
  EXPECT_EQ(e.member->json("PUT", cover, cover_body(png)).status, 403);
  auto uploaded = e.organizer->json("PUT", cover, cover_body(png));
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = string_at(uploaded, "cover", "url");
  ASSERT_TRUE(url.starts_with("/c/it-lab/events/" + id + "/images/")) << url;
  ASSERT_TRUE(url.ends_with(".png")) << url;
  const std::string digest = url.substr(url.rfind('/') + 1, 64);
  // The event's JSON points at it, for everyone.
  auto shown = e.anonymous->json("GET", kEvents + "/" + id);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(string_at(shown, "event", "cover_image_url"), url);

  auto served = e.anonymous->get(url);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.body, png);
  EXPECT_EQ(served.headers["content-type"], "image/png");
  EXPECT_EQ(served.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(served.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(served.headers["etag"], "\"" + digest + "\"");
  EXPECT_EQ(e.anonymous->get(url, {"If-None-Match: \"" + digest + "\""}).status, 304);
  // The other extension, an unknown digest, or a name that is not a digest: 404.
  EXPECT_EQ(e.anonymous->get(url.substr(0, url.size() - 3) + "jpg").status, 404);
  EXPECT_EQ(e.anonymous->get("/c/it-lab/events/" + id + "/images/" + std::string(64, 'a') + ".png")
                .status,
            404);
  EXPECT_EQ(e.anonymous->get("/c/it-lab/events/" + id + "/images/..%2F..%2Fetc%2Fpasswd").status,
            404);
  // The same digest under another event is not that event's image.
  const std::string other = create_event(e, "Other day", "public");
  EXPECT_EQ(e.anonymous->get("/c/it-lab/events/" + other + "/images/" + digest + ".png").status,
            404);

  // The public page and the list show it, with its sides and the title as alt.
  auto page = e.anonymous->get("/c/it-lab/events/" + id);
  EXPECT_TRUE(contains(page.body, "src=\"" + url +
                                      "\" alt=\"Image day\" width=\"800\" "
                                      "height=\"420\""))
      << page.body.substr(0, 2000);
  EXPECT_TRUE(contains(e.anonymous->get("/c/it-lab/events").body, "src=\"" + url + "\""));

  // Replaced by a JPEG, then removed.
  auto replaced = e.organizer->json("PUT", cover, cover_body(jpeg_image(640, 360)));
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(string_at(replaced, "cover", "content_type"), "image/jpeg");
  EXPECT_EQ(e.anonymous->get(url).status, 404);
  auto jpeg = e.anonymous->get(string_at(replaced, "cover", "url"));
  EXPECT_EQ(jpeg.headers["content-type"], "image/jpeg");
  EXPECT_EQ(e.member->json("DELETE", cover).status, 403);
  EXPECT_EQ(e.organizer->json("DELETE", cover).status, 204);
  // No cover: the field is null (or absent).
  auto after = parse_object(e.anonymous->json("GET", kEvents + "/" + id).body)["event"].as_object();
  EXPECT_TRUE(!after.contains("cover_image_url") || after["cover_image_url"].is_null());
}

TEST_P(EventsImagesHttpTest, BadUploadsAreRefusedNamingTheFieldAndWriteNothing) {
  Environment& e = env();
  const std::string id = create_event(e, "Refusals", "public");
  const std::string cover = kEvents + "/" + id + "/cover";
  const std::int64_t before = e.count("SELECT COUNT(*) FROM event_images");
  for (const std::string& body :
       {std::string(R"({"cover_image_base64": "%%% not base64 %%%"})"),
        cover_body("plain text, not an image"), cover_body("<svg onload=\"alert(1)\"/>"),
        cover_body(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)),
        cover_body(std::string("\x89PNG\r\n\x1a\n", 8) + "broken"),
        cover_body(png_image(5000, 2))}) {
    auto refused = e.organizer->json("PUT", cover, body);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(field_of(refused), "cover_image_base64") << refused.body;
  }
  // Unknown fields are refused by the body contract, not ignored.
  auto unknown = e.organizer->json("PUT", cover, R"({"cover_png_base64": "AAAA"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_images"), before);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM events WHERE cover_digest IS NOT NULL AND id = " + id),
            0);
}

TEST_P(EventsImagesHttpTest, MembersOnlyEventsKeepTheirImagesFromVisitors) {
  Environment& e = env();
  const std::string id = create_event(e, "Members night", "members");
  auto uploaded =
      e.organizer->json("PUT", kEvents + "/" + id + "/cover", cover_body(png_image(64, 64, 9)));
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = string_at(uploaded, "cover", "url");
  EXPECT_EQ(e.anonymous->get(url).status, 404);
  auto for_member = e.member->get(url);
  ASSERT_EQ(for_member.status, 200);
  EXPECT_TRUE(for_member.headers["cache-control"].starts_with("private")) << for_member.body;
  // Unlisted: anyone with the link.
  const std::string unlisted = create_event(e, "Quiet demo", "unlisted");
  auto quiet = e.organizer->json("PUT", kEvents + "/" + unlisted + "/cover",
                                 cover_body(png_image(64, 64, 10)));
  ASSERT_EQ(quiet.status, 200);
  EXPECT_EQ(e.anonymous->get(string_at(quiet, "cover", "url")).status, 200);
}

TEST_P(EventsImagesHttpTest, SponsorLogosAreUploadedAndShownOnTheSchedule) {
  Environment& e = env();
  const std::string id = create_event(e, "Sponsored", "public");
  const std::string sponsors = kEvents + "/" + id + "/sponsors";
  const std::string logo = png_image(240, 80, 4);
  auto svg = e.organizer->json(
      "POST", sponsors,
      R"({"name": "Script Inc", "tier": "gold", "logo_image_base64": ")" +
          base64("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>") +
          R"("})");
  EXPECT_EQ(svg.status, 422);
  EXPECT_EQ(field_of(svg), "logo_image_base64");
  auto added =
      e.organizer->json("POST", sponsors,
                        R"({"name": "모두의연구소", "tier": "platinum", "logo_image_base64": ")" +
                            base64(logo) + R"("})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string url = string_at(added, "sponsor", "logo_image_url");
  ASSERT_FALSE(url.empty()) << added.body;
  EXPECT_EQ(e.anonymous->get(url).body, logo);
  auto plain = e.organizer->json("POST", sponsors, R"({"name": "Nameonly", "tier": "silver"})");
  ASSERT_EQ(plain.status, 201);
  const std::string plain_id =
      std::to_string(parse_object(plain.body)["sponsor"].as_object()["id"].as_int64());
  EXPECT_EQ(e.member
                ->json("PUT", sponsors + "/" + plain_id + "/logo",
                       R"({"logo_image_base64": ")" + base64(logo) + R"("})")
                .status,
            403);
  auto schedule = e.anonymous->get("/c/it-lab/events/" + id + "/schedule");
  ASSERT_EQ(schedule.status, 200);
  EXPECT_TRUE(contains(schedule.body, "src=\"" + url + "\" alt=\"모두의연구소\""));
  EXPECT_TRUE(contains(schedule.body, "<span>Nameonly</span>"));
  auto set =
      e.organizer->json("PUT", sponsors + "/" + plain_id + "/logo",
                        R"({"logo_image_base64": ")" + base64(jpeg_image(120, 40)) + R"("})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_TRUE(string_at(set, "sponsor", "logo_image_url").ends_with(".jpg"));
  EXPECT_EQ(e.organizer->json("DELETE", sponsors + "/" + plain_id + "/logo").status, 204);
}

TEST_P(EventsImagesHttpTest, TheCoverFormReRendersInPlaceWithTheFileMarked) {
  Environment& e = env();
  const std::string id = create_event(e, "Form day", "public");
  const std::string edit = "/c/it-lab/events/" + id + "/edit";
  for (const std::string language : {"ko", "en"}) {
    auto page = e.organizer->get(edit, {"Accept-Language: " + language});
    ASSERT_EQ(page.status, 200);
    ASSERT_TRUE(contains(page.body, "name=\"cover_image\""));
    auto refused = e.organizer->request(
        "POST", "/c/it-lab/events/" + id + "/cover",
        "_csrf=" + csrf_from(page.body) + "&cover_image_base64=" + url_encode(base64("GIF89a")),
        "application/x-www-form-urlencoded",
        {"Accept-Language: " + language, "Referer: " + e.server->base_url() + edit});
    EXPECT_EQ(refused.status, 422) << refused.body.substr(0, 300);
    EXPECT_TRUE(contains(refused.body, "aria-describedby=\"error-cover_image\"")) << refused.body;
    EXPECT_TRUE(contains(refused.body, language == "ko" ? "PNG와 JPEG 이미지만 올릴 수 있어요."
                                                        : "Only PNG and JPEG images are accepted."))
        << refused.body;
  }
  auto page = e.organizer->get(edit);
  auto saved = e.organizer->form("/c/it-lab/events/" + id + "/cover",
                                 "_csrf=" + csrf_from(page.body) + "&cover_image_base64=" +
                                     url_encode(base64(jpeg_image(320, 180, 2))));
  EXPECT_EQ(saved.status, 303) << saved.body.substr(0, 300);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM events WHERE cover_digest IS NOT NULL AND id = " + id),
            1);
  EXPECT_EQ(e.member
                ->form("/c/it-lab/events/" + id + "/cover/remove",
                       "_csrf=" + csrf_from(e.member->get("/c/it-lab/events/" + id).body))
                .status,
            403);
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsImagesHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
