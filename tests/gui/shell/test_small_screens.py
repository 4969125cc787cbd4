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
