// Coffee-chat pages: the programs of a community, one program (take part,
// availability, my group, "did we meet?"), editing and stats for organizers.
#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

#include "features/coffee/routes.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::coffee {

using accounts::RequestContext;

namespace {

constexpr const char* kDayKeys[] = {"day_mon", "day_tue", "day_wed", "day_thu",
                                    "day_fri", "day_sat", "day_sun"};

struct SizePreset {
  const char* value;  // "min-target-max"
  const char* label_key;
  int min_size, target_size, max_size;
};
constexpr SizePreset kSizePresets[] = {{"2-2-3", "coffee_size_pairs", 2, 2, 3},
                                       {"3-3-4", "coffee_size_three", 3, 3, 4},
                                       {"3-4-4", "coffee_size_four", 3, 4, 4},
                                       {"3-4-5", "coffee_size_four_five", 3, 4, 5}};

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::string size_label(accounts::WebSession& session, const RequestContext& context,
                       const Program& program) {
  for (const auto& preset : kSizePresets) {
    if (preset.min_size == program.min_size && preset.target_size == program.target_size &&
        preset.max_size == program.max_size)
      return session.text(context, preset.label_key);
  }
  return std::to_string(program.min_size) + "–" + std::to_string(program.max_size) + " (" +
         std::to_string(program.target_size) + ")";
}

std::string audience_label(accounts::WebSession& session, const RequestContext& context,
                           const Program& program) {
  if (program.audience == "members") return session.text(context, "coffee_audience_members");
  return session.text(context, "coffee_audience_" + program.audience) + ": " +
         program.audience_name;
}

std::string audience_value(const Program& program) {
  if (program.audience == "cohort") return "cohort:" + program.audience_cohort_key;
  if (program.audience == "project" && program.audience_project_id)
    return "project:" + std::to_string(*program.audience_project_id);
  return "members";
}

// The forms' single audience list; a program's own choice stays listed even
// if its cohort or project is no longer offered.
boost::json::array audience_list(accounts::WebSession& session, const RequestContext& context,
                                 const std::vector<AudienceOption>& options,
                                 const Program* program) {
  const std::string chosen = program ? audience_value(*program) : "members";
  boost::json::array list;
  bool listed = false;
  for (const auto& option : options) {
    const std::string label =
        option.kind == "members"
            ? session.text(context, "coffee_audience_members")
            : session.text(context, "coffee_audience_" + option.kind) + ": " + option.label;
    list.push_back(
        {{"value", option.value}, {"label", label}, {"selected", option.value == chosen}});
    listed = listed || option.value == chosen;
  }
  if (!listed && program)
    list.push_back({{"value", chosen},
                    {"label", audience_label(session, context, *program)},
                    {"selected", true}});
  return list;
}

boost::json::object program_view(accounts::WebSession& session, const RequestContext& context,
                                 const Program& program, const communities::Community& community) {
  boost::json::object view = program_json(program);
  view["audience_label"] = audience_label(session, context, program);
  view["cadence_label"] =
      session.text(context, "coffee_cadence_" + std::string(cadence_name(program.cadence)));
  view["size_label"] = size_label(session, context, program);
  view["cutoff_local"] = format_local(program.open_round.cutoff_at, community.time_zone);
  view["time_zone"] = community.time_zone;
  view["round_number"] = program.open_round.number;
  return view;
}

boost::json::array size_options(accounts::WebSession& session, const RequestContext& context,
                                const Program* program) {
  boost::json::array options;
  for (const auto& preset : kSizePresets) {
    const bool selected = program ? preset.min_size == program->min_size &&
                                        preset.target_size == program->target_size &&
                                        preset.max_size == program->max_size
                                  : std::string_view(preset.value) == "3-4-4";
    options.push_back({{"value", preset.value},
                       {"label", session.text(context, preset.label_key)},
                       {"selected", selected}});
  }
  return options;
}

boost::json::array cadence_options(accounts::WebSession& session, const RequestContext& context,
                                   Cadence selected) {
  boost::json::array options;
  for (Cadence cadence : {Cadence::kWeekly, Cadence::kBiweekly, Cadence::kMonthly}) {
    const std::string name(cadence_name(cadence));
    options.push_back({{"value", name},
                       {"label", session.text(context, "coffee_cadence_" + name)},
                       {"selected", cadence == selected}});
  }
  return options;
}

// The create/edit form: a size preset, checkboxes (absent = off), and the
// cut-off as a local date and time in the community's zone.
Result<ProgramInput> program_form_input(const std::map<std::string, std::string>& form,
                                        const communities::Community& community) {
  web::Fields fields(form);
  ProgramInput input;
  for (auto [target, name, max] :
       {std::tuple{&input.name, "name", kMaxProgramNameChars},
        std::tuple{&input.description, "description", kMaxProgramDescriptionChars},
        std::tuple{&input.cadence, "cadence", std::size_t{20}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
  }
  if (input.name && input.name->empty()) return Error::invalid("name", "name is required");
  const std::string size = field(form, "size");
  if (!size.empty()) {
    bool known = false;
    for (const auto& preset : kSizePresets) {
      if (size == preset.value) {
        input.min_size = preset.min_size;
        input.target_size = preset.target_size;
        input.max_size = preset.max_size;
        known = true;
      }
    }
    if (!known) return Error::invalid("size", "choose a group size");
  }
  // One list: "members", "cohort:KEY" or "project:ID".
  const std::string audience = field(form, "audience");
  if (audience == "members") {
    input.audience = "members";
  } else if (audience.starts_with("cohort:") && audience.size() > 7) {
    input.audience = "cohort";
    input.cohort = audience.substr(7);
  } else if (audience.starts_with("project:")) {
    std::int64_t id = 0;
    const std::string_view digits = std::string_view(audience).substr(8);
    auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (parsed.ec != std::errc() || parsed.ptr != digits.data() + digits.size() || id <= 0)
      return Error::invalid("audience", "choose who the program is for");
    input.audience = "project";
    input.project_id = id;
  } else if (!audience.empty()) {
    return Error::invalid("audience", "choose who the program is for");
  }
  input.mix_circles = form.contains("mix_circles");
  input.mix_projects = form.contains("mix_projects");
  input.mix_cohorts = form.contains("mix_cohorts");
  input.mix_newcomers = form.contains("mix_newcomers");
  input.require_common_slot = form.contains("require_common_slot");
  const std::string cutoff = field(form, "cutoff_local");
  if (!cutoff.empty()) {
    auto parsed = parse_local(cutoff, community.time_zone);
    if (!parsed) return Error::invalid("cutoff_at", "the cut-off must be a date and time");
    input.cutoff_at = *parsed;
  }
  return input;
}

// The availability grid posts one checkbox per hour: slot_<day>_<hour>;
// the "don't group me with" list one per person: avoid_<user id>.
Result<ParticipationInput> participation_form_input(
    const std::map<std::string, std::string>& form) {
  web::Fields fields(form);
  ParticipationInput input;
  input.opted_in = true;
  auto zone = fields.optional_text("time_zone", 64);
  if (!zone) return zone.error();
  if (zone.value() && !zone.value()->empty()) input.time_zone = zone.value();
  auto languages = fields.optional_list("languages", kMaxTags, kMaxTagChars);
  if (!languages) return languages.error();
  input.languages = languages.value().value_or(std::vector<std::string>{});
  auto topics = fields.optional_list("topics", kMaxTags, kMaxTagChars);
  if (!topics) return topics.error();
  input.topics = topics.value().value_or(std::vector<std::string>{});
  std::vector<LocalSlot> slots;
  std::vector<std::int64_t> avoid;
  for (const auto& [key, value] : form) {
    if (key.starts_with("slot_")) {
      int day = -1, hour = -1;
      const std::string_view rest = std::string_view(key).substr(5);
      const std::size_t underscore = rest.find('_');
      if (underscore == std::string_view::npos) return Error::invalid("slots", "unknown slot");
      auto day_parsed = std::from_chars(rest.data(), rest.data() + underscore, day);
      auto hour_parsed =
          std::from_chars(rest.data() + underscore + 1, rest.data() + rest.size(), hour);
      if (day_parsed.ec != std::errc() || hour_parsed.ec != std::errc() || day < 0 || day > 6 ||
          hour < 0 || hour > 23)
        return Error::invalid("slots", "unknown slot");
      slots.push_back({day, hour});
    } else if (key.starts_with("avoid_")) {
      std::int64_t id = 0;
      const std::string_view rest = std::string_view(key).substr(6);
      auto parsed = std::from_chars(rest.data(), rest.data() + rest.size(), id);
      if (parsed.ec != std::errc() || parsed.ptr != rest.data() + rest.size() || id <= 0)
        return Error::invalid("avoid", "unknown person");
      avoid.push_back(id);
    }
  }
  input.slots = std::move(slots);
  input.avoid = std::move(avoid);
  return input;
}

}  // namespace

void add_coffee_pages(http::Router& router, accounts::WebSession& session, CoffeeService& coffee,
                      communities::CommunitiesService& communities) {
  auto render_list = [&](const RequestContext& context, const communities::Community& community,
                         int status, const std::string& error_text, const std::string& notice) {
    auto list = coffee.programs(context.viewer, community.slug);
    if (!list) return session.refuse(context, list.error());
    auto standing = communities.standing(context.viewer, community);
    if (!standing) return session.refuse(context, standing.error());
    boost::json::array audiences;
    if (standing->can_manage()) {
      auto options = coffee.audience_options(context.viewer, community.slug);
      if (!options) return session.refuse(context, options.error());
      audiences = audience_list(session, context, options.value(), nullptr);
    }
    boost::json::array items;
    for (const auto& program : list.value())
      items.push_back(program_view(session, context, program, community));
    return session.page(context, status, "coffee/programs",
                        {{"community", communities::community_json(community)},
                         {"programs", items},
                         {"none", items.empty()},
                         {"can_manage", standing->can_manage()},
                         {"sizes", size_options(session, context, nullptr)},
                         {"audiences", audiences},
                         {"cadences", cadence_options(session, context, Cadence::kBiweekly)}},
                        {.title = session.text(context, "coffee_title") + " · " + community.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };

  router.get("/c/{slug}/coffee", [&, render_list](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    return render_list(context, community.value(), 200, "", "");
  });

  router.post("/c/{slug}/coffee", [&, render_list](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.form_failed(request, context, community.error());
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto input = program_form_input(form, community.value());
    if (input && !input->name) input = Error::invalid("name", "name is required");
    Result<Program> created = input ? coffee.create(context.viewer, community->slug, input.value())
                                    : Result<Program>(input.error());
    if (created)
      return http::Response::redirect("/c/" + community->slug + "/coffee/" +
                                      std::to_string(created->id) + "?notice=saved");
    if (created.error().http_status != 400 && created.error().http_status != 409)
      return session.form_failed(request, context, created.error());
    return session.mark_form(
        render_list(context, community.value(), created.error().http_status, "", ""), request,
        context, created.error());
  });

  auto render_program = [&](const RequestContext& context, const communities::Community& community,
                            std::int64_t program_id, int status, const std::string& error_text,
                            const std::string& notice) {
    auto seen = coffee.view(context.viewer, community.slug, program_id);
    if (!seen) return session.refuse(context, seen.error());
    const std::int64_t now = Clock().now_seconds();
    const Participation& mine = seen->mine;
    // The grid shows the stored UTC hours in the person's own zone.
    std::set<std::pair<int, int>> chosen;
    for (int slot : mine.slots) {
      const LocalSlot local = to_local_slot(slot, mine.time_zone, now);
      chosen.insert({local.day, local.hour});
    }
    boost::json::array days;
    for (const char* key : kDayKeys)
      days.push_back(boost::json::object{{"label", session.text(context, key)}});
    boost::json::array rows;
    for (int hour = 0; hour < 24; ++hour) {
      boost::json::array cells;
      const std::string hour_text = (hour < 10 ? "0" : "") + std::to_string(hour) + ":00";
      for (int day = 0; day < 7; ++day) {
        cells.push_back({{"name", "slot_" + std::to_string(day) + "_" + std::to_string(hour)},
                         {"checked", chosen.contains({day, hour})},
                         {"label", session.text(context, kDayKeys[day]) + " " + hour_text}});
      }
      rows.push_back(boost::json::object{{"hour", hour_text}, {"cells", cells}});
    }
    boost::json::array others;
    for (const auto& [id, name] : seen->others) {
      const bool avoided = std::find(mine.avoid.begin(), mine.avoid.end(), id) != mine.avoid.end();
      others.push_back({{"id", id}, {"name", name}, {"checked", avoided}});
    }
    boost::json::object data{
        {"community", communities::community_json(community)},
        {"program", program_view(session, context, seen->program, community)},
        {"can_manage", seen->can_manage},
        {"mine", boost::json::object{{"opted_in", mine.opted_in},
                                     {"outside_audience", !seen->in_audience},
                                     {"may_take_part", seen->in_audience || mine.opted_in},
                                     {"snoozed", mine.snoozed},
                                     {"time_zone", mine.time_zone},
                                     {"languages", joined(mine.languages)},
                                     {"topics", joined(mine.topics)}}},
        {"days", days},
        {"hours", rows},
        {"others", others},
        {"has_others", !others.empty()}};
    if (seen->my_group) {
      boost::json::object group =
          group_json(*seen->my_group, mine.time_zone, now, context.language);
      std::optional<bool> my_answer;
      for (auto& member : group["members"].as_array()) {
        auto& item = member.as_object();
        // Topics and profile interests often overlap: show each once.
        std::vector<std::string> tags;
        std::set<std::string> seen_tags;
        for (const char* list : {"topics", "interests"}) {
          for (const auto& tag : item[list].as_array()) {
            std::string key(tag.as_string());
            for (char& ch : key)
              ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (seen_tags.insert(key).second) tags.emplace_back(tag.as_string());
          }
        }
        item["tags_text"] = joined(tags);
        item["is_you"] = item["user_id"].as_int64() == context.viewer.user_id();
        if (item["is_you"].as_bool() && item["met"].is_bool()) my_answer = item["met"].as_bool();
      }
      group["shared_text"] = joined(seen->my_group->shared_topics);
      group["has_slots"] = !seen->my_group->common_slots.empty();
      group["answered"] = my_answer.has_value();
      group["answered_yes"] = my_answer.value_or(false);
      data["my_group"] = group;
    }
    return session.page(context, status, "coffee/program", std::move(data),
                        {.title = seen->program.name + " · " + community.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };

  auto notice_of = [](const http::Request& request) -> std::string {
    const std::string notice = request.query_param("notice").value_or("");
    for (const char* known : {"saved", "coffee_joined", "coffee_left", "coffee_snoozed",
                              "coffee_closed", "coffee_thanks"}) {
      if (notice == known) return "notice_" + notice;
    }
    return "";
  };

  router.get(
      "/c/{slug}/coffee/{program_id}", [&, render_program, notice_of](http::Request& request) {
        auto community = communities.find(request.param("slug"));
        auto context = session.context(request, community ? community->default_locale : "ko");
        if (!community) return session.refuse(context, community.error());
        auto program_id = accounts::path_id(request, "program_id");
        if (!program_id) return session.refuse(context, program_id.error());
        return render_program(context, community.value(), program_id.value(), 200, "",
                              notice_of(request));
      });

  // One handler shape for the program page's small forms: check the token,
  // run the action, go back to the program page with a notice (or show the
  // page again with the problem).
  auto program_action =
      [&, render_program](
          std::function<Status(const RequestContext&, const std::string&, std::int64_t,
                               const std::map<std::string, std::string>&)>
              action,
          std::string notice) {
        return [&, render_program, action = std::move(action),
                notice = std::move(notice)](http::Request& request) {
          auto community = communities.find(request.param("slug"));
          auto context = session.context(request, community ? community->default_locale : "ko");
          if (!community) return session.refuse(context, community.error());
          if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
          const auto form = request.form();
          if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
          auto program_id = accounts::path_id(request, "program_id");
          if (!program_id) return session.refuse(context, program_id.error());
          auto done = action(context, community->slug, program_id.value(), form);
          if (!done) {
            const int status = done.error().http_status;
            // Outside the audience: say so on the program page itself.
            const bool audience = status == 403 && done.error().field == "audience";
            if (status != 400 && status != 409 && !audience)
              return session.refuse(context, done.error());
            return render_program(context, community.value(), program_id.value(), status,
                                  session.error_text(context, done.error()), "");
          }
          return http::Response::redirect("/c/" + community->slug + "/coffee/" +
                                          std::to_string(program_id.value()) + "?notice=" + notice);
        };
      };

  router.post(
      "/c/{slug}/coffee/{program_id}/participation",
      program_action(
          [&](const RequestContext& context, const std::string& slug, std::int64_t program_id,
              const std::map<std::string, std::string>& form) -> Status {
            auto input = participation_form_input(form);
            if (!input) return input.error();
            auto saved = coffee.participate(context.viewer, slug, program_id, input.value());
            if (!saved) return saved.error();
            return ok_status();
          },
          "coffee_joined"));

  router.post(
      "/c/{slug}/coffee/{program_id}/opt-out",
      program_action(
          [&](const RequestContext& context, const std::string& slug, std::int64_t program_id,
              const std::map<std::string, std::string>&) -> Status {
            ParticipationInput input;
            input.opted_in = false;
            auto saved = coffee.participate(context.viewer, slug, program_id, input);
            if (!saved) return saved.error();
            return ok_status();
          },
          "coffee_left"));

  router.post(
      "/c/{slug}/coffee/{program_id}/snooze",
      program_action(
          [&](const RequestContext& context, const std::string& slug, std::int64_t program_id,
              const std::map<std::string, std::string>& form) -> Status {
            ParticipationInput input;
            input.snoozed = field(form, "snooze") == "on";
            auto saved = coffee.participate(context.viewer, slug, program_id, input);
            if (!saved) return saved.error();
            return ok_status();
          },
          "coffee_snoozed"));

  router.post(
      "/c/{slug}/coffee/{program_id}/close",
      program_action(
          [&](const RequestContext& context, const std::string& slug, std::int64_t program_id,
              const std::map<std::string, std::string>&) -> Status {
            auto closed = coffee.close_round(context.viewer, slug, program_id);
            if (!closed) return closed.error();
            return ok_status();
          },
          "coffee_closed"));

  router.post("/c/{slug}/coffee/{program_id}/groups/{group_id}/feedback",
              [&, program_action](http::Request& request) {
                auto group_id = accounts::path_id(request, "group_id");
                auto handler = program_action(
                    [&, group_id](const RequestContext& context, const std::string& slug,
                                  std::int64_t program_id,
                                  const std::map<std::string, std::string>& form) -> Status {
                      if (!group_id) return group_id.error();
                      const std::string met = field(form, "met");
                      if (met != "yes" && met != "no")
                        return Error::invalid("met", "answer yes or no");
                      return coffee.answer(context.viewer, slug, program_id, group_id.value(),
                                           met == "yes");
                    },
                    "coffee_thanks");
                return handler(request);
              });

  auto render_edit = [&](const RequestContext& context, const communities::Community& community,
                         const Program& program, int status, const std::string& error_text) {
    auto options = coffee.audience_options(context.viewer, community.slug);
    if (!options) return session.refuse(context, options.error());
    boost::json::object view = program_view(session, context, program, community);
    view["cutoff_input"] =
        format_local(program.open_round.cutoff_at, community.time_zone, "%Y-%m-%dT%H:%M");
    return session.page(context, status, "coffee/edit",
                        {{"community", communities::community_json(community)},
                         {"program", view},
                         {"sizes", size_options(session, context, &program)},
                         {"audiences", audience_list(session, context, options.value(), &program)},
                         {"cadences", cadence_options(session, context, program.cadence)}},
                        {.title = session.text(context, "coffee_edit") + " · " + program.name,
                         .error_text = error_text});
  };

  router.get("/c/{slug}/coffee/{program_id}/edit", [&, render_edit](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto program_id = accounts::path_id(request, "program_id");
    if (!program_id) return session.refuse(context, program_id.error());
    auto seen = coffee.view(context.viewer, community->slug, program_id.value());
    if (!seen) return session.refuse(context, seen.error());
    if (!seen->can_manage) return session.refuse(context, Error::forbidden());
    return render_edit(context, community.value(), seen->program, 200, "");
  });

  router.post("/c/{slug}/coffee/{program_id}/edit", [&, render_edit](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.form_failed(request, context, community.error());
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto program_id = accounts::path_id(request, "program_id");
    if (!program_id) return session.form_failed(request, context, program_id.error());
    auto input = program_form_input(form, community.value());
    Result<Program> updated =
        input ? coffee.update(context.viewer, community->slug, program_id.value(), input.value())
              : Result<Program>(input.error());
    if (updated)
      return http::Response::redirect("/c/" + community->slug + "/coffee/" +
                                      std::to_string(program_id.value()) + "?notice=saved");
    if (updated.error().http_status != 400)
      return session.form_failed(request, context, updated.error());
    auto seen = coffee.view(context.viewer, community->slug, program_id.value());
    if (!seen) return session.form_failed(request, context, seen.error());
    return session.mark_form(render_edit(context, community.value(), seen->program, 400, ""),
                             request, context, updated.error());
  });

  router.get("/c/{slug}/coffee/{program_id}/stats", [&](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto program_id = accounts::path_id(request, "program_id");
    if (!program_id) return session.refuse(context, program_id.error());
    auto stats = coffee.stats(context.viewer, community->slug, program_id.value());
    if (!stats) return session.refuse(context, stats.error());
    auto seen = coffee.view(context.viewer, community->slug, program_id.value());
    if (!seen) return session.refuse(context, seen.error());
    // Which round's groups to show: ?round=ID, else the latest.
    std::int64_t shown_round = stats->rounds.empty() ? 0 : stats->rounds.front().id;
    if (auto asked = request.query_param("round")) {
      std::int64_t id = 0;
      auto parsed = std::from_chars(asked->data(), asked->data() + asked->size(), id);
      if (parsed.ec != std::errc() || parsed.ptr != asked->data() + asked->size())
        return session.refuse(context, Error::invalid("round", "round must be a round id"));
      shown_round = id;
    }
    boost::json::array rounds;
    int shown_number = 0;
    for (const auto& round : stats->rounds) {
      boost::json::object item = round_json(round);
      item["closed_local"] = format_local(round.closed_at.value_or(0), community->time_zone);
      item["shown"] = round.id == shown_round;
      if (round.id == shown_round) shown_number = round.number;
      rounds.push_back(std::move(item));
    }
    boost::json::array groups;
    if (shown_round != 0) {
      auto found =
          coffee.round_groups(context.viewer, community->slug, program_id.value(), shown_round);
      if (!found) return session.refuse(context, found.error());
      const std::int64_t now = Clock().now_seconds();
      for (const auto& group : found.value()) {
        boost::json::object item = group_json(group, community->time_zone, now, context.language);
        int yes = 0, no = 0;
        for (const auto& member : group.members) {
          if (member.met) (*member.met ? yes : no) += 1;
        }
        item["met_yes"] = yes;
        item["met_no"] = no;
        item["shared_text"] = joined(group.shared_topics);
        groups.push_back(std::move(item));
      }
    }
    boost::json::array never;
    for (const auto& [id, name] : stats->never_grouped)
      never.push_back({{"user_id", id}, {"display_name", name}});
    const int percent = static_cast<int>(stats->met_rate * 100.0 + 0.5);
    return session.page(
        context, 200, "coffee/stats",
        {{"community", communities::community_json(community.value())},
         {"program", program_view(session, context, seen->program, community.value())},
         {"stats",
          {{"rounds_closed", stats->rounds_closed},
           {"groups", stats->groups},
           {"groups_answered", stats->groups_answered},
           {"groups_met", stats->groups_met},
           {"met_percent", percent},
           {"new_connections", stats->new_connections},
           {"people_grouped", stats->people_grouped},
           {"never_count", static_cast<std::int64_t>(stats->never_grouped.size())}}},
         {"never", never},
         {"has_never", !never.empty()},
         {"rounds", rounds},
         {"has_rounds", !rounds.empty()},
         {"groups", groups},
         {"shown_number", shown_number}},
        {.title = session.text(context, "coffee_stats") + " · " + seen->program.name});
  });
}

}  // namespace moim::coffee
