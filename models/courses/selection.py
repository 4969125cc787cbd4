"""Three-stage selection: 서류 → 실무역량평가 → 최종면접.

Each stage of a course is judged by a 0–100 score against its cut-off (cleared at or above
it) or by pass/fail. Only an applicant who cleared a stage can be given a result at the
next one. An applicant who cleared all three is *qualified*; their final score is the sum
of each score stage's score times its weight (the weights of the score stages add up to
100; pass/fail stages carry none), divided by 100.

**The ranking and its tie-break.** Qualified applicants are ranked by, in turn:

1. the higher final score (computed exactly, not rounded);
2. the higher 최종면접 score, then the higher 실무역량평가 score, then the higher 서류 score
   (only the stages scored 0–100; a pass/fail stage is skipped);
3. the earlier application date;
4. the application recorded first (the lower application number).

So no two applicants ever share a rank, and the same scores always give the same order.

**Deciding.** ``decide_selection`` selects the top N (N defaults to the places and may not
exceed them; fewer when fewer qualified): 합격. The next ⌈N × reserve % ÷ 100⌉ (20 % by
default) form the ranked reserve list: 예비합격 1순위, 2순위 …. Everyone else is 미선발,
those who fell at a stage included. It is refused while any applicant still waits for a
stage's result. What it decides is kept on the application (result, rank, reserve rank,
final score) and does not change later.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from sqlmodel import select

from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.core.masking import format_phone
from models.core.permissions import Actor, Perm
from models.courses import access
from models.courses.access import CoursesBase, not_found
from models.courses.dtos import Ranking, RankRow, ResultRow, Results, StageResult, StageRow
from models.courses.enums import (
    STAGES,
    ApplicationStatus,
    CourseStatus,
    SelectionResult,
    Stage,
    StageMode,
)
from models.courses.tables import Course, CourseApplication, CourseScore
from models.facilities.tables import Facility
from models.youth.tables import Youth

SCORE_RANGE = "점수는 0~100 사이의 정수로 입력하세요."
PASS_FAIL = "합격 또는 불합격을 고르세요."
GATED = "'{prev}' 단계를 통과한 지원자만 '{stage}' 결과를 받을 수 있습니다."
DECIDED = "선발을 확정한 뒤에는 심사 결과를 바꿀 수 없습니다."
NOT_SCORING = "모집중이거나 선발중인 과정에만 심사 결과를 기록할 수 있습니다."
NOT_IN_SELECTION = "선발 심사 중인 지원자가 아닙니다."
LATER_RESULT = "다음 단계 결과가 있어 지울 수 없습니다. 다음 단계 결과부터 지우세요."
TOO_MANY = "정원({places}명)보다 많이 선발할 수 없습니다."
PENDING = "아직 심사가 끝나지 않은 지원자가 {n}명 있습니다. 모든 단계 결과를 기록한 뒤 확정하세요."
NOT_SELECTING = "선발중인 과정에서만 선발을 확정할 수 있습니다."
NOT_DECIDED = "선발을 확정한 뒤에 결과 명단을 볼 수 있습니다."
PHONES = "연락처 전체를 볼 권한이 없습니다."


def _stage(value) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ValidationError.single("stage", "목록에서 선택하세요.") from None


def check_value(stage: StageRow, value, field: str = "score"):
    """``value`` as the stage records it: an int 0–100 for a score stage, a bool for a
    pass/fail one (None clears it)."""
    if value is None:
        return None
    if stage.mode is StageMode.SCORE:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise ValidationError.single(field, SCORE_RANGE)
        return value
    if not isinstance(value, bool):
        raise ValidationError.single(field, PASS_FAIL)
    return value


def judge(stages: tuple[StageRow, ...], recorded: dict[Stage, tuple[int | None, bool | None]]):
    """(stage results, the stage reached, the stage failed, the final score or None)."""
    results, reached, failed, total = [], None, None, Fraction(0)
    stopped = False
    for st in stages:
        rec = recorded.get(st.stage)
        if stopped or rec is None:
            results.append(StageResult(st.stage, rec[0] if rec else None, rec[1] if rec else None, None))
            if not stopped:
                reached, stopped = st.stage, True
            continue
        score, passed = rec
        cleared = (score is not None and score >= st.cutoff) if st.mode is StageMode.SCORE else bool(passed)
        results.append(StageResult(st.stage, score, passed, cleared))
        if not cleared:
            failed, reached, stopped = st.stage, st.stage, True
        elif st.mode is StageMode.SCORE:
            total += Fraction(st.weight * (score or 0), 100)
    return tuple(results), reached, failed, (None if stopped else total)


def sort_key(stages: tuple[StageRow, ...], final: Fraction, recorded, applied_on, application_id):
    """The order of qualified applicants (the module's docstring): the smaller, the better."""
    scored = [st for st in reversed(stages) if st.mode is StageMode.SCORE]
    return (-final, *(-(recorded[st.stage][0] or 0) for st in scored), applied_on, application_id)


def reserve_size(count: int, pct: int) -> int:
    return math.ceil(count * pct / 100)


class SelectionPart(CoursesBase):
    # -- recording ----------------------------------------------------------------------
    def record_score(self, actor: Actor, application_id: int, stage: Stage | str, value) -> None:
        """An applicant's result at ``stage``: an int 0–100 or True/False (None clears it)."""

        def work(s):
            a = s.get(CourseApplication, application_id)
            if a is None:
                raise not_found("application_id")
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, a.course_id, lock=True)
            self._record(s, actor, c, {a.id: value}, _stage(stage), lambda _aid: "score", {a.id: a})

        self.db.write(work, actor=actor)

    def record_scores(self, actor: Actor, course_id: int, stage: Stage | str, values: dict) -> None:
        """Results at ``stage`` for many applicants at once ({application id: value}); a
        bad one names its field ``score[<application id>]`` and nothing is written."""
        st = _stage(stage)
        if not isinstance(values, dict) or not values:
            raise ValidationError.single("score", "기록할 결과가 없습니다.")

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            ids = [k for k in values if isinstance(k, int) and not isinstance(k, bool)]
            apps = {}
            for i in range(0, len(ids), 900):
                apps.update({a.id: a for a in s.exec(select(CourseApplication).where(
                    CourseApplication.id.in_(ids[i:i + 900]), CourseApplication.course_id == c.id)).all()})
            self._record(s, actor, c, values, st, lambda aid: f"score[{aid}]", apps)

        self.db.write(work, actor=actor)

    def _record(self, s, actor: Actor, c: Course, values: dict, stage: Stage, field_of: Callable, apps: dict) -> None:
        if c.selected_at is not None:
            raise Conflict(DECIDED)
        if c.status not in (CourseStatus.RECRUITING, CourseStatus.SELECTING):
            raise RuleViolation("course_status", NOT_SCORING)
        stages = access.stages_of(s, c.id)
        row = next(st for st in stages if st.stage is stage)
        prev = stages[stage.order - 1] if stage.order else None
        recorded = self._recorded(s, list(apps))
        errors, now = {}, self.clock()
        for aid, value in values.items():
            field = field_of(aid)
            a = apps.get(aid)
            if a is None:
                errors[field] = "이 과정의 지원자가 아닙니다."
                continue
            if a.status is not ApplicationStatus.APPLIED:
                errors[field] = NOT_IN_SELECTION
                continue
            try:
                value = check_value(row, value, field)
            except ValidationError as exc:
                errors.update(exc.errors)
                continue
            mine = recorded.get(aid, {})
            if prev is not None and value is not None:
                results, _, _, _ = judge(stages[:stage.order], mine)
                if not all(r.cleared for r in results):
                    errors[field] = GATED.format(prev=prev.stage.label, stage=stage.label)
                    continue
            later = [st for st in STAGES[stage.order + 1:] if st in mine]
            existing = s.get(CourseScore, (aid, stage))
            if value is None:
                if existing is not None and later:
                    errors[field] = LATER_RESULT
                    continue
                if existing is not None:
                    s.delete(existing)
                continue
            score, passed = (value, None) if row.mode is StageMode.SCORE else (None, value)
            if existing is None:
                existing = CourseScore(application_id=aid, stage=stage, course_id=c.id, facility_id=c.facility_id)
            existing.score, existing.passed, existing.recorded_at, existing.recorded_by = \
                score, passed, now, actor.user_id
            s.add(existing)
        if errors:
            raise ValidationError(errors)
        s.flush()

    def _recorded(self, s, application_ids=None, course_id: int | None = None) -> dict:
        q = select(CourseScore.application_id, CourseScore.stage, CourseScore.score, CourseScore.passed)
        out: dict[int, dict] = {}
        if course_id is not None:
            rows = s.exec(q.where(CourseScore.course_id == course_id)).all()
        else:
            ids = list(application_ids or [])
            rows = []
            for i in range(0, len(ids), 900):
                rows += s.exec(q.where(CourseScore.application_id.in_(ids[i:i + 900]))).all()
        for aid, stage, score, passed in rows:
            out.setdefault(aid, {})[stage] = (score, passed)
        return out

    # -- the ranking ----------------------------------------------------------------------
    def _rank(self, s, c: Course, *, with_youth: bool = True) -> Ranking:
        stages = access.stages_of(s, c.id)
        A = CourseApplication  # noqa: N806  (columns, not objects: a thousand applicants open in one go)
        q = select(A.id, A.youth_id, A.applied_on, A.result).where(A.course_id == c.id)
        q = q.where(A.status == ApplicationStatus.APPLIED) if c.selected_at is None else q.where(A.result.is_not(None))
        apps = list(s.exec(q).all())
        recorded = self._recorded(s, course_id=c.id)
        youth = access.youth_rows(s, [a.youth_id for a in apps]) if with_youth else {}
        judged, qualified = [], []
        for a in apps:
            mine = recorded.get(a.id, {})
            results, reached, failed, final = judge(stages, mine)
            judged.append((a, results, reached, failed, final))
            if final is not None:
                qualified.append((sort_key(stages, final, mine, a.applied_on, a.id), a.id))
        qualified.sort()
        rank = {aid: i + 1 for i, (_, aid) in enumerate(qualified)}
        count = min(c.places, len(qualified))
        reserve = reserve_size(count, c.reserve_pct)
        pending = sum(1 for _, _, _, failed, final in judged if final is None and failed is None)
        rows = []
        for a, results, reached, failed, final in judged:
            r = rank.get(a.id)
            if c.selected_at is not None:
                outcome = a.result
            elif r is None:
                outcome = SelectionResult.NOT_SELECTED if failed is not None else None
            else:
                outcome = (SelectionResult.SELECTED if r <= count else
                           SelectionResult.RESERVE if r <= count + reserve else SelectionResult.NOT_SELECTED)
            name, phone = youth.get(a.youth_id, ("", ""))
            rows.append(RankRow(a.id, a.youth_id, name, phone, a.applied_on, results, reached, failed,
                                None if final is None else float(final), r, outcome))
        big = len(rows) + 1
        rows.sort(key=lambda x: (x.rank or big, x.failed_stage is None,
                                 -(x.failed_stage.order if x.failed_stage else 0), x.applied_on, x.application_id))
        return Ranking(c.id, c.places, reserve_size(c.places, c.reserve_pct), stages, tuple(rows), pending,
                       len(qualified), c.selected_at is not None)

    def ranking(self, actor: Actor, course_id: int) -> Ranking:
        """Every applicant in selection with their stage results, ranked (see the module's
        docstring); after the decision, as decided."""

        def work(s):
            return self._rank(s, access.course_for(s, actor, Perm.COURSE_VIEW, course_id))

        return self.db.read(work)

    def decide_selection(self, actor: Actor, course_id: int, version: int, count: int | None = None) -> dict:
        """Decide the selection (see the module's docstring); returns the counts
        {"selected", "reserve", "not_selected"}."""
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
            raise ValidationError.single("count", "선발 인원은 1명 이상의 정수로 입력하세요.")
        now = self.clock()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            access.check_version(c, version)
            if c.selected_at is not None:
                raise Conflict("이미 선발을 확정한 과정입니다.")
            if c.status is not CourseStatus.SELECTING:
                raise RuleViolation("course_status", NOT_SELECTING)
            n = c.places if count is None else count
            if n > c.places:
                raise ValidationError.single("count", TOO_MANY.format(places=c.places))
            ranking = self._rank(s, c, with_youth=False)
            if ranking.pending:
                raise RuleViolation("selection_pending", PENDING.format(n=ranking.pending))
            n = min(n, ranking.qualified)
            reserve = reserve_size(n, c.reserve_pct)
            apps = {a.id: a for a in s.exec(select(CourseApplication).where(
                CourseApplication.course_id == c.id, CourseApplication.status == ApplicationStatus.APPLIED)).all()}
            counts = {"selected": 0, "reserve": 0, "not_selected": 0}
            for row in ranking.rows:
                a = apps[row.application_id]
                a.rank = row.rank
                a.final_score = None if row.final_score is None else round(row.final_score * 100)
                if row.rank is not None and row.rank <= n:
                    a.result, a.status = SelectionResult.SELECTED, ApplicationStatus.SELECTED
                elif row.rank is not None and row.rank <= n + reserve:
                    a.result, a.status = SelectionResult.RESERVE, ApplicationStatus.RESERVE
                    a.reserve_rank = row.rank - n
                else:
                    a.result, a.status = SelectionResult.NOT_SELECTED, ApplicationStatus.NOT_SELECTED
                counts[a.result.value] += 1
                a.version += 1
                s.add(a)
            c.selected_at = now
            c.version += 1
            s.add(c)
            s.flush()
            return counts

        return self.db.write(work, actor=actor)

    # -- the results list -----------------------------------------------------------------
    def results(self, actor: Actor, course_id: int, *, with_phones: bool = False,
                write: Callable[[Results], object] | None = None, purpose: str | None = None) -> Results:
        """The decided results to notify applicants: 합격 by rank, 예비합격 by reserve rank,
        then 미선발. Phones are masked unless ``with_phones`` (roles that may see contact
        details; an audit read). ``write(results)``, when given, makes the printout or file
        inside the transaction, which then records the output (with ``purpose``)."""
        from models.courses.completion import output_purpose
        purpose = output_purpose(purpose)
        self._settle_course(course_id)

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            if c.selected_at is None:
                raise Conflict(NOT_DECIDED)
            if with_phones and not actor.can(Perm.YOUTH_CONTACT, c.facility_id):
                raise PermissionDenied(PHONES)
            ranking = self._rank(s, c, with_youth=True)
            apps = {a.id: a for a in s.exec(select(CourseApplication).where(
                CourseApplication.course_id == c.id, CourseApplication.result.is_not(None))).all()}
            phones = {}
            if with_phones:
                ids = sorted({a.youth_id for a in apps.values()})
                for i in range(0, len(ids), 900):
                    phones.update(dict(s.exec(select(Youth.id, Youth.phone).where(Youth.id.in_(ids[i:i + 900]))).all()))
            order = {SelectionResult.SELECTED: 0, SelectionResult.RESERVE: 1, SelectionResult.NOT_SELECTED: 2}
            rows = []
            for r in ranking.rows:
                a = apps[r.application_id]
                rows.append(ResultRow(a.id, a.youth_id, r.youth_name,
                                      format_phone(phones.get(a.youth_id, "")) if with_phones else r.phone_masked,
                                      a.result, _reason(a, r), a.rank, a.reserve_rank,
                                      None if a.final_score is None else a.final_score / 100, a.status))
            big = len(rows) + 1
            rows.sort(key=lambda x: (order[x.result], x.reserve_rank or 0, x.rank or big, x.application_id))
            facility = s.get(Facility, c.facility_id)
            out = Results(c.id, c.name, facility.name, tuple(rows), with_phones)
            if with_phones:
                record(s, AuditAction.READ, "course_application", None, facility_id=c.facility_id,
                       detail=f"선발 결과 명단 연락처 열람 {c.name} ({len(rows)}명)")
            if write is not None:
                write(out)
                record(s, AuditAction.OUTPUT, "course_application", None, facility_id=c.facility_id,
                       detail=f"선발 결과 명단 출력 {c.name} ({len(rows)}명)"
                              + (" · 연락처 포함" if with_phones else "") + (f" · 목적: {purpose}" if purpose else ""))
            return out

        return self.db.write(work, actor=actor) if (with_phones or write is not None) else self.db.read(work)


def _reason(a: CourseApplication, r: RankRow) -> str:
    if a.result is SelectionResult.SELECTED:
        return f"합격 ({a.rank}위)"
    if a.result is SelectionResult.RESERVE:
        return f"예비합격 {a.reserve_rank}순위"
    if r.failed_stage is not None:
        return f"{r.failed_stage.label} 불합격"
    return f"미선발 ({a.rank}위)" if a.rank else "미선발"
