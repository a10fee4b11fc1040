// The PNG must read back as the text it was drawn from: zbarimg (Debian
// zbar-tools, installed by scripts/install-deps.sh test) is the reader.
#include "platform/web/qr_png.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>

namespace moim::web {
namespace {

std::string read_back(const std::string& png) {
  const std::string path = "/tmp/moim-qr-png-" + std::to_string(::getpid()) + ".png";
  std::ofstream(path, std::ios::binary) << png;
  std::string out;
  if (FILE* pipe = ::popen(("zbarimg -q --raw '" + path + "' 2>/dev/null").c_str(), "r")) {
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
    ::pclose(pipe);
  }
  std::remove(path.c_str());
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(QrPng, IsAPngThatReadsBackAsItsText) {
  auto png = qr_png("K7QX-M3PD");
  ASSERT_TRUE(png.ok());
  ASSERT_GT(png->size(), 8u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  if (std::system("command -v zbarimg >/dev/null") != 0)
    GTEST_SKIP() << "zbarimg is not installed (scripts/install-deps.sh test)";
  EXPECT_EQ(read_back(png.value()), "K7QX-M3PD");
  auto link = qr_png("https://moim.example/c/it-lab/events/7/t/abc", 4);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(read_back(link.value()), "https://moim.example/c/it-lab/events/7/t/abc");
}

TEST(QrPng, RefusesAnAbsurdModuleSize) {
  EXPECT_FALSE(qr_png("x", 0).ok());
  EXPECT_FALSE(qr_png("x", 1000).ok());
}

}  // namespace
}  // namespace moim::web
