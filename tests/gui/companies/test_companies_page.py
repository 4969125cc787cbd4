"""The 기업 page (issue 13): register a company (a wrong 사업자등록번호 said at its field
first), open a job, refer a youth and move them to 입사 on the board, whose columns show
their counts; a refused move, a manager's override with a reason and a version conflict;
a contact's phone revealed with exactly one audit read. SQLite, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.companies.pipeline_dialogs import MoveDialog
from models.audit_log.service import AuditFilter
from models.companies import bizno
from models.companies.access import CONFLICT
from models.companies.enums import Stage
from tests.factories.companies import CONTACT_PHONE, make_matching, refer
from tests.factories.gui import choose, pick_youth_by_phone, type_text, wait_worker
from tests.factories.rooms import add_youth

BOARD = 2
COLUMNS = ["추천", "서류 전형", "면접", "합격", "입사", "불합격", "본인 포기", "기업 취소"]


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.LeftButton)


def test_register_a_company_open_a_job_refer_a_youth_and_hire_them_on_the_board(services, world, open_page, qtbot):
    youth = add_youth(services, world, 4)  # phone 010-3004-5004
    page = open_page(world.counselor)
    assert "이 시설에 등록된 구인기업이 없습니다" in page.registry.list.empty.text()
    click(qtbot, page.new_button)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    type_text(qtbot, dialog.name, "가나소프트")
    type_text(qtbot, dialog.biz_no, "124-81-00997")  # the check digit should be 8
    qtbot.keyClick(dialog.biz_no, Qt.Key_Tab)  # said as soon as the field is left
    assert dialog.form.error_text("biz_no") == bizno.INVALID
    click(qtbot, dialog.ok)  # and again by the service on saving
    wait_worker(qtbot, page.ctx)
    assert dialog.form.error_text("biz_no") == bizno.INVALID
    assert services.companies.companies(world.counselor, world.a) == []  # nothing written

    dialog.biz_no.clear()
    type_text(qtbot, dialog.biz_no, "1248100998")
    choose(dialog.found_via, "on_site")
    choose(dialog.district, text="중구")
    click(qtbot, dialog.ok)
    wait_worker(qtbot, page.ctx)
    (company,) = services.companies.companies(world.counselor, world.a)
    assert (company.name, company.biz_no, company.owner_id) == ("가나소프트", "124-81-00998", world.counselor.user_id)
    wait_worker(qtbot, page.ctx)
    assert page.registry.detail_title.text() == "가나소프트"
    assert page.registry.values["owner"].text() == world.counselor.display_name

    click(qtbot, page.registry.open_job_button)
    job = page.dialog
    qtbot.waitExposed(job)
    type_text(qtbot, job.title_edit, "QA 엔지니어")
    choose(job.employment_type, "contract")
    type_text(qtbot, job.wage, "3,100")
    click(qtbot, job.ok)
    wait_worker(qtbot, page.ctx)
    (opening,) = services.companies.openings(world.counselor, world.a)
    assert (opening.title, opening.wage, opening.employment_type.label) == ("QA 엔지니어", 31_000_000, "계약직")

    page.registry.openings.table.select_line(0)
    click(qtbot, page.registry.board_button)  # 매칭 보드 of the opening
    wait_worker(qtbot, page.ctx)
    board = page.board_tab
    assert page.tabs.currentIndex() == BOARD and board.opening_id() == opening.id
    assert board.headers() == [f"{c} 0" for c in COLUMNS]

    click(qtbot, board.refer_button)
    refer_dialog = page.dialog
    qtbot.waitExposed(refer_dialog)
    pick_youth_by_phone(qtbot, page, refer_dialog.picker, "30045004")
    choose(refer_dialog.channel, "online")
    click(qtbot, refer_dialog.ok)
    wait_worker(qtbot, page.ctx)
    assert board.counts()["추천"] == 1

    (card,) = board.columns[0].cards
    assert card.youth_id == youth
    for stage in ("서류 전형", "면접", "합격"):
        assert board.select(card.id)
        assert board.next_button.text() == f"다음 단계: {stage}"
        click(qtbot, board.next_button)
        wait_worker(qtbot, page.ctx)
        assert board.counts()[stage] == 1 and sum(board.counts().values()) == 1
    assert board.select(card.id)
    click(qtbot, board.next_button)  # 입사 asks its date
    move = page.dialog
    assert isinstance(move, MoveDialog) and move.chosen() is Stage.HIRED
    click(qtbot, move.ok)
    wait_worker(qtbot, page.ctx)
    assert board.headers() == ["추천 0", "서류 전형 0", "면접 0", "합격 0", "입사 1", "불합격 0", "본인 포기 0", "기업 취소 0"]
    hired = services.companies.get_referral(world.counselor, card.id)
    assert hired.stage is Stage.HIRED
    assert [c.months for c in services.companies.referral_retention(world.counselor, card.id)] == [1, 3, 6]
    assert [t.to_stage for t in services.companies.history(world.counselor, card.id)] == [
        Stage.REFERRED, Stage.SCREENING, Stage.INTERVIEW, Stage.PASSED, Stage.HIRED]

    page.tabs.setCurrentIndex(3)  # 청년별 매칭: the youth's referrals and their timeline
    pick_youth_by_phone(qtbot, page, page.youth_tab.picker, "30045004")
    wait_worker(qtbot, page.ctx)
    rows = page.youth_tab.table.model()
    assert [(rows.index(0, 0).data(), rows.index(0, 2).data(), rows.index(0, 3).data())] == [
        ("가나소프트", "입사", "온라인")]
    texts = page.youth_tab.timeline_texts()
    assert len(texts) == 5 and texts[0].endswith("가나소프트 · QA 엔지니어 · 입사")
    assert texts[-1].endswith("가나소프트 · QA 엔지니어 · 추천")


def test_a_duplicate_number_offers_the_existing_company(services, world, open_page, qtbot):
    mw = make_matching(services, world)
    existing = services.companies.get_company(world.counselor, mw.company)
    page = open_page(world.counselor)
    dialog = page.register_company()
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.name, "다른 이름")
    type_text(qtbot, dialog.biz_no, existing.biz_no)
    click(qtbot, dialog.ok)
    wait_worker(qtbot, page.ctx)
    assert "이미 등록된 사업자등록번호" in dialog.form.error_text("biz_no")
    assert existing.name in dialog.dup_label.text()
    click(qtbot, dialog.open_button)
    wait_worker(qtbot, page.ctx)
    assert len(services.companies.companies(world.counselor, world.a)) == 1
    assert page.registry.current_company.id == mw.company


def test_revealing_a_contact_phone_writes_exactly_one_audit_read(services, world, open_page, qtbot):
    mw = make_matching(services, world)
    reads = AuditFilter(action="read", entity="company_contact")
    page = open_page(world.counselor)
    wait_worker(qtbot, page.ctx)
    contacts = page.registry.contacts.table
    assert contacts.model().index(0, 0).data() == "한*당"
    assert contacts.model().index(0, 2).data() == "010-****-8888"  # masked in the list
    assert "8888" in page.registry.table.model().index(0, 6).data()  # and in the registry's
    assert services.audit.list(world.admin, reads) == []  # reading the lists recorded nothing
    contacts.select_line(0)
    click(qtbot, page.registry.reveal_button)
    wait_worker(qtbot, page.ctx)
    assert "010-7777-8888" in page.registry.revealed.text() and "한담당" in page.registry.revealed.text()
    (row,) = services.audit.list(world.admin, reads)
    assert (row.entity_id, row.username) == (str(mw.contact), world.counselor.username)
    assert CONTACT_PHONE not in repr(row) and "7777" not in repr(row)
    page.refresh()  # reloading masks it again
    wait_worker(qtbot, page.ctx)
    assert not page.registry.revealed.isVisibleTo(page) and page.registry.revealed.text() == ""


def test_a_refused_move_a_version_conflict_and_a_managers_override(services, world, open_page, qtbot):
    mw = make_matching(services, world)
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(BOARD)
    wait_worker(qtbot, page.ctx)
    board = page.board_tab
    assert board.select(rid)
    click(qtbot, board.move_button)
    move = page.dialog
    choose(move.stage, Stage.HIRED.value)
    assert "관리자 예외" in move.stage.currentText() and not move.reason.isVisibleTo(move)  # a counselor: no field
    click(qtbot, move.ok)
    wait_worker(qtbot, page.ctx)
    assert "'추천' 단계에서 '입사'(으)로 바로 옮길 수 없습니다" in move.form.error_text("to_stage")
    assert services.companies.get_referral(world.counselor, rid).stage is Stage.REFERRED
    move.reject()

    # another desk moves it meanwhile; this board still shows 추천
    services.companies.move(mw.counselor2, rid, Stage.SCREENING, 1)
    assert board.select(rid)
    click(qtbot, board.next_button)  # 다음 단계: 서류 전형, on a version that is gone
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and page.banner.text() == CONFLICT
    assert len(services.companies.history(world.counselor, rid)) == 2  # nothing more written
    wait_worker(qtbot, page.ctx)
    assert board.counts()["서류 전형"] == 1 and board.counts()["추천"] == 0  # what the other desk did

    manager_page = open_page(world.manager)
    manager_page.tabs.setCurrentIndex(BOARD)
    wait_worker(qtbot, manager_page.ctx)
    assert manager_page.board_tab.select(rid)
    dialog = manager_page.move_dialog(manager_page.board_tab.current, Stage.PASSED)
    assert dialog.reason.isVisibleTo(dialog)
    click(qtbot, dialog.ok)  # no reason yet
    wait_worker(qtbot, manager_page.ctx)
    assert "바로 옮길 수 없습니다" in dialog.form.error_text("to_stage")
    type_text(qtbot, dialog.reason, "interview waived")
    click(qtbot, dialog.ok)
    wait_worker(qtbot, manager_page.ctx)
    last = services.companies.history(world.manager, rid)[-1]
    assert (last.from_stage, last.to_stage, last.override_reason) == (Stage.SCREENING, Stage.PASSED, "interview waived")
    assert manager_page.board_tab.counts()["합격"] == 1


def test_a_matching_day_books_20_minute_slots_refuses_a_taken_one_and_feeds_the_pipeline(services, world, open_page,
                                                                                         qtbot):
    from models.companies.enums import Channel
    from models.companies.matchdays import YOUTH_TAKEN
    from tests.factories.companies import company_data, opening_data
    from tests.factories.rooms import TODAY
    mw = make_matching(services, world)
    cs = services.companies
    other = cs.create_company(world.counselor, world.a, company_data(2, name="다라물산"))
    o2 = cs.open_job(world.counselor, other, opening_data(title="영업 관리"))
    did = cs.create_matching_day(world.counselor, world.a, {"title": "12월 매칭데이", "held_on": TODAY,
                                                            "place": "시민청", "starts": "10:00", "ends": "10:40"})
    for opening in (mw.opening, o2):
        cs.add_day_opening(world.counselor, did, opening)
    for y in (mw.y1, mw.y2):
        cs.register_youth(world.counselor, did, y)
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(4)
    wait_worker(qtbot, page.ctx)
    tab = page.days_tab
    grid = tab.grid
    assert (grid.rowCount(), grid.columnCount()) == (2, 2)
    assert [grid.verticalHeaderItem(i).text() for i in range(2)] == ["10:00", "10:20"]
    assert {grid.horizontalHeaderItem(i).text() for i in range(2)} == {"테스트기업 1", "다라물산"}
    first = next(i for i in range(2) if grid.horizontalHeaderItem(i).text() == "테스트기업 1")
    second = 1 - first
    y1_name = services.youth.get(world.counselor, world.a, mw.y1).name

    tab._cell(0, first)  # a free cell: book it
    book = page.dialog
    choose(book.youth, mw.y1)
    click(qtbot, book.ok)
    wait_worker(qtbot, page.ctx)
    assert grid.item(0, first).text() == y1_name

    tab._cell(0, second)  # the same youth in the same 20 minutes at the other company
    again = page.dialog
    choose(again.youth, mw.y1)
    click(qtbot, again.ok)
    wait_worker(qtbot, page.ctx)
    assert again.form.error_text("slot_no") == YOUTH_TAKEN
    assert len(cs.matching_day(world.counselor, did).interviews) == 1
    again.reject()

    tab._cell(0, first)  # the booked cell: its result goes into the pipeline
    result = page.dialog
    result.buttons_by_stage[Stage.PASSED].setChecked(True)
    click(qtbot, result.ok)
    wait_worker(qtbot, page.ctx)
    (referral,) = cs.youth_referrals(world.counselor, world.a, mw.y1)
    assert (referral.channel, referral.stage, referral.opening_id) == (Channel.MATCHING_DAY, Stage.PASSED, mw.opening)
    assert grid.item(0, first).text() == f"{y1_name} ✓"


def test_the_page_is_for_counselors_managers_and_the_city_admin(world):
    from gui.shell.pages import page_specs
    shown = {who: "companies" in [s.key for s in page_specs(actor)]
             for who, actor in (("admin", world.admin), ("manager", world.manager), ("counselor", world.counselor),
                                ("front_desk", world.front_desk))}
    assert shown == {"admin": True, "manager": True, "counselor": True, "front_desk": False}


def test_a_retention_check_is_recorded_and_leaves_the_counselors_queue(services, world, open_page, qtbot):
    from datetime import date

    from models.companies.enums import RetentionOutcome
    from models.counseling.enums import FollowupStatus
    from tests.factories.companies import TO_HIRED, walk
    mw = make_matching(services, world)
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    walk(services, world.counselor, rid, TO_HIRED)
    queue = services.counseling.followups(world.counselor, world.a, until=date(2027, 6, 1))
    assert len(queue) == 3 and {f.youth_id for f in queue} == {mw.y1}  # 1, 3 and 6 months, in 상담's queue
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(5)
    wait_worker(qtbot, page.ctx)
    tab = page.retention_tab
    assert "오늘까지 할 고용유지 확인이 없습니다" in tab.list.empty.text()
    tab.ahead.setChecked(True)  # the 1-month check is due in 30 days
    wait_worker(qtbot, page.ctx)
    model = tab.table.model()
    assert [model.index(0, c).data() for c in (2, 4)] == ["입사 1개월", "30일 남음"]
    click(qtbot, tab.record_button)
    dialog = page.dialog
    dialog.left.setChecked(True)
    click(qtbot, dialog.ok)  # 퇴사 without its date
    wait_worker(qtbot, page.ctx)
    assert dialog.form.error_text("left_on") == "퇴사일을 입력하세요."
    dialog.employed.setChecked(True)
    click(qtbot, dialog.ok)
    wait_worker(qtbot, page.ctx)
    checks = services.companies.referral_retention(world.counselor, rid)
    assert [c.outcome for c in checks] == [RetentionOutcome.EMPLOYED, None, None]
    assert len(services.counseling.followups(world.counselor, world.a, until=date(2027, 6, 1))) == 2
    assert model.rowCount() == 0
    assert {f.status for f in services.counseling.followups(world.counselor, world.a, until=date(2027, 6, 1))} == {
        FollowupStatus.OPEN}  # the 3- and 6-month follow-ups still wait


def test_companies_are_imported_from_a_cp949_file_through_the_page(qtbot, open_page, services, world, tmp_path):
    """가져오기 on the 기업 page opens the shared importer for this facility's companies: a
    CP949 file of three companies is previewed, committed on the worker, and the list shows
    them."""
    headers = ["회사명", "사업자번호", "대표자명", "업종", "규모", "소재지", "자치구"]
    rows = [[f"가져온기업 {n}", bizno.formatted(bizno.make(f"{300000000 + n:09d}")), "박대표", "정보통신업",
             "스타트업", "서울시 마포구 월드컵로 1", "마포구"] for n in range(3)]
    path = tmp_path / "기업.csv"
    path.write_bytes(("\r\n".join(",".join(r) for r in [headers, *rows]) + "\r\n").encode("cp949"))
    page = open_page(world.counselor)
    assert page.import_button.isVisible()
    qtbot.mouseClick(page.import_button, Qt.LeftButton)
    dialog = page.dialog
    dialog.open_file(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    wait_worker(qtbot, page.ctx)
    assert "CP949" in dialog.file_label.text() and dialog.import_btn.isEnabled()
    qtbot.mouseClick(dialog.import_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    wait_worker(qtbot, page.ctx)
    names = {c.name for c in services.companies.companies(world.counselor, world.a, "가져온기업")}
    assert names == {f"가져온기업 {n}" for n in range(3)}
    assert open_page(world.front_desk).import_button.isHidden()
