// What the hall screen and the organizers' void list read: the network of
// who met whom (organizers and staff) and the latest exchanges (organizers).
#include "features/bingo/internal.hpp"

namespace moim::bingo {

using internal::refusal;

Result<bool> BingoService::may_organize(const accounts::Viewer& viewer, const std::string& slug) {
  if (!viewer.signed_in()) return false;
  return events_.may_create(viewer, slug);
}

Result<bool> BingoService::may_staff(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t event_id) {
  if (!viewer.signed_in()) return false;
  return events_.may_staff(viewer, slug, event_id);
}

Result<Network> BingoService::network(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto staff = events_.may_staff(viewer, slug, event_id);
  if (!staff) return staff.error();
  if (!staff.value()) return Error::forbidden("only this event's organizers and staff");
  auto community = community_id(slug);
  if (!community) return community.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, community.value(), event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  Network network{.exchanges = (*found)->exchanges};
  auto players = transaction->query(
      "SELECT p.id, " + shown_name_sql("p") +
          ", p.lines FROM bingo_players p WHERE p.game_id = ? AND p.left_at IS NULL "
          "ORDER BY p.id",
      {(*found)->id});
  if (!players) return players.error();
  for (const auto& row : players.value())
    network.nodes.push_back({row.int64(0), row.text(1), static_cast<int>(row.int64(2))});
  // Edges between players still on the board: a left player's node is gone.
  auto edges = transaction->query(
      "SELECT e.low_player_id, e.high_player_id FROM bingo_exchanges e "
      "JOIN bingo_players a ON a.id = e.low_player_id JOIN bingo_players b ON b.id = "
      "e.high_player_id WHERE e.game_id = ? AND e.high_player_id IS NOT NULL AND e.voided_at IS "
      "NULL AND a.left_at IS NULL AND b.left_at IS NULL ORDER BY e.id",
      {(*found)->id});
  if (!edges) return edges.error();
  for (const auto& row : edges.value()) network.edges.push_back({row.int64(0), row.int64(1)});
  return network;
}

Result<std::vector<Recent>> BingoService::recent(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t event_id,
                                                 int limit) {
  auto community = organizer_check(viewer, slug);
  if (!community) return community.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, community.value(), event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  auto rows = transaction->query(
      "SELECT e.id, " + shown_name_sql("a") + ", COALESCE(" + shown_name_sql("b") +
          ", s.name), e.booth_id, e.created_at, "
          "e.voided_at FROM bingo_exchanges e JOIN bingo_players a ON a.id = e.low_player_id "
          "LEFT JOIN bingo_players b ON b.id = e.high_player_id LEFT JOIN bingo_booths s ON s.id = "
          "e.booth_id WHERE e.game_id = ? ORDER BY e.id DESC LIMIT ?",
      {(*found)->id, static_cast<std::int64_t>(std::clamp(limit, 1, 200))});
  if (!rows) return rows.error();
  std::vector<Recent> recent;
  for (const auto& row : rows.value())
    recent.push_back(
        {row.int64(0), row.text(1), row.text(2), !row.is_null(3), row.int64(4), !row.is_null(5)});
  return recent;
}

}  // namespace moim::bingo
