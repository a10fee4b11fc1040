// The Notion settings page (connect, test, disconnect) and its JSON twin.
// The token is write-only: no page or answer ever shows it.
#include "features/integrations/notion/notion_routes.hpp"

#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::automation::notion {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

boost::json::object view_json(const ConnectionView& view) {
  return {{"connected", view.connected},
          {"database_id",
           view.connected ? boost::json::value(view.database_id) : boost::json::value(nullptr)},
          {"tested", view.tested},
          {"checked_at", view.checked_at ? boost::json::value(format_utc_iso(*view.checked_at))
                                         : boost::json::value(nullptr)},
          {"message", view.check_message},
          {"data_source", view.data_source_id.empty()
                              ? boost::json::value(nullptr)
                              : boost::json::value({{"id", view.data_source_id},
                                                    {"name", view.data_source_name}})},
          {"data_source_count", view.data_source_count}};
}

std::string replace_all(std::string text, std::string_view name, const std::string& value) {
  for (std::size_t at = text.find(name); at != std::string::npos;
       at = text.find(name, at + value.size()))
    text.replace(at, name.size(), value);
  return text;
}

std::optional<std::string> field(const std::map<std::string, std::string>& form,
                                 const std::string& name) {
  auto found = form.find(name);
  if (found == form.end()) return std::nullopt;
  return found->second;
}

}  // namespace

void add_notion_pages(http::Router& router, accounts::WebSession& session, NotionService& notion) {
  auto render = [&](const RequestContext& context, const std::string& slug, int status,
                    const std::string& error_text, const std::string& notice) {
    auto current = notion.connection(context.viewer, slug);
    if (!current) return session.refuse(context, current.error());
    const auto& [community, view] = current.value();
    boost::json::object data = view_json(view);
    data["community"] = communities::community_json(community);
    data["checked"] = view.checked_at
                          ? format_local(*view.checked_at, community.time_zone, "%Y-%m-%d %H:%M")
                          : std::string();
    data["failed_test"] = view.connected && !view.tested;
    if (view.tested && view.data_source_count > 1) {
      // A database with several data sources (Notion, 2025): say which one
      // moim writes to and how to pick another.
      data["several_sources"] = replace_all(
          replace_all(session.text(context, "notion_sources_several"), "{count}",
                      std::to_string(view.data_source_count)),
          "{name}", view.data_source_name.empty() ? view.data_source_id : view.data_source_name);
    }
    return session.page(context, status, "automation/notion", std::move(data),
                        {.title = session.text(context, "notion_title") + " · " + community.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };
  auto guarded = [&session](http::Request& request, auto action) -> http::Response {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    return action(context, form);
  };

  router.get("/c/{slug}/automation/notion", [&, render](http::Request& request) {
    auto context = session.context(request);
    const std::string notice = request.query_param("notice").value_or("");
    return render(context, request.param("slug"), 200, "",
                  notice == "disconnected" ? "notice_notion_disconnected" : "");
  });

  router.post("/c/{slug}/automation/notion", [&, render, guarded](http::Request& request) {
    return guarded(request, [&](const RequestContext& context,
                                const std::map<std::string, std::string>& form) {
      const std::string slug = request.param("slug");
      auto input = connect_input(field(form, "token"), field(form, "database_id"));
      auto saved = input ? notion.connect(context.viewer, slug, input.value())
                         : Result<ConnectionView>(input.error());
      if (!saved) {
        const int status = saved.error().http_status;
        if (status == 401 || status == 403 || status == 404)
          return session.refuse(context, saved.error());
        return render(context, slug, status, session.error_text(context, saved.error()), "");
      }
      return render(context, slug, 200, "", saved->tested ? "notice_notion_connected" : "");
    });
  });

  router.post("/c/{slug}/automation/notion/test", [&, render, guarded](http::Request& request) {
    return guarded(request,
                   [&](const RequestContext& context, const std::map<std::string, std::string>&) {
                     auto tested = notion.test(context.viewer, request.param("slug"));
                     if (!tested) return session.refuse(context, tested.error());
                     return render(context, request.param("slug"), 200, "",
                                   tested->tested ? "notice_notion_connected" : "");
                   });
  });

  router.post("/c/{slug}/automation/notion/delete", [&, guarded](http::Request& request) {
    return guarded(request,
                   [&](const RequestContext& context, const std::map<std::string, std::string>&) {
                     auto removed = notion.disconnect(context.viewer, request.param("slug"));
                     if (!removed) return session.refuse(context, removed.error());
                     return http::Response::redirect("/c/" + request.param("slug") +
                                                     "/automation/notion?notice=disconnected");
                   });
  });
}

void add_notion_api(http::Router& router, accounts::WebSession& session, NotionService& notion) {
  router.get("/api/v1/communities/{slug}/notion",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto current = notion.connection(context.viewer, request.param("slug"));
                   if (!current) return current.error();
                   return ApiReply{200, {{"notion", view_json(current->second)}}, {}};
                 }));

  router.put("/api/v1/communities/{slug}/notion",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto token = fields->optional_text("token", 200);
                   if (!token) return token.error();
                   auto database_id = fields->optional_text("database_id", 300);
                   if (!database_id) return database_id.error();
                   auto input = connect_input(token.value(), database_id.value());
                   if (!input) return input.error();
                   auto saved =
                       notion.connect(context.viewer, request.param("slug"), input.value());
                   if (!saved) return saved.error();
                   return ApiReply{200, {{"notion", view_json(saved.value())}}, {}};
                 }));

  router.post(
      "/api/v1/communities/{slug}/notion/test",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            auto tested = notion.test(context.viewer, request.param("slug"));
                            if (!tested) return tested.error();
                            return ApiReply{200, {{"notion", view_json(tested.value())}}, {}};
                          }));

  router.del("/api/v1/communities/{slug}/notion",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto removed = notion.disconnect(context.viewer, request.param("slug"));
                   if (!removed) return removed.error();
                   return ApiReply{204, nullptr, {}};
                 }));
}

}  // namespace moim::automation::notion
