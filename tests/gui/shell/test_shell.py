from PySide6.QtCore import Qt

from tests.gui.conftest import wait_worker


def test_sidebar_shows_only_pages_the_role_may_use(world, make_window):
    admin = make_window(world.admin)
    assert list(admin.pages) == ["youth", "bookings", "booths", "arrivals", "counseling", "companies",
                                 "courses", "reports", "facilities", "staff", "audit", "access_review", "privacy",
                                 "system"]
    desk = make_window(world.front_desk)
    assert list(desk.pages) == ["youth", "bookings", "booths", "arrivals"]
    assert "안내데스크" in desk.user_label.text()
    assert "가 일자리카페" in desk.status_facility.text()


def test_facility_switcher_changes_current_facility(world, make_window, qtbot):
    window = make_window(world.admin)
    box = window.facility_box
    assert box.count() == 2
    index = box.findText("나 일자리카페 (CAFE-B)")
    box.setCurrentIndex(index)
    assert window.ctx.facility.code == "CAFE-B"
    assert "나 일자리카페" in window.status_facility.text()


def test_idle_lock_hides_work_and_same_user_unlocks(world, make_window, qtbot):
    window = make_window(world.counselor, idle_ms=50)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert window.centralWidget() is window.lock_overlay
    dialog = window.unlock_dialog
    dialog.password.setText("wrong-pass1")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, window.ctx)
    assert window.locked
    assert "올바르지 않습니다" in dialog.form.general.text()
    dialog.password.setText("pass1234")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, window.ctx)
    assert not window.locked
    assert window.centralWidget() is not window.lock_overlay


def test_window_size_and_last_page_are_remembered(world, make_window, qtbot):
    first = make_window(world.admin)
    first.show_page("staff")  # built when first shown: it may widen the window's minimum
    first.resize(first.minimumSizeHint().width(), 640)  # the offscreen screen is 800x800
    size = (first.width(), first.height())
    first.close()
    second = make_window(world.admin)
    try:
        # remembered, or as wide as the screen allows (the offscreen screen is 800 wide,
        # narrower than the pages' minimum)
        avail = second.screen().availableGeometry().width()
        assert size[1] == 640 == second.height()
        assert second.width() == size[0] or second.width() >= avail - 10 < size[0]
        assert second.stack.currentWidget() is second.pages["staff"]
    finally:
        from gui.context import settings
        settings().remove("window")  # later tests start on the first page again


def test_pages_are_built_when_first_shown(world, make_window, qtbot):
    """The window opens with the sidebar of every page the role sees, and builds only the
    page it shows (issue 10: start-up)."""
    window = make_window(world.manager)
    assert list(window.pages) == ["youth", "bookings", "booths", "arrivals", "counseling", "companies",
                                  "courses", "reports", "facilities", "privacy"]
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "청년 명부", "예약 (스터디룸·회의실)", "AI 면접 부스", "오늘 입실", "상담", "기업", "교육과정", "보고서",
        "시설 관리", "개인정보 관리"]
    assert set(window.pages.built) == {"youth"}
    assert window.stack.count() == 1
    qtbot.mouseClick(window.sidebar.viewport(), Qt.LeftButton,
                     pos=window.sidebar.visualItemRect(window.sidebar.item(2)).center())
    assert set(window.pages.built) == {"youth", "booths"}
    assert window.stack.currentWidget() is window.pages["booths"]
    assert window.pages["booths"].isVisible()


def test_the_registry_says_what_each_page_class_says():
    """The sidebar is drawn from the registry before a page is imported: a title or icon that
    differs from the page class's own would fail at the page's first showing."""
    from gui.shell.pages import REGISTRY
    for spec in REGISTRY:
        cls = spec.load()
        assert (cls.key, cls.title, cls.icon_name) == (spec.key, spec.title, spec.icon)
