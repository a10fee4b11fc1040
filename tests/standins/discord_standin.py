#!/usr/bin/python3
"""A local stand-in for Discord's REST API (v10) and OAuth2, for tests and the
demo. It implements only the endpoints moim uses, with Discord's JSON shapes,
error bodies ({"message", "code"}), per-route rate-limit buckets
(X-RateLimit-* headers, 429 with retry_after) and switchable failures.
Python 3 standard library only. State lives in memory.

usage: discord_standin.py DIR [--port 0] [--guild-id ID] [--guild-name NAME]
                          [--bot-token TOKEN] [--client-id ID]
                          [--client-secret SECRET] [--bucket-limit N]
                          [--bucket-window SECONDS] [--answer-delay-ms MS]
                          [--seed-members N] [--bot-user-id ID]
                          [--bot-permissions BITS] [--no-visibility-rule]
                          [--no-members-intent] [--nonce-window SECONDS]
                          [--max-category-channels 50]
                          [--max-guild-channels 500] [--max-roles 250]
                          [--request-log FILE]
Writes the bound port to DIR/port and prints it on stdout.

What Discord enforces, modelled here (each has a test in
tests/standins/discord_standin_test.py):
  - the bot is a member with its own managed role ("moim bot", holding
    --bot-permissions, not Administrator) and answers GET /users/@me with
    its bot token;
  - permissions per channel as Discord computes them: @everyone's and the
    bot's roles' permissions, then the channel's @everyone overwrite, its
    role overwrites, its member overwrite (deny before allow at each step);
  - the visibility rule (on unless --no-visibility-rule): GET
    /guilds/{id}/channels omits channels the bot cannot view, GET
    /channels/{id} answers 403 50001 for them; creating an invite needs
    VIEW_CHANNEL (else 403 50001) and CREATE_INSTANT_INVITE (else 403 50013);
    posting needs VIEW_CHANNEL and SEND_MESSAGES; an overwrite may allow
    only permissions the bot holds (else 403 50013);
  - limits: 50 channels per category (400 50035), 500 channels per server
    (400 30013), 250 roles per server (400 30005);
  - invites expire max_age seconds after they were made (the stand-in's
    clock can be moved with /_standin/clock);
  - enforce_nonce drops a repeat only within --nonce-window seconds;
  - the member listing needs the Server Members intent (403 50001 without).
--request-log FILE (or DISCORD_STANDIN_REQUEST_LOG) appends every Discord
request (method, path, query, JSON body) as one JSON line, for
tests/contract/check_discord_requests.mjs.

Test-only routes (not Discord's):
  GET  /_standin/state     guild, roles, channels, members, invites, messages,
                           webhook messages and counts of every effect
  POST /_standin/faults    {"mode": "rate_limit|server_error|slow|partial|forbidden",
                            "count": N, "retry_after": 0.2, "delay": 3,
                            "route": "substring of the path (optional)",
                            "method": "POST (optional)"}
                           slow: the effect happens, the answer comes after
                           `delay` seconds; partial: the effect happens, the
                           answer is a 500.
  POST /_standin/members   {"id": "...", "username": "..."}  adds a guild member
  POST /_standin/users     {"id": "...", "username": "..."}  an OAuth user
  POST /_standin/reset_counts
  POST /_standin/clock     {"advance": SECONDS}  moves the stand-in's clock
  POST /_standin/bot       {"permissions": "BITS"}  the bot role's permissions
  POST /_standin/intent    {"members": false}  the Server Members intent
  POST /_standin/fill      {"roles": N, "channels": N, "parent_id": ID}
                           makes N roles / channels at once (the limits)
  POST /_standin/legacy_channel {"name", "parent_id", "role_id"}
                           a private channel as moim made them before it gave
                           the bot its own overwrite (the repair)
"""
import argparse
import itertools
import json
import math
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_ROLES = 1 << 28
ALL_PERMISSIONS = (1 << 53) - 1
# What docs/integrations.md asks an organizer to give the bot's role.
BOT_PERMISSIONS = (MANAGE_ROLES | MANAGE_CHANNELS | CREATE_INSTANT_INVITE | VIEW_CHANNEL |
                   SEND_MESSAGES | READ_MESSAGE_HISTORY)
