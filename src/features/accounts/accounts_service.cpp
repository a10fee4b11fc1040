// Accounts: signing up and creating users, the links mailed to them, and
// reading and editing profiles. Signing in and sessions are in sign_in.cpp,
// passwords and email verification in password_and_email.cpp, API tokens
// in api_tokens.cpp.
#include "features/accounts/accounts_service.hpp"

#include <algorithm>

#include "features/accounts/consents.hpp"
#include "features/accounts/contacts.hpp"
#include "features/accounts/user_rows.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::accounts {

using internal::kUserColumns;
using internal::load_interests;
using internal::user_from_row;

namespace internal {

User user_from_row(const db::Row& row, std::size_t first) {
  User user;
  user.id = row.int64(first + 0);
  user.email = row.text(first + 1);
  user.display_name = row.text(first + 2);
  user.is_admin = row.boolean(first + 3);
  user.email_verified = !row.is_null(first + 4);
  user.locale = row.opt_text(first + 5);
  user.bio = row.text(first + 6);
  user.github_url = row.text(first + 7);
  user.blog_url = row.text(first + 8);
  user.linkedin_url = row.text(first + 9);
  user.created_at = row.int64(first + 10);
  return user;
}

Status load_interests(db::Transaction& transaction, User& user) {
  auto rows =
      transaction.query("SELECT tag FROM user_interests WHERE user_id = ? ORDER BY tag", {user.id});
  if (!rows) return rows.error();
  for (const auto& row : *rows) user.interests.push_back(row.text(0));
  return ok_status();
}

}  // namespace internal

namespace {

Status check_url(const std::optional<std::string>& url, const std::string& field) {
  if (!url || url->empty()) return ok_status();
  if (!url->starts_with("https://") && !url->starts_with("http://")) {
    return Error::invalid(field, field + " must start with https:// or http://");
  }
  if (web::utf8_length(*url) > kMaxUrlChars) {
    return Error::invalid(
        field, field + " must be at most " + std::to_string(kMaxUrlChars) + " characters");
  }
  if (url->find_first_of(" \t\n\r\"<>") != std::string::npos) {
    return Error::invalid(field, field + " is not a valid address");
  }
  return ok_status();
}

Status check_display_name(const std::string& name) {
  if (name.empty()) return Error::invalid("display_name", "display_name is required");
  if (web::utf8_length(name) > kMaxDisplayNameChars) {
    return Error::invalid("display_name", "display_name must be at most " +
                                              std::to_string(kMaxDisplayNameChars) + " characters");
  }
  return ok_status();
}

Status check_locale(const std::optional<std::string>& locale) {
  if (locale && !locale->empty() && *locale != "ko" && *locale != "en") {
    return Error::invalid("locale", "locale must be ko or en");
  }
  return ok_status();
}

}  // namespace

