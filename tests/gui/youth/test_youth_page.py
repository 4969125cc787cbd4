"""청년 명부 page: register, validation, duplicate offer, search, contact view, edit.

Each test runs on SQLite and PostgreSQL (through the ``services`` fixture) and checks what
the widgets show and what the database holds.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.youth.page import YouthPage
from gui.youth.table_model import COL_NAME, COL_PHONE
from models.audit_log.service import AuditFilter
from tests.factories.gui import fill_youth as fill
from tests.factories.gui import type_text, wait_worker
from tests.factories.world import youth_data


@pytest.fixture
def open_page(make_ctx, qtbot):
    def make(actor) -> YouthPage:
        page = YouthPage(make_ctx(actor))
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make



def save(qtbot, page, button) -> None:
    qtbot.mouseClick(button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)


def shown_texts(page) -> list[str]:
    model = page.model
    return [model.index(r, c).data() for r in range(model.rowCount())
            for c in range(model.columnCount())]


def click_row(qtbot, page, youth_id: int) -> None:
    row = next(i for i, y in enumerate(page.model.rows) if y.id == youth_id)
    rect = page.table.visualRect(page.model.index(row, COL_NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert page.selected_id() == youth_id


def test_counselor_registers_youth_and_list_shows_masked_phone(world, services, open_page, qtbot):
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    assert page.list_stack.currentWidget() is page.empty
    assert "아직 등록된 청년이 없습니다" in page.empty.text()
    assert page.count_label.text() == "전체 0명"

    dialog = page.open_register()
    assert dialog.isVisible()
    assert dialog.consent_on.text() == "2026-11-27"  # today in Seoul by the service clock
    fill(qtbot, dialog, email="kim@example.com")
    save(qtbot, page, dialog.save_btn)

    assert not dialog.isVisible()
    rows = services.youth.search(world.counselor, world.a, "김청년")
    assert len(rows) == 1
    assert rows[0].registered_facility == "가 일자리카페"
    assert services.youth.contact(world.counselor, world.a, rows[0].id).phone == "01098765678"
    assert page.list_stack.currentWidget() is page.table
    assert page.count_label.text() == "전체 1명"
    assert page.model.index(0, COL_PHONE).data() == "010-****-5678"
    texts = shown_texts(page)
    assert "k***@example.com" in texts
    assert not any("9876" in t or "kim@" in t for t in texts)
    assert page.selected_id() == rows[0].id
    assert page.d_phone.text() == "010-****-5678"


def test_bad_input_shows_messages_next_to_fields_and_writes_nothing(world, services, open_page, qtbot):
    services.youth.create(world.counselor, world.a, youth_data())
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    dialog = page.open_register()

    fill(qtbot, dialog, phone="010-12", birth="2030-01-01", consent=False)
    save(qtbot, page, dialog.save_btn)
    form = dialog.form
    assert "형식이 올바르지 않습니다" in form.error_text("phone")
    assert form.error_text("birth_date") == "생년월일이 오늘 이후입니다."
    assert "동의" in form.error_text("consent")
    assert form.error_text("name") == ""
    assert dialog.isVisible()
    assert services.youth.count(world.counselor, world.a) == 1

    # a date that does not exist, consent given: still only the message next to the field
    fill(qtbot, dialog, birth="1999-02-30", consent=True)
    save(qtbot, page, dialog.save_btn)
    assert "없는 날짜" in form.error_text("birth_date")
    assert form.error_text("consent") == ""
    # not written as a date at all: the format is asked for
    fill(qtbot, dialog, birth="99년 봄", consent=True)
    save(qtbot, page, dialog.save_btn)
    assert "YYYY-MM-DD" in form.error_text("birth_date")

    # everything else fine: the service's own check of the phone comes back next to the field
    fill(qtbot, dialog, phone="02-123-4567")
    save(qtbot, page, dialog.save_btn)
    assert "휴대전화 번호 형식" in form.error_text("phone")
    assert form.error_text("birth_date") == ""
    assert dialog.isVisible()
    assert services.youth.count(world.counselor, world.a) == 1
    assert page.count_label.text() == "전체 1명"


def test_duplicate_offer_opens_existing_record_and_writes_nothing(world, services, open_page, qtbot):
    existing = services.youth.create(world.admin, world.b, youth_data())
    for i in range(3):
        services.youth.create(world.counselor, world.a, youth_data(
            name=f"다른사람{'가나다'[i]}", phone=f"010-5555-000{i}", birth_date="2000-01-0" + str(i + 1)))
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    before = services.youth.count(world.counselor, world.a)

    dialog = page.open_register()
    fill(qtbot, dialog, name="홍길동", birth="1998-03-15", phone="010-2468-1357")
    save(qtbot, page, dialog.save_btn)

    assert dialog.isVisible()
    assert dialog.dup_panel.isVisible()
    assert dialog.dup_model.rowCount() == 1
    cells = [dialog.dup_model.index(0, c).data() for c in range(dialog.dup_model.columnCount())]
    assert cells == ["홍길동", "1998-03-15", "010-****-5678", "나 일자리카페"]
    assert services.youth.count(world.counselor, world.a) == before

    save(qtbot, page, dialog.open_btn)
    assert not dialog.isVisible()
    assert page.selected_id() == existing
    assert page.search.text() == "홍길동"
    assert page.model.rowCount() == 1
    assert page.detail_name.text() == "홍길동"
    assert services.youth.count(world.counselor, world.a) == before


def test_duplicate_offer_can_register_a_second_record(world, services, open_page, qtbot):
    existing = services.youth.create(world.counselor, world.a, youth_data())
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    dialog = page.open_register()
    fill(qtbot, dialog, name="홍길동", birth="1998-03-15", phone="010-2468-1357")
    save(qtbot, page, dialog.save_btn)
    assert dialog.dup_panel.isVisible()

    save(qtbot, page, dialog.new_btn)
    assert not dialog.isVisible()
    rows = services.youth.search(world.counselor, world.a, "홍길동")
    assert len(rows) == 2
    new_id = max(r.id for r in rows)
    assert new_id != existing
    assert page.selected_id() == new_id
    assert page.count_label.text() == "전체 2명"


def test_search_by_name_and_phone_fragment_narrows_the_list(world, services, open_page, qtbot):
    for name, phone in (("홍길동", "010-1234-5678"), ("김철수", "010-2222-3333"),
                        ("홍민지", "010-4444-5555")):
        services.youth.create(world.counselor, world.a, youth_data(name=name, phone=phone),
                              allow_duplicate=True)
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    assert page.model.rowCount() == 3

    type_text(qtbot, page.search, "홍")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert {y.name for y in page.model.rows} == {"홍길동", "홍민지"}
    assert page.count_label.text() == "검색 결과 2명"

    page.search.clear()
    qtbot.keyClicks(page.search, "2-3333")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.rows[0].name == "김철수"

    page.search.clear()
    type_text(qtbot, page.search, "없는사람")
    qtbot.waitUntil(lambda: page.list_stack.currentWidget() is page.empty)
    assert page.empty.isVisible()
    assert "청년 등록" in page.empty.text()
    assert page.count_label.text() == "검색 결과 0명"

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)


@pytest.mark.parametrize("birth", ["1990-13-45", "1999-02-30"])
def test_a_date_that_does_not_exist_is_called_so(world, services, open_page, qtbot, birth):
    """Issue 11, item 10: 1990-13-45 is written right but names no day; the field says so
    instead of asking for YYYY-MM-DD again, and nothing is saved."""
    from models.core.validation import NO_SUCH_DATE
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    dialog = page.open_register()
    qtbot.waitExposed(dialog)
    fill(qtbot, dialog, birth=birth)
    save(qtbot, page, dialog.save_btn)
    assert dialog.isVisible()
    assert dialog.form.error_text("birth_date") == NO_SUCH_DATE
    assert services.youth.search(world.counselor, world.a, "") == []


def test_a_count_past_the_cap_says_more_than(world, services, open_page, qtbot, monkeypatch):
    """The count stops at the cap (issue 10): past it the page says "…명 이상"."""
    import gui.youth.page as youth_page
    import models.youth.service as youth_service
    monkeypatch.setattr(youth_service, "COUNT_CAP", 2)
    monkeypatch.setattr(youth_page, "COUNT_CAP", 2)
    for n, name in enumerate(("홍길동", "홍민지", "홍서연")):
        services.youth.create(world.counselor, world.a, youth_data(
            name=name, phone=f"010-1234-{5000 + n}"), allow_duplicate=True)
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == 3
    assert page.count_label.text() == "전체 2명 이상"
    type_text(qtbot, page.search, "홍민")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.count_label.text() == "검색 결과 1명"


def test_contact_view_shows_full_number_and_is_recorded(world, services, open_page, qtbot):
    first = services.youth.create(world.counselor, world.a, youth_data())
    other = services.youth.create(world.counselor, world.a, youth_data(
        name="김철수", phone="010-2222-3333", email=None))
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    assert not page.contact_btn.isEnabled()  # nobody selected yet

    click_row(qtbot, page, first)
    assert page.d_phone.text() == "010-****-5678"
    assert page.d_email.text() == "h***@example.com"
    assert page.contact_btn.isVisible() and page.contact_btn.isEnabled()
    assert "열람 기록이 남습니다" in page.contact_note.text()
    assert services.audit.list(world.admin, AuditFilter(action="read")) == []

    save(qtbot, page, page.contact_btn)
    assert page.d_phone.text() == "010-1234-5678"
    assert page.d_email.text() == "hong@example.com"
    assert not page.contact_btn.isVisible()
    reads = services.audit.list(world.admin, AuditFilter(action="read"))
    assert [(r.entity, r.entity_id, r.username) for r in reads] == [("youth", str(first), "counselor")]

    click_row(qtbot, page, other)
    assert page.d_phone.text() == "010-****-3333"
    assert page.contact_btn.isVisible()
    click_row(qtbot, page, first)
    assert page.d_phone.text() == "010-****-5678"


def test_front_desk_sees_the_page_and_registers(world, services, make_window, qtbot):
    window = make_window(world.front_desk)
    page = window.show_page("youth")
    wait_worker(qtbot, page.ctx)
    assert page.isVisible()
    assert page.register_btn.isEnabled()
    assert page.empty.isVisible()

    dialog = page.open_register()
    fill(qtbot, dialog, channel="현장방문")
    save(qtbot, page, dialog.save_btn)
    rows = services.youth.search(world.front_desk, world.a)
    assert [(r.name, r.channel.label) for r in rows] == [("김청년", "현장방문")]
    assert page.model.rowCount() == 1
    assert page.contact_btn.isVisible()


def test_edit_changes_the_record(world, services, open_page, qtbot):
    yid = services.youth.create(world.counselor, world.a, youth_data())
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    click_row(qtbot, page, yid)
    qtbot.mouseClick(page.edit_btn, Qt.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    wait_worker(qtbot, page.ctx)  # input_for reads the full contact
    assert dialog.name.text() == "홍길동"
    assert dialog.phone.text() == "010-1234-5678"
    assert dialog.consent.isChecked()
    assert dialog.save_btn.isEnabled()

    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "010-5555-6666")
    dialog.district.setCurrentIndex(dialog.district.findText("관악구"))
    save(qtbot, page, dialog.save_btn)

    assert not dialog.isVisible()
    row = services.youth.get(world.counselor, world.a, yid)
    assert (row.phone_masked, row.district) == ("010-****-6666", "관악구")
    assert services.youth.count(world.counselor, world.a) == 1
    assert page.selected_id() == yid
    assert page.d_district.text() == "관악구"
    assert page.model.index(0, COL_PHONE).data() == "010-****-6666"
    updates = services.audit.list(world.admin, AuditFilter(action="update", entity="youth"))
    assert len(updates) == 1
    reads = services.audit.list(world.admin, AuditFilter(action="read", entity="youth"))
    assert len(reads) == 1  # loading the edit form read the full contact


# -- reading off the GUI thread -------------------------------------------------------------
NAMES = [f"김{ch}" for ch in "가나다라마바사아자차카타파하거너더러머버서어저처"]  # 24 youths


def _record(monkeypatch, obj, name: str, calls: list, delay=lambda *a, **k: 0.0) -> None:
    """Replace ``obj.name`` with a wrapper that notes (thread, name, keyword arguments) and
    sleeps ``delay(...)`` first."""
    import threading
    import time
    real = getattr(obj, name)

    def wrapper(*args, **kwargs):
        calls.append((threading.current_thread(), name, kwargs))
        time.sleep(delay(*args, **kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, wrapper)


def test_list_shows_its_loading_line_while_a_slow_read_runs_off_the_gui_thread(
        world, services, open_page, qtbot, monkeypatch):
    import threading
    services.youth.create(world.counselor, world.a, youth_data())
    calls = []
    _record(monkeypatch, services.youth, "search_page", calls, lambda *a, **k: 0.5)
    _record(monkeypatch, services.rooms, "no_show_ledger", calls)
    _record(monkeypatch, services.booths, "history", calls)
    page = open_page(world.counselor)
    assert page.loading and page.model.rowCount() == 0
    qtbot.waitUntil(page.loading_label.isVisible)  # after its short delay
    wait_worker(qtbot, page.ctx)
    assert not page.loading and not page.loading_label.isVisible()
    assert [y.name for y in page.model.rows] == ["홍길동"]
    assert page.count_label.text() == "전체 1명"
    click_row(qtbot, page, page.model.rows[0].id)  # the history panel reads too
    wait_worker(qtbot, page.ctx)
    assert page.history.stack.currentIndex() == 1
    assert {c[1] for c in calls} == {"search_page", "no_show_ledger", "history"}
    assert threading.main_thread() not in {c[0] for c in calls}


def test_scrolling_fetches_the_next_page_on_the_read_pool_once(world, services, open_page, qtbot,
                                                               monkeypatch):
    import threading
    for i in range(12):
        services.youth.create(world.counselor, world.a, youth_data(
            name=NAMES[i], phone=f"010-3000-{i:04d}", birth_date=f"1999-01-{i + 1:02d}"))
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    calls = []
    _record(monkeypatch, services.youth, "search_page", calls)  # the first page
    _record(monkeypatch, services.youth, "search", calls,  # the next ones
            lambda *a, offset=0, **k: 0.4 if offset else 0.0)
    page.model.PAGE = 5
    page.refresh()
    wait_worker(qtbot, page.ctx)  # the view may fetch a page more to fill itself
    while page.model.canFetchMore() or page.model.fetching:
        before = page.model.rowCount()
        page.table.scrollToBottom()
        page.model.fetchMore()
        assert page.model.fetching and page.model.rowCount() == before  # on its way, not here yet
        page.table.scrollToBottom()  # scrolling again while it is on its way
        page.model.fetchMore()
        wait_worker(qtbot, page.ctx)
        assert page.model.rowCount() > before
    assert page.model.rowCount() == 12
    assert [y.name for y in page.model.rows] == [NAMES[i] for i in reversed(range(12))]
    offsets = [(c[1], c[2].get("offset", 0)) for c in calls]
    assert offsets == [("search_page", 0), ("search", 5), ("search", 10)]  # each page once
    assert threading.main_thread() not in {c[0] for c in calls}


def test_select_id_fetches_pages_until_the_record_arrives(world, services, open_page, qtbot):
    ids = [services.youth.create(world.counselor, world.a, youth_data(
        name=NAMES[i], phone=f"010-3100-{i:04d}", birth_date=f"1999-02-{i + 1:02d}"))
        for i in range(24)]
    page = open_page(world.counselor)
    page.model.PAGE = 3
    page.refresh()
    wait_worker(qtbot, page.ctx)
    oldest = ids[0]  # the list is newest first: the oldest is on the last page
    assert oldest not in [y.id for y in page.model.rows]
    assert not page.select_id(oldest)  # not loaded yet: the list fetches on
    wait_worker(qtbot, page.ctx)
    assert page.selected_id() == oldest
    assert page.detail_name.text() == NAMES[0]


def test_an_older_search_answering_late_does_not_replace_a_newer_one(
        world, services, open_page, qtbot, monkeypatch):
    for name, phone in (("홍길동", "010-1234-5678"), ("김철수", "010-2222-3333"),
                        ("홍민지", "010-4444-5555")):
        services.youth.create(world.counselor, world.a, youth_data(name=name, phone=phone),
                              allow_duplicate=True)
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    finished = []
    real = services.youth.search_page

    def search_page(actor, fid, query="", **kw):
        import time
        if query == "홍":
            time.sleep(0.6)
        rows = real(actor, fid, query, **kw)
        finished.append(query)
        return rows

    monkeypatch.setattr(services.youth, "search_page", search_page)
    page.search.setText("홍")
    page.apply_search()  # what the debounce timer does
    page.search.setText("김철수")
    page.apply_search()
    wait_worker(qtbot, page.ctx)
    assert finished == ["김철수", "홍"]  # the older search did answer last
    assert [y.name for y in page.model.rows] == ["김철수"]
    assert page.count_label.text() == "검색 결과 1명"


def test_registering_notifies_once_and_selects_the_new_record_when_the_reload_arrives(
        world, services, open_page, qtbot, monkeypatch):
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    from gui.context import Topic
    changes = []
    page.ctx.changed.connect(changes.append)
    _record(monkeypatch, services.youth, "search_page", [], lambda *a, **k: 0.3)
    dialog = page.open_register()
    fill(qtbot, dialog)
    save(qtbot, page, dialog.save_btn)
    assert changes == [frozenset({Topic.YOUTH})]
    (row,) = services.youth.search(world.counselor, world.a)
    assert page.selected_id() == row.id
    assert page.detail_name.text() == "김청년"


def test_a_late_answer_for_a_closed_dialog_is_dropped(world, services, open_page, make_ctx, qtbot,
                                                      monkeypatch):
    """The edit dialog (its contact read) and a youth picker in a booking dialog (its search)
    are closed and deleted while their read runs: the answer is dropped, nothing fails."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    from gui.youth.picker import YouthPicker
    yid = services.youth.create(world.counselor, world.a, youth_data())
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    unexpected = []
    page.ctx.worker.unexpected.connect(unexpected.append)
    _record(monkeypatch, services.youth, "input_for", [], lambda *a, **k: 0.4)
    _record(monkeypatch, services.youth, "search_page", [], lambda *a, **k: 0.4)
    click_row(qtbot, page, yid)
    dialog = page.edit_selected()
    dialog.reject()
    dialog.deleteLater()

    host = QDialog()
    QVBoxLayout(host).addWidget(picker := YouthPicker(page.ctx))
    host.open()
    picker.youth_search.setText("홍")
    picker.search_now()
    host.reject()
    host.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert not shiboken6.isValid(dialog) and not shiboken6.isValid(picker)
    wait_worker(qtbot, page.ctx)
    assert unexpected == []
    assert not page.banner.isVisible()


def test_picker_keeps_the_newest_search_when_an_older_one_answers_late(
        world, services, make_ctx, qtbot, monkeypatch):
    from gui.youth.picker import YouthPicker
    for name, phone in (("홍길동", "010-1234-5678"), ("김철수", "010-2222-3333")):
        services.youth.create(world.counselor, world.a, youth_data(name=name, phone=phone))
    ctx = make_ctx(world.front_desk)
    picker = YouthPicker(ctx)
    qtbot.addWidget(picker)
    picker.show()
    calls = []
    _record(monkeypatch, services.youth, "search", calls,
            lambda actor, fid, query="", **k: 0.5 if query == "홍" else 0.0)
    picker.youth_search.setText("홍")
    picker.search_now()
    picker.youth_search.setText("김철수")
    picker.search_now()
    wait_worker(qtbot, ctx)
    assert [picker.youth_list.item(i).text() for i in range(picker.youth_list.count())] == [
        "김철수 · 1998-03-15 · 010-****-3333"]
    assert len(calls) == 2
