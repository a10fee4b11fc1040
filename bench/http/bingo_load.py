#!/usr/bin/env python3
"""The bingo benchmark's client (bench/http/bingo.sh drives it).

  bingo_load.py setup --urls URL[,URL] --base PATH --players N --out FILE
      registers N guests for the event through the API and joins each to the
      bingo with three keywords of the pool; writes one line per player:
      id, code, ticket token (tab-separated), for exchange.lua and `live`.

  bingo_load.py live --urls URL[,URL] --base PATH --players FILE
                     --offset K --rate R --seconds S [--server-pids P,P]
      opens one stream per player (GET .../bingo/stream?ticket=..., spread
      over the URLs), then makes exchanges at R per second for S seconds
      (pairs chosen as exchange.lua does, from K on) and measures, for each
      exchange, the delay from its 201 to the `board` note on each of the two
      players' streams. Prints delivered/expected, p50/p99/max and the
      servers' resident memory while every stream is open.

Delays are measured on this machine's clock by this one Python process,
which also reads every stream: an upper bound of what phones would see.
Debian's python3 only: no third-party packages.
"""
import argparse
import asyncio
import json
import os
import random
import sys
import time
from urllib.parse import urlparse

# The live benchmark's helpers: the open-file limit, a process's VmRSS/VmHWM.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "live"))
from sse_load import raise_file_limit, read_memory  # noqa: E402


class Connection:
    """One keep-alive HTTP/1.1 connection that sends a request and reads its answer."""

    def __init__(self, host, port, source=None):
        self.host, self.port, self.source = host, port, source
        self.reader = self.writer = None

    async def request(self, method, path, body=None, token=None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, local_addr=(self.source, 0) if self.source else None)
        payload = json.dumps(body).encode() if body is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
        if token:
            head += f"Authorization: Bearer {token}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + payload)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, data


def split_urls(urls):
    return [(urlparse(url).hostname, urlparse(url).port) for url in urls.split(",")]


def pair(k, players):
    """The k-th exchange's pair, as exchange.lua chooses it."""
    a = (k * 7919) % players
    return a, (a + 1 + k // players) % players


async def setup(args):
    targets = split_urls(args.urls)
    keywords = [f"k{index:02d}" for index in range(args.pool)]
    lines = [None] * args.players
    failures = []
    next_index = iter(range(args.players))

    async def worker(number):
        host, port = targets[number % len(targets)]
        connection = Connection(host, port, f"127.0.0.{2 + number % 50}" if host == "127.0.0.1" else None)
        for index in next_index:
            who = f"player-{index}"
            status, data = await connection.request(
                "POST", args.base + "/registrations",
                {"name": f"참가자 {index}", "email": f"{who}@bingo-bench.example"})
            if status != 201:
                failures.append(f"register {index}: {status} {data[:200]!r}")
                continue
            token = json.loads(data)["ticket_token"]
            picks = random.Random(index).sample(keywords, 3)
            status, data = await connection.request(
                "POST", args.base + "/bingo/players", {"keywords": picks}, token)
            if status != 201:
                failures.append(f"join {index}: {status} {data[:200]!r}")
                continue
            player = json.loads(data)["player"]
            lines[index] = f"{player['id']}\t{player['code']}\t{token}"

    started = time.monotonic()
    await asyncio.gather(*(worker(number) for number in range(args.concurrency)))
    elapsed = time.monotonic() - started
    with open(args.out, "w") as out:
        out.write("\n".join(line for line in lines if line) + "\n")
    made = sum(1 for line in lines if line)
    print(f"setup: {made}/{args.players} guests registered and joined in {elapsed:.1f} s "
          f"({2 * made / elapsed:.0f} requests/s)")
    for failure in failures[:5]:
        print("  " + failure, file=sys.stderr)
    return 0 if made == args.players else 1


class StreamReader(asyncio.Protocol):
    """A player's stream: notes when each exchange's `board` note arrives."""

    def __init__(self, request, player, arrivals, ready):
        self.request, self.player, self.arrivals, self.ready = request, player, arrivals, ready
        self.buffer = b""
        self.head_done = False
        self.event = None

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data):
        now = time.monotonic()
        self.buffer += data
        if not self.head_done:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if b" 200 " not in self.buffer[:16] and not self.ready.done():
                self.ready.set_result(False)
            self.buffer = self.buffer[end + 4:]
            self.head_done = True
        cut = self.buffer.rfind(b"\n")
        if cut < 0:
            return
        lines, self.buffer = self.buffer[:cut], self.buffer[cut + 1:]
        for line in lines.split(b"\n"):
            if line.startswith(b": open") and not self.ready.done():
                self.ready.set_result(True)
            elif line.startswith(b"event: "):
                self.event = line[7:].strip()
            elif line.startswith(b"data: ") and self.event == b"board":
                note = json.loads(line[6:])
                if note.get("kind") == "exchange":
                    self.arrivals.setdefault(note["id"], {})[self.player] = now

    def connection_lost(self, exc):
        if not self.ready.done():
            self.ready.set_result(False)


