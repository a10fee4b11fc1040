// The organizers' and staff's bingo pages: settings (with the recent
// exchanges to void and the booths' printable QR codes), the staff's redeem
// page (typed or scanned claim code, a green or red verdict) and the
// projector for the hall screen (web/static/bingo.js draws who met whom).
#include "features/bingo/pages.hpp"
#include "features/bingo/routes.hpp"
#include "features/bingo/settings_form.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/qr_svg.hpp"

namespace moim::bingo {

using namespace pages;

namespace {

std::string api_path(const std::string& slug, std::int64_t event_id) {
  return "/api/v1/communities/" + slug + "/events/" + std::to_string(event_id) + "/bingo";
}

Result<events::Event> organizer_event(BingoService& bingo, events::EventsService& events,
                                      const RequestContext& context, const std::string& slug,
                                      std::int64_t event_id) {
  if (!context.viewer.signed_in()) return Error::unauthenticated();
  auto organizer = bingo.may_organize(context.viewer, slug);
  if (!organizer) return organizer.error();
  if (!organizer.value()) return Error::forbidden("only organizers run the bingo");
  return events.event({context.viewer, std::nullopt}, slug, event_id);
}

http::Response settings_page(WebSession& session, BingoService& bingo,
                             events::EventsService& events, const RequestContext& context,
                             const std::string& slug, std::int64_t event_id,
                             std::optional<boost::json::object> typed, std::optional<Error> error,
                             const std::string& notice_key = "") {
  auto event = organizer_event(bingo, events, context, slug, event_id);
  if (!event) return session.refuse(context, event.error());
  auto game = bingo.game({context.viewer, std::nullopt}, slug, event_id);
  if (!game && game.error().code != "no_game") return session.refuse(context, game.error());
  const std::string path = event_path(slug, event_id) + "/bingo";
  boost::json::object data{
      {"event", {{"title", event->title}, {"path", event_path(slug, event_id)}}},
      {"path", path},
      {"exists", game.ok()},
      {"values", typed  ? *typed
                 : game ? settings_values(game.value(), event->time_zone)
                        : default_values()}};
  boost::json::array sizes;
  const std::string size = std::string(data["values"].as_object()["size"].as_string());
  for (const char* option : {"3", "4", "5"})
    sizes.push_back(boost::json::object{{"value", option}, {"selected", size == option}});
  data["sizes"] = sizes;
  if (game) {
    data["open"] = game->open(std::time(nullptr));
    data["exchanges"] = game->exchanges;
    data["players"] = game->players;
    boost::json::array prizes;
    for (const auto& prize : game->prizes)
      prizes.push_back(boost::json::object{
          {"lines", prize.lines}, {"stock", prize.stock}, {"left", prize.left()}});
    data["prizes"] = prizes;
    data["has_booths"] = !game->booths.empty();
    auto recent = bingo.recent(context.viewer, slug, event_id, 30);
    if (!recent) return session.refuse(context, recent.error());
    boost::json::array rows;
    for (const auto& one : recent.value())
      rows.push_back(boost::json::object{{"id", one.id},
                                         {"first", one.first},
                                         {"second", one.second},
                                         {"booth", one.booth},
                                         {"at", format_local(one.at, event->time_zone, "%H:%M")},
                                         {"voided", one.voided}});
    data["recent"] = rows;
    data["recent_none"] = rows.empty();
  }
  if (error) mark_error(data, session, context, *error);
  return no_store(
      session.page(context, error ? error->http_status : 200, "bingo/settings", std::move(data),
                   {.title = session.text(context, "bingo_settings_title") + " · " + event->title,
                    .notice_key = notice_key}));
}

http::Response redeem_page(WebSession& session, BingoService& bingo, events::EventsService& events,
                           const RequestContext& context, const std::string& slug,
                           std::int64_t event_id, boost::json::object extra, int status = 200) {
  if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
  auto staff = bingo.may_staff(context.viewer, slug, event_id);
  if (!staff) return session.refuse(context, staff.error());
  if (!staff.value()) return session.refuse(context, Error::forbidden());
  auto event = events.event({context.viewer, std::nullopt}, slug, event_id);
  if (!event) return session.refuse(context, event.error());
  boost::json::object data{
      {"event", {{"title", event->title}, {"path", event_path(slug, event_id)}}},
      {"path", event_path(slug, event_id) + "/bingo"},
      {"qr_decoder", events.serves_qr_decoder()}};
  for (auto& [key, value] : extra) data[key] = value;
  return no_store(
      session.page(context, status, "bingo/redeem", std::move(data),
                   {.title = session.text(context, "bingo_redeem_title") + " · " + event->title}));
}

}  // namespace

void add_staff_pages(http::Router& router, WebSession& session, BingoService& bingo,
                     events::EventsService& events) {
  const std::string base = "/c/{slug}/events/{event}/bingo";

  router.get(base + "/settings", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string done = request.query_param("done").value_or("");
    std::string notice;
    for (const char* known : {"saved", "voided"})
      if (done == known) notice = std::string("bingo_notice_") + known;
    return settings_page(session, bingo, events, context, request.param("slug"),
                         id_param(request, "event"), std::nullopt, std::nullopt, notice);
  });

