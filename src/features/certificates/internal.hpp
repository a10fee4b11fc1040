// Helpers shared by the certificates service's files; not part of its
// interface.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "features/certificates/certificates_service.hpp"

namespace moim::certificates::internal {

// SELECT ... FROM certificates c and the rows it joins, ending in a space:
// append "WHERE ...". Read back by certificate_from_row.
const std::string& certificate_select();

struct Loaded {
  Certificate certificate;
  std::int64_t community_id = 0;
  std::optional<std::string> logo_digest;
  boost::json::object content;
};
Loaded certificate_from_row(const db::Row& row);

struct StoredTemplate {
  TemplateSettings settings;
  std::optional<std::string> logo_digest;
};
Result<StoredTemplate> load_template(db::Transaction& reader, std::int64_t community_id);

// A certificate by its printed number (any spacing or case); 404 for none.
Result<Loaded> load_by_number(db::Transaction& reader, const std::string& raw_number);
// The logo's PNG bytes by digest; empty for none.
Result<std::string> load_logo(db::Transaction& reader, const std::optional<std::string>& digest);

}  // namespace moim::certificates::internal
