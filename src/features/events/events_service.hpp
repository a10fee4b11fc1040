// Events: conferences, meetups, demo days and hackathons of a community, with
// registration that never oversells, a waitlist in arrival order, tickets
// with a short code and a QR code, check-in at the door and the figures after.
// This is the public header other rooms (bingo) use.
//
// Capacity is a rule of the database, not of the process: a seat is taken by
// one conditional UPDATE of the ticket type's `held` count ("held < capacity"),
// which SQLite runs under its single writer and PostgreSQL under the row's
// lock, and a CHECK (held <= capacity) guards it again. So no number of
// instances or concurrent requests can confirm one registration more than the
// seats.
#pragma once

#include <boost/describe.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/events/registration_questions.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::events {

enum class Kind { conference, meetup, demo_day, hackathon, online };
BOOST_DESCRIBE_ENUM(Kind, conference, meetup, demo_day, hackathon, online)
enum class Visibility { public_, members, unlisted };
enum class EventStatus { published, cancelled };
BOOST_DESCRIBE_ENUM(EventStatus, published, cancelled)
enum class RegistrationStatus { confirmed, offered, waitlisted, cancelled };
BOOST_DESCRIBE_ENUM(RegistrationStatus, confirmed, offered, waitlisted, cancelled)

std::string_view visibility_name(Visibility visibility);
std::optional<Visibility> parse_visibility(std::string_view name);

// An uploaded image an event shows (its cover, a sponsor's logo): PNG or
// JPEG bytes that decoded completely, kept by content digest (images.cpp).
enum class ImageFormat { png, jpeg };
struct ImageRef {
  std::string digest;  // hex BLAKE2b-256 of the bytes
  ImageFormat format = ImageFormat::png;
  int width = 0, height = 0;
  std::string_view content_type() const;  // "image/png", "image/jpeg"
  std::string_view extension() const;     // "png", "jpg"
};
// The image's address under its event: /c/{slug}/events/{id}/images/{digest}.{ext}.
std::string event_image_path(const std::string& slug, std::int64_t event_id, const ImageRef& image);
// An image as it is served, with whether shared caches may keep it (the
// event is public or unlisted; a members-only event's images are private).
struct EventImage {
  ImageRef image;
  std::string bytes;
  bool shared_cache = true;
};
inline constexpr std::size_t kMaxCoverBytes = 512 * 1024;  // 4/3 of it as base64 fits a 1 MiB body
inline constexpr int kMaxCoverSide = 4096;                 // pixels
inline constexpr std::size_t kMaxSponsorLogoBytes = 256 * 1024;
inline constexpr int kMaxSponsorLogoSide = 2000;

struct TicketType {
  std::int64_t id = 0;
  std::string name;
  std::int64_t capacity = 0;
  std::int64_t held = 0;  // confirmed and offered
  std::int64_t price_cents = 0;
  std::optional<std::int64_t> sales_open_at, sales_close_at;
  bool organizers_only = false;
  std::int64_t seats_left() const { return capacity > held ? capacity - held : 0; }
};

struct Event {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string community_slug;
  std::string community_name;
  std::string time_zone = "Asia/Seoul";
  std::string title;
  std::string description;
  std::string description_html;  // sanitized
  Kind kind = Kind::meetup;
  std::string venue, address, map_url;
  std::string online_url;  // empty unless the viewer may see it (confirmed, staff, organizer)
  std::int64_t starts_at = 0, ends_at = 0;
  std::int64_t registration_opens_at = 0, registration_closes_at = 0;
  Visibility visibility = Visibility::public_;
  EventStatus status = EventStatus::published;
  int claim_hours = 24;
  std::int64_t capacity = 0;  // all ticket types together
  std::int64_t confirmed = 0, waitlisted = 0, checked_in = 0, cancelled = 0;
  std::vector<TicketType> ticket_types;
  std::int64_t created_at = 0;
  std::optional<ImageRef> cover;  // the cover image, when one was uploaded
  bool registration_open(std::int64_t now) const {
    return status == EventStatus::published && registration_opens_at <= now &&
           now < registration_closes_at;
  }
};

