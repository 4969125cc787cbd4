"""What counseling lets out of the app: one youth's counseling record for printing, and a
month's counts for an export. Both take a ``write`` callback that makes the file inside
the service's transaction; the output is recorded in the audit log ("출력", with the
purpose) only after it ran, so a file that cannot be written records nothing. The use
cases that join them to the writers (``reports.counseling_record``, the table writer) are
in ``models.outputs.counseling``.

- ``print_record``: the youth's record at the facility as the actor may see it — the case
  (stage, counselor, outcome), the employment activity plan with its steps, every session
  (voided ones marked) with its summary, next step and addenda, the group sessions
  attended, the open follow-ups. A confidential note is printed only for its readers
  (author, the session's counselor, the assigned counselor, the manager) and only when
  asked (``include_notes``); each printed note is an audit read, as opening it is. The
  purpose (출력 목적) is required: the paper holds personal data.
- ``month_table``: the month's counts (``ReportPart.monthly_counts``'s definitions) by day,
  counselor, type, mode, in person or remote, topic and group-session kind. No youth, no
  text: a counselor is named by their account's username, which is a work login, not
  the youth's or anybody's personal record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import select

from models.accounts.tables import UserAccount
from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import NotFound
from models.core.permissions import Actor, Perm, require
from models.core.text import output_purpose
from models.core.time import SEOUL
from models.counseling import access
from models.counseling.access import CounselingBase
from models.counseling.enums import CLOSED_LABEL, AddendumTarget, CaseStatus, FollowupStatus
from models.counseling.schemas import AddendumRow, CountRow, MonthlyCounts, PlanRow, SessionRow
from models.counseling.tables import (
    Case,
    CounselingSession,
    Followup,
    GroupAttendance,
    GroupSession,
)
from models.facilities.tables import Facility

PURPOSE_REQUIRED = "출력 목적을 입력하세요. 개인정보가 담긴 출력물이라 목적이 감사 기록에 남습니다."
# the dimensions of the export, in its order (대면·비대면 are the 합계 rows)
DIMENSIONS = {"day": "일별", "counselor": "상담사별", "kind": "유형별", "mode": "방식별", "topic": "주제별",
              "group_kind": "집단 프로그램"}


def record_purpose(purpose: str | None) -> str:
    """The counseling record's purpose: required (the paper holds personal data)."""
    return output_purpose(purpose, required=PURPOSE_REQUIRED)


@dataclass(frozen=True)
class RecordSession:
    """A session as the record prints it: ``note`` is None when it is not printed (none,
    not the actor's to read, or left out); ``note_withheld`` when there is one the actor
    may not read."""

    row: SessionRow
    note: str | None = field(default=None, repr=False)
    note_addenda: tuple[AddendumRow, ...] = ()
    note_withheld: bool = False


@dataclass(frozen=True)
class RecordGroup:
    held_at: datetime
    kind_label: str
    title: str
    presenter: str
    voided: bool


@dataclass(frozen=True)
class CounselingRecord:
    facility_name: str
    youth_id: int
    youth_name: str = field(repr=False)
    birth_date: date | None = field(repr=False)
    stage_label: str | None  # None: no case at the facility
    counselor_name: str | None
    opened_at: datetime | None
    outcome_label: str | None
    plan: PlanRow | None
    sessions: tuple[RecordSession, ...]
    groups: tuple[RecordGroup, ...]
    followups: tuple[date, ...]  # the open ones' due dates
    purpose: str
    notes_printed: int
    notes_withheld: int


@dataclass(frozen=True)
class CountTable:
    """The month's counts as an export writes them: one row per count, the day rows with
    a real date."""

    facility_name: str
    label: str  # YYYY-MM
    counts: MonthlyCounts
    rows: tuple[tuple, ...]  # (구분, 항목, 날짜 or None, 건수, 참여 인원)


