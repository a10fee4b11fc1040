#include "features/bingo/personal_data.hpp"

namespace moim::bingo {

// The member's boards, whom they exchanged with (as the other board's id),
// and their prize claims.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  if (auto status = web::add_personal_records(
          out, transaction, "bingo_boards", {"bingo_players"},
          "SELECT p.id, g.event_id, p.game_id, p.display_name, p.code, p.picks, p.board, p.marks, "
          "p.lines, p.lines_at, p.joined_at, p.left_at FROM bingo_players p "
          "JOIN bingo_games g ON g.id = p.game_id WHERE p.user_id = ? ORDER BY p.id",
          {user_id},
          {"#id", "#event_id", "#game_id", "display_name", "code", "@picks", "@board", "@marks",
           "#lines", "#lines_at", "#joined_at", "#left_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "bingo_exchanges", {"bingo_exchanges"},
          "SELECT x.id, x.game_id, CASE WHEN x.low_player_id = p.id THEN x.high_player_id "
          "ELSE x.low_player_id END, x.booth_id, x.created_at, x.voided_at FROM bingo_exchanges x "
          "JOIN bingo_players p ON p.id = x.low_player_id OR p.id = x.high_player_id "
          "WHERE p.user_id = ? ORDER BY x.created_at, x.id",
          {user_id},
          {"#id", "#game_id", "#other_player_id", "#booth_id", "#created_at", "#voided_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "bingo_claims", {"bingo_claims"},
          "SELECT c.id, c.game_id, z.lines, c.code, c.created_at, c.redeemed_at FROM bingo_claims "
          "c "
          "JOIN bingo_players p ON p.id = c.player_id JOIN bingo_prizes z ON z.id = c.prize_id "
          "WHERE p.user_id = ? ORDER BY c.id",
          {user_id}, {"#id", "#game_id", "#prize_lines", "code", "#created_at", "#redeemed_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::bingo
