"""One verified copy of the SQLite database file, its manifest, and the list of copies.

**The copy.** SQLite's online backup API (``sqlite3.Connection.backup``) copies the file
from a connection of its own, ``STEP_PAGES`` pages a step with a short sleep after each,
so the desk keeps working: between steps the copy holds no lock. When another connection
writes between two steps SQLite starts the copy over; after ``MAX_RESTARTS`` restarts the
rest is copied in one step (the app's files are in WAL mode, where a reader blocks no
writer: the copy is then the snapshot the step began with). Either way the copy is one
committed state of the database. The finished copy is switched to a rollback journal
(``journal_mode=DELETE``), so it is a single file and opening it to read leaves nothing
beside it.

**The verification.** ``PRAGMA integrity_check`` and a row count per table, read from the
copy itself, together with its application id and schema revision (a copy must be the
app's, of a schema this app knows). The verdict goes into a manifest beside the copy,
``<copy>.json``: when, the size, the verdict and its problems, the counts, the schema, the
audit log's last seq and hash, the SHA-256 of the file, and the size and modification time
it had when verified. The list reads manifests and ``stat`` only, so it shows the verified
state without opening the copies; a copy whose size or time no longer match its manifest
is shown as changed, never as good, and a restore checks the copy again in full.

The audit log's head of the copy goes beside it too (``<copy>.audit-head``, see
``models.core.audit_head``), read from the copy: a restored copy's head file matches its
log (the live file's head may already be ahead of the snapshot).

Names: ``<database stem>-YYYYMMDD-HHMMSS.db`` in Seoul time (``-2``, ``-3``… within one
second), so copies of several databases can share one folder and each lists its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from models.core import audit_head
from models.core.audit_chain import Head
from models.core.db import APPLICATION_ID, read_header
from models.core.errors import DomainError
from models.core.migrate import REVISIONS
from models.core.time import SEOUL

BACKUP_DIR_ENV = "YJD_BACKUP_DIR"
STEP_PAGES = 1024  # 4 MB a step at SQLite's default page size
STEP_SLEEP_S = 0.005
MAX_RESTARTS = 3
MANIFEST_SUFFIX = ".json"
FORMAT = 1


class BackupError(DomainError):
    """A copy that could not be made, or a file that cannot be restored (Korean message)."""


MESSAGES = {
    "no_file": "백업할 데이터베이스 파일이 없습니다: {path}",
    "memory": "메모리 데이터베이스는 백업할 수 없습니다.",
    "folder": "백업 폴더에 파일을 만들 수 없습니다: {folder}. 폴더와 권한을 확인하세요.",
    "exists": "이미 있는 파일에는 백업하지 않습니다: {path}. 다른 이름을 고르세요.",
    "same": "데이터베이스 파일 자신에는 백업할 수 없습니다. 다른 이름을 고르세요.",
    "full": "디스크 공간이 부족해 백업하지 못했습니다. 공간을 확보한 뒤 다시 시도하세요. 데이터베이스는 그대로입니다.",
    "busy": "데이터베이스가 다른 프로그램에 잠겨 있어 백업하지 못했습니다. 잠시 후 다시 시도하세요.",
    "corrupt": "데이터베이스 파일이 손상되어 백업하지 못했습니다. 이전 백업에서 복원하세요.",
    "failed": "백업하지 못했습니다(SQLite 오류 코드 {code}). 데이터베이스는 그대로입니다.",
}


def error(kind: str, **fmt) -> BackupError:
    return BackupError(MESSAGES[kind].format(**fmt))


class State(StrEnum):
    VERIFIED = "verified"
    CORRUPT = "corrupt"
    CHANGED = "changed"
    UNVERIFIED = "unverified"

    @property
    def label(self) -> str:
        return {"verified": "검증됨", "corrupt": "검증 실패", "changed": "검증 뒤 바뀜",
                "unverified": "검증 기록 없음"}[self.value]


@dataclass(frozen=True)
class Verification:
    """What the copy itself says: ``ok`` when the integrity check passed and the file is
    the app's, of a schema this app knows."""

    ok: bool
    problems: tuple[str, ...]  # integrity_check's lines (page and index names, no values)
    tables: dict[str, int] = field(default_factory=dict)
    schema: str | None = None
    audit_head: Head | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass(frozen=True)
