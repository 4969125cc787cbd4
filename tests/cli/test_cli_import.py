"""`python main.py import youth|companies FILE [--dry-run]`, in-process on a fresh SQLite
file: the report and per-row errors (row, field, Korean message) on the terminal and never a
value of the file; exit 1 and nothing written when a row is wrong; --dry-run writes
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.companies import bizno
from tests.factories.cli import cli, query
from tests.models.imports.files import csv_bytes, xlsx_bytes, youths

pytestmark = pytest.mark.usefixtures("quiet_logging")


@pytest.fixture
def dbfile(tmp_path, capsys) -> Path:
    path = tmp_path / "yjd.db"
    assert cli(capsys, "facilities", "--db", path)[0] == 0  # made and migrated
    return path


def _write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _secrets(rows) -> list[str]:
    return [v for r in rows for v in (r[0], r[2], r[2].replace("-", ""), r[3]) if v]


def test_a_cp949_file_is_imported_with_its_report_and_no_personal_value_printed(capsys, tmp_path, dbfile):
    rows = youths(12)
    f = _write(tmp_path, "지원자.csv", csv_bytes(rows, "cp949"))
    code, out, err = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 0, err
    assert "파일: CSV · CP949 (EUC-KR) · 12행" in out
    assert "열 지정: 이름←'성명', 생년월일←'생년월일', 휴대전화←'휴대폰'" in out
    assert "청년 명부 가져오기 완료" in out and "전체 12행 · 신규 12 · 병합 0 · 건너뜀 0 · 오류 0" in out
    assert query(dbfile, "SELECT count(*) FROM youth")[0][0] == 12
    assert query(dbfile, "SELECT username FROM audit_log WHERE entity = 'import:youth'")[0][0].startswith("cli:")
    assert not any(s in out + err for s in _secrets(rows))


def test_a_bad_row_is_listed_by_row_and_field_and_nothing_is_written(capsys, tmp_path, dbfile):
    rows = youths(4)
    rows[1][1] = "1999-13-01"
    rows[2][2] = "02-555-1234"
    f = _write(tmp_path, "bad.csv", csv_bytes(rows, "utf-8-sig"))
    audit = query(dbfile, "SELECT count(*) FROM audit_log")[0][0]
    code, out, err = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 1
    assert "  3행 · 생년월일: 없는 날짜입니다. 월(1~12)과 그 달의 날수를 확인하세요." in out
    assert "  4행 · 휴대전화: 휴대전화 번호 형식이 올바르지 않습니다(예: 010-1234-5678)." in out
    assert "오류 2" in out and err.startswith("오류: ")
    assert "1999-13-01" not in out + err and "02-555-1234" not in out + err
    assert not any(s in out + err for s in _secrets(rows))
    assert query(dbfile, "SELECT count(*) FROM youth")[0][0] == 0
    assert query(dbfile, "SELECT count(*) FROM audit_log")[0][0] == audit


def test_dry_run_writes_nothing(capsys, tmp_path, dbfile):
    f = _write(tmp_path, "a.csv", csv_bytes(youths(3)))
    code, out, _ = cli(capsys, "import", "youth", f, "--db", dbfile, "--dry-run")
    assert code == 0 and "미리 보기(저장하지 않음)" in out and "신규 3" in out
    assert query(dbfile, "SELECT count(*) FROM youth")[0][0] == 0


def test_duplicates_are_skipped_or_merged(capsys, tmp_path, dbfile):
    rows = youths(3)
    f = _write(tmp_path, "a.csv", csv_bytes(rows))
    assert cli(capsys, "import", "youth", f, "--db", dbfile)[0] == 0
    rows[0][4] = "강남구"
    f = _write(tmp_path, "b.csv", csv_bytes(rows + youths(1, start=3)))
    code, out, _ = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 0
    assert "  2행 · 등록 청년 #1: 이름·생년월일 같음 · 전화번호 같음 → 건너뜀" in out
    assert "신규 1 · 병합 0 · 건너뜀 3" in out
    code, out, _ = cli(capsys, "import", "youth", f, "--db", dbfile, "--duplicates", "merge")
    assert code == 0 and "병합 4" in out
    assert query(dbfile, "SELECT district FROM youth WHERE id = 1")[0][0] == "강남구"
    assert query(dbfile, "SELECT count(*) FROM youth")[0][0] == 4


def test_a_broken_workbook_and_missing_columns_are_korean_messages(capsys, tmp_path, dbfile):
    f = _write(tmp_path, "broken.xlsx", xlsx_bytes(youths(2))[:500])
    code, _, err = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 1 and "엑셀 파일을 읽을 수 없습니다" in err and "Traceback" not in err
    f = _write(tmp_path, "few.csv", "성명,휴대폰\n홍길동,010-1234-5678\n".encode())
    code, _, err = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 1 and "필수 열이 없습니다: 생년월일, 거주 자치구, 동의일" in err
    f = _write(tmp_path, "empty.csv", b"")
    code, _, err = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 1 and "비어 있습니다" in err


def test_map_names_the_columns_auto_mapping_misses(capsys, tmp_path, dbfile):
    headers = ["지원자 이름", "출생", "핸드폰 번호", "메일", "사는 곳", "경로", "동의"]
    f = _write(tmp_path, "form.csv", csv_bytes(youths(2), headers=headers))
    code, _, err = cli(capsys, "import", "youth", f, "--db", dbfile)
    assert code == 1 and "필수 열이 없습니다" in err
    code, out, err = cli(capsys, "import", "youth", f, "--db", dbfile, "--map",
                         "이름=지원자 이름,birth_date=출생,phone=핸드폰 번호,district=사는 곳,consent_on=동의")
    assert code == 0, err
    assert "신규 2" in out
    code, _, err = cli(capsys, "import", "youth", f, "--db", dbfile, "--map", "주소=사는 곳")
    assert code == 1 and "--map" in err


def test_companies_need_a_facility_and_are_registered_there(capsys, tmp_path, dbfile):
    from models.core.db import Database, sqlite_url
    from models.registry import Services
    db = Database(sqlite_url(dbfile))
    Services(db).facilities.create(None, {"kind": "job_cafe", "region": "central", "district": "중구",
                                          "operator": "city", "code": "CAFE-A", "name": "가 일자리카페"})
    db.dispose()
    number = bizno.formatted(bizno.make("300000001"))
    f = _write(tmp_path, "companies.csv", f"기업명,사업자등록번호,업종\n가나다,{number},정보통신업\n".encode("cp949"))
    code, _, err = cli(capsys, "import", "companies", f, "--db", dbfile)
    assert code == 2 and "--facility" in err
    code, out, err = cli(capsys, "import", "companies", f, "--db", dbfile, "--facility", "CAFE-A")
    assert code == 0, err
    assert "구인기업 가져오기 완료" in out and "신규 1" in out
    assert query(dbfile, "SELECT name, biz_no, industry FROM company") == [("가나다", number.replace("-", ""), "J")]


def test_applicants_need_a_course_and_apply_to_it(capsys, tmp_path, dbfile):
    """``import applicants FILE --course ID``: the online form's export, CP949, registers the
    youths and applies them to the course; without --course it is refused before anything."""
    from datetime import timedelta

    from models.core.db import Database, sqlite_url
    from models.core.permissions import system_actor
    from models.registry import Services
    from tests.models.courses.builders import CAMPUS, course_data
    db = Database(sqlite_url(dbfile))
    s = Services(db)
    campus = s.facilities.create(None, {**CAMPUS, "code": "CAMPUS-A", "name": "가 청년취업사관학교"})
    actor = system_actor("tester")
    today = s.courses.today()  # the command runs on the real clock: the course's dates follow it
    d = {k: today + timedelta(days=n) for k, n in (
        ("apply_from", -20), ("apply_until", 5), ("documents_on", 6), ("skills_on", 7), ("interview_on", 8),
        ("announce_on", 9), ("start_on", 12), ("end_on", 60))}
    course = s.courses.create_course(actor, campus, course_data(**d))
    s.courses.set_status(actor, course, "recruiting", 1)
    db.dispose()
    rows = youths(5)
    data = ("성명,생년월일,휴대폰,이메일,거주지,모집 경로,개인정보 동의일,지원일\n"
            + "".join(",".join([*r, f"{today - timedelta(days=5):%Y-%m-%d}"]) + "\n" for r in rows)).encode("cp949")
    f = _write(tmp_path, "지원자.csv", data)
    code, _, err = cli(capsys, "import", "applicants", f, "--db", dbfile)
    assert code == 2 and "--course" in err
    code, out, err = cli(capsys, "import", "applicants", f, "--db", dbfile, "--course", str(course))
    assert code == 0, err
    assert "교육과정 지원자 가져오기 완료" in out and "신규 5" in out
    assert query(dbfile, "SELECT count(*) FROM course_application WHERE course_id = ?", course)[0][0] == 5
    assert not any(v in out + err for v in _secrets(rows))
