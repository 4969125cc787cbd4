"""The 교육과정 page, driven like a user: create a course (a bad field refused next to it),
import 50 applicants from a CP949 CSV, score three stages and select, take a day's roll
with the keyboard, print a certificate. FakeClock: 2026-11-27 10:00 in Seoul."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gui.courses.page import ACCEPTANCE, APPLICANTS, COMPLETION, ROLL, SELECTION
from tests.factories.gui import type_text, wait_worker
from tests.factories.rooms import at
from tests.models.courses.builders import applicants, open_course, to_selecting, training_course
from tests.models.imports.files import HEADERS, csv_bytes, youths


def _save(qtbot, page, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    wait_worker(qtbot, page.ctx)


def test_create_a_course_refusing_zero_places_next_to_the_field(qtbot, open_page, services, env):
    page = open_page(env.manager, "CAMPUS-A")
    assert page.list_empty.isVisible() and "과정 만들기" in page.list_empty.text()
    dialog = page.create_course()
    type_text(qtbot, dialog.name, "데이터 분석 1기")
    dialog.places.setValue(0)
    _save(qtbot, page, dialog)
    assert dialog.isVisible() and "정원" in dialog.form.error_text("places")
    assert services.courses.courses(env.manager, env.a) == []
    dialog.places.setValue(25)
    _save(qtbot, page, dialog)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # saved and closed
    wait_worker(qtbot, page.ctx)
    [row] = services.courses.courses(env.manager, env.a)
    assert (row.name, row.places, row.status.label) == ("데이터 분석 1기", 25, "계획")
    assert page.course_model.rowCount() == 1 and page.course.id == row.id


def test_import_fifty_applicants_from_a_cp949_csv(qtbot, open_page, services, env, tmp_path):
    cid = open_course(services, env, places=25)
    path = tmp_path / "지원자.csv"
    path.write_bytes(csv_bytes([[*r, "2026-11-20"] for r in youths(50)], "cp949", [*HEADERS, "지원일"]))
    page = open_page(env.manager, "CAMPUS-A")
    page.tabs.setCurrentIndex(APPLICANTS)
    wait_worker(qtbot, page.ctx)
    assert page.app_empty.isVisible()
    dialog = page.open_import()
    dialog.open_file(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    wait_worker(qtbot, page.ctx)
    assert not dialog.preview.errors and dialog.import_btn.isEnabled()
    qtbot.mouseClick(dialog.import_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    wait_worker(qtbot, page.ctx)
    assert dialog.report.new == 50
    assert len(services.courses.applications(env.manager, cid)) == 50
    assert page.app_model.rowCount() == 50 and "지원 50명 · 경쟁률 2.0 : 1" in page.app_count.text()


def test_score_three_stages_and_select(qtbot, open_page, services, env, clock, monkeypatch):
    from gui.common import confirm
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a[2]) or True)
    cid = open_course(services, env, places=2)
    applicants(services, env, cid, 4)
    to_selecting(services, env, clock, cid)
    page = open_page(env.manager, "CAMPUS-A")
    page.tabs.setCurrentIndex(SELECTION)
    wait_worker(qtbot, page.ctx)
    t = page.score_table
    assert t.rowCount() == 4
    plan = [(90, 80, 70), (50, None, None), (85, 95, 90), (70, 70, 70)]  # the second falls at 서류 (cut 60)
    scores = dict(zip([t.item(r, 0).text() for r in range(4)], plan, strict=True))
    for stage in range(3):
        for r in range(t.rowCount()):  # the rows move as the ranking changes: find them by name
            row = scores[t.item(r, 0).text()]
            if row[stage] is not None:
                t.item(r, stage + 1).setText(str(row[stage]))  # what the cell's editor commits
        qtbot.mouseClick(page.save_scores_button, Qt.LeftButton)
        wait_worker(qtbot, page.ctx)
        assert not page.banner.isVisible(), page.banner.text()
    ranking = services.courses.ranking(env.manager, cid)
    best = max((n for n, p in scores.items() if p[2]), key=lambda n: 0.3 * scores[n][0] + 0.3 * scores[n][1]
               + 0.4 * scores[n][2])
    assert ranking.qualified == 3 and ranking.rows[0].youth_name == best == t.item(0, 0).text()
    assert t.item(0, 4).text() == "90.00" and t.item(0, 5).text() == "1"
    assert page.count_spin.value() == 2
    qtbot.mouseClick(page.decide_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert len(asked) == 1 and "상위 2명을 합격으로" in asked[0] and "바꿀 수 없습니다" in asked[0]
    assert "합격 2 · 예비합격 1 · 미선발 1" in page.selection_note.text()
    apps = services.courses.applications(env.manager, cid)
    assert sorted(a.result.label for a in apps) == ["미선발", "예비합격", "합격", "합격"]
    page.tabs.setCurrentIndex(ACCEPTANCE)
    wait_worker(qtbot, page.ctx)
    assert page.accept_model.rowCount() == 3


def test_the_roll_of_a_day_taken_with_the_keyboard(qtbot, open_page, services, env, clock):
    sc = training_course(services, env, clock, places=3, n=3)  # the clock at the first day, 12-07
    page = open_page(env.counselor, "CAMPUS-A")
    page.tabs.setCurrentIndex(ROLL)
    wait_worker(qtbot, page.ctx)
    t = page.roll_table
    assert t.rowCount() == 3 and all(t.item(r, 1).text() == "출석" for r in range(3))
    t.setFocus()
    t.selectRow(0)
    qtbot.keyClick(t, Qt.Key_4)  # 결석, and down to the next
    qtbot.keyClick(t, Qt.Key_2)  # 지각
    assert [t.item(r, 1).text() for r in range(3)] == ["결석", "지각", "출석"]
    qtbot.mouseClick(page.roll_save, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    roll = services.courses.roll(env.manager, sc.course, date(2026, 12, 7))
    assert roll.taken and [r.kind.label for r in roll.rows] == ["결석", "지각", "출석"]
    assert not page.save_scores_button.isVisible()  # a counselor does not select


def test_print_a_certificate(qtbot, open_page, services, env, clock, tmp_path):
    end = date(2026, 12, 18)
    sc = training_course(services, env, clock, places=1, n=1, end_on=end, total_hours=80)
    clock.now = at(end, "18:00")
    services.courses.complete(env.manager, sc.trainees[0], 1)
    page = open_page(env.manager, "CAMPUS-A")
    page.tabs.setCurrentIndex(COMPLETION)
    wait_worker(qtbot, page.ctx)
    page.trainee_view.selectRow(0)
    path = tmp_path / "수료증.pdf"
    page.print_certificate(str(path))
    wait_worker(qtbot, page.ctx)
    assert path.read_bytes().startswith(b"%PDF")
    assert "수료증을 수료증.pdf에 저장했습니다." in page.completion_note.text()


def test_the_results_list_is_saved_from_its_button_with_phones_only_when_asked(qtbot, open_page, services, env,
                                                                                clock, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from tests.models.courses.builders import selected_course
    sc = selected_course(services, env, clock, places=2, n=3)
    page = open_page(env.manager, "CAMPUS-A")
    page.tabs.setCurrentIndex(SELECTION)
    wait_worker(qtbot, page.ctx)
    assert page.results_button.isEnabled() and page.results_phones.isVisible()
    phones = [services.youth.contact(env.manager, env.a, a.youth_id).phone
              for a in services.courses.applications(env.manager, sc.course)]

    def cells(path):
        return [str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row if c]

    for checked, name in ((False, "masked.xlsx"), (True, "full.xlsx")):
        path = tmp_path / name
        monkeypatch.setattr(page, "ask_save_path", lambda *_a, _p=str(path), **_k: _p)
        page.results_phones.setChecked(checked)
        qtbot.mouseClick(page.results_button, Qt.LeftButton)
        wait_worker(qtbot, page.ctx)
        assert path.exists(), page.banner.text()
        full = [p for p in phones if any(p.replace("-", "") in c.replace("-", "") for c in cells(path))]
        assert bool(full) is checked
    assert "저장했습니다" in page.selection_note.text()


def test_the_selection_is_not_decided_when_the_confirmation_is_cancelled(qtbot, open_page, services, env, clock,
                                                                          monkeypatch):
    from gui.common import confirm
    cid = open_course(services, env, places=1)
    apps = applicants(services, env, cid, 2)
    to_selecting(services, env, clock, cid)
    from tests.models.courses.builders import score
    score(services, env, cid, {aid: (90 - i, 90 - i, 90 - i) for i, aid in enumerate(apps)})
    page = open_page(env.manager, "CAMPUS-A")
    page.tabs.setCurrentIndex(SELECTION)
    wait_worker(qtbot, page.ctx)
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: False)
    qtbot.mouseClick(page.decide_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not services.courses.get_course(env.manager, cid).selection_decided
    assert all(a.result is None for a in services.courses.applications(env.manager, cid))


def test_a_bad_score_in_a_later_stage_saves_no_stage(qtbot, open_page, services, env, clock):
    cid = open_course(services, env, places=1)
    applicants(services, env, cid, 2)
    to_selecting(services, env, clock, cid)
    page = open_page(env.manager, "CAMPUS-A")
    page.tabs.setCurrentIndex(SELECTION)
    wait_worker(qtbot, page.ctx)
    t = page.score_table
    t.item(0, 1).setText("80")  # 서류: fine
    t.item(0, 2).setText("120")  # 실무역량평가: over 100
    qtbot.mouseClick(page.save_scores_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and "0~100" in page.banner.text() and "아무것도 저장하지" in page.banner.text()
    ranking = services.courses.ranking(env.manager, cid)
    assert all(st.score is None and st.passed is None for r in ranking.rows for st in r.stages)
    assert page.score_edits  # what was typed stays to be corrected
