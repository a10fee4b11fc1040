// The demo community's Notion connection: when `make run` started the local
// Notion stand-in (tests/standins/notion_standin.py) and pointed
// --notion-api-url at it, the demo organizer is connected to it, so the plan
// page shows a real plan and applying it creates the pages locally. Never
// done against any other address: the demo must not reach the internet.
#pragma once

#include "app/app.hpp"

namespace moim {

inline constexpr const char* kDemoNotionToken = "secret_standin";
inline constexpr const char* kDemoNotionDatabase = "5c6a28216bb14a7eb6e1c50111515c3d";

// True when the URL is on this machine (the stand-in), false otherwise.
bool is_loopback_url(const std::string& url);
Status connect_demo_notion(App& app, const accounts::Viewer& organizer);

}  // namespace moim
