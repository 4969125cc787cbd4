"""Each user starts where they left off, not where the previous user at this PC did, and a
new user's first facility is one with rooms (issue 11, item 12)."""

from __future__ import annotations

import pytest

from gui.context import settings


@pytest.fixture(autouse=True)
def forget_window():
    yield
    settings().remove("window")  # later tests start on the first page again
    settings().remove("facility")


def test_the_last_page_is_remembered_per_user(world, make_window):
    manager = make_window(world.manager)
    manager.show_page("booths")
    manager.close()
    desk = make_window(world.front_desk)
    assert desk.stack.currentWidget() is desk.pages[list(desk.pages)[0]], (
        "the next user at the PC does not start on the manager's page")
    desk.show_page("bookings")
    desk.close()
    again = make_window(world.manager)
    assert again.stack.currentWidget() is again.pages["booths"]
    desk_again = make_window(world.front_desk)
    assert desk_again.stack.currentWidget() is desk_again.pages["bookings"]


def test_a_new_admin_starts_in_an_open_facility_with_rooms_and_keeps_their_own_choice(
        world, services, qtbot):
    from gui.context import AppContext
    from gui.shell.login import LoginDialog
    from tests.factories.gui import wait_worker
    services.facilities.add_room(world.admin, world.b, {"name": "스터디룸 1", "kind": "study_room",
                                                        "capacity": 4})
    first = services.facilities.list_for(world.admin)[0]
    assert first.id != world.b, "the first facility in name order is another one"
    ctx = AppContext(services)
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.username.setText(world.admin.username)
    dialog.password.setText("admin1234")
    dialog.submit()
    wait_worker(qtbot, ctx)
    assert ctx.actor is not None and ctx.facility_id == world.b, "the facility that has rooms"
    ctx.set_facility(first.id)
    later = AppContext(services)
    later.set_actor(services.accounts.actor_for_username(world.admin.username))
    assert later.facility_id == first.id, "a facility the user chose is kept for them"
