"""The youth's own 열람 PDF (본인 열람 자료, A4): everything held about one youth, from
``models.outputs.youth_access.gather``.

From top to bottom: the title with the youth's name, who printed it when and the purpose;
the registry record; for facility staff a framed line naming the other facilities that
hold records about the youth (names and counts, no contents); then per facility (one for
facility staff, a headed section each for the city admin): the room bookings; the
AI-interview booth sessions; the counseling record (case, each session with its summary
and next step, a confidential note in a framed box only when the record carries it, a line
for the notes withheld); referrals and their stages; courses; then the access log (who
viewed or printed the youth's data, when, what).
Every page carries the band 개인정보 포함 at the top and the shredding line in the footer.
Korean text wraps by syllable (``wordWrap="CJK"``) in the fonts of ``reports.fonts``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from models.core.masking import format_phone
from reports.files import check_target, write_atomically
from reports.fonts import korean_fonts
from reports.sheet_pdf import MARGIN, WIDTH, personal_page, signed

FORMATS = (".pdf",)
BAND = "개인정보 포함 · 본인 열람 자료"
GREY = colors.HexColor("#5f6b7a")
LINE = colors.HexColor("#c9d1dd")
PALE = colors.HexColor("#eef2f7")


CITY_WIDE = "전체 시설(시 관리자)"
OTHERS_ASK = "시 관리자에게 전체 열람을 요청하세요."


@dataclass(frozen=True)
class FacilitySection:
    """What one facility holds about the youth, as the printing role may read it."""

    facility_name: str
    bookings: tuple = field(default=(), repr=False)
    booths: tuple = field(default=(), repr=False)
    counseling: object | None = field(default=None, repr=False)  # CounselingRecord, or None: not the role's
    referrals: tuple = field(default=(), repr=False)
    courses: tuple = field(default=(), repr=False)


@dataclass(frozen=True)
class YouthAccessSheet:
    facility_name: str  # the printing facility, or CITY_WIDE
    youth: object = field(repr=False)  # YouthRow
    contact: object | None = field(repr=False)  # YouthContact, or None: shown masked
    sections: tuple = ()  # FacilitySection, one per facility printed
    others: tuple = ()  # (facility name, "공간 예약 2건, 상담 1건") of the facilities not printed
    access_log: tuple = field(default=(), repr=False)
    purpose: str = ""
    city_wide: bool = False


def _t(text) -> str:
    return html.escape(str(text or "")).replace("\n", "<br/>")


class _Styles:
    def __init__(self):
        regular, bold = korean_fonts()
        self.regular = regular
        base = dict(fontName=regular, fontSize=9.5, leading=13, wordWrap="CJK")
        self.title = ParagraphStyle("title", **{**base, "fontName": bold, "fontSize": 15, "leading": 20})
        self.meta = ParagraphStyle("meta", **base, textColor=GREY)
        self.h2 = ParagraphStyle("h2", **{**base, "fontName": bold, "fontSize": 11.5, "leading": 16},
                                 spaceBefore=8, spaceAfter=3)
        self.head = ParagraphStyle("head", **{**base, "fontName": bold})
        self.cell = ParagraphStyle("cell", **base)
        self.h1 = ParagraphStyle("h1", **{**base, "fontName": bold, "fontSize": 13, "leading": 18},
                                 spaceBefore=10, spaceAfter=2, textColor=colors.HexColor("#1f3a5f"))
        self.box = ParagraphStyle("box", **base, borderColor=LINE, borderWidth=0.7, borderPadding=5,
                                  backColor=PALE, spaceBefore=8, spaceAfter=6)


def _table(rows, fractions, st: _Styles, header: bool = True) -> Table:
    widths = [WIDTH * f for f in fractions]
    data = [[Paragraph(_t(c), st.head if (header and i == 0) or (not header and j == 0) else st.cell)
             for j, c in enumerate(row)] for i, row in enumerate(rows)]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.5, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
             ("BACKGROUND", (0, 0), (-1, 0) if header else (0, -1), PALE)]
    table.setStyle(TableStyle(style))
    return table


def _section(title: str, rows, fractions, st: _Styles, empty: str) -> list:
    out = [Paragraph(_t(title), st.h2)]
    if len(rows) <= 1:
        return out + [Paragraph(_t(empty), st.meta)]
    return out + [_table(rows, fractions, st)]


def _when(dt: datetime) -> str:
    return f"{dt:%Y-%m-%d %H:%M}"


def _record(sheet: YouthAccessSheet, st: _Styles) -> list:
    y, c = sheet.youth, sheet.contact
    rows = [("이름", y.name), ("생년월일", f"{y.birth_date:%Y-%m-%d}"),
            ("휴대전화", format_phone(c.phone) if c else f"{y.phone_masked} (가림)"),
            ("이메일", (c.email or "—") if c else (y.email_masked or "—")),
            ("거주 자치구", y.district), ("알게 된 경로", y.channel.label),
            ("개인정보 동의일", f"{y.consent_on:%Y-%m-%d}"),
            ("보유 기간", f"{y.retention_years}년 ({y.retention_until:%Y-%m-%d}까지)"),
            ("처음 등록한 시설", y.registered_facility or "—")]
    return [Paragraph("청년 명부 기록", st.h2), _table(rows, (0.25, 0.75), st, header=False)]


def _counseling(sheet: FacilitySection, st: _Styles) -> list:
    rec = sheet.counseling
    out = [Paragraph("상담 기록", st.h2)]
    if rec is None:
        return out + [Paragraph("상담 기록은 이 시설의 상담사와 시설 관리자만 출력합니다. 이 출력물에는 싣지 않았습니다.", st.meta)]
    if rec.stage_label:
        out.append(Paragraph(_t(f"사례 단계: {rec.stage_label} · 담당 상담사: {rec.counselor_name or '—'}"
                                + (f" · 결과: {rec.outcome_label}" if rec.outcome_label else "")), st.cell))
    if not rec.sessions:
        return out + [Paragraph("이 시설에서 기록한 상담이 없습니다.", st.meta)]
    for x in rec.sessions:
        r = x.row
        head = f"{_when(r.held_at)} · {r.kind.label} · {r.counselor_name}" + (" · [무효]" if r.voided_at else "")
        rows = [("상담", head), ("요약", r.summary or "—"), ("다음 단계", r.next_step or "—")]
        if x.note is not None:
            rows.append(("비공개 메모", x.note))
        elif x.note_withheld:
            rows.append(("비공개 메모", "볼 권한이 없어 싣지 않았습니다."))
        out.append(KeepTogether([_table(rows, (0.18, 0.82), st, header=False), Spacer(1, 2 * mm)]))
    return out


def _timeline(title: str, items, st: _Styles, empty: str) -> list:
    rows = [("일시", "내용")] + [(_when(i.at), ("[무효] " if i.voided else "") + i.title) for i in items]
    return _section(title, rows, (0.22, 0.78), st, empty)


def _facility(part: FacilitySection, st: _Styles) -> list:
    out = _section("공간 예약", [("일시", "공간", "목적", "상태")] + [
        (f"{b.starts_at:%Y-%m-%d %H:%M}–{b.ends_at:%H:%M}", b.room_name, b.purpose_label, b.status_label)
        for b in part.bookings], (0.32, 0.28, 0.2, 0.2), st, "이 시설의 공간 예약이 없습니다.")
    out += _section("AI 면접 부스 이용", [("일시", "부스", "체험 종류", "상태")] + [
        (_when(b.starts_at), b.room_name, b.session_type.label, b.status.label) for b in part.booths],
        (0.32, 0.28, 0.2, 0.2), st, "이 시설의 AI 면접 부스 이용이 없습니다.")
    out += _counseling(part, st)
    out += _timeline("채용 연계 (추천과 단계)", part.referrals, st, "채용 연계 기록이 없습니다.")
    out += _timeline("교육 과정", part.courses, st, "교육 과정 기록이 없습니다.")
    return out


def build_youth_access(path: str | Path, sheet: YouthAccessSheet, *, printed_by: str,
                       printed_at: datetime) -> Path:
    path = check_target(path, FORMATS)
    title = f"본인 열람 자료 — {sheet.youth.name}"

    def build(temp: Path) -> None:
        st = _Styles()
        doc = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                topMargin=MARGIN + 5 * mm, bottomMargin=MARGIN + 6 * mm, title=title,
                                author="청년일자리 데스크")
        story = [Paragraph(_t(title), st.title), Spacer(1, 2 * mm),
                 Paragraph(_t(f"{signed(sheet.facility_name, printed_by, printed_at)} · 출력 목적: {sheet.purpose}"),
                           st.meta)]
        story += _record(sheet, st)
        if sheet.others:
            listed = "; ".join(f"{name}({counts})" for name, counts in sheet.others)
            story.append(Paragraph(_t(f"다른 시설에도 이 청년의 기록이 있습니다(내용은 싣지 않았습니다): {listed}. "
                                      f"{OTHERS_ASK}"), st.box))
        headed = sheet.city_wide or len(sheet.sections) > 1
        if sheet.city_wide:
            names = ", ".join(p.facility_name for p in sheet.sections)
            story += [Spacer(1, 3 * mm),
                      Paragraph(_t(f"기록이 있는 시설 {len(sheet.sections)}곳을 모두 실었습니다: {names}."), st.meta)]
        for part in sheet.sections:
            if headed:
                story.append(Paragraph(_t(f"시설: {part.facility_name}"), st.h1))
            story += _facility(part, st)
        story += _section("개인정보 열람·출력 기록 (누가, 언제, 무엇을; 이 출력 전까지)", [("일시", "직원", "구분", "내용")] + [
            (_when(e.at), e.display_name or e.username or "(시스템)", e.action_label, e.what)
            for e in sheet.access_log], (0.2, 0.18, 0.1, 0.52), st, "열람·출력 기록이 없습니다.")
        footer_text = f"{title} · {sheet.facility_name}"

        page = personal_page(BAND, footer_text, printed_at, printed_by, st.regular)
        doc.build(story, onFirstPage=page, onLaterPages=page)

    return write_atomically(path, build)
