#!/usr/bin/env python3
"""Table ownership: each table belongs to one room or to the platform
(migrations/README.md, "Who owns which table"). Reads the SQL string
literals of every room's sources (src/features/<room>/, tests and
benchmarks left out: their fixtures set up whole scenarios) and fails when a
room names, after FROM, JOIN, INTO or UPDATE, a table another room owns.

The platform's tables (the outbox) may be named by the integrations room,
which delivers them. Cross-room reads from before this rule are listed in
tests/architecture/table_debts.txt ("<file below src/features> <table>");
they pass until replaced by a call to the owner's service, and a debt that
is paid must leave the list (the test fails on a stale line), so it only
shrinks.

Also: every CREATE TABLE in migrations/ has exactly one owner in the README.

Usage: check_tables.py REPO_DIR      check_tables.py --self-test
"""
import os
import re
import sys

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
COMMENT = re.compile(r"//[^\n]*")
# SQL keywords are written in capitals in this code base: prose ("from the") is not SQL.
REFERENCE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_][a-z0-9_]*)")
CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)", re.I)
# A table rebuild creates "<table>_next" and renames it to the table: the
# temporary name is not a table of its own.
RENAMED = re.compile(r"ALTER\s+TABLE\s+([a-z_][a-z0-9_]*)\s+RENAME\s+TO\s+", re.I)
OWNERS_HEADING = "## Who owns which table"


def read_owners(readme_text):
    """{table: owner} from the README's owner table; duplicates are errors."""
    owners, problems = {}, []
    section = readme_text.split(OWNERS_HEADING, 1)
    if len(section) < 2:
        return owners, [f"migrations/README.md has no section '{OWNERS_HEADING}'"]
    for line in section[1].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("owner", "") or set(cells[0]) <= {"-", " "}:
            continue
        for table in (name.strip() for name in cells[1].split(",")):
            if table in owners:
                problems.append(f"migrations/README.md: {table} has two owners")
            owners[table] = cells[0]
    return owners, problems


def sql_references(source_text):
    """The table names a source's string literals name, with their lines."""
    text = COMMENT.sub("", source_text)
    literals = [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in LITERAL.finditer(text)]
    # Adjacent literals are one statement in C++: join them before looking.
    joined, lines = "", []
    for literal, line in literals:
        lines.append((len(joined), line))
        joined += literal + " "
    found = []
    for match in REFERENCE.finditer(joined):
        line = max((l for start, l in lines if start <= match.start()), default=0)
        found.append((match.group(1), line))
    return found


def is_test(relative):
    name = os.path.basename(relative)
    return name.endswith(("_test.cpp", "_bench.cpp")) or "/testing/" in relative


def check(repo, debts_path):
    problems = []
    with open(os.path.join(repo, "migrations", "README.md"), encoding="utf-8") as readme:
        owners, owner_problems = read_owners(readme.read())
    problems += owner_problems
    for name in sorted(os.listdir(os.path.join(repo, "migrations"))):
        if name.endswith(".sql"):
            with open(os.path.join(repo, "migrations", name), encoding="utf-8") as sql:
                text = sql.read()
                renamed = set(RENAMED.findall(text))
                for table in CREATE.findall(text):
                    if table not in owners and table not in renamed:
                        problems.append(f"migrations/{name}: {table} has no owner in "
                                        "migrations/README.md")
    debts = set()
    if os.path.exists(debts_path):
        with open(debts_path, encoding="utf-8") as listed:
            for line in listed:
                line = line.split("#", 1)[0].strip()
                if line:
                    debts.add(tuple(line.split()))
    seen_debts = set()
    features = os.path.join(repo, "src", "features")
    for directory, _, names in sorted(os.walk(features)):
        for name in sorted(names):
            if not name.endswith((".cpp", ".hpp")):
                continue
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, features).replace(os.sep, "/")
            if is_test(relative):
                continue
            room = relative.split("/")[0]
            with open(path, encoding="utf-8") as source:
                references = sql_references(source.read())
            for table, line in references:
                owner = owners.get(table)
                if owner is None or owner == room:
                    continue
                if owner == "platform" and room == "integrations":
                    continue
                if (relative, table) in debts:
                    seen_debts.add((relative, table))
                    continue
                problems.append(f"src/features/{relative}:{line}: {room} names {table}, "
                                f"a table of {owner}: ask {owner}'s service")
    for debt in sorted(debts - seen_debts):
        problems.append(f"tests/architecture/table_debts.txt: '{' '.join(debt)}' is paid "
                        "(no longer named): remove the line")
    return problems, len(seen_debts)


def self_test():
    readme = f"{OWNERS_HEADING}\n\n| owner | tables |\n| --- | --- |\n| academy | cohorts |\n"
    owners, _ = read_owners(readme)
    source = ('auto q = tx.query("SELECT c.id FROM cohorts c "\n'
              '                   "JOIN users u ON u.id = c.x"); // FROM memberships\n'
              'const char* label = "from here";\n')
    references = sql_references(source)
    ok = (owners == {"cohorts": "academy"} and
          references == [("cohorts", 1), ("users", 2)])
    print("self-test:", "ok" if ok else f"wrong: owners {owners}, references {references}")
    return 0 if ok else 1


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    debts_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "table_debts.txt")
    problems, debts = check(argv[1], debts_path)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) with table ownership (migrations/README.md)")
        return 1
    print(f"every room keeps to its own tables, but for {debts} recorded debt(s) "
          "(tests/architecture/table_debts.txt)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
