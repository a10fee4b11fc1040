// What an organizer should do about each Discord error moim can meet. The
// connector keeps Discord's own words ("HTTP 403 (50001 Missing Access)") in
// an outbox row's error for whoever debugs it, and appends a hint marker
// "[hint:discord_error_50001]" that the queue page replaces with the
// catalog's text (web/i18n, ko and en) in the organizer's language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "features/integrations/discord/discord_api.hpp"

namespace moim::discord {

// What moim was doing when Discord refused: the same code can mean a
// different fix (50013 on an invite is Create Invite, on a role Manage Roles).
enum class Operation { kReadServer, kRole, kChannel, kMemberRole, kInvite, kMessage, kWebhook };

// The catalog key of the organizer's hint for a refused answer, or empty when
// Discord's answer needs no hint (2xx, or a retry that fixes itself).
std::string hint_key(const ApiAnswer& answer, Operation operation);

// " [hint:<key>]", or empty for an empty key.
std::string hint_marker(const std::string& key);

// Every key hint_key() can return (the catalog test checks each exists).
const std::vector<std::string>& all_hint_keys();

}  // namespace moim::discord
