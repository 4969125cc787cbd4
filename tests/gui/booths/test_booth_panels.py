"""Publishing booth slots, tomorrow's reminders, session results, analysis-consultation
requests and their queue, and the printed day sheet (issue 4).

Every test runs on SQLite and PostgreSQL (through the ``services`` fixture) and checks what
the widgets show and what the database holds. The clock is Friday 2026-11-27 10:00 in
Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from gui.booths.dialogs.panels_dialogs import ConsultRequestDialog, ResultDialog
from gui.booths.dialogs.publish_dialog import PublishDialog
from gui.booths.outputs import print_day_sheet
from gui.booths.panels import RemindersPanel
from models.audit_log.service import AuditFilter
from models.desk.enums import BookingStatus
from tests.factories.world import youth_data
from tests.gui.conftest import wait_worker

MON = date(2026, 11, 30)
TUE = date(2026, 12, 1)
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}


@pytest.fixture
def setup(world, services):
    fac = services.facilities
    b1 = fac.add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})
    b2 = fac.add_room(world.admin, world.a, {"name": "AI 면접 부스 2", "kind": "ai_booth", "capacity": 1})
    kim = services.youth.create(world.admin, world.a, youth_data(name="김민수", phone="010-1111-5678"))
    lee = services.youth.create(world.admin, world.a, youth_data(
        name="이영희", birth_date="2000-01-02", phone="010-2222-3333", email="lee@example.com"))
    return SimpleNamespace(b1=b1, b2=b2, kim=kim, lee=lee)


def publish(services, world, setup, start=MON, end=MON + timedelta(days=13)) -> None:
    for booth in (setup.b1, setup.b2):
        services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.manager, world.a, start, end)


def slot_at(services, world, room_id: int, day: date, hhmm: str) -> int:
    return next(s.id for s in services.booths.day(world.manager, world.a, day)
                if s.room_id == room_id and f"{s.starts_at:%H:%M}" == hhmm)


def book(services, world, setup, room_id, day, hhmm, youth, kind="ai_interview") -> int:
    return services.booths.book(world.front_desk, slot_at(services, world, room_id, day, hhmm), youth, kind)


def slot_count(services, world, room_id: int, monday: date, weeks: int) -> int:
    return sum(1 for w in range(weeks) for s in services.booth_slots.week(
        world.manager, world.a, monday + timedelta(days=7 * w)) if s.room_id == room_id)


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot, ctx, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.LeftButton)
    wait_worker(qtbot, ctx)


def cell(panel, row: int, col: int) -> str:
    return panel.model.index(row, col).data()


def checked_in(services, world, setup, clock, kind="ai_competency") -> int:
    """Kim's session on Monday 10:00 in booth 1, checked in at 10:05."""
    publish(services, world, setup)
    booking = book(services, world, setup, setup.b1, MON, "10:00", setup.kim, kind)
    clock.advance(days=3, minutes=5)
    services.booths.check_in(world.front_desk, booking)
    return booking


# -- PublishDialog ----------------------------------------------------------------------
def test_bad_template_shows_messages_next_to_fields_and_saves_nothing(world, services, setup, make_ctx, qtbot):
    ctx = make_ctx(world.manager)
    dialog = show(qtbot, PublishDialog(ctx))
    wait_worker(qtbot, ctx)  # the templates load on the read pool
    assert [dialog.booth.itemText(i) for i in range(dialog.booth.count())] == ["AI 면접 부스 1", "AI 면접 부스 2"]
    assert "템플릿이 없습니다" in dialog.template_state.text()
    dialog.buffer_minutes.clear()
    qtbot.keyClicks(dialog.buffer_minutes, "-5")
    dialog.day_end.clear()
    qtbot.keyClicks(dialog.day_end, "09:30")
    click(qtbot, ctx, dialog.save_template_button)
    assert dialog.form.error_text("buffer_minutes") == "회차 사이 여유 시간은 0분 이상이어야 합니다."
    assert dialog.form.error_text("day_end") == "종료 시각은 시작 시각보다 늦어야 합니다."
    assert dialog.day_end.property("invalid") is True
    assert services.booth_slots.templates(world.manager, world.a) == []

    # a slot longer than the day
    dialog.buffer_minutes.setText("10")
    dialog.day_end.setText("11:00")
    dialog.slot_minutes.setText("90")
    click(qtbot, ctx, dialog.save_template_button)
    assert dialog.form.error_text("slot_minutes") == "한 회차가 하루 운영시간보다 깁니다."
    assert dialog.form.error_text("day_end") == ""
    assert services.booth_slots.templates(world.manager, world.a) == []

    # text in a number field, no weekday
    dialog.slot_minutes.setText("abc")
    for box in dialog.day_boxes:
        box.setChecked(False)
    click(qtbot, ctx, dialog.save_template_button)
    assert dialog.form.error_text("slot_minutes") == "숫자(정수)를 입력하세요."
    assert dialog.form.error_text("weekdays") == "운영 요일을 하나 이상 고르세요."
    assert services.booth_slots.templates(world.manager, world.a) == []

    # generating without any template says so and makes nothing
    click(qtbot, ctx, dialog.generate_button)
    assert "템플릿을 먼저" in dialog.gen_form.error_text("target")
    assert slot_count(services, world, setup.b1, MON, 4) == 0

    # a bad weekly limit
    dialog.limit.clear()
    qtbot.keyClicks(dialog.limit, "0")
    click(qtbot, ctx, dialog.save_limit_button)
    assert dialog.limit_form.error_text("weekly_limit") == "주당 예약 한도는 1~14회입니다."
    assert services.booths.weekly_limit(world.manager, world.a) == 1


