"""The import dialog, opened from the 청년 명부 page's 가져오기 button: a CP949 CSV with one
bad row and one registered youth; the preview's Korean messages; nothing can be imported
while a row is wrong; the corrected file with the duplicate skipped is committed on the
worker, and the registry, the report and the remembered mapping show it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.youth.page import YouthPage
from tests.factories.gui import page_opener, wait_worker
from tests.factories.world import youth_data
from tests.models.imports.files import HEADERS, csv_bytes, youths
from tests.models.util import count


@pytest.fixture
def open_page(make_ctx, qtbot):
    return page_opener(make_ctx, qtbot, YouthPage, wait=True)


def _cells(dialog, col_header: str) -> list[str]:
    m = dialog.model
    col = [c.header for c in m.columns].index(col_header)
    return [m.index(r, col).data() for r in range(m.rowCount())]


def _open(qtbot, dialog, path, previewed: bool = True) -> None:
    dialog.open_file(str(path))
    qtbot.waitUntil(lambda: dialog.table is not None, timeout=10000)
    if previewed:
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    wait_worker(qtbot, dialog.ctx)


def test_import_a_cp949_file_with_a_bad_row_and_a_duplicate(qtbot, open_page, services, world, tmp_path):
    rows = youths(6)
    registered = services.youth.create(world.admin, world.a, youth_data(
        name=rows[2][0], birth_date=rows[2][1], phone="010-7777-1234"))
    bad = [list(r) for r in rows]
    bad[4][1] = "1998-02-30"
    bad_file = tmp_path / "지원자.csv"
    bad_file.write_bytes(csv_bytes(bad, "cp949"))
    page = open_page(world.front_desk)
    assert page.import_btn.isVisible() and page.import_btn.isEnabled()
    qtbot.mouseClick(page.import_btn, Qt.LeftButton)
    dialog = page.import_dialog
    assert dialog.isVisible() and not dialog.import_btn.isEnabled()
    _open(qtbot, dialog, bad_file)
    assert "CSV · CP949 (EUC-KR) · 6행" in dialog.file_label.text()
    assert dialog.combos["name"].currentText() == "성명"
    assert dialog.combos["consent_on"].currentText() == "개인정보 동의일"
    assert _cells(dialog, "상태") == ["신규", "신규", "중복", "신규", "오류", "신규"]
    assert _cells(dialog, "처리")[2] == "건너뛰기"
    assert _cells(dialog, "오류")[4] == "생년월일: 없는 날짜입니다. 월(1~12)과 그 달의 날수를 확인하세요."
    assert _cells(dialog, "휴대전화")[0] == "010-****-0000"  # masked in the preview
    assert rows[2][0] in _cells(dialog, "등록된 기록")[2]
    assert dialog.summary.text() == "전체 6행 · 신규 4 · 중복 1(병합 0, 건너뜀 1) · 오류 1"
    assert "오류가 있는 행이 1개" in dialog.status.text()
    assert not dialog.import_btn.isEnabled()  # nothing can be written while a row is wrong
    dialog.filter.setCurrentIndex(1)  # 오류만
    assert _cells(dialog, "행") == ["6"]
    dialog.view.selectRow(0)
    assert dialog.row_detail.text().startswith("6행 오류 — 생년월일: 없는 날짜입니다.")

    good_file = tmp_path / "지원자-수정.csv"
    good_file.write_bytes(csv_bytes(rows, "cp949"))
    dialog.filter.setCurrentIndex(2)  # 중복만
    _open(qtbot, dialog, good_file)
    assert _cells(dialog, "행") == ["4"]
    dialog.view.selectRow(0)
    assert "같습니다(이름·생년월일 같음)" in dialog.row_detail.text()
    qtbot.mouseClick(dialog.merge_btn, Qt.LeftButton)
    assert _cells(dialog, "처리") == ["병합"]
    qtbot.mouseClick(dialog.skip_btn, Qt.LeftButton)  # the user changes their mind
    assert _cells(dialog, "처리") == ["건너뛰기"]
    assert dialog.import_btn.isEnabled()
    qtbot.mouseClick(dialog.import_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    wait_worker(qtbot, page.ctx)
    assert dialog.status.text() == ("가져오기를 마쳤습니다. 청년 명부: 전체 6행 · 신규 5 · 병합 0 · 건너뜀 1 · 오류 0")
    assert dialog.close_btn.text() == "닫기" and not dialog.import_btn.isEnabled()
    assert count(services.db, "youth") == 6
    assert services.youth.get(world.admin, world.a, registered).phone_masked == "010-****-1234"  # not merged
    wait_worker(qtbot, page.ctx)
    assert page.count_label.text() == "전체 6명"  # the page reloaded
    qtbot.mouseClick(dialog.close_btn, Qt.LeftButton)


def test_a_chosen_column_is_remembered_and_closing_writes_nothing(qtbot, open_page, services, world, tmp_path):
    headers = list(HEADERS)
    headers[2] = "보호자 연락처 아님"
    f = tmp_path / "form.csv"
    f.write_bytes(csv_bytes(youths(3), "utf-8-sig", headers=headers))
    page = open_page(world.front_desk)
    dialog = page.open_import()
    _open(qtbot, dialog, f, previewed=False)
    assert "필수 열을 지정하세요: 휴대전화" in dialog.mapping_note.text() and not dialog.import_btn.isEnabled()
    dialog.choose_column("phone", "보호자 연락처 아님")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    wait_worker(qtbot, page.ctx)
    assert _cells(dialog, "상태") == ["신규"] * 3
    qtbot.mouseClick(dialog.import_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    dialog.close()
    again = page.open_import()
    f2 = tmp_path / "form2.csv"
    f2.write_bytes(csv_bytes(youths(2, start=3), "utf-8", headers=headers))
    _open(qtbot, again, f2)
    assert again.combos["phone"].currentText() == "보호자 연락처 아님"  # remembered for this user
    before = count(services.db, "youth")
    qtbot.mouseClick(again.close_btn, Qt.LeftButton)  # 취소 before 가져오기
    wait_worker(qtbot, page.ctx)
    assert count(services.db, "youth") == before == 3


def test_cancel_while_committing_rolls_everything_back(qtbot, open_page, services, world, tmp_path, monkeypatch):
    import threading

    import shiboken6

    from models.youth.bulk import YouthBulk
    release, started = threading.Event(), threading.Event()
    original = YouthBulk.import_rows

    def held(self, *args, **kw):  # the commit waits inside its transaction until released
        started.set()
        release.wait(10)
        return original(self, *args, **kw)

    monkeypatch.setattr(YouthBulk, "import_rows", held)
    f = tmp_path / "a.csv"
    f.write_bytes(csv_bytes(youths(5), "cp949"))
    page = open_page(world.front_desk)
    dialog = page.open_import()
    _open(qtbot, dialog, f)
    qtbot.mouseClick(dialog.import_btn, Qt.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert dialog.progress.isVisible() and not dialog.choose_btn.isEnabled()
    dialog.reject()  # Esc or the close box while it writes: asked to stop, the dialog stays
    assert dialog.isVisible() and "취소하는 중" in dialog.status.text()
    release.set()
    wait_worker(qtbot, page.ctx)
    assert count(services.db, "youth") == 0 and count(services.db, "youth_gram") == 0
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)  # closed once rolled back
