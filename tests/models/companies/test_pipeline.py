"""The matching pipeline: every allowed and refused move, the stage derived from the
history, refusals that write nothing (a closed or past-deadline opening, a second referral
of the same youth, a hire date before the referral, a date in the future, an ending
without its reason), the manager's override with its reason, the version conflict of two
counselors, the append-only history, the board, the youth's list and the stale flag. On
both backends."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.companies.enums import ALLOWED, ENDED, PIPELINE, Stage
from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from tests.factories.companies import TO_HIRED, opening_data, refer, walk
from tests.factories.rooms import TODAY
from tests.models.util import audit_rows, count

# a route from 추천 to each stage by allowed moves
ROUTE = {Stage.REFERRED: [], Stage.SCREENING: ["screening"], Stage.INTERVIEW: ["screening", "interview"],
         Stage.PASSED: ["screening", "interview", "passed"], Stage.HIRED: TO_HIRED,
         Stage.REJECTED: ["rejected"], Stage.WITHDREW: ["withdrew"],
         Stage.COMPANY_CANCELLED: ["company_cancelled"]}


def _note(stage: Stage) -> str:
    return "사유 기록" if stage in ENDED else ""


def test_every_move_from_every_stage(services, world, mw):
    """Each (from, to) pair: allowed ones go through and append one transition; refused
    ones are RuleViolation for a counselor and write nothing."""
    cs = services.companies
    youth = itertools.count(10)
    wrong = []
    for frm, to in itertools.product(Stage, Stage):
        if frm is to:
            continue
        from tests.factories.rooms import add_youth
        rid = refer(services, world.counselor, world, mw.opening, add_youth(services, world, next(youth)))
        version = walk(services, world.counselor, rid, ROUTE[frm])
        assert cs.get_referral(world.counselor, rid).stage is frm
        before = count(services.db, "referral_transition")
        try:
            cs.move(world.counselor, rid, to, version, note=_note(to))
            moved = True
        except RuleViolation as exc:
            moved = False
            assert exc.rule == "stage_order" and to.label in exc.message
            assert count(services.db, "referral_transition") == before
        if moved != (to in ALLOWED[frm]):
            wrong.append(f"{frm.value}->{to.value}: {moved}")
        if moved:
            assert count(services.db, "referral_transition") == before + 1
            assert cs.get_referral(world.counselor, rid).stage is to
    assert wrong == []


def test_the_stage_is_derived_from_the_history(services, world, mw):
    cs = services.companies
    rid = refer(services, world.counselor, world, mw.opening, mw.y1, day=TODAY - timedelta(days=5))
    walk(services, world.counselor, rid, ["screening", "interview"])
    history = cs.history(world.counselor, rid)
    assert [(h.from_stage, h.to_stage) for h in history] == [
        (None, Stage.REFERRED), (Stage.REFERRED, Stage.SCREENING), (Stage.SCREENING, Stage.INTERVIEW)]
    assert history[-1].to_stage is cs.get_referral(world.counselor, rid).stage
    assert all(h.by == world.counselor.user_id and h.by_name for h in history)
    assert history[0].happened_on == TODAY - timedelta(days=5)


def test_history_is_append_only_in_the_database(services, world, mw):
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    walk(services, world.counselor, rid, ["screening"])
    for sql in ("UPDATE referral_transition SET note = 'x'", "DELETE FROM referral_transition"):
        with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
            conn.execute(text(sql))
    assert count(services.db, "referral_transition") == 2


def test_endings_need_their_reason(services, world, mw):
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    for stage in ENDED:
        with pytest.raises(ValidationError) as exc:
            services.companies.move(world.counselor, rid, stage, 1, note="  ")
        assert "note" in exc.value.errors and stage.label in exc.value.message
    assert count(services.db, "referral_transition") == 1


def test_a_closed_or_past_deadline_opening_takes_no_referral(services, world, mw, clock):
    cs = services.companies
    closed = cs.open_job(world.counselor, mw.company, opening_data(title="마감 공고"))
    cs.set_opening_status(world.counselor, closed, "closed", 1)
    soon = cs.open_job(world.counselor, mw.company, opening_data(title="곧 마감", deadline=TODAY))
    clock.advance(days=1)
    for opening in (closed, soon):
        before = count(services.db, "referral")
        with pytest.raises(ValidationError) as exc:
            refer(services, world.counselor, world, opening, mw.y1)
        assert "opening_id" in exc.value.errors and count(services.db, "referral") == before
    assert not cs.get_opening(world.counselor, soon).accepts_referrals


def test_the_same_youth_twice_to_one_opening(services, world, mw):
    refer(services, world.counselor, world, mw.opening, mw.y1)
    with pytest.raises(ValidationError) as exc:
        refer(services, mw.counselor2, world,
              mw.opening, mw.y1, channel="on_site")
    assert "youth_id" in exc.value.errors
    assert count(services.db, "referral") == 1 and count(services.db, "referral_transition") == 1
    with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO referral (facility_id, opening_id, company_id, youth_id, counselor_id, "
                          "channel, referred_on, stage, moved_on, version, created_at, created_by) SELECT "
                          "facility_id, opening_id, company_id, youth_id, counselor_id, channel, referred_on, "
                          "stage, moved_on, 1, created_at, created_by FROM referral"))


def test_dates_hire_before_referral_and_future(services, world, mw):
    cs = services.companies
    rid = refer(services, world.counselor, world, mw.opening, mw.y1, day=TODAY - timedelta(days=3))
    version = walk(services, world.counselor, rid, ["screening", "interview", "passed"])
    before = count(services.db, "referral_transition")
    with pytest.raises(ValidationError) as exc:
        cs.move(world.counselor, rid, "hired", version, on=TODAY - timedelta(days=10))
    assert exc.value.errors == {"on": "입사일은 추천일보다 빠를 수 없습니다."}
    with pytest.raises(ValidationError) as exc:
        cs.move(world.counselor, rid, "hired", version, on=TODAY + timedelta(days=1))
    assert "on" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        refer(services, world.counselor, world, mw.opening, mw.y2, day=TODAY + timedelta(days=1))
    assert "referred_on" in exc.value.errors
    with pytest.raises(ValidationError):  # before the last move (today)
        cs.move(world.counselor, rid, "hired", version, on=TODAY - timedelta(days=1))
    assert count(services.db, "referral_transition") == before
    assert cs.get_referral(world.counselor, rid).stage is Stage.PASSED


def test_manager_overrides_with_a_reason(services, world, mw):
    cs = services.companies
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    with pytest.raises(PermissionDenied):
        cs.move(world.counselor, rid, "hired", 1, override_reason="현장 채용 확정")
    with pytest.raises(RuleViolation):
        cs.move(world.manager, rid, "hired", 1)
    assert count(services.db, "referral_transition") == 1
    version = cs.move(world.manager, rid, "hired", 1, override_reason="현장 채용 확정")
    last = cs.history(world.manager, rid)[-1]
    assert (last.from_stage, last.to_stage, last.override_reason) == (Stage.REFERRED, Stage.HIRED, "현장 채용 확정")
    inserted = audit_rows(services.db, entity="referral_transition", action="insert")[-1]
    assert inserted.new_values["override_reason"] == "현장 채용 확정"
    # an allowed move keeps no override reason; a manager may undo a hire (checks cancelled)
    assert count(services.db, "retention_check") == 3
    cs.move(world.manager, rid, "withdrew", version, note="입사 취소", override_reason="입사 전 포기")
    assert count(services.db, "retention_check") == 0
    assert cs.get_referral(world.manager, rid).next_stages  # the manager may move it on


def test_two_counselors_move_the_same_referral(services, world, mw):
    cs = services.companies
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    seen = cs.get_referral(mw.counselor2, rid).version
    cs.move(world.counselor, rid, "screening", seen)
    before = count(services.db, "referral_transition")
    with pytest.raises(Conflict) as exc:
        cs.move(mw.counselor2, rid, "rejected", seen, note="서류 불합격")
    assert "다른 곳에서" in exc.value.message
    assert count(services.db, "referral_transition") == before
    assert cs.get_referral(world.counselor, rid).stage is Stage.SCREENING


def test_board_columns_and_the_youth_list(services, world, mw):
    cs = services.companies
    r1 = refer(services, world.counselor, world, mw.opening, mw.y1)
    r2 = refer(services, world.counselor, world, mw.opening, mw.y2, channel="on_site")
    r3 = refer(services, world.counselor, world, mw.opening, mw.y3, channel="city_programme")
    walk(services, world.counselor, r2, ["screening", "interview"])
    walk(services, world.counselor, r3, ["rejected"])
    board = cs.board(world.counselor, mw.opening)
    assert [c.stage for c in board.columns] == list(PIPELINE) + [Stage.REJECTED, Stage.WITHDREW,
                                                                 Stage.COMPANY_CANCELLED]
    cards = {c.stage: [r.id for r in c.cards] for c in board.columns}
    assert cards[Stage.REFERRED] == [r1] and cards[Stage.INTERVIEW] == [r2] and cards[Stage.REJECTED] == [r3]
    assert board.opening.referrals == 3
    card = board.columns[0].cards[0]
    assert card.youth_name and card.company_name and card.next_stages == (
        Stage.SCREENING, Stage.REJECTED, Stage.WITHDREW, Stage.COMPANY_CANCELLED)
    other = cs.open_job(world.counselor, mw.company, opening_data(title="두 번째 공고"))
    refer(services, world.counselor, world, other, mw.y2)
    mine = cs.youth_referrals(world.counselor, world.a, mw.y2)
    assert [r.opening_id for r in mine] == [other, mw.opening]
    timeline = cs.timeline(world.counselor, world.a, mw.y2)
    assert {t.source for t in timeline} == {"referral"} and len(timeline) == 4
    assert "면접" in timeline[0].title or "추천" in timeline[0].title


def test_stale_after_the_facility_setting(services, world, mw, clock):
    cs = services.companies
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    done = refer(services, world.counselor, world, mw.opening, mw.y2)
    walk(services, world.counselor, done, ["rejected"])
    clock.advance(days=13)
    assert not cs.get_referral(world.counselor, rid).stale
    clock.advance(days=1)
    assert cs.get_referral(world.counselor, rid).stale
    assert [r.id for r in cs.referrals(world.counselor, world.a, stale_only=True)] == [rid]
    assert not cs.get_referral(world.counselor, done).stale  # ended ones never go stale
    with pytest.raises(PermissionDenied):
        cs.set_match_settings(world.counselor, world.a, {"stale_days": 30})
    cs.set_match_settings(world.manager, world.a, {"stale_days": 30})
    assert not cs.get_referral(world.counselor, rid).stale
    with pytest.raises(ValidationError):
        cs.set_match_settings(world.manager, world.a, {"stale_days": 0})
