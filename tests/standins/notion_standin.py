#!/usr/bin/env python3
"""A local stand-in for the parts of Notion's public API moim uses, as
version 2025-09-03 (databases hold data sources) answers them, for tests
and the demo. Standard library only.

    python3 notion_standin.py FOLDER [--port N] [--token T] [--database D]
                              [--moim-columns yes] [--request-log FILE]

Listens on 127.0.0.1 (port 0: any free port), writes the port to
FOLDER/port and prints it. --moim-columns yes starts the data source with
the columns moim writes (the demo: a restarted stand-in keeps working with a
connection tested against an earlier one). --request-log FILE (or the
environment variable NOTION_STANDIN_REQUEST_LOG) appends every Notion
request as one JSON line {"method", "path", "query", "body", "version"}, for
tests/contract/check_notion_requests.mjs (with the Notion-Version sent). Endpoints, with Notion's shapes
and errors:

    GET   /v1/databases/{id}               the database and its data_sources [{id, name}]
    GET   /v1/data_sources/{id}            a data source and its property schema
    PATCH /v1/data_sources/{id}            add properties ({"properties": {...}})
    POST  /v1/data_sources/{id}/query      filter {"property": P, "number": {"equals": N}},
                                           {"number": {"is_not_empty": true}} or rich_text equals
    POST  /v1/pages                        create a page in a data source (children: its body)
    PATCH /v1/pages/{id}                   update properties, or move to / out of the trash
    GET   /v1/pages/{id}                   a page
    GET   /v1/blocks/{id}/children         a page's body, 100 blocks at a time
    PATCH /v1/blocks/{id}/children         append to a page's body

What Notion enforces and the stand-in with it (each refusal is a 400
validation_error unless said otherwise):
    - "Authorization: Bearer TOKEN" (401 unauthorized otherwise);
    - "Notion-Version": missing -> missing_version; a value Notion does not
      know -> invalid version; a known version other than 2025-09-03 -> the
      stand-in speaks 2025-09-03 only, and says so;
    - text.content must be populated (an empty rich text is `[]`) and at
      most 2,000 characters (UTF-16 units, as Notion counts); at most 100
      rich text objects per array;
    - at most 100 blocks in one request's children;
    - the 2022 endpoints (POST /v1/databases/{id}/query, properties in
      PATCH /v1/databases/{id}) are gone; a database parent is refused when
      the database has several data sources;
    - a page in the trash cannot be edited: its properties (or body) change
      only after a request that restores it (in_trash false) on its own.
Errors are {"object": "error", "status": S, "code": C, "message": M}.

Test controls (not Notion):

    POST /_control {"fail": [{"status": 429, "retry_after": 1}, {"status": 500}],
                    "fail_after_write": [500], "fail_append": 0, "delay_ms": 0,
                    "rate_limit": false,
                    "properties": {...}, "add_data_source": "name"}
        fail: the next requests are answered with these errors (one each);
        fail_after_write: the next writes happen, then answer this status
        (partial success: the page exists but the caller hears an error);
        delay_ms: wait before answering (a timeout when longer than the
        client's); rate_limit: answer 429 when more than 3 requests arrive
        within any 1 s window for one token; properties: replace the first
        data source's schema; add_data_source: give the database another
        data source (a user's second source, Notion's 2025 feature);
        fail_append: N: the Nth append to a body from now answers 500
        and appends nothing (a body cut off half-way).
    GET  /_inspect   {"pages": [...], "requests": [...], "database": {...},
                      "data_sources": [...]}
    POST /_reset     forget pages and requests, keep the schema
"""
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

CURRENT_VERSION = "2025-09-03"
# Every version Notion has published; any other value is refused.
KNOWN_VERSIONS = {"2021-05-13", "2021-08-16", "2022-02-22", "2022-06-28", "2025-09-03",
                  "2026-03-11"}
MAX_TEXT = 2000
MAX_ARRAY = 100

