#include "features/integrations/discord/discord_errors.hpp"

#include <vector>

namespace moim::discord {

std::string hint_key(const ApiAnswer& answer, Operation operation) {
  if (answer.ok() || answer.status == 0 || answer.status == 429 || answer.status >= 500) return {};
  if (answer.status == 401) return "discord_error_unauthorized";
  switch (answer.code) {
    case 10003:
      return operation == Operation::kMessage ? "discord_error_10003_announcements"
                                              : "discord_error_10003";
    case 10004:
      return "discord_error_10004";
    case 10007:
      return "discord_error_10007";
    case 10008:
      return "discord_error_10008";
    case 10011:
      return "discord_error_10011";
    case 10015:
      return "discord_error_10015";
    case 30005:
      return "discord_error_30005";
    case 30013:
      return "discord_error_30013";
    case 50001:
      // The bot cannot see the channel (or, listing members, lacks the
      // Server Members intent).
      return operation == Operation::kReadServer ? "discord_error_50001_members"
                                                 : "discord_error_50001";
    case 50006:
      return "discord_error_50006";
    case 50013:
      if (operation == Operation::kInvite) return "discord_error_50013_invite";
      if (operation == Operation::kMessage) return "discord_error_50013_message";
      return "discord_error_50013";
    case 50027:
      return "discord_error_50027";
    case 50035:
      // The one form error moim's own requests can meet: a full category.
      return answer.message.find("category") != std::string::npos ? "discord_error_50035_category"
                                                                  : "discord_error_50035";
    default:
      return "discord_error_other";
  }
}

std::string hint_marker(const std::string& key) {
  return key.empty() ? std::string() : " [hint:" + key + "]";
}

const std::vector<std::string>& all_hint_keys() {
  static const std::vector<std::string> keys{"discord_error_unauthorized",
                                             "discord_error_10003",
                                             "discord_error_10003_announcements",
                                             "discord_error_10004",
                                             "discord_error_10007",
                                             "discord_error_10008",
                                             "discord_error_10011",
                                             "discord_error_10015",
                                             "discord_error_30005",
                                             "discord_error_30013",
                                             "discord_error_50001",
                                             "discord_error_50001_members",
                                             "discord_error_50006",
                                             "discord_error_50013",
                                             "discord_error_50013_invite",
                                             "discord_error_50013_message",
                                             "discord_error_50027",
                                             "discord_error_50035",
                                             "discord_error_50035_category",
                                             "discord_error_channel_hidden",
                                             "discord_error_other"};
  return keys;
}

}  // namespace moim::discord
