#!/usr/bin/env python3
"""Import direction: reads every #include "..." in src/ and fails when an
arrow points the wrong way (docs/architecture.md, "What may import what").

  platform/  includes only platform/ (and the system).
  engines/   include only engines/ (the standard library and the system).
  features/  include platform/, engines/ and features/ as below; never app/, cli/.
  app/       anything but cli/.        cli/  anything.

Between rooms (src/features/<room>/):
  - a room includes a room lower in ROOM_ORDER only, never a higher one;
  - only that room's public headers (PUBLIC below; <room>_service.hpp and
    routes.hpp always), and app/ and cli/ keep to public headers too;
  - tests and benchmarks (*_test.cpp, *_bench.cpp, testing/) stand above
    their room: they may include any room's public headers and its
    testing/ helpers, but still no other room's private headers.
Inside integrations, a connector folder (mail/, webhooks/, notion/,
discord/) includes no other connector folder: they share only the
room's core (worker, connector, plan).

Usage: check_imports.py SRC_DIR      (exit 1 and one line per violation)
       check_imports.py --self-test  (a small tree with one of each mistake)
"""
import os
import re
import sys
import tempfile

# Lowest first: a room may include the rooms before it, never after.
ROOM_ORDER = ["accounts", "communities", "search", "academy", "activity", "certificates", "coffee",
              "events", "bingo", "mentoring", "wiki", "privacy", "integrations"]

