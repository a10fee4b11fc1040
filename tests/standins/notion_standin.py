#!/usr/bin/env python3
"""A local stand-in for the parts of Notion's public API moim uses
(version 2022-06-28), for tests and the demo. Standard library only.

    python3 notion_standin.py FOLDER [--port N] [--token T] [--database D] [--moim-columns yes]

Listens on 127.0.0.1 (port 0: any free port), writes the port to
FOLDER/port and prints it. --moim-columns yes starts the database with the
columns moim writes (the demo: a restarted stand-in keeps working with a
connection tested against an earlier one). Endpoints, with Notion's shapes and errors:

    GET   /v1/databases/{id}         the database and its property schema
    PATCH /v1/databases/{id}         add properties ({"properties": {...}})
    POST  /v1/databases/{id}/query   filter {"property": P, "number": {"equals": N}},
                                     {"number": {"is_not_empty": true}} or rich_text equals
    POST  /v1/pages                  create a page with a database parent
    PATCH /v1/pages/{id}             update properties, or archive

Every request needs "Authorization: Bearer TOKEN" (401 unauthorized
otherwise) and "Notion-Version" (400 missing_version). Errors are
{"object": "error", "status": S, "code": C, "message": M}.

Test controls (not Notion):

    POST /_control {"fail": [{"status": 429, "retry_after": 1}, {"status": 500}],
                    "fail_after_write": [500], "delay_ms": 0, "rate_limit": false}
        fail: the next requests are answered with these errors (one each);
        fail_after_write: the next writes happen, then answer this status
        (partial success: the page exists but the caller hears an error);
        delay_ms: wait before answering (a timeout when longer than the
        client's); rate_limit: answer 429 when more than 3 requests arrive
        within any 1 s window for one token.
    GET  /_inspect   {"pages": [...], "requests": [...], "database": {...}}
    POST /_reset     forget pages and requests, keep the schema
"""
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {
    "token": "secret_standin",
    "database_id": "5c6a28216bb14a7eb6e1c50111515c3d",
    "title": "moim projects",
    "properties": {"Name": {"id": "title", "name": "Name", "type": "title", "title": {}}},
    "pages": {},
    "requests": [],
    "fail": [],
    "fail_after_write": [],
    "delay_ms": 0,
    "rate_limit": False,
    "recent": {},
}


def error(status, code, message):
    return status, {"object": "error", "status": status, "code": code, "message": message}


def plain_id(text):
    return text.replace("-", "")


def property_value(page, name):
    value = page["properties"].get(name)
    if value is None:
        return None
    kind = value.get("type")
    if kind == "number":
        return value.get("number")
    if kind in ("title", "rich_text"):
        return "".join(part.get("plain_text", "") for part in value.get(kind, []))
    if kind == "select":
        return (value.get("select") or {}).get("name")
    return None


def normalise_property(name, schema, given):
    """Turns a request's property value into the stored page property."""
    kind = schema["type"]
    if kind not in given:
        raise ValueError(f"{name} is expected to be {kind}.")
    out = {"id": schema["id"], "type": kind}
    if kind in ("title", "rich_text"):
        parts = []
        for part in given[kind]:
            content = part.get("text", {}).get("content", "")
            if len(content) > 2000:
                raise ValueError(
                    f"body.properties.{name}.{kind}[0].text.content.length should be ≤ `2000`, "
                    f"instead was `{len(content)}`.")
            parts.append({"type": "text", "text": {"content": content, "link": None},
                          "plain_text": content})
        out[kind] = parts
    elif kind == "number":
        out["number"] = given["number"]
    elif kind == "select":
        out["select"] = None if given["select"] is None else {"name": given["select"]["name"]}
    else:
        raise ValueError(f"{name}: the stand-in does not store {kind}.")
    return out


def page_json(page):
    return {"object": "page", "id": page["id"], "created_time": page["created_time"],
            "last_edited_time": page["last_edited_time"], "archived": page["archived"],
            "parent": {"type": "database_id", "database_id": STATE["database_id"]},
            "url": "https://www.notion.so/" + plain_id(page["id"]),
            "properties": page["properties"]}


