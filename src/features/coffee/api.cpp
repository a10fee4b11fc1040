// /api/v1/communities/{slug}/coffee/*: the JSON twin of the coffee-chat pages.
#include <limits>

#include "features/coffee/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::coffee {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

boost::json::array strings(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

// The request body as an object (an empty body is an empty object).
Result<boost::json::object> body_object(const http::Request& request) {
  if (request.body.empty()) return boost::json::object{};
  return web::json_body(request);
}

// [{"day":1,"hour":20}, ...] in the person's own time zone.
Result<std::optional<std::vector<LocalSlot>>> slots_from(const boost::json::object& body) {
  auto found = body.find("slots");
  if (found == body.end() || found->value().is_null())
    return std::optional<std::vector<LocalSlot>>{};
  const Error wrong = Error::invalid(
      "slots", "slots must be a list of {\"day\": 0-6 (Monday first), \"hour\": 0-23}");
  if (!found->value().is_array()) return wrong;
  if (found->value().as_array().size() > kMaxSlots)
    return Error::invalid("slots", "at most 168 slots a week");
  std::vector<LocalSlot> slots;
  for (const auto& item : found->value().as_array()) {
    if (!item.is_object()) return wrong;
    const auto& object = item.as_object();
    const auto* day = object.if_contains("day");
    const auto* hour = object.if_contains("hour");
    if (!day || !hour || !day->is_int64() || !hour->is_int64()) return wrong;
    if (day->as_int64() < 0 || day->as_int64() > 6 || hour->as_int64() < 0 || hour->as_int64() > 23)
      return wrong;
    slots.push_back({static_cast<int>(day->as_int64()), static_cast<int>(hour->as_int64())});
  }
  return std::optional<std::vector<LocalSlot>>{std::move(slots)};
}

Result<std::optional<std::vector<std::int64_t>>> avoid_from(const boost::json::object& body) {
  auto found = body.find("avoid");
  if (found == body.end() || found->value().is_null())
    return std::optional<std::vector<std::int64_t>>{};
  const Error wrong = Error::invalid("avoid", "avoid must be a list of user ids");
  if (!found->value().is_array()) return wrong;
  if (found->value().as_array().size() > kMaxAvoid)
    return Error::invalid("avoid", "at most " + std::to_string(kMaxAvoid) + " people");
  std::vector<std::int64_t> ids;
  for (const auto& item : found->value().as_array()) {
    if (!item.is_int64() || item.as_int64() <= 0) return wrong;
    ids.push_back(item.as_int64());
  }
  return std::optional<std::vector<std::int64_t>>{std::move(ids)};
}

Result<ParticipationInput> participation_input(const boost::json::object& body) {
  web::Fields fields(body);
  ParticipationInput input;
  auto opted_in = fields.optional_boolean("opted_in");
  if (!opted_in) return opted_in.error();
  input.opted_in = opted_in.value();
  auto snoozed = fields.optional_boolean("snoozed");
  if (!snoozed) return snoozed.error();
  input.snoozed = snoozed.value();
  auto zone = fields.optional_text("time_zone", 64);
  if (!zone) return zone.error();
  input.time_zone = zone.value();
  auto languages = fields.optional_list("languages", kMaxTags, kMaxTagChars);
  if (!languages) return languages.error();
  input.languages = languages.value();
  auto topics = fields.optional_list("topics", kMaxTags, kMaxTagChars);
  if (!topics) return topics.error();
  input.topics = topics.value();
  auto slots = slots_from(body);
  if (!slots) return slots.error();
  input.slots = slots.value();
  auto avoid = avoid_from(body);
  if (!avoid) return avoid.error();
  input.avoid = avoid.value();
  return input;
}

}  // namespace

boost::json::object round_json(const Round& round) {
  boost::json::object json{
      {"id", round.id}, {"number", round.number}, {"cutoff_at", format_utc_iso(round.cutoff_at)}};
  json["closed_at"] = round.closed_at ? boost::json::value(format_utc_iso(*round.closed_at))
                                      : boost::json::value(nullptr);
  if (round.closed_at) {
    json["people_count"] = round.people_count;
    json["group_count"] = round.group_count;
    json["repeated_pairs"] = round.repeated_pairs;
  }
  return json;
}

boost::json::object program_json(const Program& program) {
  return {
      {"id", program.id},
      {"name", program.name},
      {"description", program.description},
      {"audience", program.audience},
      {"cohort", program.audience_cohort_key.empty()
                     ? boost::json::value(nullptr)
                     : boost::json::value(program.audience_cohort_key)},
      {"project_id", program.audience_project_id ? boost::json::value(*program.audience_project_id)
                                                 : boost::json::value(nullptr)},
      {"audience_name", program.audience_name},
      {"cadence", cadence_name(program.cadence)},
      {"min_size", program.min_size},
      {"target_size", program.target_size},
      {"max_size", program.max_size},
      {"mix_circles", program.mix_circles},
      {"mix_projects", program.mix_projects},
      {"mix_cohorts", program.mix_cohorts},
      {"mix_newcomers", program.mix_newcomers},
      {"require_common_slot", program.require_common_slot},
      {"participant_count", program.participant_count},
      {"open_round", round_json(program.open_round)},
      {"created_at", format_utc_iso(program.created_at)}};
}

