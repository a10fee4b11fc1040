// Sponsors' uploaded logos: PNG or JPEG only (an SVG can carry script, so it
// is never taken), kept by digest beside the event's cover (images.cpp).
#include "features/events/images.hpp"
#include "features/events/internal.hpp"
#include "features/events/programme_internal.hpp"

namespace moim::events {

namespace programme_internal {

Sponsor sponsor_from(const db::Row& row) {
  Sponsor sponsor{.id = row.int64(0),
                  .name = row.text(1),
                  .logo_url = row.text(3),
                  .link = row.text(4),
                  .logo = images::ref_from(row, 5)};
  for (int index = 0; index < 5; ++index) {
    if (sponsor_tier_name(static_cast<SponsorTier>(index)) == row.text(2))
      sponsor.tier = static_cast<SponsorTier>(index);
  }
  return sponsor;
}

}  // namespace programme_internal

namespace {
constexpr const char* kLogoField = "logo_image_base64";
}

Result<Sponsor> ProgrammeService::sponsor_in(db::Transaction& transaction, std::int64_t event_id,
                                             std::int64_t sponsor_id) {
  auto row = transaction.query_one(
      std::string(programme_internal::kSponsorSelect) + "WHERE s.id = ? AND s.event_id = ?",
      {sponsor_id, event_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such sponsor");
  return programme_internal::sponsor_from(**row);
}

Result<Sponsor> ProgrammeService::set_sponsor_logo(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t event_id,
                                                   std::int64_t sponsor_id,
                                                   const std::string& bytes) {
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  auto logo = images::check(bytes, kLogoField, images::kSponsorLogo);
  if (!logo) return logo.error();
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t community_id = found->event.community_id;
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto before = sponsor_in(*transaction, event_id, sponsor_id);
  if (!before) return before.error();
  if (auto kept = images::keep(*transaction, community_id, *logo, bytes, now); !kept)
    return kept.error();
  auto changed = transaction->execute(
      "UPDATE event_sponsors SET logo_digest = ? WHERE id = ? AND event_id = ?",
      {logo->digest, sponsor_id, event_id});
  if (!changed) return changed.error();
  if (before->logo && before->logo->digest != logo->digest) {
    if (auto forgotten = images::forget_if_unused(*transaction, community_id, before->logo->digest);
        !forgotten)
      return forgotten.error();
  }
  auto after = sponsor_in(*transaction, event_id, sponsor_id);
  if (!after) return after.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return after;
}

Result<Sponsor> ProgrammeService::remove_sponsor_logo(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t event_id,
                                                      std::int64_t sponsor_id) {
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto before = sponsor_in(*transaction, event_id, sponsor_id);
  if (!before) return before.error();
  if (!before->logo) return before;  // already without one
  auto changed = transaction->execute(
      "UPDATE event_sponsors SET logo_digest = NULL WHERE id = ? AND event_id = ?",
      {sponsor_id, event_id});
  if (!changed) return changed.error();
  if (auto forgotten =
          images::forget_if_unused(*transaction, found->event.community_id, before->logo->digest);
      !forgotten)
    return forgotten.error();
  auto after = sponsor_in(*transaction, event_id, sponsor_id);
  if (!after) return after.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return after;
}

}  // namespace moim::events
