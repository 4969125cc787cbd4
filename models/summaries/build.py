"""The monthly summary's tables, from the figures of ``models.summaries.figures``: the 운영
실적 table in the city's layout, one section per service the facility runs, the 12-month
trend; and the city's tables by region (the whole city first sums its regions in a table and a
chart; one region has its facilities' table alone). What the screen shows and the PDF prints is the
``Document`` made here; each number cell names the figure behind it (``refs``) so that the
screen can list its records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlmodel import select

from models.companies.access import MATCHING_KINDS
from models.core import calendar
from models.core.enums import Region
from models.facilities.enums import FacilityKind, FacilityStatus, RoomKind
from models.facilities.tables import Facility, FacilityClosure, Room
from models.summaries import figures as F
from models.summaries.figures import UNKNOWN, UNKNOWN_LABEL, VOIDED_NOTE, Counts, Period
from models.summaries.tables import YearlyTarget
from reports.monthly_summary import (
    BarsBlock,
    Column,
    Document,
    Section,
    TableBlock,
    TrendBlock,
    month_label,
)

DEFINITIONS = (
    "구직청년 모집: 그 달에 이 시설에서 등록한 청년, 청년의 모집 경로별. 구인기업 발굴: 발굴일이 그 달인 기업. "
    "구직상담: 그 달에 진행한 1:1 상담(대면 / 비대면: 전화·화상·온라인), 집단 프로그램은 따로 셉니다. "
    "청년-기업매칭: 그 달에 입사한 청년(입사 단계로 옮긴 날 기준), 추천 경로별.",
    "모든 수치는 그 달에 일어난 일(등록, 발굴, 상담, 단계 이동, 예약 시작, 출석부)에서 세며, 지금 상태에서 세지 "
    "않습니다. 달은 서울 시각 기준 1일 00:00부터 말일 23:59까지입니다.",
    VOIDED_NOTE,
    "분류가 기록되지 않은 건은 '미분류'로 셉니다. 계는 언제나 항목의 합입니다.",
)
TARGET_FIELDS = {"recruit": "구직청년 모집", "companies": "구인기업 발굴", "counseling": "구직상담",
                 "hires": "청년-기업매칭"}
STATUS_MARK = {FacilityStatus.PLANNED: "개소 예정", FacilityStatus.CLOSED: "운영 종료"}


@dataclass(frozen=True)
class Ref:
    """The figure behind a cell: what the screen lists when the cell is clicked."""

    figure: str
    period: Period
    facility_ids: tuple[int, ...] | None  # None: every facility
    category: str | None = None  # None: every category


@dataclass
class Scope:
    """A month and the facilities it covers."""

    year: int
    month: int
    facilities: list  # Facility rows
    targets: dict = field(default_factory=dict)  # (facility_id) -> YearlyTarget

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(f.id for f in self.facilities)

    @property
    def period(self) -> Period:
        return F.month(self.year, self.month)

    @property
    def last_year(self) -> Period:
        return F.month(self.year - 1, self.month)

    @property
    def ytd(self) -> Period:
        return F.year_to_date(self.year, self.month)


def targets_of(s, facility_ids, year: int) -> dict[int, YearlyTarget]:
    q = select(YearlyTarget).where(YearlyTarget.year == year)
    if facility_ids is not None:
        q = q.where(YearlyTarget.facility_id.in_(list(facility_ids)))
    return {t.facility_id: t for t in s.exec(q).all()}


# -- the 운영 실적 table ------------------------------------------------------------------
@dataclass
class Headline:
    """The headline figures of one period: figure key -> Counts."""

    period: Period
    counts: dict[str, Counts]

    def of(self, key: str, fid: int | None = None) -> Counter:
        return self.counts[key].of(fid)


def headline(s, period: Period, ids) -> Headline:
    return Headline(period, {k: F.counts(s, k, period, ids) for k in (*F.HEADLINE, "group_sessions")})


def _parts(key: str, fixed: tuple[str, ...], seen: list[Counter]) -> list[str]:
    """The categories shown as columns: ``fixed`` always, any other (and 미분류) when some
    row has it, so that nothing counted is left out of the parts."""
    fig = F.FIGURES[key]
    extra = [c for c, _ in fig.categories if c not in fixed and any(x[c] for x in seen)]
    known = {c for c, _ in fig.categories}
    others = sorted({c for x in seen for c, n in x.items() if n and c not in known and c != UNKNOWN})
    unknown = [UNKNOWN] if any(x[UNKNOWN] for x in seen) else []
    return [*fixed, *extra, *others, *unknown]


RECRUIT_FIXED = ("on_site", "online", "city_programme")
HIRE_FIXED = ("on_site", "online", "city_programme")


@dataclass
class Layout:
    """The 운영 실적 columns for a set of rows (the parts each shows)."""

    recruit: list[str]
    hires: list[str]

    @classmethod
    def of(cls, lines: list[tuple[Headline, int | tuple | None]]) -> Layout:
        rec = [h.of("recruit", f) for h, f in _expand(lines)]
        hir = [h.of("hires", f) for h, f in _expand(lines)]
        return cls(_parts("recruit", RECRUIT_FIXED, rec), _parts("hires", HIRE_FIXED, hir))

    def columns(self, first: Column, *more: Column) -> tuple[tuple[Column, ...], tuple[tuple[str, int], ...]]:
        rl = [F.FIGURES["recruit"].label_of(c) for c in self.recruit]
        hl = [F.FIGURES["hires"].label_of(c) for c in self.hires]
        cols = [first, *more, Column("계", width=0.8), *[Column(x, width=0.8) for x in rl], Column("계", width=0.8),
                Column("계", width=0.8), Column("대면", width=0.8), Column("비대면", width=0.8),
                Column("회", width=0.95), Column("계", width=0.8), *[Column(x, width=0.8) for x in hl]]
        groups = [("", 1)] + [("", 1)] * len(more) + [("구직청년 모집", 1 + len(rl)), ("구인기업 발굴", 1),
                                                      ("구직상담", 3), ("집단 프로그램", 1),
                                                      ("청년-기업매칭", 1 + len(hl))]
        return tuple(cols), tuple(groups)

    def values(self, h: Headline, fid) -> tuple[list, list]:
        """The number cells of one row, and the figure behind each."""
        ids = _ids(fid)
        rec, com, cou, grp, hir = (_sum(h, k, fid) for k in ("recruit", "companies", "counseling",
                                                              "group_sessions", "hires"))
        cells = [sum(rec.values()), *[rec[c] for c in self.recruit], sum(com.values()),
                 sum(cou.values()), cou["in_person"], cou["remote"], sum(grp.values()),
                 sum(hir.values()), *[hir[c] for c in self.hires]]
        p = h.period
        refs = [Ref("recruit", p, ids), *[Ref("recruit", p, ids, c) for c in self.recruit], Ref("companies", p, ids),
                Ref("counseling", p, ids), Ref("counseling", p, ids, "in_person"), Ref("counseling", p, ids, "remote"),
                Ref("group_sessions", p, ids), Ref("hires", p, ids), *[Ref("hires", p, ids, c) for c in self.hires]]
        return cells, refs

    def target_cells(self, target: dict[str, int | None], reached: Headline | None, fid) -> list:
        """The target row (``reached`` None) or the % reached row."""
        def val(key):
            t = target.get(key)
            if reached is None:
                return t
            if not t:
                return None
            return round(100 * sum(_sum(reached, key, fid).values()) / t, 1)
        blank = [None]
        return [val("recruit"), *blank * len(self.recruit), val("companies"), val("counseling"), None, None, None,
                val("hires"), *blank * len(self.hires)]


def _ids(fid):
    if fid is None:
        return None
    return tuple(fid) if isinstance(fid, tuple) else (fid,)


def _sum(h: Headline, key: str, fid) -> Counter:
    if isinstance(fid, tuple):
        total = Counter()
        for f in fid:
            total.update(h.of(key, f))
        return total
    return h.of(key, fid)


def _expand(lines):
    return lines


def facility_table(scope: Scope, month_h: Headline, ly_h: Headline, ytd_h: Headline) -> TableBlock:
    fid = scope.facilities[0].id
    lay = Layout.of([(month_h, fid), (ly_h, fid), (ytd_h, fid)])
    cols, groups = lay.columns(Column("구분", "text", 1.6))
    rows, refs = [], []
    for label, h in ((month_label(scope.year, scope.month), month_h),
                     (f"전년동월 ({month_label(scope.year - 1, scope.month)})", ly_h),
                     (f"누계 ({scope.year}년 1~{scope.month}월)", ytd_h)):
        cells, r = lay.values(h, fid)
        rows.append((label, *cells))
        refs.append((None, *r))
    t = scope.targets.get(fid)
    target = {k: getattr(t, k) for k in TARGET_FIELDS} if t else {}
    rows.append((f"{scope.year}년 목표", *lay.target_cells(target, None, fid)))
    rows.append(("목표 대비 (누계)", *lay.target_cells(target, ytd_h, fid)))
    refs += [(None,) * len(cols)] * 2
    block = TableBlock("", cols, tuple(rows), groups, bold_rows=frozenset({0}), refs=tuple(refs),
                       note="" if t else "연간 목표가 정해지지 않았습니다: 보고서 화면의 '연간 목표'에서 정합니다.")
    return _pct_last_row(block)


def _pct_last_row(block: TableBlock) -> TableBlock:
    """The last row (목표 대비) prints as percentages, the others as counts."""
    rows = list(block.rows)
    last = rows[-1]
    rows[-1] = tuple(v if i == 0 or v is None else f"{v:,.1f}%" for i, v in enumerate(last))
    return TableBlock(block.title, tuple(Column(c.label, "text" if i == 0 else "mixed", c.width)
                                         for i, c in enumerate(block.columns)),
                      tuple(rows), block.groups, block.bold_rows, block.muted_rows, block.refs, block.note)


# -- sections --------------------------------------------------------------------------
def _rows_of(counts: Counts, fid, cats=None) -> list[tuple[str, str, int]]:
    """(category, label, value) of a figure's categories, known order first, then others."""
    c = counts.of(fid)
    fig = counts.figure
    keys = [k for k, _ in fig.categories] if cats is None else list(cats)
    out = [(k, fig.label_of(k), c[k]) for k in keys]
    rest = sorted(k for k, n in c.items() if n and k not in keys and k != UNKNOWN)
    out += [(k, fig.label_of(k), c[k]) for k in rest]
    if c[UNKNOWN]:
        out.append((UNKNOWN, UNKNOWN_LABEL, c[UNKNOWN]))
    return out


