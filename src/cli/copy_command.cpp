// moim copy: an installation from SQLite into an empty PostgreSQL database,
// checked table by table before it is committed (docs/postgresql.md).
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "platform/db/copy.hpp"

namespace moim::cli {

namespace {

[[noreturn]] void fail(const Error& error) {
  std::cerr << "moim copy: " << (error.field.empty() ? "" : "--" + error.field + ": ")
            << error.message << "\n";
  throw CLI::RuntimeError(error.http_status == 500 ? 1 : 2);
}

struct CopyArguments {
  std::string from;
  std::string to;
  std::string log_level = "info";
};

void run_copy(const CopyArguments& arguments) {
  prepare(arguments.log_level);
  if (!arguments.from.starts_with("sqlite:"))
    fail(Error::invalid("from", "name the SQLite database to copy, e.g. sqlite:var/moim.db"));
  const std::string source_path = arguments.from.substr(7);
  // Opening a missing file would create an empty database and copy nothing.
  if (source_path == ":memory:" || !std::filesystem::is_regular_file(source_path))
    fail(Error::invalid("from", "no SQLite database at " + source_path));
  if (!arguments.to.starts_with("postgresql://") && !arguments.to.starts_with("postgres://"))
    fail(Error::invalid("to",
                        "name the PostgreSQL database to fill, e.g. postgresql://moim@db/moim"));

  auto source = db::Database::open(arguments.from, {.pool_size = 1});
  if (!source) fail(source.error());
  auto target = db::Database::open(arguments.to, {.pool_size = 1});
  if (!target) fail(target.error());
  auto report =
      db::copy_database(*source.value(), *target.value(), [](const db::CopyProgress& copied) {
        std::cerr << "copied " << std::setw(9) << copied.rows << "  " << copied.table << "\n";
      });
  if (!report) fail(report.error());

  std::cout << "table,rows,checksum\n";
  for (const db::TableFingerprint& table : report->tables)
    std::cout << table.table << "," << table.rows << "," << table.checksum << "\n";
  std::cerr << "copied " << report->rows << " rows in " << report->tables.size()
            << " tables; every table's row count and checksum match the source; "
            << report->identities_advanced << " id sequences continue after the highest id.\n"
            << "The secret key stays where it is: start every PostgreSQL instance with "
               "--secret-key-file "
            << source_path << ".key (or the file your configuration names).\n";
}

}  // namespace

void add_copy_command(CLI::App& app) {
  auto arguments = std::make_shared<CopyArguments>();
  CLI::App* copy = app.add_subcommand(
      "copy", "copy a whole installation from SQLite into an empty PostgreSQL database");
  copy->add_option("--from", arguments->from, "the SQLite database, sqlite:PATH (stop moim first)")
      ->required();
  copy->add_option("--to", arguments->to, "the empty PostgreSQL database, postgresql://...")
      ->required();
  copy->add_option("--log-level", arguments->log_level, "debug, info, warn or error");
  copy->callback([arguments] { run_copy(*arguments); });
}

}  // namespace moim::cli
