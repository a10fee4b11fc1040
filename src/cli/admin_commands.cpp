// moim migrate | demo | user create | backup: operator commands on a database.
#include <boost/json/parse.hpp>

#include <iostream>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "cli/commands.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/backup.hpp"
#include "platform/db/migrations.hpp"
#include "platform/log/log.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::cli {

void prepare(const std::string& log_level) {
  crypto::initialise();
  log::set_min_level(log_level == "debug"   ? log::Level::kDebug
                     : log_level == "warn"  ? log::Level::kWarn
                     : log_level == "error" ? log::Level::kError
                                            : log::Level::kInfo);
}

namespace {

[[noreturn]] void fail(const Error& error, int code = 1) {
  std::cerr << "moim: " << (error.field.empty() ? "" : error.field + ": ") << error.message << "\n";
  throw CLI::RuntimeError(code);
}

std::unique_ptr<db::Database> open_or_fail(const config::Settings& settings) {
  prepare(settings.log_level);
  auto database = open_database(settings);
  if (!database) fail(database.error());
  return std::move(database.value());
}

}  // namespace

void add_admin_commands(CLI::App& app, config::Settings& shared_settings) {
  config::Settings* settings = &shared_settings;

  CLI::App* migrate =
      app.add_subcommand("migrate", "apply database migrations (serve does this too)");
  config::add_database_options(*migrate, *settings);
  migrate->callback([settings] {
    prepare(settings->log_level);
    auto database = db::Database::open(settings->database, {.pool_size = 1});
    if (!database) fail(database.error());
    auto applied = db::migrate(*database.value());
    if (!applied) fail(applied.error());
    std::cout << "applied " << applied.value() << " migration(s); schema is at version "
              << db::embedded_migrations().back().version << "\n";
  });

  // The API document the server serves (web/openapi.json with every typed
  // route's generated operation): `make openapi` writes it to
  // docs/openapi.json, and a test fails when that copy is stale.
  CLI::App* openapi = app.add_subcommand("openapi", "print the served OpenAPI document");
  openapi->callback([settings] {
    prepare("error");
    config::Settings in_memory = *settings;
    in_memory.database = "sqlite::memory:";
    in_memory.log_level = "error";  // stdout carries the document only
    auto database = open_or_fail(in_memory);
    auto application = App::create(in_memory, *database);
    if (!application) fail(application.error());
    auto document = boost::json::parse(application.value()->openapi_document());
    std::cout << web::pretty_json(document) << "\n";
  });

  CLI::App* demo = app.add_subcommand("demo", "seed the demo community into the database");
  config::add_database_options(*demo, *settings);
  demo->callback([settings] {
    auto database = open_or_fail(*settings);
    auto application = App::create(*settings, *database);
    if (!application) fail(application.error());
    auto seeded = seed_demo(*application.value());
    if (!seeded) fail(seeded.error());
    std::cout << (seeded->created ? "seeded " : "already present: ") << "/c/" << kDemoSlug
              << " with " << seeded->people
              << " people; password for every demo login: " << kDemoPassword << "\n";
    for (const auto& login : seeded->logins)
      std::cout << "  " << login.role << ": " << login.email << "\n";
  });

  CLI::App* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  auto email = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto password = std::make_shared<std::string>();
  auto admin = std::make_shared<bool>(false);
  CLI::App* create = user->add_subcommand("create", "create a verified account");
  config::add_database_options(*create, *settings);
  create->add_option("--email", *email, "the login email")->required();
  create->add_option("--name", *name, "display name (default: the part before @)");
  create
      ->add_option("--password", *password,
                   "password (default: read from MOIM_PASSWORD or standard input)")
      ->envname("MOIM_PASSWORD");
  create->add_flag("--admin", *admin, "make a platform admin");
  create->callback([settings, email, name, password, admin] {
    auto database = open_or_fail(*settings);
    std::string secret = *password;
    if (secret.empty()) {
      std::cerr << "password: ";
      std::getline(std::cin, secret);
    }
    const Clock clock;  // the service keeps a reference: it must outlive it
    accounts::AccountsService accounts(*database, clock, {});
    const std::string display_name = name->empty() ? email->substr(0, email->find('@')) : *name;
    auto created = accounts.create_user({*email, display_name, secret, std::nullopt}, *admin);
    if (!created) fail(created.error(), created.error().http_status == 500 ? 1 : 2);
    std::cout << "created user " << created->id << " <" << created->email << ">"
              << (*admin ? " (admin)" : "") << "\n";
  });

  auto destination = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand("backup", "copy an SQLite database while it is in use");
  config::add_database_options(*backup, *settings);
  backup->add_option("--to", *destination, "the backup file to write (must not exist)")->required();
  backup->callback([settings, destination] {
    prepare(settings->log_level);
    if (auto status = db::backup(settings->database, *destination); !status)
      fail(status.error(), 2);
    std::cout << "backed up " << settings->database << " to " << *destination << "\n";
  });
}

}  // namespace moim::cli
