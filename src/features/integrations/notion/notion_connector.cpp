#include "features/integrations/notion/notion_connector.hpp"

#include <boost/json/parse.hpp>

#include <optional>
#include <variant>

#include "features/integrations/notion/connection.hpp"
#include "features/integrations/notion/page_content.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::automation::notion {

namespace {

// 429 carries Retry-After (the worker waits at least that long); other
// transient failures back off; the rest is Notion refusing for good.
Delivery failed(const NotionResponse& response) {
  if (response.transient())
    return Delivery::retry(response.problem(), response.retry_after_seconds);
  return Delivery::permanent(response.problem());
}

std::string text_field(const boost::json::value& value, std::string_view key) {
  if (!value.is_object()) return {};
  const auto* field = value.as_object().if_contains(key);
  return field && field->is_string() ? std::string(field->as_string()) : std::string();
}

bool flag(const boost::json::value& value, std::string_view key) {
  if (!value.is_object()) return false;
  const auto* field = value.as_object().if_contains(key);
  return field && field->is_bool() && field->as_bool();
}

// Appends blocks[from..] to a page's body, kMaxBlocks per request (Notion's
// limit). The failed answer, if any.
std::optional<NotionResponse> append_body(NotionClient& client, const std::string& token,
                                          const std::string& page_id,
                                          const boost::json::array& blocks, std::size_t from) {
  for (std::size_t start = from; start < blocks.size(); start += kMaxBlocks) {
    boost::json::array chunk;
    for (std::size_t idx = start; idx < std::min(blocks.size(), start + kMaxBlocks); ++idx)
      chunk.push_back(blocks[idx]);
    const boost::json::value body = boost::json::object{{"children", std::move(chunk)}};
    NotionResponse answer =
        client.send(token, "PATCH", "/v1/blocks/" + page_id + "/children", &body);
    if (!answer.ok()) return answer;
  }
  return std::nullopt;
}

// How many top-level blocks a page's body has (paging through 100 at a
// time), or the failed answer.
std::variant<std::size_t, NotionResponse> body_length(NotionClient& client,
                                                      const std::string& token,
                                                      const std::string& page_id) {
  std::size_t length = 0;
  std::string cursor;
  for (int round = 0; round < 100; ++round) {
    std::string path = "/v1/blocks/" + page_id + "/children?page_size=100";
    if (!cursor.empty()) path += "&start_cursor=" + cursor;
    NotionResponse answer = client.send(token, "GET", path);
    if (!answer.ok() || !answer.body.is_object()) return answer;
    const auto* results = answer.body.as_object().if_contains("results");
    if (results && results->is_array()) length += results->as_array().size();
    cursor = text_field(answer.body, "next_cursor");
    if (!flag(answer.body, "has_more") || cursor.empty()) break;
  }
  return length;
}

}  // namespace

std::string upsert_key(std::int64_t project_id, const std::string& hash) {
  return "notion.page:" + std::to_string(project_id) + ":" + hash;
}

std::string archive_key(std::int64_t project_id, const std::string& page_id) {
  return "notion.archive:" + std::to_string(project_id) + ":" + page_id;
}

NotionConnector::NotionConnector(db::Database& database, const Clock& clock, NotionClient& client,
                                 const crypto::SecretBox* secrets)
    : database_(database), clock_(clock), client_(client), secrets_(secrets) {}

