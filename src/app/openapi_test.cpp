// Every /api/v1 route the server declares is described in the served document,
// and the document describes no route that does not exist.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "app/app.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/test_database.hpp"

namespace moim {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

TEST(OpenApi, DescribesExactlyTheDeclaredApiRoutes) {
  crypto::initialise();
  testing::TestDatabase test_db("sqlite");
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, test_db.database());
  ASSERT_TRUE(app.ok()) << app.error().message;

  // The served document: web/openapi.json with the typed routes' generated operations.
  auto document = boost::json::parse(app.value()->openapi_document()).as_object();
  EXPECT_EQ(document.at("openapi").as_string(), "3.1.0");
  const auto& paths = document.at("paths").as_object();

  std::set<std::string> declared;
  for (const auto& route : app.value()->router().routes()) {
    if (!route.pattern.starts_with("/api/v1/")) continue;
    const std::string path = route.pattern.substr(std::string("/api/v1").size());
    const std::string method = lower(http::method_name(route.method));
    declared.insert(method + " " + path);
    auto found = paths.find(path);
    ASSERT_NE(found, paths.end()) << "missing from openapi.json: " << path;
    EXPECT_TRUE(found->value().as_object().contains(method))
        << "missing from openapi.json: " << method << " " << path;
  }
  for (const auto& [path, operations] : paths) {
    for (const auto& [method, operation] : operations.as_object()) {
      EXPECT_TRUE(declared.count(std::string(method) + " " + std::string(path)))
          << "openapi.json describes a route the server lacks: " << method << " " << path;
    }
  }
  EXPECT_GT(declared.size(), 20u);
}

}  // namespace
}  // namespace moim
