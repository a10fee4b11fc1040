// The demo community `make run` shows: a living 가짜연구소 with an organizer,
// builders and members (all fictional), their growth stages and histories.
// The academy adds a past cohort, a recruiting one with ~160 applicants and a lab.
#pragma once

#include <string>
#include <vector>

#include "app/app.hpp"

namespace moim {

inline constexpr const char* kDemoSlug = "pseudolab-demo";
inline constexpr const char* kDemoPassword = "moim-demo-2026";
inline constexpr int kDemoApplicants = 160;  // fictional applicants to the recruiting cohort

struct DemoLogin {
  std::string role;
  std::string email;
};

struct DemoSummary {
  bool created = false;  // false: it was there already
  int people = 0;
  std::vector<DemoLogin> logins;
};

// Seeds the demo once; a second call changes nothing.
Result<DemoSummary> seed_demo(App& app);

}  // namespace moim