def test_valid_template_and_range_generate_slots_and_report_the_holiday(world, services, setup, make_ctx, qtbot):
    ctx = make_ctx(world.manager)
    dialog = show(qtbot, PublishDialog(ctx))
    wait_worker(qtbot, ctx)
    assert [b.isChecked() for b in dialog.day_boxes] == [True] * 5 + [False] * 2
    assert (dialog.day_start.text(), dialog.day_end.text()) == ("10:00", "17:00")
    assert "하루 7회차" in dialog.preview.text()
    click(qtbot, ctx, dialog.save_template_button)
    (row,) = services.booth_slots.templates(world.manager, world.a)
    assert (row.room_id, row.weekdays, row.day_start, row.day_end, row.slot_minutes, row.buffer_minutes) == (
        setup.b1, (0, 1, 2, 3, 4), "10:00", "17:00", 50, 10)
    assert "템플릿을 저장했습니다" in dialog.template_state.text()

    # next Monday to four weeks on, which holds Christmas (Friday 2026-12-25)
    assert dialog.date_from.date().toPython() == MON
    assert dialog.date_to.date().toPython() == date(2026, 12, 27)
    dialog.limit.setText("2")
    click(qtbot, ctx, dialog.save_limit_button)
    assert services.booths.weekly_limit(world.manager, world.a) == 2
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, ctx, dialog.generate_button)
    report = saved.args[0]
    assert report.added == 19 * 7  # 20 weekdays, one of them a public holiday
    assert slot_count(services, world, setup.b1, MON, 4) == 19 * 7
    assert slot_count(services, world, setup.b2, MON, 4) == 0  # booth 2 has no template
    assert report.summary in dialog.summary.text()
    assert "휴관일 1일 건너뜀" in dialog.summary.text()
    skipped = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
    assert len(skipped) == 1 and skipped[0].startswith("12/25") and "기독탄신일" in skipped[0]
    assert dialog.skipped.isVisible() and not dialog.unchanged.isVisible()
    assert not any(s.starts_at.date() == date(2026, 12, 25)
                   for s in services.booth_slots.week(world.manager, world.a, date(2026, 12, 21)))


def test_regenerating_keeps_a_booked_slot_and_reports_it(world, services, setup, make_ctx, qtbot):
    publish(services, world, setup)
    booking = book(services, world, setup, setup.b1, TUE, "10:00", setup.kim)
    ctx = make_ctx(world.manager)
    dialog = show(qtbot, PublishDialog(ctx))
    wait_worker(qtbot, ctx)
    assert "저장된 템플릿: 월–금 10:00–17:00 · 50분 + 여유 10분" in dialog.template_state.text()
    dialog.slot_minutes.setText("60")
    dialog.buffer_minutes.setText("0")
    click(qtbot, ctx, dialog.save_template_button)
    dialog.target.setCurrentIndex(dialog.target.findData(setup.b1))
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, ctx, dialog.generate_button)
    report = saved.args[0]
    unchanged = [dialog.unchanged.item(i).text() for i in range(dialog.unchanged.count())]
    assert unchanged == ["AI 면접 부스 1 12/01 10:00"] == list(report.unchanged)
    assert "예약이 있어 바꾸지 못함 1개" in dialog.summary.text()
    kept = services.booths.get(world.manager, booking)
    assert kept.status == BookingStatus.BOOKED and kept.time_text == "10:00–10:50"
    tuesday = [s for s in services.booths.day(world.manager, world.a, TUE) if s.room_id == setup.b1]
    assert tuesday[0].time_text == "10:00–10:50" and tuesday[0].booking_id == booking
    assert [s.time_text for s in tuesday[1:3]] == ["11:00–12:00", "12:00–13:00"]


