"""Logging one-to-one sessions: the stored row, the follow-up it queues and the one it
completes, the activity-plan steps it ticks, the booth consultation it closes, the youth's
separate consent to sensitive topics, and bad input (a Korean message naming the field,
nothing written); on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from models.booths.enums import ConsultStatus
from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.counseling.enums import CaseStatus, FollowupStatus, Mode, SessionKind, Topic
from tests.factories.booths import book
from tests.factories.counseling import NOTE, SUMMARY, consent, log, session_data
from tests.factories.rooms import MON, TODAY, at
from tests.models.util import audit_dump, table_counts


def test_a_logged_session_reads_back_with_the_decisions_for_its_reader(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1, topics=["career", "job_skills"],
              held_at=at(TODAY, "09:00"))
    row = services.counseling.get_session(world.counselor, sid)
    assert (row.youth_id, row.counselor_id, row.duration_minutes, row.mode, row.kind) == (
        cw.y1, world.counselor.user_id, 30, Mode.PHONE, SessionKind.DEEP)
    assert row.topics == (Topic.CAREER, Topic.JOB_SKILLS) and row.remote
    assert row.summary == SUMMARY and row.has_note and row.note_readable
    assert row.editable and not row.locked and row.version == 1 and not row.voided
    assert row.held_at.strftime("%Y-%m-%d %H:%M") == "2026-11-27 09:00"
    assert NOTE not in repr(row) and SUMMARY not in repr(row)
    # the first session opened the youth's case, assigned to its counselor
    case = services.counseling.case_of(world.counselor, world.a, cw.y1)
    assert case.counselor_id == world.counselor.user_id and case.status is CaseStatus.OPEN
    assert case.days_since_contact == 0 and case.last_contact_at == row.held_at


def test_held_at_defaults_to_now(services, world, cw, clock):
    sid = log(services, world.counselor, world, cw.y1)
    assert services.counseling.get_session(world.counselor, sid).held_at == clock.now


def test_a_followup_date_queues_a_followup_and_the_session_that_does_it_completes_it(services, world, cw, clock):
    first = log(services, world.counselor, world, cw.y1, followup_on=TODAY + timedelta(days=3))
    [f] = services.counseling.youth_followups(world.counselor, world.a, cw.y1)
    assert (f.due_on, f.status, f.source_session_id) == (TODAY + timedelta(days=3), FollowupStatus.OPEN, first)
    assert services.counseling.get_session(world.counselor, first).followup_on == TODAY + timedelta(days=3)
    assert services.counseling.followups(world.counselor, world.a) == []  # not due yet
    clock.advance(days=5)
    [due] = services.counseling.followups(world.counselor, world.a)
    assert due.id == f.id and due.days_overdue == 2 and due.overdue
    second = log(services, world.counselor, world, cw.y1, completes_followup_id=f.id, kind="aftercare")
    [done] = services.counseling.youth_followups(world.counselor, world.a, cw.y1)
    assert (done.status, done.done_session_id) == (FollowupStatus.DONE, second)
    assert services.counseling.followups(world.counselor, world.a) == []
    with pytest.raises(ValidationError) as again:
        log(services, world.counselor, world, cw.y1, completes_followup_id=f.id)
    assert "completes_followup_id" in again.value.errors


def test_a_session_ticks_plan_steps(services, world, cw):
    plan = services.counseling.save_plan(world.counselor, world.a, cw.y1, {"goal": "웹 개발자", "target_on": "2027-03-31"})
    step = services.counseling.add_step(world.counselor, plan, {"title": "포트폴리오 완성", "due_on": "2026-12-15"})
    other = services.counseling.add_step(world.counselor, plan, {"title": "면접 연습"})
    sid = log(services, world.counselor, world, cw.y1, kind="plan_review", plan_step_ids=[step])
    p = services.counseling.plan(world.counselor, world.a, cw.y1)
    assert [(s.id, s.done, s.done_session_id) for s in p.steps] == [(step, True, sid), (other, False, None)]
    assert p.progress == (1, 2) and p.goal == "웹 개발자"
    with pytest.raises(ValidationError) as wrong:
        log(services, world.counselor, world, cw.y2, plan_step_ids=[other])
    assert "plan_step_ids" in wrong.value.errors


def test_an_ai_review_session_closes_the_booth_consultation_request(services, world, desk, clock):
    booking = book(services, world, desk, desk.y1, MON, "10:00", session="ai_competency")
    clock.now = at(MON, "10:05")
    services.booths.check_in(world.front_desk, booking)
    request = services.booths.request_consult(world.front_desk, booking, "결과 분석 희망")
    clock.now = at(MON, "15:00")
    with pytest.raises(ValidationError) as kind:  # only a session of that type answers it
        log(services, world.counselor, world, desk.y1, consult_request_id=request)
    assert "kind" in kind.value.errors
    with pytest.raises(ValidationError) as other_youth:
        log(services, world.counselor, world, desk.y2, kind="ai_review", consult_request_id=request)
    assert "consult_request_id" in other_youth.value.errors
    sid = log(services, world.counselor, world, desk.y1, kind="ai_review", consult_request_id=request)
    assert services.booths.consult_queue(world.counselor, world.a) == []
    [closed] = services.booths.consult_queue(world.counselor, world.a, status=None)
    assert closed.status is ConsultStatus.DONE
    assert services.counseling.get_session(world.counselor, sid).consult_request_id == request
    with pytest.raises(Conflict):  # closed once
        log(services, world.counselor, world, desk.y1, kind="ai_review", consult_request_id=request)
    # voiding the session that answered it puts the request back in the queue
    services.counseling.void_session(world.counselor, sid, "다른 요청에 기록함", 1)
    assert [r.id for r in services.booths.consult_queue(world.counselor, world.a)] == [request]
    again = log(services, world.counselor, world, desk.y1, kind="ai_review", consult_request_id=request)
    assert services.booths.consult_queue(world.counselor, world.a) == []
    assert services.counseling.get_session(world.counselor, again).consult_request_id == request


def test_a_sensitive_topic_needs_the_youths_separate_consent(services, world, cw):
    before = table_counts(services.db)
    with pytest.raises(ValidationError) as refused:
        log(services, world.counselor, world, cw.y1, topics=["career", "mental_health"])
    assert list(refused.value.errors) == ["topics"]
    assert "마음건강" in refused.value.message and "동의" in refused.value.message and "제23조" in refused.value.message
    assert table_counts(services.db) == before
    consent(services, world, cw.y1)
    assert services.youth.sensitive_consent(world.counselor, world.a, cw.y1) == TODAY - timedelta(days=1)
    sid = log(services, world.counselor, world, cw.y1, topics=["mental_health"])
    assert services.counseling.get_session(world.counselor, sid).topics == (Topic.MENTAL_HEALTH,)
    # a session held before the consent was given may not name the topic either
    with pytest.raises(ValidationError):
        log(services, world.counselor, world, cw.y1, topics=["health"], held_at=at(TODAY - timedelta(days=3), "10:00"))
    services.youth.withdraw_sensitive_consent(world.counselor, world.a, cw.y1)
    assert services.youth.sensitive_consent(world.counselor, world.a, cw.y1) is None
    with pytest.raises(ValidationError):
        log(services, world.counselor, world, cw.y1, topics=["mental_health"])
    with pytest.raises(ValidationError) as future:
        services.youth.record_sensitive_consent(world.counselor, world.a, cw.y1, TODAY + timedelta(days=1))
    assert "sensitive_consent_on" in future.value.errors
    with pytest.raises(PermissionDenied):  # the front desk records no counseling consent
        services.youth.record_sensitive_consent(world.front_desk, world.a, cw.y1)


BAD = [
    ("held_at", {"held_at": at(TODAY, "10:30")}, "지금보다 뒤"),
    ("followup_on", {"followup_on": TODAY - timedelta(days=1)}, "오늘이거나 그 뒤"),
    ("duration_minutes", {"duration_minutes": 0}, "1~480분"),
    ("duration_minutes", {"duration_minutes": 481}, "1~480분"),
    ("youth_id", {"youth_id": 999_999}, "청년 정보를 찾을 수 없습니다"),
    ("counselor_id", {"counselor_id": "front_desk"}, "상담사 역할이 없는"),
    ("topics", {"topics": ["mental_health"]}, "민감정보"),
    ("summary", {"summary": "가" * 2001}, "2000자 이하"),
    ("note", {"note": NOTE + "가" * 4000}, "4000자 이하"),
    ("next_step", {"next_step": "가" * 501}, "500자 이하"),
    ("note", {"note": "메모\x00"}, "제어 문자"),
    ("mode", {"mode": "carrier_pigeon"}, "목록에서 선택"),
]


@pytest.mark.parametrize(("field", "over", "words"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_names_its_field_in_korean_and_writes_nothing(services, world, cw, field, over, words, caplog):
    over = dict(over)
    if over.get("counselor_id") == "front_desk":
        over["counselor_id"] = world.front_desk.user_id
    before = table_counts(services.db)
    actor = world.manager  # may log for another counselor
    with caplog.at_level(logging.DEBUG), pytest.raises(ValidationError) as caught:
        services.counseling.log_session(actor, world.a, session_data(cw.y1, **over))
    assert list(caught.value.errors) == [field]
    assert words in caught.value.errors[field]
    assert NOTE not in str(caught.value) and NOTE not in caplog.text
    assert table_counts(services.db) == before


def test_an_addendum_without_a_reason_is_refused(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1)
    before = table_counts(services.db)
    with pytest.raises(ValidationError) as caught:
        services.counseling.add_addendum(world.counselor, sid, "추가 내용", "  ")
    assert list(caught.value.errors) == ["reason"] and "사유" in caught.value.message
    with pytest.raises(ValidationError) as long:
        services.counseling.add_addendum(world.counselor, sid, "가" * 2001, "오타")
    assert list(long.value.errors) == ["body"]
    assert table_counts(services.db) == before


def test_note_text_never_reaches_the_audit_log(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1, topics=["career"])
    services.counseling.update_session(world.counselor, sid, session_data(
        cw.y1, note=NOTE + " 수정", summary=SUMMARY + " 수정"), 1)
    services.counseling.add_addendum(world.counselor, sid, NOTE + " 덧붙임", "빠뜨린 내용", "note")
    services.counseling.note(world.counselor, sid)
    dump = audit_dump(services.db)
    assert "counseling_session" in dump and "counseling_addendum" in dump
    assert "비밀메모" not in dump and "요약-" not in dump and "이력서 초안" not in dump
    assert "(비공개 메모)" in dump


def test_a_process_that_loaded_no_other_area_logs_a_session(tmp_path):
    """Counseling's tables bring the tables their foreign keys point at (booths'
    consult_request among them): a desk that opened only the counseling page can save."""
    import subprocess
    import sys

    from models.core.db import Database, sqlite_url
    from models.core.migrate import upgrade
    path = tmp_path / "current.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    db.dispose()
    code = f"""
import sys
from models.core.db import Database, sqlite_url
from models.core.migrate import upgrade
from models.registry import Services
from argon2 import PasswordHasher
from tests.factories.world import youth_data
from tests.models.util import facility_data
db = Database(sqlite_url({str(path)!r})); upgrade(db)
sv = Services(db, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
fid = sv.facilities.create(None, facility_data())
admin = sv.accounts.create_first_admin({{"username": "admin", "display_name": "관리자", "password": "admin1234"}})
from models.core.enums import Role
uid = sv.accounts.create_user(admin, {{"username": "counsel1", "display_name": "상담사", "password": "pass1234"}},
                              grants=[(Role.COUNSELOR, fid)])
me = sv.accounts.refresh_actor(uid)
yid = sv.youth.create(me, fid, youth_data())
print(sv.counseling.log_session(me, fid, {{"youth_id": yid, "mode": "phone", "kind": "initial"}}),
      "models.tables" in sys.modules, "models.booths.service" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(
        __import__("pathlib").Path(__file__).resolve().parents[3]))
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["1", "False", "False"]
