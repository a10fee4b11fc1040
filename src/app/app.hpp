// The composition root: opens the database, loads the web assets, builds the
// services and declares every route. `moim serve` runs it; `moim demo` and
// the tests use its services.
#pragma once

#include <memory>
#include <optional>

#include "features/academy/academy_service.hpp"
#include "features/accounts/accounts_service.hpp"
#include "features/accounts/web_session.hpp"
#include "features/activity/activity_service.hpp"
#include "features/activity/wrap_up_service.hpp"
#include "features/bingo/bingo_service.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/coffee/coffee_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/events/after_event.hpp"
#include "features/events/attendance_certificates.hpp"
#include "features/events/events_service.hpp"
#include "features/events/programme_service.hpp"
#include "features/integrations/automation_service.hpp"
#include "features/integrations/discord/discord_plan.hpp"
#include "features/integrations/discord/discord_service.hpp"
#include "features/integrations/discord/event_announcement.hpp"
#include "features/integrations/discord/pair_channels.hpp"
#include "features/integrations/mail/email_plan.hpp"
#include "features/integrations/notion/notion_client.hpp"
#include "features/integrations/notion/notion_plan.hpp"
#include "features/integrations/notion/notion_service.hpp"
#include "features/integrations/plan_service.hpp"
#include "features/integrations/worker.hpp"
#include "features/mentoring/mentoring_service.hpp"
#include "features/mentoring/pair_space.hpp"
#include "features/search/search_service.hpp"
#include "features/wiki/wiki_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/config/settings.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/db/database.hpp"
#include "platform/http/metrics.hpp"
#include "platform/http/pipeline.hpp"
#include "platform/http/router.hpp"
#include "platform/live/hub.hpp"
#include "platform/web/api_docs.hpp"
#include "platform/web/catalog.hpp"
#include "platform/web/respond.hpp"
#include "platform/web/templates.hpp"

namespace moim {

// Opens and migrates the database named in settings.
Result<std::unique_ptr<db::Database>> open_database(const config::Settings& settings);

class App {
 public:
  // Loads web assets and wires services and routes; the database must be migrated.
  static Result<std::unique_ptr<App>> create(const config::Settings& settings,
                                             db::Database& database);

  http::Router& router() { return router_; }
  http::Metrics& metrics() { return metrics_; }
  const http::Pipeline& pipeline() const { return *pipeline_; }
  accounts::AccountsService& accounts() { return *accounts_; }
  communities::CommunitiesService& communities() { return *communities_; }
  academy::AcademyService& academy() { return *academy_; }
  automation::AutomationService& automation() { return *automation_; }
  // Plan before doing: every connected service's PlanSource, registered below.
  automation::PlanService& plans() { return *plans_; }
  automation::notion::NotionService& notion() { return *notion_; }
  const std::string& notion_api_url() const { return notion_client_->options().api_url; }
  // The outbox worker, built but not started: `moim serve` starts it unless
  // --no-outbox-worker, `moim worker` runs nothing else.
  automation::Worker& worker() { return *worker_; }
  coffee::CoffeeService& coffee() { return *coffee_; }
  activity::ActivityService& activity() { return *activity_; }
  certificates::CertificatesService& certificates() { return *certificates_; }
  activity::WrapUpService& wrap_up() { return *wrap_up_; }
  discord::DiscordService& discord() { return *discord_; }
  events::EventsService& events() { return *events_; }
  events::ProgrammeService& programme() { return *programme_; }
  bingo::BingoService& bingo() { return *bingo_; }
  mentoring::MentoringService& mentoring() { return *mentoring_; }
  mentoring::PairSpaceService& pair_spaces() { return *pair_spaces_; }
  wiki::WikiService& wiki() { return *wiki_; }
  // Discord's part of "plan before doing" (features/integrations/plan.hpp).
  automation::PlanSource& discord_plan() { return *discord_plan_; }
  db::Database& database() { return database_; }
  // Live updates: publish inside a service's write transaction, subscribe
  // from a stream route (platform/live/live_stream.hpp).
  live::Hub& hub() { return *hub_; }
  // The API document the server serves at /api/v1/openapi.json.
  const std::string& openapi_document() const { return openapi_document_; }
  // The key sealing integration tokens; null with PostgreSQL when no
  // --secret-key-file is set (connecting an integration then says so).
  const crypto::SecretBox* secrets() const { return secrets_ ? &*secrets_ : nullptr; }

 private:
  explicit App(db::Database& database) : database_(database) {}
  void add_routes(const config::Settings& settings);
  void build_worker(const config::Settings& settings);

  db::Database& database_;
  Clock clock_;
  std::unique_ptr<live::Hub> hub_;  // before the services that publish through it
  std::optional<crypto::SecretBox> secrets_;
  web::Catalog catalog_;
  std::shared_ptr<web::Templates> templates_;
  std::unique_ptr<web::PageRenderer> renderer_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<accounts::WebSession> session_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<academy::AcademyService> academy_;
  std::unique_ptr<activity::ActivityService> activity_;
  // What moim did beside what people did by hand, on the statistics pages.
  std::unique_ptr<outbox::OrganizerCounter> organizer_counter_;
  std::unique_ptr<activity::WrapUpService> wrap_up_;
  std::unique_ptr<coffee::CoffeeService> coffee_;
  std::unique_ptr<certificates::CertificatesService> certificates_;
  std::unique_ptr<automation::AutomationService> automation_;
  std::unique_ptr<discord::DiscordService> discord_;
  std::unique_ptr<events::EventsService> events_;
  std::unique_ptr<events::AfterEventService> after_event_;
  std::unique_ptr<events::AttendanceCertificatesService> attendance_certificates_;
  std::unique_ptr<events::ProgrammeService> programme_;
  std::unique_ptr<bingo::BingoService> bingo_;
  std::unique_ptr<mentoring::MentoringService> mentoring_;
  std::unique_ptr<mentoring::PairSpaceService> pair_spaces_;
  std::unique_ptr<wiki::WikiService> wiki_;
  std::unique_ptr<search::SearchService> search_;
  std::unique_ptr<discord::DiscordPlanSource> discord_plan_;
  std::unique_ptr<discord::EventAnnouncementService> event_announcements_;
  // Mentoring pairs' private Discord channels (plan before doing).
  std::unique_ptr<discord::PairChannelsPlanner> pair_channels_planner_;
  std::unique_ptr<discord::PairChannelsService> pair_channels_;
  // Notion: one client (and so one request pacer per token) for the
  // connector, the plan and "test connection".
  std::unique_ptr<automation::notion::NotionClient> notion_client_;
  std::unique_ptr<automation::notion::NotionService> notion_;
  std::unique_ptr<automation::notion::NotionPlanSource> notion_plan_;
  std::unique_ptr<automation::PlanService> plans_;
  std::unique_ptr<automation::EmailPlanSource> email_plan_;
  std::unique_ptr<automation::Worker> worker_;  // declared after what its connectors use
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Pipeline> pipeline_;
  std::string openapi_document_;  // web/openapi.json with the typed routes' operations merged in
  web::ApiDocs api_docs_;         // what the typed routes declare (accounts/api_routes.hpp)
};

}  // namespace moim
