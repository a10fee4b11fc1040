// Mentoring pairs' Discord channels: the organizer page
// /c/{slug}/mentoring/{program}/discord (the plan, then "Apply") and its
// JSON twins /api/v1/communities/{slug}/mentoring/programs/{program}/discord/
// plan (GET) and .../discord/apply (POST: 202), declared as typed routes.
#include "features/communities/routes.hpp"
#include "features/integrations/discord/routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::discord {

namespace {

using accounts::RequestContext;

struct ProgramPath {
  std::string slug;
  std::int64_t program = 0;
};
BOOST_DESCRIBE_STRUCT(ProgramPath, (), (slug, program))

struct PlannedOut {
  std::string verb;  // "create" or "update"
  std::string summary;
  std::string idempotency_key;
};
BOOST_DESCRIBE_STRUCT(PlannedOut, (), (verb, summary, idempotency_key))

struct NoticeOut {
  std::string key;  // a catalog key
  std::string subject;
};
BOOST_DESCRIBE_STRUCT(NoticeOut, (), (key, subject))

struct PairChannelsOut {
  std::int64_t program_id = 0;
  std::string program_name;
  bool announced = false;
  std::int64_t pairs = 0;
  bool connected = false;
  std::int64_t in_sync = 0;
  std::string remote_error;  // "" when the server was read
  std::vector<PlannedOut> actions;
  std::vector<NoticeOut> notices;
};
BOOST_DESCRIBE_STRUCT(PairChannelsOut, (),
                      (program_id, program_name, announced, pairs, connected, in_sync, remote_error,
                       actions, notices))

struct PlanReply {
  PairChannelsOut plan;
};
BOOST_DESCRIBE_STRUCT(PlanReply, (), (plan))

struct ApplyReply {
  PairChannelsOut plan;
  std::int64_t actions = 0;
  std::int64_t enqueued = 0;
};
BOOST_DESCRIBE_STRUCT(ApplyReply, (), (plan, actions, enqueued))

PairChannelsOut out_of(const PairChannelsPlan& planned) {
  PairChannelsOut out{.program_id = planned.program_id,
                      .program_name = planned.program_name,
                      .announced = planned.announced,
                      .pairs = static_cast<std::int64_t>(planned.pairs),
                      .connected = planned.plan.connected,
                      .in_sync = planned.plan.in_sync,
                      .remote_error = planned.plan.remote_error};
  for (const auto& action : planned.plan.actions)
    out.actions.push_back({action.verb, action.summary, action.message.idempotency_key});
  for (const auto& notice : planned.plan.notices)
    out.notices.push_back({notice.key, notice.subject});
  return out;
}

std::string page_path(const std::string& slug, std::int64_t program_id) {
  return "/c/" + slug + "/mentoring/" + std::to_string(program_id) + "/discord";
}

// An action's summary in the viewer's language: its catalog key with the
// {name}s filled in (a value "catalog:KEY" is itself translated).
std::string summary_text(const accounts::WebSession& session, const RequestContext& context,
                         const automation::PlannedAction& action) {
  if (action.summary_key.empty()) return action.summary;
  std::string text = session.text(context, action.summary_key);
  for (const auto& [name, raw] : action.summary_args) {
    const std::string value =
        raw.starts_with("catalog:") ? session.text(context, raw.substr(8)) : raw;
    const std::string marker = "{" + name + "}";
    for (auto at = text.find(marker); at != std::string::npos;
         at = text.find(marker, at + value.size()))
      text.replace(at, marker.size(), value);
  }
  return text;
}

std::optional<std::int64_t> program_id_of(const http::Request& request) {
  try {
    std::size_t used = 0;
    const std::string text = request.param("program");
    const long long id = std::stoll(text, &used);
    if (used != text.size() || id <= 0) return std::nullopt;
    return id;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

void add_pair_channels_api(accounts::ApiRoutes& routes, PairChannelsService& service) {
  const std::string base = "/api/v1/communities/{slug}/mentoring/programs/{program}/discord";
  routes.add<ProgramPath, web::Nothing, web::Nothing, PlanReply>(
      {.method = http::Method::kGet,
       .path = base + "/plan",
       .operation_id = "planMentoringDiscordChannels",
       .summary = "The Discord plan of a mentoring program: a private channel per pair",
       .description = "Organizers only. Reads the server; changes nothing. Notices name people "
                      "who did not link their Discord account.",
       .tag = "discord",
       .errors = {403}},
      [&service](auto& call) -> Result<PlanReply> {
        auto planned = service.plan(call.viewer(), call.path.slug, call.path.program);
        if (!planned) return planned.error();
        return PlanReply{out_of(planned.value())};
      });
  routes.add<ProgramPath, web::Nothing, web::Nothing, ApplyReply>(
      {.method = http::Method::kPost,
       .path = base + "/apply",
       .operation_id = "applyMentoringDiscordChannels",
       .summary = "Apply the Discord plan of a mentoring program",
       .description = "Queues the plan's actions for the outbox worker in one transaction. "
                      "Applying again queues nothing that is queued already; 409 before the "
                      "program's matches are announced or without a Discord bot.",
       .tag = "discord",
       .status = 202,
       .errors = {403, 409}},
      [&service](auto& call) -> Result<ApplyReply> {
        auto applied = service.apply(call.viewer(), call.path.slug, call.path.program);
        if (!applied) return applied.error();
        return ApplyReply{out_of(applied->planned), applied->actions, applied->enqueued};
      });
}

void add_pair_channels_pages(http::Router& router, accounts::WebSession& session,
                             PairChannelsService& service) {
  auto render = [&session, &service](const RequestContext& context, const std::string& slug,
                                     std::int64_t program_id, int status,
                                     const std::string& error_text, const std::string& notice) {
    auto planned = service.plan(context.viewer, slug, program_id);
    if (!planned) return session.refuse(context, planned.error());
    const PairChannelsPlan& shown = planned.value();
    const automation::ServicePlan& plan = shown.plan;
    boost::json::array groups;
    for (std::string_view verb : {"create", "update"}) {
      boost::json::array items;
      for (const auto& action : plan.actions)
        if (action.verb == verb)
          items.push_back(boost::json::object{{"summary", summary_text(session, context, action)}});
      if (items.empty()) continue;
      groups.push_back({{"verb", verb},
                        {"label", session.text(context, "plan_verb_" + std::string(verb))},
                        {"count", items.size()},
                        {"items", std::move(items)}});
    }
    boost::json::array notices;
    for (const auto& plan_notice : plan.notices)
      notices.push_back(
          {{"text", session.text(context, plan_notice.key)}, {"subject", plan_notice.subject}});
    boost::json::object data{
        {"community", communities::community_json(shown.community)},
        {"program",
         {{"name", shown.program_name},
          {"path", "/c/" + slug + "/mentoring/" + std::to_string(program_id)}}},
        {"action", page_path(slug, program_id)},
        {"announced", shown.announced},
        {"connected", plan.connected},
        {"pairs", shown.pairs},
        {"in_sync", plan.in_sync},
        {"remote_error", plan.remote_error},
        {"notices", notices},
        {"has_notices", !notices.empty()},
        {"groups", groups},
        {"action_count", plan.actions.size()},
        {"has_actions", !plan.actions.empty()},
        {"nothing_to_do", shown.announced && plan.connected && plan.actions.empty()},
    };
    return session.page(
        context, status, "discord/pair_channels", std::move(data),
        {.title = session.text(context, "discord_pairs_title") + " · " + shown.program_name,
         .notice_key = notice,
         .error_text = error_text});
  };
  const std::string path = "/c/{slug}/mentoring/{program}/discord";
  router.get(path, [&session, render](http::Request& request) {
    auto context = session.context(request);
    const auto program_id = program_id_of(request);
    if (!program_id) return session.refuse(context, Error::not_found("no such program"));
    const bool applied = request.query_param("notice").value_or("") == "applied";
    return render(context, request.param("slug"), *program_id, 200, "",
                  applied ? "notice_discord_pairs_applied" : "");
  });
  router.post(path, [&session, &service, render](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto program_id = program_id_of(request);
    if (!program_id) return session.refuse(context, Error::not_found("no such program"));
    if (!session.csrf_ok(context, request.form()))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    const std::string slug = request.param("slug");
    auto applied = service.apply(context.viewer, slug, *program_id);
    if (!applied) {
      if (applied.error().http_status != 409) return session.refuse(context, applied.error());
      return render(context, slug, *program_id, 409, session.error_text(context, applied.error()),
                    "");
    }
    // Post/redirect/get: a reload does not apply the plan again.
    return http::Response::redirect(page_path(slug, *program_id) + "?notice=applied");
  });
}

}  // namespace moim::discord
