"""Importing youths into the registry, on both backends: 50 rows from a CP949 file, errors
per row and field, duplicates against the registry skipped or merged, all or nothing.

FakeClock: 2026-11-27 10:00 in Seoul."""

from __future__ import annotations

import threading

import pytest

from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.imports import engine, mapping, reading
from models.imports.errors import ImportCancelled, MissingColumns, RowsRejected
from models.imports.targets import target
from tests.factories.world import youth_data
from tests.models.imports.files import HEADERS, csv_bytes, xlsx_bytes, youths
from tests.models.util import audit_rows, count

YOUTH = target("youth")


def _preview(services, actor, fid, data: bytes, name="a.csv", **kw):
    table = reading.read_bytes(data, name)
    return engine.preview(services, actor, fid, YOUTH, table, mapping.auto_map(table.headers, YOUTH.fields), **kw)


def test_fifty_rows_from_a_cp949_file_are_registered_searchable_and_audited(services, world):
    audit_before = count(services.db, "audit_log")
    pv = _preview(services, world.front_desk, world.a, csv_bytes(youths(50), "cp949"))
    assert pv.table.encoding == "CP949 (EUC-KR)"
    assert not pv.errors and not pv.duplicates
    assert pv.defaults == ["보유기간(년): 3"]
    seen = []
    report = engine.commit(services, world.front_desk, pv, progress=lambda d, t: seen.append((d, t)))
    assert (report.new, report.merged, report.skipped, report.errors, report.written) == (50, 0, 0, 0, True)
    assert report.lines()[1] == "  전체 50행 · 신규 50 · 병합 0 · 건너뜀 0 · 오류 0"
    assert seen[-1] == (50, 50) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert count(services.db, "youth") == 50
    first = youths(1)[0]
    found = services.youth.search(world.front_desk, world.a, first[0])
    assert any(r.birth_date.isoformat() == first[1] and r.registered_facility == "가 일자리카페" for r in found)
    assert services.youth.search(world.front_desk, world.a, "5000-0049")  # the phone index too
    inserts = audit_rows(services.db, entity="youth", action="insert")
    assert len(inserts) == 50
    assert all(first[0] not in str(r.new_values) for r in inserts)  # names masked in the log
    summary = audit_rows(services.db, entity="import:youth")
    assert len(summary) == 1 and summary[0].username == "frontdesk"
    assert "신규 50" in summary[0].detail and first[0] not in summary[0].detail
    assert count(services.db, "audit_log") == audit_before + 51


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_and_bom_files_import_korean_names(services, world, encoding):
    rows = youths(3)
    pv = _preview(services, world.admin, world.a, csv_bytes(rows, encoding))
    engine.commit(services, world.admin, pv)
    assert sorted(r.name for r in services.youth.search(world.admin, world.a)) == sorted(r[0] for r in rows)


def test_an_xlsx_with_a_dropped_leading_zero_and_excel_dates_imports(services, world):
    from datetime import datetime
    data = xlsx_bytes([["홍길동", datetime(1998, 3, 15), 1012345678, None, "서울특별시 마포구", "현장방문",
                        datetime(2026, 11, 1)]])
    pv = _preview(services, world.admin, world.a, data, "form.xlsx")
    assert not pv.errors
    engine.commit(services, world.admin, pv)
    row = services.youth.search(world.admin, world.a, "홍길동")[0]
    assert (row.phone_masked, row.district, row.channel.value) == ("010-****-5678", "마포구", "on_site")


def test_missing_required_columns_are_named(services, world):
    data = "성명,연락처\n홍길동,010-1234-5678\n".encode()
    with pytest.raises(MissingColumns) as e:
        _preview(services, world.admin, world.a, data)
    assert e.value.labels == ["생년월일", "거주 자치구", "동의일"]
    assert "생년월일, 거주 자치구, 동의일" in e.value.message


