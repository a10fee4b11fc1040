// /api/v1/communities*, /api/v1/users/{id}: the JSON twin of the community pages.
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::communities {

using accounts::ApiReply;
using accounts::RequestContext;

boost::json::object community_json(const Community& community) {
  return {{"id", community.id},
          {"slug", community.slug},
          {"name", community.name},
          {"description", community.description},
          {"time_zone", community.time_zone},
          {"default_locale", community.default_locale},
          {"member_count", community.member_count},
          {"created_at", format_utc_iso(community.created_at)}};
}

boost::json::object member_json(const Member& member) {
  boost::json::array interests;
  for (const auto& tag : member.interests) interests.emplace_back(tag);
  return {{"user_id", member.user_id},
          {"display_name", member.display_name},
          {"email", member.email},
          {"stage", stage_name(member.stage)},
          {"joined_at", format_utc_iso(member.joined_at)},
          {"interests", interests}};
}

Result<MemberQuery> member_query(const http::Request& request) {
  MemberQuery query;
  std::map<std::string, std::string> params;
  for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
  web::Fields fields(params);
  auto text = fields.optional_text("q", kMaxSearchChars);
  if (!text) return text.error();
  query.text = text->value_or("");
  if (auto stage = params.find("stage"); stage != params.end() && !stage->second.empty()) {
    query.stage = parse_stage(stage->second);
    if (!query.stage)
      return Error::invalid(
          "stage",
          "stage must be one of observer, participant, auditor, runner, builder, organizer");
  }
  auto page = fields.optional_integer("page", 1, 100000);
  if (!page) return page.error();
  query.page = static_cast<int>(page->value_or(1));
  auto per_page = fields.optional_integer("per_page", 1, 200);
  if (!per_page) return per_page.error();
  query.per_page = static_cast<int>(per_page->value_or(50));
  return query;
}

Result<CommunityInput> community_input(const web::Fields& fields, bool creating) {
  CommunityInput input;
  for (auto [target, name, max] :
       {std::tuple{&input.slug, "slug", std::size_t{40}},
        std::tuple{&input.name, "name", kMaxCommunityNameChars},
        std::tuple{&input.description, "description", kMaxDescriptionChars},
        std::tuple{&input.time_zone, "time_zone", std::size_t{64}},
        std::tuple{&input.default_locale, "default_locale", std::size_t{2}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
  }
  if (!creating) input.slug.reset();
  if (input.time_zone && input.time_zone->empty()) input.time_zone.reset();
  if (input.default_locale && input.default_locale->empty()) input.default_locale.reset();
  return input;
}

void add_community_api(http::Router& router, accounts::WebSession& session,
                       CommunitiesService& communities) {
  router.get("/api/v1/communities",
             accounts::api_route(session, [&](RequestContext&, http::Request&) -> Result<ApiReply> {
               auto list = communities.list();
               if (!list) return list.error();
               boost::json::array items;
               for (const auto& community : list.value())
                 items.push_back(community_json(community));
               return ApiReply{200, {{"communities", std::move(items)}}, {}};
             }));

  router.post(
      "/api/v1/communities",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = community_input(fields.value(), true);
            if (!input) return input.error();
            auto created = communities.create(context.viewer, input.value());
            if (!created) return created.error();
            return ApiReply{201, {{"community", community_json(created.value())}}, {}};
          }));

  router.get("/api/v1/communities/{slug}",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto community = communities.find(request.param("slug"));
                   if (!community) return community.error();
                   auto standing = communities.standing(context.viewer, community.value());
                   if (!standing) return standing.error();
                   boost::json::object body{{"community", community_json(community.value())}};
                   body["my_stage"] =
                       standing->stage ? boost::json::value(stage_name(*standing->stage)) : nullptr;
                   return ApiReply{200, body, {}};
                 }));

  router.patch(
      "/api/v1/communities/{slug}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = community_input(fields.value(), true);
            if (!input) return input.error();
            auto updated = communities.update(context.viewer, request.param("slug"), input.value());
            if (!updated) return updated.error();
            return ApiReply{200, {{"community", community_json(updated.value())}}, {}};
          }));

  router.post(
      "/api/v1/communities/{slug}/membership",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            auto joined = communities.join(context.viewer, request.param("slug"));
                            if (!joined) return joined.error();
                            return ApiReply{201, {{"member", member_json(joined.value())}}, {}};
                          }));

  router.del("/api/v1/communities/{slug}/membership",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto left = communities.leave(context.viewer, request.param("slug"));
                   if (!left) return left.error();
                   return ApiReply{204, nullptr, {}};
                 }));

  router.get("/api/v1/communities/{slug}/members",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto query = member_query(request);
                   if (!query) return query.error();
                   auto page =
                       communities.members(context.viewer, request.param("slug"), query.value());
                   if (!page) return page.error();
                   boost::json::array items;
                   for (const auto& member : page->members) items.push_back(member_json(member));
                   return ApiReply{200,
                                   {{"members", items},
                                    {"total", page->total},
                                    {"page", page->page},
                                    {"per_page", page->per_page}},
                                   {}};
                 }));

  router.get(
      "/api/v1/communities/{slug}/members/{user_id}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto user_id = accounts::path_id(request, "user_id");
            if (!user_id) return user_id.error();
            auto found = communities.member(context.viewer, request.param("slug"), user_id.value());
            if (!found) return found.error();
            auto history =
                communities.stage_history(context.viewer, request.param("slug"), user_id.value());
            if (!history) return history.error();
            boost::json::array changes;
            for (const auto& change : history.value()) {
              changes.push_back(
                  {{"from", change.from ? boost::json::value(stage_name(*change.from)) : nullptr},
                   {"to", stage_name(change.to)},
                   {"changed_by", change.changed_by},
                   {"reason", change.reason},
                   {"changed_at", format_utc_iso(change.changed_at)}});
            }
            return ApiReply{
                200, {{"member", member_json(found.value())}, {"history", changes}}, {}};
          }));

  router.patch(
      "/api/v1/communities/{slug}/members/{user_id}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto user_id = accounts::path_id(request, "user_id");
            if (!user_id) return user_id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto stage_text = fields->text("stage", 1, 20);
            if (!stage_text) return stage_text.error();
            auto stage = parse_stage(stage_text.value());
            if (!stage)
              return Error::invalid("stage",
                                    "stage must be one of observer, participant, auditor, runner, "
                                    "builder, organizer");
            auto reason = fields->optional_text("reason", kMaxReasonChars);
            if (!reason) return reason.error();
            auto changed = communities.change_stage(context.viewer, request.param("slug"),
                                                    user_id.value(), *stage, reason->value_or(""));
            if (!changed) return changed.error();
            return ApiReply{200, {{"member", member_json(changed.value())}}, {}};
          }));

  router.get(
      "/api/v1/users/{user_id}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto user_id = accounts::path_id(request, "user_id");
            if (!user_id) return user_id.error();
            auto profile = communities.profile(context.viewer, user_id.value(), session.accounts());
            if (!profile) return profile.error();
            boost::json::array shared;
            for (const auto& [community, stage] : profile->shared_communities) {
              shared.push_back({{"slug", community.slug},
                                {"name", community.name},
                                {"stage", stage_name(stage)}});
            }
            return ApiReply{200,
                            {{"user", accounts::user_json(profile->user, profile->show_email)},
                             {"communities", shared}},
                            {}};
          }));
}

}  // namespace moim::communities
