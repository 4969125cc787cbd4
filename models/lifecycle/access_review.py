"""The monthly access-log review (개인정보의 안전성 확보조치 기준 §8): the city administrator
reads, once a month, who opened personal data and who printed or downloaded it, and records
that the review was done.

Per staff account (the audit log's ``username``) and Seoul calendar month, from the audit
log's 열람 (READ) and 출력 (OUTPUT) rows:

- ``youth_contacts``: how many distinct youths' full contacts they opened (READ of ``youth``:
  the registry's 연락처 보기, the booth reminder's call);
- ``notes``: how many distinct youths' confidential counseling notes they opened (READ of
  ``counseling_session``: opening a note, or a note printed on a counseling record; a
  session is counted by its youth, a session no longer found by its own id);
- ``company_contacts``: distinct company contact persons opened (READ of ``company_contact``);
- ``other_reads``: any other READ row (course lists with phones, certificates read);
- ``outputs``: printouts, exports and copies (OUTPUT rows), of which ``without_purpose`` give
  no purpose ("목적:" in the row's text). Each output with its purpose is in ``rows``.

**Unusual volume** (``FLAG_RATIO``, ``FLAG_MIN``): a figure is flagged when it is more
than 3× that person's median of the same figure over the ``HISTORY_MONTHS`` (6) months
before, counting only months since their account was created, and at least ``FLAG_MIN``
(10), so a person going from 1 to 4 reads is not flagged. With no earlier month (a new
account), a figure is flagged from ``FLAG_NEW`` (30).

**Cost at city scale**: each month is one grouped read of the month's READ and OUTPUT rows
over the ``(action, id)`` index of migration 0008, between the ids that bound the month
(read on the ``at`` index; ids grow with time, and ``at`` is also checked on the rows, with
a margin of ``ID_MARGIN`` around the bounds for transactions that committed out of order;
when the row after the month has a lower id than the month's first, a clock was set back
and the read goes to the log's end),
so the INSERT and UPDATE rows of the log are never read. Seven months (the month and its
history) are seven such reads.

**The review** is recorded in the audit log itself (an 추가 row of entity ``access_review``,
``entity_id`` the month: who reviewed it, when, the month's counts and the note in its text): it is as append-only
as the rows it reviews, and the month's state is one read over ``ix_audit_entity``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import select

from models.accounts.tables import UserAccount
from models.core.audit import record
from models.core.audit_table import AuditLog
from models.core.enums import AuditAction
from models.core.errors import PermissionDenied, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import check_text
from models.core.time import SEOUL
from models.counseling.tables import CounselingSession
from models.facilities.tables import Facility

HISTORY_MONTHS = 6
FLAG_RATIO = 3
FLAG_MIN = 10
FLAG_NEW = 30
ID_MARGIN = timedelta(minutes=5)
NOTE_MAX = 150
PAGE_MAX = 500
ENTITY = "access_review"
PURPOSE_MARK = "목적:"
NOTE_MARK = " · 메모: "
MEASURES = ("youth_contacts", "notes", "company_contacts", "outputs")
MEASURE_LABELS = {"youth_contacts": "청년 연락처", "notes": "상담 메모", "company_contacts": "기업 담당자",
                  "outputs": "출력·내려받기"}
NO_USER = "(시스템)"
_CHUNK = 500


@dataclass(frozen=True)
class StaffMonth:
    """One staff account's figures for the month (see the module)."""

    username: str
    display_name: str
    youth_contacts: int = 0
    notes: int = 0
    company_contacts: int = 0
    other_reads: int = 0
    outputs: int = 0
    without_purpose: int = 0
    medians: dict[str, float | None] = field(default_factory=dict)  # None: no earlier month
    flags: frozenset[str] = frozenset()  # the MEASURES that are unusual

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def value(self, measure: str) -> int:
        return getattr(self, measure)


@dataclass(frozen=True)
class ReviewRecord:
    at: datetime
    username: str | None
    note: str


@dataclass(frozen=True)
class MonthReview:
    year: int
    month: int
    staff: tuple[StaffMonth, ...]  # flagged first, then by name
    reviews: tuple[ReviewRecord, ...]  # oldest first; empty: not reviewed

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def reviewed(self) -> ReviewRecord | None:
        return self.reviews[-1] if self.reviews else None

    @property
    def flagged(self) -> int:
        return sum(1 for s in self.staff if s.flagged)


@dataclass(frozen=True)
class AccessRow:
    """One READ or OUTPUT row of the drill-down: already masked in the log (ids, not names)."""

    id: int
    at: datetime
    action: str
    action_label: str
    entity: str
    entity_id: str | None
    what: str  # the row's text without the purpose
    purpose: str | None  # OUTPUT rows: the purpose given, None when none


