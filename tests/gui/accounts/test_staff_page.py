"""직원 관리: create users, grant and revoke roles, reset passwords, deactivate (admin only)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.accounts.page import StaffPage
from gui.accounts.table_model import UserTableModel
from gui.common import confirm
from models.audit_log.service import AuditFilter
from models.core.enums import Role
from models.core.errors import AuthError, PermissionDenied
from tests.gui.conftest import type_text, wait_worker


@pytest.fixture
def staff_page(world, make_ctx, qtbot):
    ctx = make_ctx(world.admin, "CAFE-A")
    page = StaffPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _cell(page: StaffPage, username: str, col: int) -> str:
    row = page.users.row_of(_user(page, username).id)
    return page.users.index(row, col).data()


def _user(page: StaffPage, username: str):
    return next(u for u in page.users.rows if u.username == username)


def _select(page: StaffPage, username: str) -> None:
    assert page.select_user(_user(page, username).id)


def _usernames(services, actor) -> list[str]:
    return [u.username for u in services.accounts.list_users(actor)]


def _choose(box, data) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)



def _fill_create(qtbot, dialog, username="kimjob", name="김취업", pw="jobs2026x", pw2=None):
    qtbot.keyClicks(dialog.username, username)
    type_text(qtbot, dialog.display_name, name)
    qtbot.keyClicks(dialog.password, pw)
    qtbot.keyClicks(dialog.password2, pw if pw2 is None else pw2)


def test_admin_creates_staff_user_through_dialog(staff_page, world, services, qtbot):
    page = staff_page
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    qtbot.mouseClick(page.add_button, Qt.LeftButton)
    dialog = page.dialog
    assert dialog.isVisible()
    assert dialog.facility.currentData() == world.a  # the current facility is proposed
    _fill_create(qtbot, dialog)
    _choose(dialog.role, Role.COUNSELOR.value)
    _choose(dialog.facility, world.b)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert dialog.result() == QDialog.Accepted
    assert "kimjob" in _usernames(services, world.admin)
    assert _cell(page, "kimjob", UserTableModel.COL_NAME) == "김취업"
    assert _cell(page, "kimjob", UserTableModel.COL_ROLES) == "나 일자리카페: 상담사"
    assert _cell(page, "kimjob", UserTableModel.COL_STATUS) == "사용 중"
    assert page.selected_user().username == "kimjob"
    assert page.grants.index(0, 1).data() == "상담사"
    assert page.grants.index(0, 3).data() == "admin"
    actor = services.accounts.authenticate("kimjob", "jobs2026x")
    assert actor.grants == frozenset({(world.b, Role.COUNSELOR)})
    # after the first login the list shows its time in Asia/Seoul (clock: 01:00 UTC)
    page.refresh()
    wait_worker(qtbot, page.ctx)
    assert _cell(page, "kimjob", UserTableModel.COL_LAST_LOGIN) == "2026-11-27 10:00"


def test_admin_role_needs_no_facility(staff_page, services, world, qtbot):
    dialog = staff_page.add_user()
    _choose(dialog.role, Role.ADMIN.value)
    assert not dialog.facility.isEnabled()
    _choose(dialog.role, Role.FRONT_DESK.value)
    assert dialog.facility.isEnabled()
    _choose(dialog.role, Role.ADMIN.value)
    _fill_create(qtbot, dialog, "cityadmin", "이시청", "city12345")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, staff_page.ctx)
    assert services.accounts.authenticate("cityadmin", "city12345").is_admin
    assert _cell(staff_page, "cityadmin", UserTableModel.COL_ROLES) == "서울시 전체: 시 담당자(관리자)"


@pytest.mark.parametrize("fields, field, message", [
    ({"pw": "short1"}, "password", "8자 이상"),
    ({"pw": "onlyletters"}, "password", "영문자와 숫자"),
    ({"username": "counselor"}, "username", "이미 사용 중"),
    ({"username": "9bad"}, "username", "영문 소문자로 시작"),
    ({"name": ""}, "display_name", "이름을 입력"),
    ({"pw2": "jobs2026y"}, "password2", "서로 다릅니다"),
])
def test_bad_input_shows_message_next_to_field_and_writes_nothing(
        staff_page, services, world, qtbot, fields, field, message):
    before_users = _usernames(services, world.admin)
    before_audit = services.audit.count(world.admin)
    dialog = staff_page.add_user()
    _fill_create(qtbot, dialog, **fields)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, staff_page.ctx)
    assert dialog.isVisible()
    assert message in dialog.form.error_text(field)
    assert _usernames(services, world.admin) == before_users
    assert services.audit.count(world.admin) == before_audit
    assert [u.username for u in staff_page.users.rows] == before_users


def test_missing_facility_rolls_back_the_new_user(staff_page, services, world, qtbot):
    dialog = staff_page.add_user()
    _fill_create(qtbot, dialog)
    _choose(dialog.role, Role.MANAGER.value)
    dialog.facility.setCurrentIndex(0)  # "시설을 선택하세요"
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, staff_page.ctx)
    assert "시설을 선택" in dialog.form.error_text("facility")
    assert "kimjob" not in _usernames(services, world.admin)


def test_grant_and_revoke_role_keep_who_and_when(staff_page, services, world, clock, qtbot,
                                                 monkeypatch):
    page = staff_page
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    _select(page, "counselor")
    qtbot.mouseClick(page.grant_button, Qt.LeftButton)
    dialog = page.dialog
    _choose(dialog.role, Role.MANAGER.value)
    _choose(dialog.facility, world.b)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.result() == QDialog.Accepted
    assert page.selected_user().username == "counselor"
    assert [(g.facility_name, g.role) for g in page.grants.rows] == [
        ("가 일자리카페", Role.COUNSELOR), ("나 일자리카페", Role.MANAGER)]
    assert _cell(page, "counselor", UserTableModel.COL_ROLES) == "가 일자리카페: 상담사 · 나 일자리카페: 시설 관리자"

    # the same grant twice is refused next to the role field
    again = page.grant_role()
    _choose(again.role, Role.MANAGER.value)
    _choose(again.facility, world.b)
    qtbot.mouseClick(again.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "이미 같은 역할" in again.form.error_text("role")
    again.reject()

    asked = []
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a[2]) or False)
    page.grant_view.selectRow(1)
    assert page.revoke_button.isEnabled()
    qtbot.mouseClick(page.revoke_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "나 일자리카페 · 시설 관리자" in asked[0]
    assert len(page.grants.rows) == 2  # declined: nothing revoked

    clock.advance(minutes=30)
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: True)
    page.grant_view.selectRow(1)
    qtbot.mouseClick(page.revoke_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert [(g.facility_name, g.role) for g in page.grants.rows] == [("가 일자리카페", Role.COUNSELOR)]
    assert services.accounts.refresh_actor(world.counselor.user_id).grants == frozenset(
        {(world.a, Role.COUNSELOR)})
    revoked = services.audit.list(world.admin, AuditFilter(entity="role_grant", action="update"))
    assert len(revoked) == 1
    assert revoked[0].username == "admin"
    assert revoked[0].new_values["revoked_by"] == world.admin.user_id
    assert revoked[0].new_values["revoked_at"].startswith("2026-11-27T01:30")
    assert revoked[0].old_values["revoked_at"] is None


def test_reset_password_unlocks_locked_user(staff_page, services, world, qtbot):
    page = staff_page
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    for _ in range(5):
        with pytest.raises(AuthError):
            services.accounts.authenticate("counselor", "wrong-pass1")
    with pytest.raises(AuthError, match="잠겼습니다"):
        services.accounts.authenticate("counselor", "pass1234")
    page.refresh()
    wait_worker(qtbot, page.ctx)
    assert _cell(page, "counselor", UserTableModel.COL_STATUS) == "잠김 (11-27 10:10까지)"

    _select(page, "counselor")
    qtbot.mouseClick(page.reset_button, Qt.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.password, "weak")
    qtbot.keyClicks(dialog.password2, "weak")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "8자 이상" in dialog.form.error_text("password")
    dialog.password.clear()
    dialog.password2.clear()
    qtbot.keyClicks(dialog.password, "fresh2026")
    qtbot.keyClicks(dialog.password2, "fresh2027")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    assert "서로 다릅니다" in dialog.form.error_text("password2")
    with pytest.raises(AuthError):  # nothing was reset so far: still locked
        services.accounts.authenticate("counselor", "fresh2026")

    dialog.password2.clear()
    qtbot.keyClicks(dialog.password2, "fresh2026")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.result() == QDialog.Accepted
    assert _cell(page, "counselor", UserTableModel.COL_STATUS) == "사용 중"
    assert services.accounts.authenticate("counselor", "fresh2026").username == "counselor"
    with pytest.raises(AuthError):
        services.accounts.authenticate("counselor", "pass1234")


def test_deactivate_asks_and_user_can_no_longer_log_in(staff_page, services, world, qtbot,
                                                        monkeypatch):
    page = staff_page
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a[1]) or False)
    _select(page, "frontdesk")
    assert page.active_button.text() == "비활성화"
    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert asked == ["비활성화"]
    assert services.accounts.authenticate("frontdesk", "pass1234").username == "frontdesk"

    monkeypatch.setattr(confirm, "ask", lambda *a, **k: True)
    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    with pytest.raises(AuthError, match="비활성화된 계정"):
        services.accounts.authenticate("frontdesk", "pass1234")
    assert "frontdesk" in _usernames(services, world.admin)  # never deleted
    assert _cell(page, "frontdesk", UserTableModel.COL_STATUS) == "비활성"
    row = page.users.row_of(_user(page, "frontdesk").id)
    assert page.users.index(row, 0).data(Qt.ForegroundRole) is not None  # shown muted
    assert page.users.index(0, 0).data(Qt.ForegroundRole) is None  # admin is not muted
    assert page.selected_user().username == "frontdesk"
    assert page.active_button.text() == "다시 활성화"

    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.accounts.authenticate("frontdesk", "pass1234").username == "frontdesk"
    assert _cell(page, "frontdesk", UserTableModel.COL_STATUS) == "사용 중"


def test_conflicts_appear_in_the_banner(staff_page, services, world, qtbot, monkeypatch):
    page = staff_page
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: True)
    _select(page, "admin")
    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisibleTo(page)
    assert "자기 자신" in page.banner.text()
    page.grant_view.selectRow(0)
    qtbot.mouseClick(page.revoke_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "마지막 관리자" in page.banner.text()
    assert services.accounts.refresh_actor(world.admin.user_id).is_admin


def test_non_admins_get_no_staff_or_audit_page_and_services_refuse(world, make_window, services):
    acct, audit = services.accounts, services.audit
    new_user = {"username": "sneaky", "display_name": "몰래", "password": "sneak1234"}
    calls = [  # (service method, arguments after the actor)
        (acct.list_users, ()), (acct.create_user, (new_user,)),
        (acct.grant_role, (world.manager.user_id, Role.ADMIN, None)), (acct.revoke_role, (1,)),
        (acct.reset_password, (world.admin.user_id, "taken1234")),
        (acct.set_active, (world.admin.user_id, False)),
        (audit.list, ()), (audit.count, ()), (audit.entities, ()), (audit.usernames, ()),
    ]
    for actor in (world.manager, world.counselor, world.front_desk):
        window = make_window(actor)
        assert "staff" not in window.pages and "audit" not in window.pages
        for method, args in calls:
            with pytest.raises(PermissionDenied):
                method(actor, *args)
    assert "sneaky" not in _usernames(services, world.admin)
    assert services.accounts.authenticate("admin", "admin1234").is_admin
    assert not services.accounts.refresh_actor(world.manager.user_id).is_admin


def test_new_user_is_selected_when_the_slow_reload_arrives_and_notified_once(
        staff_page, services, world, qtbot, monkeypatch):
    """The list is read off the GUI thread, and slowly here: the dialog has long closed
    when the reload arrives; the new account is selected then, and USER was said once."""
    import threading
    import time

    from gui.context import Topic
    page = staff_page
    wait_worker(qtbot, page.ctx)
    _select(page, "counselor")
    threads, list_users = [], services.accounts.list_users

    def slow(actor, include_inactive=True):
        threads.append(threading.current_thread())
        time.sleep(0.5)
        return list_users(actor, include_inactive)

    monkeypatch.setattr(services.accounts, "list_users", slow)
    changes = []
    page.ctx.changed.connect(changes.append)
    dialog = page.add_user()
    _fill_create(qtbot, dialog)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.Accepted)
    assert page.loading and "kimjob" not in [u.username for u in page.users.rows]
    assert page.selected_user().username == "counselor"  # until the reload arrives
    qtbot.waitUntil(page.loading_label.isVisible)
    wait_worker(qtbot, page.ctx)
    assert page.selected_user().username == "kimjob"
    assert page.grant_title.text() == "김취업(kimjob) 님의 역할"
    assert changes == [frozenset({Topic.USER})]
    assert threads and threading.main_thread() not in threads


def test_dialogs_offer_the_facilities_the_toolbar_holds(staff_page, services, world, qtbot,
                                                        monkeypatch):
    page = staff_page
    wait_worker(qtbot, page.ctx)

    def no_read(*_a, **_k):
        raise AssertionError("the dialog read the facilities again")

    monkeypatch.setattr(services.facilities, "list_all", no_read)
    monkeypatch.setattr(services.facilities, "list_for", no_read)
    _select(page, "counselor")
    for dialog in (page.add_user(), page.grant_role()):
        box = dialog.facility
        assert [box.itemData(i) for i in range(1, box.count())] == [f.id for f in page.ctx.facilities]
        assert box.currentData() == world.a
        dialog.reject()