def database_json():
    return {"object": "database", "id": STATE["database_id"],
            "title": [{"type": "text", "plain_text": STATE["title"],
                       "text": {"content": STATE["title"], "link": None}}],
            "properties": STATE["properties"]}


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def handle_notion(method, path, headers, body):
    auth = headers.get("Authorization", "")
    if auth != "Bearer " + STATE["token"]:
        return error(401, "unauthorized", "API token is invalid.")
    if not headers.get("Notion-Version"):
        return error(400, "missing_version", "Notion-Version header failed validation: "
                     "Notion-Version header should be defined, instead was `undefined`.")
    if STATE["fail"]:
        failure = STATE["fail"].pop(0)
        status = failure.get("status", 500)
        if status == 429:
            return 429, {"object": "error", "status": 429, "code": "rate_limited",
                         "message": "You have been rate limited. Please try again in a few minutes.",
                         "_retry_after": failure.get("retry_after", 1)}
        if status == 409:
            return error(409, "conflict_error", "Conflict occurred while saving. Please try again.")
        if status >= 500:
            return error(status, "internal_server_error", "Unexpected error occurred.")
        return error(status, failure.get("code", "validation_error"),
                     failure.get("message", "body failed validation."))
    if STATE["rate_limit"]:
        now = time.monotonic()
        window = [t for t in STATE["recent"].get(auth, []) if now - t < 1.0]
        window.append(now)
        STATE["recent"][auth] = window
        if len(window) > 3:
            return 429, {"object": "error", "status": 429, "code": "rate_limited",
                         "message": "You have been rate limited. Please try again in a few minutes.",
                         "_retry_after": 1}

    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[:2] == ["v1", "databases"]:
        if plain_id(parts[2]) != plain_id(STATE["database_id"]):
            return error(404, "object_not_found",
                         f"Could not find database with ID: {parts[2]}. Make sure the relevant "
                         "pages and databases are shared with your integration.")
        if len(parts) == 3 and method == "GET":
            return 200, database_json()
        if len(parts) == 3 and method == "PATCH":
            for name, schema in (body.get("properties") or {}).items():
                if name in STATE["properties"]:
                    continue
                kinds = [k for k in ("rich_text", "number", "select", "title") if k in schema]
                if not kinds or kinds[0] == "title":
                    return error(400, "validation_error", f"Invalid property schema for {name}.")
                STATE["properties"][name] = {"id": uuid.uuid4().hex[:4], "name": name,
                                             "type": kinds[0], kinds[0]: schema[kinds[0]] or {}}
            return 200, database_json()
        if len(parts) == 4 and parts[3] == "query" and method == "POST":
            wanted = body.get("filter")
            results = []
            for page in STATE["pages"].values():
                if page["archived"]:
                    continue
                if wanted:
                    name = wanted.get("property")
                    if name not in STATE["properties"]:
                        return error(400, "validation_error",
                                     f"Could not find property with name or id: {name}")
                    condition = wanted.get("number") or wanted.get("rich_text") or {}
                    value = property_value(page, name)
                    if condition.get("is_not_empty") and value in (None, ""):
                        continue
                    if "equals" in condition and value != condition["equals"]:
                        continue
                results.append(page_json(page))
            return 200, {"object": "list", "results": results, "next_cursor": None,
                         "has_more": False, "type": "page_or_database", "page_or_database": {}}
    if parts == ["v1", "pages"] and method == "POST":
        parent = body.get("parent") or {}
        if plain_id(parent.get("database_id", "")) != plain_id(STATE["database_id"]):
            return error(404, "object_not_found", "Could not find database with ID: "
                         f"{parent.get('database_id')}.")
        try:
            properties = store_properties(body.get("properties") or {}, require_title=True)
        except ValueError as problem:
            return error(400, "validation_error", str(problem))
        page = {"id": str(uuid.uuid4()), "created_time": now_iso(), "last_edited_time": now_iso(),
                "archived": False, "properties": properties}
        STATE["pages"][page["id"]] = page
        return 200, page_json(page)
    if len(parts) == 3 and parts[:2] == ["v1", "pages"] and method == "PATCH":
        page = STATE["pages"].get(parts[2])
        if page is None:
            return error(404, "object_not_found", f"Could not find page with ID: {parts[2]}.")
        try:
            page["properties"].update(store_properties(body.get("properties") or {}, False))
        except ValueError as problem:
            return error(400, "validation_error", str(problem))
        if "archived" in body:
            page["archived"] = bool(body["archived"])
        page["last_edited_time"] = now_iso()
        return 200, page_json(page)
    return error(400, "invalid_request_url", "Invalid request URL.")


