// Builds an RFC 5322 message: UTF-8 headers as RFC 2047 encoded words
// (Korean subjects and names), multipart/alternative plain text + HTML,
// both parts base64 with 76-character lines, CRLF line ends. Attachments
// wrap it: inline ones (with a Content-ID, e.g. a QR image the HTML shows as
// "cid:...") in multipart/related, the others (e.g. event.ics) in
// multipart/mixed, file names as RFC 2231 parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moim::automation {

struct MailAddress {
  std::string name;     // may be empty; any UTF-8
  std::string address;  // ASCII addr-spec
};

// "Pseudo-Lab <noreply@pseudolab.org>" or a bare address; false when there
// is no address-looking part.
bool parse_mail_address(std::string_view text, MailAddress& out);

struct MailAttachment {
  std::string filename;      // any UTF-8; control characters and quotes are dropped
  std::string content_type;  // "image/png", "text/calendar; charset=UTF-8; method=PUBLISH"
  std::string content_id;    // inline when set: the HTML refers to it as "cid:<content_id>"
  std::string bytes;
};

// Limits on what an outbox payload may attach (the row lives in the database).
inline constexpr std::size_t kMaxAttachments = 4;
inline constexpr std::size_t kMaxAttachmentBytes = 512 * 1024;  // all of them together

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
  std::vector<MailAttachment> attachments;
};

std::string build_mime(const MailContent& mail, std::string_view boundary);

// One header value: left alone when it is printable ASCII, else
// =?UTF-8?B?...?= words of at most 75 characters, split between UTF-8
// characters, folded onto continuation lines.
std::string encode_header_text(std::string_view text);
std::string format_address(const MailAddress& address);
std::string base64_lines(std::string_view bytes);  // 76-character lines, CRLF
// nullopt when `text` holds anything but base64 (line breaks are skipped).
std::optional<std::string> decode_base64(std::string_view text);
// The attachment's type, or nullopt when it is not "type/subtype" with
// simple parameters (nothing that could end the header or open another).
std::optional<std::string> safe_content_type(std::string_view text);
// `filename="..."` for printable ASCII, else RFC 2231's filename*=UTF-8''%XX.
std::string filename_parameter(std::string_view name, std::string_view parameter = "filename");
std::string rfc5322_date(std::int64_t utc_seconds);
// "<hex@domain>" from the idempotency key: the same key always yields the
// same Message-ID, so a resend after a crash is recognisable as the same mail.
std::string message_id_for(std::string_view idempotency_key, std::string_view from_address);

}  // namespace moim::automation
