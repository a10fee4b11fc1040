// Helpers of the mentoring pages (member_pages.cpp, organizer_pages.cpp).
#include "features/mentoring/pages.hpp"

#include <date/tz.h>

#include <algorithm>
#include <charconv>

#include "features/mentoring/forms.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::mentoring::pages {

std::string list_path(const std::string& slug) { return "/c/" + slug + "/mentoring"; }

std::string program_path(const std::string& slug, std::int64_t program_id) {
  return list_path(slug) + "/" + std::to_string(program_id);
}

std::string pair_path(const std::string& slug, std::int64_t program_id, std::int64_t pair_id) {
  return program_path(slug, program_id) + "/pairs/" + std::to_string(pair_id);
}

std::int64_t id_param(const http::Request& request, const std::string& name) {
  auto found = request.path_params.find(name);
  if (found == request.path_params.end()) return 0;
  std::int64_t id = 0;
  const std::string& text = found->second;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return 0;
  return id;
}

std::string form_value(const Form& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

namespace {

// "ranking[2]" and "goals[0]" are the list's field.
std::string base_field(std::string field) {
  if (auto bracket = field.find('['); bracket != std::string::npos) field.resize(bracket);
  return field;
}

}  // namespace

std::string error_text(const WebSession& session, const RequestContext& context, const Error& error,
                       std::string_view scope) {
  if (error.http_status >= 500) return session.error_text(context, error);  // no server detail
  const auto& strings = session.catalog().strings(context.language);
  if (auto problem = hours_problem(error); problem && strings.contains(problem->key))
    return fill(session.text(context, problem->key), {{"{line}", std::to_string(problem->line)},
                                                      {"{limit}", std::to_string(kMaxStretches)}});
  // The shared sentences know other rooms' limits ("up to 10 languages"):
  // the room's own, when it has one, come first.
  const std::string field = base_field(error.field);
  std::vector<std::string> keys;
  if (!field.empty() && !scope.empty())
    keys.push_back("mentoring_error_" + std::string(scope) + "_" + error.code + "_" + field);
  if (!field.empty()) keys.push_back("mentoring_error_" + error.code + "_" + field);
  keys.push_back("mentoring_error_" + error.code);
  for (const std::string& key : keys)
    if (strings.contains(key)) return session.text(context, key);
  return session.error_text(context, error);
}

void mark_error(boost::json::object& data, const WebSession& session, const RequestContext& context,
                const Error& error, const std::vector<std::string_view>& form_fields,
                std::string_view scope) {
  std::string marked = base_field(error.field);
  if (std::find(form_fields.begin(), form_fields.end(), marked) == form_fields.end())
    marked = "form";
  data["field_error"] = {{"field", marked},
                         {"message", error_text(session, context, error, scope)}};
  boost::json::object errors;
  errors[marked] = true;
  data["errors"] = std::move(errors);
}

bool is_form_error(const Error& error) {
  return error.http_status == 400 || error.http_status == 409 || error.http_status == 422 ||
         (error.http_status == 404 && !error.field.empty());
}

http::Response csrf_refused(const WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

std::string fill(std::string text,
                 const std::vector<std::pair<std::string_view, std::string>>& values) {
  for (const auto& [name, value] : values) {
    for (std::size_t at = text.find(name); at != std::string::npos;
         at = text.find(name, at + value.size()))
      text.replace(at, name.size(), value);
  }
  return text;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

std::string text_of(const boost::json::object& values, std::string_view name) {
  const auto* found = values.if_contains(name);
  return found != nullptr && found->is_string() ? std::string(found->as_string()) : std::string();
}

boost::json::array texts(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

std::string notice_key(const http::Request& request, const std::vector<std::string_view>& known) {
  const std::string notice = request.query_param("notice").value_or("");
  for (std::string_view name : known)
    if (notice == name) return "mentoring_notice_" + notice;
  return "";
}

std::int64_t hours_instant(const Program& program) {
  const std::int64_t now = Clock().now_seconds();
  if (program.ends_at <= program.starts_at) return now;
  return std::clamp(now, program.starts_at, program.ends_at - 1);
}

boost::json::object program_view(const WebSession& session, const RequestContext& context,
                                 const Program& program) {
  const std::string first = format_local(program.starts_at, program.time_zone, "%Y-%m-%d");
  const std::string last = format_local(program.ends_at - 1, program.time_zone, "%Y-%m-%d");
  const bool group = program.format == Format::group;
  const bool anyone = program.audience == Audience::anyone;
  return {{"id", program.id},
          {"path", program_path(program.community_slug, program.id)},
          {"name", program.name},
          {"description", program.description},
          {"period", first + " – " + last},
          {"time_zone", program.time_zone},
          {"format_label",
           session.text(context, group ? "mentoring_format_group" : "mentoring_format_one_to_one")},
          {"rhythm", fill(session.text(context, "mentoring_rhythm"),
                          {{"{sessions}", std::to_string(program.sessions)},
                           {"{cadence}", std::to_string(program.cadence_days)},
                           {"{minutes}", std::to_string(program.session_minutes)}})},
          {"languages", joined(program.languages)},
          {"topics", joined(program.topics)},
          {"has_topics", !program.topics.empty()},
          {"audience_label", session.text(context, anyone ? "mentoring_audience_anyone"
                                                          : "mentoring_audience_members")},
          {"anyone", anyone},
          {"allow_repeat_pairs", program.allow_repeat_pairs},
          {"mentors", program.mentors},
          {"mentees", program.mentees},
          {"open", program.signups_open()},
          {"announced", program.announced_run_id.has_value()},
          {"closed", !program.signups_open() && !program.announced_run_id}};
}

std::string status_text(const WebSession& session, const RequestContext& context, Review review) {
  return session.text(context, "mentoring_status_" + std::string(review_name(review)));
}

boost::json::array zone_options(const std::string& selected) {
  // The tz database's region zones, read once: "Asia/Seoul", not the old
  // aliases ("ROK", "Etc/GMT-9") that only confuse a list.
  static const std::vector<std::string> kZones = [] {
    constexpr std::string_view kRegions[] = {"Africa/", "America/",  "Antarctica/",
                                             "Asia/",   "Atlantic/", "Australia/",
                                             "Europe/", "Indian/",   "Pacific/"};
    std::vector<std::string> zones{"UTC"};
    try {
      for (const auto& zone : date::get_tzdb().zones) {
        const std::string name(zone.name());
        for (std::string_view region : kRegions)
          if (name.starts_with(region)) zones.push_back(name);
      }
    } catch (const std::exception&) {
      // No tz database: UTC and the selected zone still make a choice.
    }
    std::sort(zones.begin() + 1, zones.end());
    return zones;
  }();
  boost::json::array options;
  bool listed = false;
  for (const auto& zone : kZones) {
    const bool chosen = zone == selected;
    listed = listed || chosen;
    options.push_back(boost::json::object{{"value", zone}, {"selected", chosen}});
  }
  if (!listed && !selected.empty())
    options.insert(options.begin(), boost::json::object{{"value", selected}, {"selected", true}});
  return options;
}

}  // namespace moim::mentoring::pages
