// Builds an RFC 5322 message: UTF-8 headers as RFC 2047 encoded words
// (Korean subjects and names), multipart/alternative plain text + HTML,
// both parts base64 with 76-character lines, CRLF line ends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace moim::automation {

struct MailAddress {
  std::string name;     // may be empty; any UTF-8
  std::string address;  // ASCII addr-spec
};

// "Pseudo-Lab <noreply@pseudolab.org>" or a bare address; false when there
// is no address-looking part.
bool parse_mail_address(std::string_view text, MailAddress& out);

struct MailContent {
  MailAddress from;
  MailAddress to;
  std::string reply_to;  // bare address, empty for none
  std::string subject;
  std::string text;              // plain-text body
  std::string html;              // HTML body
  std::string message_id;        // "<...@...>"
  std::string list_unsubscribe;  // an https URL for non-essential mail, empty otherwise
  std::int64_t date = 0;         // UTC seconds
};

std::string build_mime(const MailContent& mail, std::string_view boundary);

// One header value: left alone when it is printable ASCII, else
// =?UTF-8?B?...?= words of at most 75 characters, split between UTF-8
// characters, folded onto continuation lines.
std::string encode_header_text(std::string_view text);
std::string format_address(const MailAddress& address);
std::string base64_lines(std::string_view bytes);  // 76-character lines, CRLF
std::string rfc5322_date(std::int64_t utc_seconds);
// "<hex@domain>" from the idempotency key: the same key always yields the
// same Message-ID, so a resend after a crash is recognisable as the same mail.
std::string message_id_for(std::string_view idempotency_key, std::string_view from_address);

}  // namespace moim::automation
