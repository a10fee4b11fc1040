// The mails moim wrote to one address (outbox rows whose target it is), for
// the privacy room's "download my data". The payload comes without what
// would open a door: sign-in, reset and verification links, tokens, secrets.
#pragma once

#include <boost/json/array.hpp>

#include <string>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"

namespace moim::outbox {

// Newest first, at most `limit` rows: {id, kind, state, template, payload,
// created_at, delivered_at}.
Result<boost::json::array> personal_mail(db::Transaction& transaction, const std::string& email,
                                         int limit = 1000);

// Erasing the person (issue #16): mails to their address not yet sent are
// cancelled, and every mail to it loses address and body (as retention does
// to all finished rows later). A mail being sent right now is left to finish.
Status erase_mail(db::Transaction& transaction, const web::Erasure& erasure,
                  web::ErasureReport& report);

}  // namespace moim::outbox
