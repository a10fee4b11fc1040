// Small helpers the activity pages share: reading a form field, refusing an
// expired form, and resolving who is asking in which community and language.
#pragma once

#include <map>
#include <string>

#include "features/accounts/web_session.hpp"
#include "features/activity/activity_service.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity::pages {

inline std::string form_field(const std::map<std::string, std::string>& form,
                              const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

inline http::Response csrf_refused(accounts::WebSession& session,
                                   const accounts::RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

struct Where {
  accounts::RequestContext context;  // in the community's language when none was chosen
  communities::Community community;
  communities::Standing standing;
};

inline Result<Where> where_of(accounts::WebSession& session, ActivityService& activity,
                              const http::Request& request) {
  auto context = session.context(request);
  auto access = activity.academy().access(context.viewer, request.param("slug"));
  if (!access) return access.error();
  context = session.context(request, access->community.default_locale);
  return Where{std::move(context), access->community, access->standing};
}

// "2027-03-03 (수) 20:00": the weekday from the catalog, where strftime's
// "%a" would print English on a Korean page (issue #12).
inline std::string local_with_weekday(const accounts::WebSession& session,
                                      const accounts::RequestContext& context,
                                      std::int64_t utc_seconds, const std::string& zone) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string iso_day = format_local(utc_seconds, zone, "%u");  // 1 = Monday
  const int index =
      iso_day.size() == 1 && iso_day[0] >= '1' && iso_day[0] <= '7' ? iso_day[0] - '1' : 0;
  return format_local(utc_seconds, zone, "%Y-%m-%d") + " (" +
         session.text(context, std::string("day_") + kDays[index]) + ") " +
         format_local(utc_seconds, zone, "%H:%M");
}

// A page that shows a form's error in place: 400 with the translated message.
inline accounts::PageOptions with_error(accounts::WebSession& session,
                                        const accounts::RequestContext& context,
                                        const std::string& title, const Error* error,
                                        const std::string& notice_key = "") {
  return {.title = title,
          .notice_key = notice_key,
          .error_text = error ? session.error_text(context, *error) : std::string()};
}

}  // namespace moim::activity::pages
