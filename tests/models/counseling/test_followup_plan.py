"""A planned session (상담 예약) carries a start time and a mode; a cancelled follow-up keeps
when it was cancelled. Both backends."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlmodel import select

from models.core.errors import ValidationError
from models.counseling.enums import FollowupStatus, Mode
from models.counseling.tables import Followup
from tests.factories.counseling import log
from tests.factories.rooms import MON, TODAY, at


def _all(services) -> list[Followup]:
    return services.db.read(lambda s: s.exec(select(Followup).order_by(Followup.id)).all())


def test_a_planned_session_keeps_its_time_and_mode_and_lists_by_day_then_time(services, world, cw):
    co = services.counseling
    untimed = co.schedule_followup(world.counselor, world.a, cw.y1, MON)
    late = co.schedule_followup(world.counselor, world.a, cw.y2, MON, start_time="14:00", mode="phone")
    early = co.schedule_followup(world.counselor, world.a, cw.y3, MON, start_time=time(9, 30),
                                 mode=Mode.VIDEO)
    before = co.schedule_followup(world.counselor, world.a, cw.y1, TODAY + timedelta(days=1), start_time="18:50")

    rows = co.followups(world.counselor, world.a, until=MON)
    assert [r.id for r in rows] == [before, early, late, untimed]
    by_id = {r.id: r for r in rows}
    assert (by_id[late].start_time, by_id[late].mode) == (time(14, 0), Mode.PHONE)
    assert (by_id[early].start_time, by_id[early].mode) == (time(9, 30), Mode.VIDEO)
    assert (by_id[untimed].start_time, by_id[untimed].mode) == (None, None)
    assert (by_id[before].start_time, by_id[before].mode) == (time(18, 50), None)
    stored = {f.id: (f.start_time, f.mode) for f in _all(services)}
    assert stored[late] == (time(14, 0), Mode.PHONE)
    assert stored[untimed] == (None, None)
    # the youth's own list is in the same order
    assert [r.id for r in co.youth_followups(world.counselor, world.a, cw.y1)] == [before, untimed]


@pytest.mark.parametrize("bad", ["25:00", "ab", "14:60", "1400", "14:00:00", "-1:00", 1400])
def test_a_bad_time_is_refused_at_its_field_and_nothing_is_written(services, world, cw, bad):
    with pytest.raises(ValidationError) as refused:
        services.counseling.schedule_followup(world.counselor, world.a, cw.y1, MON, start_time=bad, mode="phone")
    assert list(refused.value.errors) == ["start_time"]
    assert "14:00" in refused.value.errors["start_time"]
    assert _all(services) == []


def test_a_blank_time_is_no_time_and_an_unknown_mode_is_refused(services, world, cw):
    co = services.counseling
    fid = co.schedule_followup(world.counselor, world.a, cw.y1, MON, start_time="  ", mode="in_person")
    assert (_all(services)[0].start_time, _all(services)[0].mode) == (None, Mode.IN_PERSON)
    with pytest.raises(ValidationError) as refused:
        co.schedule_followup(world.counselor, world.a, cw.y1, MON, start_time="10:00", mode="carrier_pigeon")
    assert list(refused.value.errors) == ["mode"]
    assert [f.id for f in _all(services)] == [fid]


def test_cancelling_keeps_when_and_a_voided_session_cancels_its_followups_with_the_time(
        services, world, cw, clock):
    co = services.counseling
    fid = co.schedule_followup(world.counselor, world.a, cw.y1, MON, start_time="11:00")
    sid = log(services, world.counselor, world, cw.y2, followup_on=MON)
    clock.now = at(TODAY, "15:20")
    co.cancel_followup(world.counselor, fid)
    clock.now = at(TODAY, "16:40")
    co.void_session(world.counselor, sid, "다른 청년에게 잘못 기록", co.get_session(world.counselor, sid).version)

    rows = {f.youth_id: f for f in _all(services)}
    assert rows[cw.y1].status is FollowupStatus.CANCELLED and rows[cw.y1].cancelled_at == at(TODAY, "15:20")
    assert rows[cw.y2].status is FollowupStatus.CANCELLED and rows[cw.y2].cancelled_at == at(TODAY, "16:40")
    assert co.followups(world.counselor, world.a, until=MON) == []
