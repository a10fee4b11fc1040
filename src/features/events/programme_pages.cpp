// Programme pages: the call for talks (submit, my talks), the organizers'
// review list, the timetable editor (one small form per session), the public
// schedule (a day list by time, one column, so it reads on a 390 px phone)
// with stars, and the secret feed of starred sessions.
#include <map>

#include "features/events/images.hpp"
#include "features/events/page_helpers.hpp"
#include "features/events/programme_routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

using namespace pages;

namespace {

constexpr const char* kLevels[] = {"beginner", "intermediate", "advanced"};
constexpr const char* kKinds[] = {"talk", "booth", "demo", "hackathon", "break", "other"};
constexpr const char* kTiers[] = {"platinum", "gold", "silver", "bronze", "partner"};

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

boost::json::array choices(const WebSession& session, const RequestContext& context,
                           const std::string& prefix, std::initializer_list<const char*> values,
                           const std::string& chosen) {
  boost::json::array list;
  for (const char* value : values)
    list.push_back({{"value", value},
                    {"label", session.text(context, prefix + value)},
                    {"selected", chosen == value}});
  return list;
}

boost::json::object session_view(const WebSession& session, const RequestContext& context,
                                 const Session& item, const std::string& zone) {
  boost::json::array speakers;
  for (const auto& speaker : item.speakers)
    speakers.push_back(
        {{"id", speaker.id}, {"name", speaker.name}, {"bio", speaker.bio}, {"link", speaker.link}});
  const std::string kind(session_kind_name(item.kind));
  boost::json::object view{{"id", item.id},
                           {"title", item.title},
                           {"description", item.description},
                           {"kind", kind},
                           {"kind_label", session.text(context, "programme_kind_" + kind)},
                           {"is_break", item.kind == SessionKind::break_},
                           {"track", item.track},
                           {"speakers", speakers},
                           {"has_speakers", !speakers.empty()},
                           {"stars", item.stars},
                           {"starred", item.starred},
                           {"placed", item.starts_at.has_value()}};
  if (item.starts_at && item.ends_at) {
    view["time"] = format_local(*item.starts_at, zone, "%H:%M") + "–" +
                   format_local(*item.ends_at, zone, "%H:%M");
    view["starts_local"] = format_local(*item.starts_at, zone, "%Y-%m-%dT%H:%M");
    view["ends_local"] = format_local(*item.ends_at, zone, "%Y-%m-%dT%H:%M");
  }
  return view;
}

// Days, each a list of time slots holding the sessions that start then (the
// tracks side by side in a slot become a list on a phone).
boost::json::array day_list(const WebSession& session, const RequestContext& context,
                            const Programme& programme) {
  const std::string& zone = programme.event.time_zone;
  boost::json::array days;
  std::string day_key;
  std::int64_t slot_start = -1;
  for (const auto& item : programme.sessions) {
    if (!item.starts_at) continue;
    const std::string key = format_local(*item.starts_at, zone, "%Y-%m-%d");
    if (key != day_key) {
      days.push_back({{"label", when(session, context, *item.starts_at, zone).substr(0, 16)},
                      {"slots", boost::json::array()}});
      day_key = key;
      slot_start = -1;
    }
    auto& slots = days.back().as_object()["slots"].as_array();
    if (*item.starts_at != slot_start) {
      slots.push_back({{"time", format_local(*item.starts_at, zone, "%H:%M")},
                       {"sessions", boost::json::array()}});
      slot_start = *item.starts_at;
    }
    slots.back().as_object()["sessions"].as_array().push_back(
        session_view(session, context, item, zone));
  }
  return days;
}

// The uploaded logo for a template, or null: then the name stands alone. (A
// typed logo_url is not shown: the pages' Content-Security-Policy allows
// images of this site only, so a logo is uploaded.)
boost::json::value sponsor_logo_view(const Event& event, const Sponsor& sponsor) {
  if (!sponsor.logo) return nullptr;
  return boost::json::object{
      {"url", event_image_path(event.community_slug, event.id, *sponsor.logo)},
      {"width", sponsor.logo->width},
      {"height", sponsor.logo->height}};
}

boost::json::array sponsor_tiers(const WebSession& session, const RequestContext& context,
                                 const Programme& programme) {
  boost::json::array tiers;
  for (const char* tier : kTiers) {
    boost::json::array sponsors;
    for (const auto& sponsor : programme.sponsors) {
      if (sponsor_tier_name(sponsor.tier) == tier)
        sponsors.push_back({{"id", sponsor.id},
                            {"name", sponsor.name},
                            {"logo", sponsor_logo_view(programme.event, sponsor)},
                            {"link", sponsor.link}});
    }
    if (!sponsors.empty())
      tiers.push_back({{"tier", tier},
                       {"label", session.text(context, std::string("programme_tier_") + tier)},
                       {"sponsors", sponsors}});
  }
  return tiers;
}

boost::json::object talk_view(const WebSession& session, const RequestContext& context,
                              const Talk& talk) {
  const std::string status(talk_status_name(talk.status));
  return {{"id", talk.id},
          {"title", talk.title},
          {"abstract", talk.abstract},
          {"bio", talk.bio},
          {"speaker", talk.speaker_name},
          {"minutes", talk.minutes},
          {"level_label",
           session.text(context, "programme_level_" + std::string(talk_level_name(talk.level)))},
          {"status", status},
          {"status_label", session.text(context, "programme_talk_" + status)},
          {"open",
           talk.status == TalkStatus::submitted || talk.status == TalkStatus::changes_requested},
          {"review_note", talk.review_note}};
}

bool page_error(const Error& error) {
  // Input and state problems stay on the page; the rest is an error page.
  return error.http_status == 400 || error.http_status == 409 || error.http_status == 422 ||
         (error.http_status == 404 && !error.field.empty());
}

// The call for talks: my talks and the form, `values` as typed.
http::Response talks_page(WebSession& session, ProgrammeService& programme,
                          const RequestContext& context, const std::string& slug,
                          std::int64_t event_id, int status, boost::json::object values,
                          std::optional<Error> error, const std::string& notice = "") {
  if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
  auto shown = programme.programme(context.viewer, slug, event_id);
  if (!shown) return session.refuse(context, shown.error());
  auto mine = programme.talks(context.viewer, slug, event_id, false);
  if (!mine) return session.refuse(context, mine.error());
  boost::json::array talks;
  for (const auto& talk : mine.value()) talks.push_back(talk_view(session, context, talk));
  const std::string level =
      values["level"].is_string() ? std::string(values["level"].as_string()) : "beginner";
  boost::json::object data{
      {"event", event_view(session, context, shown->event, Clock().now_seconds())},
      {"talks", talks},
      {"values", std::move(values)},
      {"levels",
       choices(session, context, "programme_level_", {kLevels[0], kLevels[1], kLevels[2]}, level)}};
  if (error) mark_error(data, session, context, *error);
  return session.page(
      context, status, "events/talks", std::move(data),
      {.title = session.text(context, "programme_talks_title") + " · " + shown->event.title,
       .notice_key = notice});
}

http::Response review_page(WebSession& session, ProgrammeService& programme,
                           const RequestContext& context, const std::string& slug,
                           std::int64_t event_id, int status, std::optional<Error> error,
                           std::int64_t failed_talk = 0, const std::string& typed_note = "") {
  auto shown = programme.programme(context.viewer, slug, event_id);
  if (!shown) return session.refuse(context, shown.error());
  auto all = programme.talks(context.viewer, slug, event_id, true);
  if (!all) return session.refuse(context, all.error());
  boost::json::array talks;
  for (const auto& talk : all.value()) {
    auto view = talk_view(session, context, talk);
    if (error && talk.id == failed_talk) {
      mark_error(view, session, context, *error);
      view["typed_note"] = typed_note;
    }
    talks.push_back(std::move(view));
  }
  return session.page(
      context, status, "events/review",
      {{"event", event_view(session, context, shown->event, Clock().now_seconds())},
       {"talks", talks},
       {"none", talks.empty()}},
      {.title = session.text(context, "programme_review_title") + " · " + shown->event.title});
}

// The timetable editor; after a failed form, that form keeps what was typed
// (`typed`, for the session `failed_session`, 0 for the new one).
http::Response timetable_page(WebSession& session, ProgrammeService& programme,
                              const RequestContext& context, const std::string& slug,
                              std::int64_t event_id, int status, std::optional<Error> error,
                              std::string failed_form = "", boost::json::object typed = {}) {
  auto shown = programme.programme(context.viewer, slug, event_id);
  if (!shown) return session.refuse(context, shown.error());
  if (!shown->manages) return session.refuse(context, Error::forbidden());
  auto speakers = programme.speakers(context.viewer, slug, event_id);
  if (!speakers) return session.refuse(context, speakers.error());
  const std::string& zone = shown->event.time_zone;
  auto speaker_options = [&](std::int64_t chosen) {
    boost::json::array list;
    for (const auto& speaker : speakers.value())
      list.push_back(
          {{"id", speaker.id}, {"name", speaker.name}, {"selected", speaker.id == chosen}});
    return list;
  };
  auto form_of = [&](boost::json::object view, const std::string& form_name,
                     std::int64_t first_speaker, std::int64_t second_speaker) {
    std::string kind = view["kind"].is_string() ? std::string(view["kind"].as_string()) : "talk";
    if (error && form_name == failed_form) {
      for (auto& [key, value] : typed) view[key] = value;
      kind = std::string(typed["kind"].as_string());
      mark_error(view, session, context, *error);
    }
    view["form"] = form_name;
    view["kinds"] =
        choices(session, context, "programme_kind_",
                {kKinds[0], kKinds[1], kKinds[2], kKinds[3], kKinds[4], kKinds[5]}, kind);
    view["speakers_1"] = speaker_options(first_speaker);
    view["speakers_2"] = speaker_options(second_speaker);
    return view;
  };
  boost::json::array sessions;
  sessions.push_back(form_of({{"kind", "talk"}}, "new-session", 0, 0));
  for (const auto& item : shown->sessions) {
    auto view = session_view(session, context, item, zone);
    sessions.push_back(form_of(std::move(view), "session-" + std::to_string(item.id),
                               item.speakers.size() > 0 ? item.speakers[0].id : 0,
                               item.speakers.size() > 1 ? item.speakers[1].id : 0));
  }
  boost::json::object data{
      {"event", event_view(session, context, shown->event, Clock().now_seconds())},
      {"forms", sessions},
      {"speakers", speaker_options(0)},
      {"sponsor_tiers", sponsor_tiers(session, context, *shown)},
      {"tiers", choices(session, context, "programme_tier_",
                        {kTiers[0], kTiers[1], kTiers[2], kTiers[3], kTiers[4]}, "gold")}};
  for (const char* form_name : {"speaker", "sponsor"}) {
    boost::json::object view;
    if (error && failed_form == form_name) {
      view = typed;
      mark_error(view, session, context, *error);
    }
    data[std::string(form_name) + "_form"] = view;
  }
  return session.page(
      context, status, "events/timetable", std::move(data),
      {.title = session.text(context, "programme_timetable_title") + " · " + shown->event.title});
}

Result<SessionInput> session_input(const std::map<std::string, std::string>& form,
                                   const std::string& zone) {
  auto kind = parse_session_kind(field(form, "kind"));
  if (!kind) return Error::invalid("kind", "kind is not one of the choices");
  SessionInput input{.title = field(form, "title"),
                     .description = field(form, "description"),
                     .kind = *kind,
                     .track = field(form, "track")};
  for (auto [target, name] :
       {std::pair{&input.starts_at, "starts_at"}, std::pair{&input.ends_at, "ends_at"}}) {
    const std::string text = web::trim(field(form, name));
    if (text.empty()) continue;
    auto local = text.size() <= 20 ? parse_local(text, zone) : std::nullopt;
    if (!local) return Error::invalid(name, std::string(name) + " must be a date and time");
    *target = *local;
  }
  web::Fields fields(form);
  for (const char* name : {"speaker_1", "speaker_2"}) {
    if (field(form, name).empty()) continue;
    auto id = fields.optional_integer(name, 1, INT64_MAX);
    if (!id || !id->has_value()) return Error::invalid("speaker_ids", "pick a listed speaker");
    input.speaker_ids.push_back(**id);
  }
  return input;
}

boost::json::object typed_session(const std::map<std::string, std::string>& form) {
  boost::json::object typed;
  for (const char* name : {"title", "description", "kind", "track"})
    typed[name] = field(form, name);
  typed["starts_local"] = field(form, "starts_at");
  typed["ends_local"] = field(form, "ends_at");
  return typed;
}

}  // namespace

