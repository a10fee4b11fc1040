// The organizer's count (issue #16): what moim did for a cohort or an event
// (mails sent, roles granted, channels and pages made, seats filled,
// certificates issued) beside what people did by hand (their audited
// decisions), e.g. "moim 812 · 운영진 24". The seeds' organizers did about
// 700 such actions per cohort by hand; this is the number that shows what
// moim took off them.
//
// Each room that knows a part counts it in its own tables (the outbox, the
// audit log, seats, certificates) and app/ hands the parts to the pages, so
// no room reads another's tables. A part reads only the scope's rows,
// through an index on the scope: the count costs what the cohort holds, not
// the community's history.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::outbox {

// One of a cohort or an event of the community.
struct CountScope {
  std::int64_t community_id = 0;
  std::optional<std::int64_t> cohort_id;
  std::optional<std::int64_t> event_id;
};

struct CountLine {
  std::string what;  // a catalog key naming the action, e.g. "count_email"
  std::int64_t count = 0;
};

// One room's part: what moim did, and what people did by hand.
struct CountPart {
  std::vector<CountLine> moim;
  std::vector<CountLine> by_hand;
};
using CountSource = std::function<Result<CountPart>(db::Transaction&, const CountScope&)>;

struct CountSide {
  std::vector<CountLine> lines;  // by `what`, each once, none at zero, largest first
  std::int64_t total = 0;
};

struct OrganizerCount {
  CountSide moim;
  CountSide by_hand;
};

// Every source's part, summed, inside the caller's (read) transaction.
Result<OrganizerCount> organizer_count(db::Transaction& transaction,
                                       const std::vector<CountSource>& sources,
                                       const CountScope& scope);

// Counts a scope in its own read snapshot; app/ makes one with every room's
// source and hands it to the statistics pages.
class OrganizerCounter {
 public:
  OrganizerCounter(db::Database& database, std::vector<CountSource> sources)
      : database_(database), sources_(std::move(sources)) {}
  Result<OrganizerCount> count(const CountScope& scope) const;
  // The same inside the caller's read snapshot (a page that reads more).
  Result<OrganizerCount> count(db::Transaction& reader, const CountScope& scope) const {
    return organizer_count(reader, sources_, scope);
  }

 private:
  db::Database& database_;
  std::vector<CountSource> sources_;
};

// The outbox's part: the rows delivered for the scope, one line per kind
// and purpose: "count_email", "count_email_reminder", "count_discord_role",
// "count_discord_channel", "count_notion_page", ... (the catalog names each;
// a kind it does not know counts as "count_other").
Result<CountPart> delivered_count(db::Transaction& transaction, const CountScope& scope);

// {"moim": {"total", "lines": [{"what", "count"}]}, "by_hand": {...}}
boost::json::object organizer_count_json(const OrganizerCount& count);

// What the pages show: {"moim_total", "hand_total", "moim_lines" and
// "hand_lines": [{"label", "count"}]}, each line named by `text` (the
// catalog); a line the catalog does not name shows as "count_other".
boost::json::object organizer_count_view(
    const OrganizerCount& count, const std::function<std::string(const std::string&)>& text);

}  // namespace moim::outbox
