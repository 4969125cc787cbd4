"""Parse the arguments and run a command, or the GUI.

Order: arguments, paths, logging, engine and migrations, services, then the GUI or a
command. Known storage problems end with a Korean message on stderr (and in a dialog for
the GUI) and exit code 2; bad arguments exit 2 through argparse; a failed command exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from cli.commands import check, db, demo, export, facilities, screenshot, user
from cli.common import EXIT_STORAGE, database_url, db_options, fail, open_services, setup_logging

COMMANDS = {"demo": demo, "facilities": facilities, "user": user, "check": check,
            "export": export, "screenshot": screenshot, "db": db}

# Later areas' commands: a module ``cli.commands.<name>`` with ``NAMES`` (the command names
# it adds), ``add_parser(sub)`` (importing nothing heavy), ``run(services, args) -> int``
# and optionally ``run_without_services(args, url) -> int | None`` (called first; a number
# ends the command there, e.g. a restore that must not open the database).
AREA_COMMANDS = ("imports", "backup", "report")


def _area_commands() -> None:
    import importlib
    for name in AREA_COMMANDS:
        try:
            module = importlib.import_module(f"cli.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"cli.commands.{name}":
                raise
            continue
        for command in module.NAMES:
            COMMANDS.setdefault(command, module)


_area_commands()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python main.py",
        description="청년일자리 데스크 (Youth Jobs Desk). 명령 없이 실행하면 화면(GUI)을 엽니다.")
    db_options(p, suppress=False)
    p.add_argument("--demo", action="store_true",
                   help="데모 데이터베이스(사용자 데이터 폴더의 demo.db)로 화면을 엽니다. 없으면 만듭니다.")
    p.add_argument("--user", metavar="NAME", help="로그인 창에 미리 채울 아이디")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for command in dict.fromkeys(COMMANDS.values()):
        command.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_path = setup_logging()
    from models.core.errors import DomainError, StorageError

    url, is_default = database_url(args)
    gui = args.command is None
    try:
        if args.command == "demo":
            return demo.run(args, url)
        if args.command == "export" and export.args_error(args):
            return fail(export.args_error(args))
        if args.command == "db" and db.args_error(args, url):
            return fail(db.args_error(args, url), EXIT_STORAGE)
        early = getattr(COMMANDS.get(args.command), "run_without_services", None)
        if early is not None and (code := early(args, url)) is not None:
            return code
        services = open_services(url, migrate=args.command != "check", make_dir=is_default)
        if args.command:
            return COMMANDS[args.command].run(services, args)
        if args.demo and not services.accounts.has_users():
            demo.fill_demo(services)
        elif args.demo:
            demo.print_demo(services)
    except StorageError as exc:
        if gui:
            _startup_dialog(exc.message)
        return fail(exc.message, EXIT_STORAGE)
    except DomainError as exc:
        return fail(exc.message)
    except Exception as exc:  # a bug: the log gets the traceback without row values
        return unexpected(exc, log_path)
    from gui.app import run_gui
    from gui.common import crash
    crash.LOG_FILE = str(log_path) if log_path else None
    return run_gui(services, username=args.user)


def unexpected(exc: BaseException, log_path) -> int:
    """An error the command did not expect. The traceback goes to the log, scrubbed of the
    row and key values PostgreSQL quotes (as the GUI's crash handler does); stderr gets a
    Korean line that names the log, never the values."""
    import logging
    import traceback

    from models.core.masking import error_details, scrub_error
    text = scrub_error("".join(traceback.format_exception(exc)), error_details(exc))
    logging.getLogger("yjd.cli").error("unexpected error\n%s", text)
    where = f" 자세한 내용은 로그 파일에 기록했습니다: {log_path}" if log_path else ""
    return fail(f"예기치 못한 오류가 발생했습니다({type(exc).__name__}).{where}")


def _startup_dialog(message: str) -> None:
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox
        app = QApplication.instance() or QApplication([])  # noqa: F841
        QMessageBox.critical(None, "청년일자리 데스크", message)
    except Exception:  # no display: stderr carries the message
        pass


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


