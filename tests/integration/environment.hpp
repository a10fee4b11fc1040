// One running moim per database kind, shared by the tests of a process, with
// people in each role already signed in: anonymous, member, organizer, admin.
#pragma once

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <memory>

#include "moim_process.hpp"
#include "platform/testing/database_params.hpp"

namespace moim::integration {

inline constexpr const char* kSlug = "it-lab";
inline constexpr const char* kPassword = "integration pass 1";

struct Environment {
  std::unique_ptr<testing::TestDatabase> database;
  std::unique_ptr<MoimProcess> server;
  std::unique_ptr<Client> anonymous, member, organizer, admin;
  std::int64_t member_id = 0, organizer_id = 0, admin_id = 0;

  static Environment& get(const std::string& kind);
  Client client() { return Client(server->base_url()); }
  std::int64_t count(const std::string& sql);
};

boost::json::object parse_object(const std::string& body);

inline constexpr std::int64_t kDay = 24 * 3600;
// UTC seconds as the API writes times: "2026-03-01T09:00:00Z".
std::string utc(std::int64_t seconds);
// A cohort's twelve phase times (six phases of ten days each) as JSON
// members, with phase number `current` (0 = proposals) holding now.
std::string phases_json(int current);
// Days inside the running phase of a cohort from phases_json(0) (and of one
// whose proposals opened within the last day): a cohort's projects run
// within its running phase (issue #12). "YYYY-MM-DD", now + 31 and + 37 days.
std::string project_starts_on();
std::string project_ends_on();
// Checks an API answer against the served OpenAPI document: the route and
// its status are declared, and a success's body matches its schema.
// `pattern` is the route as declared ("/api/v1/communities/{slug}/events").
void expect_documented(Environment& env, const std::string& method, const std::string& pattern,
                       const HttpResult& result);
// Signs up through the API and logs in; returns the user id.
std::int64_t sign_up_and_log_in(Client& client, const std::string& email, const std::string& name);

class ServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  Environment& env() { return Environment::get(GetParam()); }
};

}  // namespace moim::integration
