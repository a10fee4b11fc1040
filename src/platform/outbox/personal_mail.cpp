#include "platform/outbox/personal_mail.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <system_error>

namespace moim::outbox {

namespace {

bool sensitive_key(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char letter) { return static_cast<char>(std::tolower(letter)); });
  if (lower == "link" || lower.ends_with("_link") || lower.ends_with("_url")) return true;
  for (std::string_view word : {"token", "secret", "password", "code", "unsubscribe"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Drops keys that may carry a way in, at any depth.
void redact(boost::json::value& value) {
  if (auto* object = value.if_object()) {
    for (auto entry = object->begin(); entry != object->end();) {
      if (sensitive_key(entry->key())) {
        entry = object->erase(entry);
      } else {
        redact(entry->value());
        ++entry;
      }
    }
  } else if (auto* array = value.if_array()) {
    for (auto& item : *array) redact(item);
  }
}

}  // namespace

Result<boost::json::array> personal_mail(db::Transaction& transaction, const std::string& email,
                                         int limit) {
  auto rows = transaction.query(
      "SELECT id, kind, state, payload, created_at, delivered_at FROM outbox "
      "WHERE kind = 'email' AND target = ? ORDER BY created_at DESC, id DESC LIMIT ?",
      {email, static_cast<std::int64_t>(limit)});
  if (!rows) return rows.error();
  boost::json::array out;
  for (const db::Row& row : rows.value()) {
    std::error_code parse_error;
    boost::json::value payload = boost::json::parse(row.text(3), parse_error);
    if (parse_error || !payload.is_object()) payload = boost::json::object{};
    std::string template_name;
    if (const auto* name = payload.as_object().if_contains("template"); name && name->is_string())
      template_name = std::string(name->as_string());
    redact(payload);
    out.push_back(
        boost::json::object{{"id", row.int64(0)},
                            {"kind", row.text(1)},
                            {"state", row.text(2)},
                            {"template", template_name},
                            {"payload", std::move(payload)},
                            {"created_at", row.int64(4)},
                            {"delivered_at", row.is_null(5) ? boost::json::value(nullptr)
                                                            : boost::json::value(row.int64(5))}});
  }
  return out;
}

Status erase_mail(db::Transaction& transaction, const web::Erasure& erasure,
                  web::ErasureReport& report) {
  return web::run_erasure_steps(
      transaction,
      {
          {"outbox",
           "cancelled",
           "UPDATE outbox SET state = 'cancelled', target = '', payload = '{}', result = NULL, "
           "updated_at = ? WHERE target = ? AND kind = 'email' AND state IN ('pending', 'failed')",
           {erasure.now, erasure.email}},
          {"outbox",
           "anonymised",
           "UPDATE outbox SET target = '', payload = '{}', result = NULL WHERE target = ? AND "
           "kind = 'email' AND state IN ('done', 'dead', 'cancelled')",
           {erasure.email}},
      },
      report);
}

}  // namespace moim::outbox