struct Registration {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t ticket_type_id = 0;
  std::string ticket_type_name;
  std::optional<std::int64_t> user_id;
  std::string name;
  std::string email;
  RegistrationStatus status = RegistrationStatus::confirmed;
  std::optional<std::int64_t> waitlist_position;  // 1-based place in the queue, when waitlisted
  std::optional<std::int64_t> offered_until;
  std::string ticket_code;
  std::string source = "self";
  std::string language;  // of the page they registered on ("" for none): their mails
  std::optional<std::int64_t> checked_in_at;
  std::string checked_in_by;  // display name
  std::int64_t created_at = 0;
};

// Who is calling: a member, or a guest holding a ticket's private token.
struct Caller {
  const accounts::Viewer& viewer;
  std::optional<std::string> ticket_token;
};

struct EventInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Kind> kind;
  std::optional<std::string> venue, address, map_url, online_url;
  std::optional<std::int64_t> starts_at, ends_at;
  std::optional<std::int64_t> registration_opens_at, registration_closes_at;
  std::optional<Visibility> visibility;
  std::optional<std::int64_t> capacity;  // the general ticket type's seats
  std::optional<int> claim_hours;
  std::optional<EventStatus> status;  // cancelling
};

struct TicketTypeInput {
  std::string name;
  std::int64_t capacity = 0;
  bool organizers_only = false;
  std::optional<std::int64_t> sales_open_at, sales_close_at;
};

struct RegistrationInput {
  std::optional<std::int64_t> ticket_type_id;  // default: the first one open to the public
  std::optional<std::string> name;             // guests
  std::optional<std::string> email;            // guests
  std::string client_address;                  // for the flood limit
  std::string language;                        // the page's or Accept-Language: mails
  // Answers to the event's registration questions (registration_questions.hpp);
  // organizers adding by hand and staff at the door may leave required ones out.
  std::vector<AnswerInput> answers;
};

struct Registered {
  Registration registration;
  std::string ticket_token;  // a guest's private link secret, given once; empty otherwise
  bool created = true;       // false: the person's existing registration
};

enum class CheckInVerdict { checked_in, already, wrong_event, cancelled, not_confirmed, unknown };
BOOST_DESCRIBE_ENUM(CheckInVerdict, checked_in, already, wrong_event, cancelled, not_confirmed,
                    unknown)

struct CheckInResult {
  CheckInVerdict verdict = CheckInVerdict::unknown;
  std::optional<Registration> registration;
  std::string other_event;  // with wrong_event: the event the ticket belongs to
};

struct Counter {
  std::int64_t registered = 0, confirmed = 0, waitlisted = 0, checked_in = 0, cancelled = 0;
  double no_show_rate() const {
    return confirmed == 0 ? 0.0 : double(confirmed - checked_in) / double(confirmed);
  }
};

struct EventStats {
  Counter total;
  std::vector<std::pair<std::string, Counter>> by_ticket_type;
  std::vector<std::pair<std::string, Counter>> by_stage;  // growth stage, "guest" for guests
};

struct RegistrationQuery {
  std::string text;  // name, email or ticket code
  std::optional<RegistrationStatus> status;
  int page = 1;
  int per_page = 50;
};

struct RegistrationPage {
  std::vector<Registration> registrations;
  std::int64_t total = 0;
  int page = 1, per_page = 50;
};

struct EventsOptions {
  std::string base_url = "http://127.0.0.1:8080";  // links in mail
  int registrations_per_address_per_minute = 30;   // 0: no limit (load tests)
  // web/static/vendor/jsQR.js is installed (scripts/install-deps.sh): the door
  // page loads it for browsers without BarcodeDetector.
  bool qr_decoder_served = false;
};

inline constexpr std::size_t kMaxTitleChars = 120;
inline constexpr std::size_t kMaxEventDescriptionChars = 20000;
inline constexpr std::size_t kMaxNameChars = 60;
inline constexpr std::int64_t kMaxCapacity = 100000;

