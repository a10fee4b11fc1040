// The pair's page: its whole space as the viewer may see it (the service
// decides what that is), with the two people's forms, or none for an
// organizer reading it. Every time is shown in the viewer's zone and in the
// other person's, so neither has to convert. A refused form carries its
// message beside it and what was typed.
#include "features/mentoring/pair_forms.hpp"
#include "features/mentoring/pair_pages.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::mentoring::pages {

namespace {

constexpr std::string_view kGoalsFields[] = {"goals"};
constexpr std::string_view kProposeFields[] = {"starts_at", "minutes"};
constexpr std::string_view kNoteFields[] = {"body", "session_id"};
constexpr std::string_view kCheckinFields[] = {"light", "comment", "wants_help"};
constexpr std::string_view kFeedbackFields[] = {"rating", "comment", "goals_reached"};

// A zone times are shown in, and what the page calls it.
struct Shown {
  std::string zone;
  std::string label;
};

std::string zone_or(const std::string& zone, const std::string& fallback) {
  return is_valid_time_zone(zone) ? zone : fallback;
}

const Pair::Side& own_side(const PairSpace& space) {
  return space.viewer_is_mentor ? space.pair.mentor : space.pair.mentee;
}
const Pair::Side& other_side(const PairSpace& space) {
  return space.viewer_is_mentor ? space.pair.mentee : space.pair.mentor;
}

// The viewer's zone first, then the other person's; an organizer gets the
// community's, then each side's. A zone already listed is not repeated.
std::vector<Shown> shown_zones(const WebSession& session, const RequestContext& context,
                               const PairSpace& space) {
  std::vector<Shown> zones;
  const auto add = [&](const std::string& zone, std::string label) {
    for (const auto& shown : zones)
      if (shown.zone == zone) return;
    zones.push_back({zone, std::move(label)});
  };
  const auto side = [&](const Pair::Side& person) {
    add(zone_or(person.profile.time_zone, space.program.time_zone),
        fill(session.text(context, "mentoring_hours_of"), {{"{name}", person.display_name}}));
  };
  add(viewer_zone(space),
      session.text(context, space.mine ? "mentoring_hours_yours" : "mentoring_zone_community"));
  if (space.mine) {
    side(other_side(space));
  } else {
    side(space.pair.mentor);
    side(space.pair.mentee);
  }
  return zones;
}

// "2031-03-04 (화) 19:00–20:00", the end's day added when it is another.
std::string when_text(const WebSession& session, const RequestContext& context,
                      std::int64_t starts_at, int minutes, const std::string& zone) {
  const std::int64_t ends_at = starts_at + std::int64_t{minutes} * 60;
  const std::string day = format_local(starts_at, zone, "%Y-%m-%d");
  const bool same_day = format_local(ends_at, zone, "%Y-%m-%d") == day;
  return day + " (" +
         session.text(context, "mentoring_weekday_" + format_local(starts_at, zone, "%u")) + ") " +
         format_local(starts_at, zone, "%H:%M") + "–" +
         format_local(ends_at, zone, same_day ? "%H:%M" : "%m-%d %H:%M");
}

std::string name_of(const PairSpace& space, std::int64_t user_id) {
  return user_id == space.pair.mentor.user_id ? space.pair.mentor.display_name
                                              : space.pair.mentee.display_name;
}

std::string role_label(const WebSession& session, const RequestContext& context,
                       const PairSpace& space, std::int64_t user_id) {
  return session.text(context, user_id == space.pair.mentor.user_id ? "mentoring_role_mentor"
                                                                    : "mentoring_role_mentee");
}

// A form's part of the page: the values it shows (as stored, or as typed
// when it came back refused) and, refused, its message and marked field.
boost::json::object form_block(const WebSession& session, const RequestContext& context,
                               const std::optional<FailedForm>& failed, std::string_view name,
                               boost::json::object stored,
                               const std::vector<std::string_view>& fields) {
  boost::json::object block;
  const bool refused = failed && failed->name == name;
  block["values"] = refused ? failed->typed : std::move(stored);
  if (refused) mark_error(block, session, context, failed->error, fields);
  return block;
}

// A refused button of one session or note, shown beside it.
std::string item_error(const WebSession& session, const RequestContext& context,
                       const std::optional<FailedForm>& failed, std::string_view name,
                       std::int64_t id) {
  if (!failed || failed->name != name || failed->target != id) return "";
  return error_text(session, context, failed->error);
}

boost::json::object side_view(const WebSession& session, const RequestContext& context,
                              const Pair::Side& side, bool mentor, bool you) {
  // The hours as they typed them, a stretch a line, in their own zone.
  boost::json::array lines;
  std::string_view rest = side.profile.availability;
  while (!rest.empty()) {
    const std::size_t cut = rest.find('\n');
    std::string line = web::trim(rest.substr(0, cut));
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
    if (!line.empty()) lines.emplace_back(line);
  }
  return {{"name", side.display_name},
          {"role_label",
           session.text(context, mentor ? "mentoring_role_mentor" : "mentoring_role_mentee")},
          {"you", you},
          {"languages", joined(side.profile.languages)},
          {"topics", joined(side.profile.topics)},
          {"time_zone", side.profile.time_zone},
          {"availability", std::move(lines)},
          {"bio", side.bio},
          {"help_with", side.help_with}};
}

boost::json::array sessions_view(const WebSession& session, const RequestContext& context,
                                 const PairSpace& space, const std::vector<Shown>& zones,
                                 const std::string& path, std::int64_t now,
                                 const std::optional<FailedForm>& failed) {
  const std::int64_t me = context.viewer.user_id();
  boost::json::array items;
  for (const auto& one : space.sessions) {
    boost::json::array times;
    for (const auto& shown : zones)
      times.push_back(boost::json::object{
          {"label", shown.label},
          {"zone", shown.zone},
          {"text", when_text(session, context, one.starts_at, one.minutes, shown.zone)}});
    const bool proposed = one.status == SessionStatus::proposed;
    const bool to_come = proposed || one.status == SessionStatus::confirmed;
    // Who is to answer a proposed time: the one who did not propose it.
    std::string who;
    if (proposed && space.mine && one.proposed_by == me)
      who = fill(session.text(context, "mentoring_session_waiting"),
                 {{"{name}", other_side(space).display_name}});
    else if (proposed)
      who = fill(session.text(context, "mentoring_session_proposed_by"),
                 {{"{name}", name_of(space, one.proposed_by)}});
    // The buttons this viewer has now; the service checks each again.
    const bool may_confirm = space.mine && proposed && one.proposed_by != me && one.starts_at > now;
    const bool may_cancel = space.mine && to_come;
    const bool may_held =
        space.mine && one.status == SessionStatus::confirmed && one.starts_at <= now;
    items.push_back(boost::json::object{
        {"id", one.id},
        {"times", std::move(times)},
        {"minutes", one.minutes},
        {"status", std::string(session_status_name(one.status))},
        {"status_label", session.text(context, "mentoring_session_" +
                                                   std::string(session_status_name(one.status)))},
        {"who", who},
        {"may_confirm", may_confirm},
        {"may_cancel", may_cancel},
        {"may_held", may_held},
        {"may_answer", may_confirm || may_cancel || may_held},
        {"action", path + "/sessions/" + std::to_string(one.id) + "/answer"},
        {"error", item_error(session, context, failed, "answer", one.id)}});
  }
  return items;
}

boost::json::array notes_view(const WebSession& session, const RequestContext& context,
                              const PairSpace& space, const std::string& zone,
                              const std::string& path, const std::optional<FailedForm>& failed) {
  boost::json::array items;
  for (const auto& note : space.notes) {
    std::string about;
    if (note.session_id)
      for (const auto& one : space.sessions)
        if (one.id == *note.session_id)
          about = when_text(session, context, one.starts_at, one.minutes, zone);
    const bool mine_shared = space.viewer_is_mentor ? note.shared_by_mentor : note.shared_by_mentee;
    items.push_back(
        boost::json::object{{"id", note.id},
                            {"author", note.author_name},
                            {"date", format_local(note.created_at, zone)},
                            {"about", about},
                            {"body", note.body},
                            {"shared", note.shared()},
                            {"mentor_shares", note.shared_by_mentor},
                            {"mentee_shares", note.shared_by_mentee},
                            {"mine_shared", mine_shared},
                            {"share_value", mine_shared ? "0" : "1"},
                            {"share_action", path + "/notes/" + std::to_string(note.id) + "/share"},
                            {"error", item_error(session, context, failed, "share", note.id)}});
  }
  return items;
}

// The note form's session choice: none, or one of the pair's sessions
// that was not cancelled (a chosen one stays listed).
boost::json::array note_sessions(const WebSession& session, const RequestContext& context,
                                 const PairSpace& space, const std::string& zone,
                                 const std::string& chosen) {
  boost::json::array options;
  for (const auto& one : space.sessions) {
    const std::string id = std::to_string(one.id);
    if (one.status == SessionStatus::cancelled && id != chosen) continue;
    options.push_back(boost::json::object{
        {"value", id},
        {"label", when_text(session, context, one.starts_at, one.minutes, zone) + " · " +
                      session.text(context, "mentoring_session_" +
                                                std::string(session_status_name(one.status)))},
        {"selected", id == chosen}});
  }
  return options;
}

boost::json::object checkin_view(const WebSession& session, const RequestContext& context,
                                 const PairSpace& space, const std::string& zone, std::int64_t now,
                                 const std::optional<FailedForm>& failed) {
  const std::int64_t me = context.viewer.user_id();
  boost::json::object view{
      {"open", now >= space.midpoint_at},
      {"opens", fill(session.text(context, "mentoring_checkin_opens"),
                     {{"{date}", format_local(space.midpoint_at, zone) + " (" + zone + ")"}})}};
  if (space.mine) {
    std::optional<Checkin> own;
    for (const auto& checkin : space.checkins)
      if (checkin.user_id == me) own = checkin;
    boost::json::object form = form_block(session, context, failed, "checkin", checkin_values(own),
                                          fields_of(kCheckinFields));
    const std::string light = text_of(form["values"].as_object(), "light");
    boost::json::array lights;
    for (const char* value : {"green", "yellow", "red"})
      lights.push_back(boost::json::object{
          {"value", value},
          {"label", session.text(context, std::string("mentoring_light_") + value)},
          {"checked", light == value}});
    form["lights"] = std::move(lights);
    if (own)
      form["saved"] = fill(session.text(context, "mentoring_checkin_saved"),
                           {{"{date}", format_local(own->updated_at, zone)}});
    view["form"] = std::move(form);
    return view;
  }
  // Organizers: each side's light; words only with a request for help.
  boost::json::array given;
  for (const auto& checkin : space.checkins)
    given.push_back(boost::json::object{
        {"name", name_of(space, checkin.user_id)},
        {"role_label", role_label(session, context, space, checkin.user_id)},
        {"light", std::string(light_name(checkin.light))},
        {"light_tag", light_tag(checkin.light)},
        {"light_label",
         session.text(context, "mentoring_light_" + std::string(light_name(checkin.light)))},
        {"wants_help", checkin.wants_help},
        {"comment", checkin.comment}});
  view["none"] = given.empty();
  view["given"] = std::move(given);
  return view;
}

boost::json::object feedback_view(const WebSession& session, const RequestContext& context,
                                  const PairSpace& space, const std::string& zone, std::int64_t now,
                                  const std::optional<FailedForm>& failed) {
  const std::int64_t me = context.viewer.user_id();
  const std::int64_t opens = space.feedback_opens_at;
  boost::json::array given;
  std::optional<Feedback> own;
  for (const auto& one : space.feedback) {
    if (one.user_id == me) own = one;
    given.push_back(
        boost::json::object{{"name", name_of(space, one.user_id)},
                            {"role_label", role_label(session, context, space, one.user_id)},
                            {"you", one.user_id == me},
                            {"rating", one.rating},
                            {"comment", one.comment}});
  }
  boost::json::object view{
      {"open", now >= opens},
      {"opens", fill(session.text(context, "mentoring_feedback_opens"),
                     {{"{date}", format_local(opens, zone) + " (" + zone + ")"}})},
      {"none", given.empty()},
      {"given", std::move(given)}};
  if (!space.mine) return view;
  const bool mentee = !space.viewer_is_mentor;
  boost::json::object form =
      form_block(session, context, failed, "feedback",
                 feedback_values(own, mentee ? space.goals_reached : std::vector<bool>{}),
                 fields_of(kFeedbackFields));
  const auto& values = form["values"].as_object();
  const std::string rating = text_of(values, "rating");
  boost::json::array ratings;
  for (int stars = 1; stars <= 5; ++stars)
    ratings.push_back(boost::json::object{
        {"value", stars},
        {"label", session.text(context, "mentoring_rating_" + std::to_string(stars))},
        {"checked", rating == std::to_string(stars)}});
  boost::json::array goals;
  if (mentee)
    for (std::size_t index = 0; index < space.goals.size(); ++index) {
      const auto* checked = values.if_contains(reached_field(index));
      goals.push_back(boost::json::object{
          {"name", reached_field(index)},
          {"text", space.goals[index]},
          {"checked", checked != nullptr && checked->is_bool() && checked->as_bool()}});
    }
  form["ratings"] = std::move(ratings);
  form["has_goals"] = !goals.empty();
  form["goals"] = std::move(goals);
  view["form"] = std::move(form);
  return view;
}

}  // namespace

