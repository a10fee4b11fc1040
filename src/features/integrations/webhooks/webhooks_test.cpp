// Webhooks: who receives which event, validation, and signed deliveries to
// a local HTTP receiver with retries on 503 + Retry-After.
#include "features/integrations/webhooks/webhooks.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <map>

#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/worker.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox_store.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::automation {
namespace {

const std::string kReceiver =
    MOIM_SOURCE_DIR "/src/features/integrations/testing/webhook_receiver.py";

// No test asks real DNS. Names resolve to a public address unless listed;
// `answers` can be changed between registration and delivery (rebinding).
struct FakeDns {
  std::map<std::string, IpAddress> answers;
  Resolver resolver() {
    return [this](const std::string& host) -> Result<std::vector<IpAddress>> {
      if (host == "nowhere.example") return Error{400, "unresolved", "no such host", "url"};
      auto found = answers.find(host);
      return std::vector<IpAddress>{found == answers.end() ? IpAddress::v4(93, 184, 216, 34)
                                                           : found->second};
    };
  }
};

class WebhooksTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    auto transaction = db_->database().write();
    auto row = transaction->query_one(
        "INSERT INTO communities (slug, name, created_at, updated_at) VALUES ('lab', 'Lab', 1, 1) "
        "RETURNING id");
    community_id_ = (*row)->int64(0);
    ASSERT_TRUE(transaction->commit().ok());
  }
  void emit(std::string_view event, boost::json::object data) {
    auto transaction = db_->database().write();
    ASSERT_TRUE(
        emit_event(*transaction, {community_id_, "lab"}, event, data, clock_.now_seconds()).ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  std::vector<OutboxRow> rows() {
    auto page = list_queue(db_->database(), community_id_, {.kind = "webhook", .per_page = 200});
    return page->rows;
  }

  AddressPolicy strict() { return {.allow_local = false, .resolve = dns_.resolver()}; }
  AddressPolicy local() { return {.allow_local = true, .resolve = dns_.resolver()}; }

  FakeDns dns_;
  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> db_;
  std::int64_t community_id_ = 0;
};

TEST_P(WebhooksTest, EndpointsAreValidatedAndHttpsOnlyUnlessAllowed) {
  auto& database = db_->database();
  const std::int64_t now = clock_.now_seconds();
  EXPECT_EQ(create_endpoint(database, community_id_, 0, {"http://x.org/h", {"member.joined"}, ""},
                            strict(), now)
                .error()
                .field,
            "url");
  EXPECT_EQ(create_endpoint(database, community_id_, 0, {"ftp://x.org", {"member.joined"}, ""},
                            local(), now)
                .error()
                .field,
            "url");
  EXPECT_EQ(create_endpoint(database, community_id_, 0, {"https:///path", {"member.joined"}, ""},
                            strict(), now)
                .error()
                .field,
            "url");
  EXPECT_EQ(create_endpoint(database, community_id_, 0, {"https://x.org/h", {}, ""}, strict(), now)
                .error()
                .field,
            "events");
  EXPECT_EQ(create_endpoint(database, community_id_, 0,
                            {"https://x.org/h", {"member.exploded"}, ""}, strict(), now)
                .error()
                .field,
            "events");
  EXPECT_TRUE(list_endpoints(database, community_id_)->empty());
  auto created = create_endpoint(database, community_id_, 0,
                                 {"https://x.org/h", {"member.joined", "member.placed"}, "crm"},
                                 strict(), now);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->second.starts_with("whsec_"));
  EXPECT_EQ(created->first.events, (std::vector<std::string>{"member.joined", "member.placed"}));
  EXPECT_TRUE(
      create_endpoint(database, community_id_, 0, {"http://127.0.0.1:9/h", {"*"}, ""}, local(), now)
          .ok());
  EXPECT_EQ(list_endpoints(database, community_id_)->size(), 2u);
  EXPECT_EQ(delete_endpoint(database, community_id_ + 1, created->first.id).error().http_status,
            404);
  EXPECT_TRUE(delete_endpoint(database, community_id_, created->first.id).ok());
  EXPECT_EQ(list_endpoints(database, community_id_)->size(), 1u);
}

