#include "platform/web/ical.hpp"

#include "platform/base/time_zone.hpp"

namespace moim::web {

std::string ical_escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string ical_fold(const std::string& line) {
  std::string out;
  std::size_t width = 0;  // octets on the current physical line
  for (std::size_t idx = 0; idx < line.size();) {
    // The length of the UTF-8 sequence starting here, so it is never split.
    const auto lead = static_cast<unsigned char>(line[idx]);
    const std::size_t length = lead < 0x80    ? 1
                               : lead >= 0xF0 ? 4
                               : lead >= 0xE0 ? 3
                               : lead >= 0xC0 ? 2
                                              : 1;
    if (width + length > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, idx, length);
    width += length;
    idx += length;
  }
  return out + "\r\n";
}

std::string ical_time(std::int64_t utc_seconds) {
  return format_local(utc_seconds, "UTC", "%Y%m%dT%H%M%SZ");
}

std::string ical_calendar(const std::string& name, const std::vector<CalendarEvent>& events,
                          std::int64_t now) {
  std::string text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//moim//activity//EN\r\n"
      "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
  text += ical_fold("X-WR-CALNAME:" + ical_escape(name));
  const std::string stamp = ical_time(now);
  for (const auto& event : events) {
    text += "BEGIN:VEVENT\r\n";
    text += ical_fold("UID:" + event.uid);
    text += "DTSTAMP:" + stamp + "\r\n";
    if (event.sequence) text += "SEQUENCE:" + std::to_string(*event.sequence) + "\r\n";
    text += "DTSTART:" + ical_time(event.starts_at) + "\r\n";
    if (event.ends_at) text += "DTEND:" + ical_time(*event.ends_at) + "\r\n";
    text += ical_fold("SUMMARY:" + ical_escape(event.summary));
    if (!event.description.empty())
      text += ical_fold("DESCRIPTION:" + ical_escape(event.description));
    if (!event.url.empty()) text += ical_fold("URL:" + event.url);
    if (!event.location.empty()) text += ical_fold("LOCATION:" + ical_escape(event.location));
    text += event.cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n";
    text += "END:VEVENT\r\n";
  }
  return text + "END:VCALENDAR\r\n";
}

}  // namespace moim::web