Result<std::optional<Contact>> contact(db::Transaction& transaction, std::int64_t user_id) {
  auto row = transaction.query_one(
      "SELECT email, display_name, COALESCE(locale, '') FROM users WHERE id = ?", {user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Contact>();
  return std::optional<Contact>(Contact{(*row)->text(0), (*row)->text(1), (*row)->text(2)});
}

Result<std::map<std::int64_t, Contact>> contacts(db::Transaction& transaction,
                                                 const std::vector<std::int64_t>& user_ids) {
  std::map<std::int64_t, Contact> found;
  // A statement's parameters are bounded (SQLite's default is 32,766):
  // ask in chunks, each an indexed search on the primary key.
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < user_ids.size(); from += kChunk) {
    const std::size_t count = std::min(kChunk, user_ids.size() - from);
    std::string marks;
    std::vector<db::Value> params;
    for (std::size_t index = 0; index < count; ++index) {
      marks += index == 0 ? "?" : ", ?";
      params.emplace_back(user_ids[from + index]);
    }
    auto rows = transaction.query(
        "SELECT id, email, display_name, COALESCE(locale, '') FROM users WHERE id IN (" + marks +
            ")",
        params);
    if (!rows) return rows.error();
    for (const auto& row : *rows)
      found[row.int64(0)] = Contact{row.text(1), row.text(2), row.text(3)};
  }
  return found;
}

Result<std::string> normalise_email(const std::string& email) {
  std::string normal = web::trim(email);
  std::transform(normal.begin(), normal.end(), normal.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  const std::size_t at = normal.find('@');
  const bool shaped = at != std::string::npos && at > 0 &&
                      normal.find('@', at + 1) == std::string::npos &&
                      normal.find('.', at) != std::string::npos && normal.back() != '.' &&
                      normal.find_first_of(" \t\r\n<>,;\"'()") == std::string::npos;
  if (normal.empty()) return Error::invalid("email", "email is required");
  if (!shaped || normal.size() > kMaxEmailChars || !web::is_valid_utf8(normal)) {
    return Error::invalid("email", "email is not a valid address");
  }
  return normal;
}

Status check_password(const std::string& password, const std::string& field) {
  if (!web::is_valid_utf8(password)) return Error::invalid(field, field + " is not valid UTF-8");
  const std::size_t length = web::utf8_length(password);
  if (length < kMinPasswordChars) {
    return Error::invalid(
        field, field + " must be at least " + std::to_string(kMinPasswordChars) + " characters");
  }
  if (length > kMaxPasswordChars) {
    return Error::invalid(
        field, field + " must be at most " + std::to_string(kMaxPasswordChars) + " characters");
  }
  return ok_status();
}

AccountsService::AccountsService(db::Database& database, const Clock& clock, AccountsConfig config)
    : database_(database), clock_(clock), config_(std::move(config)) {}

Result<std::optional<User>> AccountsService::sign_up(const SignUp& input, const std::string& ip) {
  // Every check first, the same for a new and a known address.
  auto email = normalise_email(input.email);
  if (!email) return email.error();
  const std::string display_name = web::trim(input.display_name);
  if (auto status = check_display_name(display_name); !status) return status.error();
  if (auto status = check_password(input.password, "password"); !status) return status.error();
  if (auto status = check_locale(input.locale); !status) return status.error();
  {
    // A cheap refusal before the slow hash, so a flood costs us little.
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto wait = rate_wait(*reader, "signup", ip, config_.signups_per_ip_per_hour);
    if (!wait) return wait.error();
    if (wait.value() > 0) return too_many_from_address(wait.value());
  }
  // Hashed for a known address too: both answers take the same time.
  const std::string hashed = crypto::hash_password(input.password);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (auto status = rate_limit(*transaction, "signup", ip, config_.signups_per_ip_per_hour);
      !status)
    return status.error();
  auto existing = transaction->query_one(
      std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?", {email.value()});
  if (!existing) return existing.error();
  if (existing->has_value()) {
    // Tell the owner, not the visitor; at most one such mail per hour.
    const User owner = user_from_row(**existing);
    outbox::OutboxMessage mail{.kind = "email",
                               .target = owner.email,
                               .payload = {{"template", "account_exists"},
                                           {"language", owner.locale.value_or("ko")},
                                           {"to_name", owner.display_name},
                                           {"link", config_.base_url + "/password/forgot"}},
                               .idempotency_key = "account_exists:" + std::to_string(owner.id) +
                                                  ":" + std::to_string(now / 3600)};
    if (auto status = outbox::enqueue(*transaction, mail, now); !status) return status.error();
    if (auto status = transaction->commit(); !status) return status.error();
    return std::optional<User>{};
  }
  auto inserted = transaction->query(
      std::string("INSERT INTO users (email, display_name, password_hash, is_admin, "
                  "email_verified_at, locale, created_at, updated_at) "
                  "VALUES (?, ?, ?, 0, NULL, ?, ?, ?) RETURNING ") +
          kUserColumns,
      {email.value(), display_name, hashed,
       input.locale && !input.locale->empty() ? db::Value{*input.locale} : db::null(), now, now});
  if (!inserted) {
    // Signed up at the same moment by someone else: the same quiet answer.
    if (inserted.error().code == db::kUniqueViolation) return std::optional<User>{};
    return inserted.error();
  }
  User user = user_from_row(inserted->front());
  // The 개인정보 수집·이용 동의 of sign_up_with_consents, with the account.
  if (auto status = internal::record_sign_up_consents(*transaction, user.id, now); !status)
    return status.error();
  auto link = issue_link(*transaction, user.id, "verify_email", user);
  if (!link) return link.error();
  if (auto status = transaction->commit(); !status) return status.error();
  if (config_.dev_mode) {
    log::info("mail_link",
              {{"purpose", "verify_email"}, {"to", user.email}, {"link", link.value()}});
  }
  return std::optional<User>{std::move(user)};
}

Result<User> AccountsService::create_user(const SignUp& input, bool is_admin) {
  return insert_user(input, nullptr, is_admin, true, false);
}

Result<User> AccountsService::create_user_with_hash(const SignUp& input,
                                                    const std::string& password_hash,
                                                    bool is_admin) {
  return insert_user(input, &password_hash, is_admin, true, false);
}

Result<User> AccountsService::insert_user(const SignUp& input, const std::string* password_hash,
                                          bool is_admin, bool verified, bool send_verification) {
  auto email = normalise_email(input.email);
  if (!email) return email.error();
  const std::string display_name = web::trim(input.display_name);
  if (auto status = check_display_name(display_name); !status) return status.error();
  if (auto status = check_password(input.password, "password"); !status) return status.error();
  if (auto status = check_locale(input.locale); !status) return status.error();

  // Hash before the transaction: argon2id takes tens of milliseconds and the
  // SQLite writer lock should not wait on it.
  const std::string hashed = password_hash ? *password_hash : crypto::hash_password(input.password);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto inserted = transaction->query(
      std::string("INSERT INTO users (email, display_name, password_hash, is_admin, "
                  "email_verified_at, locale, "
                  "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ") +
          kUserColumns,
      {email.value(), display_name, hashed, std::int64_t{is_admin},
       verified ? db::Value{now} : db::null(),
       input.locale && !input.locale->empty() ? db::Value{*input.locale} : db::null(), now, now});
  if (!inserted) {
    if (inserted.error().code == db::kUniqueViolation) {
      return Error::conflict("email", "an account with this email already exists");
    }
    return inserted.error();
  }
  User user = user_from_row(inserted->front());
  std::string link;
  if (send_verification) {
    auto issued = issue_link(*transaction, user.id, "verify_email", user);
    if (!issued) return issued.error();
    link = issued.value();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  if (config_.dev_mode && !link.empty()) {
    log::info("mail_link", {{"purpose", "verify_email"}, {"to", user.email}, {"link", link}});
  }
  return user;
}

Result<std::string> AccountsService::issue_link(db::Transaction& transaction, std::int64_t user_id,
                                                const std::string& purpose, const User& recipient) {
  const std::string token = crypto::random_token();
  const std::string digest = crypto::token_digest(token);
  const std::int64_t now = clock_.now_seconds();
  auto stored = transaction.execute(
      "INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES "
      "(?, ?, ?, ?, ?)",
      {digest, user_id, purpose, now, now + config_.link_lifetime_seconds});
  if (!stored) return stored.error();
  const std::string path =
      purpose == "verify_email" ? "/verify-email?token=" : "/password/reset?token=";
  const std::string link = config_.base_url + path + token;
  outbox::OutboxMessage mail{
      .kind = "email",
      .target = recipient.email,
      .payload = {{"template", purpose},
                  {"language", recipient.locale.value_or("ko")},
                  {"to_name", recipient.display_name},
                  {"link", link},
                  {"expires_at", now + config_.link_lifetime_seconds}},
      .idempotency_key = purpose + ":" + std::to_string(user_id) + ":" + digest.substr(0, 16)};
  if (auto status = outbox::enqueue(transaction, mail, now); !status) return status.error();
  return link;
}

Result<User> AccountsService::user(std::int64_t user_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  return user(*reader, user_id);
}

Result<User> AccountsService::user(db::Transaction& transaction, std::int64_t user_id) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {user_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such user");
  User found = user_from_row(**row);
  if (auto status = load_interests(transaction, found); !status) return status.error();
  return found;
}

Result<User> AccountsService::update_profile(const Viewer& viewer, const ProfileUpdate& update) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (update.display_name) {
    if (auto status = check_display_name(*update.display_name); !status) return status.error();
  }
  if (update.bio && web::utf8_length(*update.bio) > kMaxBioChars) {
    return Error::invalid("bio",
                          "bio must be at most " + std::to_string(kMaxBioChars) + " characters");
  }
  for (const auto& [url, field] :
       {std::pair{&update.github_url, "github_url"}, std::pair{&update.blog_url, "blog_url"},
        std::pair{&update.linkedin_url, "linkedin_url"}}) {
    if (auto status = check_url(*url, field); !status) return status.error();
  }
  if (auto status = check_locale(update.locale); !status) return status.error();
  if (update.interests) {
    if (update.interests->size() > kMaxInterests) {
      return Error::invalid(
          "interests", "interests may have at most " + std::to_string(kMaxInterests) + " tags");
    }
    for (const auto& tag : *update.interests) {
      if (tag.empty() || web::utf8_length(tag) > kMaxInterestChars) {
        return Error::invalid("interests", "each interest must be 1 to " +
                                               std::to_string(kMaxInterestChars) + " characters");
      }
    }
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE users SET display_name = COALESCE(?, display_name), bio = COALESCE(?, bio), "
      "github_url = COALESCE(?, github_url), blog_url = COALESCE(?, blog_url), "
      "linkedin_url = COALESCE(?, linkedin_url), updated_at = ? WHERE id = ?",
      {db::maybe(update.display_name), db::maybe(update.bio), db::maybe(update.github_url),
       db::maybe(update.blog_url), db::maybe(update.linkedin_url), now, viewer.user_id()});
  if (!updated) return updated.error();
  if (update.locale) {
    auto saved = transaction->execute(
        "UPDATE users SET locale = ? WHERE id = ?",
        {update.locale->empty() ? db::null() : db::Value{*update.locale}, viewer.user_id()});
    if (!saved) return saved.error();
  }
  if (update.interests) {
    auto cleared =
        transaction->execute("DELETE FROM user_interests WHERE user_id = ?", {viewer.user_id()});
    if (!cleared) return cleared.error();
    for (const auto& tag : *update.interests) {
      auto added = transaction->execute("INSERT INTO user_interests (user_id, tag) VALUES (?, ?)",
                                        {viewer.user_id(), tag});
      if (!added) return added.error();
    }
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return user(viewer.user_id());
}

}  // namespace moim::accounts
