#include "platform/http/pipeline.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace moim::http {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static_root_ =
        std::filesystem::temp_directory_path() / ("moim_static_" + std::to_string(getpid()));
    std::filesystem::create_directories(static_root_);
    std::ofstream(static_root_ / "site.css") << "body{}";
    router_.get("/boom", [](Request&) -> Response { throw std::runtime_error("broken"); });
    router_.get("/hello/{name}",
                [](Request& request) { return Response::text(200, request.param("name")); });
    pipeline_ = std::make_unique<Pipeline>(
        router_, metrics_, PipelineOptions{static_root_, false},
        [](const Request&, int status) { return Response::text(status, "err"); });
  }
  void TearDown() override { std::filesystem::remove_all(static_root_); }
  Response get(std::string path, Headers headers = {}) {
    Request request;
    request.path = std::move(path);
    request.headers = std::move(headers);
    return pipeline_->handle(request);
  }

  std::filesystem::path static_root_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, EveryAnswerCarriesSecurityHeadersAndARequestId) {
  for (const char* path : {"/hello/x", "/missing", "/boom", "/static/site.css"}) {
    Response response = get(path);
    EXPECT_TRUE(response.header("Content-Security-Policy").has_value()) << path;
    EXPECT_NE(response.header("Content-Security-Policy")->find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
    EXPECT_TRUE(response.header("Referrer-Policy").has_value());
    EXPECT_EQ(response.header("X-Request-Id")->size(), 16u);
  }
}

TEST_F(PipelineTest, KeepsASaneIncomingRequestIdAndReplacesAHostileOne) {
  EXPECT_EQ(get("/hello/x", {{"x-request-id", "abc-123"}}).header("X-Request-Id"), "abc-123");
  EXPECT_NE(get("/hello/x", {{"x-request-id", "<script>"}}).header("X-Request-Id"), "<script>");
}

TEST_F(PipelineTest, AThrowingHandlerBecomesA500NotACrash) { EXPECT_EQ(get("/boom").status, 500); }

TEST_F(PipelineTest, StaticFilesHaveETagsAndRevalidate) {
  Response first = get("/static/site.css");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "body{}");
  EXPECT_EQ(first.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_TRUE(first.header("Cache-Control").has_value());
  auto etag = first.header("ETag");
  ASSERT_TRUE(etag.has_value());
  EXPECT_EQ(get("/static/site.css", {{"if-none-match", std::string(*etag)}}).status, 304);
}

TEST_F(PipelineTest, StaticFilesRefusePathTraversal) {
  EXPECT_EQ(get("/static/../CMakeLists.txt").status, 404);
  EXPECT_EQ(get("/static/").status, 404);
  // What the server hands over once it decoded %2f, %5c and friends.
  for (const char* path :
       {"/static//etc/passwd", "/static//proc/self/environ", "/static/%2fetc%2fpasswd",
        "/static/..\\..\\etc\\passwd", "/static/./site.css", "/static//site.css",
        "/static/site.css/", "/static/site.css%00", "/static/../../../../etc/passwd"}) {
    EXPECT_EQ(get(path).status, 404) << path;
  }
  EXPECT_EQ(get("/static/" + std::string(100'000, 'a')).status, 404);
}

// The index is built when the pipeline starts: a link planted in the root
// that leads outside it is never served, one that stays inside is.
TEST(StaticFilesIndex, FollowsLinksOnlyInsideTheRoot) {
  namespace fs = std::filesystem;
  const fs::path base =
      fs::temp_directory_path() / ("moim_static_links_" + std::to_string(getpid()));
  fs::create_directories(base / "root" / "css");
  std::ofstream(base / "root" / "css" / "site.css") << "body{}";
  std::ofstream(base / "secret.txt") << "password";
  fs::create_symlink(base / "secret.txt", base / "root" / "leak.txt");
  fs::create_directory_symlink(base, base / "root" / "up");
  fs::create_symlink(base / "root" / "css" / "site.css", base / "root" / "alias.css");
  const StaticFiles files = StaticFiles::index(base / "root");
  EXPECT_NE(files.find("css/site.css"), nullptr);
  EXPECT_NE(files.find("alias.css"), nullptr);
  EXPECT_EQ(files.find("leak.txt"), nullptr);
  EXPECT_EQ(files.find("up/secret.txt"), nullptr);
  EXPECT_EQ(files.find("/css/site.css"), nullptr);
  EXPECT_EQ(files.size(), 2u);
  fs::remove_all(base);
}

TEST_F(PipelineTest, MetricsCountRequestsByRouteAndStatus) {
  get("/hello/a");
  get("/hello/b");
  get("/missing");
  const std::string text = metrics_.render();
  EXPECT_NE(
      text.find(
          "moim_http_requests_total{method=\"GET\",route=\"/hello/{name}\",status=\"200\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(text.find("moim_http_request_duration_seconds_bucket"), std::string::npos);
}

}  // namespace
}  // namespace moim::http