class BackupEntry:
    """One copy as the list shows it (from its manifest and ``stat``)."""

    path: Path
    taken_at: datetime  # aware UTC
    size: int
    state: State
    problem: str | None = None  # Korean: why it is not good
    tables: int = 0
    rows: int = 0
    audit_seq: int | None = None
    schema: str | None = None
    restarts: int = 0

    @property
    def good(self) -> bool:
        """Offered for a restore and counted by the retention: verified and unchanged."""
        return self.state is State.VERIFIED

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def order(self) -> tuple:
        """Oldest first: the time taken, then the ``-2``, ``-3``… of one second."""
        found = re.search(r"-\d{6}-(\d+)\.db$", self.name)
        return self.taken_at, int(found.group(1)) if found else 1, self.name

    @property
    def state_text(self) -> str:
        if self.good:
            return f"검증됨 (표 {self.tables}개, {self.rows:,}행)"
        return f"{self.state.label}: {self.problem}" if self.problem else self.state.label


def default_folder() -> Path:
    """``YJD_BACKUP_DIR``, else ``backups`` in the user data folder (``YJD_DATA_DIR`` or the
    platform's, as ``cli.common.data_dir`` finds it)."""
    if os.environ.get(BACKUP_DIR_ENV):
        return Path(os.environ[BACKUP_DIR_ENV])
    from platformdirs import user_data_dir
    data = os.environ.get("YJD_DATA_DIR") or user_data_dir("youth-jobs-desk", appauthor=False)
    return Path(data) / "backups"


def manifest_path(copy: Path) -> Path:
    return copy.with_name(copy.name + MANIFEST_SUFFIX)


def _name_pattern(stem: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-\d+)?\.db$")


def new_copy_path(folder: Path, stem: str, now: datetime) -> Path:
    """A free name for a copy taken at ``now`` (Seoul time in the name)."""
    base = f"{stem}-{now.astimezone(SEOUL):%Y%m%d-%H%M%S}"
    path, n = folder / f"{base}.db", 1
    while path.exists() or manifest_path(path).exists():
        n += 1
        path = folder / f"{base}-{n}.db"
    return path


# -- the copy -------------------------------------------------------------------------
class _Restart(Exception):
    """Too many restarts: copy the rest in one step."""


def copy_database(source: Path, target: Path, *, busy_ms: int = 5000, step_pages: int = STEP_PAGES,
                  sleep_s: float = STEP_SLEEP_S, max_restarts: int = MAX_RESTARTS) -> int:
    """Copy the SQLite file ``source`` to ``target`` (which must not exist) with the online
    backup API; returns how many times the stepped copy started over. A copy that fails
    leaves nothing at ``target``."""
    if not source.is_file():
        raise error("no_file", path=source)
    partial = target.with_name(f".{target.name}.partial")
    try:
        _remove(partial)
        src = sqlite3.connect(str(source), timeout=busy_ms / 1000)
        try:
            src.execute("PRAGMA query_only=ON")
            restarts = _stepped(src, partial, step_pages, sleep_s, max_restarts)
            if restarts is None:
                restarts = max_restarts + 1
                _remove(partial)
                _one_step(src, partial)
        finally:
            src.close()
        os.chmod(partial, 0o600)  # every personal record is in it: its owner's alone
        os.replace(partial, target)
    except sqlite3.Error as exc:
        _remove(partial)
        raise _copy_error(exc, target.parent) from None
    except OSError:
        _remove(partial)
        raise error("folder", folder=target.parent) from None
    return restarts


