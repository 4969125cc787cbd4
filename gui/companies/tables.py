"""The 기업 page's lists: columns declared once, rows are the service's DTOs. Contact
persons appear masked (``ContactRow``); a stale referral and an overdue retention check
are red."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from gui.common.table_model import Column, RowTableModel
from gui.companies.opening_dialog import wage_text
from models.companies.enums import OpeningStatus

CENTER = Qt.AlignCenter
RIGHT = Qt.AlignRight | Qt.AlignVCenter
RED = QColor("#c62828")


def first_contact(c) -> str:
    if not c.contacts:
        return "—"
    k = c.contacts[0]
    more = f" 외 {len(c.contacts) - 1}명" if len(c.contacts) > 1 else ""
    return f"{k.name_masked} {k.phone_masked}".strip() + more


def deadline_text(o) -> str:
    return f"{o.deadline:%Y-%m-%d}" if o.deadline else "상시"


def status_text(o) -> str:
    if o.status is OpeningStatus.OPEN and not o.accepts_referrals:
        return "마감일 지남"
    return o.status.label


class Rows(RowTableModel):
    """A list whose rows can be found again (``index_where``) and marked red (``red``)."""

    def __init__(self, columns, parent=None, red=None, red_columns=None):
        super().__init__(columns, parent)
        self.red = red
        self.red_columns = red_columns

    def index_where(self, test) -> int:
        return next((i for i, r in enumerate(self.rows) if test(r)), -1)

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and self.red and index.isValid() and index.row() < len(self.rows):
            if (self.red_columns is None or index.column() in self.red_columns) and self.red(self.rows[index.row()]):
                return QBrush(RED)
        return super().data(index, role)


COMPANY_COLUMNS = [
    Column("기업명", lambda c: c.name),
    Column("사업자등록번호", lambda c: c.biz_no, CENTER),
    Column("업종", lambda c: c.industry.label if c.industry else ""),
    Column("자치구", lambda c: c.district, CENTER),
    Column("담당 상담사", lambda c: c.owner_name or "없음"),
    Column("모집중", lambda c: f"{c.open_openings}건" if c.open_openings else "", RIGHT),
    Column("담당자", first_contact),
]
COMPANY_WIDTHS = [140, 105, 100, 65, 85, 55, 120]

CONTACT_COLUMNS = [
    Column("이름", lambda k: k.name_masked),
    Column("직책", lambda k: k.role),
    Column("전화번호", lambda k: k.phone_masked, CENTER),
    Column("이메일", lambda k: k.email_masked),
]
CONTACT_WIDTHS = [80, 90, 120, 150]

COMPANY_OPENING_COLUMNS = [
    Column("공고", lambda o: o.title),
    Column("상태", status_text, CENTER, muted=lambda o: not o.accepts_referrals),
    Column("마감일", deadline_text, CENTER),
    Column("추천·입사", lambda o: f"{o.referrals} · {o.hired}", CENTER),
]
COMPANY_OPENING_WIDTHS = [170, 80, 95, 70]

OPENING_COLUMNS = [
    Column("기업", lambda o: o.company_name),
    Column("공고", lambda o: o.title),
    Column("직무", lambda o: o.job_field),
    Column("고용 형태", lambda o: o.employment_type.label, CENTER),
    Column("연봉", lambda o: wage_text(o.wage) or "협의", RIGHT),
    Column("인원", lambda o: f"{o.headcount}명", RIGHT),
    Column("마감일", deadline_text, CENTER),
    Column("상태", status_text, CENTER, muted=lambda o: not o.accepts_referrals),
    Column("추천", lambda o: f"{o.referrals}명", RIGHT),
    Column("입사", lambda o: f"{o.hired}명", RIGHT),
]
OPENING_WIDTHS = [150, 170, 100, 75, 110, 55, 95, 85, 55, 55]


def stale_text(r) -> str:
    return f"정체 {r.days_since_move}일" if r.stale else ""


REFERRAL_COLUMNS = [
    Column("기업", lambda r: r.company_name),
    Column("공고", lambda r: r.opening_title),
    Column("단계", lambda r: r.stage.label, CENTER),
    Column("경로", lambda r: r.channel.label, CENTER),
    Column("추천일", lambda r: f"{r.referred_on:%Y-%m-%d}", CENTER),
    Column("마지막 변경", lambda r: f"{r.moved_on:%Y-%m-%d}", CENTER),
    Column("담당", lambda r: r.counselor_name),
    Column("정체", stale_text, CENTER),
]
REFERRAL_WIDTHS = [130, 150, 75, 75, 95, 95, 90, 75]


def retention_state(c, today) -> str:
    late = (today - c.due_on).days
    return f"{late}일 지남" if late > 0 else ("오늘" if late == 0 else f"{-late}일 남음")


def retention_columns(today):
    return [
        Column("청년", lambda c: c.youth_name),
        Column("기업", lambda c: c.company_name),
        Column("확인", lambda c: f"입사 {c.months}개월", CENTER),
        Column("예정일", lambda c: f"{c.due_on:%Y-%m-%d}", CENTER),
        Column("상태", lambda c: retention_state(c, today), CENTER),
    ]


RETENTION_WIDTHS = [110, 170, 100, 100, 90]

DAY_COLUMNS = [
    Column("날짜", lambda d: f"{d.held_on:%Y-%m-%d}", CENTER),
    Column("행사", lambda d: d.title),
    Column("기업", lambda d: f"{len({o.company_id for o in d.openings})}곳", RIGHT),
    Column("청년", lambda d: f"{len(d.youth_ids)}명", RIGHT),
    Column("면접", lambda d: f"{len(d.interviews)}건", RIGHT),
]
DAY_WIDTHS = [95, 170, 50, 50, 50]
