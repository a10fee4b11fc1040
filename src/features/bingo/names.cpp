// Names on bingo boards and the bingo_name consent (names.hpp).
#include "features/bingo/names.hpp"

namespace moim::bingo {

Status hide_names(db::Transaction& transaction, std::int64_t user_id) {
  auto hidden = transaction.execute("UPDATE bingo_players SET display_name = '' WHERE user_id = ?",
                                    {user_id});
  if (!hidden) return hidden.error();
  return ok_status();
}

Status show_names(db::Transaction& transaction, std::int64_t user_id, const std::string& name) {
  auto shown = transaction.execute(
      "UPDATE bingo_players SET display_name = ? WHERE user_id = ? AND display_name = ''",
      {name, user_id});
  if (!shown) return shown.error();
  return ok_status();
}

}  // namespace moim::bingo
