// "Erase this community" for platform admins: GET /admin/communities/{slug}/erase
// (what goes and what stays, the slug typed to confirm, the reason), POST
// the same (the erasure, then its counts), and the typed API route.
#include <boost/describe.hpp>

#include "features/privacy/community_erasure_routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::privacy {

namespace {

using accounts::RequestContext;
using accounts::WebSession;

struct SlugPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(SlugPath, (), (slug))

struct EraseCommunityBody {
  web::Text<1, 40> confirm;
  web::Text<1, kMaxCommunityErasureReasonChars> reason;
};
BOOST_DESCRIBE_STRUCT(EraseCommunityBody, (), (confirm, reason))

struct ErasedRowsOut {
  std::string table;
  std::string action;
  std::int64_t rows = 0;
};
BOOST_DESCRIBE_STRUCT(ErasedRowsOut, (), (table, action, rows))

struct CommunityErasureOut {
  std::string slug;
  std::string name;
  web::Instant erased_at;
  std::vector<ErasedRowsOut> report;
};
BOOST_DESCRIBE_STRUCT(CommunityErasureOut, (), (slug, name, erased_at, report))

boost::json::array report_json(const web::ErasureReport& report) {
  boost::json::array rows;
  for (const web::ErasedRows& each : report)
    rows.push_back({{"table", each.table}, {"action", each.action}, {"rows", each.rows}});
  return rows;
}

Result<communities::Community> erasable_page(
    const std::shared_ptr<CommunityErasureService>& erasure, const RequestContext& context,
    const std::string& slug) {
  return erasure->erasable(context.viewer, slug);
}

}  // namespace

void add_community_erasure_pages(http::Router& router, WebSession& session,
                                 std::shared_ptr<CommunityErasureService> erasure) {
  router.get("/admin/communities/{slug}/erase", [&session, erasure](http::Request& request) {
    auto context = session.context(request);
    auto community = erasable_page(erasure, context, request.param("slug"));
    if (!community) return session.refuse(context, community.error());
    return session.page(context, 200, "privacy/community_erase",
                        {{"slug", community->slug},
                         {"name", community->name},
                         {"member_count", community->member_count}},
                        {.title = session.text(context, "community_erasure_title")});
  });

  router.post("/admin/communities/{slug}/erase", [&session, erasure](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    auto field = [&form](const char* name) {
      const auto found = form.find(name);
      return found == form.end() ? std::string() : found->second;
    };
    auto done =
        erasure->erase(context.viewer, request.param("slug"), field("confirm"), field("reason"));
    if (!done) return session.form_failed(request, context, done.error());
    return session.page(
        context, 200, "privacy/community_erased",
        {{"slug", done->slug}, {"name", done->name}, {"report", report_json(done->report)}},
        {.title = session.text(context, "community_erasure_done_title")});
  });
}

void add_community_erasure_api(accounts::ApiRoutes& routes,
                               std::shared_ptr<CommunityErasureService> erasure) {
  routes.add<SlugPath, web::Nothing, EraseCommunityBody, CommunityErasureOut>(
      {.method = http::Method::kPost,
       .path = "/api/v1/admin/communities/{slug}/erasure",
       .operation_id = "eraseCommunity",
       .summary = "Erase a whole community (platform admins)",
       .description =
           "Erases everything personal the community holds (memberships, applications, "
           "attendance, submissions, growth logs, retrospectives, coffee chats, event "
           "registrations, mentoring, notice agreements; Discord roles are taken through the "
           "outbox) in one transaction. Accounts stay. The community stays as a tombstone: its "
           "certificates still verify at /verify/{number} (the holder's name only as a keyed "
           "hash), its slug stays taken and its pages answer 410. `confirm` must be the slug "
           "(422 otherwise); the reason goes to the audit log with the counts of what went. 403 "
           "for anyone but a platform admin, 410 once erased.",
       .tag = "privacy",
       .status = 200,
       .errors = {403, 404, 410, 422}},
      [erasure](auto& call) -> Result<CommunityErasureOut> {
        auto done = erasure->erase(call.viewer(), call.path.slug, call.body.confirm.value,
                                   call.body.reason.value);
        if (!done) return done.error();
        CommunityErasureOut out{
            .slug = done->slug, .name = done->name, .erased_at = {done->erased_at}};
        for (const web::ErasedRows& each : done->report)
          out.report.push_back({each.table, each.action, each.rows});
        return out;
      });
}

}  // namespace moim::privacy
