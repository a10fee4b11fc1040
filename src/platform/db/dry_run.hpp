// A dry run ("what would go now") counts at most kDryRunCap + 1 rows, so a
// page that shows it costs the same however much is due: more than the cap
// reads "1000+". The real run counts what it changed, without a cap.
#pragma once

#include <cstdint>

namespace moim::db {

inline constexpr std::int64_t kDryRunCap = 1000;

}  // namespace moim::db
