"""The youth record's timeline (counseling and group sessions, booth sessions, room
no-shows, newest first) and 상담 기록 from the record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.factories.counseling import NOTE
from tests.factories.gui import type_text, wait_worker


def youth_page(make_window, qtbot, actor, youth_id):
    window = make_window(actor)
    page = window.show_page("youth")
    wait_worker(qtbot, window.ctx)
    assert page.select_id(youth_id)
    wait_worker(qtbot, window.ctx)
    return window, page


def test_the_record_shows_one_timeline_and_logs_a_session(world, services, day, make_window, qtbot):
    window, page = youth_page(make_window, qtbot, world.counselor, day.park)
    history = page.history
    assert history.timeline_box.isVisible()
    assert history.timeline_texts() == ["2026-11-30 10:00 · AI 면접 부스 · AI 역량검사 · 입실"]
    assert page.counsel_btn.isVisible() and page.counsel_btn.isEnabled()
    qtbot.mouseClick(page.counsel_btn, Qt.LeftButton)
    dialog = page.counsel_dialog
    qtbot.waitExposed(dialog)
    assert dialog.youth_id == day.park and dialog.youth_label.text() == "박지호"
    type_text(qtbot, dialog.summary, "부스 결과 함께 보기")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, window.ctx)
    wait_worker(qtbot, window.ctx)
    texts = history.timeline_texts()
    assert len(texts) == 2 and texts[0].startswith("2026-11-30 10:05 · 상담 · 심화상담 · 비대면(전화) · 30분")
    assert texts[1].startswith("2026-11-30 10:00 · AI 면접 부스")
    assert services.counseling.youth_sessions(world.counselor, world.a, day.park)[0].summary == "부스 결과 함께 보기"


def test_a_voided_session_is_marked_and_no_note_is_shown(world, services, day, make_window, qtbot):
    row = services.counseling.get_session(world.counselor, day.s_hong)
    services.counseling.void_session(world.counselor, day.s_hong, "잘못 입력", row.version)
    window, page = youth_page(make_window, qtbot, world.counselor, day.hong)
    (text,) = page.history.timeline_texts()
    assert text.startswith("2026-11-27 10:00 · [무효] 상담 · 심화상담")
    assert NOTE not in text


def test_the_front_desk_sees_no_timeline_and_no_button(world, services, day, make_window, qtbot):
    window, page = youth_page(make_window, qtbot, world.front_desk, day.hong)
    assert not page.history.timeline_box.isVisible() and page.history.timeline_texts() == []
    assert not page.counsel_btn.isVisible()


def test_a_referral_and_its_stages_join_the_record_at_a_matching_facility(world, services, day, make_window,
                                                                        qtbot):
    from tests.factories.companies import company_data, opening_data, walk
    cs = services.companies
    company = cs.create_company(world.counselor, world.a, company_data())
    opening = cs.open_job(world.counselor, company, opening_data(title="데이터 분석가"))
    referral = cs.refer(world.counselor, world.a, {"opening_id": opening, "youth_id": day.park,
                                                    "channel": "online"})
    walk(services, world.counselor, referral, ["screening"])
    window, page = youth_page(make_window, qtbot, world.counselor, day.park)
    texts = page.history.timeline_texts()
    matching = [t for t in texts if " · 매칭 · " in t]
    assert len(matching) == 2 and all("데이터 분석가" in t for t in matching)
    assert "서류" in matching[0]  # newest first: the move to 서류 전형 above the referral
    assert any("AI 면접 부스" in t for t in texts)


def test_the_record_shows_the_youths_activity_plan(world, services, day, make_window, qtbot):
    from datetime import date
    plan = services.counseling.save_plan(world.counselor, world.a, day.park,
                                         {"goal": "백엔드 개발 직무", "target_on": date(2027, 6, 30)})
    services.counseling.add_step(world.counselor, plan, {"title": "포트폴리오 완성"})
    window, page = youth_page(make_window, qtbot, world.counselor, day.park)
    assert page.history.plan_label.text() == "취업활동계획: 백엔드 개발 직무 · 목표일 2027-06-30 · 0/1단계 완료"
    window, page = youth_page(make_window, qtbot, world.counselor, day.hong)
    assert page.history.plan_label.text() == "취업활동계획 없음"
