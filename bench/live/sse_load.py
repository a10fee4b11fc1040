#!/usr/bin/env python3
"""Opens many Server-Sent Events streams at once and measures how long a
published message takes to reach every one of them.

Each publish carries its own send time ({"t": ns, "seq": k}); every client
notes when its copy arrives. Delays are publish -> receipt on this machine's
clock, including the time this single Python process needs to read 10,000
sockets (an upper bound of what a phone would see on a quiet network).

  sse_load.py --url http://127.0.0.1:PORT --stream /live/bench \
              --publish /publish/bench --clients 10000 --messages 20

With --server-pid the server's resident memory (VmRSS, VmHWM) is read from
/proc while all streams are open.

File descriptors: this process holds one per stream (it raises its soft
limit to the hard limit, and says so when that is too low); the server holds
one per stream as well. Connections come from --sources loopback addresses
(127.0.0.2, .3, ...) so that no address holds thousands of the server's
connection slots while connecting and the ephemeral ports of one address are
not exhausted.

Debian's python3 only: no third-party packages.
"""
import argparse
import asyncio
import json
import resource
import statistics
import sys
import time
from urllib.parse import urlparse


class StreamClient(asyncio.Protocol):
    def __init__(self, stream_path, host, delays, ready):
        self.request = (f"GET {stream_path} HTTP/1.1\r\nHost: {host}\r\n"
                        "Accept: text/event-stream\r\n\r\n").encode()
        self.delays = delays
        self.ready = ready
        self.buffer = b""
        self.head_done = False
        self.status = None
        self.closed = False
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        now = time.time_ns()
        self.buffer += data
        if not self.head_done:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            self.status = self.buffer[:12].decode(errors="replace")
            self.buffer = self.buffer[end + 4:]
            self.head_done = True
        # Events arrive whole inside one chunk: look at complete lines only.
        cut = self.buffer.rfind(b"\n")
        if cut < 0:
            return
        lines, self.buffer = self.buffer[:cut], self.buffer[cut + 1:]
        for line in lines.split(b"\n"):
            if line.startswith(b"retry:"):  # open_stream's first line: subscribed
                if not self.ready.done():
                    self.ready.set_result(True)
            elif line.startswith(b"data: {"):
                message = json.loads(line[6:])
                self.delays.setdefault(message["seq"], []).append((now - message["t"]) / 1e6)

    def connection_lost(self, exc):
        self.closed = True
        if not self.ready.done():
            self.ready.set_result(False)


def raise_file_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    if soft < wanted:
        print(f"sse_load: open-file limit {soft} < {wanted} needed: raise it (ulimit -Hn) "
              f"or open fewer --clients", file=sys.stderr)
    return soft


def read_memory(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("VmRSS", "VmHWM")):
                    name, value = line.split(":")
                    fields[name] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return fields


async def publish(host, port, path, body):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write((f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
    await writer.drain()
    answer = await reader.read(64)
    writer.close()
    return answer[:12].decode(errors="replace")


async def run(args):
    url = urlparse(args.url)
    host, port = url.hostname, url.port
    publish_host, publish_port = host, port
    if args.publish_url:
        target = urlparse(args.publish_url)
        publish_host, publish_port = target.hostname, target.port
    raise_file_limit(args.clients + 64)
    loop = asyncio.get_running_loop()
    delays = {}
    clients = []
    gate = asyncio.Semaphore(args.connect_concurrency)
    started = time.monotonic()

    async def open_one(index):
        source = f"127.0.0.{2 + index % args.sources}" if host == "127.0.0.1" else None
        ready = loop.create_future()
        async with gate:
            try:
                await loop.create_connection(
                    lambda: StreamClient(args.stream, host, delays, ready), host, port,
                    local_addr=(source, 0) if source else None)
                client_ok = await asyncio.wait_for(ready, 30)
            except (OSError, asyncio.TimeoutError):
                client_ok = False
        clients.append(client_ok)

    await asyncio.gather(*(open_one(index) for index in range(args.clients)))
    connected = sum(1 for client_ok in clients if client_ok)
    print(f"connected {connected}/{args.clients} streams in {time.monotonic() - started:.1f} s")
    await asyncio.sleep(args.settle)
    memory = read_memory(args.server_pid) if args.server_pid else {}
    for seq in range(args.messages):
        body = json.dumps({"t": time.time_ns(), "seq": seq}).encode()
        status = await publish(publish_host, publish_port, args.publish, body)
        if "200" not in status:
            print(f"publish {seq}: {status}", file=sys.stderr)
        await asyncio.sleep(args.interval)
    await asyncio.sleep(args.drain)
    if args.server_pid:
        later = read_memory(args.server_pid)
        memory = {name: max(memory.get(name, 0), value) for name, value in later.items()}
    every = [delay for per_message in delays.values() for delay in per_message]
    expected = connected * args.messages
    print(f"delivered {len(every)}/{expected} ({args.messages} messages x {connected} streams)")
    if every:
        every.sort()
        pick = lambda q: every[min(len(every) - 1, int(q * len(every)))]
        print(f"delay ms: p50 {pick(0.50):.1f}  p90 {pick(0.90):.1f}  p99 {pick(0.99):.1f}  "
              f"max {every[-1]:.1f}  mean {statistics.fmean(every):.1f}")
    if memory:
        print(f"server memory MiB: VmRSS {memory.get('VmRSS', 0):.1f}  "
              f"VmHWM {memory.get('VmHWM', 0):.1f}")
    return 0 if len(every) == expected and connected == args.clients else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server, http://HOST:PORT")
    parser.add_argument("--stream", default="/live/bench", help="stream path")
    parser.add_argument("--publish", default="/publish/bench", help="publish path (POST)")
    parser.add_argument("--publish-url", help="publish on another instance, http://HOST:PORT")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between publishes")
    parser.add_argument("--settle", type=float, default=1.0, help="wait after connecting")
    parser.add_argument("--drain", type=float, default=3.0, help="wait after the last publish")
    parser.add_argument("--sources", type=int, default=50, help="loopback source addresses")
    parser.add_argument("--connect-concurrency", type=int, default=200)
    parser.add_argument("--server-pid", type=int)
    sys.exit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
