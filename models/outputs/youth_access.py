"""The youth's own 열람 (PIPA §35): one PDF of everything held about one youth, as the
printing staff member may see it (``reports.youth_access``): for the city admin a section
per facility holding records about the youth, for facility staff their facility's and a
line naming the other facilities that hold records (names and counts only).

What goes on it: the registry record (full contact for a role that may see it, that
reading audited as every 연락처 보기; masked otherwise), the room bookings, the AI-interview
booth sessions, the counseling record (``CounselingService.print_record``: summaries, and a
confidential note only for its readers — author, session counselor, assigned counselor,
manager — each printed note an audit read), the referrals and their stages
(``companies.timeline``, where the facility does matching) and the courses
(``courses.timeline``), then the access log: every audit 열람/출력 row naming the youth or
one of their counseling sessions (who, when, what; the log's own masked text), as it stood
before this printout: its own reads and its output are the next one's first lines.

The purpose (출력 목적) is required and checked first. The file is written in the
transaction that records the output (출력, entity ``youth``, counts and the purpose, no
name or contact), so a file that cannot be written leaves no such row. The counseling part
is read through ``print_record`` without its own 출력 row: this printout records one.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.core.errors import DomainError
from models.core.permissions import Actor, Perm
from models.core.text import output_purpose
from models.core.time import SEOUL
from models.counseling.exports import PURPOSE_REQUIRED
from models.facilities.enums import MATCHING_KINDS
from models.lifecycle.access_review import YouthRecordService
from models.outputs.common import OutputResult, WrittenFile
from reports import youth_access
from reports.files import check_target
from reports.youth_access import CITY_WIDE, FacilitySection, YouthAccessSheet

FORMATS = youth_access.FORMATS


def _section(services, actor: Actor, facility_id: int, youth_id: int, purpose: str, records) -> FacilitySection:
    """One facility's part: what the printing role may read there (each read audited as its
    area audits it)."""
    facility = services.facilities.get(actor, facility_id)
    can_book = actor.can(Perm.BOOKING_VIEW, facility_id)
    bookings = records.bookings(actor, facility_id, youth_id) if can_book else []
    booths = services.booths.history(actor, facility_id, youth_id) if can_book else []
    counseling = None
    if actor.can(Perm.COUNSELING_VIEW, facility_id):
        counseling = services.counseling.print_record(actor, facility_id, youth_id, purpose,
                                                      record_output=False)
    referrals, courses = [], []
    if actor.can(Perm.COMPANY_VIEW, facility_id) and facility.kind in MATCHING_KINDS:
        try:
            referrals = services.companies.timeline(actor, facility_id, youth_id)
        except DomainError:
            referrals = []
    try:
        courses = services.courses.timeline(actor, facility_id, youth_id)
    except DomainError:
        courses = []
    return FacilitySection(facility.name, tuple(bookings), tuple(booths), counseling, tuple(referrals),
                           tuple(courses))


def gather(services, actor: Actor, facility_id: int | None, youth_id: int, purpose: str) -> YouthAccessSheet:
    """Everything the PDF holds (the reads are audited as each area audits them).

    The youth is city-wide: the city admin gets a section for every facility holding
    records about the youth (``facilities_with_records``; the chosen facility, else the
    registering one, when none does); facility staff get their facility's, and a line
    naming the other facilities that hold records with their counts only (no contents)."""
    purpose = output_purpose(purpose, required=PURPOSE_REQUIRED)
    records = YouthRecordService.of(services)
    youth = services.youth.get(actor, facility_id, youth_id)
    log = records.access_log(actor, youth_id)  # before this printout's own reads
    held = records.facilities_with_records(actor, youth_id)
    here = facility_id if facility_id is not None else youth.registered_facility_id
    contact = (services.youth.contact(actor, facility_id, youth_id)
               if actor.can(Perm.YOUTH_CONTACT, facility_id) else None)
    if actor.is_admin:
        fids = [h.facility_id for h in held] or [here]
        others: tuple = ()
        scope = CITY_WIDE
    else:
        fids = [facility_id]
        others = tuple((h.name, h.describe()) for h in held if h.facility_id != facility_id)
        scope = services.facilities.get(actor, facility_id).name
    sections = tuple(_section(services, actor, fid, youth_id, purpose, records) for fid in fids if fid is not None)
    return YouthAccessSheet(scope, youth, contact, sections, others, tuple(log), purpose, city_wide=actor.is_admin)


def print_youth_access(services, actor: Actor, facility_id: int, youth_id: int, path: str | os.PathLike,
                       purpose: str) -> OutputResult:
    """The 열람 PDF to ``path``; ``rows`` of the result is the number of access-log entries."""
    target = check_target(path, FORMATS)
    purpose = output_purpose(purpose, required=PURPOSE_REQUIRED)
    sheet = gather(services, actor, facility_id, youth_id, purpose)
    parts = sheet.sections
    counts = (f"시설 {len(parts)}곳, 예약 {sum(len(p.bookings) for p in parts)}건, "
              f"부스 {sum(len(p.booths) for p in parts)}건, "
              f"상담 {sum(len(p.counseling.sessions) for p in parts if p.counseling)}건, "
              f"비공개 메모 {sum(p.counseling.notes_printed for p in parts if p.counseling)}건")
    with WrittenFile(target) as written:
        def write() -> None:
            youth_access.build_youth_access(target, sheet, printed_by=actor.display_name,
                                            printed_at=services.clock().astimezone(SEOUL))
            written.done()

        YouthRecordService.of(services).record_output(actor, facility_id, youth_id, purpose, counts, write)
    return OutputResult(Path(target), len(sheet.access_log))
