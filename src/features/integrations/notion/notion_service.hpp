// Organizers connect their community to Notion: an integration token and
// a database. The token is sealed before it is stored and never shown
// again; saving tests the connection at once (and "test" repeats it).
// Only the community's organizers (and platform admins) may; everyone
// else gets 401 (anonymous) or 403.
#pragma once

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/integrations/notion/connection.hpp"

namespace moim::automation::notion {

struct ConnectionView {
  bool connected = false;
  std::string database_id;
  bool tested = false;  // the last test passed
  std::optional<std::int64_t> checked_at;
  std::string check_message;
  std::string data_source_id;  // the data source moim writes to (empty until tested)
  std::string data_source_name;
  std::int64_t data_source_count = 0;  // > 1: the organizer is told which one, and how to pick
};

struct ConnectInput {
  std::string token;
  std::string database_id;
};

class NotionService {
 public:
  NotionService(db::Database& database, const Clock& clock,
                communities::CommunitiesService& communities, NotionClient& client,
                const crypto::SecretBox* secrets);

  Result<std::pair<communities::Community, ConnectionView>> connection(
      const accounts::Viewer& viewer, const std::string& slug);
  // Saves (replacing any earlier connection) and tests.
  Result<ConnectionView> connect(const accounts::Viewer& viewer, const std::string& slug,
                                 const ConnectInput& input);
  Result<ConnectionView> test(const accounts::Viewer& viewer, const std::string& slug);
  Status disconnect(const accounts::Viewer& viewer, const std::string& slug);

 private:
  Result<communities::Community> managed(const accounts::Viewer& viewer, const std::string& slug);
  Result<ConnectionView> view(std::int64_t community_id);
  Result<ConnectionView> run_test(std::int64_t community_id);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  NotionClient& client_;
  const crypto::SecretBox* secrets_;
};

// Validates the form or JSON fields: token (1..200), database_id (an id or
// link: a database's, or one of its data sources' to write to that one).
Result<ConnectInput> connect_input(const std::optional<std::string>& token,
                                   const std::optional<std::string>& database_id);

}  // namespace moim::automation::notion
