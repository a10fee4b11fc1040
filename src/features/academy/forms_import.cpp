// Applications imported from a Google Forms CSV export by a cohort's
// organizers: guess the column mapping, check every row (member by email,
// project by title, the cohort's choice limit, answers), and import only
// when every error is fixed or explicitly skipped — in one transaction.
#include <map>
#include <set>

#include "features/academy/academy_service.hpp"
#include "features/academy/forms_csv.hpp"
#include "features/academy/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::academy {

using namespace internal;

namespace {

std::string lower_ascii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Lower-cased, without spaces and punctuation Forms headers vary in.
std::string squeezed(std::string_view text) {
  std::string out;
  for (char ch : lower_ascii(text)) {
    if (ch == ' ' || ch == '\t' || ch == '_' || ch == '-' || ch == '.' || ch == ':' || ch == '(' ||
        ch == ')' || ch == '\r' || ch == '\n')
      continue;
    out += ch;
  }
  return out;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string ordinal(int n) {
  if (n == 1) return "1st";
  if (n == 2) return "2nd";
  if (n == 3) return "3rd";
  return std::to_string(n) + "th";
}

bool is_choice_header(const std::string& header, int n) {
  const std::string num = std::to_string(n);
  for (const std::string& form :
       {num + "지망", num + "순위", num + "희망", "제" + num + "지망", ordinal(n) + "choice",
        "choice" + num, ordinal(n) + "preference", "preference" + num})
    if (contains(header, form)) return true;
  return false;
}

Status check_mapping(const ImportMapping& mapping, std::size_t columns, std::size_t questions) {
  const auto in_range = [&](int column) {
    return column >= 0 && static_cast<std::size_t>(column) < columns;
  };
  if (!in_range(mapping.email))
    return Error::invalid("mapping.email", "say which column holds the email address");
  if (mapping.name != -1 && !in_range(mapping.name))
    return Error::invalid("mapping.name", "the name column is not in the file");
  if (mapping.choices.empty())
    return Error::invalid("mapping.choices", "say which columns hold the choices");
  if (mapping.choices.size() > kMaxImportColumns)
    return Error::invalid("mapping.choices", "too many choice columns");
  for (int column : mapping.choices)
    if (!in_range(column))
      return Error::invalid("mapping.choices", "a choice column is not in the file");
  if (mapping.answers.size() != questions)
    return Error::invalid("mapping.answers", "map a column (or none) to each of the " +
                                                 std::to_string(questions) + " common questions");
  for (int column : mapping.answers)
    if (column != -1 && !in_range(column))
      return Error::invalid("mapping.answers", "an answer column is not in the file");
  return ok_status();
}

struct Member {
  std::int64_t user_id = 0;
  std::string display_name;
};

}  // namespace

ImportMapping guess_mapping(const std::vector<std::string>& headers,
                            const std::vector<std::string>& questions, int max_choices) {
  ImportMapping mapping;
  std::vector<std::string> keys;
  for (const auto& header : headers) keys.push_back(squeezed(header));
  std::set<int> used;
  const auto first = [&](auto&& matches) {
    for (std::size_t idx = 0; idx < keys.size(); ++idx) {
      const int column = static_cast<int>(idx);
      if (!used.count(column) && matches(keys[idx])) {
        used.insert(column);
        return column;
      }
    }
    return -1;
  };
  mapping.email = first([](const std::string& key) {
    return contains(key, "이메일") || contains(key, "email") || contains(key, "메일주소");
  });
  mapping.name = first([](const std::string& key) {
    return key == "이름" || key == "성명" || key == "name" || key == "fullname" ||
           key == "yourname" || contains(key, "이름");
  });
  // Choice columns in rank order; stop at the first missing rank.
  for (int n = 1; n <= std::max(max_choices, 1) + 7; ++n) {
    const int column = first([&](const std::string& key) { return is_choice_header(key, n); });
    if (column == -1) break;
    mapping.choices.push_back(column);
  }
  for (const auto& question : questions) {
    const std::string wanted = squeezed(question);
    int column = first([&](const std::string& key) { return !wanted.empty() && key == wanted; });
    if (column == -1) {
      column = first([&](const std::string& key) {
        return !wanted.empty() && !key.empty() && (contains(key, wanted) || contains(wanted, key));
      });
    }
    mapping.answers.push_back(column);
  }
  return mapping;
}

Result<ImportPreview> AcademyService::import_applications(const accounts::Viewer& viewer,
                                                          const std::string& slug,
                                                          const std::string& key,
                                                          const ImportRequest& request) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only this community's organizers can import applications");
  auto table = read_csv(request.csv, "file");
  if (!table) return table.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto cohort = load_cohort(*transaction, here->community.id, key);
  if (!cohort) return cohort.error();
  if (!cohort->in_phase(Phase::kRecruiting, now) && !cohort->in_phase(Phase::kSelection, now))
    return Error::conflict("phase", "applications can be imported during recruiting or selection");

