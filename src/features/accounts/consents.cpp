// Consents: the records (table consents), the sign-up's choice, and the
// rule for people from before consents (consents.hpp).
#include "features/accounts/consents.hpp"

#include <algorithm>

namespace moim::accounts {

namespace {

// The purposes of the sign_up_with_consents call running on this thread.
// sign_up's signature (accounts_service.hpp, included nearly everywhere)
// stays as it is; the call is synchronous, so the choice cannot leak into
// another sign-up. Reset by the guard on every path.
thread_local const std::vector<std::string>* sign_up_purposes = nullptr;

class SignUpPurposes {
 public:
  explicit SignUpPurposes(const std::vector<std::string>& purposes) {
    sign_up_purposes = &purposes;
  }
  ~SignUpPurposes() { sign_up_purposes = nullptr; }
  SignUpPurposes(const SignUpPurposes&) = delete;
  SignUpPurposes& operator=(const SignUpPurposes&) = delete;
};

Result<bool> has_rows(db::Transaction& transaction, std::int64_t user_id) {
  auto row = transaction.query_one("SELECT 1 FROM consents WHERE user_id = ? LIMIT 1", {user_id});
  if (!row) return row.error();
  return row->has_value();
}

// A person from before consents gets the rows of what they count as having
// agreed to, dated when their account was made, before their first change.
Status write_before_consents(db::Transaction& transaction, std::int64_t user_id) {
  auto created = transaction.query_one("SELECT created_at FROM users WHERE id = ?", {user_id});
  if (!created) return created.error();
  if (!created->has_value()) return Error::not_found("no such user");
  for (const auto& purpose : kConsentPurposes) {
    if (!purpose.before_consents) continue;
    auto inserted = transaction.execute(
        "INSERT INTO consents (user_id, purpose, policy_version, granted_at) VALUES (?, ?, ?, ?)",
        {user_id, std::string(purpose.name), std::string(kBeforeConsentsVersion),
         (**created).int64(0)});
    if (!inserted) return inserted.error();
  }
  return ok_status();
}

Status grant(db::Transaction& transaction, std::int64_t user_id, std::string_view purpose,
             std::int64_t now) {
  auto inserted = transaction.execute(
      "INSERT INTO consents (user_id, purpose, policy_version, granted_at) VALUES (?, ?, ?, ?)",
      {user_id, std::string(purpose), std::string(kPolicyVersion), now});
  if (!inserted) return inserted.error();
  return ok_status();
}

}  // namespace

const ConsentPurpose* consent_purpose(std::string_view name) {
  for (const auto& purpose : kConsentPurposes)
    if (purpose.name == name) return &purpose;
  return nullptr;
}

Result<std::set<std::string>> current_consents(db::Transaction& transaction, std::int64_t user_id) {
  auto rows = transaction.query(
      "SELECT purpose, withdrawn_at FROM consents WHERE user_id = ? ORDER BY purpose", {user_id});
  if (!rows) return rows.error();
  std::set<std::string> current;
  if (rows->empty()) {
    for (const auto& purpose : kConsentPurposes)
      if (purpose.before_consents) current.emplace(purpose.name);
    return current;
  }
  for (const auto& row : *rows)
    if (row.is_null(1)) current.insert(row.text(0));
  return current;
}

Result<bool> has_consent(db::Transaction& transaction, std::int64_t user_id,
                         std::string_view purpose) {
  const ConsentPurpose* known = consent_purpose(purpose);
  if (known == nullptr) return Error::internal("unknown consent purpose");
  auto row = transaction.query_one(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN purpose = ? AND withdrawn_at IS NULL THEN 1 ELSE 0 "
      "END), 0) FROM consents WHERE user_id = ?",
      {std::string(purpose), user_id});
  if (!row) return row.error();
  if ((**row).int64(0) == 0) return known->before_consents;
  return (**row).int64(1) > 0;
}

Result<std::set<std::int64_t>> without_consent(db::Transaction& transaction,
                                               const std::vector<std::int64_t>& user_ids,
                                               std::string_view purpose) {
  const ConsentPurpose* known = consent_purpose(purpose);
  if (known == nullptr) return Error::internal("unknown consent purpose");
  std::set<std::int64_t> refused;
  constexpr std::size_t kChunk = 500;  // bound parameters a statement
  for (std::size_t from = 0; from < user_ids.size(); from += kChunk) {
    const std::size_t count = std::min(kChunk, user_ids.size() - from);
    std::string marks;
    std::vector<db::Value> params{std::string(purpose)};
    for (std::size_t index = 0; index < count; ++index) {
      marks += index == 0 ? "?" : ", ?";
      params.emplace_back(user_ids[from + index]);
    }
    // Per person: how many rows, and whether one is a live grant of `purpose`.
    auto rows = transaction.query(
        "SELECT user_id, COALESCE(SUM(CASE WHEN purpose = ? AND withdrawn_at IS NULL THEN 1 "
        "ELSE 0 END), 0) FROM consents WHERE user_id IN (" +
            marks + ") GROUP BY user_id",
        params);
    if (!rows) return rows.error();
    std::set<std::int64_t> with_rows;
    for (const auto& row : *rows) {
      with_rows.insert(row.int64(0));
      if (row.int64(1) == 0) refused.insert(row.int64(0));
    }
    if (!known->before_consents) {
      for (std::size_t index = 0; index < count; ++index)
        if (!with_rows.contains(user_ids[from + index])) refused.insert(user_ids[from + index]);
    }
  }
  return refused;
}

Result<std::vector<ConsentRecord>> consent_history(db::Transaction& transaction,
                                                   std::int64_t user_id) {
  auto rows = transaction.query(
      "SELECT id, purpose, policy_version, granted_at, withdrawn_at FROM consents "
      "WHERE user_id = ? ORDER BY COALESCE(withdrawn_at, granted_at) DESC, id DESC",
      {user_id});
  if (!rows) return rows.error();
  std::vector<ConsentRecord> history;
  for (const auto& row : *rows)
    history.push_back({row.int64(0), row.text(1), row.text(2), row.int64(3), row.opt_int64(4)});
  return history;
}

Result<bool> set_consent(db::Transaction& transaction, std::int64_t user_id,
                         std::string_view purpose, bool granted, std::int64_t now) {
  const ConsentPurpose* known = consent_purpose(purpose);
  if (known == nullptr) return Error::not_found("no such consent purpose");
  if (known->required && !granted)
    return Error{409, "consent_not_withdrawable", "a required consent cannot be withdrawn",
                 "consent_" + std::string(purpose)};
  auto any = has_rows(transaction, user_id);
  if (!any) return any.error();
  if (!any.value()) {
    if (auto written = write_before_consents(transaction, user_id); !written)
      return written.error();
  }
  auto live = transaction.query_one(
      "SELECT id FROM consents WHERE user_id = ? AND purpose = ? AND withdrawn_at IS NULL",
      {user_id, std::string(purpose)});
  if (!live) return live.error();
  if (live->has_value() == granted) return false;
  if (granted) {
    if (auto status = grant(transaction, user_id, purpose, now); !status) return status.error();
    return true;
  }
  auto stamped = transaction.execute("UPDATE consents SET withdrawn_at = ? WHERE id = ?",
                                     {now, (**live).int64(0)});
  if (!stamped) return stamped.error();
  return true;
}

Result<bool> optional_mail_allowed(db::Transaction& transaction, const std::string& address) {
  auto user = transaction.query_one("SELECT id FROM users WHERE email = ?", {address});
  if (!user) return user.error();
  if (!user->has_value()) return true;
  return has_consent(transaction, (**user).int64(0), "newsletter");
}

Status check_sign_up_consents(const std::vector<std::string>& purposes) {
  for (const auto& name : purposes) {
    if (consent_purpose(name) == nullptr)
      return Error{422, "invalid", "unknown consent purpose '" + name + "'", "consents"};
  }
  for (const auto& purpose : kConsentPurposes) {
    if (!purpose.required) continue;
    if (std::find(purposes.begin(), purposes.end(), purpose.name) == purposes.end())
      return Error{422, "consent_required",
                   "the required consent '" + std::string(purpose.name) + "' is missing",
                   "consent_" + std::string(purpose.name)};
  }
  return ok_status();
}

std::vector<std::string> consents_from_form(const std::map<std::string, std::string>& form) {
  std::vector<std::string> chosen;
  for (const auto& purpose : kConsentPurposes) {
    auto found = form.find("consent_" + std::string(purpose.name));
    if (found != form.end() && !found->second.empty()) chosen.emplace_back(purpose.name);
  }
  return chosen;
}

Result<std::optional<User>> sign_up_with_consents(AccountsService& accounts, const SignUp& input,
                                                  const std::string& ip,
                                                  const std::vector<std::string>& purposes) {
  if (auto status = check_sign_up_consents(purposes); !status) return status.error();
  SignUpPurposes chosen(purposes);
  return accounts.sign_up(input, ip);
}

namespace internal {

Status record_sign_up_consents(db::Transaction& transaction, std::int64_t user_id,
                               std::int64_t now) {
  if (sign_up_purposes == nullptr) return ok_status();
  std::set<std::string> done;
  for (const auto& name : *sign_up_purposes) {
    if (consent_purpose(name) == nullptr || !done.insert(name).second) continue;
    if (auto status = grant(transaction, user_id, name, now); !status) return status.error();
  }
  return ok_status();
}

}  // namespace internal

}  // namespace moim::accounts
