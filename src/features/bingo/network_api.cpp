// GET /api/v1/communities/{slug}/events/{event}/bingo/network: the hall
// screen's picture of who met whom. Organizers and the event's staff only:
// the projector runs on a staff laptop, and the network of who talked to
// whom is not for everyone's phone (players see their own "met" list).
#include "features/bingo/api_types.hpp"
#include "features/bingo/routes.hpp"

namespace moim::bingo {

using namespace api;  // NOLINT: this file is the API's
using http::Method;
using web::Nothing;

void add_network_api(accounts::ApiRoutes& routes, BingoService& bingo) {
  routes.add<EventPath, Nothing, Nothing, NetworkReply>(
      {.method = Method::kGet,
       .path = "/api/v1/communities/{slug}/events/{event}/bingo/network",
       .operation_id = "bingoNetwork",
       .summary = "Who met whom: players and exchanges, for the projector (organizers and staff)",
       .description = "`nodes`: players still playing (id, name, lines), by id; `edges`: live "
                      "exchanges between two of them, oldest first. Booth stamps are not edges. "
                      "No codes and no keywords.",
       .tag = "bingo",
       .errors = {403}},
      [&bingo](auto& call) -> Result<NetworkReply> {
        auto network = bingo.network(call.viewer(), call.path.slug, call.path.event);
        if (!network) return network.error();
        NetworkReply reply{.exchanges = network->exchanges};
        for (const auto& node : network->nodes)
          reply.nodes.push_back({node.id, node.name, node.lines});
        for (const auto& edge : network->edges) reply.edges.push_back({edge.from, edge.to});
        return reply;
      });
}

}  // namespace moim::bingo