  ImportPreview preview;
  preview.headers = table->headers;
  preview.mapping = request.mapping
                        ? *request.mapping
                        : guess_mapping(table->headers, cohort->questions, cohort->max_choices);
  if (auto status = check_mapping(preview.mapping, table->headers.size(), cohort->questions.size());
      !status)
    return status.error();
  const ImportMapping& mapping = preview.mapping;

  // Everything a row is checked against, loaded once.
  std::map<std::string, Member> members;  // by lower-cased email
  auto member_rows = transaction->query(
      "SELECT u.id, u.email, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id "
      "WHERE m.community_id = ?",
      {here->community.id});
  if (!member_rows) return member_rows.error();
  for (const auto& row : *member_rows)
    members[lower_ascii(row.text(1))] = {row.int64(0), row.text(2)};
  auto projects = load_projects(*transaction, "p.cohort_id = ? AND p.status = ?",
                                {cohort->id, std::string(status_name(ProjectStatus::kApproved))});
  if (!projects) return projects.error();
  std::map<std::string, const Project*> by_title;  // squeezed title
  for (const auto& project : *projects) by_title.emplace(squeezed(project.title), &project);
  const std::string scope = "cohort:" + std::to_string(cohort->id);
  std::set<std::int64_t> applied;
  auto applied_rows =
      transaction->query("SELECT user_id FROM applications WHERE scope = ?", {scope});
  if (!applied_rows) return applied_rows.error();
  for (const auto& row : *applied_rows) applied.insert(row.int64(0));

  std::map<std::string, std::size_t> last_row;  // email → index of its latest row
  for (std::size_t idx = 0; idx < table->rows.size(); ++idx) {
    const auto& cells = table->rows[idx];
    ImportRow row;
    row.line = table->lines[idx];
    row.email = web::trim(cells[static_cast<std::size_t>(mapping.email)]);
    if (mapping.name != -1) row.name = web::trim(cells[static_cast<std::size_t>(mapping.name)]);
    const std::string email_key = lower_ascii(row.email);
    if (row.email.empty()) {
      row.errors.push_back("no email address");
    } else if (auto found = members.find(email_key); found == members.end()) {
      row.errors.push_back("no member of this community has the email " + row.email);
    } else {
      row.user_id = found->second.user_id;
      if (row.name.empty()) row.name = found->second.display_name;
      if (applied.count(found->second.user_id))
        row.errors.push_back("already has an application in this cohort");
    }
    std::set<std::int64_t> chosen;
    for (int column : mapping.choices) {
      const std::string title = web::trim(cells[static_cast<std::size_t>(column)]);
      if (title.empty()) continue;
      auto found = by_title.find(squeezed(title));
      if (found == by_title.end()) {
        row.errors.push_back("no open project of this cohort is called \"" + title + "\"");
        continue;
      }
      const Project& project = *found->second;
      if (!chosen.insert(project.id).second) {
        row.errors.push_back("chooses \"" + project.title + "\" twice");
        continue;
      }
      if (row.user_id && std::any_of(project.builders.begin(), project.builders.end(),
                                     [&](const Builder& b) { return b.user_id == *row.user_id; }))
        row.errors.push_back("builds \"" + project.title + "\" and cannot apply to it");
      row.project_ids.push_back(project.id);
      row.choice_titles.push_back(project.title);
    }
    if (chosen.empty() && row.errors.empty()) row.errors.push_back("chooses no project");
    if (static_cast<int>(row.project_ids.size()) > cohort->max_choices) {
      row.errors.push_back(std::to_string(row.project_ids.size()) +
                           " choices; this cohort allows at most " +
                           std::to_string(cohort->max_choices));
    }
    for (std::size_t q = 0; q < mapping.answers.size(); ++q) {
      const int column = mapping.answers[q];
      std::string answer =
          column == -1 ? std::string() : web::trim(cells[static_cast<std::size_t>(column)]);
      if (answer.empty())
        row.errors.push_back("question " + std::to_string(q + 1) + " is unanswered");
      else if (web::utf8_length(answer) > kMaxAnswerChars)
        row.errors.push_back("answer " + std::to_string(q + 1) + " is longer than " +
                             std::to_string(kMaxAnswerChars) + " characters");
      row.answers.push_back(std::move(answer));
    }
    if (!email_key.empty()) {
      if (auto earlier = last_row.find(email_key); earlier != last_row.end()) {
        // Forms keeps every resubmission; the latest one is the answer.
        preview.rows[earlier->second].errors.push_back(
            "a later row (line " + std::to_string(row.line) +
            ") has the same email; skip this one to import the latest");
      }
      last_row[email_key] = preview.rows.size();
    }
    preview.rows.push_back(std::move(row));
  }
  for (const auto& row : preview.rows) (row.errors.empty() ? preview.valid : preview.invalid)++;

