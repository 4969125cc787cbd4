"""Counts and the youth's timeline.

``monthly_counts`` counts what happened in a calendar month in Asia/Seoul: live sessions
by day, counselor, type, mode, in person or remote (from the mode) and topic; group
sessions separately, as sessions and as participants (named attendees plus headcounts).
Its rows carry no youth, no name of a youth and no text; the city admin may ask for every
facility at once. ``timeline`` gives the counseling part of a youth's timeline.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.core.errors import ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.time import SEOUL, day_bounds
from models.counseling import access
from models.counseling.access import CounselingBase
from models.counseling.enums import GroupKind, Mode, SessionKind, Topic
from models.counseling.schemas import CountRow, MonthlyCounts, TimelineItem
from models.counseling.tables import CounselingSession, GroupAttendance, GroupSession, SessionTopic
from models.facilities.tables import Facility


def month_bounds(year: int, month: int):
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError.single("month", "월은 YYYY-MM 형식으로 입력하세요(예: 2024-03).")
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    return day_bounds(first)[0], day_bounds(after)[0]


class ReportPart(CounselingBase):
    def monthly_counts(self, actor: Actor, facility_id: int | None, year: int, month: int) -> MonthlyCounts:
        """Counts of one month (``facility_id=None``: every facility, the city admin)."""
        require(actor, Perm.COUNSELING_COUNTS, facility_id)
        start, end = month_bounds(year, month)

        def work(s):
            q = select(CounselingSession.id, CounselingSession.facility_id, CounselingSession.held_at,
                       CounselingSession.counselor_id, CounselingSession.kind, CounselingSession.mode).where(
                CounselingSession.held_at >= start, CounselingSession.held_at < end,
                CounselingSession.voided_at.is_(None))
            t = (select(SessionTopic.topic, func.count()).join(
                CounselingSession, CounselingSession.id == SessionTopic.session_id).where(
                CounselingSession.held_at >= start, CounselingSession.held_at < end,
                CounselingSession.voided_at.is_(None)).group_by(SessionTopic.topic))
            n = (select(GroupAttendance.group_session_id, func.count().label("n"))
                 .group_by(GroupAttendance.group_session_id).subquery())
            g = (select(GroupSession.facility_id, GroupSession.kind, GroupSession.headcount, n.c.n)
                 .outerjoin(n, n.c.group_session_id == GroupSession.id)
                 .where(GroupSession.held_at >= start, GroupSession.held_at < end,
                        GroupSession.voided_at.is_(None)))
            if facility_id is not None:
                q = q.where(CounselingSession.facility_id == facility_id)
                t = t.where(CounselingSession.facility_id == facility_id)
                g = g.where(GroupSession.facility_id == facility_id)
            sessions = s.exec(q).all()
            topics = dict(s.exec(t).all())
            groups = s.exec(g).all()
            who = access.names(s, {r.counselor_id for r in sessions})
            places = dict(s.exec(select(Facility.id, Facility.name)).all()) if facility_id is None else {}
            return _counts(facility_id, year, month, sessions, topics, groups, who, places)

        return self.db.read(work)

    def timeline(self, actor: Actor, facility_id: int, youth_id: int) -> list[TimelineItem]:
        """The youth's counseling and group sessions at the facility, newest first: the
        counseling part of the youth record's timeline (other areas give the same shape).
        Voided sessions are included, marked; no confidential note."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)

        def work(s):
            items = []
            for r in s.exec(select(CounselingSession).where(CounselingSession.facility_id == facility_id,
                                                            CounselingSession.youth_id == youth_id)).all():
                items.append(TimelineItem(r.held_at.astimezone(SEOUL), "counseling", r.id, r.facility_id,
                                          f"{r.kind.label} · {r.mode.label} · {r.duration_minutes}분",
                                          r.summary, r.voided_at is not None))
            for gs in s.exec(select(GroupSession).join(
                    GroupAttendance, GroupAttendance.group_session_id == GroupSession.id).where(
                    GroupAttendance.youth_id == youth_id, GroupSession.facility_id == facility_id)).all():
                items.append(TimelineItem(gs.held_at.astimezone(SEOUL), "group", gs.id, gs.facility_id,
                                          f"{gs.kind.label} · {gs.title}", gs.presenter, gs.voided_at is not None))
            return sorted(items, key=lambda i: (i.at, i.source, i.ref_id), reverse=True)

        return self.db.read(work)


def _counts(facility_id, year, month, sessions, topics, groups, who, places) -> MonthlyCounts:
    rows: list[CountRow] = []
    days = Counter(r.held_at.astimezone(SEOUL).date() for r in sessions)
    rows += [CountRow("day", d.isoformat(), f"{d:%m-%d}", n) for d, n in sorted(days.items())]
    counselors = Counter(r.counselor_id for r in sessions)
    rows += [CountRow("counselor", str(c), who.get(c, ""), n) for c, n in sorted(counselors.items())]
    kinds = Counter(r.kind for r in sessions)
    rows += [CountRow("kind", k.value, k.label, kinds[k]) for k in SessionKind if kinds[k]]
    modes = Counter(r.mode for r in sessions)
    rows += [CountRow("mode", m.value, m.label, modes[m]) for m in Mode if modes[m]]
    in_person = modes[Mode.IN_PERSON]
    remote = len(sessions) - in_person
    rows += [CountRow("channel", "in_person", "대면", in_person), CountRow("channel", "remote", "비대면", remote)]
    rows += [CountRow("topic", tp.value, tp.label, topics[tp]) for tp in Topic if topics.get(tp)]
    if facility_id is None:
        per = Counter(r.facility_id for r in sessions)
        rows += [CountRow("facility", str(f), places.get(f, ""), n) for f, n in sorted(per.items())]
    g_sessions, g_people = Counter(), Counter()
    for _fid, kind, headcount, n in groups:
        g_sessions[kind] += 1
        g_people[kind] += (n or 0) + headcount
    rows += [CountRow("group_kind", k.value, k.label, g_sessions[k], g_people[k]) for k in GroupKind if g_sessions[k]]
    return MonthlyCounts(facility_id, year, month, len(sessions), in_person, remote, sum(g_sessions.values()),
                         sum(g_people.values()), tuple(rows))
