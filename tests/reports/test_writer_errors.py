"""Every writer in reports/ raises only ``OutputError`` for a file it cannot write, told by
errno and exception type (never by the operating system's English text), with a Korean
message that names only the file; and it writes atomically: a failed write leaves no half
file and never touches a file already there."""

from __future__ import annotations

import errno
import os
import re
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import reports.files as files_module
from models.booths.enums import SessionType, SlotSource, SlotState
from models.booths.schemas import SheetRow, SlotRow
from models.desk.enums import BookingStatus
from models.rooms.enums import Purpose
from models.rooms.schemas import BookingRow
from reports.booth_exports import export_slots
from reports.day_sheet import build_day_sheet
from reports.errors import OutputError, output_error
from reports.files import check_target, write_atomically
from reports.room_exports import export_bookings

SEOUL = ZoneInfo("Asia/Seoul")
HANGUL = re.compile("[가-힣]")
START = datetime(2026, 11, 30, 10, 0, tzinfo=SEOUL)
BOOKING = BookingRow(1, 1, 1, "스터디룸 A", 1, "홍*동", START, START.replace(hour=11), 1, Purpose.STUDY, "",
                     BookingStatus.BOOKED, False, None, None, None, None)
SLOT = SlotRow(1, 1, "AI 면접 부스 1", START, START.replace(minute=50), SlotState.OPEN, SlotSource.TEMPLATE,
               None, "booked", 1, 1, "홍*동", SessionType.AI_INTERVIEW)
SHEET = SheetRow("10:00–10:50", "홍길동", "010-****-5678", "AI 면접체험", "예약")


def write_bookings(path):
    return export_bookings([BOOKING], path, facility_name="가 일자리카페", month_label="2026-11")


def write_slots(path):
    return export_slots([SLOT], path, title="가 일자리카페 AI 면접 회차 2026-11")


def write_sheet(path):
    return build_day_sheet(path, facility="가 일자리카페", booth="AI 면접 부스 1", day=date(2026, 11, 30),
                           rows=[SHEET], printed_by="안내데스크", printed_at=START)


