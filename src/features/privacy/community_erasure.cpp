#include "features/privacy/community_erasure.hpp"

#include <boost/json/object.hpp>

#include <utility>

#include "features/academy/personal_data.hpp"
#include "features/activity/personal_data.hpp"
#include "features/bingo/personal_data.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/coffee/personal_data.hpp"
#include "features/communities/personal_data.hpp"
#include "features/events/personal_data.hpp"
#include "features/mentoring/personal_data.hpp"
#include "features/wiki/personal_data.hpp"
#include "platform/outbox/community_erasure.hpp"
#include "platform/web/input.hpp"

namespace moim::privacy {

namespace {

// The privacy room's own part: who set the retention periods; the
// organizers' export requests made in the community (their reason names the
// member); and the members' prepared exports, whose ZIPs hold the
// community's records and expire now (a queued one is built without them).
Status erase_retention(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  return web::run_erasure_steps(
      transaction,
      {{"retention_policies",
        "anonymised",
        "UPDATE retention_policies SET updated_by = NULL WHERE community_id = ? AND updated_by IS "
        "NOT NULL",
        {erasure.community_id}},
       {"data_exports",
        "anonymised",
        "UPDATE data_exports SET reason = '', requested_by = NULL, community_id = NULL WHERE "
        "community_id = ?",
        {erasure.community_id}},
       web::ids_step("data_exports", "deleted",
                     "UPDATE data_exports SET state = 'expired', zip_base64 = NULL, expires_at = ? "
                     "WHERE state = 'ready' AND user_id IN (@IDS@)",
                     erasure.member_ids, {erasure.now})},
      report);
}

}  // namespace

std::vector<CommunityEraser> community_erasers() {
  // The outbox first (what the erasure itself queues must survive it),
  // bingo before events (players point at registrations), communities last.
  return {outbox::erase_community, certificates::erase_community, bingo::erase_community,
          events::erase_community, mentoring::erase_community,    wiki::erase_community,
          coffee::erase_community, activity::erase_community,     academy::erase_community,
          erase_retention,         communities::erase_community};
}

CommunityErasureService::CommunityErasureService(db::Database& database, const Clock& clock,
                                                 communities::CommunitiesService& communities,
                                                 std::vector<CommunityEraser> erasers,
                                                 std::string name_key)
    : database_(database),
      clock_(clock),
      communities_(communities),
      erasers_(std::move(erasers)),
      name_key_(std::move(name_key)) {}

Result<communities::Community> CommunityErasureService::erasable(const accounts::Viewer& viewer,
                                                                 const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (!viewer.is_admin()) return Error::forbidden("only a platform admin may erase a community");
  return communities_.find(slug);  // 404, or 410 once erased
}

Result<CommunityErasureResult> CommunityErasureService::erase(const accounts::Viewer& viewer,
                                                              const std::string& slug,
                                                              const std::string& confirm,
                                                              const std::string& reason) {
  auto community = erasable(viewer, slug);
  if (!community) return community.error();
  if (web::trim(confirm) != community->slug)
    return Error{422, "confirmation_mismatch", "type the community's slug to confirm", "confirm"};
  const std::string trimmed = web::trim(reason);
  if (trimmed.empty())
    return Error::invalid("reason", "say why this community is erased, and on whose request");
  if (trimmed.size() > kMaxCommunityErasureReasonChars)
    return Error::invalid("reason", "reason must be at most " +
                                        std::to_string(kMaxCommunityErasureReasonChars) +
                                        " characters");

  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  // Two admins at once: the second one finds it done.
  auto erased = communities::community_erased(*transaction, community->id);
  if (!erased) return erased.error();
  if (erased.value())
    return Error{410, "community_erased", "this community has been erased", "slug"};
  const std::int64_t now = clock_.now_seconds();
  web::CommunityErasure erasure{.community_id = community->id, .now = now, .name_key = name_key_};
  auto members = communities::member_ids_of(*transaction, community->id);
  if (!members) return members.error();
  erasure.member_ids = std::move(members.value());
  auto cohorts = academy::cohort_ids_of(*transaction, community->id);
  if (!cohorts) return cohorts.error();
  erasure.cohort_ids = std::move(cohorts.value());
  auto projects = academy::project_ids_of(*transaction, community->id);
  if (!projects) return projects.error();
  erasure.project_ids = std::move(projects.value());

  CommunityErasureResult result{.slug = community->slug, .name = community->name, .erased_at = now};
  for (const CommunityEraser& eraser : erasers_) {
    if (auto status = eraser(*transaction, erasure, result.report); !status) return status.error();
  }
  // Counts per table and action, never what the rows held.
  boost::json::object counts;
  for (const web::ErasedRows& rows : result.report) {
    const std::string key = rows.table + "." + rows.action;
    const boost::json::value* before = counts.if_contains(key);
    counts[key] = (before ? before->as_int64() : 0) + rows.rows;
  }
  if (auto status = communities::write_audit(
          *transaction, community->id, viewer.user_id(), "community.erased", community->slug,
          {{"reason", trimmed},
           {"members", static_cast<std::int64_t>(erasure.member_ids.size())},
           {"counts", counts}},
          now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return result;
}

}  // namespace moim::privacy
