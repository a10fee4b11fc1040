// Every route of the automation room, pages and API, declared in one place.
#pragma once

#include "features/accounts/web_session.hpp"
#include "features/integrations/automation_service.hpp"
#include "platform/http/router.hpp"

namespace moim::automation {

void add_automation_pages(http::Router& router, accounts::WebSession& session,
                          AutomationService& automation);
void add_automation_api(http::Router& router, accounts::WebSession& session,
                        AutomationService& automation);

// Shared by pages and API.
boost::json::object outbox_row_json(const OutboxRow& row);
boost::json::object endpoint_json(const WebhookEndpoint& endpoint);
Result<NewEndpoint> endpoint_input(const web::Fields& fields);

}  // namespace moim::automation