def check_month(year, month) -> tuple[date, date]:
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError.single("month", "달은 2000-01부터 2100-12 사이로 고르세요.")
    first = date(year, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1)


def _bounds(first: date, after: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time(), SEOUL), datetime.combine(after, time(), SEOUL)


def split_purpose(detail: str | None) -> tuple[str, str | None]:
    text = detail or ""
    head, mark, tail = text.rpartition(PURPOSE_MARK)
    if not mark:
        return text, None
    return head.rstrip(" ·").strip(), tail.strip() or None


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def is_unusual(value: int, median: float | None) -> bool:
    """The flag rule (see the module)."""
    if median is None:
        return value >= FLAG_NEW
    return value >= FLAG_MIN and value > FLAG_RATIO * median


class AccessReviewService(Service):
    """Admin only (``audit.view``, the audit log's permission)."""

    @classmethod
    def of(cls, services) -> AccessReviewService:
        return cls(services.db, services.clock)

    # -- reading --------------------------------------------------------------------
    def _id_range(self, s, start: datetime, end: datetime) -> tuple[int, int]:
        """Ids bounding the rows of ``[start, end)``: the first row at or after each bound
        (less and more the margin), read on the ``at`` index (see the module)."""
        def first_id(moment):
            return s.exec(select(AuditLog.id).where(AuditLog.at >= moment)
                          .order_by(AuditLog.at, AuditLog.id).limit(1)).first()

        lo = first_id(start - ID_MARGIN)
        if lo is None:
            return 0, 0
        hi = first_id(end + ID_MARGIN)
        if hi is None or hi < lo:  # none after the month, or a clock that was set back (equal: empty)
            hi = (s.exec(select(func.max(AuditLog.id))).one() or 0) + 1
        return lo, hi

    def _month(self, s, first: date, after: date) -> dict[str, dict[str, int]]:
        """{username: {figure: count}} of one month."""
        start, end = _bounds(first, after)
        lo, hi = self._id_range(s, start, end)
        out: dict[str, dict[str, int]] = {}
        if lo == hi:
            return out
        window = (AuditLog.id >= lo, AuditLog.id < hi, AuditLog.at >= start, AuditLog.at < end)
        purposeless = sa.case((AuditLog.detail.like(f"%{PURPOSE_MARK}%"), 0), else_=1)
        rows = s.exec(select(AuditLog.username, AuditLog.action, AuditLog.entity, func.count(),
                             func.count(sa.distinct(AuditLog.entity_id)), func.sum(purposeless))
                      .where(AuditLog.action.in_([AuditAction.READ, AuditAction.OUTPUT]), *window)
                      .group_by(AuditLog.username, AuditLog.action, AuditLog.entity)).all()
        for username, action, entity, n, distinct, no_purpose in rows:
            c = out.setdefault(username or NO_USER, {})
            if action is AuditAction.OUTPUT:
                c["outputs"] = c.get("outputs", 0) + n
                c["without_purpose"] = c.get("without_purpose", 0) + int(no_purpose or 0)
            elif entity == "youth":
                c["youth_contacts"] = distinct
            elif entity == "company_contact":
                c["company_contacts"] = distinct
            elif entity != "counseling_session":
                c["other_reads"] = c.get("other_reads", 0) + n
        pairs = s.exec(select(AuditLog.username, AuditLog.entity_id).distinct()
                       .where(AuditLog.action == AuditAction.READ, AuditLog.entity == "counseling_session",
                              AuditLog.entity_id.is_not(None), *window)).all()
        if pairs:
            ids = sorted({int(e) for _, e in pairs if e.isdigit()})
            youth_of: dict[int, int] = {}
            for i in range(0, len(ids), _CHUNK):
                youth_of.update(s.exec(select(CounselingSession.id, CounselingSession.youth_id)
                                       .where(CounselingSession.id.in_(ids[i:i + _CHUNK]))).all())
            seen: dict[str, set] = {}
            for username, e in pairs:
                key = youth_of.get(int(e), f"s{e}") if e.isdigit() else f"s{e}"
                seen.setdefault(username or NO_USER, set()).add(key)
            for username, youths in seen.items():
                out.setdefault(username, {})["notes"] = len(youths)
        return out

    def month(self, actor: Actor, year: int, month: int) -> MonthReview:
        """The month's figures per staff account, flagged, and its reviews (see the module)."""
        require(actor, Perm.AUDIT_VIEW)
        first, after = check_month(year, month)

        def work(s):
            current = self._month(s, first, after)
            history, a = [], first
            for _ in range(HISTORY_MONTHS):
                f = (a - timedelta(days=1)).replace(day=1)
                history.append((f, self._month(s, f, a)))
                a = f
            accounts = {u: (d, c) for u, d, c in s.exec(
                select(UserAccount.username, UserAccount.display_name, UserAccount.created_at)).all()}
            staff = []
            for username, c in current.items():
                display, created = accounts.get(username, (username, None))
                since = created.astimezone(SEOUL).date().replace(day=1) if created else None
                medians, flags = {}, set()
                for m in MEASURES:
                    past = [h.get(username, {}).get(m, 0) for f, h in history if since is None or f >= since]
                    medians[m] = _median(past)
                    if is_unusual(c.get(m, 0), medians[m]):
                        flags.add(m)
                staff.append(StaffMonth(username, display, **{k: c.get(k, 0) for k in (
                    "youth_contacts", "notes", "company_contacts", "other_reads", "outputs", "without_purpose")},
                    medians=medians, flags=frozenset(flags)))
            staff.sort(key=lambda x: (not x.flagged, x.username))
            return MonthReview(year, month, tuple(staff), self._reviews(s, year, month))

        return self.db.read(work)

    def _reviews(self, s, year: int, month: int) -> tuple[ReviewRecord, ...]:
        rows = s.exec(select(AuditLog).where(AuditLog.entity == ENTITY,
                                             AuditLog.entity_id == f"{year}-{month:02d}")
                      .order_by(AuditLog.id)).all()
        return tuple(ReviewRecord(r.at.astimezone(SEOUL), r.username, (r.detail or "").partition(NOTE_MARK)[2])
                     for r in rows)

    def rows(self, actor: Actor, year: int, month: int, username: str, *, before_id: int | None = None,
             limit: int = 200) -> list[AccessRow]:
        """One account's READ and OUTPUT rows of the month, newest first, a page at a time
        below ``before_id`` (keyset over ``ix_audit_username_id``)."""
        require(actor, Perm.AUDIT_VIEW)
        first, after = check_month(year, month)
        username = check_text("username", username, 40)
        if not 1 <= limit <= PAGE_MAX:
            raise ValidationError.single("limit", f"한 번에 {PAGE_MAX}건까지 볼 수 있습니다.")
        start, end = _bounds(first, after)

        def work(s):
            lo, hi = self._id_range(s, start, end)
            top = hi if before_id is None else min(hi, before_id)
            who = AuditLog.username.is_(None) if username == NO_USER else AuditLog.username == username
            q = (select(AuditLog).where(who, AuditLog.id >= lo, AuditLog.id < top,
                                        AuditLog.at >= start, AuditLog.at < end,
                                        AuditLog.action.in_([AuditAction.READ, AuditAction.OUTPUT]))
                 .order_by(AuditLog.id.desc()).limit(limit))
            out = []
            for r in s.exec(q).all():
                what, purpose = split_purpose(r.detail)
                if r.action is not AuditAction.OUTPUT:
                    what, purpose = r.detail or "", None
                out.append(AccessRow(r.id, r.at.astimezone(SEOUL), r.action.value, r.action.label, r.entity,
                                     r.entity_id, what, purpose))
            return out

        return self.db.read(work)

    # -- the review -----------------------------------------------------------------
    def mark_reviewed(self, actor: Actor, year: int, month: int, note: str) -> None:
        """Record that the month was reviewed, with the reviewer's note (required: what was
        looked at, what was followed up). A month may be reviewed again; each is kept."""
        require(actor, Perm.AUDIT_VIEW)
        first, after = check_month(year, month)
        note = check_text("note", note, NOTE_MAX, required="점검 메모를 입력하세요. (확인한 내용, 후속 조치)",
                          too_long=f"점검 메모는 {NOTE_MAX}자 이하로 입력하세요.")
        if first > self.today():
            raise ValidationError.single("month", "아직 시작하지 않은 달은 점검할 수 없습니다.")
        review = self.month(actor, year, month)
        detail = (f"접근 기록 점검 완료 {review.label} (직원 {len(review.staff)}명, 이상 {review.flagged}명)"
                  f"{NOTE_MARK}{note}")
        self.db.write(lambda s: record(s, AuditAction.INSERT, ENTITY, review.label, detail=detail),
                      actor=actor)


