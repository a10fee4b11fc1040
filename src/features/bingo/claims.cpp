// Prize claims: staff (organizers and the event's staff) redeem a claim code
// once; the tier's stock goes down by a conditional UPDATE (claimed < stock)
// with the CHECK (claimed <= stock) behind it, so it never goes below zero.
#include "features/bingo/internal.hpp"
#include "features/bingo/live.hpp"

namespace moim::bingo {

using internal::refusal;

Result<Redeemed> BingoService::redeem(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id, const std::string& typed) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto staff = events_.may_staff(viewer, slug, event_id);
  if (!staff) return staff.error();
  if (!staff.value()) return Error::forbidden("only this event's staff redeem prizes");
  auto community = community_id(slug);
  if (!community) return community.error();
  const std::string code = internal::normalize_code(typed);
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, community.value(), event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  auto row = transaction->query_one(
      "SELECT c.id, c.prize_id, c.redeemed_at, p.lines, " + shown_name_sql("pl") +
          ", c.player_id "
          "FROM bingo_claims c "
          "JOIN bingo_prizes p ON p.id = c.prize_id JOIN bingo_players pl ON pl.id = c.player_id "
          "WHERE c.game_id = ? AND c.code = ?",
      {(*found)->id, code});
  if (!row) return row.error();
  if (!row->has_value()) return refusal(404, "unknown_claim", "code", "no claim has this code");
  const db::Row& claim = **row;
  if (!claim.is_null(2))
    return refusal(409, "already_redeemed", "code", "this prize was already handed out");
  auto taken = transaction->execute(
      "UPDATE bingo_prizes SET claimed = claimed + 1 WHERE id = ? AND claimed < stock",
      {claim.int64(1)});
  if (!taken) return taken.error();
  if (taken.value() == 0)
    return refusal(409, "out_of_stock", "code", "this tier's prizes are all handed out");
  const std::int64_t now = clock_.now_seconds();
  auto redeemed = transaction->execute(
      "UPDATE bingo_claims SET redeemed_at = ?, redeemed_by = ? WHERE id = ? AND redeemed_at IS "
      "NULL",
      {now, viewer.user_id(), claim.int64(0)});
  if (!redeemed) return redeemed.error();
  if (redeemed.value() == 0)
    return refusal(409, "already_redeemed", "code", "this prize was already handed out");
  auto prizes = internal::prizes_of(*transaction, (*found)->id);
  if (!prizes) return prizes.error();
  Redeemed result{.claim = {claim.int64(0), static_cast<int>(claim.int64(3)), code, now},
                  .player_name = claim.text(4)};
  for (const auto& prize : prizes.value())
    if (prize.id == claim.int64(1)) result.prize = prize;
  // The player's page shows the prize handed out.
  if (auto told = live_channels::announce_claim(hub_, *transaction, event_id, claim.int64(5));
      !told)
    return told.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return result;
}

}  // namespace moim::bingo
