// The members' mentoring pages: a community's programs, one program (what it
// is, where the viewer stands, their announced pairs), and the mentor's
// offer and the mentee's application forms (a pair's page is
// pair_pages.cpp's). Every form works
// without JavaScript: a POST answers a redirect with a notice, or the same
// form again with the field at fault marked and what was typed kept.
#include <algorithm>

#include "features/mentoring/forms.hpp"
#include "features/mentoring/pages.hpp"
#include "features/mentoring/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::mentoring {

using namespace pages;

namespace {

constexpr std::string_view kOfferFields[] = {"capacity",     "languages", "topics",   "time_zone",
                                             "availability", "bio",       "help_with"};
constexpr std::string_view kApplicationFields[] = {"goals",     "languages",    "topics",
                                                   "time_zone", "availability", "ranking"};

struct Where {
  std::string slug;
  std::int64_t program_id = 0;
};

Where where_of(const http::Request& request) {
  return {request.param("slug"), id_param(request, "program")};
}

// The program a form is about, after the checks every form page shares.
Result<Program> program_of(MentoringService& mentoring, const RequestContext& context,
                           const Where& where) {
  if (!context.viewer.signed_in()) return Error::unauthenticated();
  if (where.program_id == 0) return Error::not_found("no such program");
  return mentoring.program(context.viewer, where.slug, where.program_id);
}

// The viewer's standing in the program a form is sent to: whether they
// make a sign-up or change the one they have.
Result<Standing> standing_of(MentoringService& mentoring, const RequestContext& context,
                             const Where& where) {
  auto program = program_of(mentoring, context, where);
  if (!program) return program.error();
  return mentoring.standing(context.viewer, program.value());
}

// A checkbox per word of the program's list ("languages_0", ...): people
// pick from the organizers' words, so the matcher compares like with like.
// Words chosen before stay as boxes even if the list dropped them since;
// with no list and nothing chosen, the field is not shown at all.
boost::json::object word_field(const std::string& name, const std::vector<std::string>& listed,
                               const boost::json::value& chosen_value) {
  std::vector<std::string> chosen;
  if (chosen_value.is_array())
    for (const auto& word : chosen_value.as_array())
      if (word.is_string()) chosen.emplace_back(word.as_string());
  std::vector<std::string> shown = listed;
  for (const auto& word : chosen)
    if (std::find(shown.begin(), shown.end(), word) == shown.end()) shown.push_back(word);
  boost::json::array boxes;
  for (std::size_t index = 0; index < shown.size(); ++index) {
    const bool checked = std::find(chosen.begin(), chosen.end(), shown[index]) != chosen.end();
    boxes.push_back(boost::json::object{{"name", name + "_" + std::to_string(index)},
                                        {"word", shown[index]},
                                        {"checked", checked}});
  }
  return {{"shown", !shown.empty()}, {"boxes", std::move(boxes)}};
}

// A sign-up the viewer has and may change (change_*); a withdrawn one is
// made again (offer, apply).
bool live_offer(const Standing& standing) {
  return standing.offer && standing.offer->status != Review::withdrawn;
}
bool live_application(const Standing& standing) {
  return standing.application && standing.application->status != Review::withdrawn;
}

// Where the viewer's hours are best shown by default: the zone they gave in
// this program already (as mentor or mentee), else the community's.
std::string viewer_zone(const Standing& standing, const Program& program) {
  if (standing.offer) return standing.offer->profile.time_zone;
  if (standing.application) return standing.application->profile.time_zone;
  return program.time_zone;
}

boost::json::object sign_up_view(const WebSession& session, const RequestContext& context,
                                 const Program& program, Review status, const std::string& reason,
                                 const Profile& profile, const std::vector<Interval>& hours) {
  return {{"status", std::string(review_name(status))},
          {"status_label", status_text(session, context, status)},
          {"reason", reason},
          {"pending", status == Review::pending},
          {"accepted", status == Review::accepted},
          {"declined", status == Review::declined},
          {"withdrawn", status == Review::withdrawn},
          {"may_change",
           (status == Review::pending || status == Review::accepted) && program.signups_open()},
          {"may_withdraw",
           (status == Review::pending || status == Review::accepted) && !program.announced_run_id},
          {"languages", joined(profile.languages)},
          {"topics", joined(profile.topics)},
          {"time_zone", profile.time_zone},
          {"hours", texts(describe_hours(hours, profile.time_zone, hours_instant(program),
                                         context.language))}};
}

http::Response list_page(WebSession& session, MentoringService& mentoring,
                         const RequestContext& context, const std::string& slug) {
  auto programs = mentoring.programs(context.viewer, slug);
  if (!programs) return session.refuse(context, programs.error());
  // Visitors and members who do not organize simply get no "new" link.
  auto organizer = mentoring.may_organize(context.viewer, slug);
  boost::json::array items;
  for (const auto& program : programs.value())
    items.push_back(program_view(session, context, program));
  return session.page(context, 200, "mentoring/programs",
                      {{"list_path", list_path(slug)},
                       {"programs", std::move(items)},
                       {"none", programs->empty()},
                       {"can_organize", organizer && organizer.value()}},
                      {.title = session.text(context, "mentoring_title")});
}

// `problem`: a refused button on this page (withdrawing), shown at the top.
http::Response program_page(WebSession& session, MentoringService& mentoring,
                            const RequestContext& context, const Where& where,
                            const std::string& notice, std::optional<Error> problem = {}) {
  if (where.program_id == 0) return session.refuse(context, Error::not_found("no such program"));
  auto program = mentoring.program(context.viewer, where.slug, where.program_id);
  if (!program) return session.refuse(context, program.error());
  const std::string path = program_path(where.slug, where.program_id);
  boost::json::object data{{"list_path", list_path(where.slug)},
                           {"program", program_view(session, context, program.value())},
                           {"path", path},
                           {"signed_in", context.viewer.signed_in()}};
  if (!context.viewer.signed_in()) {
    data["login_path"] = "/login?next=" + http::percent_encode(path);
  } else {
    auto standing = mentoring.standing(context.viewer, program.value());
    if (!standing) return session.refuse(context, standing.error());
    const bool anyone = program->audience == Audience::anyone;
    const bool may_sign_up =
        program->signups_open() && (standing->member || standing->organizer || anyone);
    data["organizer"] = standing->organizer;
    data["members_only"] = !standing->member && !standing->organizer && !anyone;
    data["community_path"] = "/c/" + where.slug;
    // A withdrawn sign-up may be made again.
    data["may_offer"] =
        may_sign_up && (!standing->offer || standing->offer->status == Review::withdrawn);
    data["may_apply"] = may_sign_up && (!standing->application ||
                                        standing->application->status == Review::withdrawn);
    if (standing->unmatched_reason) {
      const std::string key = "mentoring_unmatched_" + *standing->unmatched_reason;
      data["unmatched_reason"] = session.catalog().strings(context.language).contains(key)
                                     ? session.text(context, key)
                                     : *standing->unmatched_reason;
    }
    if (const auto& offer = standing->offer) {
      boost::json::object view = sign_up_view(session, context, program.value(), offer->status,
                                              offer->review_reason, offer->profile, offer->hours);
      view["capacity"] = offer->capacity;
      data["offer"] = std::move(view);
    }
    if (const auto& application = standing->application) {
      boost::json::object view =
          sign_up_view(session, context, program.value(), application->status,
                       application->review_reason, application->profile, application->hours);
      view["goals"] = texts(application->goals);
      data["application"] = std::move(view);
    }
    boost::json::array pairs;
    const std::int64_t me = context.viewer.user_id();
    for (const auto& pair : standing->pairs) {
      const bool mentor = pair.mentor.user_id == me;
      pairs.push_back(boost::json::object{
          {"path", pair_path(where.slug, where.program_id, pair.id)},
          {"other", mentor ? pair.mentee.display_name : pair.mentor.display_name},
          {"role_label",
           session.text(context, mentor ? "mentoring_you_mentor" : "mentoring_your_mentor")}});
    }
    data["has_pairs"] = !pairs.empty();
    data["pairs"] = std::move(pairs);
  }
  if (problem) mark_error(data, session, context, *problem, {});
  return session.page(context, problem ? problem->http_status : 200, "mentoring/program",
                      std::move(data),
                      {.title = program->name + " · " + session.text(context, "mentoring_title"),
                       .notice_key = notice});
}

// The mentor's form: the offer as stored, or `typed` after a refusal.
http::Response offer_page(WebSession& session, MentoringService& mentoring,
                          const RequestContext& context, const Where& where,
                          std::optional<boost::json::object> typed, std::optional<Error> error) {
  auto program = program_of(mentoring, context, where);
  if (!program) return session.refuse(context, program.error());
  auto standing = mentoring.standing(context.viewer, program.value());
  if (!standing) return session.refuse(context, standing.error());
  const bool changing = live_offer(*standing);
  boost::json::object values = typed      ? std::move(*typed)
                               : changing ? offer_values(*standing->offer)
                                          : offer_defaults(viewer_zone(*standing, *program));
  const std::string path = program_path(where.slug, where.program_id);
  boost::json::object data{
      {"program", program_view(session, context, program.value())},
      {"path", path},
      {"action", path + "/offer"},
      {"changing", changing},
      {"may_submit", program->signups_open()},
      {"language_field", word_field("languages", program->languages, values["languages"])},
      {"topic_field", word_field("topics", program->topics, values["topics"])},
      {"zones", zone_options(text_of(values, "time_zone"))},
      {"capacity_max", kMaxCapacity}};
  data["values"] = std::move(values);
  if (error) mark_error(data, session, context, *error, fields_of(kOfferFields), "signup");
  return session.page(
      context, error ? error->http_status : 200, "mentoring/offer", std::move(data),
      {.title = session.text(context, "mentoring_offer_title") + " · " + program->name});
}

// The mentee's form. The mentors' hours are shown in `cards_zone`: the zone
// asked for (?zone=), else the one typed or stored.
http::Response apply_page(WebSession& session, MentoringService& mentoring,
                          const RequestContext& context, const Where& where,
                          std::optional<boost::json::object> typed, std::optional<Error> error,
                          const std::string& asked_zone = "") {
  auto program = program_of(mentoring, context, where);
  if (!program) return session.refuse(context, program.error());
  auto standing = mentoring.standing(context.viewer, program.value());
  if (!standing) return session.refuse(context, standing.error());
  const bool changing = live_application(*standing);
  boost::json::object values = typed      ? std::move(*typed)
                               : changing ? application_values(*standing->application)
                                          : application_defaults(viewer_zone(*standing, *program));
  if (!typed && is_valid_time_zone(asked_zone)) values["time_zone"] = asked_zone;
  std::string cards_zone = text_of(values, "time_zone");
  if (!is_valid_time_zone(cards_zone)) cards_zone = program->time_zone;
  auto cards = mentoring.mentor_cards(context.viewer, where.slug, where.program_id, cards_zone,
                                      context.language);
  if (!cards) return session.refuse(context, cards.error());

  boost::json::array card_views;
  for (const auto& card : cards.value())
    card_views.push_back(boost::json::object{{"offer_id", card.offer_id},
                                             {"name", card.display_name},
                                             {"languages", joined(card.languages)},
                                             {"topics", joined(card.topics)},
                                             {"bio", card.bio},
                                             {"help_with", card.help_with},
                                             {"hours", texts(card.hours)},
                                             {"capacity", card.capacity}});
  // Five places, each a select of the mentors; the choice of each kept.
  std::vector<std::string> ranked;
  if (const auto* list = values.if_contains("ranking"); list != nullptr && list->is_array())
    for (const auto& id : list->as_array())
      if (id.is_string()) ranked.emplace_back(id.as_string());
  boost::json::array places;
  for (int place = 1; place <= allocation::mentoring::kMaxRanking; ++place) {
    const auto at = static_cast<std::size_t>(place - 1);
    const std::string chosen = at < ranked.size() ? ranked[at] : "";
    boost::json::array options;
    for (const auto& card : cards.value()) {
      const std::string id = std::to_string(card.offer_id);
      options.push_back(boost::json::object{
          {"value", id}, {"label", card.display_name}, {"selected", id == chosen}});
    }
    places.push_back(boost::json::object{
        {"name", "ranking_" + std::to_string(place)},
        {"label",
         fill(session.text(context, "mentoring_rank_place"), {{"{place}", std::to_string(place)}})},
        {"options", std::move(options)}});
  }
  const std::string path = program_path(where.slug, where.program_id);
  boost::json::object data{
      {"program", program_view(session, context, program.value())},
      {"path", path},
      {"action", path + "/apply"},
      {"changing", changing},
      {"may_submit", program->signups_open()},
      {"language_field", word_field("languages", program->languages, values["languages"])},
      {"topic_field", word_field("topics", program->topics, values["topics"])},
      {"zones", zone_options(text_of(values, "time_zone"))},
      {"cards_zone", cards_zone},
      {"cards_zones", zone_options(cards_zone)},
      {"cards", std::move(card_views)},
      {"no_cards", cards->empty()},
      {"places", std::move(places)}};
  data["values"] = std::move(values);
  if (error) mark_error(data, session, context, *error, fields_of(kApplicationFields), "signup");
  return session.page(
      context, error ? error->http_status : 200, "mentoring/apply", std::move(data),
      {.title = session.text(context, "mentoring_apply_title") + " · " + program->name});
}

}  // namespace

