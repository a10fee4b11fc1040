#include "features/integrations/data_export_connector.hpp"

#include <boost/json/parse.hpp>

#include <system_error>

namespace moim::automation {

Delivery DataExportConnector::deliver(const OutboxRow& row) {
  std::error_code parse_error;
  const boost::json::value payload = boost::json::parse(row.payload, parse_error);
  const boost::json::value* id = nullptr;
  if (!parse_error && payload.is_object()) id = payload.as_object().if_contains("export_id");
  if (!id || !id->is_int64()) return Delivery::permanent("the row names no export_id");
  const std::int64_t export_id = id->as_int64();
  auto built = exports_->build(export_id);
  if (built) return Delivery::done("export " + std::to_string(export_id) + " ready");
  // No such request, or the account is gone: nothing to build any more.
  if (built.error().http_status < 500) return Delivery::cancelled(built.error().message);
  if (row.attempts >= kDataExportAttempts) {
    if (auto failed = exports_->fail(export_id); !failed)
      return Delivery::retry(failed.error().message);
    return Delivery::permanent(built.error().message);
  }
  return Delivery::retry(built.error().message);
}

}  // namespace moim::automation
