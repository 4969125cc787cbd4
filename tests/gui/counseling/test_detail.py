"""상담일지 보기: the confidential note behind 비밀 메모 보기 (each opening an audit read), the
author's edit within 48 hours and its version conflict, addenda after the lock, voiding."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from models.audit_log.service import AuditFilter
from tests.factories.counseling import NOTE, SUMMARY
from tests.factories.gui import type_text, wait_worker


def note_reads(services, world) -> list:
    return [r for r in services.audit.list(world.admin, AuditFilter(entity="counseling_session", action="read"))]


def open_detail(page, qtbot, session_id):
    dialog = page.open_session(session_id)
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    return dialog


def test_revealing_a_note_writes_its_audit_read(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    before = len(note_reads(services, world))
    dialog = open_detail(page, qtbot, day.s_hong)
    assert SUMMARY in dialog.summary.text()
    assert NOTE not in dialog.summary.text() and not dialog.note_label.isVisible()
    assert dialog.reveal_button.isVisible() and dialog.reveal_button.isEnabled()
    assert len(note_reads(services, world)) == before  # showing the session read no note
    qtbot.mouseClick(dialog.reveal_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.note_label.isVisible() and NOTE in dialog.note_label.text()
    reads = note_reads(services, world)
    assert len(reads) == before + 1
    last = reads[0]
    assert last.username == "counselor" and last.entity_id == str(day.s_hong)
    assert f"#{day.hong}" in last.detail and NOTE not in (last.detail or "")


def test_another_counselor_sees_the_summary_but_cannot_open_the_note(world, services, day, open_page, qtbot):
    from tests.factories.counseling import staff
    other = staff(services, world, "counselor2")
    page = open_page(other)
    dialog = open_detail(page, qtbot, day.s_hong)
    assert SUMMARY in dialog.summary.text()
    assert not dialog.reveal_button.isEnabled()
    assert "작성자, 담당 상담사와 시설 관리자만" in dialog.note_hint.text()
    assert not dialog.edit_button.isVisible() and not dialog.add_button.isVisible()


def test_the_author_edits_within_48_hours_and_a_second_saver_gets_the_conflict(world, services, day, open_page,
                                                                              qtbot, clock):
    page = open_page(world.counselor)
    detail = open_detail(page, qtbot, day.s_kim)  # logged Friday 10:00: locked since Sunday 10:00
    assert not detail.edit_button.isVisible() and "잠김" in detail.facts.text()  # Friday + 48 h has passed
    detail.close()
    sid = services.counseling.log_session(world.counselor, world.a, {
        "youth_id": day.kim, "mode": "phone", "kind": "deep", "summary": "처음 요약"})
    detail = open_detail(page, qtbot, sid)
    assert detail.edit_button.isVisible() and "수정 가능" in detail.facts.text()
    edit = detail.edit()
    qtbot.waitExposed(edit)
    wait_worker(qtbot, page.ctx)
    assert edit.summary.toPlainText() == "처음 요약"
    row = services.counseling.get_session(world.counselor, sid)
    data = {"mode": "phone", "kind": "deep", "summary": "다른 창에서 먼저 저장"}
    services.counseling.update_session(world.counselor, sid, data, row.version)  # someone saved first
    edit.summary.clear()
    type_text(qtbot, edit.summary, "고친 요약")
    qtbot.mouseClick(edit.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert edit.isVisible() and "먼저 이 기록을 저장했습니다" in edit.form.general.text()
    assert edit.summary.toPlainText() == "고친 요약"  # what was typed stays
    assert services.counseling.get_session(world.counselor, sid).summary == "다른 창에서 먼저 저장"


def test_after_the_lock_an_addendum_goes_under_the_original_and_a_void_strikes_it(world, services, day,
                                                                                   open_page, qtbot):
    page = open_page(world.counselor)
    detail = open_detail(page, qtbot, day.s_lee)
    assert detail.add_button.isVisible()
    add = detail.add_addendum()
    qtbot.waitExposed(add)
    type_text(qtbot, add.body, "보충: 희망 직무는 데이터 분석")
    qtbot.mouseClick(add.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert add.isVisible() and add.form.error_text("reason") == "추가 기록의 사유를 입력하세요."
    type_text(qtbot, add.reason, "상담 내용 보충")
    qtbot.mouseClick(add.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    text = detail.summary.text()
    assert "진로 탐색 요약" in text and "보충: 희망 직무는 데이터 분석" in text and "사유: 상담 내용 보충" in text
    assert text.index("진로 탐색 요약") < text.index("보충: 희망 직무는")

    void = detail.void()
    qtbot.waitExposed(void)
    type_text(qtbot, void.reason, "다른 청년의 기록으로 잘못 입력")
    qtbot.mouseClick(void.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    row = services.counseling.get_session(world.counselor, day.s_lee)
    assert row.voided and row.void_reason == "다른 청년의 기록으로 잘못 입력"
    assert "무효" in detail.facts.text() and "<s" in detail.summary.text()
    assert not detail.void_button.isVisible()
    page.tabs.setCurrentIndex(1)
    wait_worker(qtbot, page.ctx)
    tab = page.cases_tab
    tab.table.select_line(tab.table.model().index_where(lambda r: r.youth_id == day.lee))
    wait_worker(qtbot, page.ctx)
    history = tab.history.table.model()
    assert history.rows[0].voided and history.index(0, 3).data().startswith("[무효]")
    assert history.index(0, 0).data(Qt.FontRole).strikeOut()
    assert shiboken6.isValid(detail)


def test_an_edit_neither_reads_nor_overwrites_a_note_left_closed(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    sid = services.counseling.log_session(world.counselor, world.a, {
        "youth_id": day.kim, "mode": "phone", "kind": "deep", "summary": "처음 요약", "note": NOTE})
    before = len(note_reads(services, world))
    detail = open_detail(page, qtbot, sid)
    edit = detail.edit()
    qtbot.waitExposed(edit)
    wait_worker(qtbot, page.ctx)
    assert not edit.note.isEnabled() and edit.note.toPlainText() == ""
    assert "비밀 메모 보기" in edit.note.placeholderText()
    edit.summary.clear()
    type_text(qtbot, edit.summary, "고친 요약")
    qtbot.mouseClick(edit.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert len(note_reads(services, world)) == before  # the edit opened no note
    assert services.counseling.get_session(world.counselor, sid).summary == "고친 요약"
    assert services.counseling.note(world.counselor, sid).text == NOTE  # and kept it

    detail = open_detail(page, qtbot, sid)
    qtbot.mouseClick(detail.reveal_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    edit = detail.edit()
    qtbot.waitExposed(edit)
    assert edit.note.isEnabled() and edit.note.toPlainText() == NOTE  # revealed: it can be changed
