#include "features/integrations/mail/mime.hpp"

#include <cctype>
#include <cstring>
#include <ctime>

#include "platform/crypto/crypto.hpp"

namespace moim::automation {

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t idx = 0;
  for (; idx + 2 < bytes.size(); idx += 3) {
    const unsigned triple = (static_cast<unsigned char>(bytes[idx]) << 16) |
                            (static_cast<unsigned char>(bytes[idx + 1]) << 8) |
                            static_cast<unsigned char>(bytes[idx + 2]);
    out += kBase64[(triple >> 18) & 63];
    out += kBase64[(triple >> 12) & 63];
    out += kBase64[(triple >> 6) & 63];
    out += kBase64[triple & 63];
  }
  const std::size_t rest = bytes.size() - idx;
  if (rest > 0) {
    unsigned triple = static_cast<unsigned char>(bytes[idx]) << 16;
    if (rest == 2) triple |= static_cast<unsigned char>(bytes[idx + 1]) << 8;
    out += kBase64[(triple >> 18) & 63];
    out += kBase64[(triple >> 12) & 63];
    out += rest == 2 ? kBase64[(triple >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool printable_ascii(std::string_view text) {
  for (char ch : text) {
    if (ch < 0x20 || ch > 0x7e) return false;
  }
  return true;
}

// Strips CR and LF so no value can inject a header.
std::string one_line(std::string_view text) {
  std::string out;
  for (char ch : text) out += (ch == '\r' || ch == '\n') ? ' ' : ch;
  return out;
}

}  // namespace

bool parse_mail_address(std::string_view text, MailAddress& out) {
  const auto open = text.rfind('<');
  const auto close = text.rfind('>');
  std::string name;
  std::string address;
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    address = std::string(text.substr(open + 1, close - open - 1));
    name = std::string(text.substr(0, open));
  } else {
    address = std::string(text);
  }
  auto trim = [](std::string value) {
    const auto first = value.find_first_not_of(" \t\"");
    const auto last = value.find_last_not_of(" \t\"");
    return first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
  };
  name = trim(name);
  address = trim(address);
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size() || !printable_ascii(address) ||
      address.find_first_of(" <>,;\"") != std::string::npos) {
    return false;
  }
  out = {name, address};
  return true;
}

std::string encode_header_text(std::string_view raw) {
  const std::string text = one_line(raw);
  if (printable_ascii(text)) return text;
  // 45 bytes of UTF-8 become 60 base64 characters: with "=?UTF-8?B?" and
  // "?=" a word stays within RFC 2047's 75.
  constexpr std::size_t kMaxChunkBytes = 45;
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + kMaxChunkBytes);
    // Never split a character: back up over continuation bytes.
    while (end < text.size() && end > start &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string format_address(const MailAddress& address) {
  if (address.name.empty()) return address.address;
  const std::string name = one_line(address.name);
  if (printable_ascii(name) && name.find_first_of("\"\\()<>[]:;@,.") == std::string::npos) {
    return name + " <" + address.address + ">";
  }
  if (printable_ascii(name)) {
    std::string quoted;
    for (char ch : name) {
      if (ch == '"' || ch == '\\') quoted += '\\';
      quoted += ch;
    }
    return "\"" + quoted + "\" <" + address.address + ">";
  }
  return encode_header_text(name) + " <" + address.address + ">";
}

std::string base64_lines(std::string_view bytes) {
  const std::string encoded = base64(bytes);
  std::string out;
  for (std::size_t idx = 0; idx < encoded.size(); idx += 76) {
    out += encoded.substr(idx, 76);
    out += "\r\n";
  }
  return out;
}

std::string rfc5322_date(std::int64_t utc_seconds) {
  const std::time_t time = static_cast<std::time_t>(utc_seconds);
  std::tm parts{};
  gmtime_r(&time, &parts);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[parts.tm_wday], parts.tm_mday, kMonths[parts.tm_mon], parts.tm_year + 1900,
                parts.tm_hour, parts.tm_min, parts.tm_sec);
  return buffer;
}

std::string message_id_for(std::string_view idempotency_key, std::string_view from_address) {
  const auto at = from_address.find('@');
  const std::string domain =
      at == std::string_view::npos ? "moim.local" : std::string(from_address.substr(at + 1));
  // Appended piece by piece: "<" + temporary trips GCC 12's -Wrestrict at -O3.
  std::string id = "<";
  id += crypto::hmac_sha256_hex("moim message-id", idempotency_key).substr(0, 40);
  id += "@";
  id += domain;
  id += ">";
  return id;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  bool padding = false;
  for (char ch : text) {
    if (ch == '\r' || ch == '\n') continue;
    if (ch == '=') {
      padding = true;
      continue;
    }
    const char* found = ch == '\0' ? nullptr : std::strchr(kBase64, ch);
    if (found == nullptr || padding) return std::nullopt;  // not base64, or data after '='
    buffer = (buffer << 6) | static_cast<unsigned>(found - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return bytes;
}

std::optional<std::string> safe_content_type(std::string_view text) {
  if (text.empty() || text.size() > 120) return std::nullopt;
  const auto slash = text.find('/');
  const auto semicolon = text.find(';');
  if (slash == std::string_view::npos || slash == 0 || slash > semicolon) return std::nullopt;
  for (char ch : text) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) &&
        std::string_view("!#$&^_.+-/=; ").find(ch) == std::string_view::npos)
      return std::nullopt;
  }
  return std::string(text);
}

