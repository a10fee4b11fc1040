#include "app/demo_notion.hpp"

#include "app/demo.hpp"
#include "platform/log/log.hpp"

namespace moim {

bool is_loopback_url(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1:", "http://localhost:", "http://[::1]:"}) {
    if (url.starts_with(prefix)) return true;
  }
  return false;
}

Status connect_demo_notion(App& app, const accounts::Viewer& organizer) {
  if (!is_loopback_url(app.notion_api_url()) || app.secrets() == nullptr) return ok_status();
  auto connected =
      app.notion().connect(organizer, kDemoSlug, {kDemoNotionToken, kDemoNotionDatabase});
  if (!connected) return connected.error();
  if (!connected->tested) {
    // The stand-in is not running (moim was started without `make run`):
    // the connection stays, and "test connection" on the page retries.
    log::warn("demo_notion_untested", {{"message", connected->check_message}});
  }
  return ok_status();
}

}  // namespace moim