BOT_ROLE_ID = "900000000000000777"


def permissions_in(state, channel, user_id, role_ids):
    """Discord's computation (topics/permissions): base from @everyone and the
    member's roles; Administrator is everything; then the channel's
    @everyone overwrite, the union of its role overwrites, and the member's
    own overwrite, each denying before allowing."""
    guild_id = state.guild["id"]
    base = int(state.roles[guild_id]["permissions"])
    for role_id in role_ids:
        if role_id in state.roles:
            base |= int(state.roles[role_id]["permissions"])
    if base & ADMINISTRATOR:
        return ALL_PERMISSIONS
    overwrites = {o["id"]: o for o in channel.get("permission_overwrites", [])}
    permissions = base
    everyone = overwrites.get(guild_id)
    if everyone:
        permissions &= ~int(everyone["deny"])
        permissions |= int(everyone["allow"])
    allow = deny = 0
    for role_id in role_ids:
        overwrite = overwrites.get(role_id)
        if overwrite and overwrite["type"] == 0:
            allow |= int(overwrite["allow"])
            deny |= int(overwrite["deny"])
    permissions = (permissions & ~deny) | allow
    member = overwrites.get(user_id)
    if member and member["type"] == 1:
        permissions = (permissions & ~int(member["deny"])) | int(member["allow"])
    # Without VIEW_CHANNEL nothing else in the channel works.
    if not permissions & VIEW_CHANNEL:
        return 0
    return permissions


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.args = args
        self.ids = itertools.count(1100000000000000000)
        self.guild = {"id": args.guild_id, "name": args.guild_name, "owner_id": "1"}
        # @everyone has the guild's id, as on Discord.
        self.roles = {args.guild_id: {"id": args.guild_id, "name": "@everyone", "position": 0,
                                      "permissions": "1024", "color": 0, "hoist": False,
                                      "managed": False, "mentionable": False}}
        self.channels = {}
        self.members = {}
        self.invites = []
        self.messages = []
        self.nonces = {}
        self.webhook_messages = []
        self.counts = {}
        self.faults = []
        self.buckets = {}
        self.oauth_users = {}
        self.codes = {}
        self.tokens = {}
        self.authorized = 0
        self.clock_offset = 0.0
        self.members_intent = not args.no_members_intent
        self.bot = {"id": args.bot_user_id, "username": "moim", "bot": True,
                    "discriminator": "0", "global_name": None, "avatar": None}
        # The bot's own managed role, as Discord makes it when the bot joins.
        self.roles[BOT_ROLE_ID] = {"id": BOT_ROLE_ID, "name": "moim", "position": 1,
                                   "permissions": str(args.bot_permissions), "color": 0,
                                   "hoist": False, "managed": True, "mentionable": False}

    def now(self):
        return time.time() + self.clock_offset

    def bot_permissions(self, channel):
        return permissions_in(self, channel, self.bot["id"], [BOT_ROLE_ID])

    def bot_guild_permissions(self):
        base = int(self.roles[self.guild["id"]]["permissions"]) | int(
            self.roles[BOT_ROLE_ID]["permissions"])
        return ALL_PERMISSIONS if base & ADMINISTRATOR else base

    def visible(self, channel):
        return not self.args.visibility_rule or bool(self.bot_permissions(channel) & VIEW_CHANNEL)

    def next_id(self):
        return str(next(self.ids))

    def count(self, effect):
        self.counts[effect] = self.counts.get(effect, 0) + 1


def expired(invite, now):
    return invite["max_age"] > 0 and now >= invite["created_at_epoch"] + invite["max_age"]