void add_member_pages(http::Router& router, WebSession& session, MentoringService& mentoring) {
  const std::string base = "/c/{slug}/mentoring/{program}";

  router.get("/c/{slug}/mentoring", [&](http::Request& request) {
    auto context = session.context(request);
    return list_page(session, mentoring, context, request.param("slug"));
  });

  router.get(base, [&](http::Request& request) {
    auto context = session.context(request);
    return program_page(session, mentoring, context, where_of(request),
                        notice_key(request, {"created", "saved", "offered", "applied",
                                             "offer_withdrawn", "application_withdrawn"}));
  });

  router.get(base + "/offer", [&](http::Request& request) {
    auto context = session.context(request);
    return offer_page(session, mentoring, context, where_of(request), std::nullopt, std::nullopt);
  });

  router.post(base + "/offer", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const Where where = where_of(request);
    auto input = offer_input(form);
    Result<Offer> saved = [&]() -> Result<Offer> {
      if (!input) return input.error();
      auto standing = standing_of(mentoring, context, where);
      if (!standing) return standing.error();
      return live_offer(*standing)
                 ? mentoring.change_offer(context.viewer, where.slug, where.program_id, *input)
                 : mentoring.offer(context.viewer, where.slug, where.program_id, *input);
    }();
    if (!saved) {
      if (!is_form_error(saved.error())) return session.refuse(context, saved.error());
      return offer_page(session, mentoring, context, where, offer_typed(form), saved.error());
    }
    return http::Response::redirect(program_path(where.slug, where.program_id) + "?notice=offered");
  });

  router.get(base + "/apply", [&](http::Request& request) {
    auto context = session.context(request);
    return apply_page(session, mentoring, context, where_of(request), std::nullopt, std::nullopt,
                      request.query_param("zone").value_or(""));
  });

  router.post(base + "/apply", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const Where where = where_of(request);
    auto input = application_input(form);
    Result<Application> saved = [&]() -> Result<Application> {
      if (!input) return input.error();
      auto standing = standing_of(mentoring, context, where);
      if (!standing) return standing.error();
      return live_application(*standing)
                 ? mentoring.change_application(context.viewer, where.slug, where.program_id,
                                                *input)
                 : mentoring.apply(context.viewer, where.slug, where.program_id, *input);
    }();
    if (!saved) {
      if (!is_form_error(saved.error())) return session.refuse(context, saved.error());
      return apply_page(session, mentoring, context, where, application_typed(form), saved.error());
    }
    return http::Response::redirect(program_path(where.slug, where.program_id) + "?notice=applied");
  });

  // Withdrawing either side: the program page again, with a notice or the
  // reason it could not be done.
  for (const bool mentor : {true, false}) {
    router.post(
        base + (mentor ? "/offer/withdraw" : "/apply/withdraw"),
        [&, mentor](http::Request& request) {
          auto context = session.context(request);
          const auto form = request.form();
          if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
          if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
          const Where where = where_of(request);
          auto done = mentoring.withdraw(context.viewer, where.slug, where.program_id, mentor);
          if (!done) {
            if (!is_form_error(done.error())) return session.refuse(context, done.error());
            return program_page(session, mentoring, context, where, "", done.error());
          }
          return http::Response::redirect(program_path(where.slug, where.program_id) + "?notice=" +
                                          (mentor ? "offer_withdrawn" : "application_withdrawn"));
        });
  }
}

}  // namespace moim::mentoring