def test_others_see_the_publish_dialog_read_only(world, services, setup, make_ctx, qtbot):
    ctx = make_ctx(world.front_desk)
    dialog = show(qtbot, PublishDialog(ctx))
    wait_worker(qtbot, ctx)
    assert not dialog.generate_button.isVisible() and not dialog.save_template_button.isVisible()
    assert not dialog.day_start.isEnabled() and not dialog.limit.isEnabled()
    # it does not tell them to press the button they do not have
    assert "회차 만들기’를 누르세요" not in dialog.summary.text() and "시설 관리자" in dialog.summary.text()


# -- RemindersPanel ---------------------------------------------------------------------
def test_reminders_list_tomorrow_masked_and_the_tick_is_saved(world, services, setup, clock, make_ctx, qtbot):
    publish(services, world, setup)
    kim = book(services, world, setup, setup.b1, TUE, "10:00", setup.kim)
    lee = book(services, world, setup, setup.b2, TUE, "11:00", setup.lee, "ai_competency")
    clock.advance(days=3)  # Monday: tomorrow is Tuesday
    ctx = make_ctx(world.front_desk)
    panel = show(qtbot, RemindersPanel(ctx))
    assert panel.day() == TUE
    panel.refresh()
    wait_worker(qtbot, ctx)
    assert panel.model.rowCount() == 2 and panel.stack.currentWidget() is panel.table
    assert [cell(panel, 0, c) for c in (0, 1, 2, 3, 5)] == [
        "10:00", "AI 면접 부스 1", "김*수", "010-****-5678", "AI 면접체험"]
    assert [cell(panel, 1, c) for c in (0, 1, 2, 3, 5)] == [
        "11:00", "AI 면접 부스 2", "이*희", "010-****-3333", "AI 역량검사"]
    assert "번호 보기" in panel.note.text() and "열람이 기록됩니다" in panel.note.text()
    assert "볼 때마다 열람 기록이 남습니다" in panel.note.toolTip()
    assert services.audit.list(world.admin, AuditFilter(action="read", entity="youth")) == []
    assert panel.caption.text() == "알림 목록 · 2명 중 0명 완료"

    box = panel.boxes[kim]
    assert box.isEnabled() and not box.isChecked()
    qtbot.mouseClick(box, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert box.isChecked() and box.isEnabled()
    assert services.booths.get(world.front_desk, kim).reminded
    assert not services.booths.get(world.front_desk, lee).reminded
    assert panel.caption.text() == "알림 목록 · 2명 중 1명 완료"
    updates = services.audit.list(world.admin, AuditFilter(action="update", entity="booth_booking"))
    assert any(u.entity_id == str(kim) and u.username == "frontdesk" and "reminded_at" in (u.new_values or {})
               for u in updates)

    qtbot.mouseClick(box, Qt.LeftButton)  # untick
    wait_worker(qtbot, ctx)
    assert not services.booths.get(world.front_desk, kim).reminded


def test_reminders_empty_day_shows_a_hint_and_counselor_cannot_tick(world, services, setup, clock,
                                                                    make_ctx, qtbot):
    publish(services, world, setup)
    booking = book(services, world, setup, setup.b1, TUE, "10:00", setup.kim)
    ctx = make_ctx(world.counselor)
    panel = show(qtbot, RemindersPanel(ctx))
    panel.refresh()  # tomorrow is Saturday
    wait_worker(qtbot, ctx)
    assert panel.day() == date(2026, 11, 28)
    assert panel.stack.currentWidget() is panel.empty
    assert "2026-11-28 (토)에 예약한 청년이 없습니다" in panel.empty.text()
    panel.set_day(TUE)  # the day picker loads the other day
    wait_worker(qtbot, ctx)
    assert panel.model.rowCount() == 1 and cell(panel, 0, 2) == "김*수"
    assert not panel.boxes[booking].isEnabled()


# -- results and consultation -----------------------------------------------------------
def test_result_dialog_saves_grade_and_strengths(world, services, setup, clock, make_ctx, qtbot):
    booking = checked_in(services, world, setup, clock)
    ctx = make_ctx(world.front_desk)
    dialog = show(qtbot, ResultDialog(ctx, services.booths.get(world.front_desk, booking)))
    assert dialog.session.text() == "김*수 · 2026-11-30 (월) 10:00–10:50 · AI 면접 부스 1 · AI 역량검사"
    qtbot.mouseClick(dialog.received, Qt.LeftButton)
    assert dialog.received.isChecked()
    qtbot.keyClicks(dialog.grade, "A" * 21)
    click(qtbot, ctx, dialog.save_button)
    assert dialog.form.error_text("grade") == "등급은 20자 이하로 입력하세요."
    assert dialog.isVisible()
    row = services.booths.get(world.front_desk, booking)
    assert not row.result_received and row.result_grade is None

    dialog.grade.clear()
    qtbot.keyClicks(dialog.grade, "A")
    dialog.strengths.setPlainText("논리적인 답변 구성")
    dialog.improve.setPlainText("시선 처리")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, ctx, dialog.save_button)
    assert not dialog.isVisible()
    row = services.booths.get(world.front_desk, booking)
    assert (row.result_received, row.result_grade, row.result_strengths, row.result_improve) == (
        True, "A", "논리적인 답변 구성", "시선 처리")
    again = show(qtbot, ResultDialog(ctx, row))  # opens with what was saved
    assert again.received.isChecked() and again.grade.text() == "A"


