// Helpers of the bingo pages (play_pages.cpp, staff_pages.cpp) and the links
// the bingo adds to the event and ticket pages.
#include "features/bingo/pages.hpp"

#include <charconv>

#include "features/bingo/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::bingo {

namespace pages {

std::string event_path(const std::string& slug, std::int64_t event_id) {
  return "/c/" + slug + "/events/" + std::to_string(event_id);
}

std::string play_path(const std::string& slug, std::int64_t event_id,
                      const std::optional<std::string>& token) {
  return event_path(slug, event_id) + (token ? "/t/" + *token : std::string()) + "/bingo";
}

std::int64_t id_param(const http::Request& request, const std::string& name) {
  auto found = request.path_params.find(name);
  if (found == request.path_params.end()) return 0;
  std::int64_t id = 0;
  const std::string& text = found->second;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return 0;
  return id;
}

std::string form_value(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::string error_text(const WebSession& session, const RequestContext& context,
                       const Error& error) {
  const std::string own = "bingo_error_" + error.code;
  if (session.catalog().strings(context.language).contains(own)) return session.text(context, own);
  return session.error_text(context, error);
}

void mark_error(boost::json::object& data, const WebSession& session, const RequestContext& context,
                const Error& error, const std::string& field) {
  std::string marked = !field.empty() ? field : error.field.empty() ? "form" : error.field;
  if (auto bracket = marked.find('['); bracket != std::string::npos) marked.resize(bracket);
  data["field_error"] = {{"field", marked}, {"message", error_text(session, context, error)}};
  boost::json::object errors;
  errors[marked] = true;
  data["errors"] = errors;
}

http::Response csrf_refused(const WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

std::string local_time(std::int64_t seconds, const std::string& zone) {
  return format_local(seconds, zone, "%Y-%m-%dT%H:%M");
}

boost::json::object player_view(const WebSession& session, const RequestContext& context,
                                const Player& player) {
  // A booth's stamp names the booth; an exchange names the person and the keyword.
  std::vector<std::string> booths;
  for (const auto& met : player.met)
    if (met.booth) booths.push_back(met.name);
  boost::json::array rows;
  for (int row = 0; row < player.size; ++row) {
    boost::json::array cells;
    for (int column = 0; column < player.size; ++column) {
      const std::size_t index = static_cast<std::size_t>(row * player.size + column);
      if (index >= player.cells.size()) break;
      const Cell& cell = player.cells[index];
      boost::json::object view{
          {"index", index}, {"keyword", cell.keyword}, {"marked", cell.mark != 0}};
      if (cell.mark != 0) {
        const bool booth = std::find(booths.begin(), booths.end(), cell.by) != booths.end();
        view["by"] = cell.by;
        view["booth"] = booth;
      }
      cells.push_back(std::move(view));
    }
    rows.push_back(boost::json::object{{"cells", cells}});
  }
  boost::json::array claims, met;
  for (const auto& claim : player.claims)
    claims.push_back(boost::json::object{
        {"lines", claim.lines}, {"code", claim.code}, {"redeemed", claim.redeemed_at.has_value()}});
  for (const auto& one : player.met) {
    std::string picks;
    for (const auto& pick : one.picks) picks += (picks.empty() ? "" : ", ") + pick;
    met.push_back(boost::json::object{{"name", one.name}, {"booth", one.booth}, {"picks", picks}});
  }
  std::string picks;
  for (const auto& pick : player.picks) picks += (picks.empty() ? "" : ", ") + pick;
  return {{"code", player.code},
          {"name", player.name},
          {"picks", picks},
          {"size", player.size},
          {"rows", rows},
          {"lines", player.lines},
          {"claims", claims},
          {"has_claims", !claims.empty()},
          {"met", met},
          {"met_none", met.empty()},
          {"lines_label", session.text(context, "bingo_lines")}};
}

boost::json::array leaderboard_view(const Leaderboard& board) {
  boost::json::array top;
  for (const auto& ranked : board.top)
    top.push_back(
        boost::json::object{{"rank", ranked.rank}, {"name", ranked.name}, {"lines", ranked.lines}});
  return top;
}

http::Response no_store(http::Response response) {
  response.set_header("Cache-Control", "no-store");
  response.set_header("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace pages

events::EventLinks event_links(accounts::WebSession& session, BingoService& bingo,
                               events::EventsService& events) {
  return
      [&session, &bingo, &events](const accounts::RequestContext& context, const std::string& slug,
                                  std::int64_t event_id, const std::optional<std::string>& token) {
        std::vector<events::EventLink> links;
        const events::Caller caller{context.viewer, token};
        auto game = bingo.game(caller, slug, event_id);
        if (!game) {
          // No game yet: organizers may set one up; others see nothing.
          auto organizer = bingo.may_organize(context.viewer, slug);
          if (!token && organizer && organizer.value())
            links.push_back({pages::event_path(slug, event_id) + "/bingo/settings",
                             session.text(context, "bingo_set_up"), "bingo-settings-link"});
          return links;
        }
        auto mine = events.my_registration(caller, slug, event_id);
        if (mine && mine->has_value() && (*mine)->status == events::RegistrationStatus::confirmed)
          links.push_back({pages::play_path(slug, event_id, token),
                           session.text(context, "bingo_play"), "bingo-play-link"});
        if (token) return links;
        auto organizer = bingo.may_organize(context.viewer, slug);
        auto staff = bingo.may_staff(context.viewer, slug, event_id);
        if (organizer && organizer.value())
          links.push_back({pages::event_path(slug, event_id) + "/bingo/settings",
                           session.text(context, "bingo_settings_title"), "bingo-settings-link"});
        if (staff && staff.value()) {
          links.push_back({pages::event_path(slug, event_id) + "/bingo/redeem",
                           session.text(context, "bingo_redeem_title"), "bingo-redeem-link"});
          links.push_back({pages::event_path(slug, event_id) + "/bingo/projector",
                           session.text(context, "bingo_projector_title"), "bingo-projector-link"});
        }
        return links;
      };
}

}  // namespace moim::bingo