std::string light_tag(Light light) {
  switch (light) {
    case Light::green:
      return "tag good";
    case Light::yellow:
      return "tag";
    case Light::red:
      return "tag bad";
  }
  return "tag";
}

std::string viewer_zone(const PairSpace& space) {
  if (!space.mine) return space.program.time_zone;
  return zone_or(own_side(space).profile.time_zone, space.program.time_zone);
}

http::Response pair_page(const WebSession& session, const RequestContext& context,
                         const PairSpace& space, const std::string& notice,
                         const std::optional<FailedForm>& failed) {
  const Program& program = space.program;
  const Pair& pair = space.pair;
  const std::string& slug = program.community_slug;
  const std::string path = pair_path(slug, program.id, pair.id);
  const std::string zone = viewer_zone(space);
  const std::int64_t now = Clock().now_seconds();
  const std::vector<Shown> zones = shown_zones(session, context, space);
  const std::int64_t me = context.viewer.user_id();

  // The common hours in each shown zone, at an instant inside the program
  // (they were kept only where they hold all program long).
  boost::json::array hours;
  for (const auto& shown : zones)
    hours.push_back(boost::json::object{
        {"zone", shown.zone},
        {"label", shown.label},
        {"hours", texts(describe_hours(pair.common, shown.zone, hours_instant(program),
                                       context.language))}});
  boost::json::array goals;
  for (std::size_t index = 0; index < space.goals.size(); ++index)
    goals.push_back(boost::json::object{
        {"text", space.goals[index]},
        {"reached", index < space.goals_reached.size() && space.goals_reached[index]}});

  boost::json::object data{
      {"program", program_view(session, context, program)},
      {"path", program_path(slug, program.id)},
      {"list_path", list_path(slug)},
      {"pair_path", path},
      {"title",
       fill(session.text(context, "mentoring_pair_title"),
            {{"{mentor}", pair.mentor.display_name}, {"{mentee}", pair.mentee.display_name}})},
      {"mine", space.mine},
      {"zone", zone},
      {"mentor", side_view(session, context, pair.mentor, true, pair.mentor.user_id == me)},
      {"mentee", side_view(session, context, pair.mentee, false, pair.mentee.user_id == me)},
      {"has_common", !pair.common.empty()},
      {"zones", std::move(hours)},
      {"goals", std::move(goals)},
      {"no_goals", space.goals.empty()},
      {"sessions", sessions_view(session, context, space, zones, path, now, failed)},
      {"no_sessions", space.sessions.empty()},
      {"sessions_held", fill(session.text(context, "mentoring_sessions_held"),
                             {{"{held}", std::to_string(space.sessions_held)},
                              {"{planned}", std::to_string(program.sessions)}})},
      {"notes", notes_view(session, context, space, zone, path, failed)},
      {"no_notes", space.notes.empty()},
      {"checkin", checkin_view(session, context, space, zone, now, failed)},
      {"feedback", feedback_view(session, context, space, zone, now, failed)}};
  if (!space.group.empty()) {
    std::string names;
    for (const auto& name : space.group) names += (names.empty() ? "" : ", ") + name;
    data["group"] = names;
  }
  if (!space.mine) data["figures_path"] = figures_path(slug, program.id);
  if (space.mine) {
    data["calendar_path"] = path + "/sessions.ics";
    data["goals_form"] = form_block(session, context, failed, "goals", goals_values(space.goals),
                                    fields_of(kGoalsFields));
    boost::json::object propose =
        form_block(session, context, failed, "propose",
                   {{"starts_at", ""}, {"minutes", std::to_string(program.session_minutes)}},
                   fields_of(kProposeFields));
    propose["hint"] = fill(session.text(context, "mentoring_propose_hint"),
                           {{"{zone}", zone}, {"{name}", other_side(space).display_name}});
    data["propose_form"] = std::move(propose);
    boost::json::object note =
        form_block(session, context, failed, "note",
                   {{"body", ""}, {"session_id", ""}, {"share", false}}, fields_of(kNoteFields));
    note["sessions"] = note_sessions(session, context, space, zone,
                                     text_of(note["values"].as_object(), "session_id"));
    data["note_form"] = std::move(note);
  }
  return session.page(
      context, failed ? failed->error.http_status : 200, "mentoring/pair", std::move(data),
      {.title = session.text(context, "mentoring_pair_heading") + " · " + program.name,
       .notice_key = notice});
}

}  // namespace moim::mentoring::pages
