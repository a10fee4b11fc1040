// Consents (issue #16): 개인정보 수집·이용 동의. What a person agreed moim may
// do with their data, by purpose, with the policy version they saw and when;
// withdrawing stops that use at once. The accounts room keeps the records
// (table consents); the rooms that do each use ask here (has_consent) or are
// told by the caller that changed it (src/app/consent_pages.cpp), so that
// no lower room depends on a higher one.
//
// A person with no consent row at all signed up before consents were asked
// (or was created by the CLI or the demo): they count as having agreed to
// every purpose whose `before_consents` is true, which is what moim did for
// them before (docs/privacy.md). Their first change writes those rows.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "features/accounts/accounts_service.hpp"

namespace moim::accounts {

// The platform's privacy policy version: what a grant recorded today agreed
// to. Change it with the catalog texts (consent_<purpose>_purpose, _items,
// _retention in web/i18n/*/consent.json).
inline constexpr std::string_view kPolicyVersion = "2026-12";
// The version written for the rows of a person from before consents.
inline constexpr std::string_view kBeforeConsentsVersion = "before-2026-12";

struct ConsentPurpose {
  std::string_view name;
  bool required;         // sign-up cannot go on without it; not withdrawable here
  bool before_consents;  // what a person from before consents counts as
};

inline constexpr std::array<ConsentPurpose, 6> kConsentPurposes{{
    {"account", true, true},
    {"community_membership", true, true},
    {"newsletter", false, true},       // non-essential mail went to everyone
    {"profile_visible", false, true},  // fellow members saw /u/{id}
    {"bingo_name", false, true},       // bingo boards showed the name
    {"discord_link", false, true},     // a linked Discord account stayed linked
}};

// The purpose named `name`, or null.
const ConsentPurpose* consent_purpose(std::string_view name);

struct ConsentRecord {
  std::int64_t id = 0;
  std::string purpose;
  std::string policy_version;
  std::int64_t granted_at = 0;
  std::optional<std::int64_t> withdrawn_at;
};

// The purposes `user_id` agrees to now.
Result<std::set<std::string>> current_consents(db::Transaction& transaction, std::int64_t user_id);
Result<bool> has_consent(db::Transaction& transaction, std::int64_t user_id,
                         std::string_view purpose);
// Of `user_ids`, those who do not agree to `purpose` now (one query per 500).
Result<std::set<std::int64_t>> without_consent(db::Transaction& transaction,
                                               const std::vector<std::int64_t>& user_ids,
                                               std::string_view purpose);
// Every grant and withdrawal, newest first.
Result<std::vector<ConsentRecord>> consent_history(db::Transaction& transaction,
                                                   std::int64_t user_id);
// Grants (a new row with kPolicyVersion) or withdraws (stamps the live row)
// `purpose` inside the caller's transaction; true when something changed.
// A required purpose cannot be withdrawn (409: delete the account, or leave
// the community, instead). An unknown purpose is a 404.
Result<bool> set_consent(db::Transaction& transaction, std::int64_t user_id,
                         std::string_view purpose, bool granted, std::int64_t now);

// Whether non-essential mail may go to `address` (lower case): an address
// without an account (a guest) yes, an account's only with the newsletter
// consent. The mail connector asks at delivery (app.cpp wires it).
Result<bool> optional_mail_allowed(db::Transaction& transaction, const std::string& address);

// The sign-up form's and API's choice: known purposes only, every required
// one present; else a 422 naming "consent_<purpose>".
Status check_sign_up_consents(const std::vector<std::string>& purposes);
// The purposes ticked in a form: fields "consent_<purpose>" sent non-empty.
std::vector<std::string> consents_from_form(const std::map<std::string, std::string>& form);
// AccountsService::sign_up that also records `purposes` (checked first) in
// the new account's transaction. A known address records nothing (its owner
// is mailed, as sign_up does).
Result<std::optional<User>> sign_up_with_consents(AccountsService& accounts, const SignUp& input,
                                                  const std::string& ip,
                                                  const std::vector<std::string>& purposes);

namespace internal {
// What sign_up records in the new account's transaction: the purposes of the
// sign_up_with_consents call running on this thread, none otherwise.
Status record_sign_up_consents(db::Transaction& transaction, std::int64_t user_id,
                               std::int64_t now);
}  // namespace internal

}  // namespace moim::accounts
