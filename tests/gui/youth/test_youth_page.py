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
    assert "YYYY-MM-DD" in form.error_text("birth_date")
    assert form.error_text("consent") == ""

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


def test_contact_view_shows_full_number_and_is_recorded(world, services, open_page, qtbot):
    first = services.youth.create(world.counselor, world.a, youth_data())
    other = services.youth.create(world.counselor, world.a, youth_data(
        name="김철수", phone="010-2222-3333", email=None))
    page = open_page(world.counselor)
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
