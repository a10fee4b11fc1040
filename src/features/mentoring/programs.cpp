// Programs: organizers open and change them; members (and anyone, for a
// program open to anyone) read them with their own standing.
#include <date/date.h>

#include <set>
#include <sstream>

#include "features/mentoring/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring {

using internal::Place;

namespace {

Result<std::string> checked_text(const std::string& value, const std::string& field,
                                 std::size_t min_chars, std::size_t max_chars) {
  std::string text = web::trim(value);
  const std::size_t length = web::utf8_length(text);
  if (length < min_chars) return Error::invalid(field, field + " is required");
  if (length > max_chars)
    return Error::invalid(field,
                          field + " must be at most " + std::to_string(max_chars) + " characters");
  return text;
}

// "2027-03-02" in `zone` → that day's local midnight; `next_day` gives the
// midnight after it (a program's last day is inclusive).
Result<std::int64_t> day_start(const std::string& text, const std::string& zone,
                               const std::string& field, bool next_day) {
  int year = 0;
  unsigned month = 0, day = 0;
  char dash1 = 0, dash2 = 0;
  std::istringstream in(text);
  in >> year >> dash1 >> month >> dash2 >> day;
  const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!in || dash1 != '-' || dash2 != '-' || text.size() != 10 || !ymd.ok() || year < 2000 ||
      year > 2200)
    return Error::invalid(field, field + " must be a date as YYYY-MM-DD");
  const date::sys_days days = date::sys_days{ymd} + date::days{next_day ? 1 : 0};
  const auto at = parse_local(date::format("%F", days) + "T00:00", zone);
  if (!at) return Error::invalid(field, field + " must be a date as YYYY-MM-DD");
  return *at;
}

Result<std::vector<std::string>> word_list(const std::vector<std::string>& given,
                                           const std::string& field, std::size_t max_items,
                                           bool lower) {
  if (given.size() > max_items)
    return Error::invalid(field, field + ": at most " + std::to_string(max_items));
  std::vector<std::string> words;
  std::set<std::string> seen;
  for (std::size_t index = 0; index < given.size(); ++index) {
    const std::string where = field + "[" + std::to_string(index) + "]";
    auto word = checked_text(given[index], where, 1, kMaxWordChars);
    if (!word) return Error::invalid(field, word.error().message);
    std::string key = *word;
    for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!seen.insert(key).second) return Error::invalid(field, where + ": given twice");
    words.push_back(lower ? key : *word);
  }
  return words;
}

// The fields `input` gives, checked, over `program` (a new one's defaults).
Status apply_input(Program& program, const ProgramInput& input, const std::string& zone,
                   std::int64_t now) {
  if (input.name) {
    auto name = checked_text(*input.name, "name", 1, kMaxNameChars);
    if (!name) return name.error();
    program.name = *name;
  }
  if (input.description) {
    auto description = checked_text(*input.description, "description", 0, kMaxDescriptionChars);
    if (!description) return description.error();
    program.description = *description;
  }
  if (input.starts_on) {
    auto starts = day_start(*input.starts_on, zone, "starts_on", false);
    if (!starts) return starts.error();
    program.starts_at = *starts;
  }
  if (input.ends_on) {
    auto ends = day_start(*input.ends_on, zone, "ends_on", true);
    if (!ends) return ends.error();
    program.ends_at = *ends;
  }
  if (program.ends_at <= program.starts_at)
    return Error::invalid("ends_on", "ends_on must not be before starts_on");
  if (program.ends_at - program.starts_at > 2 * 366 * 86400LL)
    return Error::invalid("ends_on", "a program lasts at most two years");
  if (input.format) {
    if (*input.format != "one_to_one" && *input.format != "group")
      return Error::invalid("format", "format must be one_to_one or group");
    program.format = *input.format == "group" ? Format::group : Format::one_to_one;
  }
  const auto bounded = [](std::optional<int> value, int& into, int min, int max,
                          const char* field) -> Status {
    if (!value) return ok_status();
    if (*value < min || *value > max)
      return Error::invalid(field, std::string(field) + " must be " + std::to_string(min) + " to " +
                                       std::to_string(max));
    into = *value;
    return ok_status();
  };
  if (auto status = bounded(input.cadence_days, program.cadence_days, 1, 90, "cadence_days");
      !status)
    return status;
  if (auto status = bounded(input.sessions, program.sessions, 1, 52, "sessions"); !status)
    return status;
  if (auto status =
          bounded(input.session_minutes, program.session_minutes, 15, 600, "session_minutes");
      !status)
    return status;
  if (input.languages) {
    auto languages = word_list(*input.languages, "languages", kMaxLanguages, true);
    if (!languages) return languages.error();
    program.languages = std::move(languages.value());
  }
  if (program.languages.empty())
    return Error::invalid("languages", "languages: give at least one, e.g. ko, en");
  if (input.topics) {
    auto topics = word_list(*input.topics, "topics", kMaxTopics, false);
    if (!topics) return topics.error();
    program.topics = std::move(topics.value());
  }
  if (input.audience) {
    if (*input.audience != "members" && *input.audience != "anyone")
      return Error::invalid("audience", "audience must be members or anyone");
    program.audience = *input.audience == "anyone" ? Audience::anyone : Audience::members;
  }
  if (input.allow_repeat_pairs) program.allow_repeat_pairs = *input.allow_repeat_pairs;
  if (input.signups_closed) {
    if (!*input.signups_closed)
      program.signups_closed_at.reset();
    else if (!program.signups_closed_at)
      program.signups_closed_at = now;
  }
  return ok_status();
}

