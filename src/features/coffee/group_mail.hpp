// The mail each member gets when a round closes: who is in the group (with
// their profiles), which topics they share, which hours all of them are
// free (in the recipient's own time zone), and who is suggested to host.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/outbox/outbox.hpp"

namespace moim::coffee {

struct MailPerson {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  std::optional<std::string> locale;
  std::string time_zone = "Asia/Seoul";
  std::string bio;
  std::vector<std::string> interests;
  std::vector<std::string> topics;
  std::vector<std::string> languages;
};

struct MailContext {
  std::string community_name;
  std::string community_locale = "ko";
  std::string program_name;
  std::string program_path;  // "/c/slug/coffee/3", where feedback is given
  std::int64_t round_id = 0;
  int round_number = 0;
  std::int64_t now = 0;
};

// Topics at least two members name (case-insensitively), in first-seen spelling.
std::vector<std::string> shared_topics(const std::vector<std::vector<std::string>>& per_person);

outbox::OutboxMessage group_mail(const MailContext& context, const MailPerson& recipient,
                                 const std::vector<MailPerson>& group, std::int64_t host_id,
                                 const std::vector<int>& common_slots,
                                 const std::vector<std::string>& topics_shared);

}  // namespace moim::coffee
