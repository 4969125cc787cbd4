"""The monthly summary (월간 운영 실적) for the 보고서 page and ``main.py report``.

Who: a facility's manager sees their facility; the city administrator any facility, any
region (권역) and the whole city. Setting a facility's yearly targets: the same people.

The figures are read in one read transaction (``models.summaries.build`` from the named
queries of ``models.summaries.figures``). Printing writes the PDF (and the evidence
workbook) atomically and then records the output ("출력") in the audit log in a write
transaction: the record names the scope, the month and the pages, nothing about a youth.
A file that cannot be written raises ``OutputError`` and records nothing.

Built from the database and the clock (``SummaryService(services.db, services.clock)``,
or ``for_services(services)``): summaries read every area, so they sit above them with
the outputs, not in the registry.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from models.core.audit import record
from models.core.enums import AuditAction, Region, Role
from models.core.errors import NotFound, PermissionDenied, ValidationError
from models.core.permissions import Actor
from models.core.service import Service
from models.core.time import SEOUL
from models.facilities.tables import Facility
from models.outputs.common import OutputResult, WrittenFile
from models.summaries import build
from models.summaries import figures as F
from models.summaries.figures import EvidenceRow, Period
from models.summaries.tables import TARGET_KEYS, TARGET_MAX, YearlyTarget
from reports import monthly_summary as writer
from reports.files import check_target
from reports.monthly_summary import Document, EvidenceSheet, TableBlock

FACILITY_DENIED = "월간 운영 실적은 이 시설의 시설 관리자와 시 담당자만 볼 수 있습니다."
CITY_DENIED = "권역·서울시 전체 실적은 시 담당자만 볼 수 있습니다."
TARGET_DENIED = "연간 목표는 이 시설의 시설 관리자와 시 담당자만 정할 수 있습니다."
MONTH_ERROR = "달은 2000-01부터 2100-12 사이로 고르세요."
REGION_ERROR = "알 수 없는 권역입니다: {}. 도심권, 동남권, 동북권, 서남권, 서북권 중에서 고르세요."


def for_services(services) -> SummaryService:
    return SummaryService(services.db, services.clock)


def parse_region(text) -> Region | None:
    """A region by its label (도심권) or value (central); None for an empty text."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, Region):
        return text
    t = str(text).strip()
    for r in Region:
        if t in (r.value, r.label, r.label.removesuffix("권")):
            return r
    raise ValidationError.single("region", REGION_ERROR.format(t))


