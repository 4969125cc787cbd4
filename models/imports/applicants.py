"""A course's applicants (지원자) as an import target (issue 14): the online application
form's export, one applicant a row. The target is built for one course
(``targets.target("applicants:<course id>")``).

Each row is a youth of the registry (the youth target's fields and rules, from
``models.imports.youth``) with the day the application came in (지원일, default today) and,
for a day outside the application window, the manager's written reason (예외 사유), checked
as ``CoursesService.apply`` checks them. A row matching a registered youth (the same phone,
or the same name and birth date) is that youth: 병합 (the default here) applies them,
updating only the fields the file filled; a youth who already applied to the course
cannot be taken again. ``commit`` registers the new youths and merges the matched ones
(``YouthBulk.import_rows``), then applies everyone with ``Services.courses.apply_many``,
all inside the importer's one transaction: one bad row writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from models.core.errors import RuleViolation, ValidationError
from models.core.permissions import Perm, require
from models.courses.applications import OUTSIDE, TWICE
from models.courses.enums import ApplyChannel, CourseStatus
from models.courses.schemas import ApplicationInput
from models.courses.tables import REASON_MAX
from models.imports import values as v
from models.imports.engine import Match
from models.imports.mapping import FieldSpec
from models.imports.youth import FIELDS as YOUTH_FIELDS
from models.imports.youth import YouthTarget
from models.youth.schemas import YouthInput

FUTURE = "오늘 이후의 지원일은 받을 수 없습니다."
NOT_OPEN = "모집중이거나 선발중(선발 확정 전)인 과정에만 지원자를 가져올 수 있습니다."
REASON_LONG = f"예외 사유는 {REASON_MAX}자 이하로 입력하세요."
# the youth's consent day keeps its own names; 신청일/접수일 name the application here
FIELDS = tuple(f if f.key != "consent_on" else replace(
    f, synonyms=tuple(a for a in f.synonyms if a not in ("신청일", "접수일"))) for f in YOUTH_FIELDS) + (
    FieldSpec("applied_on", "지원일", False, ("지원일자", "지원 일자", "신청일", "신청일자", "접수일", "접수일자",
                                          "제출일", "applied", "applieddate", "submitted"),
              hint="비우면 오늘, 예: 2026-11-20"),
    FieldSpec("override_reason", "예외 사유", False, ("모집기간 외 사유", "기간 외 사유", "사유", "reason"),
              hint="모집 기간 밖의 지원일일 때 시설 관리자가 적는 사유"),
)


@dataclass(frozen=True)
class ApplicantInput:
    youth: YouthInput
    applied_on: date
    override_reason: str | None


class ApplicantTarget(YouthTarget):
    key = "applicants"
    label = "교육과정 지원자"
    noun = "지원자"
    fields = FIELDS
    merge_by_default = True  # a registered youth in the file is that youth applying

    def __init__(self, course_id: int):
        self.course_id = course_id
        self.course = None
        self._applied: set[int] = set()

    def check_access(self, services, actor, facility_id):
        course = services.courses.get_course(actor, self.course_id)
        require(actor, Perm.COURSE_MANAGE, course.facility_id)
        require(actor, Perm.YOUTH_EDIT, course.facility_id)
        if not (course.status is CourseStatus.RECRUITING
                or (course.status is CourseStatus.SELECTING and not course.selection_decided)):
            raise RuleViolation("course_status", NOT_OPEN)
        self.course = course
        self.today = services.courses.today()

    def validate(self, services, cells: dict[str, str]) -> ApplicantInput:
        data = dict(cells)
        day_text = data.pop("applied_on", "").strip()
        reason = " ".join(data.pop("override_reason", "").split()) or None
        errors: dict[str, str] = {}
        youth = None
        try:
            youth = super().validate(services, data)
        except ValidationError as exc:
            errors.update(exc.errors)
        day = self.today
        if day_text:
            try:
                day = date.fromisoformat(v.date_text(day_text))
            except ValueError:
                errors["applied_on"] = "날짜 형식이 올바르지 않습니다(예: 2026-11-20)."
        if "applied_on" not in errors and self.course is not None:
            c = self.course
            if day > self.today:
                errors["applied_on"] = FUTURE
            elif not c.apply_from <= day <= c.apply_until and not reason:
                errors["applied_on"] = OUTSIDE.format(start=c.apply_from.isoformat(), end=c.apply_until.isoformat())
        if reason and len(reason) > REASON_MAX:
            errors["override_reason"] = REASON_LONG
        if errors:
            raise ValidationError(errors)
        return ApplicantInput(youth, day, reason)

    def identity(self, inp: ApplicantInput):
        return super().identity(inp.youth)

    def matches(self, services, actor, facility_id, inputs: Mapping[int, ApplicantInput]) -> dict[int, list[Match]]:
        found = super().matches(services, actor, self.course.facility_id,
                                {k: i.youth for k, i in inputs.items()})
        self._applied = ({a.youth_id for a in services.courses.applications(actor, self.course_id)}
                         if found else set())
        return {k: [Match(m.id, m.summary, m.why + (" · 이미 지원함" if m.id in self._applied else ""), m.version)
                    for m in ms] for k, ms in found.items()}

    def merge_refusal(self, matches: list[Match]) -> str | None:
        if len(matches) == 1 and matches[0].id in self._applied:
            return TWICE
        return super().merge_refusal(matches)

    def commit(self, services, actor, facility_id, new, merges, progress) -> None:
        from models.youth.bulk import YouthBulk
        fid = self.course.facility_id
        ids = YouthBulk(services.db, services.clock).import_rows(
            actor, fid, [i.youth for i in new], [(m.id, inp.youth, given) for m, inp, given in merges], progress)
        rows = [ApplicationInput(youth_id=yid, applied_on=inp.applied_on, channel=ApplyChannel.IMPORTED,
                                 override_reason=inp.override_reason)
                for yid, inp in list(zip(ids, new, strict=True)) + [(m.id, inp) for m, inp, _ in merges]]
        services.courses.apply_many(actor, self.course_id, rows)


def applicants_target(key: str) -> ApplicantTarget:
    """The target of ``"applicants:<course id>"``."""
    try:
        course_id = int(key.split(":", 1)[1])
    except (IndexError, ValueError):
        raise KeyError(key) from None
    return ApplicantTarget(course_id)
