// The bingo pages live, without a framework: the player's board and the
// hall's projector redraw from the JSON routes (GET .../bingo/board,
// .../bingo/leaderboard, .../bingo/network) whenever the server's push
// channel (EventSource on .../bingo/stream: board, leaderboard, hall,
// resync) says something changed, and every 3 s when there is no stream or
// it keeps failing. The pages work without this file (the forms post).
(() => {
  const POLL_MS = 3000;
  const STREAM_FAILURES_BEFORE_POLLING = 3;

  // Refetch on each pushed event; poll instead when the stream is missing or
  // keeps failing. `refresh` must be safe to call at any time. A
  // `leaderboard` note carries the top ten itself: `drawTop` draws it without
  // a request (10,000 phones hear it at once; they must not all ask back).
  // `onHall` applies a hall note in place and says whether it could (else
  // the page refetches); `refetchMs` is the least time between refetches.
  function live(api, ticket, refresh, drawTop, { query = "", onHall = null, refetchMs = 300 } = {}) {
    let timer = null;
    // The page says how it hears of changes (body[data-bingo-live]: "poll" or
    // "stream"), for people debugging a venue's network and for the tests.
    const poll = () => {
      document.body.dataset.bingoLive = "poll";
      if (timer === null) timer = setInterval(refresh, POLL_MS);
    };
    const stopPolling = () => {
      document.body.dataset.bingoLive = "stream";
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    // Poll until the stream proves itself: an exchange shows without a
    // reload even where the stream is not wired.
    poll();
    if (!("EventSource" in window)) return;
    // A guest has no cookie: the stream takes the ticket's token in the query
    // (EventSource cannot send an Authorization header).
    const params = new URLSearchParams(query);
    if (ticket) params.set("ticket", ticket);
    const url = api + "/stream" + (params.toString() ? "?" + params : "");
    let failures = 0;
    // Notes can come many a second: refetch at most every refetchMs.
    let pending = null;
    const soon = () => {
      failures = 0;
      if (pending === null) pending = setTimeout(() => { pending = null; refresh(); }, refetchMs);
    };
    const source = new EventSource(url);
    for (const name of ["board", "resync"]) source.addEventListener(name, soon);
    source.addEventListener("hall", (event) => {
      failures = 0;
      try {
        if (onHall && onHall(JSON.parse(event.data))) return;
      } catch (_) { /* not a note this page knows: refetch */ }
      soon();
    });
    source.addEventListener("leaderboard", (event) => {
      failures = 0;
      try {
        const top = JSON.parse(event.data);
        if (Array.isArray(top.leaderboard)) return drawTop(top);
      } catch (_) { /* not a top-ten note: fetch it instead */ }
      soon();
    });
    source.addEventListener("open", () => { failures = 0; stopPolling(); refresh(); });
    source.addEventListener("error", () => {
      failures += 1;
      // Closed for good (e.g. no such route) or failing again and again: poll.
      if (source.readyState === EventSource.CLOSED || failures >= STREAM_FAILURES_BEFORE_POLLING) {
        source.close();
        poll();
      }
    });
  }

  async function getJson(url, ticket) {
    const headers = { Accept: "application/json" };
    if (ticket) headers.Authorization = "Bearer " + ticket;
    const response = await fetch(url, { headers, credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  const text = (element, value) => { if (element) element.textContent = String(value); };

  function drawLeaderboard(root, board) {
    text(root.querySelector("[data-bingo-exchanges]"), board.exchanges);
    text(root.querySelector("[data-bingo-players]"), board.players);
    const list = root.querySelector("[data-bingo-top]");
    if (!list) return;
    const label = list.dataset.linesLabel || "";
    list.replaceChildren(...board.leaderboard.slice(0, 10).map((ranked) => {
      const item = document.createElement("li");
      item.textContent = `${ranked.name} · ${label} ${ranked.lines}`;
      return item;
    }));
  }

  function drawBoard(root, player) {
    const metLabel = root.dataset.metLabel || "";
    const booths = new Set(player.met.filter((one) => one.kind === "booth").map((one) => one.name));
    player.board.cells.forEach((cell, index) => {
      const td = root.querySelector(`[data-cell="${index}"]`);
      if (!td) return;
      td.classList.toggle("marked", cell.marked);
      const by = td.querySelector("[data-by]");
      text(by, !cell.marked ? "" : booths.has(cell.by) ? cell.by : `${metLabel} ${cell.by}`);
    });
    text(root.querySelector("[data-bingo-lines]"), player.lines);
    const met = root.querySelector("[data-bingo-met]");
    if (met) {
      met.replaceChildren(...player.met.map((one) => {
        const item = document.createElement("li");
        const name = document.createElement("strong");
        name.textContent = one.name;
        item.append(name);
        if (one.keywords && one.keywords.length) {
          const picks = document.createElement("span");
          picks.className = "muted";
          picks.textContent = one.keywords.join(", ");
          item.append(" · ", picks);
        }
        return item;
      }));
      const none = root.querySelector("[data-bingo-met-none]");
      if (none) none.hidden = player.met.length > 0;
    }
    const claims = root.querySelector("[data-bingo-claims]");
    const list = root.querySelector("[data-bingo-claim-list]");
    if (claims && list) {
      claims.hidden = player.claims.length === 0;
      list.replaceChildren(...player.claims.map((claim) => {
        const item = document.createElement("li");
        item.dataset.testid = "bingo-claim";
        const code = document.createElement("code");
        code.className = "ticket-code";
        code.textContent = claim.code;
        item.append(`${list.dataset.linesLabel} ${claim.lines} · `, code);
        if (claim.redeemed) {
          const tag = document.createElement("span");
          tag.className = "tag good";
          tag.textContent = list.dataset.redeemedLabel;
          item.append(" ", tag);
        }
        return item;
      }));
    }
  }

  // A deterministic circle: players by id around the ring, exchanges as
  // chords. Names only while they can be read (a hall of thousands is a ring
  // of dots; each dot's name is its tooltip).
  const NS = "http://www.w3.org/2000/svg";
  const NETWORK_SIZE = 800, NAMES_UP_TO = 150;
  function chord(from, to) {
    const line = document.createElementNS(NS, "line");
    line.setAttribute("x1", from[0]); line.setAttribute("y1", from[1]);
    line.setAttribute("x2", to[0]); line.setAttribute("y2", to[1]);
    line.setAttribute("class", "bingo-edge");
    return line;
  }
  function drawNetwork(svg, network) {
    const middle = NETWORK_SIZE / 2, radius = NETWORK_SIZE / 2 - 90;
    const where = new Map();
    network.nodes.forEach((node, index) => {
      const angle = (2 * Math.PI * index) / Math.max(network.nodes.length, 1) - Math.PI / 2;
      where.set(node.id, [middle + radius * Math.cos(angle), middle + radius * Math.sin(angle)]);
    });
    const edges = document.createElementNS(NS, "g");
    edges.dataset.edges = "";
    for (const edge of network.edges) {
      const from = where.get(edge.from), to = where.get(edge.to);
      if (from && to) edges.append(chord(from, to));
    }
    const named = network.nodes.length <= NAMES_UP_TO;
    const dots = [];
    for (const node of network.nodes) {
      const [x, y] = where.get(node.id);
      const dot = document.createElementNS(NS, "circle");
      dot.setAttribute("cx", x); dot.setAttribute("cy", y);
      dot.setAttribute("r", named ? 8 + 3 * Math.min(node.lines, 6) : 3 + Math.min(node.lines, 6));
      dot.setAttribute("class", node.lines > 0 ? "bingo-node bingo-node-lines" : "bingo-node");
      const tooltip = document.createElementNS(NS, "title");
      tooltip.textContent = node.name;
      dot.append(tooltip);
      dots.push(dot);
      if (!named) continue;
      const name = document.createElementNS(NS, "text");
      name.setAttribute("x", x); name.setAttribute("y", y + (y > middle ? 40 : -26));
      name.setAttribute("text-anchor", "middle");
      name.setAttribute("class", "bingo-node-name");
      name.textContent = node.name;
      dots.push(name);
    }
    svg.replaceChildren(edges, ...dots);
    return where;
  }

  const player = document.querySelector("[data-bingo-player]");
  const board = document.querySelector("[data-bingo-leaderboard]");
  if (player) {
    const { api, ticket } = player.dataset;
    const refresh = async () => {
      try {
        const [mine, top] = await Promise.all([
          getJson(api + "/board", ticket), getJson(api + "/leaderboard?limit=10", ticket)]);
        drawBoard(player, mine.player);
        if (board) drawLeaderboard(board, top);
      } catch (_) { /* offline for a moment, or left: the next turn tries again */ }
    };
    live(api, ticket, refresh, (top) => { if (board) drawLeaderboard(board, top); });
  }

  // The projector fetches the network once (and again after a join, a
  // leave, a void or a gap); each exchange's hall note then adds its chord
  // and the count in place: a busy hall of thousands does not make the
  // screen download every exchange again three times a second.
  const projector = document.querySelector("[data-bingo-projector]");
  if (projector) {
    const { api } = projector.dataset;
    const svg = projector.querySelector("[data-bingo-network]");
    const counter = projector.querySelector("[data-bingo-exchanges]");
    let where = new Map();
    const refresh = async () => {
      try {
        const [network, top] = await Promise.all([
          getJson(api + "/network"), getJson(api + "/leaderboard?limit=10")]);
        where = drawNetwork(svg, network);
        drawLeaderboard(projector, top);
        text(counter, network.exchanges);
      } catch (_) { /* try again on the next turn */ }
    };
    refresh();
    const onHall = (note) => {
      if (note.kind === "stamp") return true;  // a booth's stamp is no exchange
      if (note.kind !== "exchange") return false;  // joins, leaves, voids: refetch
      const from = where.get(note.a), to = where.get(note.b);
      if (!from || !to) return false;  // a player this screen has not drawn yet
      const edges = svg.querySelector("[data-edges]");
      if (!edges) return false;
      edges.append(chord(from, to));
      text(counter, note.exchanges);
      return true;
    };
    // Joins at the door come many a second: the whole network at most every 2 s.
    live(api, "", refresh, (top) => drawLeaderboard(projector, top),
      { query: "hall=true", onHall, refetchMs: 2000 });
  }
})();