class ExportPart(CounselingBase):
    """Needs ``SessionPart._rows`` / ``_addenda``, ``PlanPart.plan`` and
    ``ReportPart.monthly_counts`` (``CounselingService`` joins the parts)."""

    def print_record(self, actor: Actor, facility_id: int, youth_id: int, purpose: str,
                     write: Callable[[CounselingRecord], object] | None = None,
                     include_notes: bool = True, record_output: bool = True) -> CounselingRecord:
        """The youth's counseling record at the facility for printing (see the module).
        ``record_output=False``: a larger printout (the youth's 열람 PDF) that records its own
        one output row takes this part; each printed note is still an audit read."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        purpose = record_purpose(purpose)
        plan = self.plan(actor, facility_id, youth_id)

        def work(s):
            facility = s.get(Facility, facility_id)
            if facility is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            youth = access.check_youth(s, youth_id)
            case = s.exec(select(Case).where(Case.facility_id == facility_id, Case.youth_id == youth_id)).first()
            sessions = s.exec(select(CounselingSession).where(
                CounselingSession.facility_id == facility_id, CounselingSession.youth_id == youth_id)
                .order_by(CounselingSession.held_at, CounselingSession.id)).all()
            rows = self._rows(s, actor, list(sessions))
            notes = {r.id: r.note for r in sessions}
            printed = [r.id for r in rows if include_notes and r.has_note and r.note_readable]
            note_addenda = self._addenda(s, printed, AddendumTarget.NOTE)
            out = []
            for r in rows:
                if r.id in printed:
                    record(s, AuditAction.READ, "counseling_session", r.id, facility_id=facility_id,
                           detail=f"상담 비공개 메모 열람 · 상담 기록 출력 (청년 #{youth_id})")
                    out.append(RecordSession(r, notes[r.id], tuple(note_addenda.get(r.id, ()))))
                else:
                    out.append(RecordSession(r, note_withheld=r.has_note and not r.note_readable))
            groups = s.exec(select(GroupSession).join(
                GroupAttendance, GroupAttendance.group_session_id == GroupSession.id).where(
                GroupAttendance.youth_id == youth_id, GroupSession.facility_id == facility_id)
                .order_by(GroupSession.held_at)).all()
            due = s.exec(select(Followup.due_on).where(
                Followup.facility_id == facility_id, Followup.youth_id == youth_id,
                Followup.status == FollowupStatus.OPEN).order_by(Followup.due_on)).all()
            counselor = access.names(s, [case.counselor_id]).get(case.counselor_id) if case else None
            result = CounselingRecord(
                facility.name, youth_id, youth.name, youth.birth_date,
                (CLOSED_LABEL if case.status is CaseStatus.CLOSED else case.stage.label) if case else None,
                counselor, case.opened_at.astimezone(SEOUL) if case else None,
                case.outcome.label if case and case.outcome else None, plan, tuple(out),
                tuple(RecordGroup(g.held_at.astimezone(SEOUL), g.kind.label, g.title, g.presenter,
                                  g.voided_at is not None) for g in groups),
                tuple(due), purpose, len(printed), sum(1 for x in out if x.note_withheld))
            if write is not None:
                write(result)
            if record_output:
                record(s, AuditAction.OUTPUT, "youth", youth_id, facility_id=facility_id,
                       detail=f"상담 기록 출력 (청년 #{youth_id}, 상담 {len(rows)}건, 비공개 메모 {len(printed)}건) "
                              f"· 목적: {purpose}")
            return result

        return self.db.write(work, actor=actor)

    def month_table(self, actor: Actor, facility_id: int, year: int, month: int,
                    write: Callable[[CountTable], object] | None = None) -> CountTable:
        """The facility's counts of the month as export rows (see the module); recorded as
        an output after ``write`` ran."""
        require(actor, Perm.COUNSELING_COUNTS, facility_id)
        counts = self.monthly_counts(actor, facility_id, year, month)
        label = f"{year}-{month:02d}"

        def work(s):
            facility = s.get(Facility, facility_id)
            if facility is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            ids = [int(r.key) for r in counts.of("counselor")]
            logins = dict(s.exec(select(UserAccount.id, UserAccount.username)
                                 .where(UserAccount.id.in_(ids))).all()) if ids else {}
            table = CountTable(facility.name, label, counts, tuple(_table_rows(counts, logins)))
            if write is not None:
                write(table)
            record(s, AuditAction.OUTPUT, "counseling_session", None, facility_id=facility_id,
                   detail=f"상담 통계 내보내기 {label} (상담 {counts.sessions}건, 집단 {counts.group_sessions}건)")
            return table

        return self.db.write(work, actor=actor)


def _table_rows(counts: MonthlyCounts, logins: dict[int, str]):
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    yield ("합계", "1:1 상담", None, counts.sessions, None)
    yield ("합계", "대면", None, counts.in_person, None)
    yield ("합계", "비대면", None, counts.remote, None)
    yield ("합계", "집단 프로그램", None, counts.group_sessions, counts.group_participants)
    for r in sorted((r for r in counts.rows if r.dimension in DIMENSIONS), key=lambda r: order[r.dimension]):
        yield (DIMENSIONS[r.dimension], *_item(r, logins), r.sessions,
               r.participants if r.dimension == "group_kind" else None)


def _item(r: CountRow, logins: dict[int, str]) -> tuple[str, date | None]:
    if r.dimension == "day":
        return "", date.fromisoformat(r.key)
    if r.dimension == "counselor":
        return logins.get(int(r.key), f"#{r.key}"), None
    return r.label, None
