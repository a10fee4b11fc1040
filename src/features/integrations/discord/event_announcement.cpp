#include "features/integrations/discord/event_announcement.hpp"

#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::discord {

namespace {

// "{name}" in a catalog string replaced by its value.
std::string fill(std::string text, const std::string& name, const std::string& value) {
  const std::string marker = "{" + name + "}";
  for (auto at = text.find(marker); at != std::string::npos;
       at = text.find(marker, at + value.size()))
    text.replace(at, marker.size(), value);
  return text;
}

std::string registration_line(const web::Catalog& catalog, const std::string& language,
                              const events::Event& event, std::int64_t now) {
  auto local = [&](std::int64_t at) { return format_local(at, event.time_zone); };
  if (event.status == events::EventStatus::cancelled)
    return catalog.text(language, "discord_event_cancelled");
  if (now < event.registration_opens_at)
    return fill(catalog.text(language, "discord_event_registration_soon"), "opens",
                local(event.registration_opens_at));
  if (now >= event.registration_closes_at)
    return catalog.text(language, "discord_event_registration_closed");
  const bool full = event.capacity > 0 && event.confirmed >= event.capacity;
  return fill(catalog.text(language, full ? "discord_event_registration_full"
                                          : "discord_event_registration_open"),
              "until", local(event.registration_closes_at));
}

}  // namespace

std::string event_announcement_text(const web::Catalog& catalog, const std::string& language,
                                    const events::Event& event, const std::string& event_url,
                                    std::int64_t now) {
  const bool online = event.kind == events::Kind::online || event.venue.empty();
  const std::string& zone = event.time_zone;
  std::string when = format_local(event.starts_at, zone);
  if (event.ends_at > event.starts_at) {
    // "2027-03-06 10:00 – 18:00", or both dates when it spans days.
    const bool same_day = format_local(event.ends_at, zone, "%Y-%m-%d") ==
                          format_local(event.starts_at, zone, "%Y-%m-%d");
    when += " – " + format_local(event.ends_at, zone, same_day ? "%H:%M" : "%Y-%m-%d %H:%M");
  }
  std::string text = "📢 " + event.title + "\n";
  text +=
      "🗓 " + catalog.text(language, "discord_event_when") + ": " + when + " (" + zone + ")\n";
  text += "📍 " + catalog.text(language, "discord_event_where") + ": " +
          (online ? catalog.text(language, "discord_event_online") : event.venue) + "\n";
  text += "📝 " + registration_line(catalog, language, event, now) + "\n";
  text += "🔗 " + event_url;
  return text;
}

EventAnnouncementService::EventAnnouncementService(db::Database& database, const Clock& clock,
                                                   DiscordService& discord,
                                                   events::EventsService& events,
                                                   const web::Catalog& catalog,
                                                   std::string base_url)
    : database_(database),
      clock_(clock),
      discord_(discord),
      events_(events),
      catalog_(catalog),
      base_url_(std::move(base_url)) {}

Result<std::string> EventAnnouncementService::state_of(const std::string& key,
                                                       std::int64_t community_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT state FROM outbox WHERE kind = 'discord' AND idempotency_key = ? AND "
      "community_id = ?",
      {key, community_id});
  if (!row) return row.error();
  return row->has_value() ? (*row)->text(0) : std::string();
}

Result<EventAnnouncement> EventAnnouncementService::plan(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t event_id) {
  // The connection's check is the organizer check (401, 403, 404).
  auto current = discord_.connection(viewer, slug);
  if (!current) return current.error();
  auto shown = events_.event(events::Caller{viewer, std::nullopt}, slug, event_id);
  if (!shown) return shown.error();
  EventAnnouncement plan;
  plan.community = current->first;
  plan.event = shown.value();
  const ConnectionView& connection = current->second;
  plan.connected = connection.connected;
  plan.mode = connection.mode;
  plan.guild_name = connection.guild_name;
  plan.channel_id = connection.announcements_channel_id;
  if (!plan.connected) {
    plan.blocked = "not_connected";
  } else if (plan.mode != "webhook" && plan.channel_id.empty()) {
    plan.blocked = "no_channel";
  } else if (plan.event.status == events::EventStatus::cancelled) {
    plan.blocked = "cancelled";
  }
  plan.can_post = plan.blocked.empty();
  plan.language = web::is_supported_language(plan.community.default_locale)
                      ? plan.community.default_locale
                      : "ko";
  const std::string url = base_url_ + "/c/" + slug + "/events/" + std::to_string(event_id);
  plan.content =
      event_announcement_text(catalog_, plan.language, plan.event, url, clock_.now_seconds());
  // The revision is the text itself: the same words are one announcement.
  const std::string revision = crypto::hmac_sha256_hex("moim event announcement", plan.content);
  plan.idempotency_key =
      "discord.announce:event:" + std::to_string(event_id) + ":" + revision.substr(0, 16);
  auto state = state_of(plan.idempotency_key, plan.community.id);
  if (!state) return state.error();
  plan.state = state.value();
  return plan;
}

Result<EventAnnouncement> EventAnnouncementService::apply(const accounts::Viewer& viewer,
                                                          const std::string& slug,
                                                          std::int64_t event_id) {
  auto planned = plan(viewer, slug, event_id);
  if (!planned) return planned.error();
  EventAnnouncement& announcement = planned.value();
  if (!announcement.can_post)
    return Error::conflict("discord",
                           "Discord cannot post this announcement (" + announcement.blocked + ")");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::string revision =
      announcement.idempotency_key.substr(announcement.idempotency_key.rfind(':') + 1);
  outbox::OutboxMessage message{
      .kind = "discord",
      .target = announcement.mode == "webhook" ? "webhook" : announcement.channel_id,
      .payload = {{"op", "announce"},
                  {"content", announcement.content},
                  // Discord drops a quick repeat with the same nonce (25 characters at most).
                  {"nonce", "moim-ev" + std::to_string(event_id) + "-" + revision.substr(0, 8)}},
      .idempotency_key = announcement.idempotency_key,
      .community_id = announcement.community.id,
      .event_id = event_id};
  // The same words again are the same announcement: audited once, when
  // first queued (who sent it, to which channel; never the webhook's address).
  auto sent_before = transaction->query_one("SELECT 1 FROM outbox WHERE idempotency_key = ?",
                                            {announcement.idempotency_key});
  if (!sent_before) return sent_before.error();
  if (auto queued = outbox::enqueue(*transaction, message, clock_.now_seconds()); !queued)
    return queued.error();
  if (!sent_before->has_value()) {
    if (auto status = communities::write_audit(
            *transaction, announcement.community.id, viewer.user_id(), "event.discord_announced",
            std::to_string(event_id),
            {{"event_id", event_id},
             {"mode", announcement.mode},
             {"channel_id", announcement.mode == "webhook" ? "" : announcement.channel_id},
             {"revision", revision}},
            clock_.now_seconds());
        !status)
      return status.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  auto state = state_of(announcement.idempotency_key, announcement.community.id);
  if (!state) return state.error();
  announcement.state = state.value();
  return announcement;
}

}  // namespace moim::discord
