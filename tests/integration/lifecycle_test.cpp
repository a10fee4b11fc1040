// Start-up, limits on connections and graceful shutdown, each on a server of its own.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "environment.hpp"

namespace moim::integration {
namespace {

int open_idle_connection(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  return fd;
}

TEST(Lifecycle, BeyondMaxConnectionsTheServerAnswers503AndRecovers) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url(), {"--max-connections", "2"});
  const int first = open_idle_connection(server.port());
  const int second = open_idle_connection(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string refused =
      raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(refused.find(" 503 "), std::string::npos) << refused;
  EXPECT_NE(refused.find("Retry-After"), std::string::npos);
  close(first);
  close(second);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Client client(server.base_url());
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(Lifecycle, SigtermStopsGracefullyWithExitCodeZero) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url());
  const int idle = open_idle_connection(server.port());  // must not hold the shutdown up
  Client client(server.base_url());
  ASSERT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(server.terminate(5000), 0);
  close(idle);
}

TEST(Lifecycle, SlowClientsAreCutOffByTheReadTimeout) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url(), {"--read-timeout-ms", "300"});
  // Half a request line, then silence: the server closes without answering.
  const auto started = std::chrono::steady_clock::now();
  const std::string answer = raw_exchange(server.port(), "GET /heal", 3000);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(answer.empty()) << answer;
  EXPECT_LT(waited, std::chrono::milliseconds(2500));
  Client client(server.base_url());
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(Lifecycle, RefusesABadDatabaseUrlAtStartWithAClearMessage) {
  std::string output;
  const int code =
      run_moim({"serve", "--database", "mysql://nope", "--listen", "127.0.0.1:0"}, &output);
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("sqlite: or postgresql://"), std::string::npos) << output;
}

TEST(Lifecycle, BackupCopiesALiveSqliteDatabase) {
  testing::TestDatabase database("sqlite");
  MoimProcess server(database.url());
  const std::string target =
      std::filesystem::temp_directory_path() / ("moim_backup_" + testing::unique_suffix() + ".db");
  std::string output;
  EXPECT_EQ(run_moim({"backup", "--database", database.url(), "--to", target}, &output), 0)
      << output;
  EXPECT_NE(run_moim({"backup", "--database", database.url(), "--to", target}, &output),
            0);  // never overwrites
  auto copy = db::Database::open("sqlite:" + target);
  ASSERT_TRUE(copy.ok());
  auto reader = copy.value()->read();
  EXPECT_GT(reader->query_one("SELECT COUNT(*) FROM schema_migrations").value()->int64(0), 0);
  std::filesystem::remove(target);
}

TEST(Lifecycle, SettingsComeFromAConfigFileAndTheEnvironment) {
  testing::TestDatabase database("sqlite");
  const std::string config =
      std::filesystem::temp_directory_path() / ("moim_cfg_" + testing::unique_suffix() + ".toml");
  std::ofstream(config) << "max-connections = 1\n";
  MoimProcess server(database.url(), {"--config", config});
  const int hold = open_idle_connection(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_NE(raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").find(" 503 "),
            std::string::npos);
  close(hold);
  std::filesystem::remove(config);
  std::string help;
  run_moim({"serve", "--help"}, &help);
  EXPECT_NE(help.find("MOIM_DATABASE"), std::string::npos);
  EXPECT_NE(help.find("--max-body-bytes"), std::string::npos);
}

}  // namespace
}  // namespace moim::integration