class EventsService {
 public:
  EventsService(db::Database& database, const Clock& clock,
                communities::CommunitiesService& communities, EventsOptions options);

  // Organizers.
  Result<Event> create(const accounts::Viewer& viewer, const std::string& slug,
                       const EventInput& input);
  Result<Event> update(const accounts::Viewer& viewer, const std::string& slug,
                       std::int64_t event_id, const EventInput& input);
  Result<Event> add_ticket_type(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t event_id, const TicketTypeInput& input);
  Result<Event> set_ticket_capacity(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t event_id, std::int64_t ticket_type_id,
                                    std::int64_t capacity);

  // Organizers: the event's cover image, PNG or JPEG bytes checked by
  // decoding them (422 naming "cover_image_base64" otherwise), replacing
  // any earlier one; and taking it away.
  Result<Event> set_cover(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t event_id, const std::string& bytes);
  Result<Event> remove_cover(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t event_id);
  // Whoever may see the event: an image it shows (its cover or one of its
  // sponsors' logos) by digest; any other digest is a 404.
  Result<EventImage> image(const Caller& caller, const std::string& slug, std::int64_t event_id,
                           const std::string& digest);

  // Whether the viewer may create and change events here (organizers).
  Result<bool> may_create(const accounts::Viewer& viewer, const std::string& slug);
  // The community's time zone: forms are filled in local time.
  Result<std::string> time_zone_of(const std::string& slug);

  // Anyone who may see the community's events (public ones: everybody).
  Result<std::vector<Event>> list(const accounts::Viewer& viewer, const std::string& slug,
                                  bool past);
  Result<Event> event(const Caller& caller, const std::string& slug, std::int64_t event_id);
  // What the event page shows, read in one transaction: the event as
  // event() gives it, the caller's registration, whether they work the door,
  // and the registration questions.
  struct EventPage {
    Event event;
    std::optional<Registration> mine;
    bool staff = false;
    std::vector<RegistrationQuestion> questions;
  };
  Result<EventPage> event_page(const Caller& caller, const std::string& slug,
                               std::int64_t event_id);

  // Registration: members with their account, guests with name and email.
  Result<Registered> register_for(const Caller& caller, const std::string& slug,
                                  std::int64_t event_id, const RegistrationInput& input);
  // The caller's own registration (member, or the ticket token's).
  Result<std::optional<Registration>> my_registration(const Caller& caller, const std::string& slug,
                                                      std::int64_t event_id);
  // The owner, an organizer, or the ticket token. Frees the seat and offers
  // it to the first waitlisted person (a mail with a claim deadline).
  Result<Registration> cancel(const Caller& caller, const std::string& slug, std::int64_t event_id,
                              std::int64_t registration_id);
  // A promoted person takes the offered seat.
  Result<Registration> claim(const Caller& caller, const std::string& slug, std::int64_t event_id,
                             std::int64_t registration_id);
  // Organizers add someone by hand, past the capacity if they must.
  Result<Registered> add_by_hand(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id, const RegistrationInput& input,
                                 bool over_capacity);

  // At the door: organizers and the event's staff.
  Result<CheckInResult> check_in(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id, const std::string& code);
  Result<Registration> undo_check_in(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t event_id, std::int64_t registration_id);
  Result<Registered> register_walk_in(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id, const RegistrationInput& input);
  Result<std::vector<Registration>> search_attendees(const accounts::Viewer& viewer,
                                                     const std::string& slug, std::int64_t event_id,
                                                     const std::string& text);
  Status add_staff(const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id,
                   std::int64_t user_id);
  Status remove_staff(const accounts::Viewer& viewer, const std::string& slug,
                      std::int64_t event_id, std::int64_t user_id);
  Result<bool> may_staff(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t event_id);

  // Organizers: who registered, and the figures.
  Result<RegistrationPage> registrations(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t event_id, const RegistrationQuery& query);
  Result<EventStats> stats(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t event_id);
  // UTF-8 with a BOM; headers and values in `language`.
  Result<std::string> stats_csv(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t event_id, const std::string& language);

