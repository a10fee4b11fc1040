#include "features/wiki/personal_data.hpp"

namespace moim::wiki {

// The revisions the person wrote (their own words, with the page they are
// of) and the onboarding steps they ticked.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  return web::personal_queries(
      transaction, user_id,
      {
          {"wiki_revisions",
           {"wiki_revisions"},
           "SELECT r.page_id, r.number, r.title, r.body, r.summary, r.restored_from, r.created_at "
           "FROM wiki_revisions r WHERE r.author_id = ? ORDER BY r.page_id, r.number",
           {"#page_id", "#number", "title", "body", "summary", "#restored_from", "#created_at"}},
          {"wiki_images",
           {"wiki_images"},
           "SELECT id, page_id, content_type, width, height, byte_size, created_at FROM "
           "wiki_images WHERE uploaded_by = ? ORDER BY id",
           {"#id", "#page_id", "content_type", "#width", "#height", "#byte_size", "#created_at"}},
          {"wiki_onboarding",
           {"wiki_onboarding_progress", "wiki_onboarding_finishes"},
           "SELECT 'step', p.community_id, s.title, p.done_at FROM wiki_onboarding_progress p "
           "JOIN wiki_onboarding_steps s ON s.id = p.step_id WHERE p.user_id = ? "
           "UNION ALL SELECT 'finished', community_id, '', finished_at FROM "
           "wiki_onboarding_finishes WHERE user_id = ?",
           {"kind", "#community_id", "step", "#at"}},
      });
}

Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"wiki_onboarding_steps",
           "",
           "UPDATE wiki_onboarding_steps SET done_count = done_count - 1 WHERE id IN (SELECT "
           "step_id FROM wiki_onboarding_progress WHERE user_id = ?)",
           {id}},
          {"wiki_onboarding_progress",
           "deleted",
           "DELETE FROM wiki_onboarding_progress WHERE user_id = ?",
           {id}},
          {"wiki_settings",
           "",
           "UPDATE wiki_settings SET finished_count = finished_count - 1 WHERE community_id IN "
           "(SELECT community_id FROM wiki_onboarding_finishes WHERE user_id = ?)",
           {id}},
          {"wiki_onboarding_finishes",
           "deleted",
           "DELETE FROM wiki_onboarding_finishes WHERE user_id = ?",
           {id}},
          {"wiki_revisions",
           "anonymised",
           "UPDATE wiki_revisions SET author_id = NULL WHERE author_id = ?",
           {id}},
          {"wiki_images",
           "anonymised",
           "UPDATE wiki_images SET uploaded_by = NULL WHERE uploaded_by = ?",
           {id}},
      },
      report);
}

Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"wiki_onboarding_progress",
           "deleted",
           "DELETE FROM wiki_onboarding_progress WHERE community_id = ?",
           {id}},
          {"wiki_onboarding_finishes",
           "deleted",
           "DELETE FROM wiki_onboarding_finishes WHERE community_id = ?",
           {id}},
          {"wiki_onboarding_steps",
           "deleted",
           "DELETE FROM wiki_onboarding_steps WHERE community_id = ?",
           {id}},
          {"wiki_settings", "deleted", "DELETE FROM wiki_settings WHERE community_id = ?", {id}},
          {"wiki_images", "deleted", "DELETE FROM wiki_images WHERE community_id = ?", {id}},
          {"wiki_revisions",
           "deleted",
           "DELETE FROM wiki_revisions WHERE page_id IN (SELECT id FROM wiki_pages WHERE "
           "community_id = ?)",
           {id}},
          // Children first is not needed: parent_id is emptied before the rows go.
          {"wiki_pages", "", "UPDATE wiki_pages SET parent_id = NULL WHERE community_id = ?", {id}},
          {"wiki_pages", "deleted", "DELETE FROM wiki_pages WHERE community_id = ?", {id}},
      },
      report);
}

}  // namespace moim::wiki
