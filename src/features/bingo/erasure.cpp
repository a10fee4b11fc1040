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