boost::json::object group_json(const Group& group, const std::string& time_zone, std::int64_t now,
                               std::string_view language) {
  boost::json::array members;
  for (const auto& member : group.members) {
    boost::json::object item{{"user_id", member.user_id},
                             {"display_name", member.display_name},
                             {"bio", member.bio},
                             {"interests", strings(member.interests)},
                             {"topics", strings(member.topics)},
                             {"languages", strings(member.languages)},
                             {"is_host", member.is_host}};
    item["met"] = member.met ? boost::json::value(*member.met) : boost::json::value(nullptr);
    members.push_back(std::move(item));
  }
  boost::json::array slots;
  for (int slot : group.common_slots) {
    const LocalSlot local = to_local_slot(slot, time_zone, now);
    slots.push_back({{"utc_hour_of_week", slot},
                     {"day", local.day},
                     {"hour", local.hour},
                     {"label", describe_slot(slot, time_zone, now, language)}});
  }
  return {{"id", group.id},
          {"round_id", group.round_id},
          {"round_number", group.round_number},
          {"members", members},
          {"shared_topics", strings(group.shared_topics)},
          {"common_slots", slots},
          {"time_zone", time_zone}};
}

boost::json::object participation_json(const Participation& participation, std::int64_t now) {
  boost::json::array slots;
  for (int slot : participation.slots) {
    const LocalSlot local = to_local_slot(slot, participation.time_zone, now);
    slots.push_back({{"day", local.day}, {"hour", local.hour}, {"utc_hour_of_week", slot}});
  }
  boost::json::array avoid;
  for (auto id : participation.avoid) avoid.emplace_back(id);
  return {{"opted_in", participation.opted_in},
          {"snoozed", participation.snoozed},
          {"time_zone", participation.time_zone},
          {"slots", slots},
          {"languages", strings(participation.languages)},
          {"topics", strings(participation.topics)},
          {"avoid", avoid}};
}

