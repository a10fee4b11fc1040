#!/usr/bin/python3
"""The Discord stand-in enforces what Discord enforces: for each rule, a
request that breaks it fails the way Discord answers, and one that keeps it
works. Run: python3 tests/standins/discord_standin_test.py (ctest:
standins.discord)."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
GUILD = "900000000000000001"
TOKEN = "standin-bot-token.moim-demo"
BOT = "800000000000000001"
VIEW_CHANNEL = 1 << 10
CREATE_INSTANT_INVITE = 1 << 0
MANAGE_CHANNELS = 1 << 4
SEND_MESSAGES = 1 << 11
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_ROLES = 1 << 28
ADMINISTRATOR = 1 << 3
BOT_OVERWRITE = VIEW_CHANNEL | CREATE_INSTANT_INVITE | MANAGE_CHANNELS


class StandIn:
    def __init__(self, *flags):
        self.folder = tempfile.mkdtemp(prefix="discord_standin_test_")
        self.log = os.path.join(self.folder, "requests.jsonl")
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "discord_standin.py"), self.folder,
             "--bucket-limit", "100000", "--request-log", self.log] + list(flags),
            stdout=subprocess.PIPE)
        self.port = int(self.process.stdout.readline())

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()

    def call(self, method, path, body=None, token=TOKEN):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data,
                                         method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bot " + token)
        try:
            with urllib.request.urlopen(request) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    def control(self, path, body):
        status, answer = self.call("POST", "/_standin/" + path, body, token=None)
        assert status == 200, (path, status, answer)
        return answer

    def role(self, name="7기 · LLM"):
        status, role = self.call("POST", "/guilds/%s/roles" % GUILD, {"name": name})
        assert status == 200, role
        return role["id"]

    def channel(self, name, overwrites=(), parent=None, kind=0):
        body = {"name": name, "type": kind, "permission_overwrites": list(overwrites)}
        if parent:
            body["parent_id"] = parent
        return self.call("POST", "/guilds/%s/channels" % GUILD, body)


def private_to(role_id, bot_overwrite=True):
    overwrites = [{"id": GUILD, "type": 0, "allow": "0", "deny": str(VIEW_CHANNEL)},
                  {"id": role_id, "type": 0, "allow": str(VIEW_CHANNEL), "deny": "0"}]
    if bot_overwrite:
        overwrites.append({"id": BOT, "type": 1, "allow": str(BOT_OVERWRITE), "deny": "0"})
    return overwrites


class DiscordStandInTest(unittest.TestCase):
    def setUp(self):
        self.standin = StandIn()

    def tearDown(self):
        self.standin.stop()

    def listed_ids(self):
        status, channels = self.standin.call("GET", "/guilds/%s/channels" % GUILD)
        self.assertEqual(status, 200)
        return [c["id"] for c in channels]

    def test_the_bot_knows_itself_with_its_bot_token(self):
        status, me = self.standin.call("GET", "/users/@me")
        self.assertEqual((status, me["id"], me["bot"]), (200, BOT, True))
        status, _ = self.standin.call("GET", "/users/@me", token="wrong")
        self.assertEqual(status, 401)

    def test_a_private_channel_without_the_bots_overwrite_is_hidden_from_it(self):
        role = self.standin.role()
        status, hidden = self.standin.channel("hidden", private_to(role, bot_overwrite=False))
        self.assertEqual(status, 201)
        status, seen = self.standin.channel("seen", private_to(role))
        self.assertEqual(status, 201)
        listed = self.listed_ids()
        self.assertNotIn(hidden["id"], listed)  # the listing omits it
        self.assertIn(seen["id"], listed)
        status, error = self.standin.call("GET", "/channels/" + hidden["id"])
        self.assertEqual((status, error["code"]), (403, 50001))
        status, channel = self.standin.call("GET", "/channels/" + seen["id"])
        self.assertEqual((status, channel["name"]), (200, "seen"))
        status, error = self.standin.call("GET", "/channels/1234567890123")
        self.assertEqual((status, error["code"]), (404, 10003))
        # Hidden means hidden for everything: no invite, no repair.
        status, error = self.standin.call("POST", "/channels/%s/invites" % hidden["id"],
                                          {"max_age": 604800, "unique": False})
        self.assertEqual((status, error["code"]), (403, 50001))
        status, error = self.standin.call(
            "PUT", "/channels/%s/permissions/%s" % (hidden["id"], BOT),
            {"type": 1, "allow": str(BOT_OVERWRITE), "deny": "0"})
        self.assertEqual((status, error["code"]), (403, 50001))

    def test_permissions_are_computed_as_discord_does(self):
        role = self.standin.role()
        # The bot's own role allowed on the channel: it sees it.
        bot_role = "900000000000000777"
        status, by_role = self.standin.channel("by-role", private_to(role, False) + [
            {"id": bot_role, "type": 0, "allow": str(VIEW_CHANNEL), "deny": "0"}])
        self.assertEqual(status, 201)
        # A member overwrite denying wins over a role overwrite allowing.
        status, member_deny = self.standin.channel("member-deny", [
            {"id": bot_role, "type": 0, "allow": str(VIEW_CHANNEL), "deny": "0"},
            {"id": BOT, "type": 1, "allow": "0", "deny": str(VIEW_CHANNEL)}])
        self.assertEqual(status, 201)
        # No overwrites: @everyone's base permissions (View Channel) apply.
        status, public = self.standin.channel("public")
        self.assertEqual(status, 201)
        listed = self.listed_ids()
        self.assertIn(by_role["id"], listed)
        self.assertNotIn(member_deny["id"], listed)
        self.assertIn(public["id"], listed)
        # Administrator sees everything.
        self.standin.control("bot", {"permissions": str(ADMINISTRATOR)})
        self.assertIn(member_deny["id"], self.listed_ids())

    def test_invites_need_view_channel_and_create_instant_invite(self):
        role = self.standin.role()
        status, channel = self.standin.channel("private", private_to(role))
        self.assertEqual(status, 201)
        status, invite = self.standin.call("POST", "/channels/%s/invites" % channel["id"],
                                           {"max_age": 604800, "unique": False})
        self.assertEqual(status, 200)
        # A public channel, and a bot role without Create Invite: refused.
        status, public = self.standin.channel("public")
        self.standin.control("bot", {"permissions": str(VIEW_CHANNEL | MANAGE_CHANNELS)})
        status, error = self.standin.call("POST", "/channels/%s/invites" % public["id"],
                                          {"max_age": 604800})
        self.assertEqual((status, error["code"]), (403, 50013))

    def test_an_overwrite_may_allow_only_what_the_bot_holds(self):
        status, error = self.standin.channel("too-much", [
            {"id": BOT, "type": 1, "allow": str(ADMINISTRATOR), "deny": "0"}])
        self.assertEqual((status, error["code"]), (403, 50013))
        status, error = self.standin.channel("bad-type", [
            {"id": BOT, "type": 7, "allow": "0", "deny": "0"}])
        self.assertEqual((status, error["code"]), (400, 50035))

    def test_a_category_holds_fifty_channels(self):
        status, category = self.standin.channel("7기", kind=4)
        self.assertEqual(status, 201)
        self.standin.control("fill", {"channels": 49, "parent_id": category["id"]})
        status, _ = self.standin.channel("fiftieth", parent=category["id"])
        self.assertEqual(status, 201)
        status, error = self.standin.channel("fifty-first", parent=category["id"])
        self.assertEqual((status, error["code"]), (400, 50035))
        self.assertIn("category", error["message"])

    def test_a_server_holds_five_hundred_channels_and_250_roles(self):
        self.standin.control("fill", {"channels": 500})
        status, error = self.standin.channel("one-more")
        self.assertEqual((status, error["code"]), (400, 30013))
        # @everyone and the bot's role count: 248 more make 250.
        self.standin.control("fill", {"roles": 248})
        status, error = self.standin.call("POST", "/guilds/%s/roles" % GUILD, {"name": "x"})
        self.assertEqual((status, error["code"]), (400, 30005))

    def test_invites_expire_after_max_age(self):
        status, channel = self.standin.channel("public")
        body = {"max_age": 604800, "unique": False}
        _, first = self.standin.call("POST", "/channels/%s/invites" % channel["id"], body)
        _, again = self.standin.call("POST", "/channels/%s/invites" % channel["id"], body)
        self.assertEqual(first["code"], again["code"])  # alive: the same one
        self.standin.control("clock", {"advance": 604800})
        status, error = self.standin.call("GET", "/invites/" + first["code"])
        self.assertEqual((status, error["code"]), (404, 10006))
        _, fresh = self.standin.call("POST", "/channels/%s/invites" % channel["id"], body)
        self.assertNotEqual(fresh["code"], first["code"])

    def test_enforce_nonce_drops_a_repeat_for_a_few_minutes_only(self):
        status, channel = self.standin.channel("announcements")
        body = {"content": "발표", "nonce": "moim-alloc-1", "enforce_nonce": True}
        _, first = self.standin.call("POST", "/channels/%s/messages" % channel["id"], body)
        _, repeat = self.standin.call("POST", "/channels/%s/messages" % channel["id"], body)
        self.assertEqual(first["id"], repeat["id"])
        self.standin.control("clock", {"advance": 301})
        _, late = self.standin.call("POST", "/channels/%s/messages" % channel["id"], body)
        self.assertNotEqual(first["id"], late["id"])  # past the window: posted twice
        status, recent = self.standin.call("GET", "/channels/%s/messages?limit=10" % channel["id"])
        self.assertEqual((status, len(recent)), (200, 2))
        self.assertEqual(recent[0]["author"]["id"], BOT)

    def test_listing_members_needs_the_server_members_intent(self):
        status, _ = self.standin.call("GET", "/guilds/%s/members?limit=1" % GUILD)
        self.assertEqual(status, 200)
        self.standin.control("intent", {"members": False})
        status, error = self.standin.call("GET", "/guilds/%s/members?limit=1" % GUILD)
        self.assertEqual((status, error["code"]), (403, 50001))

    def test_every_request_is_logged_for_the_contract_check(self):
        self.standin.channel("logged")
        with open(self.standin.log, encoding="utf-8") as lines:
            logged = [json.loads(line) for line in lines]
        self.assertTrue(any(entry["method"] == "POST" and entry["path"] ==
                            "/guilds/%s/channels" % GUILD and entry["body"]["name"] == "logged"
                            for entry in logged), logged)
        self.assertFalse(any(entry["path"].startswith("/_standin") for entry in logged))


class WithoutTheVisibilityRuleTest(unittest.TestCase):
    def test_the_old_listing_showed_every_channel(self):
        standin = StandIn("--no-visibility-rule")
        try:
            role = standin.role()
            status, hidden = standin.channel("hidden", private_to(role, bot_overwrite=False))
            _, channels = standin.call("GET", "/guilds/%s/channels" % GUILD)
            self.assertIn(hidden["id"], [c["id"] for c in channels])
        finally:
            standin.stop()


if __name__ == "__main__":
    unittest.main()