  if (request.dry_run) return preview;
  if (preview.invalid > 0 && !request.skip_errors) {
    return Error::conflict(
        "rows", std::to_string(preview.invalid) + " rows have errors; fix the file or skip them");
  }
  if (preview.valid == 0) return Error::invalid("file", "file has no row that can be imported");

  std::map<std::int64_t, std::string> project_answers;  // blank answers per project question
  for (const auto& project : *projects)
    project_answers[project.id] =
        to_json_list(std::vector<std::string>(project.questions.size(), std::string()));
  // Multi-row INSERTs: 10,000 rows are a few dozen statements, not 30,000
  // round trips. RETURNING user_id pairs each new id with its row, whatever
  // order the database returns them in (one application per user and scope).
  std::vector<const ImportRow*> valid;
  for (const auto& row : preview.rows)
    if (row.errors.empty()) valid.push_back(&row);
  constexpr std::size_t kBatch = 200;
  for (std::size_t from = 0; from < valid.size(); from += kBatch) {
    const std::size_t to = std::min(valid.size(), from + kBatch);
    std::string sql =
        "INSERT INTO applications (community_id, cohort_id, lab_id, scope, user_id, answers, "
        "availability, status, revision, submitted_at, updated_at) VALUES ";
    std::vector<db::Value> params;
    std::map<std::int64_t, const ImportRow*> by_user;
    for (std::size_t idx = from; idx < to; ++idx) {
      sql += idx == from ? "" : ", ";
      sql += "(?, ?, NULL, ?, ?, ?, '[]', 'submitted', 1, ?, ?)";
      const ImportRow& row = *valid[idx];
      by_user[*row.user_id] = &row;
      for (db::Value value :
           std::initializer_list<db::Value>{here->community.id, cohort->id, scope, *row.user_id,
                                            to_json_list(row.answers), now, now})
        params.push_back(std::move(value));
    }
    auto inserted = transaction->query(sql + " RETURNING id, user_id", params);
    if (!inserted) return inserted.error();
    std::string choice_sql =
        "INSERT INTO application_choices (application_id, choice_rank, project_id, answers) "
        "VALUES ";
    std::vector<db::Value> choice_params;
    for (const auto& returned : *inserted) {
      const ImportRow& row = *by_user.at(returned.int64(1));
      for (std::size_t rank = 0; rank < row.project_ids.size(); ++rank) {
        choice_sql += choice_params.empty() ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
        for (db::Value value : std::initializer_list<db::Value>{
                 returned.int64(0), static_cast<std::int64_t>(rank + 1), row.project_ids[rank],
                 project_answers[row.project_ids[rank]]})
          choice_params.push_back(std::move(value));
      }
    }
    if (auto choices = transaction->execute(choice_sql, choice_params); !choices)
      return choices.error();
  }
  if (auto status = recount_applicants(*transaction, cohort->id); !status) return status.error();
  if (auto status = write_audit(
          *transaction, here->community.id, viewer.user_id(), "cohort.applications_imported",
          "cohort:" + cohort->key,
          {{"imported", preview.valid}, {"skipped", preview.invalid}, {"cohort_id", cohort->id}},
          now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  preview.imported = true;
  preview.imported_count = preview.valid;
  return preview;
}

}  // namespace moim::academy