boost::json::object programme_summary(const WebSession& session, const RequestContext& context,
                                      const Programme& programme) {
  return {{"schedule", event_path(programme.event) + "/schedule"},
          {"has_sessions", !programme.sessions.empty()},
          {"sponsor_tiers", sponsor_tiers(session, context, programme)},
          {"has_sponsors", !programme.sponsors.empty()},
          {"manages", programme.manages}};
}

void add_programme_pages(http::Router& router, WebSession& session, ProgrammeService& programme) {
  router.get("/c/{slug}/events/{event}/schedule", [&](http::Request& request) {
    auto context = session.context(request);
    auto shown =
        programme.programme(context.viewer, request.param("slug"), id_param(request, "event"));
    if (!shown) return session.refuse(context, shown.error());
    auto days = day_list(session, context, shown.value());
    return session.page(
        context, 200, "events/schedule",
        {{"event", event_view(session, context, shown->event, Clock().now_seconds())},
         {"days", days},
         {"empty", days.empty()},
         {"sponsor_tiers", sponsor_tiers(session, context, shown.value())},
         {"has_sponsors", !shown->sponsors.empty()},
         {"signed_in", context.viewer.signed_in()},
         {"manages", shown->manages}},
        {.title = session.text(context, "programme_schedule_title") + " · " + shown->event.title});
  });

  // A star from the schedule: back to the same session on the page.
  router.post("/c/{slug}/events/{event}/schedule/{session}/star", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    const std::int64_t session_id = id_param(request, "session");
    auto starred =
        programme.star(context.viewer, slug, event_id, session_id, field(form, "starred") != "0");
    if (!starred) return session.refuse(context, starred.error());
    return http::Response::redirect(event_path(slug, event_id) + "/schedule#session-" +
                                    std::to_string(session_id));
  });

  router.post("/c/{slug}/events/{event}/starred-feed", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto url = programme.star_feed_url(context.viewer, slug, event_id);
    if (!url) return session.refuse(context, url.error());
    auto shown = programme.programme(context.viewer, slug, event_id);
    if (!shown) return session.refuse(context, shown.error());
    auto response = session.page(
        context, 200, "events/schedule",
        {{"event", event_view(session, context, shown->event, Clock().now_seconds())},
         {"days", day_list(session, context, shown.value())},
         {"sponsor_tiers", sponsor_tiers(session, context, shown.value())},
         {"has_sponsors", !shown->sponsors.empty()},
         {"signed_in", true},
         {"manages", shown->manages},
         {"feed_url", url.value()}},
        {.title = session.text(context, "programme_schedule_title") + " · " + shown->event.title});
    response.set_header("Cache-Control", "no-store");
    return response;
  });

  // The secret feed calendar apps subscribe to; {token} keeps it out of the log.
  router.get("/c/{slug}/events/{event}/starred/{token}", [&](http::Request& request) {
    std::string token = request.param("token");
    if (token.ends_with(".ics")) token.resize(token.size() - 4);
    auto feed = programme.star_feed(token);
    if (!feed) {
      const bool missing = feed.error().http_status == 404;
      return http::Response::text(missing ? 404 : 500,
                                  missing ? "no such calendar\n" : "calendar unavailable\n");
    }
    return http::Response::text(200, feed.value(), "text/calendar; charset=utf-8");
  });

  router.get("/c/{slug}/events/{event}/talks", [&](http::Request& request) {
    auto context = session.context(request);
    return talks_page(session, programme, context, request.param("slug"),
                      id_param(request, "event"), 200, {{"level", "beginner"}, {"minutes", "30"}},
                      std::nullopt,
                      request.query_param("sent") == "1" ? "programme_talk_sent" : "");
  });

  router.post("/c/{slug}/events/{event}/talks", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    TalkInput input{.title = field(form, "title"),
                    .abstract = field(form, "abstract"),
                    .bio = field(form, "bio")};
    for (int index = 0; index < 3; ++index) {
      if (field(form, "level") == kLevels[index]) input.level = static_cast<TalkLevel>(index);
    }
    web::Fields fields(form);
    auto minutes = fields.optional_integer("minutes", 5, 240);
    Result<Talk> sent = Error::invalid("minutes", "minutes must be between 5 and 240");
    if (minutes && minutes->has_value()) {
      input.minutes = static_cast<int>(**minutes);
      sent = programme.submit_talk(context.viewer, slug, event_id, input);
    }
    if (!sent) {
      if (!page_error(sent.error())) return session.refuse(context, sent.error());
      boost::json::object typed;
      for (const char* name : {"title", "abstract", "level", "minutes", "bio"})
        typed[name] = field(form, name);
      return talks_page(session, programme, context, slug, event_id, sent.error().http_status,
                        std::move(typed), sent.error());
    }
    return http::Response::redirect(event_path(slug, event_id) + "/talks?sent=1");
  });

  router.get("/c/{slug}/events/{event}/talks/review", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    return review_page(session, programme, context, request.param("slug"),
                       id_param(request, "event"), 200, std::nullopt);
  });

  router.post("/c/{slug}/events/{event}/talks/{talk}/review", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    const std::int64_t talk_id = id_param(request, "talk");
    const std::string choice = field(form, "decision");
    std::optional<Decision> decision;
    if (choice == "accept") decision = Decision::accept;
    if (choice == "decline") decision = Decision::decline;
    if (choice == "request_changes") decision = Decision::request_changes;
    Result<Talk> reviewed = decision ? programme.review(context.viewer, slug, event_id, talk_id,
                                                        *decision, field(form, "note"))
                                     : Result<Talk>(Error::invalid("decision", "pick a decision"));
    if (!reviewed) {
      if (!page_error(reviewed.error())) return session.refuse(context, reviewed.error());
      return review_page(session, programme, context, slug, event_id, reviewed.error().http_status,
                         reviewed.error(), talk_id, field(form, "note"));
    }
    return http::Response::redirect(event_path(slug, event_id) + "/talks/review#talk-" +
                                    std::to_string(talk_id));
  });

  router.get("/c/{slug}/events/{event}/timetable", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    return timetable_page(session, programme, context, request.param("slug"),
                          id_param(request, "event"), 200, std::nullopt);
  });

  // Sessions: new ("new"), change (an id), remove; speakers; sponsors.
  router.post("/c/{slug}/events/{event}/timetable/{item}", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    const std::string item = request.param("item");
    const std::string action = field(form, "action");
    auto zone = programme.programme(context.viewer, slug, event_id);
    if (!zone) return session.refuse(context, zone.error());
    const std::string& time_zone = zone->event.time_zone;
    Status done = ok_status();
    std::string form_name;
    boost::json::object typed;
    if (item == "speakers") {
      form_name = "speaker";
      typed = {{"name", field(form, "name")},
               {"bio", field(form, "bio")},
               {"link", field(form, "link")}};
      auto added = programme.add_speaker(
          context.viewer, slug, event_id,
          {.name = field(form, "name"), .bio = field(form, "bio"), .link = field(form, "link")});
      if (!added) done = added.error();
    } else if (item == "sponsors") {
      form_name = "sponsor";
      typed = {{"name", field(form, "name")}, {"link", field(form, "link")}};
      std::optional<SponsorTier> tier;
      for (int index = 0; index < 5; ++index) {
        if (field(form, "tier") == kTiers[index]) tier = static_cast<SponsorTier>(index);
      }
      // The logo file comes as base64 (web/static/moim.js); it is not typed
      // back into the form after a refusal: the file is chosen again.
      const std::string logo_text = field(form, "logo_image_base64");
      auto logo = logo_text.empty()
                      ? Result<std::string>(std::string())
                      : images::decode_base64(logo_text, "logo_image_base64", kMaxSponsorLogoBytes);
      if (!tier) {
        done = Error::invalid("tier", "tier is not one of the choices");
      } else if (!logo) {
        done = logo.error();
      } else if (auto added = programme.add_sponsor(context.viewer, slug, event_id,
                                                    {.name = field(form, "name"),
                                                     .tier = *tier,
                                                     .link = field(form, "link"),
                                                     .logo_image = std::move(logo.value())});
                 !added) {
        done = added.error();
      }
      if (!done && done.error().field == "logo_image_base64") {
        Error error = done.error();
        error.field = "logo_image";  // the file input the page marks
        done = error;
      }
    } else if (item.starts_with("sponsor-") && action == "remove") {
      request.path_params["sponsor"] = item.substr(8);
      done = programme.remove_sponsor(context.viewer, slug, event_id, id_param(request, "sponsor"));
    } else {
      const bool fresh = item == "new";
      request.path_params["session"] = item;
      const std::int64_t session_id = fresh ? 0 : id_param(request, "session");
      if (!fresh && session_id == 0) return session.refuse(context, Error::not_found());
      form_name = fresh ? "new-session" : "session-" + item;
      typed = typed_session(form);
      if (action == "remove") {
        done = programme.delete_session(context.viewer, slug, event_id, session_id);
      } else {
        auto input = session_input(form, time_zone);
        Result<Session> saved =
            !input  ? Result<Session>(input.error())
            : fresh ? programme.create_session(context.viewer, slug, event_id, input.value())
                    : programme.update_session(context.viewer, slug, event_id, session_id,
                                               input.value());
        if (!saved) done = saved.error();
      }
    }
    if (!done) {
      if (!page_error(done.error())) return session.refuse(context, done.error());
      return timetable_page(session, programme, context, slug, event_id, done.error().http_status,
                            done.error(), form_name, std::move(typed));
    }
    return http::Response::redirect(event_path(slug, event_id) + "/timetable?saved=1");
  });
}

}  // namespace moim::events