TEST_P(WebhooksTest, AnEventReachesOnlyTheEndpointsSubscribedToIt) {
  const std::int64_t now = clock_.now_seconds();
  ASSERT_TRUE(create_endpoint(db_->database(), community_id_, 0,
                              {"https://a.org", {"member.joined"}, ""}, strict(), now)
                  .ok());
  ASSERT_TRUE(create_endpoint(db_->database(), community_id_, 0,
                              {"https://b.org", {"member.placed"}, ""}, strict(), now)
                  .ok());
  ASSERT_TRUE(create_endpoint(db_->database(), community_id_, 0, {"https://c.org", {"*"}, ""},
                              strict(), now)
                  .ok());
  emit("member.joined", {{"user_id", 7}});
  auto queued = rows();
  ASSERT_EQ(queued.size(), 2u);
  std::set<std::string> targets;
  for (const auto& row : queued) {
    targets.insert(row.target);
    EXPECT_EQ(row.state, "pending");
    EXPECT_EQ(row.community_id, community_id_);
    auto body =
        boost::json::parse(boost::json::parse(row.payload).as_object().at("body").as_string())
            .as_object();
    EXPECT_EQ(body.at("event").as_string(), "member.joined");
    EXPECT_EQ(body.at("data").as_object().at("user_id").as_int64(), 7);
  }
  EXPECT_EQ(targets, (std::set<std::string>{"https://a.org", "https://c.org"}));
}

TEST_P(WebhooksTest, DeliveriesAreSignedAndRetriedAfterRetryAfter) {
  testing::HelperProcess receiver(kReceiver, {"--statuses", "503,200", "--retry-after", "30"});
  const std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  auto created =
      create_endpoint(db_->database(), community_id_, 0, {url, {"member.stage_changed"}, ""},
                      local(), clock_.now_seconds());
  ASSERT_TRUE(created.ok());
  const std::string secret = created->second;
  emit("member.stage_changed", {{"user_id", 3}, {"from", "observer"}, {"to", "runner"}});
  Worker worker(db_->database(), clock_, {.backoff = {.base_ms = 1000, .max_ms = 2000}},
                make_leadership(db_->url(), ""));
  worker.add_connector(std::make_unique<WebhookConnector>(db_->database(), clock_,
                                                          WebhookOptions{.allow_http = true}));
  ASSERT_EQ(worker.drain_once(), 1);
  ASSERT_EQ(rows().at(0).state, "failed");
  EXPECT_EQ(rows().at(0).last_error, "HTTP 503");
  EXPECT_EQ(rows().at(0).not_before, clock_.now_seconds() + 30);  // the receiver's Retry-After
  clock_.advance(30);
  ASSERT_EQ(worker.drain_once(), 1);
  EXPECT_EQ(rows().at(0).state, "done");
  EXPECT_EQ(rows().at(0).result, "HTTP 200");

  const auto received = receiver.wait_for(2);
  ASSERT_EQ(received.size(), 2u);
  std::string first_delivery;
  for (const auto& record : received) {
    auto request = boost::json::parse(record).as_object();
    auto headers = request.at("headers").as_object();
    const std::string body(request.at("body").as_string());
    EXPECT_EQ(headers.at("content-type").as_string(), "application/json");
    EXPECT_EQ(headers.at("moim-event").as_string(), "member.stage_changed");
    const std::string delivery(headers.at("moim-delivery").as_string());
    if (first_delivery.empty()) first_delivery = delivery;
    EXPECT_EQ(delivery, first_delivery);  // the same id on every attempt
    // The documented check: t=..., v1=HMAC(secret, t + "." + body).
    const std::string signature(headers.at("moim-signature").as_string());
    const std::string stamp = signature.substr(2, signature.find(',') - 2);
    EXPECT_EQ(signature,
              "t=" + stamp + ",v1=" + crypto::hmac_sha256_hex(secret, stamp + "." + body));
    auto payload = boost::json::parse(body).as_object();
    EXPECT_EQ(payload.at("id").as_string(), delivery);
    EXPECT_EQ(payload.at("data").as_object().at("to").as_string(), "runner");
  }
}

TEST_P(WebhooksTest, ARemovedEndpointCancelsItsPendingDeliveries) {
  auto created = create_endpoint(db_->database(), community_id_, 0, {"https://a.org", {"*"}, ""},
                                 strict(), clock_.now_seconds());
  emit("member.joined", {{"user_id", 1}});
  ASSERT_TRUE(delete_endpoint(db_->database(), community_id_, created->first.id).ok());
  Worker worker(db_->database(), clock_, {}, make_leadership(db_->url(), ""));
  worker.add_connector(
      std::make_unique<WebhookConnector>(db_->database(), clock_, WebhookOptions{}));
  ASSERT_EQ(worker.drain_once(), 1);
  EXPECT_EQ(rows().at(0).state, "cancelled");
}