def _stepped(src: sqlite3.Connection, partial: Path, step_pages: int, sleep_s: float,
             max_restarts: int) -> int | None:
    seen = {"remaining": None, "restarts": 0}

    def progress(status: int, remaining: int, _total: int) -> None:
        before = seen["remaining"]
        if status == sqlite3.SQLITE_OK and before is not None and remaining >= before:
            seen["restarts"] += 1  # another connection wrote: SQLite began again
            if seen["restarts"] > max_restarts:
                raise _Restart
        seen["remaining"] = remaining
        if remaining:
            time.sleep(sleep_s)  # the desk's writes get the file between steps

    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst, pages=step_pages, progress=progress)
        dst.execute("PRAGMA journal_mode=DELETE")
    except _Restart:
        return None
    finally:
        dst.close()
    return seen["restarts"]


def _one_step(src: sqlite3.Connection, partial: Path) -> None:
    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()


def _copy_error(exc: sqlite3.Error, folder: Path) -> BackupError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    kinds = {sqlite3.SQLITE_FULL: "full", sqlite3.SQLITE_BUSY: "busy", sqlite3.SQLITE_LOCKED: "busy",
             sqlite3.SQLITE_CORRUPT: "corrupt", sqlite3.SQLITE_NOTADB: "corrupt"}
    if primary == sqlite3.SQLITE_CANTOPEN or primary == sqlite3.SQLITE_READONLY:
        return error("folder", folder=folder)
    if primary in kinds:
        return error(kinds[primary])
    return error("failed", code=code if code is not None else "?")


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


# -- the verification --------------------------------------------------------------------
def _read_only_uri(path: Path) -> str:
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
    try:
        header = read_header(path)
    except DomainError:
        header = None  # not a whole SQLite file: SQLite says so when it opens it
    if header is not None and header.wal and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"  # a WAL-mode file on its own: nothing to create beside it
    return uri


