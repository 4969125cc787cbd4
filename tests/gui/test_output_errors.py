"""Files the GUI writes go through ``models.outputs``: a file that cannot be written shows
the same Korean message in the page banner as the command line prints after "오류: ",
records no "출력" audit row and leaves no file; a file that can be written is there with
exactly one "출력" row.

The command line is called in-process (``cli.main.main``) on the same database.
"""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import cli.main as cli_main
import reports.files as files_module
from gui.booths.page import BoothsPage
from gui.rooms.page import RoomsPage
from reports.errors import is_directory
from tests.conftest import youth_data
from tests.gui.conftest import wait_worker
from tests.models.util import audit_rows

FRIDAY = date(2026, 11, 27)  # the FakeClock's day
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}


@pytest.fixture
def desk(services, world) -> SimpleNamespace:
    """CAFE-A: a study room booked Friday 14:00–16:00, a booth published Friday with its
    11:00 slot booked."""
    add_room = services.facilities.add_room
    room = add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    booth = add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})
    hong = services.youth.create(world.front_desk, world.a, youth_data())
    services.rooms.book(world.front_desk, world.a, {"room_id": room, "youth_id": hong, "day": FRIDAY,
                                                    "start": "14:00", "end": "16:00", "identity_confirmed": True})
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.manager, world.a, FRIDAY, FRIDAY, [booth])
    [eleven] = [x for x in services.booths.day(world.admin, world.a, FRIDAY) if x.starts_at.hour == 11]
    services.booths.book(world.front_desk, eleven.id, hong, "ai_interview")
    return SimpleNamespace(room=room, booth=booth)


@pytest.fixture
def open_page(make_ctx, qtbot, world):
    def make(kind: str):
        ctx = make_ctx(world.front_desk)
        page = (RoomsPage if kind == "bookings" else BoothsPage)(ctx)
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        qtbot.waitExposed(page)
        wait_worker(qtbot, ctx)
        return page

    return make


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "out"  # the SQLite test database sits in tmp_path itself
    path.mkdir()
    return path


@pytest.fixture
def command_line(services, monkeypatch, capsys):
    """``command_line(*args)`` -> (exit code, stderr) of ``main`` on the test database."""
    monkeypatch.setattr(cli_main, "setup_logging", lambda: None)
    url = services.db.engine.url.render_as_string(hide_password=False)

    def run(*args) -> tuple[int, str]:
        capsys.readouterr()
        code = cli_main.main([*map(str, args), "--database-url", url])
        return code, capsys.readouterr().err

    return run


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
            for p in folder.rglob("*")}


def unwritable(kind: str, folder: Path, name: str, monkeypatch) -> Path:
    if kind == "missing folder":
        return folder / "없는 폴더" / name
    if kind == "under a file":
        (folder / "memo.txt").write_text("메모")
        return folder / "memo.txt" / name
    if kind == "a directory":
        (folder / name).mkdir()
        return folder / name

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", full)
    return folder / name


KINDS = ["missing folder", "under a file", "a directory", "disk full"]


@pytest.mark.parametrize("what, name", [("bookings", "예약.xlsx"), ("interview-slots", "회차.csv")])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_that_cannot_be_written_says_what_the_command_line_says(
        services, world, desk, open_page, command_line, folder, monkeypatch, qtbot, what, name, kind):
    page = open_page(what)
    path = unwritable(kind, folder, name, monkeypatch)
    before = files(folder)

    page.export_month(str(path), 2026, 11)
    wait_worker(qtbot, page.ctx)
    code, err = command_line("export", what, "--facility", "CAFE-A", "--month", "2026-11", "-o", path)

    assert page.banner.isVisible() and page.banner.text()
    assert code == 1 and err == f"오류: {page.banner.text()}\n"
    assert name in page.banner.text() and str(folder) not in page.banner.text()
    assert "저장했습니다" not in page.hint_label.text()
    assert outputs(services) == [] and files(folder) == before


@pytest.mark.parametrize("what", ["interview-slots", "bookings"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_day_sheet_that_cannot_be_written_shows_the_output_error(services, world, desk, open_page, folder,
                                                                    monkeypatch, qtbot, kind, what):
    page = open_page(what)
    path = unwritable(kind, folder, "명단.pdf", monkeypatch)
    before = files(folder)
    page.print_sheet(str(path), desk.booth if what == "interview-slots" else None, FRIDAY)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and "명단.pdf" in page.banner.text()
    if kind == "a directory":
        assert page.banner.text() == is_directory(path).message
    assert "저장했습니다" not in page.hint_label.text()
    assert outputs(services) == [] and files(folder) == before


def test_an_unknown_extension_is_the_same_message_too(services, world, desk, open_page, command_line, folder,
                                                      qtbot):
    page = open_page("bookings")
    page.export_month(str(folder / "예약.txt"), 2026, 11)
    wait_worker(qtbot, page.ctx)
    code, err = command_line("export", "bookings", "--facility", "CAFE-A", "--month", "2026-11",
                             "-o", folder / "예약.txt")
    assert code == 1 and err == f"오류: {page.banner.text()}\n"
    assert page.banner.text() == "파일 확장자는 .ics, .csv, .xlsx 중 하나여야 합니다."
    assert outputs(services) == [] and files(folder) == {}


@pytest.mark.parametrize("what, name, entity", [("bookings", "예약.xlsx", "booking"),
                                                ("interview-slots", "회차.csv", "booth_slot")])
def test_a_successful_export_writes_the_file_and_one_output_row(services, world, desk, open_page, folder, qtbot,
                                                                what, name, entity):
    page = open_page(what)
    page.export_month(str(folder / name), 2026, 11)
    wait_worker(qtbot, page.ctx)
    assert not page.banner.isVisible()
    assert "2026년 11월" in page.hint_label.text() and str(folder / name) in page.hint_label.text()
    assert list(files(folder)) == [name] and (folder / name).stat().st_size > 0
    [row] = outputs(services)
    assert (row.username, row.entity) == ("frontdesk", entity)


@pytest.mark.parametrize("what, detail", [
    ("interview-slots", "AI 면접 일일 명단 출력 AI 면접 부스 1 2026-11-27 (1명)"),
    ("bookings", "스터디룸·회의실 일일 명단 출력 스터디룸 A 2026-11-27 (1건)")])
def test_a_successful_day_sheet_writes_the_pdf_and_one_output_row(services, world, desk, open_page, folder,
                                                                   qtbot, what, detail):
    page = open_page(what)
    page.print_sheet(str(folder / "명단.pdf"), desk.booth if what == "interview-slots" else desk.room, FRIDAY)
    wait_worker(qtbot, page.ctx)
    assert not page.banner.isVisible() and "일일 명단" in page.hint_label.text()
    assert "저장했습니다" in page.hint_label.text() and "11/27(금)" in page.hint_label.text()
    assert (folder / "명단.pdf").read_bytes().startswith(b"%PDF") and list(files(folder)) == ["명단.pdf"]
    [row] = outputs(services)
    assert row.detail == detail
