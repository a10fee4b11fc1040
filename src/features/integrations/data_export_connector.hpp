// "Download my data" prepared in the background (issue #16): the connector
// for the outbox rows of kind privacy::kDataExportKind. It asks the privacy
// room to build the request's ZIP, keep it and mail the link
// (features/privacy/data_export.hpp); the row is done once that committed.
#pragma once

#include <memory>
#include <string_view>
#include <utility>

#include "features/integrations/connector.hpp"
#include "features/privacy/data_export.hpp"

namespace moim::automation {

// Attempts after which a build that keeps failing is given up: the request
// reads "failed" and the person may ask again.
inline constexpr int kDataExportAttempts = 5;

class DataExportConnector : public Connector {
 public:
  explicit DataExportConnector(std::shared_ptr<privacy::DataExportService> exports)
      : exports_(std::move(exports)) {}
  std::string_view kind() const override { return privacy::kDataExportKind; }
  Delivery deliver(const OutboxRow& row) override;

 private:
  std::shared_ptr<privacy::DataExportService> exports_;
};

}  // namespace moim::automation