TEST_P(WebhooksTest, EndpointsOnLocalOrPrivateAddressesAreRefused) {
  auto& database = db_->database();
  const std::int64_t now = clock_.now_seconds();
  dns_.answers["inside.example"] = IpAddress::v4(10, 0, 0, 7);
  dns_.answers["metadata.example"] = IpAddress::v4(169, 254, 169, 254);
  dns_.answers["mapped.example"] = *parse_ip("::ffff:127.0.0.1");
  for (const std::string url : {"https://127.0.0.1/h",
                                "https://[::1]/h",
                                "https://10.1.2.3/h",
                                "https://192.168.0.10/h",
                                "https://172.20.0.1/h",
                                "https://100.64.0.1/h",
                                "https://169.254.169.254/latest",
                                "https://[fe80::1]/h",
                                "https://[fd00::1]/h",
                                "https://[::ffff:127.0.0.1]/h",
                                "https://0.0.0.0/h",
                                "https://[::]/h",
                                "https://224.0.0.1/h",
                                "https://[ff02::1]/h",
                                "https://inside.example/h",
                                "https://metadata.example/h",
                                "https://mapped.example/h",
                                "https://nowhere.example/h",
                                "https://user:pw@x.org/h",
                                "https://x.org:0/h"}) {
    auto refused = create_endpoint(database, community_id_, 0, {url, {"*"}, ""}, strict(), now);
    ASSERT_FALSE(refused.ok()) << url;
    EXPECT_EQ(refused.error().field, "url") << url;
    EXPECT_EQ(refused.error().http_status, 400) << url;
  }
  auto listed = list_endpoints(database, community_id_);
  EXPECT_TRUE(listed->empty());  // nothing written
  // A public host passes; so does loopback when the deployment allows local stand-ins.
  EXPECT_TRUE(
      create_endpoint(database, community_id_, 0, {"https://x.org/h", {"*"}, ""}, strict(), now)
          .ok());
  EXPECT_TRUE(create_endpoint(database, community_id_, 0, {"https://inside.example/h", {"*"}, ""},
                              local(), now)
                  .ok());
}

TEST_P(WebhooksTest, DeliveryChecksTheAddressAgainAndRefusesAHostThatMovedInside) {
  auto created =
      create_endpoint(db_->database(), community_id_, 0, {"https://moving.example/h", {"*"}, ""},
                      strict(), clock_.now_seconds());
  ASSERT_TRUE(created.ok());
  emit("member.joined", {{"user_id", 1}});
  dns_.answers["moving.example"] = IpAddress::v4(127, 0, 0, 1);  // DNS rebinding
  Worker worker(db_->database(), clock_, {}, make_leadership(db_->url(), ""));
  worker.add_connector(std::make_unique<WebhookConnector>(
      db_->database(), clock_, WebhookOptions{.resolve = dns_.resolver()}));
  ASSERT_EQ(worker.drain_once(), 1);
  EXPECT_EQ(rows().at(0).state, "dead");
  const std::string error = rows().at(0).last_error.value_or("");
  EXPECT_NE(error.find("loopback"), std::string::npos) << error;
}

TEST_P(WebhooksTest, ALoopbackEndpointIsRefusedOnceLocalDeliveryIsTurnedOff) {
  testing::HelperProcess receiver(kReceiver);
  // https, so only the address (not the scheme) can be what is refused.
  const std::string url = "https://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  ASSERT_TRUE(create_endpoint(db_->database(), community_id_, 0, {url, {"*"}, ""}, local(),
                              clock_.now_seconds())
                  .ok());
  emit("member.joined", {{"user_id", 1}});
  Worker worker(db_->database(), clock_, {}, make_leadership(db_->url(), ""));
  worker.add_connector(std::make_unique<WebhookConnector>(db_->database(), clock_,
                                                          WebhookOptions{.allow_http = false}));
  ASSERT_EQ(worker.drain_once(), 1);
  EXPECT_EQ(rows().at(0).state, "dead");
  EXPECT_NE(rows().at(0).last_error.value_or("").find("loopback"), std::string::npos);
  EXPECT_TRUE(receiver.records().empty());  // drain_once is synchronous: nothing came
}

TEST_P(WebhooksTest, DeliveryConnectsToTheAddressThatWasChecked) {
  // "receiver.test" exists only in the fake DNS: the post arrives only if
  // libcurl used the checked address instead of asking the system again.
  testing::HelperProcess receiver(kReceiver);
  dns_.answers["receiver.test"] = IpAddress::v4(127, 0, 0, 1);
  const std::string url = "http://receiver.test:" + std::to_string(receiver.port()) + "/hook";
  ASSERT_TRUE(create_endpoint(db_->database(), community_id_, 0, {url, {"*"}, ""}, local(),
                              clock_.now_seconds())
                  .ok());
  emit("member.joined", {{"user_id", 1}});
  Worker worker(db_->database(), clock_, {}, make_leadership(db_->url(), ""));
  worker.add_connector(std::make_unique<WebhookConnector>(
      db_->database(), clock_, WebhookOptions{.allow_http = true, .resolve = dns_.resolver()}));
  ASSERT_EQ(worker.drain_once(), 1);
  EXPECT_EQ(rows().at(0).state, "done") << rows().at(0).last_error.value_or("");
  EXPECT_EQ(receiver.wait_for(1).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Drivers, WebhooksTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::automation
