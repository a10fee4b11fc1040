// Short check-in codes that rotate every minute. The code is derived from a
// per-check-in secret and the minute, so nothing guessable is stored and a
// code photographed once stops working a minute later.
#pragma once

#include <cstdint>
#include <string>

namespace moim::activity {

inline constexpr std::size_t kCodeDigits = 6;
// The attendance trail's note for a check-in by code (pages translate it).
inline constexpr const char* kCodeCheckInNote = "checked in with the code";

// The code of the window holding `now` (windows of `window_seconds`).
std::string code_at(const std::string& secret, std::int64_t now, std::int64_t window_seconds);
// When the code valid at `now` stops being shown (the end of its window).
std::int64_t code_window_end(std::int64_t now, std::int64_t window_seconds);
// True for the current window's code or the previous one's (a grace window).
bool code_matches(const std::string& secret, const std::string& code, std::int64_t now,
                  std::int64_t window_seconds);

}  // namespace moim::activity