def test_each_bad_row_has_korean_messages_per_field_and_nothing_is_written(services, world):
    rows = youths(5)
    rows[1][1] = "1998-02-30"
    rows[1][2] = "02-123"
    rows[3][4] = "부산"
    rows[3][5] = "우편"
    rows[4][0] = ""
    audit_before = count(services.db, "audit_log")
    pv = _preview(services, world.admin, world.a, csv_bytes(rows, "cp949"))
    assert pv.error_lines() == [
        (3, "생년월일", "없는 날짜입니다. 월(1~12)과 그 달의 날수를 확인하세요."),
        (3, "휴대전화", "휴대전화 번호 형식이 올바르지 않습니다(예: 010-1234-5678)."),
        (5, "거주 자치구", "서울시 자치구 이름(예: 마포구) 또는 '서울 외'로 적으세요."),
        (5, "모집 경로", "현장방문, 온라인, 市 사업(시 사업) 중 하나로 적으세요."),
        (6, "이름", "이름을 입력하세요."),
    ]
    assert all(v not in str(pv.error_lines()) for v in ("02-123", "부산", "우편"))  # no value of the file
    with pytest.raises(RowsRejected, match="3개"):
        engine.commit(services, world.admin, pv)
    assert count(services.db, "youth") == 0
    assert count(services.db, "audit_log") == audit_before


def test_the_same_youth_twice_in_one_file_is_an_error_on_the_second_row(services, world):
    rows = youths(3)
    rows[2] = list(rows[0])
    rows[2][2] = "010-9999-0000"  # same name and birth date, another phone
    pv = _preview(services, world.admin, world.a, csv_bytes(rows))
    assert pv.error_lines() == [(4, "이름", "파일의 2행과 같은 청년입니다. 한 행만 남기세요.")]


def test_duplicates_of_the_registry_are_shown_skipped_by_default_and_counted(services, world):
    existing = services.youth.create(world.admin, world.a, youth_data(name="김민준", birth_date="1998-03-15",
                                                                       phone="010-5000-0000"))
    pv = _preview(services, world.admin, world.a, csv_bytes(youths(3)))
    (dup,) = pv.duplicates
    assert dup.line == 2 and dup.matches[0].id == existing
    assert dup.matches[0].why == "전화번호 같음"
    assert dup.matches[0].summary == "김민준 · 1998-03-15 · 010-****-0000"
    assert pv.default_actions()[dup.index] is engine.Action.SKIP
    report = engine.commit(services, world.admin, pv)
    assert (report.new, report.skipped, report.merged) == (2, 1, 0)
    assert count(services.db, "youth") == 3
    with pytest.raises(ValidationError, match="2행은 이미 등록된 청년"):
        engine.commit(services, world.admin, pv, {dup.index: engine.Action.NEW})


def test_merge_updates_the_existing_youth_and_audits_it(services, world):
    existing = services.youth.create(world.admin, world.a, youth_data(
        name="김민준", birth_date="1990-01-01", phone="010-5000-0000", email="old@example.com", district="중구"))
    rows = youths(2)
    rows[0][3] = ""  # the file gives no e-mail: the registered one stays
    pv = _preview(services, world.admin, world.a, csv_bytes(rows))
    dup = pv.duplicates[0]
    before = len(audit_rows(services.db, entity="youth", action="update"))
    report = engine.commit(services, world.admin, pv, {dup.index: engine.Action.MERGE, 1: engine.Action.NEW})
    assert (report.new, report.merged) == (1, 1)
    row = services.youth.get(world.admin, world.a, existing)
    assert (row.name, row.birth_date.isoformat(), row.district) == (rows[0][0], rows[0][1], "마포구")
    assert services.youth.contact(world.admin, world.a, existing).email == "old@example.com"
    (update,) = audit_rows(services.db, entity="youth", action="update")[before:]
    assert update.entity_id == str(existing)
    assert update.new_values["district"] == "마포구" and update.old_values["district"] == "중구"
    assert "email" not in update.new_values
    assert rows[0][0] not in str(update.new_values)  # the name masked


