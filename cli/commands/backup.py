"""``backup``, ``backups`` and ``restore``: copies of the SQLite database file.

``backup [-o FILE]`` makes a verified copy (into ``backups/`` in the user data folder, or
``YJD_BACKUP_DIR``, where the retention then runs; or to FILE); on PostgreSQL it runs
``pg_dump -Fc`` when pg_dump is installed. ``backups`` lists this database's copies with
date, size and verified state. ``restore FILE`` puts a copy in place of the database file,
the current file kept aside; it refuses while another program has the file open.
``backups`` and ``restore`` run before the database is opened (``run_without_services``):
a damaged database can still be listed and restored, and a restore does not open or
upgrade the file it replaces.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from cli.common import EXIT_FAILED, EXIT_STORAGE, db_options, fail

NAMES = ("backup", "backups", "restore")
PG_RESTORE = ("PostgreSQL 데이터베이스의 백업과 복원은 서버가 맡습니다. 'main.py backup'이 만든 pg_dump 파일은 "
              "서버에서 pg_restore로 복원하세요: pg_restore --clean --if-exists -d <데이터베이스 URL> <파일>")


def add_parser(sub) -> None:
    b = sub.add_parser("backup", help="데이터베이스를 백업하고 검증합니다",
                       description="SQLite 데이터베이스를 온라인 백업으로 복사하고 무결성 검사와 표별 행 수로 "
                                   "검증합니다. 기본 위치는 사용자 데이터 폴더의 backups/(YJD_BACKUP_DIR)이며, "
                                   "그곳에서는 보관 규칙(일별 7, 주별 4, 월별 12; YJD_BACKUP_KEEP)에 따라 오래된 "
                                   "백업을 지웁니다. PostgreSQL이면 pg_dump -Fc를 실행합니다.")
    db_options(b, suppress=True)
    b.add_argument("-o", "--output", metavar="FILE", help="백업 파일 경로 (이미 있는 파일에는 쓰지 않습니다)")
    ls = sub.add_parser("backups", help="백업 목록 (날짜, 크기, 검증 상태)",
                        description="이 데이터베이스의 백업 폴더에 있는 백업을 최신 순으로 보여 줍니다.")
    db_options(ls, suppress=True)
    r = sub.add_parser("restore", help="백업 파일로 데이터베이스를 되돌립니다",
                       description="백업을 다시 검증한 뒤 데이터베이스 파일 자리에 넣습니다. 지금 파일은 지우지 않고 "
                                   "'<이름>.before-restore-<시각>'으로 보관합니다. 다른 프로그램이 데이터베이스를 "
                                   "열고 있으면 복원하지 않습니다.")
    db_options(r, suppress=True)
    r.add_argument("file", metavar="FILE", help="복원할 백업 파일")


def _actor():
    from models.core.permissions import system_actor
    return system_actor(getpass.getuser())


def run_without_services(args, url: str) -> int | None:
    if args.command == "backup":
        return None  # the copy is audited in the database: through the services
    from models.core.db import Database
    from models.lifecycle.service import SERVER_MANAGED
    db = Database(url)
    if not db.is_sqlite:
        return fail(PG_RESTORE if args.command == "restore" else SERVER_MANAGED, EXIT_STORAGE)
    if args.command == "backups":
        return _list(db)
    return _restore(db, Path(args.file))


def _list(db) -> int:
    from models.lifecycle.backup import size_text
    from models.lifecycle.service import BackupService, seoul_text
    from reports.text_table import aligned
    service = BackupService(db)
    entries = service.list_backups(_actor())
    print(f"백업 폴더: {service.folder}")
    if not entries:
        print("백업이 없습니다. 'python main.py backup'으로 만드세요.")
        return 0
    rows = [[seoul_text(e.taken_at), size_text(e.size), ("✓ " if e.good else "✗ ") + e.state_text, e.name]
            for e in entries]
    print(aligned(["날짜", "크기", "검증", "파일"], rows))
    bad = sum(not e.good for e in entries)
    if bad:
        print(f"문제: 복원에 쓸 수 없는 백업이 {bad}개 있습니다.", file=sys.stderr)
        return EXIT_FAILED
    return 0


def _restore(db, backup: Path) -> int:
    from models.lifecycle.restore import DatabaseInUse
    from models.lifecycle.service import restore_database, seoul_text
    try:
        result, fresh = restore_database(db, backup, _actor())
    except DatabaseInUse as exc:
        return fail(exc.message, EXIT_STORAGE)
    fresh.dispose()
    when = f"{seoul_text(result.taken_at)} 백업" if result.taken_at else "백업"
    print(f"복원했습니다: {result.database} ← {result.backup} ({when}, 표 {result.tables}개, {result.rows:,}행)")
    if result.kept_aside is not None:
        print(f"이전 파일은 지우지 않고 보관했습니다: {result.kept_aside}")
    return 0


def run(services, args) -> int:
    from models.lifecycle.backup import size_text
    from models.lifecycle.service import BackupService
    service = BackupService.of(services)
    target = Path(args.output) if args.output else None
    if service.server_managed:
        done = service.dump_server(_actor(), target)
        print(f"pg_dump -Fc로 백업했습니다: {done} ({size_text(done.stat().st_size)})")
        print("복원: pg_restore --clean --if-exists -d <데이터베이스 URL> " + str(done))
        return 0
    result = service.backup_now(_actor(), target)
    entry = result.entry
    if not entry.good:
        print(f"문제: 백업을 만들었지만 검증에 실패했습니다: {entry.path} — {entry.problem} "
              "이 백업은 복원에 쓰지 않습니다. 오래된 백업은 지우지 않았습니다.", file=sys.stderr)
        return EXIT_FAILED
    print(f"백업했습니다: {entry.path} ({size_text(entry.size)}, {entry.state_text})")
    for old in result.removed:
        print(f"보관 기간이 지난 백업을 지웠습니다: {old.name}")
    return 0