def test_result_for_a_session_not_checked_in_is_refused(world, services, setup, make_ctx, qtbot):
    publish(services, world, setup)
    booking = book(services, world, setup, setup.b1, MON, "10:00", setup.kim)
    ctx = make_ctx(world.front_desk)
    dialog = show(qtbot, ResultDialog(ctx, services.booths.get(world.front_desk, booking)))
    dialog.grade.setText("B")
    click(qtbot, ctx, dialog.save_button)
    assert dialog.form.error_text("__all__") == "입실한 예약에만 결과를 기록할 수 있습니다."
    assert services.booths.get(world.front_desk, booking).result_grade is None


def test_a_consult_request_is_made_once_and_waits_in_the_counseling_queue(world, services, setup, clock,
                                                                     make_ctx, qtbot):
    booking = checked_in(services, world, setup, clock)
    desk = make_ctx(world.front_desk)
    dialog = show(qtbot, ConsultRequestDialog(desk, services.booths.get(world.front_desk, booking)))
    qtbot.keyClicks(dialog.note, "call after 3pm")
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, desk, dialog.save_button)
    request_id = saved.args[0]
    assert not dialog.isVisible()
    assert services.booths.get(world.front_desk, booking).consult_requested

    # asking twice is refused with a message
    second = show(qtbot, ConsultRequestDialog(desk, services.booths.get(world.front_desk, booking)))
    click(qtbot, desk, second.save_button)
    assert second.form.error_text("__all__") == "이미 분석 컨설팅을 요청한 예약입니다."
    assert len(services.booths.consult_queue(world.front_desk, world.a)) == 1

    # it waits in the counseling queue (the 상담 page's 오늘 tab: tests/gui/counseling/test_today.py)
    [row] = services.booths.consult_queue(world.counselor, world.a)
    assert row.id == request_id and row.youth_masked == "김*수" and row.note == "call after 3pm"


# -- day sheet --------------------------------------------------------------------------
def pdf_text(path) -> str | None:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_print_day_sheet_writes_a_masked_pdf_and_records_the_output(world, services, setup, make_ctx,
                                                                    qtbot, tmp_path):
    publish(services, world, setup)
    book(services, world, setup, setup.b1, TUE, "10:00", setup.kim)
    book(services, world, setup, setup.b1, TUE, "11:00", setup.lee, "ai_competency")
    ctx = make_ctx(world.front_desk)
    done, failed = [], []
    path = tmp_path / "sheet.pdf"
    print_day_sheet(ctx, setup.b1, TUE, str(path), done.append, failed.append)
    wait_worker(qtbot, ctx)
    assert failed == [] and done == [str(path)]
    assert path.read_bytes().startswith(b"%PDF")
    outputs = services.audit.list(world.admin, AuditFilter(action="output"))
    assert any("AI 면접 일일 명단 출력 AI 면접 부스 1 2026-12-01 (2명)" == o.detail and o.username == "frontdesk"
               for o in outputs)
    text = pdf_text(path)
    if text is None:
        pytest.skip("neither pdftotext nor pypdf is available to read the PDF")
    assert "AI 면접 부스 1" in text and "2026-12-01" in text and "안내데스크" in text
    assert "010-****-5678" in text and "010-****-3333" in text
    assert "010-1111-5678" not in text and "01011115678" not in text and "2222-3333" not in text
    lines = [line for line in text.splitlines() if "10:00" in line or "11:00" in line]
    assert any("김민수" in line and "AI 면접체험" in line for line in lines)
    assert any("이영희" in line and "AI 역량검사" in line for line in lines)


def test_print_day_sheet_of_another_facility_booth_reports_the_error(world, services, setup, make_ctx,
                                                                     qtbot, tmp_path):
    other = services.facilities.add_room(world.admin, world.b, {"name": "B 부스", "kind": "ai_booth",
                                                                "capacity": 1})
    ctx = make_ctx(world.front_desk)
    done, failed = [], []
    print_day_sheet(ctx, other, TUE, str(tmp_path / "x.pdf"), done.append, failed.append)
    wait_worker(qtbot, ctx)
    assert done == [] and [e.message for e in failed] == ["부스를 찾을 수 없습니다."]
    assert not (tmp_path / "x.pdf").exists()