def test_a_row_matching_two_registered_youths_cannot_be_merged(services, world):
    row = youths(1)[0]
    services.youth.create(world.admin, world.a, youth_data(name=row[0], birth_date=row[1], phone="010-7777-0001"))
    services.youth.create(world.admin, world.a, youth_data(name="다른사람", phone=row[2]))
    pv = _preview(services, world.admin, world.a, csv_bytes([row]))
    dup = pv.duplicates[0]
    assert len(dup.matches) == 2 and "여러 명" in dup.merge_refusal
    with pytest.raises(ValidationError, match="여러 명"):
        engine.commit(services, world.admin, pv, {dup.index: engine.Action.MERGE})
    assert count(services.db, "youth") == 2


def test_a_youth_registered_elsewhere_after_the_preview_refuses_the_commit(services, world):
    rows = youths(3)
    pv = _preview(services, world.admin, world.a, csv_bytes(rows))
    services.youth.create(world.counselor, world.a, youth_data(name=rows[2][0], birth_date=rows[2][1],
                                                               phone="010-8888-0000"))
    with pytest.raises(Conflict, match="미리 보기 뒤에"):
        engine.commit(services, world.admin, pv)
    assert count(services.db, "youth") == 1


def test_a_cancel_during_the_commit_writes_nothing(services, world):
    pv = _preview(services, world.admin, world.a, csv_bytes(youths(30)))
    audit_before = count(services.db, "audit_log")
    stop = threading.Event()
    with pytest.raises(ImportCancelled, match="아무것도 저장하지 않았습니다"):
        engine.commit(services, world.admin, pv, progress=lambda d, t: stop.set(), cancel=stop)
    assert count(services.db, "youth") == 0 and count(services.db, "youth_gram") == 0
    assert count(services.db, "audit_log") == audit_before


def test_a_database_error_midway_leaves_nothing(services, world, monkeypatch):
    from models.youth import bulk
    monkeypatch.setattr(bulk, "CHUNK", 10)
    pv = _preview(services, world.admin, world.a, csv_bytes(youths(30)))
    calls = []

    def fail_on_second(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise RuntimeError("disk gone")  # after 20 rows were flushed

    with pytest.raises(RuntimeError):
        engine.commit(services, world.admin, pv, progress=fail_on_second)
    assert count(services.db, "youth") == 0


def test_dry_run_writes_nothing_and_reports_what_would_happen(services, world):
    pv = _preview(services, world.admin, world.a, csv_bytes(youths(4)))
    report = engine.commit(services, world.admin, pv, dry_run=True)
    assert (report.new, report.written, report.dry_run) == (4, False, True)
    assert "미리 보기(저장하지 않음)" in report.lines()[0]
    assert count(services.db, "youth") == 0


def test_importing_needs_the_registry_edit_permission_at_the_facility(services, world):
    with pytest.raises(PermissionDenied):
        _preview(services, world.counselor, world.b, csv_bytes(youths(1)))


def test_the_explicit_mapping_reads_other_headers(services, world):
    headers = ["지원자 이름", "출생", "핸드폰 번호", "메일", "사는 곳", "경로", "동의"]
    table = reading.read_bytes(csv_bytes(youths(2), headers=headers), "a.csv")
    cols = mapping.auto_map(table.headers, YOUTH.fields)
    with pytest.raises(MissingColumns):
        engine.preview(services, world.admin, world.a, YOUTH, table, cols)
    names = dict(zip(["name", "birth_date", "phone", "email", "district", "channel", "consent_on"], headers,
                     strict=True))
    cols = mapping.apply_names(cols, names, table.headers, YOUTH.fields)
    pv = engine.preview(services, world.admin, world.a, YOUTH, table, cols)
    assert not pv.errors and len(pv.inputs) == 2 and HEADERS != headers