# -- the youth's own 열람 (PIPA §35): what the access PDF needs beyond the areas' reads ---------
@dataclass(frozen=True)
class YouthBooking:
    starts_at: datetime
    ends_at: datetime
    room_name: str
    purpose_label: str
    status_label: str


@dataclass(frozen=True)
class AccessEntry:
    """Who viewed or printed the youth's data: from the audit log (masked, no values)."""

    at: datetime
    username: str | None
    display_name: str | None
    action_label: str
    what: str


@dataclass(frozen=True)
class FacilityRecords:
    """How many records of each kind one facility holds about a youth (no contents)."""

    facility_id: int
    name: str
    counts: tuple[tuple[str, int], ...]  # (label, n), only kinds with rows

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def describe(self) -> str:
        return ", ".join(f"{label} {n:,}건" for label, n in self.counts)


# the tables of a youth's records at a facility (each has youth_id and facility_id), as the
# 열람 PDF's sections name them
RECORD_TABLES = (("booking", "공간 예약"), ("waitlist_entry", "공간 대기"), ("booth_booking", "AI 면접 부스"),
                 ("counseling_session", "상담"), ("referral", "채용 연계"), ("course_application", "교육과정 지원"))


class YouthRecordService(Service):
    """The room bookings and the access log of one youth, and the record of the 열람 output."""

    @classmethod
    def of(cls, services) -> YouthRecordService:
        return cls(services.db, services.clock)

    def bookings(self, actor: Actor, facility_id: int, youth_id: int) -> list[YouthBooking]:
        from models.facilities.tables import Room
        from models.rooms.tables import Booking

        require(actor, Perm.BOOKING_VIEW, facility_id)
        return self.db.read(lambda s: [
            YouthBooking(b.starts_at.astimezone(SEOUL), b.ends_at.astimezone(SEOUL), name, b.purpose.label,
                         b.status.label)
            for b, name in s.exec(select(Booking, Room.name).join(Room, Room.id == Booking.room_id)
                                  .where(Booking.youth_id == youth_id, Booking.facility_id == facility_id)
                                  .order_by(Booking.starts_at)).all()])

    def facilities_with_records(self, actor: Actor, youth_id: int) -> list[FacilityRecords]:
        """Every facility holding records about the youth (``RECORD_TABLES``), with counts
        per kind only; by facility name. Any role that views the registry somewhere may
        know where the records are (not what they say)."""
        if not actor.can_anywhere(Perm.YOUTH_VIEW):
            raise PermissionDenied("청년 명부를 볼 권한이 없습니다.")

        def work(s):
            present = set(sa.inspect(s.connection()).get_table_names())
            found: dict[int, list[tuple[str, int]]] = {}
            for table, label in RECORD_TABLES:
                if table not in present:
                    continue
                t = sa.table(table, sa.column("youth_id"), sa.column("facility_id"))
                for fid, n in s.execute(sa.select(t.c.facility_id, sa.func.count()).where(t.c.youth_id == youth_id)
                                        .group_by(t.c.facility_id)).all():
                    found.setdefault(fid, []).append((label, n))
            names = dict(s.exec(select(Facility.id, Facility.name).where(Facility.id.in_(list(found)))).all())
            return sorted((FacilityRecords(fid, names.get(fid, f"시설 #{fid}"), tuple(counts))
                           for fid, counts in found.items()), key=lambda r: (r.name, r.facility_id))

        return self.db.read(work)

    def access_log(self, actor: Actor, youth_id: int) -> list[AccessEntry]:
        """The READ and OUTPUT rows naming the youth or one of their counseling sessions,
        oldest first (``ix_audit_entity``), whoever printed it: the youth has a right to
        know who opened their notes even when the printing role may not read them."""
        if not actor.can_anywhere(Perm.YOUTH_VIEW):
            raise PermissionDenied("청년 명부를 볼 권한이 없습니다.")

        def work(s):
            sessions = [str(i) for i in s.exec(select(CounselingSession.id)
                                               .where(CounselingSession.youth_id == youth_id)).all()]
            keys = [sa.and_(AuditLog.entity == "youth", AuditLog.entity_id == str(youth_id))]
            for i in range(0, len(sessions), _CHUNK):
                keys.append(sa.and_(AuditLog.entity == "counseling_session",
                                    AuditLog.entity_id.in_(sessions[i:i + _CHUNK])))
            names = dict(s.exec(select(UserAccount.username, UserAccount.display_name)).all())
            rows = s.exec(select(AuditLog).where(sa.or_(*keys),
                                                 AuditLog.action.in_([AuditAction.READ, AuditAction.OUTPUT]))
                          .order_by(AuditLog.id)).all()
            return [AccessEntry(r.at.astimezone(SEOUL), r.username, names.get(r.username), r.action.label,
                                r.detail or r.entity) for r in rows]

        return self.db.read(work)

    def record_output(self, actor: Actor, facility_id: int, youth_id: int, purpose: str, counts: str,
                      write) -> None:
        """Run ``write`` (the PDF) and record the output with its purpose, in one transaction."""
        require(actor, Perm.YOUTH_VIEW, facility_id)

        def work(s):
            write()
            record(s, AuditAction.OUTPUT, "youth", youth_id, facility_id=facility_id,
                   detail=f"본인 열람 자료 출력 (청년 #{youth_id}, {counts}) · 목적: {purpose}"[:200])

        self.db.write(work, actor=actor)
