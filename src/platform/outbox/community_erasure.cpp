#include "platform/outbox/community_erasure.hpp"

namespace moim::outbox {

// A row being delivered right now ('delivering') is left to finish; retention
// empties it with every finished row later.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"outbox",
           "cancelled",
           "UPDATE outbox SET state = 'cancelled', target = '', payload = '{}', result = NULL, "
           "updated_at = ? WHERE community_id = ? AND state IN ('pending', 'failed')",
           {erasure.now, id}},
          {"outbox",
           "anonymised",
           "UPDATE outbox SET target = '', payload = '{}', result = NULL WHERE community_id = ? "
           "AND state IN ('done', 'dead', 'cancelled') AND (target <> '' OR payload <> '{}' OR "
           "result IS NOT NULL)",
           {id}},
          {"webhook_endpoints",
           "deleted",
           "DELETE FROM webhook_endpoints WHERE community_id = ?",
           {id}},
      },
      report);
}

}  // namespace moim::outbox
