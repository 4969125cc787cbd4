"""Review fixes: an edit that leaves the confidential note out keeps it (the editor never
read it, so nothing is overwritten and no note read is recorded), and no typed free text
(void and addendum reasons, case-event reasons, the plan's goal and step titles, a group
session's void reason) is copied into the audit log. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from models.audit_log.service import AuditFilter
from models.counseling.tables import CounselingSession
from tests.factories.counseling import NOTE, log, session_data
from tests.factories.rooms import TODAY
from tests.models.util import audit_dump

REASONS = ("무효사유-가정폭력 피해 상담으로 오기", "보충사유-부채 액수 정정", "이관사유-보호자 요청",
           "종결사유-정신과 입원", "재개사유-퇴원 뒤 재상담", "목표-요양보호사 취업", "단계-신용회복 상담 받기",
           "집단무효-참석자 개인사정")


def stored_note(services, sid: int) -> str:
    with services.db.engine.connect() as conn:
        return conn.execute(CounselingSession.__table__.select().where(
            CounselingSession.__table__.c.id == sid)).mappings().one()["note"]


def note_reads(services, world) -> int:
    return len(services.audit.list(world.admin, AuditFilter(entity="counseling_session", action="read")))


def test_an_edit_without_the_note_keeps_it_and_reads_nothing(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1)
    data = session_data(cw.y1, summary="고친 요약")
    del data["note"]
    v2 = services.counseling.update_session(world.counselor, sid, data, 1)
    assert stored_note(services, sid) == NOTE
    v3 = services.counseling.update_session(world.counselor, sid, session_data(cw.y1, note=None), v2)
    assert stored_note(services, sid) == NOTE and v3 == v2 + 1
    assert note_reads(services, world) == 0
    services.counseling.update_session(world.counselor, sid, session_data(cw.y1, note=""), v3)
    assert stored_note(services, sid) == ""  # an editor who opened it may still clear it


def test_no_typed_reason_goal_or_step_reaches_the_audit_log(services, world, cw, clock):
    void_r, add_r, transfer_r, close_r, reopen_r, goal, step, group_r = REASONS
    c = services.counseling
    sid = log(services, world.counselor, world, cw.y1)
    c.add_addendum(world.counselor, sid, "보충 내용", add_r)
    c.void_session(world.counselor, sid, void_r, c.get_session(world.counselor, sid).version)
    log(services, world.counselor, world, cw.y2)
    case = c.case_of(world.manager, world.a, cw.y2)
    c.transfer(world.manager, case.id, cw.counselor2.user_id, transfer_r)
    c.close_case(world.manager, case.id, "other", close_r)
    c.reopen_case(world.manager, case.id, reopen_r)
    plan = c.save_plan(world.counselor, world.a, cw.y2, {"goal": goal, "target_on": TODAY + timedelta(days=60)})
    c.add_step(world.counselor, plan, {"title": step, "due_on": TODAY + timedelta(days=7)})
    c.save_plan(world.counselor, world.a, cw.y2, {"goal": goal + " 변경"})
    gid = c.log_group(world.counselor, world.a, {"kind": "lecture", "title": "취업특강", "attendee_ids": [cw.y1]})
    c.void_group(world.counselor, gid, group_r)
    dump = audit_dump(services.db)
    for entity in ("counseling_addendum", "counseling_case_event", "activity_plan", "activity_plan_step",
                   "group_session"):
        assert entity in dump
    for text in REASONS:
        assert text.split("-")[1] not in dump, text
    assert "(사유)" in dump and "(취업 목표)" in dump and "(계획 단계)" in dump
