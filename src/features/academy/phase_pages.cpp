// Driving a cohort's phases from the pages (issue #12): a template that
// fills the six windows from a start date, and "start the next phase now".
#include <chrono>
#include <cstdio>

#include "features/academy/routes.hpp"

namespace moim::academy {

namespace {

// The usual rhythm of a volunteer cohort, in days: proposals 2 weeks,
// recruiting 2 weeks, selection 1 week, running (8-10 weeks, chosen),
// wrap-up 2 weeks, then 4 weeks "closed" for certificates and the archive.
constexpr int kProposalDays = 14, kRecruitingDays = 14, kSelectionDays = 7, kWrapUpDays = 14,
              kClosedDays = 28;

std::string local_midnight(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  char text[24];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT00:00", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace

Result<boost::json::array> phase_template(const std::string& start_date, int running_weeks) {
  int year = 0;
  unsigned month = 0, day = 0;
  char tail = 0;
  if (start_date.size() != 10 ||
      std::sscanf(start_date.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return Error::invalid("template_start", "template_start must be a date, YYYY-MM-DD");
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok() || year < 2000 || year > 2100)
    return Error::invalid("template_start", "template_start must be a date, YYYY-MM-DD");
  if (running_weeks < kMinRunningWeeks || running_weeks > kMaxRunningWeeks)
    return Error::invalid("template_weeks", "template_weeks must be 8 to 10");
  const int lengths[] = {kProposalDays,     kRecruitingDays, kSelectionDays,
                         running_weeks * 7, kWrapUpDays,     kClosedDays};
  boost::json::array phases;
  std::chrono::sys_days at{date};
  for (std::size_t idx = 0; idx < kAllPhases.size(); ++idx) {
    const auto ends = at + std::chrono::days{lengths[idx]};
    phases.push_back({{"phase", phase_name(kAllPhases[idx])},
                      {"starts", local_midnight(at)},
                      {"ends", local_midnight(ends)}});
    at = ends;
  }
  return phases;
}

void add_phase_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy) {
  // The cohort page asks for confirmation first (a disclosure with the
  // phase that ends and the one that starts); this is its submit.
  router.post("/c/{slug}/cohorts/{cohort}/next-phase", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    auto moved =
        academy.start_next_phase(context.viewer, request.param("slug"), request.param("cohort"));
    if (!moved) return session.form_failed(request, context, moved.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" + moved->key +
                                    "?notice=phase_started");
  });
}

}  // namespace moim::academy
