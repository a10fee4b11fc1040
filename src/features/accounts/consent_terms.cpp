#include "features/accounts/consent_terms.hpp"

#include "features/accounts/consents.hpp"

namespace moim::accounts {

boost::json::array consent_terms(const WebSession& session, const RequestContext& context,
                                 const std::set<std::string>& chosen) {
  boost::json::array terms;
  for (const auto& purpose : kConsentPurposes) {
    const std::string name(purpose.name);
    const std::string key = "consent_" + name;
    terms.push_back({{"name", name},
                     {"field", key},
                     {"title", session.text(context, key + "_title")},
                     {"purpose", session.text(context, key + "_purpose")},
                     {"items", session.text(context, key + "_items")},
                     {"retention", session.text(context, key + "_retention")},
                     {"required", purpose.required},
                     {"optional", !purpose.required},
                     {"checked", chosen.contains(name)}});
  }
  return terms;
}

}  // namespace moim::accounts
