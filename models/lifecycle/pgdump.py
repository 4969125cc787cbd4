"""``pg_dump -Fc`` of a PostgreSQL database, for ``main.py backup``.

The backups of a PostgreSQL database belong to its server (its administrator's dumps,
base backups and WAL archiving); this is a convenience for a one-off copy from a desk that
has the PostgreSQL client tools. The password, if the URL has one, goes to pg_dump in
``PGPASSWORD``, never on its command line (which other users of the machine can read).
The dump is written to a temporary name and renamed when pg_dump succeeded, so a failed
dump leaves no half file. Restore: ``pg_restore --clean --if-exists -d URL FILE``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from models.lifecycle.backup import BackupError

MISSING = ("pg_dump가 설치되어 있지 않아 백업하지 못했습니다. PostgreSQL 데이터베이스의 백업은 서버가 맡습니다: "
           "서버 관리자에게 문의하거나, 이 PC에 PostgreSQL 클라이언트 도구(pg_dump)를 설치한 뒤 다시 실행하세요.")
TIMEOUT_S = 6 * 3600


def conninfo(url: URL) -> tuple[str, dict[str, str]]:
    """The URL libpq understands (no driver, no password) and the environment for pg_dump."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_dump(url: URL, target: Path, *, executable: str | None = None) -> Path:
    """Dump the database at ``url`` to ``target`` in pg_dump's custom format (``-Fc``)."""
    exe = executable or shutil.which("pg_dump")
    if exe is None:
        raise BackupError(MISSING)
    if target.exists():
        raise BackupError(f"이미 있는 파일에는 백업하지 않습니다: {target}. 다른 이름을 고르세요.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise BackupError(f"백업 폴더에 파일을 만들 수 없습니다: {target.parent}. 폴더와 권한을 확인하세요.") from None
    partial = target.with_name(f".{target.name}.partial")
    dsn, env = conninfo(url)
    try:
        proc = subprocess.run([exe, "-Fc", "--no-password", "-f", str(partial), "--dbname", dsn],
                              env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump를 실행하지 못했습니다({type(exc).__name__}).") from None
    if proc.returncode != 0:
        partial.unlink(missing_ok=True)
        first = next((line for line in proc.stderr.splitlines() if line.strip()), "")
        raise BackupError(f"pg_dump가 백업하지 못했습니다(종료 코드 {proc.returncode}). {first}".strip())
    os.replace(partial, target)
    return target
