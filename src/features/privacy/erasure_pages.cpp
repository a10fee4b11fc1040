// "Delete my account": GET /me/delete (what happens, the password to
// confirm), POST /me/delete (schedules it and signs out), the organizers'
// POST /c/{slug}/members/{user_id}/erase, and the typed API routes.
#include <boost/describe.hpp>

#include "features/privacy/erasure_routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::privacy {

namespace {

using accounts::RequestContext;
using accounts::WebSession;

http::Response delete_page(const WebSession& session, const RequestContext& context,
                           std::int64_t grace_days) {
  return session.page(context, 200, "privacy/delete", {{"grace_days", grace_days}},
                      {.title = session.text(context, "erasure_title")});
}

std::string due_on(std::int64_t due_at) { return format_utc_iso(due_at).substr(0, 10); }

struct DeletionOut {
  std::int64_t user_id = 0;
  web::Instant requested_at;
  web::Instant due_at;
};
BOOST_DESCRIBE_STRUCT(DeletionOut, (), (user_id, requested_at, due_at))

DeletionOut deletion_out(const accounts::AccountDeletion& deletion) {
  return {deletion.user_id, {deletion.requested_at}, {deletion.due_at}};
}

struct DeleteMeBody {
  web::Text<1, 128> password;
};
BOOST_DESCRIBE_STRUCT(DeleteMeBody, (), (password))

struct MemberPath {
  std::string slug;
  std::int64_t user_id = 0;
};
BOOST_DESCRIBE_STRUCT(MemberPath, (), (slug, user_id))

struct EraseMemberBody {
  web::Text<1, accounts::kMaxDeletionReasonChars> reason;
};
BOOST_DESCRIBE_STRUCT(EraseMemberBody, (), (reason))

}  // namespace

void add_erasure_pages(http::Router& router, WebSession& session,
                       std::shared_ptr<ErasureService> erasure, std::int64_t grace_days) {
  router.get("/me/delete", [&session, grace_days](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    return delete_page(session, context, grace_days);
  });

  router.post("/me/delete", [&session, erasure](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    const auto password = form.find("password");
    auto deletion =
        erasure->request_own(context.viewer, password == form.end() ? "" : password->second);
    if (!deletion) return session.form_failed(request, context, deletion.error());
    // Signed out everywhere now: the page says when, and how to cancel, to
    // an anonymous visitor (the header offers the login, not the account).
    RequestContext signed_out = context;
    signed_out.viewer = accounts::Viewer{};
    http::Response response = session.page(
        signed_out, 200, "privacy/deletion_scheduled", {{"due_on", due_on(deletion->due_at)}},
        {.title = session.text(context, "erasure_scheduled_title")});
    response.set_cookie(session.session_cookie(context, "", 0));
    response.set_header("Cache-Control", "private, no-store");
    return response;
  });

  router.post("/c/{slug}/members/{user_id}/erase", [&session, erasure](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    const std::string slug = request.param("slug");
    auto member_id = accounts::path_id(request, "user_id");
    if (!member_id) return session.refuse(context, member_id.error());
    const auto reason = form.find("reason");
    auto deletion = erasure->request_for_member(context.viewer, slug, member_id.value(),
                                                reason == form.end() ? "" : reason->second);
    if (!deletion) return session.form_failed(request, context, deletion.error());
    return http::Response::redirect("/c/" + slug + "/members/" + std::to_string(member_id.value()) +
                                    "?notice=erasure_requested");
  });
}

void add_erasure_api(accounts::ApiRoutes& routes, std::shared_ptr<ErasureService> erasure) {
  routes.add<web::Nothing, web::Nothing, DeleteMeBody, DeletionOut>(
      {.method = http::Method::kPost,
       .path = "/api/v1/me/deletion",
       .operation_id = "deleteMyAccount",
       .summary = "Delete my account after the grace period",
       .description =
           "Confirmed with the account's password. Ends every session and API token (this one "
           "too) and mails the day the account will be erased; signing in before then cancels "
           "it. 409 when the caller is the only organizer of a community or the only platform "
           "admin, or a deletion is already scheduled.",
       .tag = "privacy",
       .status = 202,
       .errors = {409, 422}},
      [erasure](auto& call) -> Result<DeletionOut> {
        auto deletion = erasure->request_own(call.viewer(), call.body.password.value);
        if (!deletion) return deletion.error();
        return deletion_out(deletion.value());
      });
  routes.add<MemberPath, web::Nothing, EraseMemberBody, DeletionOut>(
      {.method = http::Method::kPost,
       .path = "/api/v1/communities/{slug}/members/{user_id}/erasure",
       .operation_id = "eraseMember",
       .summary = "Erase a member's account on their request (organizers)",
       .description =
           "Schedules the erasure with the same grace period as the member's own request; they "
           "are mailed and may cancel by signing in. The reason (whose request, how it came) "
           "goes to the audit log. 409 when the person also belongs to another community (only "
           "they or a platform admin may end such an account), is the only organizer of a "
           "community, or already has a deletion scheduled.",
       .tag = "privacy",
       .status = 202,
       .errors = {403, 409}},
      [erasure](auto& call) -> Result<DeletionOut> {
        auto deletion = erasure->request_for_member(call.viewer(), call.path.slug,
                                                    call.path.user_id, call.body.reason.value);
        if (!deletion) return deletion.error();
        return deletion_out(deletion.value());
      });
}

}  // namespace moim::privacy
