// The bingo room's erasure rule (features/bingo/personal_data.hpp).
#include "features/bingo/personal_data.hpp"

#include <string>

namespace moim::bingo {

// Boards and exchanges stay: the other players' lines were made with them.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  return web::run_erasure_steps(transaction,
                                {
                                    {"bingo_players",
                                     "anonymised",
                                     "UPDATE bingo_players SET display_name = ? WHERE user_id = ?",
                                     {std::string(web::kErasedName), erasure.user_id}},
                                },
                                report);
}

}  // namespace moim::bingo

namespace moim::bingo {

// Players go with what they did (before the events room deletes the
// registrations they point at); games, keywords, booths and prizes stay.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  const std::string games = "SELECT id FROM bingo_games WHERE community_id = ?";
  return web::run_erasure_steps(transaction,
                                {
                                    {"bingo_claims",
                                     "deleted",
                                     "DELETE FROM bingo_claims WHERE game_id IN (" + games + ")",
                                     {id}},
                                    {"bingo_exchanges",
                                     "deleted",
                                     "DELETE FROM bingo_exchanges WHERE game_id IN (" + games + ")",
                                     {id}},
                                    {"bingo_players",
                                     "deleted",
                                     "DELETE FROM bingo_players WHERE game_id IN (" + games + ")",
                                     {id}},
                                },
                                report);
}

}  // namespace moim::bingo
