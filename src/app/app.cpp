#include "app/app.hpp"

#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/community_home.hpp"
#include "app/consent_pages.hpp"
#include "app/section_nav.hpp"
#include "app/system_routes.hpp"
#include "features/academy/onboarding_facts.hpp"
#include "features/academy/organizer_count.hpp"
#include "features/academy/routes.hpp"
#include "features/academy/search_source.hpp"
#include "features/accounts/consents.hpp"
#include "features/accounts/routes.hpp"
#include "features/activity/routes.hpp"
#include "features/activity/search_source.hpp"
#include "features/activity/wrap_up_routes.hpp"
#include "features/bingo/routes.hpp"
#include "features/certificates/organizer_count.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/certificates/routes.hpp"
#include "features/coffee/onboarding_facts.hpp"
#include "features/coffee/routes.hpp"
#include "features/communities/audit_log.hpp"
#include "features/communities/organizer_count.hpp"
#include "features/communities/privacy_notice.hpp"
#include "features/communities/routes.hpp"
#include "features/events/after_routes.hpp"
#include "features/events/attendance_routes.hpp"
#include "features/events/programme_routes.hpp"
#include "features/events/routes.hpp"
#include "features/events/search_source.hpp"
#include "features/integrations/data_export_connector.hpp"
#include "features/integrations/discord/discord_connector.hpp"
#include "features/integrations/discord/routes.hpp"
#include "features/integrations/mail/mail_connector.hpp"
#include "features/integrations/notion/notion_connector.hpp"
#include "features/integrations/notion/notion_routes.hpp"
#include "features/integrations/personal_data.hpp"
#include "features/integrations/plan_routes.hpp"
#include "features/integrations/routes.hpp"
#include "features/integrations/webhooks/webhooks.hpp"
#include "features/mentoring/routes.hpp"
#include "features/privacy/community_erasure_routes.hpp"
#include "features/privacy/data_export_routes.hpp"
#include "features/privacy/erasure_routes.hpp"
#include "features/privacy/retention_routes.hpp"
#include "features/privacy/routes.hpp"
#include "features/search/routes.hpp"
#include "features/wiki/routes.hpp"
#include "features/wiki/search_source.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/log/log.hpp"
#include "platform/web/body_contract.hpp"
#include "platform/web/kept_pages.hpp"