def verify_copy(path: Path) -> Verification:
    """Check the copy at ``path``: integrity, a count per table, that it is the app's."""
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return Verification(False, (_unreadable(exc),))
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        problems = tuple(str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)"))
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        tables = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        schema = None
        if "alembic_version" in tables:
            revs = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            schema = revs[0] if len(revs) == 1 else None
        head = None
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
        if {"seq", "row_hash"} <= columns:  # the chain exists from schema 0006 on
            last = conn.execute("SELECT seq, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
            head = Head(last[0] or 0, last[1] or "0" * 64) if last else Head(0, "0" * 64)
    except sqlite3.Error as exc:
        return Verification(False, (_unreadable(exc),))
    finally:
        conn.close()
    found = [] if problems == ("ok",) else [f"무결성 검사: {p}" for p in problems]
    if schema is None or (app_id != APPLICATION_ID and app_id != 0):
        found.append("청년일자리 데스크의 데이터베이스가 아닙니다.")
    elif schema not in REVISIONS:
        found.append(f"더 새로운 버전의 프로그램이 만든 데이터베이스입니다(스키마 {schema}).")
    return Verification(not found, tuple(found), tables, schema, head)


def _unreadable(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    return f"파일을 데이터베이스로 읽을 수 없습니다(SQLite 오류 코드 {code if code is not None else '?'})."


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- manifests ---------------------------------------------------------------------------
def write_manifest(copy: Path, data: dict) -> None:
    """Replace the manifest of ``copy`` atomically (a temporary file, then a rename)."""
    target = manifest_path(copy)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(copy: Path) -> dict | None:
    """The manifest of ``copy``; None when there is none; ``{}`` when it cannot be read."""
    try:
        data = json.loads(manifest_path(copy).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def make_copy(source: Path, target: Path, now: datetime, *, busy_ms: int = 5000,
              step_pages: int = STEP_PAGES, sleep_s: float = STEP_SLEEP_S) -> BackupEntry:
    """Copy ``source`` to ``target``, verify the copy and write its manifest and audit head
    file beside it. A copy that fails its verification stays, reported in its manifest (and
    the entry returned) as corrupt."""
    if target.absolute() == source.absolute():
        raise error("same")
    if target.exists() or manifest_path(target).exists():
        raise error("exists", path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise error("folder", folder=target.parent) from None
    started = time.monotonic()
    restarts = copy_database(source, target, busy_ms=busy_ms, step_pages=step_pages, sleep_s=sleep_s)
    check = verify_copy(target)
    try:
        if check.ok and check.audit_head is not None:
            audit_head.write(audit_head.beside(target), check.audit_head)
        stat = target.stat()
        data = {
            "format": FORMAT, "source": source.name, "file": target.name,
            "created_at": now.astimezone(UTC).isoformat(), "seconds": round(time.monotonic() - started, 3),
            "restarts": restarts, "ok": check.ok, "problems": list(check.problems),
            "tables": check.tables, "rows": check.rows, "schema": check.schema,
            "audit_head": None if check.audit_head is None else
            {"seq": check.audit_head.seq, "hash": check.audit_head.hash},
            "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256(target),
        }
        write_manifest(target, data)
    except OSError:
        raise error("folder", folder=target.parent) from None
    return entry_of(target, data, stat)


# -- the list ----------------------------------------------------------------------------
def entry_of(path: Path, data: dict | None, stat: os.stat_result) -> BackupEntry:
    """The list's view of one copy: its manifest checked against the file's size and time."""
    taken = _taken_at(path, data)
    if not data:
        why = "검증 기록(manifest)이 없습니다." if data is None else "검증 기록(manifest)을 읽을 수 없습니다."
        return BackupEntry(path, taken, stat.st_size, State.UNVERIFIED, why)
    common = dict(tables=len(data.get("tables") or {}), rows=int(data.get("rows") or 0),
                  audit_seq=(data.get("audit_head") or {}).get("seq"), schema=data.get("schema"),
                  restarts=int(data.get("restarts") or 0))
    if not data.get("ok"):
        problems = data.get("problems") or ["검증에 실패했습니다."]
        return BackupEntry(path, taken, stat.st_size, State.CORRUPT, str(problems[0]), **common)
    if stat.st_size != data.get("size") or stat.st_mtime_ns != data.get("mtime_ns"):
        return BackupEntry(path, taken, stat.st_size, State.CHANGED,
                           "검증한 뒤 파일의 크기나 수정 시각이 바뀌었습니다.", **common)
    return BackupEntry(path, taken, stat.st_size, State.VERIFIED, None, **common)


def _taken_at(path: Path, data: dict | None) -> datetime:
    if data and isinstance(data.get("created_at"), str):
        try:
            moment = datetime.fromisoformat(data["created_at"])
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
        except ValueError:
            pass
    found = re.search(r"-(\d{8}-\d{6})(?:-\d+)?\.db$", path.name)
    if found:
        return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=SEOUL).astimezone(UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def list_copies(folder: Path, stem: str) -> list[BackupEntry]:
    """The copies of the database named ``stem`` in ``folder``, newest first."""
    pattern = _name_pattern(stem)
    try:
        names = sorted(p for p in folder.iterdir() if pattern.match(p.name) and p.is_file())
    except FileNotFoundError:
        return []
    except OSError:
        raise error("folder", folder=folder) from None
    out = []
    for path in names:
        try:
            out.append(entry_of(path, read_manifest(path), path.stat()))
        except FileNotFoundError:  # removed meanwhile (another desk's retention)
            continue
    return sorted(out, key=lambda e: e.order, reverse=True)


def remove_copy(path: Path) -> None:
    """Delete a copy with its manifest and head file (the retention's, never the database's)."""
    for p in (path, manifest_path(path), audit_head.beside(path)):
        p.unlink(missing_ok=True)


def size_text(size: int) -> str:
    """``812 KB``, ``12.3 MB``, ``5.27 GB`` (1024-based, as file managers show)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB" if size else "0 KB"
    if size < 1024 ** 3:
        return f"{size / 1024 ** 2:.1f} MB"
    return f"{size / 1024 ** 3:.2f} GB"