  // Registration questions (questions.cpp). Anyone who may see the event
  // reads its live questions; organizers add, change, reorder and delete them
  // (a question with answers is hidden, not removed) and read the answers.
  Result<std::vector<RegistrationQuestion>> questions(const Caller& caller, const std::string& slug,
                                                      std::int64_t event_id);
  Result<RegistrationQuestion> add_question(const accounts::Viewer& viewer, const std::string& slug,
                                            std::int64_t event_id, const QuestionFields& fields);
  Result<RegistrationQuestion> change_question(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t event_id,
                                               std::int64_t question_id,
                                               const QuestionFields& fields);
  Status delete_question(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t event_id, std::int64_t question_id);
  // `question_ids`: every live question of the event, in the new order.
  Result<std::vector<RegistrationQuestion>> reorder_questions(
      const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id,
      const std::vector<std::int64_t>& question_ids);
  // Organizers: the answers of these registrations (all of the event's when empty).
  Result<std::vector<Answer>> answers(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id,
                                      const std::vector<std::int64_t>& registration_ids);
  // The caller's own answers (a member, or the ticket token's).
  Result<std::vector<Answer>> my_answers(const Caller& caller, const std::string& slug,
                                         std::int64_t event_id);
  // Organizers: per question, how many answered, each choice's count, consents.
  Result<std::vector<QuestionSummary>> answer_summary(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t event_id);
  // Organizers: every registration with one column per question; UTF-8 with a BOM.
  Result<std::string> registrations_csv(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t event_id, const CsvWords& words);

  // The ticket as an iCalendar file, and its QR code (SVG).
  Result<std::string> ics(const Caller& caller, const std::string& slug, std::int64_t event_id);
  Result<std::string> ticket_qr_svg(const Registration& registration) const;
  bool serves_qr_decoder() const { return options_.qr_decoder_served; }

  // Periodic: offers past their claim deadline go to the next person.
  Result<int> expire_offers();

  // For other rooms (bingo): the confirmed registration of a caller.
  Result<Registration> attendee(const Caller& caller, std::int64_t event_id);

 private:
  struct Place;   // the community and the viewer's standing in it
  struct Loaded;  // an event with its place and whether the viewer is on its staff
  // Resolved before any transaction is opened: a request never holds one
  // database connection while waiting for a second (PostgreSQL's pool).
  Result<Place> place(const accounts::Viewer& viewer, const std::string& slug);
  Result<Loaded> load(db::Transaction& transaction, const Place& place,
                      const accounts::Viewer& viewer, std::int64_t event_id);
  struct Managed;  // an organizer's open transaction on one loaded event
  // The prologue of every organizer-only call: signed in, the place, a
  // transaction (write or read), the event, and the organizer check, refused
  // with `refusal` (403) for anyone else.
  Result<Managed> manage(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t event_id, bool write, const char* refusal);
  Result<std::optional<Registration>> mine_in(db::Transaction& transaction, const Caller& caller,
                                              const Loaded& loaded);
  // The event as `caller` may see it, given their registration `mine`.
  Result<Event> shown(const Loaded& loaded, const std::optional<Registration>& mine);
  Result<int> set_capacity(db::Transaction& transaction, const Event& event,
                           std::int64_t ticket_type_id, std::int64_t capacity, std::int64_t now);
  Status throttle(const std::string& client_address);
  Result<Registered> take_seat(db::Transaction& transaction, const Loaded& loaded,
                               const accounts::Viewer& actor, const RegistrationInput& input,
                               bool as_member, const std::string& source, bool over_capacity);
  Result<Registration> release(db::Transaction& transaction, const Loaded& loaded,
                               const Registration& registration, std::int64_t actor_id);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  EventsOptions options_;
  std::mutex throttle_mutex_;
  std::unordered_map<std::string, std::pair<std::int64_t, int>>
      recent_;  // address -> minute, count
};

}  // namespace moim::events