std::string filename_parameter(std::string_view raw, std::string_view parameter) {
  std::string name;
  for (char ch : raw) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7f || ch == '"' || ch == '\\' || ch == '/') continue;
    name += ch;
  }
  if (name.size() > 100) name.resize(100);  // may cut a character: the encoding below copes
  if (name.empty()) name = "attachment";
  if (printable_ascii(name)) return std::string(parameter) + "=\"" + name + "\"";
  // RFC 2231: name*=UTF-8''%XX..., every byte outside attr-char escaped.
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = std::string(parameter) + "*=UTF-8''";
  for (char ch : name) {
    const auto byte = static_cast<unsigned char>(ch);
    if (std::isalnum(byte) || std::string_view("!#$&+-.^_`|~").find(ch) != std::string_view::npos) {
      out += ch;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

namespace {

std::string content_id_text(std::string_view raw) {
  std::string id;
  for (char ch : raw) {
    if (std::isalnum(static_cast<unsigned char>(ch)) ||
        std::string_view(".@_-+").find(ch) != std::string_view::npos)
      id += ch;
  }
  return id.substr(0, 100);
}

// One attachment as a body part (headers, blank line, base64).
std::string attachment_part(const MailAttachment& attachment) {
  const std::string type =
      safe_content_type(attachment.content_type).value_or("application/octet-stream");
  std::string out =
      "Content-Type: " + type + ";\r\n " + filename_parameter(attachment.filename, "name") + "\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  const std::string id = content_id_text(attachment.content_id);
  if (!id.empty()) out += "Content-ID: <" + id + ">\r\n";
  out += std::string("Content-Disposition: ") + (id.empty() ? "attachment" : "inline") + ";\r\n " +
         filename_parameter(attachment.filename) + "\r\n\r\n";
  out += base64_lines(attachment.bytes);
  return out;
}

}  // namespace

std::string build_mime(const MailContent& mail, std::string_view boundary) {
  std::string out;
  auto header = [&](std::string_view name, const std::string& value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  };
  header("Date", rfc5322_date(mail.date));
  header("From", format_address(mail.from));
  header("To", format_address(mail.to));
  if (!mail.reply_to.empty()) header("Reply-To", one_line(mail.reply_to));
  header("Subject", encode_header_text(mail.subject));
  header("Message-ID", mail.message_id);
  if (!mail.list_unsubscribe.empty()) {
    std::string link = "<";
    link += one_line(mail.list_unsubscribe);
    link += ">";
    header("List-Unsubscribe", link);
    header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");  // RFC 8058
  }
  header("MIME-Version", "1.0");

  // Every part is base64, whose alphabet has no '-': a boundary with one
  // never occurs in a body. The three differ in their first characters, so
  // none is a prefix of another (a naive parser matches prefixes).
  const std::string alternative(boundary);
  const std::string related = "rel-" + alternative;
  const std::string mixed = "mix-" + alternative;
  std::vector<const MailAttachment*> inline_parts, attached;
  for (const auto& attachment : mail.attachments)
    (content_id_text(attachment.content_id).empty() ? attached : inline_parts)
        .push_back(&attachment);

  auto multipart_type = [](std::string_view subtype, const std::string& name) {
    return "multipart/" + std::string(subtype) + "; boundary=\"" + name + "\"";
  };
  // The outermost Content-Type is a header of the message; inner ones open
  // a part of the enclosing multipart.
  if (!attached.empty()) {
    header("Content-Type", multipart_type("mixed", mixed));
    out += "\r\n--" + mixed + "\r\n";
  }
  if (!inline_parts.empty()) {
    out += "Content-Type: " + multipart_type("related", related) + "\r\n";
    if (attached.empty()) out += "\r\n";
    out += (attached.empty() ? "--" : "\r\n--") + related + "\r\n";
  }
  out += "Content-Type: " + multipart_type("alternative", alternative) + "\r\n\r\n";
  for (const auto& [type, body] :
       {std::pair{"text/plain", &mail.text}, std::pair{"text/html", &mail.html}}) {
    out += "--" + alternative + "\r\n";
    out += std::string("Content-Type: ") + type + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(*body);
  }
  out += "--" + alternative + "--\r\n";
  if (!inline_parts.empty()) {
    for (const auto* part : inline_parts) out += "--" + related + "\r\n" + attachment_part(*part);
    out += "--" + related + "--\r\n";
  }
  if (!attached.empty()) {
    for (const auto* part : attached) out += "--" + mixed + "\r\n" + attachment_part(*part);
    out += "--" + mixed + "--\r\n";
  }
  return out;
}

}  // namespace moim::automation