def store_properties(given, require_title):
    stored = {}
    for name, value in given.items():
        schema = STATE["properties"].get(name)
        if schema is None:
            raise ValueError(f"{name} is not a property that exists.")
        stored[name] = normalise_property(name, schema, value)
    if require_title and not any(s["type"] == "title" for s in
                                 (STATE["properties"][n] for n in stored)):
        raise ValueError("Title is not provided.")
    return stored


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def respond(self, status, payload, retry_after=None):
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def serve(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            self.respond(*error(400, "invalid_json", "Error parsing JSON body."))
            return
        path = self.path.split("?")[0]
        if path == "/_inspect":
            with LOCK:
                self.respond(200, {"pages": [page_json(p) for p in STATE["pages"].values()],
                                   "requests": STATE["requests"], "database": database_json()})
            return
        if path == "/_control":
            with LOCK:
                for key in ("fail", "fail_after_write", "delay_ms", "rate_limit"):
                    if key in body:
                        STATE[key] = body[key]
                if "properties" in body:  # replace the schema (tests of "test connection")
                    STATE["properties"] = body["properties"]
            self.respond(200, {"ok": True})
            return
        if path == "/_reset":
            with LOCK:
                STATE["pages"].clear()
                STATE["requests"].clear()
                STATE["fail"], STATE["fail_after_write"] = [], []
                STATE["delay_ms"], STATE["rate_limit"] = 0, False
            self.respond(200, {"ok": True})
            return
        with LOCK:
            STATE["requests"].append({"method": method, "path": path, "at": time.time()})
            status, payload = handle_notion(method, path, self.headers, body)
            is_write = method in ("POST", "PATCH") and not path.endswith("/query")
            if status == 200 and is_write and STATE["fail_after_write"]:
                late = STATE["fail_after_write"].pop(0)
                status, payload = error(late, "internal_server_error", "Unexpected error occurred.")
            delay = STATE["delay_ms"]
        if delay:
            time.sleep(delay / 1000.0)
        retry_after = payload.pop("_retry_after", None) if isinstance(payload, dict) else None
        self.respond(status, payload, retry_after)

    def do_GET(self):
        self.serve("GET")

    def do_POST(self):
        self.serve("POST")

    def do_PATCH(self):
        self.serve("PATCH")


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    folder = args[0]
    port = 0
    options = dict(zip(args[1::2], args[2::2]))
    port = int(options.get("--port", "0"))
    STATE["token"] = options.get("--token", STATE["token"])
    STATE["database_id"] = options.get("--database", STATE["database_id"])
    if options.get("--moim-columns") == "yes":
        for name, kind in (("Builders", "rich_text"), ("Schedule", "rich_text"),
                           ("Members", "rich_text"), ("Status", "select"),
                           ("Cohort", "rich_text"), ("moim ID", "number")):
            STATE["properties"][name] = {"id": uuid.uuid4().hex[:4], "name": name,
                                         "type": kind, kind: {}}
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    bound = server.server_address[1]
    with open(folder + "/port.tmp", "w") as out:
        out.write(str(bound))
    import os
    os.replace(folder + "/port.tmp", folder + "/port")
    print(bound, flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
