"""The room day sheet of ``models.outputs.day_sheet.print_room_day_sheet``, on SQLite and
PostgreSQL: the PDF is written, then exactly one "출력" audit row (with the purpose when
given); a PDF that cannot be written raises ``OutputError`` and records nothing; a failed
audit row takes the written PDF away again."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import reports.files as files_module
from models.core.errors import NotFound, ValidationError
from models.outputs import OutputError, OutputResult
from models.outputs.day_sheet import print_room_day_sheet
from tests.factories.rooms import MON, add_room, add_youth, book
from tests.models.util import audit_rows


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


@pytest.fixture
def rooms(services, world) -> dict:
    """스터디룸 A with two bookings on Monday, 회의실 with one."""
    a = add_room(services, world, "스터디룸 A", 4)
    meeting = add_room(services, world, "회의실", 10, kind="meeting_room")
    y = [add_youth(services, world, n) for n in range(3)]
    book(services, world.front_desk, world.a, a, y[0], start="09:00", end="10:00")
    book(services, world.front_desk, world.a, a, y[1], start="10:00", end="11:00")
    book(services, world.front_desk, world.a, meeting, y[2], start="13:00", end="15:00", headcount=5,
         purpose="meeting")
    return {"a": a, "meeting": meeting}


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "sheets"
    path.mkdir()
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_pdf_is_written_then_recorded_once(services, world, rooms, folder):
    path = folder / "명단.pdf"
    assert print_room_day_sheet(services, world.front_desk, world.a, MON, path) == OutputResult(path, 3)
    assert path.read_bytes().startswith(b"%PDF") and names(folder) == ["명단.pdf"]
    [row] = outputs(services)
    assert (row.username, row.entity, row.facility_id) == ("frontdesk", "booking", world.a)
    assert row.detail == "스터디룸·회의실 일일 명단 출력 전체 공간 2026-11-30 (3건)"


def test_one_room_with_a_purpose(services, world, rooms, folder):
    done = print_room_day_sheet(services, world.front_desk, world.a, MON, folder / "회의실.pdf",
                                room_id=rooms["meeting"], purpose=" 행사 준비 ")
    assert done.rows == 1
    [row] = outputs(services)
    assert row.detail == "스터디룸·회의실 일일 명단 출력 회의실 2026-11-30 (1건) · 목적: 행사 준비"


@pytest.mark.parametrize("purpose", ["가" * 61, "줄\n바꿈"])
def test_a_bad_purpose_writes_nothing(services, world, rooms, folder, purpose):
    with pytest.raises(ValidationError):
        print_room_day_sheet(services, world.front_desk, world.a, MON, folder / "명단.pdf", purpose=purpose)
    assert names(folder) == [] and outputs(services) == []


@pytest.mark.parametrize("kind", ["missing folder", "under a file", "a directory", "not a pdf", "disk full"])
def test_an_unwritable_path_records_no_output(services, world, rooms, folder, kind, monkeypatch):
    path = folder / "명단.pdf"
    if kind == "missing folder":
        path = folder / "없는 폴더" / "명단.pdf"
    elif kind == "under a file":
        (folder / "memo.txt").write_text("메모")
        path = folder / "memo.txt" / "명단.pdf"
    elif kind == "a directory":
        path.mkdir()
    elif kind == "not a pdf":
        path = folder / "명단.xlsx"
    else:
        path.write_bytes(b"%PDF yesterday")

        def full(src, dst):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files_module.os, "replace", full)
    before = {p.name: p.read_bytes() if p.is_file() else None for p in folder.iterdir()}
    with pytest.raises(OutputError) as info:
        print_room_day_sheet(services, world.front_desk, world.a, MON, path)
    assert str(folder) not in info.value.message
    assert outputs(services) == []
    assert {p.name: p.read_bytes() if p.is_file() else None for p in folder.iterdir()} == before


def test_a_failed_audit_row_takes_the_pdf_away(services, world, rooms, folder, monkeypatch):
    import models.rooms.sheets as sheets

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(sheets, "record", broken)
    with pytest.raises(RuntimeError):
        print_room_day_sheet(services, world.front_desk, world.a, MON, folder / "명단.pdf")
    assert names(folder) == [] and outputs(services) == []


def test_a_room_of_another_facility_is_not_found(services, world, rooms, folder):
    other = add_room(services, world, "B 스터디룸", facility=world.b)
    with pytest.raises(NotFound):
        print_room_day_sheet(services, world.front_desk, world.a, MON, folder / "명단.pdf", room_id=other)
    assert names(folder) == [] and outputs(services) == []
