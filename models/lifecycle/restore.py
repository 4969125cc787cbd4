"""Putting a verified copy in place of the SQLite database file.

1. The copy is checked again in full (``verify_copy``: integrity, the app's file, a schema
   this app knows) and against its manifest when it has one (the same row counts, the same
   SHA-256): a copy that fails is refused and nothing changes.
2. No other program may have the database open. A separate connection asks for the file
   alone (``PRAGMA locking_mode=EXCLUSIVE`` then ``BEGIN EXCLUSIVE``, with a short busy
   timeout). In WAL mode a plain ``BEGIN EXCLUSIVE`` would not do: WAL readers do not block
   it. In exclusive locking mode it needs every other connection gone, idle ones included
   (each keeps a shared lock while it is open). Refused: ``DatabaseInUse``, in Korean, and
   nothing changes. Granted: the WAL is checkpointed into the file and switched off
   (``journal_mode=DELETE``), so the file is whole on its own, and the connection keeps
   an exclusive transaction open through step 3 and the swap of step 4 (POSIX): a program
   that opens the old file meanwhile can neither read nor write it, and once the name
   holds the copy SQLite refuses that program's writes to the old file (it "has moved",
   ``SQLITE_READONLY_DBMOVED``). On Windows, where a file SQLite holds open cannot be
   renamed, the lock is let go just before the swap, and a program that opened the file
   in that moment makes the swap fail: reported as ``DatabaseInUse``, nothing changed.
3. The current file is kept aside, never deleted: ``<name>.before-restore-<Seoul time>``
   (a hard link, then the copy replaces the name atomically, so there is no moment without
   a database file; a rename where links are not possible), with its ``.audit-head``. A
   file that is not a whole SQLite file by its header (the reason for many restores) is
   not opened at all and kept aside as it is, its ``-wal`` and ``-shm`` beside it under the
   new name.
4. The copy is copied in (a temporary file beside the database, synced, then ``os.replace``)
   with the copy's ``.audit-head``, and verified where it now is. Should that fail, the
   previous file is put back (it stays aside too).

The app then opens the restored file as at start-up (``models.core.migrate.upgrade``: a
copy of an older schema is upgraded, after its own ``VACUUM INTO`` copy).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.core import audit_head
from models.core.db import read_header
from models.core.errors import StorageError
from models.core.time import SEOUL
from models.lifecycle.backup import (
    BackupError,
    Verification,
    read_manifest,
    sha256,
    verify_copy,
)

PROBE_TIMEOUT_S = 1.0
IN_USE = ("다른 프로그램이 데이터베이스를 열고 있어 복원하지 않았습니다. 이 데이터베이스를 쓰는 "
          "청년일자리 데스크 창(다른 창이나 명령 포함)을 모두 닫은 뒤 다시 시도하세요. 파일은 바꾸지 않았습니다.")


class DatabaseInUse(BackupError):
    def __init__(self):
        super().__init__(IN_USE)


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    backup: Path
    kept_aside: Path | None  # the file that was there before; None when there was none
    taken_at: datetime | None  # when the copy was taken (its manifest), aware UTC
    tables: int
    rows: int
    schema: str | None


def check_backup(path: Path) -> tuple[Verification, dict | None]:
    """The copy at ``path`` checked for a restore, with its manifest; ``BackupError`` when
    it may not be used."""
    if not path.is_file():
        raise BackupError(f"백업 파일이 없습니다: {path}")
    check = verify_copy(path)
    if not check.ok:
        raise BackupError(f"이 백업은 손상되었거나 쓸 수 없어 복원하지 않았습니다: {check.problems[0]} "
                          "데이터베이스는 그대로입니다.")
    data = read_manifest(path)
    if data == {}:  # a manifest that cannot be read is no proof the copy was verified
        raise BackupError("이 백업의 검증 기록(.json)을 읽을 수 없어 복원하지 않았습니다. 검증 기록이 없는 파일로 "
                          "복원하려면 그 .json 파일을 옮긴 뒤 다시 하세요. 데이터베이스는 그대로입니다.")
    if data is not None:
        if not data.get("ok"):
            raise BackupError("백업할 때 검증에 실패한 파일이어서 복원하지 않았습니다. 데이터베이스는 그대로입니다.")
        if data.get("tables") != check.tables:
            raise BackupError("백업의 표별 행 수가 검증 기록과 달라 복원하지 않았습니다. 데이터베이스는 그대로입니다.")
        if data.get("sha256") and data["sha256"] != sha256(path):
            raise BackupError("백업 파일의 내용이 검증한 뒤 바뀌어 복원하지 않았습니다. 데이터베이스는 그대로입니다.")
    return check, data


def claim(path: Path, timeout_s: float = PROBE_TIMEOUT_S, *, hold: bool = False):
    """Make sure no other connection has ``path`` open, and fold its WAL into the file.
    Raises ``DatabaseInUse``; returns False for a file SQLite cannot read (kept aside as
    it is), True otherwise — or, with ``hold``, the connection itself, still holding the
    file's exclusive lock (an open ``BEGIN EXCLUSIVE`` in rollback-journal mode: no other
    connection may read or write) until it is closed."""
    conn = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        if hold:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise DatabaseInUse() from None
        if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return False
        raise BackupError(f"데이터베이스 파일을 확인하지 못해 복원하지 않았습니다(SQLite 오류 코드 {code}).") from None
    except BaseException:
        conn.close()
        raise
    if hold:
        return conn
    conn.close()
    return True


# Where an open file's name can be replaced (POSIX), the restore keeps the exclusive lock
# through the swap. Windows refuses to rename a file SQLite holds open; there the lock is
# let go just before, and a program that opened the file in that moment makes the rename
# fail: it is reported as the database in use.
HOLD_THROUGH_SWAP = os.name != "nt"


def _whole(path: Path) -> bool:
    """Whether ``path`` looks like a whole SQLite file by its header (read as plain bytes).
    One that does not is not opened at all: SQLite would drop a ``-wal`` beside it."""
    try:
        read_header(path)
    except StorageError:
        return False
    return True


def _free(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _copy_synced(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    with dst.open("rb+") as f:
        os.fsync(f.fileno())


def claim_patiently(path: Path, timeout_s: float, let_go: Callable[[], None] | None, *, hold: bool = False):
    """``claim``, asking ``let_go`` between tries to close this process's own connections
    (a read that was running when the engine was disposed returns its connection to the
    old pool, which keeps it open until it is collected), until ``timeout_s`` has passed.
    With ``hold``: the connection holding the lock (or False, as ``claim``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return claim(path, min(timeout_s, 0.25), hold=hold)
        except DatabaseInUse:
            if let_go is None or time.monotonic() >= deadline:
                raise
            let_go()
            time.sleep(0.05)


def restore_file(database: Path, backup: Path, now: datetime, *, timeout_s: float = PROBE_TIMEOUT_S,
                 let_go: Callable[[], None] | None = None) -> RestoreResult:
    """Put the copy ``backup`` in place of ``database`` (see the module's text).
    ``let_go`` closes this process's own connections (see ``claim_patiently``)."""
    check, data = check_backup(backup)
    if database.exists() and backup.resolve() == database.resolve():
        raise BackupError("데이터베이스 파일 자신으로는 복원할 수 없습니다. 백업 파일을 고르세요.")
    if not database.parent.is_dir():
        raise BackupError(f"데이터베이스 폴더가 없습니다: {database.parent}")
    staged = database.with_name(f".{database.name}.restoring")
    aside = None
    holding = None  # the connection that keeps the old file's exclusive lock through the swap
    try:
        _copy_synced(backup, staged)
        if database.exists():
            if _whole(database):  # else no program has it open as a database: kept as it is
                held = claim_patiently(database, timeout_s, let_go, hold=HOLD_THROUGH_SWAP)
                holding = held if isinstance(held, sqlite3.Connection) else None
            shutil.copymode(database, staged)
            aside = _free(database.with_name(f"{database.name}.before-restore-{now.astimezone(SEOUL):%Y%m%d-%H%M%S}"))
            _set_aside(database, aside)
        try:
            os.replace(staged, database)
        except PermissionError:
            if aside is not None and not HOLD_THROUGH_SWAP:  # Windows: opened since the claim
                raise DatabaseInUse() from None
            raise
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise BackupError(f"파일을 옮기지 못해 복원하지 않았습니다({type(exc).__name__}). 폴더의 권한과 공간을 "
                          "확인하세요.") from None
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        # the old file (now the one kept aside) is let go only once the name holds the
        # copy: a program that opened the old file meanwhile waited on the lock, and SQLite
        # refuses its writes now that the name is another file's (SQLITE_READONLY_DBMOVED)
        if holding is not None:
            holding.close()
    _place_head(database, backup)
    placed = verify_copy(database)
    if not placed.ok or placed.tables != check.tables:
        if aside is not None:
            back = database.with_name(f".{database.name}.putting-back")
            _copy_synced(aside, back)
            os.replace(back, database)
            if audit_head.beside(aside).exists():
                shutil.copyfile(audit_head.beside(aside), audit_head.beside(database))
        raise BackupError("복원한 파일이 검증을 통과하지 못해 이전 파일로 되돌렸습니다. 디스크 상태를 확인하세요.")
    taken = None
    if data and isinstance(data.get("created_at"), str):
        taken = datetime.fromisoformat(data["created_at"])
    return RestoreResult(database, backup, aside, taken, len(check.tables), check.rows, check.schema)


def _set_aside(database: Path, aside: Path) -> None:
    for tail in ("-wal", "-shm", "-journal"):  # only a file SQLite could not read keeps them
        side = Path(f"{database}{tail}")
        if side.exists():
            os.replace(side, Path(f"{aside}{tail}"))
    head = audit_head.beside(database)
    if head.exists():
        shutil.copyfile(head, audit_head.beside(aside))
    try:
        os.link(database, aside)  # the name is replaced next: never a moment without a file
    except OSError:
        os.rename(database, aside)


def _place_head(database: Path, backup: Path) -> None:
    """The copy's audit head file goes with it; without one, none (the next write makes
    it, and ``check`` notes its absence meanwhile)."""
    source, target = audit_head.beside(backup), audit_head.beside(database)
    try:
        head = audit_head.read(source)
    except audit_head.BadHeadFile:
        head = None
    if head is not None:
        audit_head.write(target, head)
    else:
        target.unlink(missing_ok=True)
