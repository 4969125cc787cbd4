"""The window at the common office laptop (1366×768) and the first-run size (1063×666)
(issue 11, item 8): the registry shows a usable list with every column on screen, the
detail panel's buttons are not squeezed, and a first run fits the screen."""

from __future__ import annotations

import pytest

from gui.context import settings
from tests.factories.gui import wait_worker
from tests.factories.world import youth_data


@pytest.fixture(autouse=True)
def forget_window():
    settings().remove("window")
    settings().remove("youth")
    yield
    settings().remove("window")
    settings().remove("youth")


@pytest.mark.parametrize("size", [(1063, 666), (1366, 768)])
def test_the_registry_fits_a_small_window(world, services, make_window, qtbot, size):
    names = "가나다라마바사아자차카타파하거너더러머버"
    for i, syllable in enumerate(names):
        services.youth.create(world.front_desk, world.a, youth_data(
            name=f"박{syllable}윤", phone=f"010-5555-{1000 + i}", email=f"p{i}@example.com"))
    window = make_window(world.front_desk)
    window.resize(*size)
    page = window.show_page("youth")
    wait_worker(qtbot, window.ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 20, timeout=5000)
    qtbot.wait(20)
    table, header = page.table, page.table.horizontalHeader()
    rows = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows >= 7, f"only {rows} rows of the list show at {size}"
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width(), (
        "every column is on screen")
    for button in (page.contact_btn, page.edit_btn):
        assert button.height() >= button.sizeHint().height(), "the detail's buttons are not squeezed"


def test_a_first_run_opens_at_a_size_that_fits_the_screen(world, make_window):
    from gui.shell.main_window import first_size
    window = make_window(world.front_desk)
    avail = window.screen().availableGeometry()
    need = window.minimumSizeHint()
    assert (window.width(), window.height()) == first_size(window)
    assert window.width() <= max(avail.width(), need.width())
    assert window.height() <= max(avail.height(), need.height())


@pytest.mark.parametrize("key", ["youth", "bookings", "booths", "arrivals", "counseling", "companies", "reports",
                                 "privacy"])
def test_a_page_does_not_widen_a_1063_window_and_its_buttons_stay_reachable(world, make_window, qtbot, key):
    window = make_window(world.manager)
    window.resize(1063, 666)
    page = window.show_page(key)
    wait_worker(qtbot, window.ctx)
    qtbot.wait(20)
    assert window.width() == 1063, f"opening {key} widened the window to {window.width()}"
    for b in page._header_buttons():
        right = b.mapTo(page, b.rect().topRight()).x()
        assert right <= page.width(), f"{b.toolTip() or b.text()} is off the page"
        assert b.text() or b.toolTip(), "a button shown as an icon says what it does on hover"
    window.resize(1366, 768)
    qtbot.wait(20)
    assert all(b.text() for b in page._header_buttons()), "at 1366 px every button has its text"


def test_the_booth_page_at_1063_keeps_its_legend_and_reminders_readable(world, services, make_window, qtbot):
    from datetime import date
    window = make_window(world.manager)
    window.resize(1063, 666)
    page = window.show_page("booths")
    wait_worker(qtbot, window.ctx)
    qtbot.wait(20)
    assert window.width() == 1063
    assert page.legend.compact, "the legend shows its swatches alone, its words on hover"
    assert "노쇼 후보" in page.legend.toolTip()
    page.reminders.set_day(date(2026, 12, 5))  # a Saturday: nobody booked
    wait_worker(qtbot, window.ctx)
    qtbot.wait(20)
    empty = page.reminders.empty
    assert page.reminders.stack.currentWidget() is empty
    assert empty.height() >= empty.sizeHint().height(), "the empty-state line is not cut"
    window.resize(1920, 1080)
    qtbot.wait(20)
    assert not page.legend.compact, "a wide window shows the legend's words"


def test_an_administrators_pages_all_show_in_the_sidebar_at_1366_by_768(world, make_window, qtbot, app_style):
    window = make_window(world.admin)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    wait_worker(qtbot, window.ctx)
    bar = window.sidebar
    assert bar.count() >= 14, "an administrator sees every page"
    last = bar.visualItemRect(bar.item(bar.count() - 1))
    assert last.bottom() <= bar.viewport().height(), "the last page is on screen without scrolling"
    assert bar.verticalScrollBar().maximum() == 0
    assert not bar.horizontalScrollBar().isVisible()
