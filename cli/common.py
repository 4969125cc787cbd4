"""What every command shares: exit codes, paths, logging, the error line, opening the database."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from datetime import datetime
from pathlib import Path

APP_NAME = "youth-jobs-desk"
EXIT_FAILED, EXIT_STORAGE = 1, 2


def db_options(p: argparse.ArgumentParser, suppress: bool) -> None:
    """--db and --database-url, on the main parser and on every command."""
    default = argparse.SUPPRESS if suppress else None
    g = p.add_argument_group("데이터베이스")
    g.add_argument("--db", metavar="PATH", default=default,
                   help="SQLite 데이터베이스 파일 (기본: 사용자 데이터 폴더의 yjd.db)")
    g.add_argument("--database-url", metavar="URL", default=default,
                   help="데이터베이스 URL, 예: postgresql://user@host/yjd (환경변수 YJD_DATABASE_URL)")


def data_dir() -> Path:
    from platformdirs import user_data_dir
    return Path(os.environ.get("YJD_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))


def database_url(args) -> tuple[str, bool]:
    """The URL to open and whether it is the default location (whose folder may be made)."""
    from models.core.db import sqlite_url
    if getattr(args, "database_url", None):
        return args.database_url, False
    if getattr(args, "db", None):
        return sqlite_url(args.db), False
    if os.environ.get("YJD_DATABASE_URL"):
        return os.environ["YJD_DATABASE_URL"], False
    name = "demo.db" if getattr(args, "demo", False) else "yjd.db"
    return sqlite_url(data_dir() / name), True


class LocalTimeFormatter(logging.Formatter):
    """Timestamps in the machine's local time with its UTC offset, as the UI shows Seoul time:
    ``2026-12-01 22:15:45.123+0900``. ``%z`` needs an aware time, which ``time.localtime``
    (the default converter) does not give, hence ``datetime.astimezone``."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        moment = datetime.fromtimestamp(record.created).astimezone()
        if datefmt:
            return moment.strftime(datefmt)
        return f"{moment:%Y-%m-%d %H:%M:%S}.{int(record.msecs):03d}{moment:%z}"


def setup_logging() -> Path | None:
    """Log to a rotating file in the user log folder. Personal data is never logged."""
    from platformdirs import user_log_dir
    folder = Path(os.environ.get("YJD_LOG_DIR") or user_log_dir(APP_NAME, appauthor=False))
    root = logging.getLogger()
    path = folder / "yjd.log"
    for existing in root.handlers:  # called again in the same process: one handler per file
        if isinstance(existing, logging.FileHandler) and Path(existing.baseFilename) == path.absolute():
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(LocalTimeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"오류: {message}", file=sys.stderr)
    return code


def open_services(url: str, *, migrate: bool = True, make_dir: bool = False):
    """The services on ``url``, the schema brought to head. With ``migrate=False`` (the
    ``check`` command) the database is opened to read only and nothing is migrated: an
    SQLite file stays byte-identical. Either way a file that is not the app's, is newer,
    or (when migrating) may not be written is refused first (``check_storage``)."""
    from models.core.db import Database
    from models.core.migrate import check_storage, upgrade
    from models.registry import Services
    if make_dir and url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    db = Database(url, read_only=not migrate)
    if migrate:
        upgrade(db)
        reapply_destructions(db)
    else:
        check_storage(db)
    return Services(db)


def reapply_destructions(db) -> int:
    """A restore never brings a destroyed record back (issue 16): the ids kept beside an
    SQLite file are destroyed again at every open, should a restore have ended before it
    re-applied them. Nothing due, nothing written; no file, nothing read."""
    from models.lifecycle.destruction import ids_file
    path = ids_file(db)
    if path is None or not path.is_file():
        return 0
    from models.core.permissions import system_actor
    from models.lifecycle.privacy import reapply
    return reapply(db, system_actor("system:privacy"), "(시작할 때 확인)")


