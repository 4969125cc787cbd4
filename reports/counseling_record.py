"""The printable counseling record of one youth at a facility (상담 기록, PDF, A4).

From top to bottom: the title with the youth's name, a line with the facility, who printed
it when and the purpose (출력 목적); the case (stage, counselor, since when, outcome), the
employment activity plan (취업활동계획: goal, target date, steps with their due dates and
whether done); every session in date order — date and time, type, mode, minutes, the
counselor, topics, the summary, the next step and the addenda under the original, and the
confidential note in a framed box only when the record carries it; a voided session is
marked 무효 with its reason. Then the group sessions attended and the open follow-ups.

Every page says that it holds personal data: a band at the top (개인정보 포함) and the
footer (the record, its page, the shredding line). The rows come from
``CounselingService.print_record`` (``models.counseling.exports``), which decides what
the role may see; the use case ``models.outputs.counseling.print_counseling_record``
joins the two and the audit record. The PDF is written atomically; a file that cannot be
written raises ``OutputError``.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.files import check_target, write_atomically
from reports.fonts import korean_fonts
from reports.sheet_pdf import MARGIN, PERSONAL_DATA, WIDTH, personal_page, signed

if TYPE_CHECKING:
    from models.counseling.exports import CounselingRecord, RecordSession

FORMATS = (".pdf",)
BAND = "개인정보 포함 · 상담 기록"
GREY, LINE, PALE = colors.HexColor("#5b6781"), colors.HexColor("#c8d1e1"), colors.HexColor("#eef2f9")


def title_of(record: CounselingRecord) -> str:
    return f"상담 기록 — {record.youth_name}"


def _t(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br/>")


def _when(dt: datetime | None) -> str:
    return f"{dt:%Y-%m-%d %H:%M}" if dt else "—"


class _Styles:
    def __init__(self):
        regular, bold = korean_fonts()
        self.regular = regular
        base = dict(fontName=regular, fontSize=9.5, leading=13, wordWrap="CJK")
        self.title = ParagraphStyle("title", **{**base, "fontName": bold, "fontSize": 15, "leading": 20})
        self.meta = ParagraphStyle("meta", **base, textColor=GREY)
        self.h2 = ParagraphStyle("h2", **{**base, "fontName": bold, "fontSize": 11.5, "leading": 16},
                                 spaceBefore=6, spaceAfter=3)
        self.head = ParagraphStyle("head", **{**base, "fontName": bold})
        self.cell = ParagraphStyle("cell", **base)
        self.small = ParagraphStyle("small", **{**base, "fontSize": 8.5, "leading": 11.5}, textColor=GREY)


def _table(rows, widths, st: _Styles, header: bool = True) -> Table:
    data = [[Paragraph(str(c), st.head if header and i == 0 else st.cell) for c in row] for i, row in enumerate(rows)]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.5, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), PALE))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), PALE))
    table.setStyle(TableStyle(style))
    return table


def _case(record: CounselingRecord, st: _Styles) -> list:
    birth = f"{record.birth_date:%Y-%m-%d}" if record.birth_date else "—"
    if record.stage_label is None:
        case = "이 시설에 등록된 사례가 없습니다."
    else:
        case = (f"{record.stage_label}{' · ' + record.outcome_label if record.outcome_label else ''} · 담당 "
                f"{record.counselor_name or '미배정'} · 등록 {_when(record.opened_at)[:10]}")
    due = ", ".join(f"{d:%Y-%m-%d}" for d in record.followups) or "없음"
    rows = [("이름", _t(record.youth_name)), ("생년월일", birth), ("사례", _t(case)), ("예정된 후속조치", due)]
    return [Paragraph("기본 정보", st.h2), _table(rows, [32 * mm, WIDTH - 32 * mm], st, header=False)]


def _plan(record: CounselingRecord, st: _Styles) -> list:
    out = [Paragraph("취업활동계획", st.h2)]
    plan = record.plan
    if plan is None:
        return out + [Paragraph("세운 취업활동계획이 없습니다.", st.meta)]
    done, total = plan.progress
    target = f"{plan.target_on:%Y-%m-%d}" if plan.target_on else "—"
    out.append(Paragraph(f"<b>목표</b> {_t(plan.goal)} · <b>목표일</b> {target} · <b>진행</b> {done}/{total}단계", st.cell))
    if plan.steps:
        rows = [("순서", "할 일", "기한", "완료")]
        rows += [(str(i), _t(s.title), f"{s.due_on:%Y-%m-%d}" if s.due_on else "—",
                  f"{s.done_at:%Y-%m-%d}" if s.done_at else ("기한 지남" if s.overdue else ""))
                 for i, s in enumerate(plan.steps, start=1)]
        out += [Spacer(1, 2 * mm), _table(rows, [12 * mm, WIDTH - 64 * mm, 26 * mm, 26 * mm], st)]
    return out


def _session(x: RecordSession, st: _Styles) -> list:
    r = x.row
    head = (f"<b>{_when(r.held_at)}</b> · {_t(r.kind.label)} · {_t(r.mode.label)} · {r.duration_minutes}분 · "
            f"상담사 {_t(r.counselor_name)}")
    if r.voided:
        head = f"<font color='#c62828'><b>[무효]</b></font> {head} · 사유: {_t(r.void_reason)}"
    topics = ", ".join(t.label for t in r.topics) or "—"
    lines = [Paragraph(head, st.cell), Paragraph(f"주제: {_t(topics)}", st.small),
             Paragraph(f"<b>상담 요약</b> {_t(r.summary) or '(없음)'}", st.cell)]
    if r.next_step:
        lines.append(Paragraph(f"<b>다음 단계</b> {_t(r.next_step)}", st.cell))
    for a in r.addenda:
        lines.append(Paragraph(f"<b>추가 기록</b> {a.created_at:%Y-%m-%d %H:%M} {_t(a.created_by_name)}: "
                               f"{_t(a.body)} <font color='#5b6781'>(사유: {_t(a.reason)})</font>", st.cell))
    rows = [[line] for line in lines]
    style = [("BOX", (0, 0), (-1, -1), 0.5, LINE), ("TOPPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 5),
             ("BACKGROUND", (0, 0), (-1, 0), PALE)]
    if x.note is not None:
        note = [Paragraph(f"<b>비공개 메모</b> {_t(x.note)}", st.cell)]
        note += [Paragraph(f"<b>메모 추가 기록</b> {a.created_at:%Y-%m-%d %H:%M} {_t(a.created_by_name)}: "
                           f"{_t(a.body)} (사유: {_t(a.reason)})", st.cell) for a in x.note_addenda]
        inner = Table([[p] for p in note], colWidths=[WIDTH - 14 * mm])
        inner.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#c62828")),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
        rows.append([inner])
    elif x.note_withheld:
        rows.append([Paragraph("비공개 메모가 있으나 출력한 사람의 권한으로 볼 수 없어 싣지 않았습니다.", st.small)])
    table = Table(rows, colWidths=[WIDTH])
    table.setStyle(TableStyle(style))
    return [KeepTogether([table]), Spacer(1, 2.5 * mm)]


def _groups(record: CounselingRecord, st: _Styles) -> list:
    out = [Paragraph("집단 프로그램 참여", st.h2)]
    if not record.groups:
        return out + [Paragraph("참여한 집단 프로그램이 없습니다.", st.meta)]
    rows = [("일시", "구분", "제목", "멘토·강사")]
    rows += [(_when(g.held_at), _t(g.kind_label), ("[무효] " if g.voided else "") + _t(g.title), _t(g.presenter) or "—")
             for g in record.groups]
    return out + [_table(rows, [32 * mm, 28 * mm, WIDTH - 96 * mm, 36 * mm], st)]


def _notes_line(record: CounselingRecord) -> str:
    parts = [PERSONAL_DATA]
    if record.notes_printed:
        parts.append(f"비공개 메모 {record.notes_printed}건을 실었고, 그 열람은 감사 기록에 남았습니다.")
    if record.notes_withheld:
        parts.append(f"볼 권한이 없는 비공개 메모 {record.notes_withheld}건은 싣지 않았습니다.")
    return " ".join(parts)


def build_counseling_record(path: str | Path, record: CounselingRecord, *, printed_by: str,
                            printed_at: datetime) -> Path:
    path = check_target(path, FORMATS)
    title = title_of(record)

    def build(temp: Path) -> None:
        st = _Styles()
        doc = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                topMargin=MARGIN + 5 * mm, bottomMargin=MARGIN + 6 * mm, title=title,
                                author="청년일자리 데스크")
        story = [Paragraph(_t(title), st.title), Spacer(1, 2 * mm),
                 Paragraph(_t(f"{signed(record.facility_name, printed_by, printed_at)} · 출력 목적: {record.purpose}"),
                           st.meta), Spacer(1, 2 * mm)]
        story += _case(record, st) + _plan(record, st)
        story.append(Paragraph(f"상담 이력 ({len(record.sessions)}건, 오래된 순)", st.h2))
        if not record.sessions:
            story.append(Paragraph("이 시설에서 기록한 상담이 없습니다.", st.meta))
        for x in record.sessions:
            story += _session(x, st)
        story += _groups(record, st)
        story += [Spacer(1, 5 * mm), Paragraph(_t(_notes_line(record)), st.meta)]
        footer_text = f"{title} · {record.facility_name}"

        page = personal_page(BAND, footer_text, printed_at, printed_by, st.regular)
        doc.build(story, onFirstPage=page, onLaterPages=page)

    return write_atomically(path, build)
