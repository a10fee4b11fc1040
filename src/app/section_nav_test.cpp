#include "app/section_nav.hpp"

#include <gtest/gtest.h>

namespace moim::app {
namespace {

// Each community page lights up the section its room belongs to.
TEST(SectionOf, NamesTheSectionOfEachCommunityPage) {
  EXPECT_EQ(section_of("/c/lab"), "home");
  EXPECT_EQ(section_of("/c/lab?notice=joined"), "home");
  EXPECT_EQ(section_of("/c/lab/cohorts/7"), "academy");
  EXPECT_EQ(section_of("/c/lab/projects/12/applicants?page=2"), "academy");
  EXPECT_EQ(section_of("/c/lab/me"), "activity");
  EXPECT_EQ(section_of("/c/lab/deadlines/3"), "activity");
  EXPECT_EQ(section_of("/c/lab/coffee/1"), "coffee");
  EXPECT_EQ(section_of("/c/lab/mentoring/3/pairs/9"), "mentoring");
  EXPECT_EQ(section_of("/c/lab/wiki/12/history"), "wiki");
  EXPECT_EQ(section_of("/c/lab/events/7/door"), "events");
  EXPECT_EQ(section_of("/c/lab/members?page=2&q=kim"), "members");
  EXPECT_EQ(section_of("/c/lab/automation"), "settings");
  EXPECT_EQ(section_of("/c/lab/statistics"), "");
  EXPECT_EQ(section_of("/c/lab/membership"), "");
  EXPECT_EQ(section_of("/me"), "");
}

}  // namespace
}  // namespace moim::app