# Beyond <room>_service.hpp and routes.hpp: the headers other rooms, app/ and
# cli/ may include. Everything else in a room is its own business.
# personal_data.hpp: what the room holds about one person, for the privacy
# room (/me/data, "download my data").
PUBLIC = {
    "accounts": ["web_session.hpp", "api_routes.hpp", "contacts.hpp", "personal_data.hpp",
                 "retention.hpp", "consents.hpp", "consent_terms.hpp", "account_deletion.hpp",
                 "profile_search.hpp"],
    # search_source.hpp: what each room implements for the community search.
    "search": ["search_source.hpp"],
    "communities": ["personal_data.hpp", "audit_log.hpp", "managed.hpp", "privacy_notice.hpp",
                    "organizer_count.hpp"],
    "academy": ["personal_data.hpp", "retention.hpp", "organizer_count.hpp", "search_source.hpp",
                "onboarding_facts.hpp"],
    "activity": ["wrap_up.hpp", "wrap_up_service.hpp", "wrap_up_routes.hpp", "personal_data.hpp",
                 "retention.hpp", "search_source.hpp"],
    "certificates": ["personal_data.hpp", "organizer_count.hpp"],
    "coffee": ["personal_data.hpp", "onboarding_facts.hpp"],
    "bingo": ["personal_data.hpp", "names.hpp"],
    "mentoring": ["pair_space.hpp", "week_hours.hpp", "personal_data.hpp"],
    "wiki": ["personal_data.hpp", "line_diff.hpp", "wiki_text.hpp", "search_source.hpp"],
    "privacy": ["retention.hpp", "retention_routes.hpp", "erasure.hpp", "erasure_routes.hpp",
                "data_export.hpp", "data_export_routes.hpp", "community_erasure.hpp",
                "community_erasure_routes.hpp"],
    "events": ["programme_service.hpp", "programme_routes.hpp", "after_event.hpp",
               "after_routes.hpp", "attendance_certificates.hpp", "attendance_routes.hpp",
               "personal_data.hpp", "retention.hpp", "search_source.hpp",
               # images.hpp: what counts as an image (decoded PNG or JPEG), for the wiki too.
               "images.hpp"],
    "integrations": [
        "personal_data.hpp", "automation_service.hpp", "worker.hpp", "plan_service.hpp",
        "plan_routes.hpp",
        "mail/mail_connector.hpp", "mail/email_plan.hpp", "webhooks/webhooks.hpp",
        "notion/notion_client.hpp", "notion/notion_connector.hpp", "notion/notion_plan.hpp",
        "notion/notion_routes.hpp", "notion/notion_service.hpp",
        "discord/discord_connector.hpp", "discord/discord_plan.hpp",
        "discord/discord_service.hpp", "discord/routes.hpp", "discord/event_announcement.hpp",
        "discord/pair_channels.hpp", "discord/consent.hpp", "data_export_connector.hpp",
    ],
}
CONNECTORS = ["mail", "webhooks", "notion", "discord"]
LAYERS_ALLOWED = {
    "platform": {"platform"},
    "engines": {"engines"},
    "features": {"platform", "engines", "features"},
    "app": {"platform", "engines", "features", "app"},
    "cli": {"platform", "engines", "features", "app", "cli"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
SOURCE_ENDINGS = (".cpp", ".hpp", ".h", ".cc")


def is_test(relative):
    name = os.path.basename(relative)
    return (name.endswith(("_test.cpp", "_bench.cpp")) or "/testing/" in relative)


def is_public(room, inside):
    """`inside`: the header's path below src/features/<room>/."""
    return (inside in (room + "_service.hpp", "routes.hpp") or inside in PUBLIC.get(room, []))


def connector_of(inside):
    first = inside.split("/")[0]
    return first if first in CONNECTORS and "/" in inside else None


def check_include(relative, target):
    """Why `relative` (a path below src/) may not include `target`, or None."""
    layer = relative.split("/")[0]
    target_layer = target.split("/")[0]
    if layer not in LAYERS_ALLOWED or target_layer not in LAYERS_ALLOWED:
        return None  # not one of ours (a local include such as "environment.hpp")
    if target_layer not in LAYERS_ALLOWED[layer]:
        return f"{layer}/ may not include {target_layer}/"
    if target_layer != "features":
        return None
    target_parts = target.split("/")
    if len(target_parts) < 3:
        return None
    target_room, target_inside = target_parts[1], "/".join(target_parts[2:])
    if target_room not in ROOM_ORDER:
        return f"{target_room} is no room of ROOM_ORDER (tests/architecture/check_imports.py)"
    test = is_test(relative)
    if layer == "features":
        room = relative.split("/")[1]
        if room not in ROOM_ORDER:
            return f"{room} is no room of ROOM_ORDER (tests/architecture/check_imports.py)"
        inside = "/".join(relative.split("/")[2:])
        if room == target_room:
            if room == "integrations":
                mine, theirs = connector_of(inside), connector_of(target_inside)
                if theirs and mine and mine != theirs and not test:
                    return f"the {mine}/ connector may not include the {theirs}/ connector"
            return None
        if not test and ROOM_ORDER.index(target_room) > ROOM_ORDER.index(room):
            return f"{room} is below {target_room}: a lower room may not include a higher one"
    if target_inside.startswith("testing/") or "/testing/" in target_inside:
        return None if test else f"only tests may include {target_room}'s testing/ helpers"
    if not is_public(target_room, target_inside):
        return f"{target_inside} is not a public header of {target_room}"
    return None


def check_tree(src):
    problems = []
    for room, headers in PUBLIC.items():
        for header in headers:
            if not os.path.isfile(os.path.join(src, "features", room, header)):
                problems.append(f"PUBLIC lists features/{room}/{header}, which does not exist")
    for directory, _, names in sorted(os.walk(src)):
        for name in sorted(names):
            if not name.endswith(SOURCE_ENDINGS):
                continue
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, src).replace(os.sep, "/")
            with open(path, encoding="utf-8") as source:
                text = source.read()
            for match in INCLUDE.finditer(text):
                why = check_include(relative, match.group(1))
                if why:
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(f"src/{relative}:{line}: includes \"{match.group(1)}\": {why}")
    return problems


def self_test():
    """Each mistake in a small tree is found, and the allowed arrows pass."""
    files = {
        "platform/db/a.hpp": '#include "features/accounts/accounts_service.hpp"\n',
        "engines/grouping/g.cpp": '#include "platform/db/database.hpp"\n',
        "features/accounts/x.cpp": '#include "features/communities/communities_service.hpp"\n',
        "features/academy/y.cpp": '#include "features/communities/internal.hpp"\n',
        "features/academy/z.cpp": '#include "features/integrations/testing/helper.hpp"\n',
        "features/integrations/mail/m.cpp": '#include "features/integrations/discord/d.hpp"\n',
        "app/app.cpp": '#include "features/academy/internal.hpp"\n',
        "features/accounts/up_test.cpp": '#include "features/academy/academy_service.hpp"\n'
                                         '#include "features/integrations/testing/helper.hpp"\n',
        "features/activity/ok.cpp": '#include "features/academy/academy_service.hpp"\n'
                                    '#include "features/activity/internal.hpp"\n'
                                    '#include "platform/outbox/outbox.hpp"\n',
        "features/integrations/discord/ok.cpp": '#include "features/integrations/worker.hpp"\n',
        "cli/main.cpp": '#include "features/integrations/worker.hpp"\n',
    }
    expected = [
        "src/platform/db/a.hpp:1", "src/engines/grouping/g.cpp:1", "src/features/accounts/x.cpp:1",
        "src/features/academy/y.cpp:1", "src/features/academy/z.cpp:1",
        "src/features/integrations/mail/m.cpp:1", "src/app/app.cpp:1",
    ]
    with tempfile.TemporaryDirectory() as root:
        for relative, text in files.items():
            path = os.path.join(root, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
        for room, headers in PUBLIC.items():
            for header in headers:
                path = os.path.join(root, "features", room, header)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").close()
        problems = check_tree(root)
    found = [problem.split(": ")[0] for problem in problems]
    if sorted(found) != sorted(expected):
        print("self-test: expected problems at", sorted(expected))
        print("self-test: found", *problems, sep="\n  ")
        return 1
    print(f"self-test: the {len(expected)} planted mistakes are found, the allowed arrows pass")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = check_tree(argv[1])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) point the wrong way (docs/architecture.md)")
        return 1
    print("every include points down (docs/architecture.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
