"""Job matching days: openings taking part, youths registered, on-site interviews in
20-minute slots where neither a company nor a youth is booked twice in one slot (the
service says so, the database refuses it, two desks at once get one booking and one
refusal), and results flowing into the pipeline with the channel 매칭데이. On both
backends."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models.companies.enums import Channel, Stage
from models.core.db import Database
from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.factories.companies import company_data, opening_data, refer
from tests.factories.rooms import TODAY
from tests.models.util import count


@pytest.fixture
def day(services, world, mw):
    cs = services.companies
    other = cs.create_company(world.counselor, world.a, company_data(2))
    o2 = cs.open_job(world.counselor, other, opening_data(title="데이터 분석가"))
    did = cs.create_matching_day(world.counselor, world.a, {"title": "11월 일자리 매칭데이", "held_on": TODAY,
                                                            "place": "시민청", "starts": "10:00", "ends": "12:00"})
    cs.add_day_opening(world.counselor, did, mw.opening)
    cs.add_day_opening(world.counselor, did, o2)
    for y in (mw.y1, mw.y2, mw.y3):
        cs.register_youth(world.counselor, did, y)
    return did, o2


def test_the_day_its_slots_and_bookings(services, world, mw, day):
    did, o2 = day
    cs = services.companies
    view = cs.matching_day(world.counselor, did)
    assert view.slots == 6 and view.slot_starts == ("10:00", "10:20", "10:40", "11:00", "11:20", "11:40")
    assert {o.opening_id for o in view.openings} == {mw.opening, o2} and len(view.youth_ids) == 3
    first = cs.book_interview(world.counselor, did, mw.opening, mw.y1, 0)
    cs.book_interview(world.counselor, did, o2, mw.y2, 0)  # another company, another youth: fine
    cs.book_interview(world.counselor, did, o2, mw.y1, 1)  # the youth's next slot
    before = count(services.db, "interview_slot")
    with pytest.raises(ValidationError) as exc:
        cs.book_interview(world.counselor, did, mw.opening, mw.y3, 0)
    assert exc.value.errors == {"slot_no": "이 기업은 그 시간에 이미 면접이 잡혀 있습니다. 다른 시간을 고르세요."}
    with pytest.raises(ValidationError) as exc:
        cs.book_interview(world.counselor, did, mw.opening, mw.y1, 1)
    assert "이 청년은" in exc.value.errors["slot_no"]
    for bad in (-1, 6, True):
        with pytest.raises(ValidationError):
            cs.book_interview(world.counselor, did, mw.opening, mw.y3, bad)
    assert count(services.db, "interview_slot") == before
    cs.cancel_interview(world.counselor, first)
    cs.book_interview(world.counselor, did, mw.opening, mw.y3, 0)  # a cancelled slot is free again
    rows = cs.matching_day(world.counselor, did).interviews
    assert [(r.slot_no, r.starts_at.strftime("%H:%M")) for r in rows][0] == (0, "10:00") and len(rows) == 3
    with pytest.raises(PermissionDenied):
        cs.book_interview(world.front_desk, did, mw.opening, mw.y3, 2)


def test_the_database_refuses_a_double_booking(services, world, mw, day):
    did, o2 = day
    services.companies.book_interview(world.counselor, did, mw.opening, mw.y1, 2)
    insert = ("INSERT INTO interview_slot (day_id, facility_id, opening_id, company_id, youth_id, slot_no, "
              "created_at) SELECT day_id, facility_id, opening_id, company_id, {youth}, slot_no, created_at "
              "FROM interview_slot")
    for youth in (mw.y2, mw.y1):  # the same company; the same youth (another company below)
        with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
            conn.execute(text(insert.format(youth=youth)))
    with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO interview_slot (day_id, facility_id, opening_id, company_id, youth_id, "
                          "slot_no, created_at) SELECT day_id, facility_id, :o, :c, youth_id, slot_no, created_at "
                          "FROM interview_slot"),
                     {"o": o2, "c": services.companies.get_opening(world.counselor, o2).company_id})


def test_two_desks_book_one_company_slot(services, world, mw, day, clock):
    did, _ = day
    desks = [Services(Database(services.db.engine.url), clock=clock, hasher=FAST_HASHER) for _ in range(2)]
    outcomes = []
    try:
        for slot in range(6):
            barrier = threading.Barrier(2)
            got = []

            def go(i, slot=slot, barrier=barrier, got=got):
                barrier.wait()
                try:
                    desks[i].companies.book_interview([world.counselor, mw.counselor2][i], did, mw.opening,
                                                      [mw.y1, mw.y2][i], slot)
                    got.append("ok")
                except (Conflict, ValidationError):
                    got.append("refused")

            threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            outcomes.append(sorted(got))
    finally:
        for d in desks:
            d.db.dispose()
    assert outcomes == [["ok", "refused"]] * 6
    assert count(services.db, "interview_slot") == 6


def test_results_flow_into_the_pipeline_as_matching_day(services, world, mw, day, clock):
    did, o2 = day
    cs = services.companies
    a = cs.book_interview(world.counselor, did, mw.opening, mw.y1, 0)
    b = cs.book_interview(world.counselor, did, o2, mw.y2, 0)
    existing = refer(services, world.counselor, world, o2, mw.y3, channel="online", day=TODAY - timedelta(days=3))
    c = cs.book_interview(world.counselor, did, o2, mw.y3, 1)
    rid = cs.record_interview_result(world.counselor, a, "passed")
    r = cs.get_referral(world.counselor, rid)
    assert (r.channel, r.stage, r.referred_on) == (Channel.MATCHING_DAY, Stage.PASSED, TODAY)
    assert [(h.from_stage, h.to_stage) for h in cs.history(world.counselor, rid)] == [
        (None, Stage.REFERRED), (Stage.REFERRED, Stage.INTERVIEW), (Stage.INTERVIEW, Stage.PASSED)]
    assert r.version == 3
    with pytest.raises(ValidationError) as exc:
        cs.record_interview_result(world.counselor, b, "rejected")
    assert "note" in exc.value.errors
    cs.record_interview_result(world.counselor, b, "rejected", note="직무 경험 부족")
    with pytest.raises(Conflict):
        cs.record_interview_result(world.counselor, b, "passed")
    assert cs.record_interview_result(world.counselor, c, "interview") == existing
    kept = cs.get_referral(world.counselor, existing)
    assert (kept.channel, kept.stage) == (Channel.ONLINE, Stage.INTERVIEW)
    counts = cs.monthly_counts(world.counselor, world.a, 2026, 11)
    assert counts.by("interview") == {"matching_day": 2, "online": 1}
    assert counts.by("referral") == {"online": 1, "matching_day": 2}
    cs.move(world.counselor, rid, "hired", r.version)
    assert cs.monthly_counts(world.counselor, world.a, 2026, 11).by("hire") == {"matching_day": 1}


def test_results_wait_for_the_day(services, world, mw, clock):
    cs = services.companies
    did = cs.create_matching_day(world.counselor, world.a, {"title": "12월 매칭데이", "held_on": TODAY + timedelta(days=7)})
    cs.add_day_opening(world.counselor, did, mw.opening)
    cs.register_youth(world.counselor, did, mw.y1)
    slot = cs.book_interview(world.counselor, did, mw.opening, mw.y1, 3)
    with pytest.raises(ValidationError):
        cs.record_interview_result(world.counselor, slot, "passed")
    with pytest.raises(ValidationError) as exc:
        cs.create_matching_day(world.counselor, world.a, {"title": "x", "held_on": TODAY, "starts": "12:00",
                                                          "ends": "11:00"})
    assert "ends" in exc.value.errors
