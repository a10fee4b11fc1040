// Every route of the accounts room, pages and API, declared in one place.
#pragma once

#include "features/accounts/web_session.hpp"
#include "platform/http/router.hpp"

namespace moim::accounts {

void add_account_pages(http::Router& router, WebSession& session);
void add_account_api(http::Router& router, WebSession& session);

}  // namespace moim::accounts
