#include "features/certificates/personal_data.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

#include "features/certificates/holder_name.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

// The records; the PDFs go into the export through CertificatesService::pdf.
// A revocation's reason is the organizers' (as on /verify): left out.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  if (auto status = web::add_personal_records(
          out, transaction, "certificates", {"certificates"},
          "SELECT number, kind, role, language, content, issued_at, revoked_at FROM certificates "
          "WHERE user_id = ? ORDER BY issued_at, id",
          {user_id},
          {"number", "kind", "role", "language", "@content", "#issued_at", "#revoked_at"});
      !status)
    return status.error();
  return out;
}

namespace {

bool ascii_word_char(const std::string& text, std::size_t at) {
  if (at >= text.size()) return false;
  const auto c = static_cast<unsigned char>(text[at]);
  return std::isalnum(c) != 0;
}

// `text` with every occurrence of each of `names` (none empty) replaced by
// kErasedName; "Li" does not match inside "Little" (an ASCII letter or digit
// beside it), while "김러너님" loses the name.
std::string without_names(std::string text, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
      if ((at > 0 && ascii_word_char(text, at - 1)) || ascii_word_char(text, at + name.size())) {
        at += name.size();
        continue;
      }
      text.replace(at, name.size(), web::kErasedName);
      at += web::kErasedName.size();
    }
  }
  return text;
}

}  // namespace

namespace {

// Replaces the name on each certificate row {id, content, revoke_reason}
// (not yet erased) by the keyed hash of the printed name; `display_name` is
// taken out of the words too when known. Returns how many rows.
Result<std::int64_t> anonymise_rows(db::Transaction& transaction, const std::vector<db::Row>& rows,
                                    const std::string& display_name, const std::string& name_key,
                                    std::int64_t now) {
  if (!name_key.empty() && name_key.size() != 32)
    return Error::internal("the certificates' name key must be 32 bytes");
  std::int64_t anonymised = 0;
  for (const auto& row : rows) {
    boost::system::error_code parse_error;
    boost::json::value parsed = boost::json::parse(row.text(1), parse_error);
    boost::json::object content;
    if (!parse_error && parsed.is_object()) content = std::move(parsed.as_object());
    const boost::json::value* printed = content.if_contains("recipient_name");
    const std::string name =
        printed && printed->is_string() ? std::string(printed->as_string()) : std::string();
    // Longest first, so that a name containing the other goes whole.
    std::vector<std::string> names;
    for (const std::string& each : {name, web::trim(name), display_name, web::trim(display_name)}) {
      if (!each.empty() && each != web::kErasedName &&
          std::find(names.begin(), names.end(), each) == names.end())
        names.push_back(each);
    }
    std::sort(names.begin(), names.end(), [](const std::string& left, const std::string& right) {
      return left.size() > right.size();
    });
    const HolderNameHash hashed = hash_holder_name(name, name_key);
    content["recipient_name"] = web::kErasedName;
    // A template may have put the name in its words ({name} in the body);
    // the facts (community, cohort, project, event, program, dates, the
    // signature) are kept as issued.
    for (const char* key : {"title", "body"}) {
      if (boost::json::value* words = content.if_contains(key); words && words->is_string())
        *words = without_names(std::string(words->as_string()), names);
    }
    auto updated = transaction.execute(
        "UPDATE certificates SET content = ?, revoke_reason = ?, holder_name_hash = ?, "
        "holder_name_salt = ?, name_erased_at = ? WHERE id = ?",
        {boost::json::serialize(content), without_names(row.text(2), names), hashed.hash_hex,
         hashed.salt_hex, now, row.int64(0)});
    if (!updated) return updated.error();
    ++anonymised;
  }
  return anonymised;
}

}  // namespace

Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  if (!erasure.name_key.empty() && erasure.name_key.size() != 32)
    return Error::internal("the certificates' name key must be 32 bytes");
  auto rows = transaction.query(
      "SELECT id, content, revoke_reason FROM certificates "
      "WHERE user_id = ? AND name_erased_at IS NULL ORDER BY id",
      {erasure.user_id});
  if (!rows) return rows.error();
  auto anonymised =
      anonymise_rows(transaction, *rows, erasure.display_name, erasure.name_key, erasure.now);
  if (!anonymised) return anonymised.error();
  web::add_erased(report, "certificates", "anonymised", anonymised.value());
  return ok_status();
}

// Every certificate the community issued stays verifiable (the community
// row is kept as its issuer); the holders' names go as for a person's
// erasure, and so do the organizers who issued, revoked or edited.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  if (!erasure.name_key.empty() && erasure.name_key.size() != 32)
    return Error::internal("the certificates' name key must be 32 bytes");
  auto rows = transaction.query(
      "SELECT id, content, revoke_reason FROM certificates "
      "WHERE community_id = ? AND name_erased_at IS NULL ORDER BY id",
      {erasure.community_id});
  if (!rows) return rows.error();
  auto anonymised = anonymise_rows(transaction, *rows, "", erasure.name_key, erasure.now);
  if (!anonymised) return anonymised.error();
  web::add_erased(report, "certificates", "anonymised", anonymised.value());
  return web::run_erasure_steps(
      transaction,
      {
          {"certificates",
           "",
           "UPDATE certificates SET issued_by = NULL, revoked_by = NULL WHERE community_id = ? "
           "AND (issued_by IS NOT NULL OR revoked_by IS NOT NULL)",
           {erasure.community_id}},
          {"certificate_templates",
           "anonymised",
           "UPDATE certificate_templates SET updated_by = NULL, signature_name = '' "
           "WHERE community_id = ?",
           {erasure.community_id}},
      },
      report);
}

}  // namespace moim::certificates