def bucket_key(method, path):
    # Discord buckets by route with its major parameter (guild or channel id)
    # kept and the others replaced.
    route = re.sub(r"/(members|roles|invites|messages)/\d+", r"/\1/:id", path)
    return method + " " + route


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--guild-id", default="900000000000000001")
    parser.add_argument("--guild-name", default="Stand-in Guild")
    parser.add_argument("--bot-token", default="standin-bot-token.moim-demo")
    parser.add_argument("--client-id", default="standin-client")
    parser.add_argument("--client-secret", default="standin-secret")
    parser.add_argument("--bucket-limit", type=int, default=50)
    parser.add_argument("--bucket-window", type=float, default=1.0)
    # Every API answer comes this late, after its effect: the window in which
    # a killed worker has acted but not recorded (the crash test).
    parser.add_argument("--answer-delay-ms", type=int, default=0)
    # Members already on the server: ids 700000000000000001, ...002, ...
    # (the demo and the benchmark).
    parser.add_argument("--seed-members", type=int, default=0)
    parser.add_argument("--bot-user-id", default="800000000000000001")
    parser.add_argument("--bot-permissions", type=int, default=BOT_PERMISSIONS)
    # Discord's current rule; off only to replay how Discord answered before
    # 2026-11-16.
    parser.add_argument("--no-visibility-rule", dest="visibility_rule", action="store_false")
    parser.add_argument("--no-members-intent", action="store_true")
    # Discord checks enforce_nonce "for a few minutes".
    parser.add_argument("--nonce-window", type=float, default=300.0)
    parser.add_argument("--max-category-channels", type=int, default=50)
    parser.add_argument("--max-guild-channels", type=int, default=500)
    parser.add_argument("--max-roles", type=int, default=250)
    parser.add_argument("--request-log", default=os.environ.get("DISCORD_STANDIN_REQUEST_LOG", ""))
    args = parser.parse_args()
    state = State(args)
    for number in range(1, args.seed_members + 1):
        user = {"id": str(700000000000000000 + number), "username": "member%d" % number}
        state.members[user["id"]] = {"user": user, "roles": [], "nick": None,
                                     "joined_at": "2026-01-01T00:00:00+00:00"}
        state.oauth_users[user["id"]] = user

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        # ---- plumbing -------------------------------------------------
        def body_json(self):
            self._raw = b""
            length = int(self.headers.get("Content-Length", "0") or "0")
            raw = self.rfile.read(length) if length else b""
            self._raw = raw
            if not raw:
                return {}
            try:
                return json.loads(raw)
            except ValueError:
                return None

        def _raw_seen(self):
            return bool(getattr(self, "_raw", b""))

        def record_request(self, method, path, query, body):
            """One JSON line per Discord request, for the contract checker."""
            if not args.request_log:
                return
            line = json.dumps({"method": method, "path": path,
                               "query": {k: v[0] for k, v in query.items()},
                               "body": body, "has_body": body is not None,
                               "content_type": self.headers.get("Content-Type", "")},
                              ensure_ascii=False)
            folder = os.path.dirname(args.request_log)
            if folder:
                os.makedirs(folder, exist_ok=True)
            with state.lock, open(args.request_log, "a", encoding="utf-8") as out:
                out.write(line + "\n")

        def reply(self, status, body=None, headers=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data:
                self.wfile.write(data)

        def error(self, status, code, message, headers=None):
            self.reply(status, {"message": message, "code": code}, headers)

        def take_fault(self, method, path):
            with state.lock:
                for fault in state.faults:
                    if fault["count"] > 0 and fault.get("route", "") in path and \
                            fault.get("method", "") in ("", method):
                        fault["count"] -= 1
                        return dict(fault)
            return None

        def rate_headers(self, method, path):
            """Counts the request in its bucket; returns (headers, retry_after
            when the bucket is already empty)."""
            key = bucket_key(method, path)
            now = time.monotonic()
            with state.lock:
                bucket = state.buckets.get(key)
                if bucket is None or now >= bucket["reset"]:
                    bucket = {"used": 0, "reset": now + args.bucket_window}
                    state.buckets[key] = bucket
                reset_after = max(0.0, bucket["reset"] - now)
                over = bucket["used"] >= args.bucket_limit
                if not over:
                    bucket["used"] += 1
                remaining = max(0, args.bucket_limit - bucket["used"])
            headers = {
                "X-RateLimit-Limit": str(args.bucket_limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": "%.3f" % (time.time() + reset_after),
                "X-RateLimit-Reset-After": "%.3f" % reset_after,
                "X-RateLimit-Bucket": "%08x" % (hash(key) & 0xFFFFFFFF),
            }
            return headers, (reset_after if over else None)

        def handle_api(self, method):
            parsed = urllib.parse.urlsplit(self.path)
            path = parsed.path
            query = urllib.parse.parse_qs(parsed.query)
            self._raw = b""
            if path.startswith("/_standin/"):
                return self.standin(method, path)
            if path.startswith("/oauth2/"):
                self.record_request(method, path, query, None)
                return self.oauth(method, path, query)
            body = self.body_json() if method in ("POST", "PUT", "PATCH") else {}
            self.record_request(method, path, query, body if self._raw_seen() else None)
            if path == "/users/@me" and not self.headers.get("Authorization", "").startswith(
                    "Bot "):
                return self.oauth(method, path, query)
            if body is None:
                return self.error(400, 50109, "The request body contains invalid JSON.")
            webhook = re.fullmatch(r"/webhooks/(\d+)/([\w-]+)", path)
            if not webhook:
                auth = self.headers.get("Authorization", "")
                if auth != "Bot " + args.bot_token:
                    return self.error(401, 0, "401: Unauthorized")
            headers, blocked = self.rate_headers(method, path)
            if blocked is not None:
                headers["X-RateLimit-Scope"] = "user"
                headers["Retry-After"] = str(math.ceil(blocked))
                with state.lock:
                    state.count("rate_limited")
                return self.reply(429, {"message": "You are being rate limited.",
                                        "retry_after": round(blocked, 3), "global": False}, headers)
            fault = self.take_fault(method, path)
            if fault and fault["mode"] == "rate_limit":
                retry_after = float(fault.get("retry_after", 0.2))
                headers.update({"X-RateLimit-Remaining": "0", "X-RateLimit-Scope": "user",
                                "Retry-After": str(math.ceil(retry_after))})
                with state.lock:
                    state.count("rate_limited")
                return self.reply(429, {"message": "You are being rate limited.",
                                        "retry_after": retry_after, "global": False}, headers)
            if fault and fault["mode"] == "server_error":
                return self.error(500, 0, "500: Internal Server Error", headers)
            if fault and fault["mode"] == "forbidden":
                return self.error(403, 50013, "Missing Permissions", headers)
            status, answer = self.route(method, path, query, body, webhook)
            if args.answer_delay_ms:
                time.sleep(args.answer_delay_ms / 1000.0)
            if fault and fault["mode"] == "slow":
                time.sleep(float(fault.get("delay", 3)))  # the effect happened; the answer is late
            if fault and fault["mode"] == "partial":
                return self.error(500, 0, "500: Internal Server Error", headers)
            if isinstance(answer, tuple):  # an error
                return self.error(status, answer[0], answer[1], headers)
            return self.reply(status, answer, headers)

        # ---- Discord's routes -----------------------------------------
        def route(self, method, path, query, body, webhook):
            gid = re.escape(args.guild_id)
            with state.lock:
                if webhook:
                    if method != "POST":
                        return 405, (0, "405: Method Not Allowed")
                    if not body.get("content"):
                        return 400, (50006, "Cannot send an empty message")
                    message = {"id": state.next_id(), "content": body["content"],
                               "webhook_id": webhook.group(1)}
                    state.webhook_messages.append(message)
                    state.count("webhook_message")
                    return (200, message) if query.get("wait") == ["true"] else (204, None)
                if path == "/users/@me" and method == "GET":
                    return 200, dict(state.bot)
                if re.fullmatch(r"/guilds/\d+", path) and method == "GET":
                    if path != "/guilds/" + args.guild_id:
                        return 404, (10004, "Unknown Guild")
                    return 200, dict(state.guild, roles=list(state.roles.values()))
                match = re.fullmatch(r"/guilds/(\d+)/(roles|channels|members)", path)
                if match and match.group(1) != args.guild_id:
                    return 404, (10004, "Unknown Guild")
                if path == "/guilds/%s/roles" % args.guild_id:
                    if method == "GET":
                        return 200, list(state.roles.values())
                    if method == "POST":
                        if not state.bot_guild_permissions() & MANAGE_ROLES:
                            return 403, (50013, "Missing Permissions")
                        if len(state.roles) >= args.max_roles:
                            return 400, (30005, "Maximum number of guild roles reached (%d)" %
                                         args.max_roles)
                        name = str(body.get("name", "new role"))[:100]
                        role = {"id": state.next_id(), "name": name,
                                "permissions": str(body.get("permissions", "0")),
                                "position": len(state.roles), "color": int(body.get("color", 0)),
                                "hoist": bool(body.get("hoist", False)), "managed": False,
                                "mentionable": bool(body.get("mentionable", False))}
                        state.roles[role["id"]] = role
                        state.count("create_role")
                        return 200, role
                if path == "/guilds/%s/channels" % args.guild_id:
                    if method == "GET":
                        # Since 2026-11-16 the listing omits what the bot cannot view.
                        return 200, [c for c in state.channels.values() if state.visible(c)]
                    if method == "POST":
                        if not state.bot_guild_permissions() & MANAGE_CHANNELS:
                            return 403, (50013, "Missing Permissions")
                        name = body.get("name")
                        if not isinstance(name, str) or not 1 <= len(name) <= 100:
                            return 400, (50035, "Invalid Form Body")
                        kind = int(body.get("type", 0))
                        if kind not in (0, 2, 4):
                            return 400, (50035, "Invalid Form Body")
                        parent = body.get("parent_id")
                        if parent is not None and (parent not in state.channels or
                                                   state.channels[parent]["type"] != 4):
                            return 400, (50035, "Invalid Form Body")
                        overwrites = body.get("permission_overwrites", []) or []
                        held = state.bot_guild_permissions()
                        for overwrite in overwrites:
                            if not isinstance(overwrite, dict) or overwrite.get("type") not in (
                                    0, 1) or not re.fullmatch(r"\d+", str(overwrite.get("id"))):
                                return 400, (50035, "Invalid Form Body")
                            allow = int(overwrite.get("allow", "0") or "0")
                            deny = int(overwrite.get("deny", "0") or "0")
                            # A bot may only allow or deny what it holds itself.
                            if (allow | deny) & ~held:
                                return 403, (50013, "Missing Permissions")
                        if len(state.channels) >= args.max_guild_channels:
                            return 400, (30013, "Maximum number of guild channels reached (%d)" %
                                         args.max_guild_channels)
                        if parent is not None and sum(
                                1 for c in state.channels.values()
                                if c.get("parent_id") == parent) >= args.max_category_channels:
                            return 400, (50035, "Invalid Form Body: parent_id: Maximum number "
                                         "of channels in category reached (%d)" %
                                         args.max_category_channels)
                        if kind == 0:
                            name = re.sub(r"\s+", "-", name.lower())
                        channel = {"id": state.next_id(), "type": kind, "guild_id": args.guild_id,
                                   "name": name, "parent_id": parent,
                                   "position": len(state.channels),
                                   "permission_overwrites": [
                                       {"id": str(o["id"]), "type": o["type"],
                                        "allow": str(o.get("allow", "0") or "0"),
                                        "deny": str(o.get("deny", "0") or "0")}
                                       for o in overwrites]}
                        state.channels[channel["id"]] = channel
                        state.count("create_channel")
                        return 201, channel
                if path == "/guilds/%s/members" % args.guild_id and method == "GET":
                    if not state.members_intent:
                        return 403, (50001, "Missing Access")
                    limit = min(1000, int(query.get("limit", ["1"])[0]))
                    after = int(query.get("after", ["0"])[0])
                    listed = sorted(state.members.values(), key=lambda m: int(m["user"]["id"]))
                    listed = [m for m in listed if int(m["user"]["id"]) > after][:limit]
                    return 200, listed
                match = re.fullmatch(r"/guilds/%s/roles/(\d+)" % gid, path)
                if match and method == "DELETE":
                    if match.group(1) not in state.roles or match.group(1) == args.guild_id:
                        return 404, (10011, "Unknown Role")
                    del state.roles[match.group(1)]
                    for member in state.members.values():
                        if match.group(1) in member["roles"]:
                            member["roles"].remove(match.group(1))
                    state.count("delete_role")
                    return 204, None
                match = re.fullmatch(r"/guilds/%s/members/(\d+)" % gid, path)
                if match and method == "GET":
                    member = state.members.get(match.group(1))
                    if member is None:
                        return 404, (10007, "Unknown Member")
                    return 200, member
                match = re.fullmatch(r"/guilds/%s/members/(\d+)/roles/(\d+)" % gid, path)
                if match and method in ("PUT", "DELETE"):
                    member = state.members.get(match.group(1))
                    if member is None:
                        return 404, (10007, "Unknown Member")
                    role = match.group(2)
                    if role not in state.roles:
                        return 404, (10011, "Unknown Role")
                    if method == "PUT" and role not in member["roles"]:
                        member["roles"].append(role)
                        state.count("add_member_role")
                    if method == "DELETE" and role in member["roles"]:
                        member["roles"].remove(role)
                        state.count("remove_member_role")
                    return 204, None
                match = re.fullmatch(r"/channels/(\d+)", path)
                if match and method == "GET":
                    channel = state.channels.get(match.group(1))
                    if channel is None:
                        return 404, (10003, "Unknown Channel")
                    if not state.visible(channel):
                        return 403, (50001, "Missing Access")
                    return 200, channel
                match = re.fullmatch(r"/channels/(\d+)/permissions/(\d+)", path)
                if match and method == "PUT":
                    channel = state.channels.get(match.group(1))
                    if channel is None:
                        return 404, (10003, "Unknown Channel")
                    held = state.bot_permissions(channel)
                    if not held & VIEW_CHANNEL:
                        return 403, (50001, "Missing Access")
                    allow = int(body.get("allow", "0") or "0")
                    deny = int(body.get("deny", "0") or "0")
                    if not held & MANAGE_ROLES or (allow | deny) & ~held:
                        return 403, (50013, "Missing Permissions")
                    if body.get("type") not in (0, 1):
                        return 400, (50035, "Invalid Form Body")
                    channel["permission_overwrites"] = [
                        o for o in channel["permission_overwrites"] if o["id"] != match.group(2)
                    ] + [{"id": match.group(2), "type": body["type"], "allow": str(allow),
                          "deny": str(deny)}]
                    state.count("edit_overwrite")
                    return 204, None
                match = re.fullmatch(r"/channels/(\d+)/invites", path)
                if match and method == "POST":
                    channel = state.channels.get(match.group(1))
                    if channel is None:
                        return 404, (10003, "Unknown Channel")
                    held = state.bot_permissions(channel)
                    if not held & VIEW_CHANNEL:
                        return 403, (50001, "Missing Access")
                    if not held & CREATE_INSTANT_INVITE:
                        return 403, (50013, "Missing Permissions")
                    unique = bool(body.get("unique", False))
                    max_age = int(body.get("max_age", 86400))
                    now = state.now()
                    for invite in state.invites:
                        if not unique and invite["channel"]["id"] == match.group(1) and \
                                invite["max_age"] == max_age and not expired(invite, now):
                            return 200, invite
                    invite = {"code": "inv%06d" % (len(state.invites) + 1), "type": 0,
                              "channel": {"id": match.group(1)},
                              "guild": {"id": args.guild_id, "name": args.guild_name},
                              "max_age": max_age, "max_uses": int(body.get("max_uses", 0)),
                              "created_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00",
                                                          time.gmtime(now)),
                              "created_at_epoch": now}
                    state.invites.append(invite)
                    state.count("create_invite")
                    return 200, invite
                match = re.fullmatch(r"/invites/(\w+)", path)
                if match and method == "GET":
                    for invite in state.invites:
                        if invite["code"] == match.group(1) and not expired(invite, state.now()):
                            return 200, invite
                    return 404, (10006, "Unknown Invite")
                match = re.fullmatch(r"/channels/(\d+)/messages", path)
                if match and method == "GET":
                    channel = state.channels.get(match.group(1))
                    if channel is None:
                        return 404, (10003, "Unknown Channel")
                    held = state.bot_permissions(channel)
                    if not held & VIEW_CHANNEL:
                        return 403, (50001, "Missing Access")
                    if not held & READ_MESSAGE_HISTORY:
                        return 200, []
                    limit = max(1, min(100, int(query.get("limit", ["50"])[0])))
                    listed = [m for m in state.messages if m["channel_id"] == match.group(1)]
                    # Newest first; Discord does not echo the nonce when listing.
                    return 200, [{k: v for k, v in m.items() if k != "nonce"}
                                 for m in reversed(listed)][:limit]
                if match and method == "POST":
                    channel = state.channels.get(match.group(1))
                    if channel is None:
                        return 404, (10003, "Unknown Channel")
                    held = state.bot_permissions(channel)
                    if not held & VIEW_CHANNEL:
                        return 403, (50001, "Missing Access")
                    if not held & SEND_MESSAGES:
                        return 403, (50013, "Missing Permissions")
                    if not body.get("content"):
                        return 400, (50006, "Cannot send an empty message")
                    nonce = body.get("nonce")
                    now = state.now()
                    if nonce and body.get("enforce_nonce") and nonce in state.nonces:
                        seen_at, earlier = state.nonces[nonce]
                        if now - seen_at < args.nonce_window:
                            return 200, earlier
                    message = {"id": state.next_id(), "channel_id": match.group(1),
                               "content": body["content"], "nonce": nonce,
                               "author": dict(state.bot)}
                    state.messages.append(message)
                    if nonce:
                        state.nonces[nonce] = (now, message)
                    state.count("create_message")
                    return 200, message
            return 404, (0, "404: Not Found")

        # ---- OAuth2 ---------------------------------------------------
        def oauth(self, method, path, query):
            if path == "/oauth2/authorize" and method == "GET":
                # The person approves at once: the user named by
                # ?standin_user=, else the next registered one in turn (so
                # each demo member who clicks "Link" becomes someone else).
                redirect = query.get("redirect_uri", [""])[0]
                if query.get("client_id", [""])[0] != args.client_id or not redirect:
                    return self.error(400, 0, "Invalid OAuth2 redirect_uri or client_id")
                with state.lock:
                    wanted = query.get("standin_user", [None])[0]
                    users = list(state.oauth_users.values())
                    if wanted:
                        user = state.oauth_users.get(wanted)
                    else:
                        user = users[state.authorized % len(users)] if users else None
                        state.authorized += 1
                    if user is None:
                        return self.error(400, 0, "no stand-in user to sign in")
                    code = "code" + state.next_id()
                    state.codes[code] = {"user": user, "redirect_uri": redirect,
                                         "scope": query.get("scope", [""])[0]}
                target = redirect + ("&" if "?" in redirect else "?") + urllib.parse.urlencode(
                    {"code": code, "state": query.get("state", [""])[0]})
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if path == "/oauth2/token" and method == "POST":
                length = int(self.headers.get("Content-Length", "0") or "0")
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                field = lambda name: form.get(name, [""])[0]
                if field("client_id") != args.client_id or field(
                        "client_secret") != args.client_secret:
                    return self.reply(401, {"error": "invalid_client"})
                with state.lock:
                    grant = state.codes.pop(field("code"), None)
                    if field("grant_type") != "authorization_code" or grant is None or \
                            grant["redirect_uri"] != field("redirect_uri"):
                        return self.reply(400, {"error": "invalid_grant"})
                    token = "access" + state.next_id()
                    state.tokens[token] = grant["user"]
                    state.count("token_exchange")
                return self.reply(200, {"access_token": token, "token_type": "Bearer",
                                        "expires_in": 604800, "refresh_token": "refresh" + token,
                                        "scope": grant["scope"]})
            if path == "/users/@me" and method == "GET":
                auth = self.headers.get("Authorization", "")
                with state.lock:
                    user = state.tokens.get(auth[len("Bearer "):]) if auth.startswith(
                        "Bearer ") else None
                if user is None:
                    return self.error(401, 0, "401: Unauthorized")
                return self.reply(200, dict(user, discriminator="0", global_name=user["username"]))
            return self.error(404, 0, "404: Not Found")

        # ---- inspection and control -----------------------------------
        def standin(self, method, path):
            body = self.body_json() if method == "POST" else {}
            with state.lock:
                if path == "/_standin/state" and method == "GET":
                    return self.reply(200, {
                        "guild": state.guild, "roles": list(state.roles.values()),
                        "channels": list(state.channels.values()),
                        "members": list(state.members.values()), "invites": state.invites,
                        "messages": state.messages, "webhook_messages": state.webhook_messages,
                        "bot": state.bot, "now": state.now(),
                        "counts": state.counts})
                if path == "/_standin/faults" and method == "POST":
                    state.faults.append({"mode": body["mode"], "count": int(body.get("count", 1)),
                                         "retry_after": body.get("retry_after", 0.2),
                                         "delay": body.get("delay", 3),
                                         "route": body.get("route", ""),
                                         "method": body.get("method", "")})
                    return self.reply(200, {"ok": True})
                if path == "/_standin/members" and method == "POST":
                    user = {"id": str(body["id"]), "username": body.get("username", "member")}
                    state.members[user["id"]] = {"user": user, "roles": [], "nick": None,
                                                 "joined_at": "2026-01-01T00:00:00+00:00"}
                    return self.reply(200, {"ok": True})
                if path == "/_standin/users" and method == "POST":
                    user = {"id": str(body["id"]), "username": body.get("username", "member")}
                    state.oauth_users[user["id"]] = user
                    return self.reply(200, {"ok": True})
                if path == "/_standin/clock" and method == "POST":
                    state.clock_offset += float(body.get("advance", 0))
                    return self.reply(200, {"ok": True, "now": state.now()})
                if path == "/_standin/bot" and method == "POST":
                    state.roles[BOT_ROLE_ID]["permissions"] = str(int(body["permissions"]))
                    return self.reply(200, {"ok": True})
                if path == "/_standin/intent" and method == "POST":
                    state.members_intent = bool(body.get("members", True))
                    return self.reply(200, {"ok": True})
                if path == "/_standin/fill" and method == "POST":
                    for _ in range(int(body.get("roles", 0))):
                        role_id = state.next_id()
                        state.roles[role_id] = {"id": role_id, "name": "filler " + role_id,
                                                "permissions": "0", "position": len(state.roles),
                                                "color": 0, "hoist": False, "managed": False,
                                                "mentionable": False}
                    for _ in range(int(body.get("channels", 0))):
                        channel_id = state.next_id()
                        state.channels[channel_id] = {
                            "id": channel_id, "type": 0, "guild_id": args.guild_id,
                            "name": "filler-" + channel_id, "parent_id": body.get("parent_id"),
                            "position": len(state.channels), "permission_overwrites": []}
                    return self.reply(200, {"ok": True})
                if path == "/_standin/legacy_channel" and method == "POST":
                    channel_id = state.next_id()
                    state.channels[channel_id] = {
                        "id": channel_id, "type": 0, "guild_id": args.guild_id,
                        "name": body["name"], "parent_id": body.get("parent_id"),
                        "position": len(state.channels), "permission_overwrites": [
                            {"id": args.guild_id, "type": 0, "allow": "0",
                             "deny": str(VIEW_CHANNEL)},
                            {"id": body["role_id"], "type": 0, "allow": str(VIEW_CHANNEL),
                             "deny": "0"}]}
                    return self.reply(200, {"id": channel_id})
                if path == "/_standin/reset_counts" and method == "POST":
                    state.counts = {}
                    return self.reply(200, {"ok": True})
            return self.error(404, 0, "404: Not Found")

        def do_GET(self):
            self.handle_api("GET")

        def do_POST(self):
            self.handle_api("POST")

        def do_PUT(self):
            self.handle_api("PUT")

        def do_DELETE(self):
            self.handle_api("DELETE")

        def do_PATCH(self):
            self.handle_api("PATCH")

        def log_message(self, *unused):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    with open(os.path.join(args.folder, "port.tmp"), "w") as out:
        out.write(str(port))
    os.rename(os.path.join(args.folder, "port.tmp"), os.path.join(args.folder, "port"))
    print(port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
