// GET .../bingo/stream: the live channel of the bingo pages (Server-Sent
// Events through platform/live). A phone hears its own board and the
// leaderboard; the projector (`?hall=true`, organizers and staff) hears every
// exchange. A board or hall event is a short JSON note ({"kind": "exchange",
// "id": 12}) on which the page refetches; a leaderboard event carries the top
// ten itself (see live.hpp). On "resync" (messages may have been missed) the
// page refetches everything. Pages without EventSource poll the same JSON
// routes instead.
#include "features/bingo/api_types.hpp"
#include "features/bingo/routes.hpp"
#include "platform/live/live_stream.hpp"

namespace moim::bingo {

namespace {

struct StreamQuery {
  std::optional<bool> hall;  // the projector's view: every exchange
  // A guest's ticket token: EventSource cannot send an Authorization header,
  // so the guest's page names it here (it is already in their page's path).
  std::optional<std::string> ticket;
};
BOOST_DESCRIBE_STRUCT(StreamQuery, (), (hall, ticket))

}  // namespace

void add_bingo_stream(accounts::ApiRoutes& routes, BingoService& bingo, live::Hub& hub) {
  routes.add_stream<api::EventPath, StreamQuery>(
      {.method = http::Method::kGet,
       .path = "/api/v1/communities/{slug}/events/{event}/bingo/stream",
       .operation_id = "bingoStream",
       .summary = "Live changes of the bingo (Server-Sent Events)",
       .description =
           "Events `board` (the caller's own board changed; players only: fetch the board), "
           "`leaderboard` (the top ten changed; its data is the ten itself, "
           "`{\"kind\": \"top\", \"exchanges\", \"players\", \"leaderboard\": [{\"rank\", "
           "\"player_id\", \"name\", \"lines\"}]}`, to draw without a request; `{\"kind\": "
           "\"top\"}` alone when the names are too long for one note: fetch it) and, with "
           "`hall=true` for organizers and the event's staff, `hall` (every exchange and stamp: "
           "`{\"kind\", \"id\", \"a\", \"b\", \"exchanges\"}`, joins and leaves: "
           "`{\"kind\": \"players\"}`); `resync` after a gap (fetch everything). A guest's "
           "page, whose EventSource cannot send a header, gives its ticket token as `ticket`. "
           "An event opens the stream right away (`: open`), so the caller knows it listens "
           "before the first change.",
       .tag = "bingo",
       .access = accounts::Access::kAnyoneOrTicket,
       .errors = {403}},
      [&bingo, &hub](auto& call) -> Result<std::shared_ptr<http::EventStream>> {
        std::optional<std::string> ticket = call.ticket_token;
        if (!ticket && call.query.ticket) {
          if (!call.query.ticket->starts_with(accounts::kTicketTokenPrefix))
            return Error::unauthenticated("this ticket link is not valid for this event");
          ticket = call.query.ticket;
        }
        auto feeds = bingo.feeds(events::Caller{call.viewer(), ticket}, call.path.slug,
                                 call.path.event, call.query.hall.value_or(false));
        if (!feeds) return feeds.error();
        // Subscribed before the caller reads anything: no change falls between.
        auto stream = live::open_stream(hub, feeds.value());
        stream->comment("open");
        return stream;
      });
}

}  // namespace moim::bingo