  router.post(base + "/settings", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto event = organizer_event(bingo, events, context, slug, event_id);
    if (!event) return session.refuse(context, event.error());
    auto input = settings_input(form, event->time_zone);
    Result<Game> saved = input ? bingo.configure(context.viewer, slug, event_id, input.value())
                               : Result<Game>(input.error());
    if (!saved) {
      const int status = saved.error().http_status;
      if (status != 400 && status != 409 && status != 422)
        return session.refuse(context, saved.error());
      return settings_page(session, bingo, events, context, slug, event_id, typed_values(form),
                           saved.error());
    }
    return http::Response::redirect(event_path(slug, event_id) + "/bingo/settings?done=saved");
  });

  router.post(base + "/exchanges/{exchange}/void", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto voided =
        bingo.void_exchange(context.viewer, slug, event_id, id_param(request, "exchange"));
    if (!voided) return session.refuse(context, voided.error());
    return http::Response::redirect(event_path(slug, event_id) + "/bingo/settings?done=voided");
  });

  // The booths' QR codes, one per card, to print and stand on the tables.
  router.get(base + "/booths", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto event = organizer_event(bingo, events, context, slug, event_id);
    if (!event) return session.refuse(context, event.error());
    auto game = bingo.game({context.viewer, std::nullopt}, slug, event_id);
    if (!game) return session.refuse(context, game.error());
    boost::json::array booths;
    for (const auto& booth : game->booths) {
      auto svg = web::qr_svg(booth.code);
      booths.push_back(boost::json::object{
          {"name", booth.name}, {"code", booth.code}, {"qr_svg", svg ? svg.value() : ""}});
    }
    return no_store(session.page(
        context, 200, "bingo/booths",
        {{"event", {{"title", event->title}, {"path", event_path(slug, event_id)}}},
         {"path", event_path(slug, event_id) + "/bingo"},
         {"booths", booths}},
        {.title = session.text(context, "bingo_booths_title") + " · " + event->title}));
  });

  router.get(base + "/redeem", [&](http::Request& request) {
    auto context = session.context(request);
    return redeem_page(session, bingo, events, context, request.param("slug"),
                       id_param(request, "event"), {});
  });

  router.post(base + "/redeem", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    const std::string code = form_value(form, "code");
    if (code.size() > 64) return session.refuse(context, Error::invalid("code", "too long"));
    auto redeemed = bingo.redeem(context.viewer, slug, event_id, code);
    if (!redeemed) {
      const auto& error = redeemed.error();
      if (error.http_status != 404 && error.http_status != 409 && error.http_status != 400)
        return session.refuse(context, error);
      boost::json::object extra{
          {"code", code},
          {"result", {{"ok", false}, {"message", error_text(session, context, error)}}}};
      return redeem_page(session, bingo, events, context, slug, event_id, std::move(extra),
                         error.http_status);
    }
    std::string message = session.text(context, "bingo_redeemed_ok");
    boost::json::object extra{{"result",
                               {{"ok", true},
                                {"message", message},
                                {"player", redeemed->player_name},
                                {"lines", redeemed->claim.lines},
                                {"left", redeemed->prize.left()}}}};
    return redeem_page(session, bingo, events, context, slug, event_id, std::move(extra));
  });

  router.get(base + "/projector", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto network = bingo.network(context.viewer, slug, event_id);  // organizers and staff
    if (!network) return session.refuse(context, network.error());
    auto event = events.event({context.viewer, std::nullopt}, slug, event_id);
    if (!event) return session.refuse(context, event.error());
    auto board = bingo.leaderboard({context.viewer, std::nullopt}, slug, event_id, 10);
    if (!board) return session.refuse(context, board.error());
    return no_store(session.page(
        context, 200, "bingo/projector",
        {{"event", {{"title", event->title}, {"path", event_path(slug, event_id)}}},
         {"api", api_path(slug, event_id)},
         {"exchanges", network->exchanges},
         {"players", board->players},
         {"leaderboard", leaderboard_view(board.value())}},
        {.title = session.text(context, "bingo_projector_title") + " · " + event->title}));
  });
}

}  // namespace moim::bingo
