// After the event, and the days just before it: reminder mails (the day
// before and the morning of the event, in the community's time zone), the
// post-event mail with the feedback survey, the survey itself, and printable
// name badges. A service of its own beside EventsService so the events room's
// core stays small; it asks EventsService who may do what.
#pragma once

#include <boost/describe.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/events/events_service.hpp"

namespace moim::events {

enum class QuestionKind { rating, text };
BOOST_DESCRIBE_ENUM(QuestionKind, rating, text)

struct FeedbackQuestion {
  std::int64_t id = 0;
  QuestionKind kind = QuestionKind::rating;
  std::string prompt;
  bool required = false;
};

struct QuestionInput {
  QuestionKind kind = QuestionKind::rating;
  std::string prompt;
  bool required = false;
};

struct FeedbackAnswer {
  std::int64_t question_id = 0;
  std::optional<int> rating;  // rating questions: 1 to 5
  std::string text;           // text questions
};

// What the caller sees of the survey.
struct FeedbackForm {
  Event event;
  std::vector<FeedbackQuestion> questions;
  bool attended = false;  // checked in: may answer
  bool answered = false;  // already answered (once only)
};

struct QuestionResult {
  FeedbackQuestion question;
  std::int64_t answers = 0;
  std::optional<double> average;         // rating questions with answers
  std::array<std::int64_t, 5> counts{};  // rating questions: how many gave 1..5
  std::vector<std::string> texts;        // text questions, newest first
};

struct FeedbackResults {
  Event event;
  std::int64_t responses = 0;
  std::int64_t attendees = 0;  // checked in
  std::vector<QuestionResult> questions;
};

inline constexpr std::size_t kMaxQuestions = 10;
inline constexpr std::size_t kMaxPromptChars = 200;
inline constexpr std::size_t kMaxAnswerChars = 2000;

// When the mails of an event go out, in UTC seconds (times of the community's
// zone): the day before at 09:00, the morning at 07:00 (or two hours before
// an earlier start), and an hour after the end.
struct MailSchedule {
  std::int64_t day_before = 0, morning = 0, after = 0;
};
MailSchedule mail_schedule(const Event& event);

// One name badge; the QR code holds the ticket code the door scans.
struct Badge {
  std::string name;
  std::string ticket_type;
  std::string community;
  std::string ticket_code;
};
inline constexpr std::size_t kBadgesAcross = 2;
inline constexpr std::size_t kBadgesDown = 4;
// An A4 PDF, eight badges a page in the order given.
Result<std::string> render_badges(const std::vector<Badge>& badges, const std::string& title);

class AfterEventService {
 public:
  AfterEventService(db::Database& database, const Clock& clock, EventsService& events);

  // Periodic: enqueues the reminder and post-event mails that are due, each
  // once per registration (outbox idempotency keys), and records each round.
  // A round found too late (the event started, or ended a week ago) is
  // recorded without mail. Returns how many mails were enqueued.
  Result<int> enqueue_due_mails();

  // Organizers set the survey's questions; replacing them is refused once
  // someone answered (the answers would lose their meaning).
  Result<std::vector<FeedbackQuestion>> set_questions(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t event_id,
                                                      const std::vector<QuestionInput>& questions);
  // Anyone who may see the event; `attended` and `answered` for the caller
  // (a member, a guest's ticket token or the feedback link's token).
  Result<FeedbackForm> form(const Caller& caller, const std::string& slug, std::int64_t event_id);
  // Checked-in attendees, once.
  Status answer(const Caller& caller, const std::string& slug, std::int64_t event_id,
                const std::vector<FeedbackAnswer>& answers);
  // Organizers.
  Result<FeedbackResults> results(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t event_id);
  // UTF-8 with a BOM: one row per response, one column per question.
  Result<std::string> results_csv(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t event_id, const std::string& language);

  // Organizers: an A4 PDF, eight badges a page, one per confirmed registration.
  Result<std::string> badges_pdf(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id);

 private:
  Result<Event> organizers_event(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id);
  Result<std::optional<Registration>> respondent(const Caller& caller, const std::string& slug,
                                                 std::int64_t event_id);
  Result<int> send_round(const Event& event, const std::string& round, bool in_time);

  db::Database& database_;
  const Clock& clock_;
  EventsService& events_;
};

}  // namespace moim::events