def check_month(year, month) -> None:
    if not (isinstance(year, int) and isinstance(month, int) and not isinstance(year, bool)
            and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError.single("month", MONTH_ERROR)


@dataclass(frozen=True)
class Summary:
    """A summary as the screen shows it and the PDF prints it."""

    scope: str  # "facility" | "region" | "city"
    year: int
    month: int
    document: Document
    facility_names: dict[int, str]
    headline: dict  # 'month' (and for a facility 'last_year', 'ytd') -> build.Headline

    def tables(self) -> list[TableBlock]:
        return [b for s in self.document.sections for b in s.blocks if isinstance(b, TableBlock)]


@dataclass(frozen=True)
class TargetRow:
    facility_id: int
    year: int
    recruit: int | None
    companies: int | None
    counseling: int | None
    hires: int | None


def _may_report(actor: Actor | None, facility_id: int) -> bool:
    return actor is not None and (actor.is_admin or Role.MANAGER in actor.roles_at(facility_id))


class SummaryService(Service):
    # -- reading ---------------------------------------------------------------------
    def facility(self, actor: Actor, facility_id: int, year: int, month: int) -> Summary:
        check_month(year, month)
        if not _may_report(actor, facility_id):
            raise PermissionDenied(FACILITY_DENIED)
        printed = self._printed(actor)

        def work(s):
            f = s.get(Facility, facility_id)
            if f is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            scope = build.Scope(year, month, [f], build.targets_of(s, [f.id], year))
            doc, heads = build.facility_document(s, scope, printed)
            return Summary("facility", year, month, doc, {f.id: f.name}, heads)

        return self.db.read(work)

    def city(self, actor: Actor, year: int, month: int, region=None) -> Summary:
        check_month(year, month)
        reg = parse_region(region)
        if actor is None or not actor.is_admin:
            raise PermissionDenied(CITY_DENIED)
        printed = self._printed(actor)

        def work(s):
            q = select(Facility).order_by(Facility.region, Facility.name)
            if reg is not None:
                q = q.where(Facility.region == reg)
            fs = list(s.exec(q).all())
            scope = build.Scope(year, month, fs)
            doc, heads = build.city_document(s, scope, reg, printed)
            return Summary("city" if reg is None else "region", year, month, doc, {f.id: f.name for f in fs}, heads)

        return self.db.read(work)

    def evidence(self, actor: Actor, ref: build.Ref) -> list[EvidenceRow]:
        """The records behind one figure (a cell's ``Ref``): id, date and category, no
        name and no text; in date order."""
        self._check_ids(actor, ref.facility_ids)

        def work(s):
            rows = F.evidence(s, ref.figure, ref.period, ref.facility_ids)
            return [r for r in rows if ref.category is None or r.category == ref.category]

        return self.db.read(work)

    def figure_value(self, actor: Actor, ref: build.Ref) -> int:
        """The figure of a ``Ref`` as the named query counts it (what the cell shows)."""
        self._check_ids(actor, ref.facility_ids)

        def work(s):
            c = F.counts(s, ref.figure, ref.period, ref.facility_ids).of()
            return c[ref.category] if ref.category is not None else sum(c.values())

        return self.db.read(work)

    # -- targets ---------------------------------------------------------------------
    def targets(self, actor: Actor, facility_id: int, year: int) -> TargetRow:
        if not _may_report(actor, facility_id):
            raise PermissionDenied(FACILITY_DENIED)
        check_month(year, 1)

        def work(s):
            t = s.get(YearlyTarget, (facility_id, year))
            return TargetRow(facility_id, year, *[getattr(t, k) if t else None for k in TARGET_KEYS])

        return self.db.read(work)

    def set_targets(self, actor: Actor, facility_id: int, year: int, values: dict) -> TargetRow:
        """Set the facility's targets of ``year`` (``values``: recruit, companies,
        counseling, hires; None or "" clears one). Audited as any change."""
        if not _may_report(actor, facility_id):
            raise PermissionDenied(TARGET_DENIED)
        if not (isinstance(year, int) and 2000 <= year <= 2100):
            raise ValidationError.single("year", "연도는 2000부터 2100 사이로 고르세요.")
        clean = {}
        errors = {}
        for k in TARGET_KEYS:
            v = values.get(k)
            if v is None or (isinstance(v, str) and not v.strip()):
                clean[k] = None
                continue
            try:
                n = int(str(v).replace(",", "").strip()) if not isinstance(v, int) or isinstance(v, bool) else v
            except ValueError:
                errors[k] = "목표는 0 이상의 정수로 입력하세요."
                continue
            if isinstance(v, bool) or not 0 <= n <= TARGET_MAX:
                errors[k] = f"목표는 0부터 {TARGET_MAX:,} 사이로 입력하세요."
                continue
            clean[k] = n
        if errors:
            raise ValidationError(errors)
        unknown = set(values) - set(TARGET_KEYS)
        if unknown:
            raise ValidationError.single(sorted(unknown)[0], "알 수 없는 목표 항목입니다.")
        now = self.clock()

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            t = s.get(YearlyTarget, (facility_id, year))
            if t is None:
                t = YearlyTarget(facility_id=facility_id, year=year)
            for k, v in clean.items():
                setattr(t, k, v)
            t.updated_at = now
            t.updated_by = actor.user_id
            s.add(t)
            s.flush()
            return TargetRow(facility_id, year, *[clean[k] for k in TARGET_KEYS])

        return self.db.write(work, actor=actor)

    # -- printing --------------------------------------------------------------------
    def print_facility(self, actor: Actor, facility_id: int, year: int, month: int, path: str | os.PathLike,
                       evidence_path: str | os.PathLike | None = None,
                       progress: Callable[[int, str], object] | None = None) -> OutputResult:
        """The facility's summary PDF to ``path`` (and its evidence workbook to
        ``evidence_path``); ``rows`` of the result is the number of pages."""
        target = check_target(path, writer.PDF_FORMATS)
        ev_target = check_target(evidence_path, writer.EVIDENCE_FORMATS) if evidence_path else None
        _step(progress, 5, "실적을 세는 중…")
        summary = self.facility(actor, facility_id, year, month)
        sheet = self._sheet(actor, summary, progress) if ev_target else None
        return self._print(actor, summary, target, ev_target, sheet, facility_id, progress)

    def print_city(self, actor: Actor, year: int, month: int, path: str | os.PathLike, region=None,
                   progress: Callable[[int, str], object] | None = None) -> OutputResult:
        target = check_target(path, writer.PDF_FORMATS)
        _step(progress, 5, "실적을 세는 중…")
        summary = self.city(actor, year, month, region)
        return self._print(actor, summary, target, None, None, None, progress)

    def save_evidence(self, actor: Actor, summary: Summary, path: str | os.PathLike,
                      progress: Callable[[int, str], object] | None = None) -> OutputResult:
        """The evidence workbook (근거 자료) of a summary read before."""
        target = check_target(path, writer.EVIDENCE_FORMATS)
        sheet = self._sheet(actor, summary, progress)
        fid = next(iter(summary.facility_names)) if summary.scope == "facility" else None

        def work(s):
            record(s, AuditAction.OUTPUT, "monthly_summary", None, facility_id=fid,
                   detail=f"월간 운영 실적 근거 자료 {self._what(summary)} (xlsx, 기록 {len(sheet.rows):,}건)")

        # the file first, outside the transaction (no write lock while it is made); the
        # record after it; a record that fails takes the file away again
        with WrittenFile(target) as written:
            writer.write_evidence(target, sheet)
            written.done()
            self.db.write(work, actor=actor)
        _step(progress, 100, "저장했습니다.")
        return OutputResult(Path(target), len(sheet.rows))

    def _print(self, actor, summary: Summary, target: Path, ev_target, sheet, facility_id, progress):
        _step(progress, 60, "PDF를 만드는 중…")
        extra = f", 근거 자료 기록 {len(sheet.rows):,}건" if sheet is not None else ""

        with WrittenFile(target) as written, WrittenFile(ev_target or target) as ev_written:
            pages = writer.write_pdf(target, summary.document)
            written.done()
            if ev_target is not None:
                _step(progress, 80, "근거 자료를 저장하는 중…")
                writer.write_evidence(ev_target, sheet)
                ev_written.done()

            def work(s):
                record(s, AuditAction.OUTPUT, "monthly_summary", None, facility_id=facility_id,
                       detail=f"월간 운영 실적 출력 {self._what(summary)} (PDF {pages}쪽{extra})")

            self.db.write(work, actor=actor)
        _step(progress, 100, "저장했습니다.")
        return OutputResult(Path(target), pages)

    @staticmethod
    def _what(summary: Summary) -> str:
        label = f"{summary.year}-{summary.month:02d}"
        if summary.scope == "facility":
            (fid,) = summary.facility_names
            return f"{label} 시설 #{fid}"
        return f"{label} {summary.document.title.split('— ')[-1]}"

    def _sheet(self, actor: Actor, summary: Summary, progress=None) -> EvidenceSheet:
        """Every figure the summary's tables show (the 12-month trend's months are the
        same queries), its value and the records behind it."""
        refs = []
        seen = set()
        trend = {id(b) for s in summary.document.sections if s.title == "12개월 추이" for b in s.blocks}
        for block in summary.tables():
            if id(block) in trend:
                continue
            for row in block.refs:
                for ref in row:
                    if isinstance(ref, build.Ref) and ref.category is None:
                        k = (ref.figure, ref.period, ref.facility_ids)
                        if k not in seen:
                            seen.add(k)
                            refs.append(ref)
        _step(progress, 20, "근거 기록을 모으는 중…")
        names = summary.facility_names

        def work(s):
            out_summary, out_rows = [], []
            for ref in refs:
                fig = F.FIGURES[ref.figure]
                rows = F.evidence(s, ref.figure, ref.period, ref.facility_ids)
                where = _where(ref, names)
                total = sum(r.amount for r in rows)
                out_summary.append((fig.label, ref.period.key, where, total, len(rows)))
                cats: dict[str, list] = {}
                for r in rows:
                    cats.setdefault(r.category, []).append(r)
                for cat, rs in cats.items():
                    out_summary.append((f"  {fig.label} · {fig.label_of(cat)}", ref.period.key, where,
                                        sum(r.amount for r in rs), len(rs)))
                for r in rows:
                    out_rows.append((fig.label, ref.period.key, names.get(r.facility_id, f"#{r.facility_id}"),
                                     fig.entity, r.record_id, r.day, r.at, fig.label_of(r.category), r.amount))
            return out_summary, out_rows

        self._check_ids(actor, None if summary.scope != "facility" else tuple(names))
        out_summary, out_rows = self.db.read(work)
        return EvidenceSheet(f"{summary.document.title} — 근거 자료", out_summary, out_rows)

    # -- helpers ---------------------------------------------------------------------
    def _check_ids(self, actor: Actor, ids) -> None:
        if ids is None or len(ids) != 1:
            if actor is None or not actor.is_admin:
                raise PermissionDenied(CITY_DENIED)
            return
        if not _may_report(actor, ids[0]):
            raise PermissionDenied(FACILITY_DENIED)

    def _printed(self, actor: Actor) -> str:
        now: datetime = self.clock().astimezone(SEOUL)
        return f"출력 {now:%Y-%m-%d %H:%M} · {actor.display_name}"


def _where(ref: build.Ref, names: dict[int, str]) -> str:
    if ref.facility_ids is None:
        return "서울시 전체"
    if len(ref.facility_ids) == 1:
        return names.get(ref.facility_ids[0], f"#{ref.facility_ids[0]}")
    return f"시설 {len(ref.facility_ids)}곳"


def _step(progress, pct: int, text: str) -> None:
    if progress is not None:
        progress(pct, text)


__all__ = ["Period", "Summary", "SummaryService", "TargetRow", "for_services", "parse_region"]