async def live(args):
    targets = split_urls(args.urls)
    with open(args.players) as players_file:
        players = [line.rstrip("\n").split("\t") for line in players_file if line.strip()]
    count = len(players)
    raise_file_limit(count + 256)
    loop = asyncio.get_running_loop()
    arrivals = {}
    gate = asyncio.Semaphore(200)
    opened = []
    started = time.monotonic()

    async def open_stream(index):
        player_id, _, token = players[index]
        host, port = targets[index % len(targets)]
        request = (f"GET {args.base}/bingo/stream?ticket={token} HTTP/1.1\r\nHost: {host}\r\n"
                   "Accept: text/event-stream\r\n\r\n").encode()
        ready = loop.create_future()
        async with gate:
            try:
                await loop.create_connection(
                    lambda: StreamReader(request, int(player_id), arrivals, ready), host, port,
                    local_addr=(f"127.0.0.{2 + index % 50}", 0) if host == "127.0.0.1" else None)
                opened.append(await asyncio.wait_for(ready, 60))
            except (OSError, asyncio.TimeoutError):
                opened.append(False)

    await asyncio.gather(*(open_stream(index) for index in range(count)))
    connected = sum(opened)
    print(f"streams: {connected}/{count} open in {time.monotonic() - started:.1f} s")
    await asyncio.sleep(1.0)

    # Exchanges at a steady rate from a few keep-alive connections per server.
    sent = {}  # exchange id -> (201 time, player a id, player b id)
    statuses = {}
    total = int(args.rate * args.seconds)
    connections = [Connection(*targets[number % len(targets)], f"127.0.0.{60 + number}")
                   for number in range(args.connections)]
    idle = asyncio.Queue()
    for connection in connections:
        idle.put_nowait(connection)
    memory = {}

    async def exchange(k):
        a, b = pair(k, count)
        connection = await idle.get()
        try:
            status, data = await connection.request(
                "POST", args.base + "/bingo/exchanges", {"code": players[b][1]}, players[a][2])
        finally:
            idle.put_nowait(connection)
        answered = time.monotonic()
        statuses[status] = statuses.get(status, 0) + 1
        if status == 201:
            sent[json.loads(data)["exchange"]["id"]] = (answered, int(players[a][0]),
                                                         int(players[b][0]))

    tasks = []
    begin = time.monotonic()
    for number in range(total):
        delay = begin + number / args.rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(exchange(args.offset + number)))
        if number == total // 2:
            for pid in filter(None, args.server_pids.split(",")):
                memory[pid] = read_memory(pid)
    await asyncio.gather(*tasks)
    achieved = total / (time.monotonic() - begin)
    await asyncio.sleep(args.drain)
    for pid in filter(None, args.server_pids.split(",")):
        later = read_memory(pid)
        memory[pid] = {name: max(memory.get(pid, {}).get(name, 0), value)
                       for name, value in later.items()}

    delays, missing = [], 0
    for exchange_id, (answered, a, b) in sent.items():
        seen = arrivals.get(exchange_id, {})
        for player in (a, b):
            if player in seen:
                delays.append(max(0.0, seen[player] - answered) * 1000)
            else:
                missing += 1
    print(f"exchanges: {total} at {achieved:.0f}/s while streams were open; answers "
          + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())))
    print(f"pushes: {len(delays)}/{2 * len(sent)} delivered ({missing} missing)")
    if delays:
        delays.sort()
        pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
        print(f"delivery ms (201 -> board note): p50 {pick(0.5):.1f}  p99 {pick(0.99):.1f}  "
              f"max {delays[-1]:.1f}")
    for pid, fields in memory.items():
        print(f"server {pid} memory MiB: VmRSS {fields.get('VmRSS', 0):.1f}  "
              f"VmHWM {fields.get('VmHWM', 0):.1f}")
    ok = connected == count and missing == 0 and statuses.get(201, 0) == total
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    first = commands.add_parser("setup")
    first.add_argument("--urls", required=True)
    first.add_argument("--base", required=True, help="/api/v1/communities/SLUG/events/ID")
    first.add_argument("--players", type=int, default=10000)
    first.add_argument("--pool", type=int, default=40, help="keywords k00.. in the pool")
    first.add_argument("--concurrency", type=int, default=64)
    first.add_argument("--out", required=True)
    second = commands.add_parser("live")
    second.add_argument("--urls", required=True)
    second.add_argument("--base", required=True)
    second.add_argument("--players", required=True, help="the file setup wrote")
    second.add_argument("--offset", type=int, default=0, help="first pair index (exchange.lua's k)")
    second.add_argument("--rate", type=float, default=200, help="exchanges per second")
    second.add_argument("--seconds", type=float, default=10)
    second.add_argument("--connections", type=int, default=16)
    second.add_argument("--drain", type=float, default=3.0)
    second.add_argument("--server-pids", default="")
    args = parser.parse_args()
    sys.exit(asyncio.run(setup(args) if args.command == "setup" else live(args)))


if __name__ == "__main__":
    main()
