"""A restore keeps the old file's exclusive lock through the swap (issue 16): a second
process that opens the database in the moment between the check that nobody has it open
and the swap can neither read nor write the old file then, and once the name holds the
restored copy its writes to the old file are refused (SQLite: the file "has moved"), so
no write is lost in the file kept aside; the restored file has none of it either."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from models.lifecycle import restore
from models.lifecycle.service import restore_database
from tests.factories.world import youth_data

# opens the database when told, then tries a write each time it is told, saying what happened
INTERLOPER = textwrap.dedent("""
    import sqlite3, sys
    conn = None
    for line in sys.stdin:
        if line.strip() == "open":
            conn = sqlite3.connect(sys.argv[1], timeout=0.3, isolation_level=None)
            print("opened", flush=True)
            continue
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS interloper (x)")
            conn.execute("INSERT INTO interloper VALUES (1)")
            print("wrote", flush=True)
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", 0)
            print(f"refused {code & 0xFF} {code}", flush=True)
""")


def tables(path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    return names


def restore_with_an_interloper(services, world, backups, clock, monkeypatch, *, after: bool) -> tuple:
    """Restore a fresh backup while a second process opens the database and writes in the
    moment between the check and the swap, and (``after``) once more when the restore is
    done. Returns the interloper's answers and the restore's result."""
    if not services.db.is_sqlite:
        pytest.skip("restoring the SQLite file")
    services.youth.create(world.front_desk, world.a, youth_data())
    entry = backups.backup_now(world.admin).entry
    other = subprocess.Popen([sys.executable, "-c", INTERLOPER, str(services.db.sqlite_path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    said = []

    def ask(what: str) -> str:
        other.stdin.write(what + "\n")
        other.stdin.flush()
        said.append(other.stdout.readline().strip())
        return said[-1]

    real_set_aside = restore._set_aside

    def in_the_gap(database, aside):
        # the check is done, the swap not yet: the other process opens the file now
        ask("open")
        ask("write")
        real_set_aside(database, aside)

    monkeypatch.setattr(restore, "_set_aside", in_the_gap)
    try:
        result, fresh = restore_database(services.db, entry.path, world.admin, clock=clock)
        fresh.dispose()
        if after:
            ask("write")
    finally:
        other.stdin.close()
        other.wait(timeout=10)
    return said, result


@pytest.mark.skipif(not restore.HOLD_THROUGH_SWAP, reason="POSIX: the lock is held through the swap")
def test_a_process_that_opens_the_database_during_the_swap_loses_no_write(
        services, world, backups, clock, monkeypatch):
    said, result = restore_with_an_interloper(services, world, backups, clock, monkeypatch, after=True)
    opened, during, after = said
    assert opened == "opened"
    assert during.split()[:2] == ["refused", str(sqlite3.SQLITE_BUSY)]  # locked through the swap
    # after the swap the old file "has moved": SQLITE_READONLY_DBMOVED (8 | 4<<8)
    assert after == f"refused {sqlite3.SQLITE_READONLY} {sqlite3.SQLITE_READONLY | (4 << 8)}"
    assert "interloper" not in tables(result.kept_aside)
    assert "interloper" not in tables(services.db.sqlite_path)


def test_without_the_lock_held_the_gap_would_lose_the_write(services, world, backups, clock, monkeypatch):
    """The same interloper against a restore that lets go before the swap (as Windows has
    to): its write lands in the file kept aside, which the held lock prevents."""
    monkeypatch.setattr(restore, "HOLD_THROUGH_SWAP", False)
    said, result = restore_with_an_interloper(services, world, backups, clock, monkeypatch, after=False)
    assert said == ["opened", "wrote"]
    assert "interloper" in tables(result.kept_aside)  # the write went to the old file
