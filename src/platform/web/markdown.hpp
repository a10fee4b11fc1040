// Project descriptions are written in markdown and shown as HTML: md4c
// renders them with raw HTML escaped, and links or images may only point to
// http(s), mailto or local addresses (no javascript:, data:, ...).
#pragma once

#include <string>
#include <string_view>

namespace moim::web {

std::string render_markdown(std::string_view markdown);

}  // namespace moim::web
