#!/usr/bin/python3
"""A local HTTP receiver for webhook tests: records each POST as NNNNNN.json
({"headers": {...}, "body": "..."}) in DIR and writes its port to DIR/port.
Answers with the statuses given by --statuses in turn (the last repeats),
with Retry-After: --retry-after on 429 and 503.

usage: webhook_receiver.py DIR [--statuses 503,200] [--retry-after 1]
"""
import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--statuses", default="200")
    parser.add_argument("--retry-after", default="1")
    args = parser.parse_args()
    statuses = [int(s) for s in args.statuses.split(",")]
    state = {"count": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                state["count"] += 1
                number = state["count"]
            status = statuses[min(number - 1, len(statuses) - 1)]
            path = os.path.join(args.folder, "%06d.json" % number)
            with open(path + ".tmp", "w") as out:
                json.dump({"headers": {k.lower(): v for k, v in self.headers.items()},
                           "body": body.decode(), "status": status, "path": self.path}, out)
            os.rename(path + ".tmp", path)
            self.send_response(status)
            if status in (429, 503):
                self.send_header("Retry-After", args.retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *unused):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(os.path.join(args.folder, "port.tmp"), "w") as out:
        out.write(str(server.server_address[1]))
    os.rename(os.path.join(args.folder, "port.tmp"), os.path.join(args.folder, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
