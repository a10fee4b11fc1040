// Routes of the Notion connection: the organizer page
// /c/{slug}/automation/notion and /api/v1/communities/{slug}/notion.
#pragma once

#include "features/accounts/web_session.hpp"
#include "features/integrations/notion/notion_service.hpp"
#include "platform/http/router.hpp"

namespace moim::automation::notion {

void add_notion_pages(http::Router& router, accounts::WebSession& session, NotionService& notion);
void add_notion_api(http::Router& router, accounts::WebSession& session, NotionService& notion);

}  // namespace moim::automation::notion
