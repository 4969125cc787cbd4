"""With every statement delayed by a second, the counselor's 상담 page, its caseload, the
youth's history beside it and the session dialog keep the window turning."""

from __future__ import annotations

from tests.factories.gui import wait_worker
from tests.factories.slow_engine import LoopWatch, SlowEngine, assert_loading_without_freezing


def test_the_counselors_page_loads_without_freezing(world, services, day, db, open_page, qtbot):
    page = open_page(world.counselor)
    with SlowEngine(db.engine) as slow:
        watch = LoopWatch()
        assert_loading_without_freezing(qtbot, page, watch, slow, page.refresh)
        page.tabs.setCurrentIndex(1)
        tab = page.cases_tab
        assert_loading_without_freezing(qtbot, page, watch, slow, lambda: tab.table.select_line(1))
        assert tab.history.table.model().rowCount() == 1
        assert_loading_without_freezing(qtbot, page, watch, slow, lambda: page.tabs.setCurrentIndex(2))
        slow.on = True
        try:
            watch.watch(qtbot, 300, lambda: page.log_for_case(tab.current()))
            assert watch.longest < 300 and page.dialog.isVisible()  # opened at once; its reads follow
        finally:
            slow.on = False
        wait_worker(qtbot, page.ctx, timeout=20000)
        assert page.dialog.consent_known
