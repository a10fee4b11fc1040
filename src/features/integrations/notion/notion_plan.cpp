#include "features/integrations/notion/notion_plan.hpp"

#include <map>
#include <set>

#include "features/integrations/notion/connection.hpp"
#include "features/integrations/notion/notion_connector.hpp"
#include "features/integrations/notion/page_content.hpp"

namespace moim::automation::notion {

namespace {

struct Recorded {
  std::string page_id;
  std::string hash;
  bool archived = false;
  std::int64_t updated_at = 0;
};

// The ids of the live pages in the database that carry a moim ID; nullopt
// (and the reason) when Notion cannot be read.
std::optional<std::set<std::string>> live_pages(NotionClient& client, const std::string& token,
                                                const std::string& data_source_id,
                                                std::string& problem) {
  std::set<std::string> ids;
  std::string cursor;
  for (int round = 0; round < 50; ++round) {  // 5,000 pages at most
    boost::json::object query{
        {"filter", {{"property", kProjectIdProperty}, {"number", {{"is_not_empty", true}}}}},
        {"page_size", 100}};
    if (!cursor.empty()) query["start_cursor"] = cursor;
    const boost::json::value body = query;
    const NotionResponse answer =
        client.send(token, "POST", "/v1/data_sources/" + data_source_id + "/query", &body);
    if (!answer.ok() || !answer.body.is_object()) {
      problem = answer.problem();
      return std::nullopt;
    }
    const auto& object = answer.body.as_object();
    if (const auto* results = object.if_contains("results"); results && results->is_array()) {
      for (const auto& result : results->as_array()) {
        const auto* id = result.is_object() ? result.as_object().if_contains("id") : nullptr;
        if (id && id->is_string()) ids.emplace(id->as_string());
      }
    }
    const auto* more = object.if_contains("has_more");
    const auto* next = object.if_contains("next_cursor");
    if (!more || !more->is_bool() || !more->as_bool() || !next || !next->is_string()) break;
    cursor = std::string(next->as_string());
  }
  return ids;
}

}  // namespace

NotionPlanSource::NotionPlanSource(db::Database& database, const Clock& clock, NotionClient& client,
                                   const crypto::SecretBox* secrets)
    : database_(database), clock_(clock), client_(client), secrets_(secrets) {}

Result<ServicePlan> NotionPlanSource::plan(std::int64_t cohort_id) {
  ServicePlan plan;
  plan.service = "notion";
  std::vector<ProjectPage> pages;
  std::map<std::int64_t, Recorded> recorded;
  std::map<std::int64_t, std::string> stale;  // project id -> title, pages to archive
  std::optional<Connection> connection;
  {
    auto transaction = database_.read();
    if (!transaction) return transaction.error();
    auto community =
        transaction->query_one("SELECT community_id FROM cohorts WHERE id = ?", {cohort_id});
    if (!community) return community.error();
    if (!community->has_value()) return Error::not_found("no such cohort");
    auto found = find_connection(*transaction, (*community)->int64(0));
    if (!found) return found.error();
    if (!found->has_value()) return plan;  // not connected: nothing to plan
    connection = std::move(found.value());
    auto desired = desired_pages(*transaction, cohort_id, clock_.now_seconds());
    if (!desired) return desired.error();
    pages = std::move(desired.value());
    auto rows = transaction->query(
        "SELECT n.project_id, n.page_id, n.content_hash, n.archived, n.updated_at, p.title, "
        "p.status FROM notion_pages n JOIN academy_projects p ON p.id = n.project_id "
        "WHERE p.cohort_id = ? AND n.database_id = ?",
        {cohort_id, connection->database_id});
    if (!rows) return rows.error();
    for (const auto& row : rows.value()) {
      recorded[row.int64(0)] = {row.text(1), row.text(2), row.boolean(3), row.int64(4)};
      if (row.text(6) != "approved" && !row.boolean(3)) stale[row.int64(0)] = row.text(5);
    }
  }
  plan.connected = true;

  std::optional<std::set<std::string>> live;
  if (connection->title_property.empty()) {
    plan.remote_error = "the connection has not passed its test yet: test it on the Notion page";
  } else if (auto token = open_token(secrets_, *connection); !token) {
    plan.remote_error = token.error().message;
  } else if (auto source = data_source_of(database_, client_, token.value(), *connection,
                                          clock_.now_seconds());
             !source) {
    plan.remote_error = source.error().message;
  } else {
    live = live_pages(client_, token.value(), source.value(), plan.remote_error);
  }

  for (const ProjectPage& page : pages) {
    const std::string hash = content_hash(page);
    OutboxMessage message{.kind = "notion",
                          .target = page.title,
                          .payload = {{"op", "upsert"}, {"page", page.to_json()}},
                          .idempotency_key = upsert_key(page.project_id, hash),
                          .community_id = page.community_id,
                          .purpose = outbox::kPurposePage};
    auto known = recorded.find(page.project_id);
    if (known == recorded.end()) {
      plan.actions.push_back({"create",
                              "create the page '" + page.title + "'",
                              std::move(message),
                              "plan_notion_create",
                              {{"page", page.title}}});
    } else if (live && !live->count(known->second.page_id)) {
      // Gone from Notion though moim wrote it: restore (or recreate) it. The
      // key names this occurrence, so a later drift plans again.
      message.idempotency_key += ":restore:" + std::to_string(known->second.updated_at);
      plan.actions.push_back({"update",
                              "restore the page '" + page.title + "' (removed in Notion)",
                              std::move(message),
                              "plan_notion_restore",
                              {{"page", page.title}}});
    } else if (known->second.hash != hash || known->second.archived) {
      plan.actions.push_back({"update",
                              "update the page '" + page.title + "'",
                              std::move(message),
                              "plan_notion_update",
                              {{"page", page.title}}});
    } else {
      ++plan.in_sync;
    }
  }
  for (const auto& [project_id, title] : stale) {
    const std::string& page_id = recorded.at(project_id).page_id;
    plan.actions.push_back(
        {"remove",
         "archive the page '" + title + "' (the project is no longer approved)",
         {.kind = "notion",
          .target = title,
          .payload = {{"op", "archive"}, {"project_id", project_id}, {"page_id", page_id}},
          .idempotency_key = archive_key(project_id, page_id),
          .community_id = connection->community_id},
         "plan_notion_archive",
         {{"page", title}}});
  }
  return plan;
}

}  // namespace moim::automation::notion