LOCK = threading.Lock()
STATE = {
    "token": "secret_standin",
    "database_id": "5c6a28216bb14a7eb6e1c50111515c3d",
    "title": "moim projects",
    # Ordered: the first is the database's original data source.
    "data_sources": {
        "2f1c3a9e4b5d4c6e8f7a9b0c1d2e3f40": {
            "name": "moim projects",
            "properties": {"Name": {"id": "title", "name": "Name", "type": "title", "title": {}}},
        },
    },
    "pages": {},
    "requests": [],
    "request_log": None,
    "fail": [],
    "fail_after_write": [],
    "fail_append": 0,
    "delay_ms": 0,
    "rate_limit": False,
    "recent": {},
}


class Refusal(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error(status, code, message):
    return status, {"object": "error", "status": status, "code": code, "message": message}


def invalid(message):
    raise Refusal(400, "validation_error", "body failed validation: " + message)


def plain_id(text):
    return (text or "").replace("-", "")


def dashed(hex_id):
    h = plain_id(hex_id)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def utf16_length(text):
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def first_source_id():
    return next(iter(STATE["data_sources"]))


def find_source(some_id):
    for source_id in STATE["data_sources"]:
        if plain_id(source_id) == plain_id(some_id):
            return source_id
    return None


def check_rich_text(items, where):
    """Notion's limits on a rich text array of a request."""
    if not isinstance(items, list):
        invalid(f"{where} should be an array, instead was `{json.dumps(items)}`.")
    if len(items) > MAX_ARRAY:
        invalid(f"{where}.length should be ≤ `{MAX_ARRAY}`, instead was `{len(items)}`.")
    for idx, item in enumerate(items):
        text = (item or {}).get("text")
        if not isinstance(text, dict) or not isinstance(text.get("content"), str):
            invalid(f"{where}[{idx}].text.content should be defined, instead was `undefined`.")
        content = text["content"]
        if content == "":
            invalid(f"{where}[{idx}].text.content should be populated, instead was `\"\"`.")
        if utf16_length(content) > MAX_TEXT:
            invalid(f"{where}[{idx}].text.content.length should be ≤ `{MAX_TEXT}`, "
                    f"instead was `{utf16_length(content)}`.")


def stored_rich_text(items):
    return [{"type": "text", "text": {"content": item["text"]["content"], "link": None},
             "plain_text": item["text"]["content"], "href": None} for item in items]


BLOCK_TYPES = ("paragraph", "heading_1", "heading_2", "heading_3", "bulleted_list_item",
               "numbered_list_item", "quote")


def check_children(children, where):
    if not isinstance(children, list):
        invalid(f"{where} should be an array.")
    if len(children) > MAX_ARRAY:
        invalid(f"{where}.length should be ≤ `{MAX_ARRAY}`, instead was `{len(children)}`.")
    blocks = []
    for idx, block in enumerate(children):
        kind = (block or {}).get("type")
        if kind not in BLOCK_TYPES or not isinstance(block.get(kind), dict):
            invalid(f"{where}[{idx}] is not a block the stand-in stores ({kind}).")
        check_rich_text(block[kind].get("rich_text"), f"{where}[{idx}].{kind}.rich_text")
        blocks.append({"object": "block", "id": str(uuid.uuid4()), "type": kind,
                       kind: {"rich_text": stored_rich_text(block[kind]["rich_text"])}})
    return blocks


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
    if not isinstance(given, dict) or kind not in given:
        invalid(f"{name} is expected to be {kind}.")
    out = {"id": schema["id"], "type": kind}
    if kind in ("title", "rich_text"):
        check_rich_text(given[kind], f"body.properties.{name}.{kind}")
        out[kind] = stored_rich_text(given[kind])
    elif kind == "number":
        out["number"] = given["number"]
    elif kind == "select":
        select = given["select"]
        if select is not None and not select.get("name"):
            invalid(f"body.properties.{name}.select.name should be populated.")
        out["select"] = None if select is None else {"name": select["name"]}
    else:
        invalid(f"{name}: the stand-in does not store {kind}.")
    return out


def store_properties(source_id, given, require_title):
    schema = STATE["data_sources"][source_id]["properties"]
    stored = {}
    for name, value in given.items():
        if name not in schema:
            invalid(f"{name} is not a property that exists.")
        stored[name] = normalise_property(name, schema[name], value)
    if require_title and not any(schema[n]["type"] == "title" for n in stored):
        invalid("Title is not provided.")
    return stored


def page_json(page):
    return {"object": "page", "id": page["id"], "created_time": page["created_time"],
            "last_edited_time": page["last_edited_time"], "in_trash": page["in_trash"],
            "archived": page["in_trash"],
            "parent": {"type": "data_source_id", "data_source_id": dashed(page["data_source_id"]),
                       "database_id": dashed(STATE["database_id"])},
            "url": "https://www.notion.so/" + plain_id(page["id"]),
            "properties": page["properties"]}


def database_json():
    return {"object": "database", "id": dashed(STATE["database_id"]),
            "title": [{"type": "text", "plain_text": STATE["title"],
                       "text": {"content": STATE["title"], "link": None}}],
            "in_trash": False, "is_inline": False,
            "data_sources": [{"id": dashed(source_id), "name": source["name"]}
                             for source_id, source in STATE["data_sources"].items()]}


def data_source_json(source_id):
    source = STATE["data_sources"][source_id]
    return {"object": "data_source", "id": dashed(source_id),
            "title": [{"type": "text", "plain_text": source["name"],
                       "text": {"content": source["name"], "link": None}}],
            "parent": {"type": "database_id", "database_id": dashed(STATE["database_id"])},
            "in_trash": False, "properties": source["properties"]}


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def check_version(headers):
    version = headers.get("Notion-Version")
    if not version:
        raise Refusal(400, "missing_version", "Notion-Version header failed validation: "
                      "Notion-Version header should be defined, instead was `undefined`.")
    if version not in KNOWN_VERSIONS:
        raise Refusal(400, "validation_error",
                      f"Provided API version {version} is invalid. Please see "
                      "https://developers.notion.com/reference/versioning for valid versions.")
    if version != CURRENT_VERSION:
        raise Refusal(400, "validation_error",
                      f"The stand-in speaks Notion-Version {CURRENT_VERSION} only, not {version}.")


def canned_failure():
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


def rate_limited(auth):
    now = time.monotonic()
    window = [t for t in STATE["recent"].get(auth, []) if now - t < 1.0]
    window.append(now)
    STATE["recent"][auth] = window
    return len(window) > 3


def not_found(kind, some_id):
    return Refusal(404, "object_not_found",
                   f"Could not find {kind} with ID: {some_id}. Make sure the relevant pages and "
                   "databases are shared with your integration.")


def handle_notion(method, path, query, headers, body):
    auth = headers.get("Authorization", "")
    if auth != "Bearer " + STATE["token"]:
        return error(401, "unauthorized", "API token is invalid.")
    try:
        check_version(headers)
        if STATE["fail"]:
            return canned_failure()
        if STATE["rate_limit"] and rate_limited(auth):
            return 429, {"object": "error", "status": 429, "code": "rate_limited",
                         "message": "You have been rate limited. Please try again in a few "
                         "minutes.", "_retry_after": 1}
        return route(method, [p for p in path.split("/") if p], query, body)
    except Refusal as refusal:
        return error(refusal.status, refusal.code, refusal.message)


def route(method, parts, query, body):
    if len(parts) >= 3 and parts[:2] == ["v1", "databases"]:
        if plain_id(parts[2]) != plain_id(STATE["database_id"]):
            raise not_found("database", parts[2])
        if len(parts) == 3 and method == "GET":
            return 200, database_json()
        if len(parts) == 3 and method == "PATCH":
            if "properties" in body:
                invalid("body.properties is not a parameter of a database since 2025-09-03: "
                        "update the data source (PATCH /v1/data_sources/{id}).")
            return 200, database_json()
    if len(parts) >= 3 and parts[:2] == ["v1", "data_sources"]:
        source_id = find_source(parts[2])
        if source_id is None:
            raise not_found("data_source", parts[2])
        if len(parts) == 3 and method == "GET":
            return 200, data_source_json(source_id)
        if len(parts) == 3 and method == "PATCH":
            return update_schema(source_id, body)
        if len(parts) == 4 and parts[3] == "query" and method == "POST":
            return query_source(source_id, body)
    if parts == ["v1", "pages"] and method == "POST":
        return create_page(body)
    if len(parts) == 3 and parts[:2] == ["v1", "pages"]:
        page = STATE["pages"].get(parts[2])
        if page is None:
            raise not_found("page", parts[2])
        if method == "GET":
            return 200, page_json(page)
        if method == "PATCH":
            return update_page(page, body)
    if len(parts) == 4 and parts[:2] == ["v1", "blocks"] and parts[3] == "children":
        page = STATE["pages"].get(parts[2])
        if page is None:
            raise not_found("block", parts[2])
        if method == "GET":
            return list_children(page, query)
        if method == "PATCH":
            if STATE["fail_append"]:
                STATE["fail_append"] -= 1
                if STATE["fail_append"] == 0:
                    return error(500, "internal_server_error", "Unexpected error occurred.")
            if page["in_trash"]:
                invalid("Can't edit block that is archived. You must unarchive the block "
                        "before editing.")
            added = check_children(body.get("children"), "body.children")
            page["children"].extend(added)
            return 200, {"object": "list", "results": added, "next_cursor": None,
                         "has_more": False, "type": "block", "block": {}}
    raise Refusal(400, "invalid_request_url", "Invalid request URL.")


def update_schema(source_id, body):
    schema = STATE["data_sources"][source_id]["properties"]
    for name, given in (body.get("properties") or {}).items():
        if name in schema:
            continue
        kinds = [k for k in ("rich_text", "number", "select", "title") if k in (given or {})]
        if not kinds or kinds[0] == "title":
            invalid(f"Invalid property schema for {name}.")
        schema[name] = {"id": uuid.uuid4().hex[:4], "name": name, "type": kinds[0],
                        kinds[0]: given[kinds[0]] or {}}
    return 200, data_source_json(source_id)


def query_source(source_id, body):
    wanted = body.get("filter")
    schema = STATE["data_sources"][source_id]["properties"]
    results = []
    for page in STATE["pages"].values():
        if page["in_trash"] or page["data_source_id"] != source_id:
            continue
        if wanted:
            name = wanted.get("property")
            if name not in schema:
                invalid(f"Could not find property with name or id: {name}")
            condition = wanted.get("number") or wanted.get("rich_text") or {}
            value = property_value(page, name)
            if condition.get("is_not_empty") and value in (None, ""):
                continue
            if "equals" in condition and value != condition["equals"]:
                continue
        results.append(page_json(page))
    size = body.get("page_size", 100)
    if not isinstance(size, int) or size < 1 or size > 100:
        invalid("body.page_size should be ≤ `100`.")
    start = int(body.get("start_cursor") or 0)
    chunk = results[start:start + size]
    more = start + size < len(results)
    return 200, {"object": "list", "results": chunk,
                 "next_cursor": str(start + size) if more else None, "has_more": more,
                 "type": "page_or_data_source", "page_or_data_source": {}}


def create_page(body):
    parent = body.get("parent") or {}
    if "data_source_id" in parent:
        source_id = find_source(parent["data_source_id"])
        if source_id is None:
            raise not_found("data_source", parent["data_source_id"])
    elif "database_id" in parent:
        if plain_id(parent["database_id"]) != plain_id(STATE["database_id"]):
            raise not_found("database", parent["database_id"])
        if len(STATE["data_sources"]) > 1:
            invalid("body.parent.database_id names a database with several data sources: "
                    "give the data_source_id instead.")
        source_id = first_source_id()
    else:
        invalid("body.parent should be a data source, database or page.")
    properties = store_properties(source_id, body.get("properties") or {}, require_title=True)
    children = check_children(body.get("children", []), "body.children")
    page = {"id": str(uuid.uuid4()), "created_time": now_iso(), "last_edited_time": now_iso(),
            "in_trash": False, "data_source_id": source_id, "properties": properties,
            "children": children}
    STATE["pages"][page["id"]] = page
    return 200, page_json(page)


def update_page(page, body):
    trash = body.get("in_trash", body.get("archived"))
    edits = [key for key in ("properties", "icon", "cover") if key in body]
    if page["in_trash"] and edits:
        # Notion's rule: a page in the trash is restored on its own first.
        invalid("Can't edit block that is archived. You must unarchive the block before "
                "editing.")
    if edits:
        page["properties"].update(
            store_properties(page["data_source_id"], body.get("properties") or {}, False))
    if trash is not None:
        page["in_trash"] = bool(trash)
    page["last_edited_time"] = now_iso()
    return 200, page_json(page)


def list_children(page, query):
    size = int((query.get("page_size") or ["100"])[0])
    if size < 1 or size > 100:
        invalid("page_size should be ≤ `100`.")
    start = int((query.get("start_cursor") or ["0"])[0])
    chunk = page["children"][start:start + size]
    more = start + size < len(page["children"])
    return 200, {"object": "list", "results": chunk,
                 "next_cursor": str(start + size) if more else None, "has_more": more,
                 "type": "block", "block": {}}


def log_request(method, path, query, body, version):
    STATE["requests"].append({"method": method, "path": path, "at": time.time()})
    if STATE["request_log"]:
        with open(STATE["request_log"], "a", encoding="utf-8") as out:
            out.write(json.dumps({"method": method, "path": path, "query": query,
                                  "body": body, "version": version},
                                 ensure_ascii=False) + "\n")


def control(body):
    for key in ("fail", "fail_after_write", "fail_append", "delay_ms", "rate_limit"):
        if key in body:
            STATE[key] = body[key]
    if "properties" in body:  # replace the schema (tests of "test connection")
        STATE["data_sources"][first_source_id()]["properties"] = body["properties"]
    if "add_data_source" in body:
        STATE["data_sources"][uuid.uuid4().hex] = {
            "name": body["add_data_source"],
            "properties": {"Title": {"id": "title", "name": "Title", "type": "title",
                                     "title": {}}}}


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
        path, _, query_text = self.path.partition("?")
        query = parse_qs(query_text)
        if path == "/_inspect":
            with LOCK:
                self.respond(200, {"pages": [dict(page_json(p), children=p["children"])
                                             for p in STATE["pages"].values()],
                                   "requests": STATE["requests"], "database": database_json(),
                                   "data_sources": [data_source_json(s)
                                                    for s in STATE["data_sources"]]})
            return
        if path == "/_control":
            with LOCK:
                control(body)
            self.respond(200, {"ok": True})
            return
        if path == "/_reset":
            with LOCK:
                STATE["pages"].clear()
                STATE["requests"].clear()
                STATE["fail"], STATE["fail_after_write"], STATE["fail_append"] = [], [], 0
                STATE["delay_ms"], STATE["rate_limit"] = 0, False
            self.respond(200, {"ok": True})
            return
        with LOCK:
            log_request(method, path, query, body if raw else None,
                        self.headers.get("Notion-Version"))
            status, payload = handle_notion(method, path, query, self.headers, body)
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
    options = dict(zip(args[1::2], args[2::2]))
    port = int(options.get("--port", "0"))
    STATE["token"] = options.get("--token", STATE["token"])
    STATE["database_id"] = plain_id(options.get("--database", STATE["database_id"]))
    STATE["request_log"] = options.get("--request-log",
                                       os.environ.get("NOTION_STANDIN_REQUEST_LOG"))
    if options.get("--moim-columns") == "yes":
        schema = STATE["data_sources"][first_source_id()]["properties"]
        for name, kind in (("Builders", "rich_text"), ("Schedule", "rich_text"),
                           ("Members", "rich_text"), ("Status", "select"),
                           ("Cohort", "rich_text"), ("moim ID", "number")):
            schema[name] = {"id": uuid.uuid4().hex[:4], "name": name, "type": kind, kind: {}}
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    bound = server.server_address[1]
    with open(folder + "/port.tmp", "w") as out:
        out.write(str(bound))
    os.replace(folder + "/port.tmp", folder + "/port")
    print(bound, flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
