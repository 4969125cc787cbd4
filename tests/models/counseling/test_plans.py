"""Changing an activity-plan step: its text and due date change, a done step stays done,
bad input is refused at its field with nothing written, and only counseling staff of the
facility may. Both backends."""

from __future__ import annotations

import pytest

from models.core.errors import PermissionDenied, ValidationError


def test_a_step_is_changed_and_keeps_its_completion(services, world, cw):
    c = services.counseling
    pid = c.save_plan(world.counselor, world.a, cw.y1, {"goal": "데이터 분석가"})
    step = c.add_step(world.counselor, pid, {"title": "SQL 자격증", "due_on": "2026-12-20"})
    c.set_step_done(world.counselor, step)
    c.update_step(world.counselor, step, {"title": "SQLD 자격증 합격", "due_on": "2027-01-10"})
    (row,) = c.plan(world.counselor, world.a, cw.y1).steps
    assert (row.title, f"{row.due_on}", row.done) == ("SQLD 자격증 합격", "2027-01-10", True)
    with pytest.raises(ValidationError) as caught:
        c.update_step(world.counselor, step, {"title": " "})
    assert list(caught.value.errors) == ["title"]
    for actor in (world.front_desk, cw.b_counselor):
        with pytest.raises(PermissionDenied):
            c.update_step(actor, step, {"title": "남이 고침"})
    assert c.plan(world.counselor, world.a, cw.y1).steps[0].title == "SQLD 자격증 합격"
