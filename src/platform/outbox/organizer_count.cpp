#include "platform/outbox/organizer_count.hpp"

#include <algorithm>
#include <map>

namespace moim::outbox {

namespace {

CountSide side_of(const std::map<std::string, std::int64_t>& sums) {
  CountSide side;
  for (const auto& [what, count] : sums) {
    if (count <= 0) continue;
    side.lines.push_back({what, count});
    side.total += count;
  }
  std::stable_sort(side.lines.begin(), side.lines.end(),
                   [](const CountLine& a, const CountLine& b) { return a.count > b.count; });
  return side;
}

boost::json::object side_json(const CountSide& side) {
  boost::json::array lines;
  for (const auto& line : side.lines)
    lines.push_back(boost::json::object{{"what", line.what}, {"count", line.count}});
  return {{"total", side.total}, {"lines", std::move(lines)}};
}

// The kinds and purposes the catalog names (web/i18n/*/statistics.json).
constexpr std::string_view kNamed[] = {
    "count_email",           "count_email_reminder", "count_discord",     "count_discord_role",
    "count_discord_channel", "count_notion",         "count_notion_page", "count_webhook"};

std::string what_of(const std::string& kind, const std::string& purpose) {
  const std::string what = "count_" + kind + (purpose.empty() ? "" : "_" + purpose);
  for (std::string_view named : kNamed)
    if (what == named) return what;
  const std::string plain = "count_" + kind;
  for (std::string_view named : kNamed)
    if (plain == named) return plain;
  return "count_other";
}

}  // namespace

Result<CountPart> delivered_count(db::Transaction& transaction, const CountScope& scope) {
  CountPart part;
  if (!scope.cohort_id && !scope.event_id) return part;
  // Kept by record_outcome (migrations/0035_organizer_count.sql); a
  // cohort's or event's id names one community already.
  auto rows = transaction.query(
      "SELECT kind, purpose, done FROM outbox_done_counts WHERE scope = ? AND scope_id = ?",
      {std::string(scope.cohort_id ? "cohort" : "event"),
       scope.cohort_id ? *scope.cohort_id : *scope.event_id});
  if (!rows) return rows.error();
  for (const auto& row : *rows)
    part.moim.push_back({what_of(row.text(0), row.text(1)), row.int64(2)});
  return part;
}

Result<OrganizerCount> organizer_count(db::Transaction& transaction,
                                       const std::vector<CountSource>& sources,
                                       const CountScope& scope) {
  std::map<std::string, std::int64_t> moim, by_hand;
  for (const auto& source : sources) {
    auto part = source(transaction, scope);
    if (!part) return part.error();
    for (const auto& line : part->moim) moim[line.what] += line.count;
    for (const auto& line : part->by_hand) by_hand[line.what] += line.count;
  }
  return OrganizerCount{side_of(moim), side_of(by_hand)};
}

Result<OrganizerCount> OrganizerCounter::count(const CountScope& scope) const {
  auto reader = database_.read();
  if (!reader) return reader.error();
  return organizer_count(*reader, sources_, scope);
}

boost::json::object organizer_count_json(const OrganizerCount& count) {
  return {{"moim", side_json(count.moim)}, {"by_hand", side_json(count.by_hand)}};
}

boost::json::object organizer_count_view(
    const OrganizerCount& count, const std::function<std::string(const std::string&)>& text) {
  const auto lines = [&text](const CountSide& side) {
    boost::json::array out;
    for (const auto& line : side.lines) {
      std::string label = text(line.what);
      if (label == line.what) label = text("count_other");
      out.push_back(boost::json::object{{"label", std::move(label)}, {"count", line.count}});
    }
    return out;
  };
  return {{"moim_total", count.moim.total},
          {"hand_total", count.by_hand.total},
          {"moim_lines", lines(count.moim)},
          {"hand_lines", lines(count.by_hand)}};
}

}  // namespace moim::outbox
