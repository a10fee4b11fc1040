// What the pair writes: notes after sessions (shared with organizers only
// while both agree), the mid-point check-in and the feedback at the end.
#include "features/mentoring/pair_internal.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring {

namespace {

Result<std::string> bounded(const std::string& text, const std::string& field,
                            std::size_t min_chars, std::size_t max_chars) {
  std::string trimmed = web::trim(text);
  const std::size_t length = web::utf8_length(trimmed);
  if (length < min_chars) return Error::invalid(field, field + " is required");
  if (length > max_chars)
    return Error::invalid(field,
                          field + " must be at most " + std::to_string(max_chars) + " characters");
  return trimmed;
}

Result<Note> read_note(db::Transaction& transaction, std::int64_t pair_id, std::int64_t note_id) {
  auto row = transaction.query_one(
      "SELECT id, session_id, author_id, body, shared_by_mentor, shared_by_mentee, created_at "
      "FROM mentoring_notes WHERE id = ? AND pair_id = ?",
      {note_id, pair_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such note");
  const db::Row& note = **row;
  return Note{note.int64(0), note.opt_int64(1),  note.int64(2),      "",
              note.text(3),  note.int64(4) != 0, note.int64(5) != 0, note.int64(6)};
}

}  // namespace

Result<Note> PairSpaceService::add_note(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t program_id, std::int64_t pair_id,
                                        std::optional<std::int64_t> session_id,
                                        const std::string& body, bool share) {
  auto text = bounded(body, "body", 1, kMaxNoteChars);
  if (!text) return text.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
  if (!located) return located.error();
  if (session_id) {
    auto session = transaction->query_one(
        "SELECT count(*) FROM mentoring_sessions WHERE id = ? AND pair_id = ?",
        {*session_id, pair_id});
    if (!session) return session.error();
    if ((*session)->int64(0) == 0)
      return Error::invalid("session_id", "session_id: not a session of this pair");
  }
  const std::int64_t share_flag = share ? 1 : 0;
  auto inserted = transaction->query(
      "INSERT INTO mentoring_notes (pair_id, session_id, author_id, body, shared_by_mentor, "
      "shared_by_mentee, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {pair_id, db::maybe(session_id), viewer.user_id(), *text,
       located->mentor ? share_flag : std::int64_t{0},
       located->mentor ? std::int64_t{0} : share_flag, clock_.now_seconds()});
  if (!inserted) return inserted.error();
  auto note = read_note(*transaction, pair_id, inserted->front().int64(0));
  if (!note) return note.error();
  if (auto status = transaction->commit(); !status) return status.error();
  note->author_name =
      located->mentor ? located->pair.mentor.display_name : located->pair.mentee.display_name;
  return note;
}

Result<Note> PairSpaceService::share_note(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t program_id, std::int64_t pair_id,
                                          std::int64_t note_id, bool share) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
  if (!located) return located.error();
  const std::string column = located->mentor ? "shared_by_mentor" : "shared_by_mentee";
  auto updated = transaction->execute(
      "UPDATE mentoring_notes SET " + column + " = ? WHERE id = ? AND pair_id = ?",
      {std::int64_t{share ? 1 : 0}, note_id, pair_id});
  if (!updated) return updated.error();
  if (*updated == 0) return Error::not_found("no such note");
  auto note = read_note(*transaction, pair_id, note_id);
  if (!note) return note.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return note;
}

Result<Checkin> PairSpaceService::check_in(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t program_id, std::int64_t pair_id,
                                           Light light, const std::string& comment,
                                           bool wants_help) {
  auto text = bounded(comment, "comment", 0, kMaxCommentChars);
  if (!text) return text.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
  if (!located) return located.error();
  const std::int64_t now = clock_.now_seconds();
  if (now < internal::midpoint_of(located->program))
    return Error{409, "checkin_not_open", "the check-in opens at the program's mid-point", "light"};
  auto saved = transaction->execute(
      "INSERT INTO mentoring_checkins (pair_id, program_id, user_id, light, comment, wants_help, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pair_id, user_id) DO "
      "UPDATE SET light = excluded.light, comment = excluded.comment, wants_help = "
      "excluded.wants_help, updated_at = excluded.updated_at",
      {pair_id, program_id, viewer.user_id(), std::string(light_name(light)), *text,
       std::int64_t{wants_help ? 1 : 0}, now, now});
  if (!saved) return saved.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return Checkin{viewer.user_id(), light, *text, wants_help, now};
}

Result<Feedback> PairSpaceService::give_feedback(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t program_id,
    std::int64_t pair_id, int rating, const std::string& comment,
    const std::optional<std::vector<bool>>& goals_reached) {
  if (rating < 1 || rating > 5) return Error::invalid("rating", "rating must be 1 to 5");
  auto text = bounded(comment, "comment", 0, kMaxCommentChars);
  if (!text) return text.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
  if (!located) return located.error();
  const std::int64_t now = clock_.now_seconds();
  if (now < internal::feedback_opens_at(located->program))
    return Error{409, "feedback_not_open", "feedback opens in the program's last week", "rating"};
  if (goals_reached && located->mentor)
    return Error::invalid("goals_reached", "goals_reached: the mentee marks the goals");
  if (goals_reached && goals_reached->size() != located->pair.goals.size())
    return Error::invalid("goals_reached", "goals_reached: one mark for each of the " +
                                               std::to_string(located->pair.goals.size()) +
                                               " agreed goals");
  auto before = transaction->query_one(
      "SELECT rating FROM mentoring_feedback WHERE pair_id = ? AND user_id = ?",
      {pair_id, viewer.user_id()});
  if (!before) return before.error();
  const bool again = before->has_value();
  const std::int64_t old_rating = again ? (*before)->int64(0) : 0;
  auto saved = transaction->execute(
      "INSERT INTO mentoring_feedback (pair_id, user_id, rating, comment, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pair_id, user_id) DO UPDATE SET rating = "
      "excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at",
      {pair_id, viewer.user_id(), std::int64_t{rating}, *text, now, now});
  if (!saved) return saved.error();
  // The program's satisfaction: ratings given by mentors, and by mentees.
  const std::string side = located->mentor ? "mentor" : "mentee";
  auto counted = transaction->execute(
      "UPDATE mentoring_programs SET " + side + "_ratings = " + side + "_ratings + ?, " + side +
          "_rating_sum = " + side + "_rating_sum + ? WHERE id = ?",
      {std::int64_t{again ? 0 : 1}, std::int64_t{rating} - old_rating, program_id});
  if (!counted) return counted.error();
  if (goals_reached) {
    auto state =
        transaction->query_one("SELECT goals_reached FROM mentoring_pairs WHERE id = ?", {pair_id});
    if (!state) return state.error();
    const auto marked = internal::decode_flags((*state)->text(0));
    const auto count = [](const std::vector<bool>& flags) {
      return static_cast<std::int64_t>(std::count(flags.begin(), flags.end(), true));
    };
    auto stored = transaction->execute("UPDATE mentoring_pairs SET goals_reached = ? WHERE id = ?",
                                       {internal::encode_flags(*goals_reached), pair_id});
    if (!stored) return stored.error();
    auto reached = transaction->execute(
        "UPDATE mentoring_programs SET goals_reached = goals_reached + ? WHERE id = ?",
        {count(*goals_reached) - count(marked), program_id});
    if (!reached) return reached.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return Feedback{viewer.user_id(), rating, *text};
}

}  // namespace moim::mentoring
