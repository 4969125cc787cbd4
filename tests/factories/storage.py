"""Database files the app must refuse at start, or accept, and a fingerprint of a folder.

Each ``BAD_FILES`` builder writes one file at the path it is given; the storage tests at
start (``tests/models/core/test_storage_at_start.py``, ``tests/cli/test_cli_storage.py``)
check that the app refuses it with a Korean message and leaves the folder as it was.
``app_file`` copies the migrated template (the app's own file, with its application id).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path

from models.core.errors import StorageError

RELEASES = Path(__file__).resolve().parents[1] / "fixtures" / "migrations"


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder``: name -> sha256 of its bytes (a new ``-wal``, ``-shm`` or
    ``-journal`` shows as a new name, a rewritten header as a new digest)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def app_file(template: Path, path: Path, *, journal: str = "wal") -> Path:
    """A copy of the app's migrated template at ``path``; ``journal="delete"`` turns it
    into a rollback-journal file (as a file copied from an older tool may be)."""
    shutil.copy(template, path)
    if journal != "wal":
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA journal_mode={journal}")
        conn.close()
    return path


def release_file(rev: str, path: Path) -> Path:
    """A copy of a released version's file (made before the app had an application id)."""
    shutil.copy(RELEASES / f"release-{rev}.db", path)
    return path


def _random_bytes(path: Path, _template: Path) -> None:
    path.write_bytes(random.Random(9).randbytes(8192))


def _truncated(path: Path, template: Path) -> None:
    data = template.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    path.write_bytes(data[: page * 2])  # the header still says how many pages there were


def _header_only(path: Path, template: Path) -> None:
    path.write_bytes(template.read_bytes()[:100])


def _foreign(path: Path, statements: list[str], *, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _foreign_with_youth(path: Path, _template: Path) -> None:
    """Another program's file with a table named as one of the app's."""
    _foreign(path, ["CREATE TABLE youth (id INTEGER PRIMARY KEY, nickname TEXT)",
                    "INSERT INTO youth (nickname) VALUES ('someone else''s row')"])


def _foreign_without_clash(path: Path, _template: Path) -> None:
    _foreign(path, ["CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)",
                    "INSERT INTO recipes (title) VALUES ('kimchi')"])


def _foreign_in_wal_mode(path: Path, _template: Path) -> None:
    """Another program's file in WAL mode, no ``-wal`` beside it (closed cleanly)."""
    _foreign(path, ["CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')"], wal=True)


def _foreign_alembic(path: Path, _template: Path) -> None:
    """Another program that uses Alembic too: its revision is none of the app's."""
    _foreign(path, ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                    "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
                    "CREATE TABLE orders (id INTEGER PRIMARY KEY)"])


def _other_application_id(path: Path, template: Path) -> None:
    """The app's schema, but another program's application id."""
    app_file(template, path, journal="delete")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
    conn.close()


#: name -> (builder(path, template), the StorageError kind it is refused with)
BAD_FILES = {
    "random_bytes": (_random_bytes, StorageError.CORRUPT),
    "truncated_app_file": (_truncated, StorageError.CORRUPT),
    "header_only": (_header_only, StorageError.CORRUPT),
    "foreign_with_youth_table": (_foreign_with_youth, StorageError.FOREIGN),
    "foreign_without_clash": (_foreign_without_clash, StorageError.FOREIGN),
    "foreign_in_wal_mode": (_foreign_in_wal_mode, StorageError.FOREIGN),
    "foreign_alembic_revision": (_foreign_alembic, StorageError.FOREIGN),
    "other_application_id": (_other_application_id, StorageError.FOREIGN),
}


def future_file(template: Path, path: Path) -> Path:
    """The app's file (rollback journal) at a revision this code does not know."""
    app_file(template, path, journal="delete")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    return path


def deny_writes(monkeypatch, *paths: Path) -> None:
    """``os.access(p, W_OK)`` is False for ``paths``: a read-only file or folder as root
    sees it on a read-only mount (root's writes pass a chmod, so a chmod alone would make
    the test pass only as another user)."""
    import os
    real = os.access
    denied = {Path(p).absolute() for p in paths}

    def access(path, mode, *args, **kw):
        if mode & os.W_OK and Path(path).absolute() in denied:
            return False
        return real(path, mode, *args, **kw)

    monkeypatch.setattr(os, "access", access)
