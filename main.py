"""청년일자리 데스크 — start-up and command line.

Order: arguments, paths, logging, engine and migrations, services, then the GUI or a
command. Known storage problems end with a Korean message on stderr (and in a dialog for
the GUI) and exit code 2; bad arguments exit 2 through argparse; a failed command exits 1.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.handlers
import os
import sys
from pathlib import Path

APP_NAME = "youth-jobs-desk"
EXIT_FAILED, EXIT_STORAGE = 1, 2


# ------------------------------------------------------------------------- arguments
def _db_options(p: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    g = p.add_argument_group("데이터베이스")
    g.add_argument("--db", metavar="PATH", default=default,
                   help="SQLite 데이터베이스 파일 (기본: 사용자 데이터 폴더의 yjd.db)")
    g.add_argument("--database-url", metavar="URL", default=default,
                   help="데이터베이스 URL, 예: postgresql://user@host/yjd (환경변수 YJD_DATABASE_URL)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python main.py",
        description="청년일자리 데스크 (Youth Jobs Desk). 명령 없이 실행하면 화면(GUI)을 엽니다.")
    _db_options(p, suppress=False)
    p.add_argument("--demo", action="store_true",
                   help="데모 데이터베이스(사용자 데이터 폴더의 demo.db)로 화면을 엽니다. 없으면 만듭니다.")
    p.add_argument("--user", metavar="NAME", help="로그인 창에 미리 채울 아이디")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    d = sub.add_parser("demo", help="데모 데이터를 만듭니다",
                       description="빈 데이터베이스에 시설·계정·청년 데모 데이터를 만듭니다.")
    _db_options(d, suppress=True)
    d.add_argument("--seed", type=int, default=2023, help="난수 시드 (같은 시드 = 같은 데이터)")
    d.add_argument("--youth", type=int, default=1800, help="청년 수 (기본 1800)")

    f = sub.add_parser("facilities", help="시설 목록을 출력합니다",
                       description="시설 코드·이름·종류·권역·상태를 표로 출력합니다.")
    _db_options(f, suppress=True)
    f.add_argument("--csv", action="store_true", help="CSV로 출력")

    u = sub.add_parser("user", help="사용자 계정 관리", description="사용자 계정 관리")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", help="사용자를 만듭니다",
                         description="사용자를 만듭니다. 비밀번호는 터미널에서 묻거나 YJD_PASSWORD에서 읽습니다.")
    _db_options(ua, suppress=True)
    ua.add_argument("name", help="아이디 (영문 소문자로 시작)")
    ua.add_argument("--role", required=True, choices=["admin", "manager", "counselor", "front_desk"])
    ua.add_argument("--facility", metavar="CODE", help="시설 코드 (admin 외 역할에 필수)")
    ua.add_argument("--display-name", help="표시 이름 (기본: 아이디)")

    c = sub.add_parser("check", help="데이터베이스 무결성 검사와 스키마 버전",
                       description="무결성 검사를 하고 스키마 버전을 알려 줍니다. 데이터는 바꾸지 않습니다.")
    _db_options(c, suppress=True)

    e = sub.add_parser("export", help="예약 내보내기 (.ics/.csv/.xlsx)",
                       description="한 달치 예약을 파일로 내보냅니다. 형식은 확장자(.ics/.csv/.xlsx)로 정합니다.")
    esub = e.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    eb = esub.add_parser("bookings", help="스터디룸·회의실 예약",
                         description="한 시설의 한 달치 스터디룸·회의실 예약을 내보냅니다. 청년 이름은 가려집니다.")
    _db_options(eb, suppress=True)
    eb.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    eb.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    eb.add_argument("-o", "--output", required=True, metavar="FILE", help=".ics, .csv 또는 .xlsx")

    ei = esub.add_parser("interview-slots", help="AI 면접 부스 회차",
                         description="한 시설의 한 달치 AI 면접 부스 회차를 .csv 또는 .xlsx로 내보냅니다. 청년 이름은 가려집니다.")
    _db_options(ei, suppress=True)
    ei.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    ei.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    ei.add_argument("-o", "--output", required=True, metavar="FILE", help=".csv 또는 .xlsx")

    s = sub.add_parser("screenshot", help="화면 하나를 PNG로 저장합니다 (문서·검토용)",
                       description="주 창의 화면 하나를 화면 없이(offscreen) 그려 PNG로 저장합니다.")
    _db_options(s, suppress=True)
    from gui.shell.screenshot import PAGES  # no Qt import at this point
    s.add_argument("page", choices=PAGES, metavar="PAGE", help=", ".join(PAGES))
    s.add_argument("-o", "--output", required=True, metavar="FILE.png")
    s.add_argument("--user", metavar="NAME", help="이 사용자로 봅니다 (기본: 첫 관리자)")
    s.add_argument("--facility", metavar="CODE", help="이 시설로 봅니다")
    return p


# ----------------------------------------------------------------------------- paths
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


def setup_logging() -> Path | None:
    """Log to a rotating file in the user log folder. Personal data is never logged."""
    from platformdirs import user_log_dir
    folder = Path(os.environ.get("YJD_LOG_DIR") or user_log_dir(APP_NAME, appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "yjd.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"오류: {message}", file=sys.stderr)
    return code


# ---------------------------------------------------------------------- start-up
def open_services(url: str, *, migrate: bool = True, make_dir: bool = False):
    from models.core.db import Database
    from models.core.migrate import upgrade
    from models.registry import Services
    if make_dir and url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    db = Database(url)
    if migrate:
        upgrade(db)
    return Services(db)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_path = setup_logging()
    from models.core.errors import DomainError, StorageError

    url, is_default = database_url(args)
    gui = args.command is None
    try:
        if args.command == "demo":
            return cmd_demo(args, url)
        if args.command == "export" and export_args_error(args):
            return fail(export_args_error(args))
        services = open_services(url, migrate=args.command != "check", make_dir=is_default)
        if args.command == "facilities":
            return cmd_facilities(services, args)
        if args.command == "user":
            return cmd_user_add(services, args)
        if args.command == "check":
            return cmd_check(services)
        if args.command == "screenshot":
            return cmd_screenshot(services, args)
        if args.command == "export":
            return cmd_export(services, args)
        if args.demo and not services.accounts.has_users():
            _fill_demo(services)
        elif args.demo:
            _print_demo(services)
    except StorageError as exc:
        if gui:
            _startup_dialog(exc.message)
        return fail(exc.message, EXIT_STORAGE)
    except DomainError as exc:
        return fail(exc.message)
    from gui.common import crash
    from gui.context import run_gui
    crash.LOG_FILE = str(log_path) if log_path else None
    return run_gui(services, username=args.user)


def _startup_dialog(message: str) -> None:
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox
        app = QApplication.instance() or QApplication([])  # noqa: F841
        QMessageBox.critical(None, "청년일자리 데스크", message)
    except Exception:  # no display: stderr carries the message
        pass


# -------------------------------------------------------------------------- commands
def _print_demo(services) -> None:
    from models.demo import DEMO_ACCOUNTS, DemoSummary, describe
    n = len(services.facilities.list_all())
    print(describe(DemoSummary(n, 0, 0, DEMO_ACCOUNTS), services.db.describe()).replace(
        " · 공간 0개 · 청년 0명", ""))
    _print_facility_table(services)


def _fill_demo(services, seed: int = 2023, youth: int = 1800) -> None:
    from models.demo import describe, generate
    summary = generate(services, seed=seed, youth_count=youth)
    print(describe(summary, services.db.describe()))
    _print_facility_table(services)


def cmd_demo(args, url: str) -> int:
    services = open_services(url)
    if services.accounts.has_users():
        return fail("이미 계정이 있는 데이터베이스입니다. 데모 데이터는 빈 데이터베이스에만 만듭니다.")
    if args.youth < 0 or args.youth > 200_000:
        return fail("--youth 는 0~200000 사이여야 합니다.", EXIT_STORAGE)
    _fill_demo(services, args.seed, args.youth)
    return 0


FACILITY_HEADERS = ["코드", "이름", "종류", "권역", "자치구", "상태"]


def _facility_rows(services):
    return [[f.code, f.name, f.kind.label, f.region.label, f.district,
             f.status.label + ("" if f.is_active else " (비활성)")]
            for f in services.facilities.list_all()]


def _print_facility_table(services) -> None:
    from reports.text_table import aligned
    print()
    print(aligned(FACILITY_HEADERS, _facility_rows(services)))


def cmd_facilities(services, args) -> int:
    from reports.text_table import aligned, as_csv
    rows = _facility_rows(services)
    if args.csv:
        sys.stdout.write(as_csv(["code", "name", "kind", "region", "district", "status"],
                                [[f.code, f.name, f.kind.value, f.region.value, f.district, f.status.value]
                                 for f in services.facilities.list_all()]))
    else:
        print(aligned(FACILITY_HEADERS, rows))
    return 0


def _read_password() -> str | None:
    if os.environ.get("YJD_PASSWORD"):
        return os.environ["YJD_PASSWORD"]
    if not sys.stdin or not sys.stdin.isatty():
        return None
    first = getpass.getpass("비밀번호: ")
    if first != getpass.getpass("비밀번호 확인: "):
        print("오류: 비밀번호가 서로 다릅니다.", file=sys.stderr)
        return None
    return first


def cmd_user_add(services, args) -> int:
    from models.core.errors import ValidationError
    from models.core.permissions import system_actor
    facility_id = None
    if args.role != "admin":
        if not args.facility:
            return fail("admin 이외의 역할에는 --facility 시설 코드가 필요합니다.")
        facility_id = services.facilities.by_code(args.facility).id
    password = _read_password()
    if password is None:
        return fail("비밀번호를 입력받지 못했습니다. 터미널에서 실행하거나 YJD_PASSWORD를 설정하세요.")
    actor = system_actor(getpass.getuser())
    data = {"username": args.name, "display_name": args.display_name or args.name, "password": password}
    try:
        services.accounts.create_user(actor, data, grants=[(args.role, facility_id)])
    except ValidationError as exc:
        return fail(" / ".join(exc.errors.values()))
    where = args.facility.upper() if facility_id else "서울시 전체"
    print(f"사용자 {data['username'].lower()} 을(를) 만들었습니다: {args.role} · {where}")
    return 0


def cmd_check(services) -> int:
    from models.core.integrity import check
    report = check(services.db)
    print(f"데이터베이스: {services.db.describe()}")
    state = "최신" if report.schema_current == report.schema_head else \
        f"업그레이드 필요 → {report.schema_head}"
    print(f"스키마 버전: {report.schema_current or '없음'} ({state})")
    for table, count in report.counts.items():
        print(f"  {table}: {count}")
    if report.problems:
        for p in report.problems:
            print(f"문제: {p}", file=sys.stderr)
        return EXIT_FAILED
    print("무결성 검사: 정상" if report.ok else "무결성 검사: 정상 (스키마 업그레이드 필요)")
    return 0 if report.ok else EXIT_FAILED


def parse_month(text: str) -> tuple[int, int] | None:
    import re
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        return None
    return int(m.group(1)), int(m.group(2))


def export_args_error(args) -> str | None:
    """Bad --month or output path, checked before the database is opened."""
    if parse_month(args.month) is None:
        return "--month 는 YYYY-MM 형식이어야 합니다(예: 2026-11)."
    out = Path(args.output)
    allowed = (".ics", ".csv", ".xlsx") if args.export_what == "bookings" else (".csv", ".xlsx")
    if out.suffix.lower() not in allowed:
        return f"파일 확장자는 {', '.join(allowed)} 중 하나여야 합니다."
    if not out.parent.exists():
        return f"저장할 폴더가 없습니다: {out.parent}"
    return None


def cmd_export(services, args) -> int:
    from models.core.permissions import system_actor
    from reports.booth_exports import export_slots
    from reports.room_exports import ExportError, export_bookings
    month = parse_month(args.month)
    facility = services.facilities.by_code(args.facility)
    actor = system_actor(getpass.getuser())
    label = f"{month[0]}-{month[1]:02d}"
    try:
        if args.export_what == "bookings":
            rows = services.rooms.month_rows(actor, facility.id, *month)
            out = export_bookings(rows, args.output, facility_name=facility.name, month_label=label)
            print(f"예약 {len(rows)}건을 저장했습니다: {out}")
        else:
            rows = services.booths.month_slots(actor, facility.id, *month)
            out = export_slots(rows, args.output, title=f"{facility.name} AI 면접 회차 {label}")
            print(f"AI 면접 회차 {len(rows)}건을 저장했습니다: {out}")
    except ExportError as exc:
        return fail(str(exc))
    return 0


def cmd_screenshot(services, args) -> int:
    from gui.shell.screenshot import render
    out = Path(args.output)
    if not out.parent.exists():
        return fail(f"저장할 폴더가 없습니다: {out.parent}")
    render(services, args.page, out, username=args.user, facility_code=args.facility)
    print(f"저장했습니다: {out}")
    return 0


def run() -> int:
    """Entry point: main() with a quiet exit when stdout is closed early (``| head``)."""
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(run())