Result<ProgramInput> program_input(const web::Fields& fields) {
  ProgramInput input;
  for (auto [target, name, max] :
       {std::tuple{&input.name, "name", kMaxProgramNameChars},
        std::tuple{&input.description, "description", kMaxProgramDescriptionChars},
        std::tuple{&input.cadence, "cadence", std::size_t{20}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
  }
  auto audience = fields.optional_text("audience", 20);
  if (!audience) return audience.error();
  input.audience = audience.value();
  auto cohort = fields.optional_text("cohort", 40);
  if (!cohort) return cohort.error();
  input.cohort = cohort.value();
  auto project_id =
      fields.optional_integer("project_id", 1, std::numeric_limits<std::int64_t>::max());
  if (!project_id) return project_id.error();
  input.project_id = project_id.value();
  for (auto [target, name] :
       {std::pair{&input.min_size, "min_size"}, std::pair{&input.target_size, "target_size"},
        std::pair{&input.max_size, "max_size"}}) {
    auto value = fields.optional_integer(name, 2, 8);
    if (!value) return value.error();
    *target = value.value();
  }
  for (auto [target, name] : {std::pair{&input.mix_circles, "mix_circles"},
                              std::pair{&input.mix_projects, "mix_projects"},
                              std::pair{&input.mix_cohorts, "mix_cohorts"},
                              std::pair{&input.mix_newcomers, "mix_newcomers"},
                              std::pair{&input.require_common_slot, "require_common_slot"}}) {
    auto value = fields.optional_boolean(name);
    if (!value) return value.error();
    *target = value.value();
  }
  auto cutoff = fields.optional_integer("cutoff_at", 0, 4'102'444'800);  // before 2100
  if (!cutoff) return cutoff.error();
  input.cutoff_at = cutoff.value();
  return input;
}

void add_coffee_api(http::Router& router, accounts::WebSession& session, CoffeeService& coffee) {
  const std::string base = "/api/v1/communities/{slug}/coffee/programs";

  router.get(base,
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = coffee.programs(context.viewer, request.param("slug"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& program : list.value()) items.push_back(program_json(program));
                   return ApiReply{200, {{"programs", std::move(items)}}, {}};
                 }));

  router.post(
      base, accounts::api_route(
                session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                  if (!context.viewer.signed_in()) return Error::unauthenticated();
                  auto fields = accounts::api_fields(request);
                  if (!fields) return fields.error();
                  auto input = program_input(fields.value());
                  if (!input) return input.error();
                  auto created =
                      coffee.create(context.viewer, request.param("slug"), input.value());
                  if (!created) return created.error();
                  return ApiReply{201, {{"program", program_json(created.value())}}, {}};
                }));

  router.get(
      base + "/{program_id}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto program_id = accounts::path_id(request, "program_id");
            if (!program_id) return program_id.error();
            auto seen = coffee.view(context.viewer, request.param("slug"), program_id.value());
            if (!seen) return seen.error();
            const std::int64_t now = Clock().now_seconds();
            boost::json::object body{{"program", program_json(seen->program)},
                                     {"participation", participation_json(seen->mine, now)},
                                     {"can_manage", seen->can_manage},
                                     {"in_audience", seen->in_audience}};
            body["my_group"] =
                seen->my_group ? boost::json::value(group_json(
                                     *seen->my_group, seen->mine.time_zone, now, context.language))
                               : boost::json::value(nullptr);
            return ApiReply{200, body, {}};
          }));

  router.patch(
      base + "/{program_id}",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto program_id = accounts::path_id(request, "program_id");
                            if (!program_id) return program_id.error();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto input = program_input(fields.value());
                            if (!input) return input.error();
                            auto updated = coffee.update(context.viewer, request.param("slug"),
                                                         program_id.value(), input.value());
                            if (!updated) return updated.error();
                            return ApiReply{200, {{"program", program_json(updated.value())}}, {}};
                          }));

  router.put(base + "/{program_id}/participation",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto program_id = accounts::path_id(request, "program_id");
                   if (!program_id) return program_id.error();
                   auto body = body_object(request);
                   if (!body) return body.error();
                   auto input = participation_input(body.value());
                   if (!input) return input.error();
                   auto saved = coffee.participate(context.viewer, request.param("slug"),
                                                   program_id.value(), input.value());
                   if (!saved) return saved.error();
                   return ApiReply{200,
                                   {{"participation",
                                     participation_json(saved.value(), Clock().now_seconds())}},
                                   {}};
                 }));

  router.del(base + "/{program_id}/participation",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto program_id = accounts::path_id(request, "program_id");
                   if (!program_id) return program_id.error();
                   ParticipationInput input;
                   input.opted_in = false;
                   auto saved = coffee.participate(context.viewer, request.param("slug"),
                                                   program_id.value(), input);
                   if (!saved) return saved.error();
                   return ApiReply{204, nullptr, {}};
                 }));

  router.post(
      base + "/{program_id}/close-round",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto program_id = accounts::path_id(request, "program_id");
            if (!program_id) return program_id.error();
            auto outcome =
                coffee.close_round(context.viewer, request.param("slug"), program_id.value());
            if (!outcome) return outcome.error();
            return ApiReply{200,
                            {{"closed_round", round_json(outcome->closed)},
                             {"next_round", round_json(outcome->next)},
                             {"groups", outcome->groups},
                             {"people", outcome->people},
                             {"repeated_pairs", outcome->repeated_pairs},
                             {"hard_violations", outcome->hard_violations}},
                            {}};
          }));

  router.get(
      base + "/{program_id}/rounds/{round_id}/groups",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto program_id = accounts::path_id(request, "program_id");
            if (!program_id) return program_id.error();
            auto round_id = accounts::path_id(request, "round_id");
            if (!round_id) return round_id.error();
            auto groups = coffee.round_groups(context.viewer, request.param("slug"),
                                              program_id.value(), round_id.value());
            if (!groups) return groups.error();
            boost::json::array items;
            for (const auto& group : groups.value())
              items.push_back(group_json(group, "UTC", Clock().now_seconds(), context.language));
            return ApiReply{200, {{"groups", std::move(items)}}, {}};
          }));

  router.put(base + "/{program_id}/groups/{group_id}/feedback",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto program_id = accounts::path_id(request, "program_id");
                   if (!program_id) return program_id.error();
                   auto group_id = accounts::path_id(request, "group_id");
                   if (!group_id) return group_id.error();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto met = fields->optional_boolean("met");
                   if (!met) return met.error();
                   if (!met.value()) return Error::invalid("met", "met is required: true or false");
                   auto answered =
                       coffee.answer(context.viewer, request.param("slug"), program_id.value(),
                                     group_id.value(), *met.value());
                   if (!answered) return answered.error();
                   return ApiReply{200, {{"met", *met.value()}}, {}};
                 }));

  router.get(base + "/{program_id}/stats",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto program_id = accounts::path_id(request, "program_id");
                   if (!program_id) return program_id.error();
                   auto stats =
                       coffee.stats(context.viewer, request.param("slug"), program_id.value());
                   if (!stats) return stats.error();
                   boost::json::array never;
                   for (const auto& [id, name] : stats->never_grouped)
                     never.push_back({{"user_id", id}, {"display_name", name}});
                   boost::json::array rounds;
                   for (const auto& round : stats->rounds) rounds.push_back(round_json(round));
                   return ApiReply{200,
                                   {{"rounds_closed", stats->rounds_closed},
                                    {"groups", stats->groups},
                                    {"groups_answered", stats->groups_answered},
                                    {"groups_met", stats->groups_met},
                                    {"met_rate", stats->met_rate},
                                    {"new_connections", stats->new_connections},
                                    {"people_grouped", stats->people_grouped},
                                    {"never_grouped", never},
                                    {"rounds", rounds}},
                                   {}};
                 }));
}

}  // namespace moim::coffee
