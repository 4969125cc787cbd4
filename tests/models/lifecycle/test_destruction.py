"""Retention review and destruction (issue 16, PIPA §21): the review list by the fake clock
and by withdrawn consent, the overwrite read back from the raw rows, the stub and the past
monthly counts, search, the ledger without personal data, the permission matrix, and a
restore that re-applies the destructions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from models.core.errors import PermissionDenied, ValidationError
from models.lifecycle.destruction import ERASED, ids_file, read_ids
from models.lifecycle.privacy import PrivacyService
from models.lifecycle.tables import DestructionReason
from tests.factories.counseling import NOTE, SUMMARY, log
from tests.factories.world import youth_data
from tests.models.util import audit_rows


@pytest.fixture
def privacy(services) -> PrivacyService:
    return PrivacyService.of(services)


def register(services, world, name, phone, consent_on="2026-11-01", years=3, facility=None, **over) -> int:
    return services.youth.create(world.admin, facility or world.a, youth_data(
        name=name, phone=phone, email=f"{phone[-4:]}@example.com", consent_on=consent_on,
        retention_years=years, **over))


def raw(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_the_review_lists_ended_retention_by_the_clock_and_withdrawn_consent(services, world, privacy, clock):
    due = register(services, world, "김보유", "010-1111-0001", consent_on="2023-11-27")  # ends today
    tomorrow = register(services, world, "이내일", "010-1111-0002", consent_on="2023-11-28")
    fresh = register(services, world, "박철회", "010-1111-0003")
    register(services, world, "최현재", "010-1111-0004")
    other = register(services, world, "정다른", "010-1111-0005", consent_on="2020-01-02", years=1,
                     facility=world.b)

    rows = privacy.review(world.manager, world.a)
    assert [r.youth_id for r in rows] == [due]
    assert rows[0].name == "김*유" and rows[0].ends_on == date(2026, 11, 27)
    assert rows[0].reason is DestructionReason.RETENTION

    privacy.withdraw_consent(world.front_desk, world.a, fresh)
    clock.advance(days=1)
    rows = {r.youth_id: r for r in privacy.review(world.manager, world.a)}
    assert set(rows) == {due, tomorrow, fresh}
    assert rows[fresh].reason is DestructionReason.WITHDRAWN and rows[fresh].withdrawn_on == date(2026, 11, 27)
    # the admin sees every facility's; the manager of CAFE-A not CAFE-B's
    assert other in {r.youth_id for r in privacy.review(world.admin, None)}


def test_destruction_overwrites_the_personal_fields_and_the_notes_and_keeps_the_stub(
        services, world, privacy, clock):
    y = register(services, world, "홍파기", "010-2222-0001", consent_on="2023-11-01", birth_date="1998-03-15")
    keep = register(services, world, "김남음", "010-2222-0002", consent_on="2023-11-01")
    sid = log(services, world.counselor, world, y)
    services.counseling.add_addendum(world.counselor, sid, "추가-가족 사정 보충", "빠진 내용")
    log(services, world.counselor, world, keep)
    before = services.counseling.monthly_counts(world.manager, world.a, 2026, 11)
    assert services.youth.search(world.front_desk, world.a, "홍파기")

    result = privacy.destroy(world.manager, world.a, [y])

    assert result.records == 1 and len(result.ledger_ids) == 1
    name, phone, email, birth, district, channel = raw(
        services.db, "SELECT name, phone, email, birth_date, district, channel FROM youth WHERE id = :i", i=y)[0]
    assert (name, phone, email) == (ERASED, "00000000000", None)
    assert str(birth)[:10] == "1998-01-01" and district == "마포구" and channel == "online"
    texts = raw(services.db, "SELECT summary, note, next_step FROM counseling_session WHERE youth_id = :i", i=y)
    assert texts == [(ERASED, ERASED, ERASED)]
    assert raw(services.db, "SELECT body, reason FROM counseling_addendum WHERE session_id = :s", s=sid) == [
        (ERASED, ERASED)]
    # the other youth's record and notes are untouched
    assert raw(services.db, "SELECT summary, note FROM counseling_session WHERE youth_id = :i", i=keep) == [
        (SUMMARY, NOTE)]
    assert raw(services.db, "SELECT name FROM youth WHERE id = :i", i=keep) == [("김남음",)]
    # the search index lost the youth; the past month's figures are the same
    assert raw(services.db, "SELECT count(*) FROM youth_gram WHERE youth_id = :i", i=y) == [(0,)]
    assert services.youth.search(world.front_desk, world.a, "홍파기") == []
    assert services.youth.search(world.front_desk, world.a, "2222-0001") == []
    assert services.counseling.monthly_counts(world.manager, world.a, 2026, 11) == before
    # a second destruction of the same record is refused
    with pytest.raises(Exception, match="이미 파기"):
        privacy.destroy(world.manager, world.a, [y])


def test_the_ledger_row_holds_no_personal_data_and_the_audit_log_keeps_its_rows(services, world, privacy):
    a = register(services, world, "홍대장", "010-3333-0001", consent_on="2023-11-01")
    b = register(services, world, "김대장", "010-3333-0002")
    privacy.withdraw_consent(world.manager, world.a, b)
    reads_before = len(audit_rows(services.db, action="read"))
    services.youth.contact(world.front_desk, world.a, a)  # an access-log row

    privacy.destroy(world.manager, world.a, [a, b])

    rows = privacy.ledger(world.manager, world.a)
    assert sorted(r.reason for r in rows) == sorted([DestructionReason.RETENTION, DestructionReason.WITHDRAWN])
    assert all(r.records == 1 and r.by_name.startswith("시설 관리자") for r in rows)
    dumped = " ".join(str(v) for v in raw(services.db, "SELECT * FROM destruction_ledger")[0]) + " ".join(
        str(v) for v in raw(services.db, "SELECT * FROM destruction_ledger")[1])
    for personal in ("홍대장", "김대장", "3333", "example.com", "1998-03-15", str(a) + ","):
        assert personal not in dumped
    assert "이름" in rows[0].categories and "덮어쓰기" in rows[0].method
    assert len(audit_rows(services.db, action="read")) == reads_before + 1  # access log kept
    deleted = audit_rows(services.db, action="delete", entity="youth")
    assert {r.entity_id for r in deleted} == {str(a), str(b)}


def test_who_may_destroy(services, world, privacy):
    y = register(services, world, "홍권한", "010-4444-0001", consent_on="2023-11-01")
    other = register(services, world, "김다른", "010-4444-0002", consent_on="2023-11-01", facility=world.b)
    for actor in (world.front_desk, world.counselor):
        with pytest.raises(PermissionDenied):
            privacy.destroy(actor, world.a, [y])
        with pytest.raises(PermissionDenied):
            privacy.review(actor, world.a)
    with pytest.raises(PermissionDenied):  # a youth registered at another facility
        privacy.destroy(world.manager, world.a, [other])
    with pytest.raises(PermissionDenied):
        privacy.review(world.manager, world.b)
    fresh = register(services, world, "박아직", "010-4444-0003")
    with pytest.raises(ValidationError, match="보유기간이 끝나지 않았고"):
        privacy.destroy(world.manager, world.a, [fresh])
    assert raw(services.db, "SELECT name FROM youth WHERE id = :i", i=y) == [("홍권한",)]
    assert privacy.destroy(world.admin, None, [y, other]).records == 2


def test_a_restore_re_applies_the_destructions(services, world, privacy, backups, clock):
    if not services.db.is_sqlite:
        pytest.skip("restoring the SQLite file")
    from models.lifecycle.service import restore_database
    y = register(services, world, "홍복원", "010-5555-0001", consent_on="2023-11-01")
    log(services, world.counselor, world, y)
    entry = backups.backup_now(world.admin).entry
    clock.advance(hours=1)
    privacy.destroy(world.manager, world.a, [y])
    assert [e.youth_id for e in read_ids(ids_file(services.db))] == [y]

    _, fresh = restore_database(services.db, entry.path, world.admin, clock=clock)
    try:
        assert raw(fresh, "SELECT name, phone FROM youth WHERE id = :i", i=y) == [(ERASED, "00000000000")]
        assert raw(fresh, "SELECT note FROM counseling_session WHERE youth_id = :i", i=y) == [(ERASED,)]
        assert raw(fresh, "SELECT count(*) FROM youth_gram WHERE youth_id = :i", i=y) == [(0,)]
        rows = PrivacyService(fresh, clock).ledger(world.admin, None)
        assert [r.reason for r in rows] == [DestructionReason.REAPPLIED]
        assert entry.path.name in rows[0].note
    finally:
        fresh.dispose()


def test_the_printed_ledger_is_audited_and_names_nobody(services, world, privacy, tmp_path):
    import shutil
    import subprocess

    from models.outputs.lifecycle import print_destruction_ledger
    y = register(services, world, "홍인쇄", "010-6666-0001", consent_on="2023-11-01")
    privacy.destroy(world.manager, world.a, [y])

    result = print_destruction_ledger(services, world.manager, world.a, tmp_path / "대장.pdf")

    assert result.rows == 1 and result.path.stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True).stdout
        assert "파기 대장" in text and "보유기간" in text and "홍인쇄" not in text
    assert [r.detail for r in audit_rows(services.db, action="output", entity="destruction_ledger")] == [
        "파기 대장 출력(1행)"]
    with pytest.raises(PermissionDenied):
        print_destruction_ledger(services, world.front_desk, world.a, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_restored_file_the_restore_did_not_finish_with_is_destroyed_again_when_opened(
        services, world, privacy, clock):
    """The file was put back by hand (or the restore stopped before it re-applied): the next
    open of the database destroys the listed records again."""
    if not services.db.is_sqlite:
        pytest.skip("restoring the SQLite file")
    import sqlite3

    from cli.common import open_services
    from models.core.db import sqlite_url
    y = register(services, world, "홍되살림", "010-5555-0002", consent_on="2023-11-01")
    path = services.db.sqlite_path
    copy = path.with_name("before.db")
    with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    head = path.with_name(f"{path.name}.audit-head")
    kept_head = head.read_bytes() if head.exists() else None
    privacy.destroy(world.manager, world.a, [y])
    services.db.dispose()
    with sqlite3.connect(copy) as src, sqlite3.connect(path) as dst:
        src.backup(dst)  # the old file back, with the youth's name in it
    if kept_head is not None:
        head.write_bytes(kept_head)
    assert raw_file(path, y) == [("홍되살림",)]
    opened = open_services(sqlite_url(path))
    try:
        assert raw_file(path, y) == [(ERASED,)]
        assert [r.reason for r in PrivacyService.of(opened).ledger(world.admin, None)] == [
            DestructionReason.REAPPLIED]
        open_services(sqlite_url(path)).db.dispose()  # nothing due the second time: no new row
        assert len(PrivacyService.of(opened).ledger(world.admin, None)) == 1
    finally:
        opened.db.dispose()


def raw_file(path, youth_id):
    import sqlite3
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT name FROM youth WHERE id = ?", (youth_id,)).fetchall()
