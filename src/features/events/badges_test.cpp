#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "features/events/testing/after_event_fixture.hpp"

namespace moim::events {
namespace {

using testing::kStart;

// What a command prints for the PDF written to a temporary file ({} in the
// command is its path): poppler's pdftotext and pdfinfo, zbarimg.
std::string run_on_pdf(const std::string& pdf, const std::string& command) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("moim-badges-" + moim::testing::unique_suffix() + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  std::string line = command;
  for (std::size_t at; (at = line.find("{}")) != std::string::npos;)
    line.replace(at, 2, "'" + path.string() + "'");
  std::string out;
  if (FILE* pipe = popen((line + " 2>/dev/null").c_str(), "r")) {
    std::array<char, 4096> buffer{};
    std::size_t read = 0;
    while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      out.append(buffer.data(), read);
    pclose(pipe);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + ".png");
  return out;
}

std::string pdf_text(const std::string& pdf) {
  return run_on_pdf(pdf, "pdftotext -enc UTF-8 {} -");
}

int pdf_pages(const std::string& pdf) {
  std::smatch match;
  const std::string info = run_on_pdf(pdf, "pdfinfo {}");
  if (!std::regex_search(info, match, std::regex("Pages:\\s+(\\d+)"))) return -1;
  return std::stoi(match[1]);
}

std::vector<Badge> people(int count) {
  std::vector<Badge> badges;
  for (int index = 0; index < count; ++index) {
    badges.push_back({.name = "김철수" + std::to_string(index),
                      .ticket_type = "연사",
                      .community = "가짜연구소",
                      .ticket_code = "K7QX-M3P" + std::string(1, char('A' + index))});
  }
  return badges;
}

TEST(BadgeSheet, EightBadgesAPageWithTheKoreanTextReadable) {
  for (const int count : {1, 8, 9, 17}) {
    auto pdf = render_badges(people(count), "PseudoCon");
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    ASSERT_TRUE(pdf->starts_with("%PDF-"));
    EXPECT_EQ(pdf_pages(*pdf), (count + 7) / 8) << count;
    const std::string text = pdf_text(*pdf);
    for (int index = 0; index < count; ++index)
      EXPECT_NE(text.find("김철수" + std::to_string(index)), std::string::npos) << text;
    EXPECT_NE(text.find("연사"), std::string::npos);
    EXPECT_NE(text.find("가짜연구소"), std::string::npos);
    EXPECT_NE(text.find("K7QX-M3PA"), std::string::npos);
  }
  auto empty = render_badges({}, "PseudoCon");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(pdf_pages(*empty), 1);
}

TEST(BadgeSheet, TheQrCodesReadAsTheTicketCodes) {
  if (std::system("command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null") != 0)
    GTEST_SKIP() << "zbarimg or pdftoppm is not installed (scripts/install-deps.sh test)";
  auto pdf = render_badges(people(3), "PseudoCon");
  ASSERT_TRUE(pdf.ok());
  const std::string codes =
      run_on_pdf(*pdf, "pdftoppm -png -r 150 -singlefile {} {} && zbarimg -q --raw {}.png");
  for (const char* code : {"K7QX-M3PA", "K7QX-M3PB", "K7QX-M3PC"})
    EXPECT_NE(codes.find(code), std::string::npos) << codes;
}

class BadgesTest : public testing::AfterEventFixture {};

TEST_P(BadgesTest, OrganizersGetOneBadgePerConfirmedRegistration) {
  Event shown = event(kStart + 86400, 9);
  auto mine = events_->register_for(Caller{member_, std::nullopt}, "lab", shown.id, {});
  ASSERT_TRUE(mine.ok());
  for (int index = 0; index < 9; ++index) guest(shown.id, "guest" + std::to_string(index));
  // Ten people for nine seats: one waits, and gets no badge.
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations WHERE status = 'waitlisted'"), 1);
  EXPECT_EQ(after_->badges_pdf(member_, "lab", shown.id).error().http_status, 403);
  EXPECT_EQ(after_->badges_pdf(anonymous_, "lab", shown.id).error().http_status, 401);
  auto pdf = after_->badges_pdf(organizer_, "lab", shown.id);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf_pages(*pdf), 2);  // nine badges
  const std::string text = pdf_text(*pdf);
  EXPECT_NE(text.find("김철수"), std::string::npos) << text;
  EXPECT_NE(text.find(mine->registration.ticket_code), std::string::npos);
  EXPECT_NE(text.find("가짜연구소"), std::string::npos);
  EXPECT_EQ(text.find("guest8"), std::string::npos);  // the waitlisted one
}

INSTANTIATE_TEST_SUITE_P(Drivers, BadgesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
