// Announcing an event in the community's Discord, plan before doing: the
// organizer sees where the message goes, its exact text and whether the
// connection can post, then applies — one "announce" outbox row whose
// idempotency key names the event and this revision of the text, so a
// double click (or a second apply of an unchanged event) posts once, and an
// event whose time or place changed may be announced again.
#pragma once

#include <string>

#include "features/events/events_service.hpp"
#include "features/integrations/discord/discord_service.hpp"
#include "platform/web/catalog.hpp"

namespace moim::discord {

struct EventAnnouncement {
  communities::Community community;
  events::Event event;
  bool connected = false;
  std::string mode;        // "bot" or "webhook" when connected
  std::string guild_name;  // bot mode
  std::string channel_id;  // bot mode: the announcements channel ("" for none)
  bool can_post = false;
  // Why not, when !can_post: "not_connected", "no_channel", "cancelled".
  std::string blocked;
  std::string language;  // of the message: the community's
  std::string content;   // exactly what Discord will show
  std::string idempotency_key;
  // This revision's outbox row: "" never queued, else its state
  // ("pending", "delivering", "failed", "done", "dead", "cancelled").
  std::string state;
};

// The message (pure; tested without a server): title, date and time in the
// event's zone, the venue or "online", where registration stands at `now`,
// and the public event URL, in `language`.
std::string event_announcement_text(const web::Catalog& catalog, const std::string& language,
                                    const events::Event& event, const std::string& event_url,
                                    std::int64_t now);

class EventAnnouncementService {
 public:
  EventAnnouncementService(db::Database& database, const Clock& clock, DiscordService& discord,
                           events::EventsService& events, const web::Catalog& catalog,
                           std::string base_url);

  // Organizers (and admins) of the community only: 401, 403, or 404 for an
  // event that is not the community's.
  Result<EventAnnouncement> plan(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id);
  // The plan, and its outbox row enqueued; 409 naming "discord" when the
  // connection cannot post. Applying the same revision again adds nothing.
  Result<EventAnnouncement> apply(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t event_id);

 private:
  Result<std::string> state_of(const std::string& key, std::int64_t community_id);

  db::Database& database_;
  const Clock& clock_;
  DiscordService& discord_;
  events::EventsService& events_;
  const web::Catalog& catalog_;
  std::string base_url_;
};

}  // namespace moim::discord