std::vector<db::Value> program_values(const Program& program) {
  return {program.name,
          program.description,
          program.starts_at,
          program.ends_at,
          std::string(program.format == Format::group ? "group" : "one_to_one"),
          std::int64_t{program.cadence_days},
          std::int64_t{program.sessions},
          std::int64_t{program.session_minutes},
          internal::encode_words(program.languages),
          internal::encode_words(program.topics),
          std::string(program.audience == Audience::anyone ? "anyone" : "members"),
          std::int64_t{program.allow_repeat_pairs ? 1 : 0},
          db::maybe(program.signups_closed_at)};
}

}  // namespace

MentoringService::MentoringService(db::Database& database, const Clock& clock,
                                   communities::CommunitiesService& communities)
    : database_(database), clock_(clock), communities_(communities) {}

Result<bool> MentoringService::may_organize(const accounts::Viewer& viewer,
                                            const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  return place->organizer();
}

Result<Program> MentoringService::create(const accounts::Viewer& viewer, const std::string& slug,
                                         const ProgramInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (!place->organizer()) return Error::forbidden("only the community's organizers run programs");
  if (!input.name) return Error::invalid("name", "name is required");
  if (!input.starts_on) return Error::invalid("starts_on", "starts_on is required");
  if (!input.ends_on) return Error::invalid("ends_on", "ends_on is required");
  const std::int64_t now = clock_.now_seconds();
  Program program;
  if (auto status = apply_input(program, input, place->community.time_zone, now); !status)
    return status.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  std::vector<db::Value> values = program_values(program);
  values.insert(values.begin(), place->community.id);
  values.insert(values.end(), {viewer.user_id(), now, now});
  auto rows = transaction->query(
      "INSERT INTO mentoring_programs (community_id, name, description, starts_at, ends_at, "
      "format, cadence_days, sessions, session_minutes, languages, topics, audience, "
      "allow_repeat_pairs, signups_closed_at, created_by, created_at, updated_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      values);
  if (!rows) return rows.error();
  const std::int64_t id = rows->front().int64(0);
  if (auto status =
          communities::write_audit(*transaction, place->community.id, viewer.user_id(),
                                   "mentoring.program_created", std::to_string(id), {}, now);
      !status)
    return status.error();
  auto created = internal::visible_program(*transaction, *place, id);
  if (!created) return created.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return created;
}

Result<Program> MentoringService::update(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t program_id, const ProgramInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto program = internal::organized_program(*transaction, *place, program_id);
  if (!program) return program.error();
  const std::int64_t now = clock_.now_seconds();
  const Program before = *program;
  if (auto status = apply_input(*program, input, place->community.time_zone, now); !status)
    return status.error();
  // Hours were checked against the dates people signed up under; once
  // anyone has, the dates stay (a new program is the honest change).
  if ((program->starts_at != before.starts_at || program->ends_at != before.ends_at) &&
      (before.mentors > 0 || before.mentees > 0))
    return Error::conflict("starts_on",
                           "people have signed up: the program's dates can no longer change");
  if (before.announced_run_id && program->signups_closed_at != before.signups_closed_at)
    return Error::conflict("signups_closed", "the pairs are announced: sign-ups stay closed");
  std::vector<db::Value> values = program_values(*program);
  values.insert(values.end(), {now, program_id});
  auto updated = transaction->execute(
      "UPDATE mentoring_programs SET name = ?, description = ?, starts_at = ?, ends_at = ?, "
      "format = ?, cadence_days = ?, sessions = ?, session_minutes = ?, languages = ?, topics = "
      "?, audience = ?, allow_repeat_pairs = ?, signups_closed_at = ?, updated_at = ? WHERE id = ?",
      values);
  if (!updated) return updated.error();
  auto changed = internal::visible_program(*transaction, *place, program_id);
  if (!changed) return changed.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return changed;
}

Result<std::vector<Program>> MentoringService::programs(const accounts::Viewer& viewer,
                                                        const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  const bool all = place->standing.is_member() || place->organizer();
  auto rows = reader->query(std::string("SELECT ") + internal::kProgramColumns +
                                " FROM mentoring_programs WHERE community_id = ?" +
                                (all ? "" : " AND audience = 'anyone'") +
                                " ORDER BY starts_at DESC, id DESC LIMIT 200",
                            {place->community.id});
  if (!rows) return rows.error();
  std::vector<Program> programs;
  for (const auto& row : *rows) programs.push_back(internal::program_from(row, place->community));
  return programs;
}

Result<Program> MentoringService::program(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t program_id) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return internal::visible_program(*reader, *place, program_id);
}

}  // namespace moim::mentoring