Delivery NotionConnector::deliver(const OutboxRow& row) {
  boost::json::object payload;
  try {
    payload = boost::json::parse(row.payload).as_object();
  } catch (const std::exception&) {
    return Delivery::permanent("payload is not a JSON object");
  }
  if (!row.community_id) return Delivery::permanent("a Notion row needs its community");
  auto connection = find_connection(database_, *row.community_id);
  if (!connection) return Delivery::retry(connection.error().message);
  if (!connection->has_value()) return Delivery::cancelled("skipped: Notion is not connected");
  const Connection& notion = **connection;
  if (notion.title_property.empty())
    return Delivery::retry("the Notion connection has not passed its test yet");
  auto token = open_token(secrets_, notion);
  if (!token) return Delivery::retry(token.error().message);

  const std::string op = text_field(payload, "op");
  if (op == "archive") {
    const std::string page_id = text_field(payload, "page_id");
    const boost::json::value body = boost::json::object{{"in_trash", true}};
    const NotionResponse answer = client_.send(*token, "PATCH", "/v1/pages/" + page_id, &body);
    if (!answer.ok() && answer.status != 404) return failed(answer);
    auto transaction = database_.write();
    if (!transaction) return Delivery::retry(transaction.error().message);
    auto marked = transaction->execute(
        "UPDATE notion_pages SET archived = 1, updated_at = ? WHERE page_id = ?",
        {clock_.now_seconds(), page_id});
    if (!marked) return Delivery::retry(marked.error().message);
    if (auto status = transaction->commit(); !status)
      return Delivery::retry(status.error().message);
    return Delivery::done(answer.status == 404 ? "page already gone" : "archived " + page_id);
  }
  if (op != "upsert" || !payload.contains("page") || !payload.at("page").is_object())
    return Delivery::permanent("unknown Notion operation '" + op + "'");

  const ProjectPage page = ProjectPage::from_json(payload.at("page").as_object());
  const std::string hash = content_hash(page);
  const boost::json::object properties = page_properties(page, notion.title_property);

  // 1. The page moim recorded (in this database), if any.
  std::string page_id;
  {
    auto transaction = database_.read();
    if (!transaction) return Delivery::retry(transaction.error().message);
    auto recorded = transaction->query_one(
        "SELECT page_id FROM notion_pages WHERE project_id = ? AND database_id = ?",
        {page.project_id, notion.database_id});
    if (!recorded) return Delivery::retry(recorded.error().message);
    if (recorded->has_value()) page_id = (*recorded)->text(0);
  }
  auto data_source = data_source_of(database_, client_, *token, notion, clock_.now_seconds());
  if (!data_source) return Delivery::retry(data_source.error().message);
  // 2. Else a page an earlier, cut-off attempt created: look it up by moim ID.
  // Its body may be cut off too: it is completed below.
  bool made_by_cut_off_attempt = false;
  if (page_id.empty()) {
    const boost::json::value query = boost::json::object{
        {"filter", {{"property", kProjectIdProperty}, {"number", {{"equals", page.project_id}}}}},
        {"page_size", 1}};
    const NotionResponse found =
        client_.send(*token, "POST", "/v1/data_sources/" + *data_source + "/query", &query);
    if (!found.ok()) return failed(found);
    const auto* results =
        found.body.is_object() ? found.body.as_object().if_contains("results") : nullptr;
    if (results && results->is_array() && !results->as_array().empty()) {
      page_id = text_field(results->as_array().front(), "id");
      made_by_cut_off_attempt = !page_id.empty();
    }
  }
  // 3. Update it, or create it. A page someone moved to the trash is
  // restored first, in a request of its own: Notion refuses to edit a page
  // in the trash, even in the request that restores it.
  const boost::json::array body = page_body(page);
  NotionResponse written;
  if (!page_id.empty() && !made_by_cut_off_attempt) {
    const NotionResponse current = client_.send(*token, "GET", "/v1/pages/" + page_id);
    if (current.status == 404) {
      page_id.clear();  // deleted for good: make a new one
    } else if (!current.ok()) {
      return failed(current);
    } else if (flag(current.body, "in_trash") || flag(current.body, "archived")) {
      const boost::json::value restore = boost::json::object{{"in_trash", false}};
      const NotionResponse restored =
          client_.send(*token, "PATCH", "/v1/pages/" + page_id, &restore);
      if (!restored.ok()) return failed(restored);
    }
  }
  if (!page_id.empty()) {
    const boost::json::value update = boost::json::object{{"properties", properties}};
    written = client_.send(*token, "PATCH", "/v1/pages/" + page_id, &update);
    if (written.status == 404) page_id.clear();  // deleted meanwhile: make a new one
    if (written.ok() && made_by_cut_off_attempt) {
      auto length = body_length(client_, *token, page_id);
      if (auto* problem = std::get_if<NotionResponse>(&length)) return failed(*problem);
      if (auto cut = append_body(client_, *token, page_id, body, std::get<std::size_t>(length)))
        return failed(*cut);
    }
  }
  if (page_id.empty()) {
    boost::json::object create{
        {"parent", {{"type", "data_source_id"}, {"data_source_id", *data_source}}},
        {"properties", properties}};
    if (!body.empty()) {
      // The first kMaxBlocks blocks come with the page; the rest follow.
      boost::json::array first(body.begin(),
                               body.begin() + static_cast<std::ptrdiff_t>(
                                                  std::min<std::size_t>(body.size(), kMaxBlocks)));
      create["children"] = std::move(first);
    }
    const boost::json::value request = std::move(create);
    written = client_.send(*token, "POST", "/v1/pages", &request);
    if (written.ok() && body.size() > kMaxBlocks) {
      if (auto cut = append_body(client_, *token, text_field(written.body, "id"), body, kMaxBlocks))
        return failed(*cut);
    }
  }
  if (!written.ok()) return failed(written);
  page_id = text_field(written.body, "id");
  const std::string url = text_field(written.body, "url");
  if (page_id.empty()) return Delivery::retry("Notion's answer has no page id");

  // 4. Record the page and mail its link to whoever has not had it yet.
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return Delivery::retry(transaction.error().message);
  auto recorded = transaction->execute(
      "INSERT INTO notion_pages (project_id, community_id, database_id, page_id, url, "
      "content_hash, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) "
      "ON CONFLICT (project_id) DO UPDATE SET database_id = excluded.database_id, "
      "page_id = excluded.page_id, url = excluded.url, content_hash = excluded.content_hash, "
      "archived = 0, updated_at = excluded.updated_at",
      {page.project_id, *row.community_id, notion.database_id, page_id, url, hash, now, now});
  if (!recorded) return Delivery::retry(recorded.error().message);
  for (const Recipient& person : page.people) {
    if (person.email.empty()) continue;
    boost::json::object mail{
        {"template", "notion.page_link"},
        {"to_name", person.name},
        {"language", person.language.empty() ? "ko" : person.language},
        {"community", page.community_name},
        {"project", page.title},
        {"cohort", page.cohort},
        {"notion_url", url},
        {"link", "/c/" + page.community_slug + "/projects/" + std::to_string(page.project_id)}};
    if (auto status = enqueue(*transaction,
                              {.kind = "email",
                               .target = person.email,
                               .payload = std::move(mail),
                               .idempotency_key = "notion.link:" + std::to_string(page.project_id) +
                                                  ":" + std::to_string(person.user_id),
                               .community_id = row.community_id},
                              now);
        !status)
      return Delivery::retry(status.error().message);
  }
  if (auto status = transaction->commit(); !status) return Delivery::retry(status.error().message);
  return Delivery::done("HTTP " + std::to_string(written.status) + " page " + page_id);
}

}  // namespace moim::automation::notion
