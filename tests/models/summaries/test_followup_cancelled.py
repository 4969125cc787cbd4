"""The 후속 조치 figure reads a cancelled follow-up as it stood at the month's end: one
cancelled after the month was still open (미완료) in it. Both backends."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

import models.summaries.figures as F
from models.summaries.service import for_services
from tests.factories.world import youth_data
from tests.models.summaries.builders import seoul


def _counts(services, world, period):
    return services.db.read(lambda s: F.counts(s, "followups", period, [world.a])).of(world.a)


def _evidence(services, world, period):
    return services.db.read(lambda s: [(e.record_id, e.category)
                                       for e in F.evidence(s, "followups", period, [world.a])])


def test_a_followup_cancelled_after_its_month_is_open_in_that_month(services, clock, world):
    co = services.counseling
    clock.now = seoul(2026, 11, 20)
    youth = services.youth.create(world.admin, world.a, youth_data(
        name="취소조", birth_date="1996-06-06", phone="010-4666-7666", email=None))
    kept_open = co.schedule_followup(world.counselor, world.a, youth, date(2026, 11, 28), start_time="14:00")
    cancelled_in = co.schedule_followup(world.counselor, world.a, youth, date(2026, 11, 25))
    co.cancel_followup(world.counselor, cancelled_in)  # 11-20, inside November
    december_one = co.schedule_followup(world.counselor, world.a, youth, date(2026, 12, 10), mode="phone")
    nov, dec = F.month(2026, 11), F.month(2026, 12)
    dec_before = _counts(services, world, dec)

    clock.now = seoul(2026, 12, 3)
    co.cancel_followup(world.counselor, kept_open)

    assert _counts(services, world, nov) == {"open": 1, "cancelled": 1}
    assert sorted(_evidence(services, world, nov)) == sorted([(kept_open, "open"), (cancelled_in, "cancelled")])
    # December counts what is due in December, as before the cancellation of November's
    assert _counts(services, world, dec) == dec_before == {"open": 1}
    assert _evidence(services, world, dec) == [(december_one, "open")]
    # a span that takes in the cancellation day reads it as cancelled
    assert _counts(services, world, F.Period(date(2026, 11, 1), date(2026, 12, 4))) == {"cancelled": 2}
    # the printed summary's table says the same
    summary = for_services(services).facility(world.manager, world.a, 2026, 11)
    [section] = [s for s in summary.document.sections if s.title == "상담"]
    [block] = [b for b in section.blocks if b.title == "그 달이 기한인 후속 조치"]
    assert {row[0]: row[1] for row in block.rows} == {
        "기한 내 완료": 0, "기한 후 완료": 0, "미완료": 1, "취소": 1, "합계": 2}


def test_a_followup_cancelled_before_the_time_was_kept_stays_cancelled(services, clock, world):
    """Rows cancelled before migration 0016 have no cancellation time: 취소, as before."""
    co = services.counseling
    clock.now = seoul(2026, 11, 20)
    youth = services.youth.create(world.admin, world.a, youth_data(
        name="옛취소", birth_date="1997-07-07", phone="010-4777-7777", email=None))
    fid = co.schedule_followup(world.counselor, world.a, youth, date(2026, 11, 28))
    clock.now = seoul(2026, 12, 3)
    co.cancel_followup(world.counselor, fid)
    with services.db.engine.begin() as conn:
        conn.execute(text("UPDATE counseling_followup SET cancelled_at = NULL WHERE id = :i"), {"i": fid})
    assert _counts(services, world, F.month(2026, 11)) == {"cancelled": 1}
