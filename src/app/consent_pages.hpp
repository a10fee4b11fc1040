// /me/consents (issue #16): the signed-in person sees what they agreed to,
// its history, and grants or withdraws an optional purpose. Here, above the
// rooms, because withdrawing stops the use at once in the same transaction:
// bingo boards lose the name (bingo), a linked Discord account is unlinked
// (integrations). The newsletter and the profile are checked where they are
// used (the mail connector, the profile page), so they need nothing here.
#pragma once

#include "features/accounts/web_session.hpp"
#include "platform/base/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/http/router.hpp"

namespace moim::app {

void add_consent_pages(http::Router& router, accounts::WebSession& session, db::Database& database,
                       const Clock& clock);

}  // namespace moim::app