# every writer, with each extension it makes
WRITERS = [
    pytest.param(write_bookings, ".ics", id="bookings-ics"),
    pytest.param(write_bookings, ".csv", id="bookings-csv"),
    pytest.param(write_bookings, ".xlsx", id="bookings-xlsx"),
    pytest.param(write_slots, ".csv", id="slots-csv"),
    pytest.param(write_slots, ".xlsx", id="slots-xlsx"),
    pytest.param(write_sheet, ".pdf", id="day-sheet-pdf"),
]


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty folder of its own (a test database may sit in tmp_path itself)."""
    path = tmp_path / "비밀 폴더"
    path.mkdir()
    return path


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def assert_safe(err: OutputError, path: Path) -> None:
    """Korean, names the file the user chose, and nothing of the folders above it."""
    assert HANGUL.search(err.message) and err.message == str(err)
    assert path.name in err.message or err.kind == OutputError.FORMAT
    assert str(path.parent) not in err.message and "비밀 폴더" not in err.message
    assert "Errno" not in err.message and "No such" not in err.message


@pytest.mark.parametrize("write, ext", WRITERS)
def test_each_writer_writes_its_file_and_nothing_else(folder, write, ext):
    path = folder / f"출력{ext}"
    assert write(path) == path
    assert list(contents(folder)) == [path.name] and path.stat().st_size > 0


@pytest.mark.parametrize("write, ext", WRITERS)
def test_missing_folder(folder, write, ext):
    path = folder / "없는 폴더" / f"출력{ext}"
    with pytest.raises(OutputError) as info:
        write(path)
    assert info.value.kind == OutputError.MISSING_DIR and "저장할 폴더가 없습니다" in info.value.message
    assert_safe(info.value, path)
    assert contents(folder) == {}


@pytest.mark.parametrize("write, ext", WRITERS)
def test_a_path_under_a_regular_file(folder, write, ext):
    (folder / "memo.txt").write_text("메모")
    path = folder / "memo.txt" / f"출력{ext}"
    with pytest.raises(OutputError) as info:
        write(path)
    assert info.value.kind == OutputError.MISSING_DIR
    assert_safe(info.value, path)
    assert contents(folder) == {"memo.txt": "메모".encode()}


@pytest.mark.parametrize("write, ext", WRITERS)
def test_a_directory_as_the_path(folder, write, ext):
    path = folder / f"이미 있는 폴더{ext}"
    path.mkdir()
    with pytest.raises(OutputError) as info:
        write(path)
    assert info.value.kind == OutputError.IS_DIRECTORY and "폴더입니다" in info.value.message
    assert_safe(info.value, path)
    assert path.is_dir() and list(path.iterdir()) == [] and contents(folder) == {}


@pytest.mark.parametrize("write, allowed", [
    (write_bookings, ".ics, .csv, .xlsx 중 하나"), (write_slots, ".csv 또는 .xlsx 중 하나"), (write_sheet, ".pdf 여야"),
])
@pytest.mark.parametrize("name", ["출력.txt", "출력", "출력.csv.bak"])
def test_unknown_extension(folder, write, allowed, name):
    with pytest.raises(OutputError) as info:
        write(folder / name)
    assert info.value.kind == OutputError.FORMAT and allowed in info.value.message
    assert_safe(info.value, folder / name)
    assert contents(folder) == {}


@pytest.mark.parametrize("write, ext", WRITERS)
@pytest.mark.parametrize("exc, kind, words", [
    (OSError(errno.ENOSPC, "No space left on device"), OutputError.DISK_FULL, "디스크 공간이 부족해"),
    # Windows: the file is open in Excel (a sharing violation comes out as EACCES)
    (PermissionError(errno.EACCES, "Permission denied"), OutputError.DENIED, "열려 있으면 닫고"),
    (OSError(errno.EROFS, "Read-only file system"), OutputError.DENIED, "쓰기 권한"),
    (OSError(errno.EIO, "Input/output error"), OutputError.FAILED, "저장하지 못했습니다(EIO)"),
])
def test_a_failed_move_keeps_the_file_already_there_and_leaves_no_temp(folder, monkeypatch, write, ext, exc,
                                                                      kind, words):
    path = folder / f"출력{ext}"
    path.write_bytes(b"the export of last month")

    def refuse(src, dst):
        raise exc

    monkeypatch.setattr(files_module.os, "replace", refuse)
    with pytest.raises(OutputError) as info:
        write(path)
    assert info.value.kind == kind and words in info.value.message
    assert_safe(info.value, path)
    assert contents(folder) == {path.name: b"the export of last month"}


@pytest.mark.parametrize("write, ext", WRITERS)
def test_disk_full_while_writing_leaves_no_half_file(folder, monkeypatch, write, ext):
    def full(temp):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module, "_sync", full)
    with pytest.raises(OutputError) as info:
        write(folder / f"출력{ext}")
    assert info.value.kind == OutputError.DISK_FULL
    assert contents(folder) == {}


def test_a_folder_that_refuses_new_files(folder, monkeypatch):
    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files_module, "_new_temp", denied)
    with pytest.raises(OutputError) as info:
        write_slots(folder / "출력.csv")
    assert info.value.kind == OutputError.DENIED and contents(folder) == {}


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="chmod does not stop root (CI) or Windows from writing")
def test_a_read_only_folder_for_real(folder):
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError) as info:
            write_bookings(folder / "출력.csv")
    finally:
        folder.chmod(0o755)
    assert info.value.kind == OutputError.DENIED and contents(folder) == {}


def test_a_bug_in_a_writer_is_not_an_output_error_and_leaves_nothing(folder):
    def broken(temp):
        temp.write_bytes(b"half")
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        write_atomically(folder / "출력.csv", broken)
    assert contents(folder) == {}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_the_file_gets_the_usual_permissions(folder):
    plain = folder / "plain.csv"
    plain.write_text("x")
    write_bookings(folder / "출력.csv")
    assert (folder / "출력.csv").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


@pytest.mark.parametrize("exc, kind", [
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), OutputError.MISSING_DIR),
    (NotADirectoryError(errno.ENOTDIR, "Not a directory"), OutputError.MISSING_DIR),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), OutputError.IS_DIRECTORY),
    (PermissionError(errno.EACCES, "Permission denied"), OutputError.DENIED),
    (PermissionError(errno.EPERM, "Operation not permitted"), OutputError.DENIED),
    (OSError(errno.EROFS, "Read-only file system"), OutputError.DENIED),
    (OSError(errno.ENOSPC, "No space left on device"), OutputError.DISK_FULL),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), OutputError.DISK_FULL),
    (OSError(errno.ENAMETOOLONG, "File name too long"), OutputError.BAD_NAME),
    (OSError(errno.EINVAL, "Invalid argument"), OutputError.BAD_NAME),
    (OSError(errno.EIO, "Input/output error"), OutputError.FAILED),
    (OSError("no errno at all"), OutputError.FAILED),
])
def test_errors_are_told_by_errno_and_type(exc, kind):
    err = output_error(exc, Path("/home/someone/비밀 폴더/출력.xlsx"))
    assert err.kind == kind and err.file_name == "출력.xlsx"
    assert_safe(err, Path("/home/someone/비밀 폴더/출력.xlsx"))
    assert exc.strerror is None or exc.strerror not in err.message


def test_english_text_does_not_decide_the_kind():
    """A message that says "No space left" but carries EACCES is a permission problem."""
    assert output_error(OSError(errno.EACCES, "No space left on device"), Path("a.csv")).kind == OutputError.DENIED
    assert output_error(OSError(errno.ENOSPC, "Permission denied"), Path("a.csv")).kind == OutputError.DISK_FULL


@pytest.mark.parametrize("winerror", [32, 33])
def test_a_windows_sharing_or_lock_violation_is_a_file_open_elsewhere(winerror):
    exc = OSError(errno.EIO, "The process cannot access the file")
    exc.winerror = winerror
    err = output_error(exc, Path("출력.xlsx"))
    assert err.kind == OutputError.DENIED and "Excel" in err.message


def test_check_target_accepts_a_writable_place_and_any_case_of_extension(folder):
    assert check_target(folder / "출력.CSV", (".csv",)) == folder / "출력.CSV"
    assert check_target(str(folder / "출력.xlsx"), (".csv", ".xlsx")) == folder / "출력.xlsx"


@pytest.mark.skipif(sys.platform == "win32", reason="NAME_MAX of POSIX file systems")
def test_a_name_near_the_length_limit_is_written_and_one_past_it_is_a_bad_name(folder):
    longest = folder / ("가" * 82 + ".csv")  # 250 bytes in UTF-8: the temporary name must not be longer
    assert write_slots(longest) == longest and contents(folder) == {longest.name: longest.read_bytes()}
    with pytest.raises(OutputError) as info:
        write_slots(folder / ("나" * 90 + ".csv"))  # 274 bytes
    assert info.value.kind == OutputError.BAD_NAME and "파일 이름을 쓸 수 없습니다" in info.value.message
    assert list(contents(folder)) == [longest.name]