def _pct(n, d):
    return round(100 * n / d, 1) if d else None


def open_minutes(s, facility: Facility, period: Period) -> int:
    """Minutes the facility is open in the period (opening hours, less holidays and its
    closure days): one room's open time."""
    closures = {c.day for c in s.exec(select(FacilityClosure.day).where(
        FacilityClosure.facility_id == facility.id, FacilityClosure.day >= period.first,
        FacilityClosure.day < period.after)).all()}
    total, day = 0, period.first
    while day < period.after:
        span = calendar.opening_span(facility, day)
        if span and calendar.closed_reason(facility, day, closed=day in closures) is None:
            a, b = span
            total += (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
        day += timedelta(days=1)
    return total


def rooms_section(s, facility: Facility, rooms: list[Room], p: Period) -> Section:
    fid = (facility.id,)
    status: dict[int, Counter] = {r.id: Counter() for r in rooms}
    daily_booked, daily_used = Counter(), Counter()
    for r in s.execute(F.FIGURES["room_bookings"].query(p, fid)).all():
        st = getattr(r.status, "value", r.status)
        status.setdefault(r.category, Counter())[st] += 1
        day = r.on.astimezone(F.SEOUL).date()
        if st != "cancelled":
            daily_booked[day] += 1
        if st == "checked_in":
            daily_used[day] += 1
    booked = F.counts(s, "room_booked_minutes", p, fid).of(facility.id)
    used = F.counts(s, "room_used_minutes", p, fid).of(facility.id)
    late = F.counts(s, "room_late_cancels", p, fid).of(facility.id)
    open_m = open_minutes(s, facility, p)
    names = {r.id: r.name for r in rooms}
    cols = (Column("공간", "text", 2.0), Column("예약"), Column("이용(입실)"), Column("노쇼"), Column("취소"),
            Column("직전 취소"), Column("예약 시간", "hours"), Column("이용 시간", "hours"),
            Column("운영 시간", "hours"), Column("이용률", "pct"), Column("노쇼율", "pct"), Column("직전 취소율", "pct"))
    rows, refs = [], []
    tot = Counter()
    ids = sorted(status, key=lambda i: (names.get(i, ""), i))
    for rid in ids:
        c = status[rid]
        n_all = sum(c.values())
        b, u, lt = booked[str(rid)], used[str(rid)], late[str(rid)]
        live = n_all - c["cancelled"]
        row = (names.get(rid, f"공간 #{rid}"), n_all, c["checked_in"], c["no_show"], c["cancelled"], lt,
               b / 60, u / 60, open_m / 60, _pct(b, open_m), _pct(c["no_show"], live), _pct(lt, n_all))
        rows.append(row)
        refs.append((None, Ref("room_bookings", p, fid), None, None, None, Ref("room_late_cancels", p, fid, str(rid)),
                     Ref("room_booked_minutes", p, fid, str(rid)), Ref("room_used_minutes", p, fid, str(rid)),
                     None, None, None, None))
        tot.update({"all": n_all, "in": c["checked_in"], "ns": c["no_show"], "cx": c["cancelled"], "late": lt,
                    "b": b, "u": u, "open": open_m})
    live = tot["all"] - tot["cx"]
    rows.append(("합계", tot["all"], tot["in"], tot["ns"], tot["cx"], tot["late"], tot["b"] / 60, tot["u"] / 60,
                 tot["open"] / 60, _pct(tot["b"], tot["open"]), _pct(tot["ns"], live), _pct(tot["late"], tot["all"])))
    refs.append((None, Ref("room_bookings", p, fid), None, None, None, Ref("room_late_cancels", p, fid),
                 Ref("room_booked_minutes", p, fid), Ref("room_used_minutes", p, fid), None, None, None, None))
    table = TableBlock("공간별 예약과 이용", cols, tuple(rows), bold_rows=frozenset({len(rows) - 1}), refs=tuple(refs),
                       note="예약 시작일 기준. 이용률 = 예약 시간(취소 제외) ÷ 운영 시간(공휴일·휴관일 제외). "
                            "노쇼율 = 노쇼 ÷ 취소되지 않은 예약. 직전 취소율 = 직전 취소 ÷ 전체 예약.")
    days = []
    d = p.first
    while d < p.after:
        days.append(d)
        d += timedelta(days=1)
    if not tot["all"]:
        return _hinted(Section("스터디룸·회의실", (table,)), "이 달에 시작한 공간 예약이 없습니다.")
    chart = BarsBlock("일별 예약과 이용", tuple(str(x.day) for x in days),
                      (("예약(취소 제외)", tuple(daily_booked[x] for x in days)),
                       ("이용(입실)", tuple(daily_used[x] for x in days))), unit="건")
    return Section("스터디룸·회의실", (table, chart))


def booths_section(s, facility: Facility, booths: list[Room], p: Period) -> Section:
    fid = (facility.id,)
    slots = F.counts(s, "booth_slots", p, fid).of(facility.id)
    booked = F.counts(s, "booth_booked", p, fid)
    attended = F.counts(s, "booth_attended", p, fid).of(facility.id)
    no_show = F.counts(s, "booth_no_shows", p, fid).of(facility.id)
    cols = (Column("세션 유형", "text", 2.2), Column("예약"), Column("이용"), Column("노쇼"), Column("노쇼율", "pct"))
    rows, refs = [], []
    for k, label, n in _rows_of(booked, facility.id):
        rows.append((label, n, attended[k], no_show[k], _pct(no_show[k], n)))
        refs.append((None, Ref("booth_booked", p, fid, k), Ref("booth_attended", p, fid, k),
                     Ref("booth_no_shows", p, fid, k), None))
    nb, na, nn = sum(booked.of(facility.id).values()), sum(attended.values()), sum(no_show.values())
    rows.append(("합계", nb, na, nn, _pct(nn, nb)))
    refs.append((None, Ref("booth_booked", p, fid), Ref("booth_attended", p, fid), Ref("booth_no_shows", p, fid),
                 None))
    by_type = TableBlock("세션 유형별 예약·이용", cols, tuple(rows), bold_rows=frozenset({len(rows) - 1}),
                         refs=tuple(refs), width=0.7)
    names = {b.id: b.name for b in booths}
    offered = sum(slots.values())
    req = F.counts(s, "booth_consult_requests", p, fid).total(facility.id)
    held = F.counts(s, "booth_consults_held", p, fid).total(facility.id)
    rows2 = [(f"제공 회차 ({', '.join(names[b.id] for b in booths)})", offered), ("예약률", _pct(nb, offered)),
             ("분석 컨설팅 요청", req), ("분석 컨설팅 실시", held)]
    cols2 = (Column("항목", "text", 3.0), Column("값", "mixed", 1.0))
    rows2 = [(a, b if not isinstance(b, float) else f"{b:,.1f}%") for a, b in rows2]
    rows2 = [(a, "—" if b is None else b) for a, b in rows2]
    refs2 = ((None, Ref("booth_slots", p, fid)), (None, None), (None, Ref("booth_consult_requests", p, fid)),
             (None, Ref("booth_consults_held", p, fid)))
    summary = TableBlock("회차와 분석 컨설팅", cols2, tuple(rows2), refs=refs2, width=0.6,
                         note="회차 시작일 기준. 예약률 = 취소되지 않은 예약 ÷ 제공 회차(막아 둔 회차 제외). "
                              "분석 컨설팅 실시 = 요청에 답한 'AI 면접 결과 상담'.")
    return _hinted(Section("AI 면접 부스", (by_type, summary)), "이 달의 부스 회차·예약·분석 컨설팅 기록이 없습니다.")


def _simple(title: str, counts: Counts, fid: int, p: Period, extra=None, note: str = "") -> TableBlock:
    ids = (fid,)
    rows, refs = [], []
    for k, label, n in _rows_of(counts, fid):
        row = [label, n]
        ref = [None, Ref(counts.figure.key, p, ids, k)]
        if extra is not None:
            row.append(extra[0].of(fid)[k])
            ref.append(Ref(extra[0].figure.key, p, ids, k))
        rows.append(tuple(row))
        refs.append(tuple(ref))
    total = ["합계", counts.total(fid)]
    tref = [None, Ref(counts.figure.key, p, ids)]
    if extra is not None:
        total.append(extra[0].total(fid))
        tref.append(Ref(extra[0].figure.key, p, ids))
    rows.append(tuple(total))
    refs.append(tuple(tref))
    cols = [Column("구분", "text", 2.4), Column(f"{counts.figure.unit}")]
    if extra is not None:
        cols.append(Column(extra[1]))
    return TableBlock(title, tuple(cols), tuple(rows), bold_rows=frozenset({len(rows) - 1}), refs=tuple(refs),
                      note=note, width=0.62 if extra is not None else 0.5)


def counseling_section(s, facility: Facility, p: Period) -> Section:
    fid = (facility.id,)
    c = {k: F.counts(s, k, p, fid) for k in ("counseling_kind", "counseling_mode", "counseling_topic",
                                             "group_sessions", "group_participants", "followups")}
    blocks = (
        _simple("상담 유형별", c["counseling_kind"], facility.id, p),
        _simple("상담 방식별", c["counseling_mode"], facility.id, p, note="대면 외의 방식(전화·화상·온라인)이 비대면입니다."),
        _simple("상담 주제별", c["counseling_topic"], facility.id, p,
                note="한 상담에 주제가 여럿이면 각 주제에 한 번씩 셉니다: 합계가 상담 건수보다 클 수 있습니다."),
        _simple("집단 프로그램 (1:1 상담과 따로)", c["group_sessions"], facility.id, p,
                extra=(c["group_participants"], "참여 인원"),
                note="참여 인원 = 기록된 참석 청년 + 대규모 온라인 특강의 집계 인원."),
        _simple("그 달이 기한인 후속 조치", c["followups"], facility.id, p,
                note="기한 내 완료 = 기한일까지 그 후속 조치를 완료한 상담을 기록한 경우. 그 달 말까지 완료하지 "
                     "않은 건은 나중에 완료하거나 취소해도 이 달에는 미완료로 셉니다."),
    )
    return _hinted(Section("상담", blocks), "이 달에 진행한 상담·집단 프로그램도, 기한이 이 달인 후속 조치도 "
                                         "없습니다.")


def matching_section(s, facility: Facility, p: Period) -> Section:
    fid = (facility.id,)
    ref, itv, hir = (F.counts(s, k, p, fid) for k in ("referrals", "interviews", "hires"))
    keys = _parts("hires", HIRE_FIXED, [ref.of(facility.id), itv.of(facility.id), hir.of(facility.id)])
    cols = (Column("추천 경로", "text", 2.4), Column("추천"), Column("면접"), Column("입사(매칭)"))
    rows, refs = [], []
    for k in keys:
        rows.append((F.FIGURES["hires"].label_of(k), ref.of(facility.id)[k], itv.of(facility.id)[k],
                     hir.of(facility.id)[k]))
        refs.append((None, Ref("referrals", p, fid, k), Ref("interviews", p, fid, k), Ref("hires", p, fid, k)))
    rows.append(("합계", ref.total(facility.id), itv.total(facility.id), hir.total(facility.id)))
    refs.append((None, Ref("referrals", p, fid), Ref("interviews", p, fid), Ref("hires", p, fid)))
    pipeline = TableBlock("추천·면접·입사 (경로별)", cols, tuple(rows), bold_rows=frozenset({len(rows) - 1}),
                          refs=tuple(refs), note="그 달에 추천한 건, 면접 단계로 옮긴 건, 입사한 건 (단계 이동일 기준).",
                          width=0.7)
    ret = F.counts(s, "retention", p, fid).of(facility.id)
    rcols = (Column("확인 시점", "text", 2.4), Column("재직"), Column("퇴사"), Column("유지율", "pct"))
    rrows, rrefs = [], []
    for m in (1, 3, 6):
        e, lft = ret[f"{m}:employed"], ret[f"{m}:left"]
        rrows.append((f"입사 {m}개월", e, lft, _pct(e, e + lft)))
        rrefs.append((None, Ref("retention", p, fid, f"{m}:employed"), Ref("retention", p, fid, f"{m}:left"), None))
    retention = TableBlock("고용유지 확인 (그 달에 기록한 결과)", rcols, tuple(rrows), refs=tuple(rrefs),
                           note="유지율 = 재직 ÷ (재직 + 퇴사).", width=0.7)
    return _hinted(Section("청년-기업 매칭", (pipeline, retention)), "이 달의 추천·면접·입사와 고용유지 확인 기록이 "
                                                                  "없습니다.")


def courses_section(s, facility: Facility, p: Period) -> Section:
    from models.courses.enums import CourseStatus
    from models.courses.figures import figures as course_figures
    from models.courses.tables import Course
    fid = (facility.id,)
    k = {key: F.counts(s, key, p, fid) for key in (
        "course_running", "course_places", "course_applicants", "course_selected", "course_enrolled",
        "course_roll_days", "course_trainee_days", "course_absence_days", "course_attendance", "course_dropouts",
        "course_completions", "course_outcomes")}
    t = {key: c.total(facility.id) for key, c in k.items()}
    att = k["course_attendance"].of(facility.id)
    enrolled = k["course_enrolled"].of(facility.id)
    done = k["course_completions"].of(facility.id)
    # the employment rate of the courses that ended in the twelve months up to this month
    since = F.month(*F.shift(p.first.year, p.first.month, -11)).first
    ended = s.exec(select(Course.id).where(Course.facility_id == facility.id, Course.end_on >= since,
                                           Course.end_on < p.after, Course.status != CourseStatus.CANCELLED)).all()
    figs = course_figures(s, course_ids=list(ended), as_of=p.end) if ended else {}
    completed = sum(f.completed for f in figs.values())
    employed = sum(f.employed for f in figs.values())
    # the competition ratio of the recruitments that closed in the month
    closed = s.exec(select(Course.id, Course.places).where(
        Course.facility_id == facility.id, Course.apply_until >= p.first, Course.apply_until < p.after,
        Course.status != CourseStatus.CANCELLED)).all()
    cfigs = course_figures(s, course_ids=[c for c, _ in closed], as_of=p.end) if closed else {}
    applied = sum(f.applicants for f in cfigs.values())
    places = sum(n for _, n in closed)
    rows = [
        ("운영 과정 (그 달에 수업이 있던 과정)", t["course_running"], Ref("course_running", p, fid)),
        ("운영 과정 정원", t["course_places"], Ref("course_places", p, fid)),
        ("지원 (그 달 지원일)", t["course_applicants"], Ref("course_applicants", p, fid)),
        (f"경쟁률 (그 달 모집 마감 과정 {len(closed)}개: 지원 {applied:,} ÷ 정원 {places:,})", _ratio(applied, places),
         None),
        ("선발 (선발 발표·예비 합격 수락)", t["course_selected"], Ref("course_selected", p, fid)),
        ("등록 (첫날이 그 달, 첫날 불참 제외)", enrolled["enrolled"], Ref("course_enrolled", p, fid, "enrolled")),
        ("첫날 불참", enrolled["no_show"], Ref("course_enrolled", p, fid, "no_show")),
        ("출석부 저장 수업일", t["course_roll_days"], Ref("course_roll_days", p, fid)),
        ("출석부 인원 (수강생 × 수업일)", t["course_trainee_days"], Ref("course_trainee_days", p, fid)),
        ("결석 환산 일수 (결석 + 지각·조퇴 환산)", t["course_absence_days"], Ref("course_absence_days", p, fid)),
        (f"출석률 (({t['course_trainee_days']:,} - {t['course_absence_days']:,}) ÷ {t['course_trainee_days']:,})",
         _pct_text(t["course_trainee_days"] - t["course_absence_days"], t["course_trainee_days"]), None),
        ("지각", att["late"], Ref("course_attendance", p, fid, "late")),
        ("조퇴", att["early_leave"], Ref("course_attendance", p, fid, "early_leave")),
        ("결석", att["absent"], Ref("course_attendance", p, fid, "absent")),
        ("공결", att["excused"], Ref("course_attendance", p, fid, "excused")),
        ("중도탈락", t["course_dropouts"], Ref("course_dropouts", p, fid)),
        ("수료", done["completed"], Ref("course_completions", p, fid, "completed")),
        ("미수료", done["not_completed"], Ref("course_completions", p, fid, "not_completed")),
        ("수료생 취업 확인 기록", t["course_outcomes"], Ref("course_outcomes", p, fid)),
        (f"취업률 (최근 12개월 종료 과정 {len(ended)}개: 취업 {employed:,} ÷ 수료 {completed:,})",
         _pct_text(employed, completed), None),
    ]
    cols = (Column("항목", "text", 4.0), Column("값", "mixed", 1.2))
    table = TableBlock("", cols, tuple((a, "—" if b is None else b) for a, b, _ in rows), width=0.7,
                       refs=tuple((None, r) for _, _, r in rows),
                       note="출석률 = (출석부 인원 - 결석 환산 일수) ÷ 출석부 인원. 출석부 인원은 그 달에 저장한 출석부마다 "
                            "그날 수강 중이던 수강생(합류한 날부터, 중도탈락은 그 전날까지)의 수이고, 표시가 없으면 출석입니다. "
                            "결석 환산은 교육과정 화면과 같은 계산으로, 결석에 지각·조퇴를 수강생마다 그 달 안에서 과정의 기준"
                            "(기본 3회)마다 결석 1일로 더하며, 공결은 출석으로 봅니다. "
                            "취업률 = 수료 후 6개월 안에 취업한 수료생 ÷ 수료생 (교육과정 화면과 같은 정의), 그 달 말일 "
                            "24:00까지 기록된 취업 확인만 셉니다: 나중에 다시 출력해도 같은 값이고, 그 뒤에 기록된 확인은 "
                            "기록한 달의 보고서부터 반영됩니다. 경쟁률도 그 달 말 기준의 지원입니다.")
    drop = _simple("중도탈락 사유", k["course_dropouts"], facility.id, p)
    return _hinted(Section("교육과정", (table, drop)), "이 달에 수업이 있던 과정도, 지원·선발·출결·수료 기록도 "
                                                    "없습니다.")


def _hinted(section: Section, hint: str) -> Section:
    """The section with ``hint`` under its title when every figure its tables show is 0
    (a section of zeros alone reads like a fault)."""
    values = [v for b in section.blocks if isinstance(b, TableBlock) for row, refs in zip(b.rows, b.refs, strict=False)
              for v, r in zip(row, refs, strict=False) if r is not None]
    if any(isinstance(v, int | float) and v for v in values):
        return section
    return replace(section, note=hint)


def _ratio(n, d):
    return f"{n / d:,.2f} : 1" if d else None


def _pct_text(n, d):
    return f"{100 * n / d:,.1f}%" if d else None


def trend_section(s, scope: Scope) -> Section:
    periods = F.trailing(scope.year, scope.month, 12)
    ids = scope.ids
    series = [(TARGET_FIELDS[k], tuple(F.monthly(s, k, periods, ids))) for k in F.HEADLINE]
    labels = tuple(f"{p.first.year % 100:02d}.{p.first.month:02d}" for p in periods)
    cols = (Column("지표", "text", 1.8), *[Column(f"{p.first.month}월", width=0.7) for p in periods],
            Column("12개월 계", width=0.9))
    rows = tuple((name, *vals, sum(vals)) for name, vals in series)
    refs = tuple((None, *[Ref(k, p, ids) for p in periods], Ref(k, F.Period(periods[0].first, periods[-1].after), ids))
                 for k in F.HEADLINE)
    table = TableBlock(f"{month_label(periods[0].first.year, periods[0].first.month)} ~ "
                       f"{month_label(scope.year, scope.month)}", cols, rows, refs=refs)
    return Section("12개월 추이", (TrendBlock("", labels, tuple(series)), table))


# -- documents -------------------------------------------------------------------------
def services_of(s, facility: Facility) -> dict:
    rooms = s.exec(select(Room).where(Room.facility_id == facility.id, Room.is_active.is_(True))
                   .order_by(Room.name)).all()
    return {
        "rooms": [r for r in rooms if r.kind in (RoomKind.STUDY_ROOM, RoomKind.MEETING_ROOM)],
        "booths": [r for r in rooms if r.kind is RoomKind.AI_BOOTH],
        "counseling": facility.kind is not FacilityKind.CAMPUS or _any_counseling(s, facility.id),
        "matching": facility.kind in MATCHING_KINDS,
        "courses": facility.kind is FacilityKind.CAMPUS,
    }


def _any_counseling(s, fid: int) -> bool:
    from models.counseling.tables import CounselingSession
    return s.exec(select(CounselingSession.id).where(CounselingSession.facility_id == fid).limit(1)).first() is not None


def facility_name(f: Facility) -> str:
    mark = STATUS_MARK.get(f.status)
    return f"{f.name} ({mark})" if mark else f.name


def facility_document(s, scope: Scope, printed: str) -> tuple[Document, dict]:
    """The facility's summary and its headline figures ({'month'|'last_year'|'ytd': Headline})."""
    f = scope.facilities[0]
    ids = scope.ids
    heads = {"month": headline(s, scope.period, ids), "last_year": headline(s, scope.last_year, ids),
             "ytd": headline(s, scope.ytd, ids)}
    sections = [Section("운영 실적", (facility_table(scope, heads["month"], heads["last_year"], heads["ytd"]),))]
    run = services_of(s, f)
    p = scope.period
    if run["courses"]:  # a campus's own work first
        sections.append(courses_section(s, f, p))
    if run["rooms"]:
        sections.append(rooms_section(s, f, run["rooms"], p))
    if run["booths"]:
        sections.append(booths_section(s, f, run["booths"], p))
    if run["counseling"]:
        sections.append(counseling_section(s, f, p))
    if run["matching"]:
        sections.append(matching_section(s, f, p))
    sections.append(trend_section(s, scope))
    label = month_label(scope.year, scope.month)
    doc = Document(f"{label} 월간 운영 실적 — {facility_name(f)}",
                   (f"{f.code} · {f.kind.label} · {f.region.label} {f.district}", printed,
                    "건수만 담은 보고서입니다: 이름·연락처·생년월일·상담 내용은 없습니다."),
                   tuple(sections), DEFINITIONS, f"{f.name} · {label} 월간 운영 실적")
    return doc, heads


def city_document(s, scope: Scope, region: Region | None, printed: str) -> tuple[Document, dict]:
    ids = scope.ids
    h = headline(s, scope.period, ids)
    by_region: dict[Region, list] = {}
    for f in scope.facilities:
        by_region.setdefault(f.region, []).append(f)
    regions = [r for r in Region if r in by_region]
    lines = [(h, f.id) for f in scope.facilities]
    lay = Layout.of(lines)
    cols, groups = lay.columns(Column("시설", "text", 3.4))
    sections = []
    chart_series = {k: [] for k in F.HEADLINE}
    region_totals = []
    for r in regions:
        fs = sorted(by_region[r], key=lambda f: (f.status is not FacilityStatus.OPEN, f.kind.value, f.name))
        rows, refs, muted = [], [], set()
        for f in fs:
            cells, rf = lay.values(h, f.id)
            if f.status is not FacilityStatus.OPEN:
                muted.add(len(rows))
            rows.append((facility_name(f), *cells))
            refs.append((None, *rf))
        rid = tuple(f.id for f in fs)
        cells, rf = lay.values(h, rid)
        rows.append((f"{r.label} 계 ({len(fs)}곳)", *cells))
        refs.append((None, *rf))
        region_totals.append((r, cells, rf))
        for k in F.HEADLINE:
            chart_series[k].append(sum(_sum(h, k, rid).values()))
        sections.append(Section(f"{r.label}", (TableBlock("", cols, tuple(rows), groups,
                                                          bold_rows=frozenset({len(rows) - 1}),
                                                          muted_rows=frozenset(muted), refs=tuple(refs)),)))
    title = "서울시 전체" if region is None else f"{region.label} 전체"
    if region is None:  # the city: the regions' totals and chart first (one region: its table's total row says it)
        rows = [(f"{r.label} ({len(by_region[r])}곳)", *cells) for r, cells, _ in region_totals]
        refs = [(None, *rf) for _, _, rf in region_totals]
        cells, rf = lay.values(h, ids if ids else ())
        rows.append((f"{title} ({len(scope.facilities)}곳)", *cells))
        refs.append((None, *rf))
        total = TableBlock("권역별 합계", cols, tuple(rows), groups, bold_rows=frozenset({len(rows) - 1}),
                           refs=tuple(refs))
        chart = BarsBlock("권역별 실적", tuple(r.label for r in regions),
                          tuple((TARGET_FIELDS[k], tuple(chart_series[k])) for k in F.HEADLINE), panels=True)
        sections.insert(0, Section(f"{title} 합계", (total, chart)))
    label = month_label(scope.year, scope.month)
    planned = sum(f.status is FacilityStatus.PLANNED for f in scope.facilities)
    closed = sum(f.status is FacilityStatus.CLOSED for f in scope.facilities)
    which = "과 ".join(x for x in (f"개소 예정 {planned}곳" if planned else "",
                                    f"운영 종료 {closed}곳" if closed else "") if x)
    marks = f"{which}은 이름 옆에 표시하고 흐리게 보였습니다." if which else ""
    doc = Document(f"{label} 월간 운영 실적 — {title}",
                   (f"시설 {len(scope.facilities)}곳 · 권역 {len(regions)}곳" if region is None
                    else f"{region.label} · 시설 {len(scope.facilities)}곳", printed,
                    "건수만 담은 보고서입니다: 이름·연락처·생년월일·상담 내용은 없습니다."),
                   tuple(sections), tuple(x for x in (*DEFINITIONS, marks) if x), f"{title} · {label} 월간 운영 실적")
    return doc, {"month": h}


def first_of(year: int, month: int) -> date:
    return date(year, month, 1)
