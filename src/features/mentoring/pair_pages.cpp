// The routes of a pair's space: its page, its calendar file, and a POST for
// each of its forms (goals, a proposed session, an answer to one, a note,
// sharing a note, the check-in, the feedback). Every form works without
// JavaScript: it answers a redirect to the page with a notice, or the page
// again with the refusal beside the form and what was typed kept. Who may
// do what is the pair space's to say; a third person gets its 404.
#include <functional>

#include "features/mentoring/pair_forms.hpp"
#include "features/mentoring/pair_pages.hpp"
#include "features/mentoring/routes.hpp"

namespace moim::mentoring {

using namespace pages;

namespace {

// The notices the page shows after its forms (mentoring_notice_<name>).
const std::vector<std::string_view> kNotices = {
    "goals_saved", "session_proposed", "session_confirmed", "session_cancelled", "session_held",
    "note_added",  "note_shared",      "note_unshared",     "checked_in",        "feedback_given"};

struct PairWhere {
  std::string slug;
  std::int64_t program_id = 0;
  std::int64_t pair_id = 0;
};

PairWhere where_of(const http::Request& request) {
  return {request.param("slug"), id_param(request, "program"), id_param(request, "pair")};
}

// Signed out: the login page; not the pair's nor an organizer: the
// service's 404, as if the pair did not exist.
Result<PairSpace> space_of(PairSpaceService& spaces, const RequestContext& context,
                           const PairWhere& where) {
  if (!context.viewer.signed_in()) return Error::unauthenticated();
  if (where.program_id == 0 || where.pair_id == 0) return Error::not_found("no such pair");
  return spaces.space(context.viewer, where.slug, where.program_id, where.pair_id);
}

// Where on the page a form's outcome is: its section's id.
std::string_view section_of(std::string_view form) {
  if (form == "propose" || form == "answer") return "sessions";
  if (form == "note" || form == "share") return "notes";
  return form;  // goals, checkin, feedback
}

// One form of the page. `work` makes the change as `viewer` and names its
// notice; `typed` keeps what was typed when it is refused; `target` is the
// session or note a button was for (0: none).
using Work = std::function<Result<std::string>(const accounts::Viewer& viewer,
                                               const PairSpace& space, const Form& form)>;
using Typed = std::function<boost::json::object(const Form& form, const PairSpace& space)>;

http::Response pair_form(WebSession& session, PairSpaceService& spaces, http::Request& request,
                         std::string_view name, std::int64_t target, const Typed& typed,
                         const Work& work) {
  auto context = session.context(request);
  const auto form = request.form();
  if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
  const PairWhere where = where_of(request);
  auto space = space_of(spaces, context, where);
  if (!space) return session.refuse(context, space.error());
  // An organizer's page has no forms to come back to: refused outright,
  // as the service would refuse the change itself.
  if (!space->mine)
    return session.refuse(context,
                          Error::forbidden("only the pair's two people act in their space"));
  auto done = work(context.viewer, space.value(), form);
  if (!done) {
    if (!is_form_error(done.error())) return session.refuse(context, done.error());
    // A refused change changed nothing: the space just read is the page.
    return pair_page(
        session, context, space.value(), "",
        FailedForm{std::string(name), done.error(), typed(form, space.value()), target});
  }
  return http::Response::redirect(pair_path(where.slug, where.program_id, where.pair_id) +
                                  "?notice=" + done.value() + "#" + std::string(section_of(name)));
}

boost::json::object nothing_typed(const Form&, const PairSpace&) { return {}; }

// The service's answer as the notice a form redirects with.
template <class T>
Result<std::string> notice_of(const Result<T>& done, std::string notice) {
  if (!done) return done.error();
  return notice;
}

}  // namespace

// Everything these pages show comes from the pair space.
void add_pair_pages(http::Router& router, WebSession& session, PairSpaceService& spaces) {
  const std::string base = "/c/{slug}/mentoring/{program}/pairs/{pair}";

  router.get(base, [&](http::Request& request) {
    auto context = session.context(request);
    auto space = space_of(spaces, context, where_of(request));
    if (!space) return session.refuse(context, space.error());
    return pair_page(session, context, space.value(), notice_key(request, kNotices));
  });

  // The viewer's own calendar file: the confirmed and held sessions (a
  // cancelled one stays, marked cancelled, so calendars drop it).
  router.get(base + "/sessions.ics", [&](http::Request& request) {
    auto context = session.context(request);
    const PairWhere where = where_of(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (where.program_id == 0 || where.pair_id == 0)
      return session.refuse(context, Error::not_found("no such pair"));
    auto calendar = spaces.calendar(context.viewer, where.slug, where.program_id, where.pair_id);
    if (!calendar) return session.refuse(context, calendar.error());
    http::Response response =
        http::Response::text(200, calendar.value(), "text/calendar; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"mentoring-" +
                                                   std::to_string(where.pair_id) + ".ics\"");
    return response;
  });

  router.post(base + "/goals", [&](http::Request& request) {
    return pair_form(
        session, spaces, request, "goals", 0,
        [](const Form& form, const PairSpace&) { return goals_typed(form); },
        [&](const accounts::Viewer& viewer, const PairSpace& space,
            const Form& form) -> Result<std::string> {
          auto goals = goals_input(form);
          if (!goals) return goals.error();
          return notice_of(spaces.set_goals(viewer, space.program.community_slug, space.program.id,
                                            space.pair.id, goals.value()),
                           "goals_saved");
        });
  });

  // A time in the proposer's own zone; the other person confirms it.
  router.post(base + "/sessions", [&](http::Request& request) {
    return pair_form(
        session, spaces, request, "propose", 0,
        [](const Form& form, const PairSpace&) { return proposal_typed(form); },
        [&](const accounts::Viewer& viewer, const PairSpace& space,
            const Form& form) -> Result<std::string> {
          auto input = proposal_input(form, viewer_zone(space));
          if (!input) return input.error();
          return notice_of(spaces.propose(viewer, space.program.community_slug, space.program.id,
                                          space.pair.id, input->starts_at, input->minutes),
                           "session_proposed");
        });
  });

  router.post(base + "/sessions/{session}/answer", [&](http::Request& request) {
    const std::int64_t session_id = id_param(request, "session");
    return pair_form(session, spaces, request, "answer", session_id, nothing_typed,
                     [&](const accounts::Viewer& viewer, const PairSpace& space,
                         const Form& form) -> Result<std::string> {
                       if (session_id == 0) return Error::not_found("no such session");
                       auto action = answer_input(form);
                       if (!action) return action.error();
                       const std::string notice = action.value() == "confirm"  ? "session_confirmed"
                                                  : action.value() == "cancel" ? "session_cancelled"
                                                                               : "session_held";
                       return notice_of(
                           spaces.answer(viewer, space.program.community_slug, space.program.id,
                                         space.pair.id, session_id, action.value()),
                           notice);
                     });
  });

  router.post(base + "/notes", [&](http::Request& request) {
    return pair_form(
        session, spaces, request, "note", 0,
        [](const Form& form, const PairSpace&) { return note_typed(form); },
        [&](const accounts::Viewer& viewer, const PairSpace& space,
            const Form& form) -> Result<std::string> {
          auto input = note_input(form);
          if (!input) return input.error();
          return notice_of(
              spaces.add_note(viewer, space.program.community_slug, space.program.id, space.pair.id,
                              input->session_id, input->body, input->share),
              "note_added");
        });
  });

  // The viewer's own agreement; organizers read a note while both agree.
  router.post(base + "/notes/{note}/share", [&](http::Request& request) {
    const std::int64_t note_id = id_param(request, "note");
    return pair_form(session, spaces, request, "share", note_id, nothing_typed,
                     [&](const accounts::Viewer& viewer, const PairSpace& space,
                         const Form& form) -> Result<std::string> {
                       if (note_id == 0) return Error::not_found("no such note");
                       auto share = share_input(form);
                       if (!share) return share.error();
                       return notice_of(
                           spaces.share_note(viewer, space.program.community_slug, space.program.id,
                                             space.pair.id, note_id, share.value()),
                           share.value() ? "note_shared" : "note_unshared");
                     });
  });

  router.post(base + "/checkin", [&](http::Request& request) {
    return pair_form(
        session, spaces, request, "checkin", 0,
        [](const Form& form, const PairSpace&) { return checkin_typed(form); },
        [&](const accounts::Viewer& viewer, const PairSpace& space,
            const Form& form) -> Result<std::string> {
          auto input = checkin_input(form);
          if (!input) return input.error();
          return notice_of(
              spaces.check_in(viewer, space.program.community_slug, space.program.id, space.pair.id,
                              input->light, input->comment, input->wants_help),
              "checked_in");
        });
  });

  // The mentee's form has a box for each agreed goal; the mentor's none.
  router.post(base + "/feedback", [&](http::Request& request) {
    return pair_form(
        session, spaces, request, "feedback", 0,
        [](const Form& form, const PairSpace& space) {
          return feedback_typed(form, space.viewer_is_mentor ? 0 : space.goals.size());
        },
        [&](const accounts::Viewer& viewer, const PairSpace& space,
            const Form& form) -> Result<std::string> {
          auto input = feedback_input(form, space.goals.size(), !space.viewer_is_mentor);
          if (!input) return input.error();
          return notice_of(spaces.give_feedback(viewer, space.program.community_slug,
                                                space.program.id, space.pair.id, input->rating,
                                                input->comment, input->goals_reached),
                           "feedback_given");
        });
  });

  add_figures_pages(router, session, spaces);
}

}  // namespace moim::mentoring
