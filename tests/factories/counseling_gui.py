"""The counselor's day for the 상담 page tests (tests/gui/counseling).

Built on Friday 2026-11-27 (FakeClock 10:00 in Seoul) and left on Monday 2026-11-30
10:05: the counselor of CAFE-A logged a session for 홍길동 (follow-up due Friday: 3 days
overdue on Monday, with a confidential note), 김민준 (follow-up due Monday: today) and
이서연 (no follow-up); 박지호 did an AI competency test in the booth on Monday at 10:00 and
asked for an analysis consultation, which waits in the queue. 최수아 has no case.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from models.booths.enums import SessionType
from tests.factories.booths import TEMPLATE, add_booth, slot_id
from tests.factories.counseling import NOTE, SUMMARY, log
from tests.factories.rooms import MON, TODAY, add_youth

FRIDAY = TODAY
MONDAY = MON


def make_day(services, world, clock) -> SimpleNamespace:
    hong, kim, lee, park, choi = (add_youth(services, world, n) for n in range(5))
    c = world.counselor
    s_hong = log(services, c, world, hong, followup_on=FRIDAY, note=NOTE, summary=SUMMARY)
    s_kim = log(services, c, world, kim, followup_on=MONDAY, note="", summary="면접 준비 요약")
    s_lee = log(services, c, world, lee, note="", summary="진로 탐색 요약")
    booth = add_booth(services, world)
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.manager, world.a, MONDAY, MONDAY + timedelta(days=4))
    booking = services.booths.book(world.front_desk, slot_id(services, world, MONDAY, "10:00", booth), park,
                                   SessionType.AI_COMPETENCY)
    clock.advance(days=3, minutes=5)  # Monday 10:05
    services.booths.check_in(world.front_desk, booking)
    request = services.booths.request_consult(world.front_desk, booking, "결과 분석 희망")
    return SimpleNamespace(hong=hong, kim=kim, lee=lee, park=park, choi=choi, s_hong=s_hong, s_kim=s_kim,
                           s_lee=s_lee, booth=booth, booking=booking, request=request)
