"""The youth's own 열람 PDF (issue 16): bookings and counseling summaries on it, notes only
for their readers (each an audit read), the purpose required, the output audited without
personal data."""

from __future__ import annotations

import subprocess

import pytest

from models.core.errors import ValidationError
from models.outputs.youth_access import print_youth_access
from tests.factories.counseling import NOTE, SUMMARY, consent, log, make_counseling
from tests.factories.rooms import add_room, book


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def youth(services, world):
    c = make_counseling(services, world)
    consent(services, world, c.y1)
    room = add_room(services, world)
    book(services, world.front_desk, world.a, room, c.y1)
    log(services, world.counselor, world, c.y1)
    services.youth.contact(world.front_desk, world.a, c.y1)  # a view the log will show
    return c.y1


def _audit(services, entity="youth"):
    with services.db.engine.connect() as conn:
        import sqlalchemy as sa
        return conn.execute(sa.text("SELECT action, username, entity_id, detail FROM audit_log "
                                    "WHERE entity = :e ORDER BY id"), {"e": entity}).all()


def test_the_pdf_holds_bookings_summaries_notes_and_the_access_log(services, world, youth, tmp_path):
    path = tmp_path / "access.pdf"
    result = print_youth_access(services, world.manager, world.a, youth, path, "본인 열람 요청")
    text = _text(path)
    assert "본인 열람 자료" in text and "스터디룸 A" in text and SUMMARY in text
    assert NOTE in text  # the manager reads notes
    assert "개인정보 포함" in text and "본인 열람 요청" in text
    assert "연락처 전체 열람" in text  # the front desk's view is in the access log
    assert text.count("개인정보 포함") == int(subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
                                          .stdout.split("Pages:")[1].split()[0])
    assert result.rows >= 1
    out = [r for r in _audit(services) if r.action == "output" and (r.detail or "").startswith("본인 열람 자료 출력")]
    assert len(out) == 1 and out[0].username == "manager" and out[0].entity_id == str(youth)
    assert not [r for r in _audit(services) if r.action == "output" and "상담 기록 출력" in (r.detail or "")]
    assert "목적: 본인 열람 요청" in out[0].detail
    for value in ("010-", "홍길동", NOTE, "@"):
        assert value not in out[0].detail
    reads = [r for r in _audit(services, "counseling_session") if r.action == "read"]
    assert reads and reads[-1].username == "manager"  # the printed note is an audit read


def test_a_role_that_may_not_read_notes_gets_none(services, world, youth, tmp_path):
    session = services.counseling.timeline(world.manager, world.a, youth)[0].ref_id
    services.counseling.note(world.manager, session)  # the manager opened the note before
    before = len([r for r in _audit(services, "counseling_session") if r.action == "read"])
    path = tmp_path / "fd.pdf"
    print_youth_access(services, world.front_desk, world.a, youth, path, "본인 열람 요청")
    text = _text(path)
    assert "스터디룸 A" in text and "010-3000-5000" in text  # the desk may see the full contact
    assert NOTE not in text and SUMMARY not in text  # the front desk prints no counseling
    assert "상담 비공개 메모 열람" in text and "시설 관리자" in text  # but the youth learns who opened it
    assert len([r for r in _audit(services, "counseling_session") if r.action == "read"]) == before


def test_the_purpose_is_required(services, world, youth, tmp_path):
    path = tmp_path / "none.pdf"
    with pytest.raises(ValidationError) as e:
        print_youth_access(services, world.manager, world.a, youth, path, "  ")
    assert "purpose" in e.value.errors
    assert not path.exists()
    assert not [r for r in _audit(services) if r.action == "output"]
