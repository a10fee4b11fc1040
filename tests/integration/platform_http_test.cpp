// The server itself: health, metrics, headers, static files, limits.
#include "environment.hpp"

namespace moim::integration {
namespace {

TEST_P(ServerTest, HealthReadinessAndMetricsAnswer) {
  Client client = env().client();
  EXPECT_EQ(client.get("/healthz").status, 200);
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_NE(ready.body.find("ready"), std::string::npos);
  auto metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(
                "moim_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("moim_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("moim_http_open_connections"), std::string::npos);
  EXPECT_NE(metrics.body.find("moim_db_connections{state=\"open\"}"), std::string::npos);
}

TEST_P(ServerTest, EveryResponseHasSecurityHeadersAndARequestId) {
  Client client = env().client();
  for (const char* path : {"/", "/api/v1/communities", "/no/such/page", "/static/moim.css"}) {
    auto result = client.get(path);
    EXPECT_NE(result.headers["content-security-policy"].find("frame-ancestors 'none'"),
              std::string::npos)
        << path;
    EXPECT_EQ(result.headers["x-content-type-options"], "nosniff") << path;
    EXPECT_FALSE(result.headers["referrer-policy"].empty()) << path;
    EXPECT_FALSE(result.headers["x-request-id"].empty()) << path;
  }
  EXPECT_EQ(client.get("/healthz", {"X-Request-Id: trace-42"}).headers["x-request-id"], "trace-42");
}

TEST_P(ServerTest, StaticFilesCarryETagsAndRevalidate) {
  Client client = env().client();
  auto css = client.get("/static/moim.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.headers["content-type"], "text/css; charset=utf-8");
  EXPECT_FALSE(css.headers["cache-control"].empty());
  EXPECT_EQ(client.get("/static/moim.css", {"If-None-Match: " + css.headers["etag"]}).status, 304);
  EXPECT_EQ(client.get("/static/../../etc/passwd").status, 404);
}

TEST_P(ServerTest, UnknownRoutesAndWrongMethodsGetTheRightErrors) {
  Client client = env().client();
  auto missing = client.get("/api/v1/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(parse_object(missing.body)["error"].as_object()["code"].as_string(), "not_found");
  auto wrong = client.request("DELETE", "/api/v1/communities");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_NE(wrong.headers["allow"].find("GET"), std::string::npos);
  auto page = client.get("/c/no-such-community", {"Accept-Language: ko"});
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("페이지를 찾을 수 없어요"), std::string::npos);
  EXPECT_EQ(client.request("HEAD", "/healthz").status, 200);
}

TEST_P(ServerTest, OversizeBodiesAndHeadersAreRefusedAndTheServerLivesOn) {
  Client client = env().client();
  auto big = client.request("POST", "/api/v1/auth/login", std::string(1024 * 1024 + 10, 'x'),
                            "application/json");
  EXPECT_EQ(big.status, 413);
  auto huge_header = client.get("/healthz", {"X-Big: " + std::string(20 * 1024, 'y')});
  EXPECT_EQ(huge_header.status, 431);
  const std::string garbage = raw_exchange(env().server->port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(garbage.find("400"), std::string::npos) << garbage;
  const std::string bad_version =
      raw_exchange(env().server->port(), "GET / HTTP/9.9\r\nHost: x\r\n\r\n");
  EXPECT_NE(bad_version.find(" 400 "), std::string::npos) << bad_version;
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST_P(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  const std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: "
      "close\r\n\r\n";
  const std::string answer = raw_exchange(env().server->port(), two);
  EXPECT_NE(answer.find("{\"status\":\"ok\"}"), std::string::npos);
  EXPECT_NE(answer.find("{\"status\":\"ready\"}"), std::string::npos);
}

TEST_P(ServerTest, ServesTheOpenApiDocument) {
  auto document = env().client().get("/api/v1/openapi.json");
  ASSERT_EQ(document.status, 200);
  auto parsed = parse_object(document.body);
  EXPECT_EQ(parsed["openapi"].as_string(), "3.1.0");
  EXPECT_TRUE(parsed["paths"].as_object().contains("/communities/{slug}/members"));
}

INSTANTIATE_TEST_SUITE_P(Drivers, ServerTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
