// Standard base64 (RFC 4648, with padding) on one line, through libsodium:
// e.g. a mail attachment's bytes inside an outbox payload.
#pragma once

#include <string>
#include <string_view>

namespace moim::crypto {

std::string base64(std::string_view bytes);

}  // namespace moim::crypto
