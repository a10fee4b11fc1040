// The 개인정보 수집·이용 동의 table of the sign-up page and /me/consents:
// per purpose (consents.hpp) its catalog texts — title, purpose, items
// collected, retention — whether it is required, and whether it is chosen.
#pragma once

#include <boost/json/array.hpp>

#include <set>
#include <string>

#include "features/accounts/web_session.hpp"

namespace moim::accounts {

// [{name, field ("consent_<name>"), title, purpose, items, retention,
//   required, optional, checked}] in kConsentPurposes order.
boost::json::array consent_terms(const WebSession& session, const RequestContext& context,
                                 const std::set<std::string>& chosen);

}  // namespace moim::accounts
