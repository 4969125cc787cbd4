"""The day sheet of ``models.outputs.day_sheet``, on SQLite and PostgreSQL: the PDF is
written, then exactly one "출력" audit row (with the purpose when given); a PDF that cannot
be written raises ``OutputError`` and records nothing."""

from __future__ import annotations

import errno
from datetime import date, timedelta
from pathlib import Path

import pytest

import reports.files as files_module
from models.core.errors import NotFound, ValidationError
from models.outputs import OutputError, OutputResult
from models.outputs.day_sheet import print_day_sheet
from tests.conftest import youth_data
from tests.models.util import audit_rows

MON = date(2026, 11, 30)
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


@pytest.fixture
def booth(services, world) -> int:
    """Booth 1 of CAFE-A, published Monday 11/30 (seven slots), 10:00 booked."""
    booth = services.facilities.add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth",
                                                                "capacity": 1})
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.admin, world.a, MON, MON, [booth])
    hong = services.youth.create(world.admin, world.a, youth_data())
    [ten] = [x for x in services.booths.day(world.admin, world.a, MON) if x.starts_at.hour == 10]
    services.booths.book(world.front_desk, ten.id, hong, "ai_interview")
    return booth


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "sheets"
    path.mkdir()
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_pdf_is_written_then_recorded_once(services, world, booth, folder):
    path = folder / "명단.pdf"
    done = print_day_sheet(services, world.front_desk, world.a, booth, MON, path)
    assert done == OutputResult(path, 7)
    assert path.read_bytes().startswith(b"%PDF") and names(folder) == ["명단.pdf"]
    [row] = outputs(services)
    assert (row.username, row.entity, row.facility_id) == ("frontdesk", "booth_slot", world.a)
    assert row.detail == "AI 면접 일일 명단 출력 AI 면접 부스 1 2026-11-30 (1명)"


def test_the_purpose_goes_into_the_audit_row(services, world, booth, folder):
    print_day_sheet(services, world.front_desk, world.a, booth, MON, folder / "명단.pdf", purpose="  면접 안내 전화 ")
    [row] = outputs(services)
    assert row.detail.endswith("(1명) · 목적: 면접 안내 전화")


@pytest.mark.parametrize("purpose", ["가" * 61, "줄\n바꿈"])
def test_a_bad_purpose_writes_nothing(services, world, booth, folder, purpose):
    with pytest.raises(ValidationError) as info:
        print_day_sheet(services, world.front_desk, world.a, booth, MON, folder / "명단.pdf", purpose=purpose)
    assert "purpose" in info.value.errors
    assert names(folder) == [] and outputs(services) == []


@pytest.mark.parametrize("kind", ["missing folder", "under a file", "a directory", "not a pdf"])
def test_an_unwritable_path_records_no_output(services, world, booth, folder, kind):
    if kind == "missing folder":
        path = folder / "없는 폴더" / "명단.pdf"
    elif kind == "under a file":
        (folder / "memo.txt").write_text("메모")
        path = folder / "memo.txt" / "명단.pdf"
    elif kind == "a directory":
        path = folder / "명단.pdf"
        path.mkdir()
    else:
        path = folder / "명단.docx"
    before = names(folder)
    with pytest.raises(OutputError) as info:
        print_day_sheet(services, world.front_desk, world.a, booth, MON, path)
    assert str(folder) not in info.value.message
    assert outputs(services) == [] and names(folder) == before


def test_disk_full_keeps_yesterdays_sheet_and_records_nothing(services, world, booth, folder, monkeypatch):
    path = folder / "명단.pdf"
    path.write_bytes(b"%PDF yesterday")

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", full)
    with pytest.raises(OutputError) as info:
        print_day_sheet(services, world.front_desk, world.a, booth, MON, path)
    assert info.value.kind == OutputError.DISK_FULL and "디스크 공간이 부족해" in info.value.message
    assert names(folder) == ["명단.pdf"] and path.read_bytes() == b"%PDF yesterday"
    assert outputs(services) == []


def test_a_booth_of_another_facility_is_not_found(services, world, booth, folder):
    other = services.facilities.add_room(world.admin, world.b, {"name": "B 부스", "kind": "ai_booth",
                                                                "capacity": 1})
    with pytest.raises(NotFound):
        print_day_sheet(services, world.front_desk, world.a, other, MON, folder / "명단.pdf")
    assert names(folder) == [] and outputs(services) == []


def test_a_day_without_slots_is_a_sheet_saying_so(services, world, booth, folder):
    done = print_day_sheet(services, world.manager, world.a, booth, MON + timedelta(days=1), folder / "화.pdf")
    assert done.rows == 0 and done.path.exists()
    assert [r.detail for r in outputs(services)] == ["AI 면접 일일 명단 출력 AI 면접 부스 1 2026-12-01 (0명)"]
