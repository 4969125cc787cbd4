"""개인정보 관리 page: a manager destroys two records of the review list after a
confirmation naming how many and that it cannot be undone, and the ledger shows the row;
the 청년 명부 page records a withdrawal of consent for the selected youth."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlalchemy import text

from gui.common import confirm
from gui.lifecycle.privacy_page import PrivacyPage
from gui.youth.page import YouthPage
from models.lifecycle.destruction import ERASED
from models.lifecycle.privacy import PrivacyService
from tests.factories.gui import wait_worker
from tests.factories.world import youth_data


def register(services, world, name, phone, consent_on="2023-11-01") -> int:
    return services.youth.create(world.admin, world.a, youth_data(name=name, phone=phone, consent_on=consent_on))


def names(db, ids) -> list[str]:
    with db.engine.connect() as conn:
        return [conn.execute(text("SELECT name FROM youth WHERE id = :i"), {"i": i}).scalar() for i in ids]


@pytest.fixture
def show(qtbot):
    def show(page):
        qtbot.addWidget(page)
        page.resize(1366, 720)
        page.show()
        qtbot.waitExposed(page)
        wait_worker(qtbot, page.ctx)
        return page
    return show


def test_a_manager_destroys_two_records_from_the_review_list(services, world, make_ctx, qtbot, show, monkeypatch):
    a = register(services, world, "홍하나", "010-7000-0001")
    b = register(services, world, "김두울", "010-7000-0002")
    c = register(services, world, "이세엣", "010-7000-0003")
    page = show(PrivacyPage(make_ctx(world.manager, "CAFE-A")))
    assert page.review_model.rowCount() == 3 and not page.destroy_button.isEnabled()
    assert page.ledger_empty.isVisible() and not page.ledger_view.isVisible()  # the empty ledger says so
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda _p, title, body, ok: asked.append((body, ok)) or True)

    sel = page.review_view.selectionModel()
    for row in (0, 1):
        sel.select(page.review_model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    chosen = [r.youth_id for r in page.selected()]
    assert page.destroy_button.text() == "선택 파기(2)…"
    qtbot.mouseClick(page.destroy_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    body, ok = asked[0]
    assert "2건" in body and "되돌릴 수 없" in body and ok == "2건 파기"
    assert names(services.db, chosen) == [ERASED, ERASED]
    left = ({a, b, c} - set(chosen)).pop()
    assert names(services.db, [left]) != [ERASED]
    assert [r.youth_id for r in page.review_model.rows] == [left]
    assert page.ledger_model.rowCount() == 1 and page.ledger_model.rows[0].records == 2
    assert page.ledger_view.isVisible() and not page.ledger_empty.isVisible()
    assert "2건을 파기했습니다" in page.notice.text()


def test_the_registry_page_records_a_withdrawal_of_consent(services, world, make_ctx, qtbot, show, monkeypatch):
    y = register(services, world, "박철회", "010-7000-0009", consent_on="2026-11-01")
    page = show(YouthPage(make_ctx(world.front_desk, "CAFE-A")))
    assert page.withdraw_btn.isVisible() and not page.erase_btn.isVisible()  # the desk may not destroy
    page.select_id(y)
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda _p, title, body, ok: asked.append(body) or True)

    qtbot.mouseClick(page.withdraw_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert "박철회" in asked[0] and "예약할 수 없" in asked[0]
    assert PrivacyService.of(services).state(world.front_desk, world.a, y).withdrawn_on is not None
    assert "동의 철회를 기록했습니다" in page.hint_label.text()
