// The player's page on a phone: before joining, the keywords to pick and what
// the other player will see; after, the board, my code and QR, a typed or
// scanned code, whom I met, my lines and claim codes, and leaving. Members
// at /c/{slug}/events/{event}/bingo, guests under their ticket's private
// link /c/{slug}/events/{event}/t/{token}/bingo. Every form works without
// JavaScript (POST, then a redirect, or the page again with the field marked);
// web/static/bingo.js keeps the board live.
#include <set>

#include "features/bingo/pages.hpp"
#include "features/bingo/routes.hpp"
#include "platform/web/qr_svg.hpp"

namespace moim::bingo {

using namespace pages;

namespace {

struct Where {
  std::string slug;
  std::int64_t event_id = 0;
  std::optional<std::string> token;
};

Where where_of(const http::Request& request, bool guest) {
  Where where{request.param("slug"), id_param(request, "event"), std::nullopt};
  if (guest) where.token = request.param("token");
  return where;
}

// What the page shows after a form: `extra` carries the error, what was
// ticked or typed.
http::Response play_page(WebSession& session, BingoService& bingo, events::EventsService& events,
                         const RequestContext& context, const Where& where,
                         boost::json::object extra, int status = 200) {
  // Members sign in first (as the ticket page asks); guests carry the link.
  if (!where.token && !context.viewer.signed_in())
    return session.refuse(context, Error::unauthenticated());
  const events::Caller caller{context.viewer, where.token};
  auto event = events.event(caller, where.slug, where.event_id);
  if (!event) return session.refuse(context, event.error());
  auto game = bingo.game(caller, where.slug, where.event_id);
  if (!game) return session.refuse(context, game.error());
  auto player = bingo.board(caller, where.slug, where.event_id);
  // Not a confirmed attendee (403), or no such game: the page is not theirs.
  if (!player && player.error().code != "not_playing")
    return session.refuse(context, player.error());
  auto board = bingo.leaderboard(caller, where.slug, where.event_id, 10);
  if (!board) return session.refuse(context, board.error());
  const std::string path = play_path(where.slug, where.event_id, where.token);
  const std::string api =
      "/api/v1/communities/" + where.slug + "/events/" + std::to_string(where.event_id) + "/bingo";
  boost::json::object data{
      {"event", {{"title", event->title}, {"path", event_path(where.slug, where.event_id)}}},
      {"back", where.token ? event_path(where.slug, where.event_id) + "/t/" + *where.token
                           : event_path(where.slug, where.event_id)},
      {"path", path},
      {"api", api},
      {"ticket", where.token ? *where.token : std::string()},
      {"open", game->open(std::time(nullptr))},
      {"picks", game->picks},
      {"size", game->size},
      {"exchanges", board->exchanges},
      {"players", board->players},
      {"leaderboard", leaderboard_view(board.value())},
      {"qr_decoder", events.serves_qr_decoder()},
      {"playing", player.ok()}};
  if (player) {
    data["me"] = player_view(session, context, player.value());
    if (auto svg = web::qr_svg(player->code)) data["qr_svg"] = svg.value();
  } else {
    std::set<std::string> ticked;
    if (auto found = extra.find("ticked"); found != extra.end())
      for (const auto& value : found->value().as_array())
        ticked.insert(std::string(value.as_string()));
    boost::json::array groups;  // by category, in the organizers' order
    for (std::size_t index = 0; index < game->keywords.size(); ++index) {
      const Keyword& keyword = game->keywords[index];
      if (groups.empty() ||
          groups.back().as_object().at("category").as_string() != keyword.category)
        groups.push_back(boost::json::object{{"category", keyword.category},
                                             {"keywords", boost::json::array()}});
      groups.back().as_object()["keywords"].as_array().push_back(boost::json::object{
          {"index", index}, {"keyword", keyword.text}, {"checked", ticked.contains(keyword.text)}});
    }
    data["groups"] = groups;
    std::string rule = session.text(context, "bingo_join_pick");
    if (auto at = rule.find("{picks}"); at != std::string::npos)
      rule.replace(at, 7, std::to_string(game->picks));
    data["pick_rule"] = rule;
  }
  for (auto& [key, value] : extra) data[key] = value;
  return no_store(session.page(
      context, status, "bingo/play", std::move(data),
      {.title = session.text(context, "bingo_title") + " · " + event->title,
       .notice_key =
           std::string(extra.contains("notice_key") ? extra.at("notice_key").as_string() : "")}));
}

// The POSTs answer a redirect (the page again, with a notice) or the page
// with the field marked; a refusal that is not about the form is a refusal page.
bool form_error(const Error& error) {
  return error.http_status == 400 || error.http_status == 409 || error.http_status == 422 ||
         error.http_status == 429 || (error.http_status == 404 && !error.field.empty());
}

http::Response redirect_notice(const std::string& path, const std::string& notice) {
  return http::Response::redirect(path + "?done=" + notice);
}

}  // namespace

void add_play_pages(http::Router& router, WebSession& session, BingoService& bingo,
                    events::EventsService& events) {
  for (const bool guest : {false, true}) {
    const std::string base =
        std::string("/c/{slug}/events/{event}/") + (guest ? "t/{token}/" : "") + "bingo";

    router.get(base, [&, guest](http::Request& request) {
      auto context = session.context(request);
      boost::json::object extra;
      // The notice after a POST's redirect, from a fixed set only.
      const std::string done = request.query_param("done").value_or("");
      for (const char* known : {"joined", "exchanged"})
        if (done == known) extra["notice_key"] = std::string("bingo_notice_") + known;
      return play_page(session, bingo, events, context, where_of(request, guest), std::move(extra));
    });

    router.post(base + "/join", [&, guest](http::Request& request) {
      auto context = session.context(request);
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      const Where where = where_of(request, guest);
      if (!where.token && !context.viewer.signed_in())
        return session.refuse(context, Error::unauthenticated());
      const events::Caller caller{context.viewer, where.token};
      auto game = bingo.game(caller, where.slug, where.event_id);
      if (!game) return session.refuse(context, game.error());
      // Checkboxes "keyword-<index>" of the pool: a name per box, so no
      // repeated form names are needed.
      std::vector<std::string> keywords;
      boost::json::array ticked;
      for (std::size_t index = 0; index < game->keywords.size(); ++index) {
        if (form.contains("keyword-" + std::to_string(index))) {
          keywords.push_back(game->keywords[index].text);
          ticked.push_back(boost::json::string(game->keywords[index].text));
        }
      }
      auto joined = bingo.join(caller, where.slug, where.event_id, keywords);
      // A second submit of the same form (a double tap): the board is there.
      if (!joined && joined.error().code == "already_playing")
        return http::Response::redirect(play_path(where.slug, where.event_id, where.token));
      if (!joined) {
        if (!form_error(joined.error())) return session.refuse(context, joined.error());
        boost::json::object extra{{"ticked", ticked}};
        mark_error(extra, session, context, joined.error(), "keywords");
        return play_page(session, bingo, events, context, where, std::move(extra),
                         joined.error().http_status);
      }
      return redirect_notice(play_path(where.slug, where.event_id, where.token), "joined");
    });

    router.post(base + "/exchange", [&, guest](http::Request& request) {
      auto context = session.context(request);
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      const Where where = where_of(request, guest);
      if (!where.token && !context.viewer.signed_in())
        return session.refuse(context, Error::unauthenticated());
      const std::string code = form_value(form, "code");
      if (code.size() > 64) return session.refuse(context, Error::invalid("code", "too long"));
      auto exchanged =
          bingo.exchange({context.viewer, where.token}, where.slug, where.event_id, code);
      if (!exchanged) {
        if (!form_error(exchanged.error())) return session.refuse(context, exchanged.error());
        boost::json::object extra{{"code_typed", code}};
        mark_error(extra, session, context, exchanged.error(), "code");
        auto response = play_page(session, bingo, events, context, where, std::move(extra),
                                  exchanged.error().http_status);
        if (exchanged.error().retry_after_seconds > 0)
          response.set_header("Retry-After", std::to_string(exchanged.error().retry_after_seconds));
        return response;
      }
      return redirect_notice(play_path(where.slug, where.event_id, where.token), "exchanged");
    });

    router.post(base + "/leave", [&, guest](http::Request& request) {
      auto context = session.context(request);
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      const Where where = where_of(request, guest);
      if (!where.token && !context.viewer.signed_in())
        return session.refuse(context, Error::unauthenticated());
      auto left = bingo.leave({context.viewer, where.token}, where.slug, where.event_id);
      if (!left) return session.refuse(context, left.error());
      return http::Response::redirect(where.token ? event_path(where.slug, where.event_id) + "/t/" +
                                                        *where.token
                                                  : event_path(where.slug, where.event_id));
    });
  }
}

}  // namespace moim::bingo
