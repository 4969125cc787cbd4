"""The AI 면접 부스 page tests (tests/gui/booths/test_booths_page*.py): two booths publishing
from Friday 2026-11-27 (the FakeClock's day) for two weeks, three youths, and the page's
clicks. The ``desk`` and ``open_page`` fixtures are in tests/gui/booths/conftest.py."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from PySide6.QtCore import Qt

from models.booths.enums import SessionType
from tests.factories.booths import TEMPLATE
from tests.factories.gui import pick_youth_by_phone as pick_youth  # noqa: F401  (the page tests' name)
from tests.factories.world import youth_data

FRIDAY = date(2026, 11, 27)


def make_desk(world, services) -> SimpleNamespace:
    """CAFE-A with AI 면접 부스 1 and 2 publishing TEMPLATE for two weeks from FRIDAY, and
    홍길동, 김민수 and 이영희."""
    add_room = services.facilities.add_room
    booth1 = add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})
    booth2 = add_room(world.admin, world.a, {"name": "AI 면접 부스 2", "kind": "ai_booth", "capacity": 1})
    for booth in (booth1, booth2):
        services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.manager, world.a, FRIDAY, FRIDAY + timedelta(days=14))
    create = services.youth.create
    hong = create(world.front_desk, world.a, youth_data())
    kim = create(world.front_desk, world.a, youth_data(
        name="김민수", phone="010-2222-3333", email="kim@example.com", birth_date="1999-01-02"))
    lee = create(world.front_desk, world.a, youth_data(
        name="이영희", phone="010-4444-9999", email="lee@example.com", birth_date="2000-05-06"))
    return SimpleNamespace(w=world, a=world.a, booth1=booth1, booth2=booth2, hong=hong, kim=kim, lee=lee)


def slot_id(services, desk, hhmm: str, booth=None, day=FRIDAY) -> int:
    rows = services.booths.day(desk.w.front_desk, desk.a, day)
    return next(r.id for r in rows if r.room_id == (booth or desk.booth1) and f"{r.starts_at:%H:%M}" == hhmm)


def slot_row(services, desk, sid: int, day=FRIDAY):
    return next(r for r in services.booths.day(desk.w.front_desk, desk.a, day) if r.id == sid)


def book(services, desk, sid: int, youth, session=SessionType.AI_INTERVIEW) -> int:
    return services.booths.book(desk.w.front_desk, sid, youth, session)


def click_slot(qtbot, page, sid: int) -> None:
    qtbot.mouseClick(page.grid.viewport(), Qt.LeftButton, pos=page.grid.slot_pos(sid))
    assert page.selected is not None and page.selected.id == sid