namespace moim {

Result<std::unique_ptr<db::Database>> open_database(const config::Settings& settings) {
  if (settings.database.starts_with("sqlite:") && settings.database != "sqlite::memory:") {
    // `make run` starts in an empty checkout: create var/ (or whatever folder) first.
    const std::filesystem::path path = settings.database.substr(7);
    if (path.has_parent_path()) {
      std::error_code ignored;
      std::filesystem::create_directories(path.parent_path(), ignored);
    }
  }
  auto database = db::Database::open(settings.database, {.pool_size = settings.db_pool_size});
  if (!database) return database.error();
  auto applied = db::migrate(*database.value());
  if (!applied) return applied.error();
  return std::move(database.value());
}

Result<std::unique_ptr<App>> App::create(const config::Settings& settings, db::Database& database) {
  std::unique_ptr<App> app(new App(database));
  const std::filesystem::path web_root = settings.web_root;
  auto catalog = web::Catalog::load(web_root / "i18n");
  if (!catalog) return catalog.error();
  app->catalog_ = std::move(catalog.value());
  auto templates = web::Templates::load(web_root / "templates", app->catalog_);
  if (!templates) return templates.error();
  app->templates_ = std::move(templates.value());
  std::ifstream openapi(web_root / "openapi.json");
  if (!openapi) return Error::internal("cannot read " + (web_root / "openapi.json").string());
  std::stringstream openapi_text;
  openapi_text << openapi.rdbuf();
  app->openapi_document_ = openapi_text.str();

  if (const std::string key_path = config::secret_key_path(settings); !key_path.empty()) {
    auto secrets = crypto::SecretBox::load_or_create(key_path);
    if (!secrets) return secrets.error();
    app->secrets_.emplace(std::move(secrets.value()));
  } else if (settings.database == "sqlite::memory:") {
    // The database dies with the process, so may the key.
    auto secrets = crypto::SecretBox::from_key(crypto::random_bytes(crypto::SecretBox::kKeyBytes));
    if (!secrets) return secrets.error();
    app->secrets_.emplace(std::move(secrets.value()));
  }

  // In-process on SQLite; LISTEN/NOTIFY on PostgreSQL, so that a change made
  // on one instance reaches the streams open on every other.
  auto hub = live::Hub::open(settings.database, database);
  if (!hub) return hub.error();
  app->hub_ = std::move(hub.value());

  config::HostPort listen;
  config::parse_listen(settings.listen, listen);
  accounts::AccountsConfig accounts_config;
  accounts_config.base_url =
      settings.base_url.empty() ? "http://" + settings.listen : settings.base_url;
  accounts_config.dev_mode = settings.dev;
  accounts_config.signups_per_ip_per_hour = settings.signups_per_address_per_hour;
  accounts_config.mail_links_per_ip_per_hour = settings.mail_links_per_address_per_hour;
  app->renderer_ = std::make_unique<web::PageRenderer>(app->templates_);
  app->accounts_ =
      std::make_unique<accounts::AccountsService>(database, app->clock_, accounts_config);
  app->session_ = std::make_unique<accounts::WebSession>(*app->accounts_, *app->renderer_,
                                                         app->catalog_, settings.secure_cookies);
  app->communities_ = std::make_unique<communities::CommunitiesService>(database, app->clock_);
  // The bar, and the privacy notice's banner for a member who must agree (again).
  app->session_->set_section_nav(communities::with_privacy_banner(
      app::section_nav(*app->communities_),
      std::make_shared<communities::PrivacyNotices>(database, app->clock_, *app->communities_)));
  app->session_->set_kept_pages(
      std::make_shared<web::KeptPages>(app->communities_->change_stamp(), app->clock_));
  app->academy_ =
      std::make_unique<academy::AcademyService>(database, app->clock_, *app->communities_);
  app->activity_ = std::make_unique<activity::ActivityService>(
      database, app->clock_, *app->academy_, accounts_config.base_url);
  app->coffee_ = std::make_unique<coffee::CoffeeService>(database, app->clock_, *app->communities_,
                                                         *app->academy_);
  app->certificates_ = std::make_unique<certificates::CertificatesService>(
      database, app->clock_, *app->communities_, accounts_config.base_url,
      app->secrets() ? app->secrets()->derive_key(certificates::kHolderNameKeyPurpose) : "");
  app->organizer_counter_ = std::make_unique<outbox::OrganizerCounter>(
      database,
      std::vector<outbox::CountSource>{outbox::delivered_count, communities::audited_count,
                                       academy::seats_count, certificates::certificates_count});
  app->wrap_up_ = std::make_unique<activity::WrapUpService>(database, app->clock_, *app->academy_);
  app->wrap_up_->count_with(*app->organizer_counter_);
  app->events_ = std::make_unique<events::EventsService>(
      database, app->clock_, *app->communities_,
      events::EventsOptions{.base_url = accounts_config.base_url,
                            .registrations_per_address_per_minute =
                                settings.event_registrations_per_address_per_minute,
                            .qr_decoder_served = std::filesystem::is_regular_file(
                                web_root / "static" / "vendor" / "jsQR.js")});
  app->after_event_ =
      std::make_unique<events::AfterEventService>(database, app->clock_, *app->events_);
  app->attendance_certificates_ = std::make_unique<events::AttendanceCertificatesService>(
      database, app->clock_, *app->events_, *app->certificates_);
  app->programme_ = std::make_unique<events::ProgrammeService>(
      database, app->clock_, *app->communities_, *app->events_, accounts_config.base_url);
  app->bingo_ = std::make_unique<bingo::BingoService>(database, app->clock_, *app->communities_,
                                                      *app->events_);
  app->bingo_->publish_through(*app->hub_);
  app->mentoring_ =
      std::make_unique<mentoring::MentoringService>(database, app->clock_, *app->communities_);
  app->pair_spaces_ = std::make_unique<mentoring::PairSpaceService>(
      database, app->clock_, *app->communities_, *app->certificates_);
  app->wiki_ = std::make_unique<wiki::WikiService>(database, app->clock_, *app->communities_);
  // The community search (issue #17): each room finds in its own index.
  app->search_ = std::make_unique<search::SearchService>(database, *app->communities_);
  app->search_->add_source(academy::projects_search_source());
  app->search_->add_source(activity::growth_logs_search_source());
  app->search_->add_source(search::members_search_source(*app->communities_));
  app->search_->add_source(events::events_search_source());
  app->search_->add_source(wiki::pages_search_source());
  // The cohort page asks the wrap-up room whether a cohort is closed; the
  // academy cannot depend on the activity room, which depends on it.
  app->academy_->set_closure_probe([db = &database](std::int64_t cohort_id) -> Result<bool> {
    auto reader = db->read();
    if (!reader) return reader.error();
    return activity::cohort_closed(*reader, cohort_id);
  });
  app->automation_ = std::make_unique<automation::AutomationService>(
      database, app->clock_, *app->communities_, settings.webhook_allow_http);
  // Discord: the connection and member linking, and its plan source. Both
  // speak to --discord-api-url (the local stand-in in tests and the demo).
  {
    const discord::ApiOptions api{.base_url = settings.discord_api_url,
                                  .timeout_ms = settings.discord_timeout_ms};
    app->discord_ = std::make_unique<discord::DiscordService>(
        database, app->clock_, *app->communities_, app->secrets(), api,
        discord::OAuthSettings{.authorize_url = settings.discord_oauth_url,
                               .client_id = settings.discord_client_id,
                               .client_secret = settings.discord_client_secret,
                               .redirect_url = accounts_config.base_url + "/me/discord/callback"});
    app->discord_plan_ =
        std::make_unique<discord::DiscordPlanSource>(database, app->clock_, app->secrets(), api);
    app->event_announcements_ = std::make_unique<discord::EventAnnouncementService>(
        database, app->clock_, *app->discord_, *app->events_, app->catalog_,
        accounts_config.base_url);
    // Mentoring pairs' private Discord channels (issue #18).
    app->pair_channels_planner_ =
        std::make_unique<discord::PairChannelsPlanner>(database, app->clock_, app->secrets(), api);
    app->pair_channels_ = std::make_unique<discord::PairChannelsService>(
        database, app->clock_, *app->discord_, *app->mentoring_, *app->pair_channels_planner_);
  }
  // Plan before doing: each connected service registers its PlanSource.
  app->plans_ =
      std::make_unique<automation::PlanService>(database, app->clock_, *app->communities_);
  app->email_plan_ = std::make_unique<automation::EmailPlanSource>(database);
  app->plans_->add_source(*app->email_plan_);
  // Notion.
  app->notion_client_ =
      std::make_unique<automation::notion::NotionClient>(automation::notion::NotionClientOptions{
          .api_url = settings.notion_api_url, .timeout_ms = settings.notion_timeout_ms});
  app->notion_ = std::make_unique<automation::notion::NotionService>(
      database, app->clock_, *app->communities_, *app->notion_client_, app->secrets());
  app->notion_plan_ = std::make_unique<automation::notion::NotionPlanSource>(
      database, app->clock_, *app->notion_client_, app->secrets());
  app->plans_->add_source(*app->notion_plan_);
  app->plans_->add_source(*app->discord_plan_);
  // The wiki's onboarding steps that tick themselves ask the rooms that
  // know (features/wiki/wiki_service.hpp, OnboardingFacts).
  using Viewer = accounts::Viewer;
  using Community = communities::Community;
  app->wiki_->set_onboarding_facts(
      {.discord_linked = [discord = app->discord_.get()](const Viewer& viewer,
                                                         const Community&) -> Result<bool> {
         auto link = discord->my_link(viewer);
         if (!link) return link.error();
         return link->has_value();
       },
       .growth_log = [activity = app->activity_.get()](const Viewer& viewer,
                                                       const Community& community) -> Result<bool> {
         auto logs = activity->logs(viewer, community.slug, viewer.user_id());
         if (!logs) return logs.error();
         return !logs->empty();
       },
       .audit =
           [db = &database](const Viewer& viewer, const Community& community) {
             return academy::audits_in(*db, community.id, viewer.user_id());
           },
       .coffee_chat =
           [db = &database](const Viewer& viewer, const Community& community) {
             return coffee::was_grouped(*db, community.id, viewer.user_id());
           }});
  app->build_worker(settings);
  app->add_routes(settings);
  return app;
}

void App::build_worker(const config::Settings& settings) {
  worker_ = std::make_unique<automation::Worker>(
      database_, clock_,
      automation::WorkerOptions{.concurrency = settings.outbox_concurrency,
                                .max_attempts = settings.outbox_max_attempts,
                                .backoff = {.base_ms = settings.outbox_backoff_base_ms,
                                            .max_ms = settings.outbox_backoff_max_ms},
                                .poll_ms = settings.outbox_poll_ms},
      automation::make_leadership(settings.database, settings.outbox_lock_file));
  automation::MailAddress from;
  if (!automation::parse_mail_address(settings.mail_from, from))
    from = {"moim", "noreply@localhost"};
  std::unique_ptr<automation::MailTransport> transport;
  if (!settings.smtp_url.empty()) {
    transport = automation::make_smtp_transport({.url = settings.smtp_url,
                                                 .user = settings.smtp_user,
                                                 .password = settings.smtp_password,
                                                 .require_starttls = settings.smtp_tls != "none",
                                                 .timeout_ms = settings.smtp_timeout_ms});
  } else if (settings.dev) {
    transport = automation::make_log_transport();
  }
  if (!transport) {
    log::warn("mail_not_configured",
              {{"note", "no --smtp-url: email rows wait in the outbox until one is set"}});
  } else {
    worker_->add_connector(std::make_unique<automation::MailConnector>(
        database_, clock_, templates_, catalog_,
        automation::MailOptions{
            from, settings.mail_reply_to,
            settings.base_url.empty() ? "http://" + settings.listen : settings.base_url,
            accounts::optional_mail_allowed},
        std::move(transport)));
  }
  worker_->add_connector(std::make_unique<automation::WebhookConnector>(
      database_, clock_,
      automation::WebhookOptions{.allow_http = settings.webhook_allow_http,
                                 .timeout_ms = settings.webhook_timeout_ms}));
  worker_->add_connector(std::make_unique<discord::DiscordConnector>(
      database_, clock_, secrets(),
      discord::ApiOptions{.base_url = settings.discord_api_url,
                          .timeout_ms = settings.discord_timeout_ms}));
  // Notion pages (notion_client_ is built before the worker).
  worker_->add_connector(std::make_unique<automation::notion::NotionConnector>(
      database_, clock_, *notion_client_, secrets()));
  // Time-driven work, run by whichever instance leads the outbox.
  const auto report = [](const char* job, const Result<int>& done) {
    if (!done) {
      log::error("periodic_job_failed", {{"job", job}, {"error", done.error().message}});
    } else if (done.value() > 0) {
      log::info("periodic_job_done", {{"job", job}, {"count", done.value()}});
    }
  };
  worker_->add_periodic_job("coffee.close_due_rounds", std::chrono::seconds(60), [this, report] {
    report("coffee.close_due_rounds", coffee_->close_due_rounds());
  });
  // Communities that let plans apply themselves (cohorts in selection or running).
  worker_->add_periodic_job("automation.apply_plans", std::chrono::seconds(60), [this, report] {
    report("automation.apply_plans", plans_->apply_due());
  });
  // Seats offered from a waitlist and not claimed in time go to the next person.
  worker_->add_periodic_job("events.expire_offers", std::chrono::seconds(60), [this, report] {
    report("events.expire_offers", events_->expire_offers());
  });
  // Reminders the day before and on the morning, the thank-you with the survey after.
  worker_->add_periodic_job("events.mail_rounds", std::chrono::seconds(60), [this, report] {
    report("events.mail_rounds", after_event_->enqueue_due_mails());
  });
  worker_->add_periodic_job(
      "activity.deadline_reminders", std::chrono::seconds(60), [this, report] {
        report("activity.deadline_reminders", activity_->enqueue_due_reminders());
      });
}

void App::add_routes(const config::Settings& settings) {
  add_system_routes(router_, database_, metrics_, openapi_document_);
  accounts::add_account_pages(router_, *session_);
  app::add_consent_pages(router_, *session_, database_, clock_);
  accounts::add_account_api(router_, *session_);
  communities::add_community_pages(
      router_, *session_, *communities_,
      app::community_home(*session_, *academy_, *activity_, *coffee_, clock_));
  communities::add_community_api(router_, *session_, *communities_);
  auto audit_log = std::make_shared<communities::AuditLog>(database_, *communities_);
  communities::add_audit_pages(router_, *session_, *communities_, audit_log);
  auto privacy_notices =
      std::make_shared<communities::PrivacyNotices>(database_, clock_, *communities_);
  communities::add_privacy_notice_pages(router_, *session_, privacy_notices);
  academy::add_academy_pages(router_, *session_, *academy_, clock_);
  academy::add_academy_api(router_, *session_, *academy_, clock_);
  automation::add_automation_pages(router_, *session_, *automation_);
  automation::add_automation_api(router_, *session_, *automation_);
  // Plan before doing, and the Notion connection.
  automation::add_plan_pages(router_, *session_, *plans_);
  automation::add_plan_api(router_, *session_, *plans_);
  automation::notion::add_notion_pages(router_, *session_, *notion_);
  automation::notion::add_notion_api(router_, *session_, *notion_);
  coffee::add_coffee_pages(router_, *session_, *coffee_, *communities_);
  coffee::add_coffee_api(router_, *session_, *coffee_);
  activity::add_activity_api(router_, *session_, *activity_);
  activity::add_deadline_api(router_, *session_, *activity_);
  activity::add_activity_pages(router_, *session_, *activity_);
  certificates::add_certificate_pages(router_, *session_, *certificates_);
  certificates::add_certificate_api(router_, *session_, *certificates_);
  activity::add_retrospective_api(router_, *session_, *activity_);
  activity::add_retrospective_pages(router_, *session_, *activity_);
  // The wiki's onboarding checklist on the member's dashboard.
  activity::add_dashboard_pages(
      router_, *session_, *activity_, *wrap_up_,
      {[this](const accounts::RequestContext& context, const std::string& slug) {
        return wiki::onboarding_card(*session_, *wiki_, context, slug);
      }});
  activity::add_writing_pages(router_, *session_, *activity_);
  activity::add_log_pages(router_, *session_, *activity_);
  activity::add_wrap_up_api(router_, *session_, *wrap_up_);
  activity::add_wrap_up_pages(router_, *session_, *wrap_up_, *academy_);
  discord::add_discord_pages(router_, *session_, *discord_);
  discord::add_discord_api(router_, *session_, *discord_);
  // Rooms written with typed routes (accounts/api_routes.hpp).
  accounts::ApiRoutes api_routes(router_, *session_, api_docs_);
  communities::add_audit_api(api_routes, audit_log);
  communities::add_privacy_notice_api(api_routes, privacy_notices);
  events::add_events_api(api_routes, *events_);
  events::add_after_event_api(api_routes, *after_event_);
  events::add_attendance_certificate_api(api_routes, *attendance_certificates_);
  discord::add_event_announcement_api(api_routes, *event_announcements_);
  discord::add_event_announcement_pages(router_, *session_, *event_announcements_);
  discord::add_pair_channels_api(api_routes, *pair_channels_);
  discord::add_pair_channels_pages(router_, *session_, *pair_channels_);
  events::add_events_pages(router_, *session_, *events_, programme_.get(),
                           bingo::event_links(*session_, *bingo_, *events_),
                           organizer_counter_.get());
  events::add_programme_api(api_routes, *programme_);
  bingo::add_bingo_api(api_routes, *bingo_);
  bingo::add_bingo_stream(api_routes, *bingo_, *hub_);
  bingo::add_network_api(api_routes, *bingo_);
  bingo::add_play_pages(router_, *session_, *bingo_, *events_);
  bingo::add_staff_pages(router_, *session_, *bingo_, *events_);
  wiki::add_wiki_api(api_routes, *wiki_);
  wiki::add_wiki_pages(router_, *session_, *wiki_);
  mentoring::add_mentoring_api(api_routes, *mentoring_);
  mentoring::add_pair_api(api_routes, *pair_spaces_);
  mentoring::add_member_pages(router_, *session_, *mentoring_);
  mentoring::add_pair_pages(router_, *session_, *pair_spaces_);
  mentoring::add_organizer_pages(
      router_, *session_, *mentoring_,
      [academy = academy_.get()](const accounts::Viewer& viewer, const std::string& slug) {
        // The tags of the newest cohort's projects, each once, in catalog order.
        std::vector<std::string> tags;
        auto cohorts = academy->cohorts(slug);
        if (!cohorts || cohorts->empty()) return tags;
        auto projects = academy->catalog(viewer, slug, cohorts->front().key, {});
        if (!projects) return tags;
        const auto lower = [](std::string text) {
          for (char& ch : text)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return text;
        };
        std::set<std::string> seen;
        for (const auto& project : *projects)
          for (const auto& tag : project.tags)
            if (tag.size() <= mentoring::kMaxWordChars && tags.size() < mentoring::kMaxTopics &&
                seen.insert(lower(tag)).second)
              tags.push_back(tag);
        return tags;
      });
  events::add_programme_pages(router_, *session_, *programme_);
  search::add_search_api(api_routes, *search_);
  search::add_search_pages(router_, *session_, *search_);
  // /me/data: every room's personal data; integrations sits above privacy.
  auto privacy_sources = privacy::room_sources();
  privacy_sources.push_back(automation::personal_data);
  auto privacy_service = std::make_shared<privacy::PrivacyService>(
      database_, clock_, *certificates_, std::move(privacy_sources));
  privacy::add_privacy_api(api_routes, privacy_service);
  // "Prepare my export": the outbox worker builds the ZIP and mails the link
  // (features/privacy/data_export.hpp, integrations/data_export_connector.hpp).
  auto data_exports = std::make_shared<privacy::DataExportService>(
      database_, clock_, *communities_, privacy_service,
      privacy::DataExportConfig{.base_url = accounts_->config().base_url,
                                .readme = [this](const std::string& language) {
                                  return catalog_.text(language, "privacy_zip_readme");
                                }});
  worker_->add_connector(std::make_unique<automation::DataExportConnector>(data_exports));
  privacy::add_data_export_pages(router_, *session_, data_exports);
  privacy::add_data_export_api(router_, api_routes, *session_, data_exports);
  privacy::add_privacy_pages(router_, *session_, privacy_service, data_exports);
  // Retention: the organizers' periods, and the purge the outbox leader runs
  // every hour (features/privacy/retention.hpp).
  auto retention = std::make_shared<privacy::RetentionService>(database_, clock_, *communities_);
  privacy::add_retention_pages(router_, *session_, retention);
  privacy::add_retention_api(api_routes, retention);
  worker_->add_periodic_job("privacy.retention", std::chrono::hours(1), [retention] {
    auto purged = retention->run(/*dry_run=*/false);
    if (!purged) {
      log::error("periodic_job_failed",
                 {{"job", "privacy.retention"}, {"error", purged.error().message}});
      return;
    }
    for (const auto& count : purged.value()) {
      if (count.count > 0)
        log::info("retention_purged", {{"kind", count.kind}, {"count", count.count}});
    }
  });
  // Erasure: "delete my account" and the organizers' erasure on request;
  // the outbox leader carries out what is due every hour
  // (features/privacy/erasure.hpp). Integrations sits above privacy.
  auto erasers = privacy::room_erasers();
  erasers.push_back(automation::erase_personal);
  auto erasure = std::make_shared<privacy::ErasureService>(
      database_, clock_, *communities_, std::move(erasers),
      privacy::ErasureConfig{
          .grace_days = settings.deletion_grace_days,
          .base_url = accounts_->config().base_url,
          .name_key = secrets() ? secrets()->derive_key(certificates::kHolderNameKeyPurpose) : ""});
  privacy::add_erasure_pages(router_, *session_, erasure, settings.deletion_grace_days);
  privacy::add_erasure_api(api_routes, erasure);
  // A platform admin's erasure of a whole community, in one transaction
  // (features/privacy/community_erasure.hpp); integrations adds its step.
  auto community_erasers = privacy::community_erasers();
  community_erasers.push_back(automation::erase_community);
  auto community_erasure = std::make_shared<privacy::CommunityErasureService>(
      database_, clock_, *communities_, std::move(community_erasers),
      secrets() ? secrets()->derive_key(certificates::kHolderNameKeyPurpose) : "");
  privacy::add_community_erasure_pages(router_, *session_, community_erasure);
  privacy::add_community_erasure_api(api_routes, community_erasure);
  worker_->add_periodic_job("privacy.erasure", std::chrono::hours(1), [erasure] {
    auto erased = erasure->erase_due();
    if (!erased) {
      log::error("periodic_job_failed",
                 {{"job", "privacy.erasure"}, {"error", erased.error().message}});
      return;
    }
    if (erased.value() > 0) log::info("accounts_erased", {{"count", erased.value()}});
  });
  // A refused page form renders its page again through these routes.
  session_->set_router(&router_);
  events::add_after_event_pages(router_, *session_, *after_event_);
  events::add_attendance_certificate_pages(router_, *session_, *attendance_certificates_);

  metrics_.add_gauge_source([this] {
    const db::PoolStats stats = database_.stats();
    return "# HELP moim_db_connections Database connections by state.\n"
           "# TYPE moim_db_connections gauge\n"
           "moim_db_connections{state=\"open\"} " +
           std::to_string(stats.connections_total) + "\n" +
           "moim_db_connections{state=\"in_use\"} " + std::to_string(stats.connections_in_use) +
           "\n" +
           "# HELP moim_db_pool_waits_total Acquisitions that waited for a free connection.\n"
           "# TYPE moim_db_pool_waits_total counter\n"
           "moim_db_pool_waits_total " +
           std::to_string(stats.waits) + "\n" +
           "# HELP moim_db_writer_busy_seconds_total SQLite: time its one writer connection was "
           "held (its share of the wall clock is how near writes are to their limit).\n"
           "# TYPE moim_db_writer_busy_seconds_total counter\n"
           "moim_db_writer_busy_seconds_total " +
           std::to_string(stats.writer_busy_seconds) + "\n";
  });

  metrics_.add_gauge_source([this] {
    const live::HubStats stats = hub_->stats();
    return "# HELP moim_live_subscriptions Live-update subscriptions (one per open stream).\n"
           "# TYPE moim_live_subscriptions gauge\n"
           "moim_live_subscriptions " +
           std::to_string(stats.subscriptions) +
           "\n"
           "# HELP moim_live_listening 1 while live updates from other instances arrive "
           "(always 1 on SQLite).\n"
           "# TYPE moim_live_listening gauge\n"
           "moim_live_listening " +
           std::string(stats.listening ? "1" : "0") +
           "\n"
           "# HELP moim_live_reconnects_total Times the PostgreSQL listener came back (each "
           "asked streams to resync).\n"
           "# TYPE moim_live_reconnects_total counter\n"
           "moim_live_reconnects_total " +
           std::to_string(stats.reconnects) + "\n";
  });

  metrics_.add_gauge_source([this] {
    std::string text =
        "# HELP moim_outbox_rows Outbox rows by state (mail, webhooks).\n"
        "# TYPE moim_outbox_rows gauge\n";
    auto reader = database_.read();
    if (!reader) return text;
    auto counts = reader->query("SELECT state, COUNT(*) FROM outbox GROUP BY state");
    if (!counts) return text;
    for (const auto& row : counts.value())
      text +=
          "moim_outbox_rows{state=\"" + row.text(0) + "\"} " + std::to_string(row.int64(1)) + "\n";
    text +=
        "# HELP moim_outbox_worker_leading 1 when this process delivers the outbox.\n"
        "# TYPE moim_outbox_worker_leading gauge\n"
        "moim_outbox_worker_leading " +
        std::string(worker_->leading() ? "1" : "0") + "\n";
    return text;
  });

  auto error_page = [this](const http::Request& request, int status) {
    if (request.path.starts_with("/api/")) {
      static const std::map<int, std::pair<const char*, const char*>> kErrors{
          {404, {"not_found", "no such route"}},
          {405, {"method_not_allowed", "this route does not take that method"}},
          {500, {"internal", "something went wrong on our side"}}};
      auto found = kErrors.find(status);
      auto [code, message] = found == kErrors.end() ? std::pair{"error", "error"} : found->second;
      return web::error_response(Error{status, code, message, {}});
    }
    try {
      return session_->error_page(session_->context(request), status);
    } catch (...) {
      return http::Response::text(status, "error " + std::to_string(status));
    }
  };
  // The served document: the hand-written one plus every typed route's
  // operation, generated from its declaration (paths are relative to the
  // server URL /api/v1).
  {
    auto document = boost::json::parse(openapi_document_).as_object();
    api_docs_.merge_into(document);
    openapi_document_ = boost::json::serialize(document);
  }
  // Unknown JSON fields are refused as the served OpenAPI document declares
  // the operation's body: a typo such as "capcity" must not pass silently.
  boost::system::error_code openapi_error;
  auto body_contract = std::make_shared<const web::BodyContract>(
      web::BodyContract::from_openapi(boost::json::parse(openapi_document_, openapi_error)));
  auto check_request =
      [body_contract](const http::Request& request) -> std::optional<http::Response> {
    if (request.body.empty() || !request.path.starts_with("/api/")) return std::nullopt;
    if (auto refusal = body_contract->check(request.method, request.route, request.body))
      return web::error_response(*refusal);
    return std::nullopt;
  };
  pipeline_ = std::make_unique<http::Pipeline>(
      router_, metrics_,
      http::PipelineOptions{std::filesystem::path(settings.web_root) / "static",
                            settings.access_log, std::move(check_request)},
      error_page);
}

}  // namespace moim
