"""The one importer: a table read from a file (``reading``), its columns mapped to a
target's fields (``mapping``), a preview of every row (its Korean errors per field, the
registry records it duplicates), then the commit of the rows the user kept, all or nothing.

A **target** (youth registry, companies, later course applicants) plugs in through the
``Target`` protocol below; it reaches its area only through the services it is handed:

- ``validate`` reuses the area's own input model and checks, so an imported row is refused
  for the same reason, in the same words, as one typed into the form;
- ``matches`` finds the registry records each row duplicates, as the area defines a
  duplicate, in one pass for all rows;
- ``commit`` registers the new rows and merges the chosen duplicates through the area's
  services.

**One transaction.** ``commit`` opens one write transaction and hands the target a
``Services`` whose database is that transaction (``_Bound``: every ``db.write`` and
``db.read`` a service makes runs in it). So a target calls the areas' ordinary public
service methods (``services.companies.create_company``…) and still everything is written
or nothing: the first error, a cancel, a lost connection roll all of it back. The
duplicates are looked up again inside the transaction; a record another desk registered
since the preview refuses the commit (``Conflict``). One audit row records the import
itself (counts only), besides the rows each insert and update writes.

Personal data: the preview carries the rows' values for the dialog that shows them (phone
and e-mail masked); errors name a row number and a field, never a value, so the command
line can print them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import Conflict, ValidationError
from models.core.masking import MASKERS
from models.imports.errors import ImportCancelled, RowsRejected
from models.imports.mapping import FieldSpec, check_required
from models.imports.reading import SourceTable
from models.registry import Services

Progress = Callable[[int, int], None]  # (done, total), called on the thread that works
ROW = "__row__"  # an error of the whole row, not of one field
STEP = 250  # rows between progress calls and cancel checks
CHANGED = ("미리 보기 뒤에 명부가 바뀌었습니다(다른 곳에서 같은 기록을 등록하거나 고쳤습니다). "
           "아무것도 저장하지 않았습니다. 파일을 다시 미리 보세요.")


class Action(StrEnum):
    NEW = "new"
    SKIP = "skip"
    MERGE = "merge"

    @property
    def label(self) -> str:
        return {"new": "신규 등록", "skip": "건너뛰기", "merge": "병합"}[self.value]


@dataclass(frozen=True)
class Match:
    """A registry record a row duplicates, as the preview shows it (masked)."""

    id: int
    summary: str
    why: str  # 'phone' or 'name+birth'… what the target matched on, in Korean
    version: int | None = None  # for targets whose updates check a version


class Target(Protocol):
    key: str  # "youth", "companies"
    label: str  # "청년 명부"
    noun: str  # "청년": 파일의 3행과 같은 청년입니다
    fields: tuple[FieldSpec, ...]

    def check_access(self, services, actor, facility_id: int | None) -> None:
        """Raise ``PermissionDenied`` when the actor may not import here."""

    def validate(self, services, values: dict[str, str]) -> Any:
        """The validated input of one row's cells, or ``ValidationError`` per field."""

    def identity(self, inp) -> list[tuple[str, Any]]:
        """(field key, key) pairs: two rows of one file sharing a key are one record."""

    def matches(self, services, actor, facility_id: int | None, inputs: Mapping[int, Any]
                ) -> dict[int, list[Match]]:
        """Registry records each input duplicates (row index -> matches, only those with any)."""

    def merge_refusal(self, matches: list[Match]) -> str | None:
        """Why these matches cannot be merged into (None: they can)."""

    def commit(self, services, actor, facility_id: int | None, new: list[Any],
               merges: list[tuple[Match, Any, frozenset[str]]], progress: Progress) -> None:
        """Write ``new`` and the ``merges`` (the record, the row's input, the fields whose
        cells the file filled: only those change) through ``services``, which are bound to
        the import's transaction."""


@dataclass
class PreviewRow:
    index: int  # position in the table
    line: int  # the row number the spreadsheet shows
    values: dict[str, str]  # the mapped cells (shown masked: ``shown``)
    errors: dict[str, str] = field(default_factory=dict)  # field key (or ROW) -> Korean
    matches: tuple[Match, ...] = ()
    merge_refusal: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def duplicate(self) -> bool:
        return self.ok and bool(self.matches)


@dataclass
class Preview:
    target: Target
    facility_id: int | None
    table: SourceTable
    mapping: dict[str, int]
    rows: list[PreviewRow]
    inputs: dict[int, Any]  # row index -> validated input (rows without errors)
    defaults: list[str]  # "모집 경로: 온라인" for the fields no column gave

    @property
    def errors(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.errors]

    @property
    def duplicates(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.duplicate]

    def default_actions(self) -> dict[int, Action]:
        """Row index -> action: new rows are registered, duplicates skipped."""
        return {r.index: Action.SKIP if r.matches else Action.NEW for r in self.rows if r.ok}

    def label_of(self, key: str) -> str:
        if key == ROW:
            return "행 전체"
        return next((f.label for f in self.target.fields if f.key == key), key)

    def error_lines(self) -> list[tuple[int, str, str]]:
        """(row number, field label, message) of every error, by row: no value of the file."""
        return [(r.line, self.label_of(k), m) for r in self.rows for k, m in r.errors.items()]

    def shown(self, row: PreviewRow, key: str) -> str:
        """A cell as the preview table shows it: phone, e-mail… masked."""
        spec = next((f for f in self.target.fields if f.key == key), None)
        text = row.values.get(key, "")
        masker = MASKERS.get(spec.mask) if spec is not None and spec.mask else None
        return masker(text) if masker and text else text


@dataclass(frozen=True)
class ImportReport:
    target: str
    label: str
    total: int  # data rows in the file
    new: int
    merged: int
    skipped: int
    errors: int  # rows with errors (then nothing is written)
    written: bool
    dry_run: bool = False

    def lines(self) -> list[str]:
        state = ("미리 보기(저장하지 않음)" if self.dry_run and not self.errors
                 else "완료" if self.written
                 else "중단: 오류가 있는 행이 있어 저장하지 않음" if self.errors else "저장하지 않음")
        head = f"{self.label} 가져오기 {state}"
        return [head, f"  전체 {self.total:,}행 · 신규 {self.new:,} · 병합 {self.merged:,} · "
                      f"건너뜀 {self.skipped:,} · 오류 {self.errors:,}"]


def _tick(progress: Progress | None, cancel: threading.Event | None, done: int, total: int) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()
    if progress is not None:
        progress(done, total)


def _field_errors(exc: ValidationError, fields: tuple[FieldSpec, ...]) -> dict[str, str]:
    keys = {f.key for f in fields}
    return {(k if k in keys else ROW): m for k, m in exc.errors.items()}


def preview(services, actor, facility_id: int | None, target: Target, table: SourceTable,
            mapping: Mapping[str, int], *, progress: Progress | None = None,
            cancel: threading.Event | None = None) -> Preview:
    """Validate every row and find the duplicates: what the dialog shows before anything is
    written (and all that ``--dry-run`` does). Reads only."""
    target.check_access(services, actor, facility_id)
    mapping = {k: c for k, c in mapping.items() if 0 <= c < len(table.headers)}
    check_required(mapping, target.fields)
    defaults = {f.key: f.default for f in target.fields if f.key not in mapping and f.default is not None}
    rows: list[PreviewRow] = []
    inputs: dict[int, Any] = {}
    seen: dict[tuple, int] = {}  # identity key -> the first row number that had it
    total = len(table.rows)
    for i, cells in enumerate(table.rows):
        if i % STEP == 0:
            _tick(progress, cancel, i, total)
        values = {k: cells[c] for k, c in mapping.items()}
        row = PreviewRow(i, table.numbers[i], values)
        rows.append(row)
        try:
            inp = target.validate(services, {**defaults, **values})
        except ValidationError as exc:
            row.errors = _field_errors(exc, target.fields)
            continue
        for key_field, key in target.identity(inp):
            first = seen.get((key_field, key))
            if first is not None:
                row.errors.setdefault(key_field, f"파일의 {first}행과 같은 {target.noun}입니다. 한 행만 남기세요.")
            else:
                seen[(key_field, key)] = row.line
        if row.ok:
            inputs[i] = inp
    _tick(progress, cancel, total, total)
    found = target.matches(services, actor, facility_id, inputs) if inputs else {}
    claimed: dict[int, int] = {}  # registry id -> the first row number that matched it
    for i, ms in sorted(found.items()):
        row = rows[i]
        row.matches = tuple(ms)
        row.merge_refusal = target.merge_refusal(list(ms))
        for m in ms:
            first = claimed.get(m.id)
            if first is not None:
                row.errors.setdefault(ROW, f"파일의 {first}행과 같은 등록 {target.noun}에 해당합니다. 한 행만 남기세요.")
            else:
                claimed[m.id] = row.line
        if row.errors:
            inputs.pop(i, None)
    labels = {f.key: f.label for f in target.fields}
    return Preview(target, facility_id, table, dict(mapping), rows, inputs,
                   [f"{labels[k]}: {v}" for k, v in defaults.items()])


class _Bound:
    """A ``Database`` whose every unit of work is one transaction already open: services
    built on it write and read inside the import's transaction."""

    def __init__(self, db, session):
        self._db = db
        self._session = session

    def write(self, fn, *, actor=None):
        return fn(self._session)

    def read(self, fn):
        return fn(self._session)

    def __getattr__(self, name):
        return getattr(self._db, name)


def _plan(pv: Preview, actions: Mapping[int, Action]):
    new, merges, skipped = [], [], 0
    for row in pv.rows:
        if not row.ok:
            continue
        action = actions.get(row.index, Action.SKIP if row.matches else Action.NEW)
        if row.matches and action is Action.NEW:
            raise ValidationError.single(ROW, f"{row.line}행은 이미 등록된 {pv.target.noun}입니다. 건너뛰거나 병합하세요.")
        if action is Action.MERGE:
            if not row.matches:
                raise ValidationError.single(ROW, f"{row.line}행은 병합할 등록 기록이 없습니다.")
            if row.merge_refusal:
                raise ValidationError.single(ROW, f"{row.line}행: {row.merge_refusal}")
            given = frozenset(k for k, v in row.values.items() if v.strip())
            merges.append((row.matches[0], pv.inputs[row.index], given))
        elif action is Action.SKIP:
            skipped += 1
        else:
            new.append(pv.inputs[row.index])
    return new, merges, skipped


def commit(services, actor, pv: Preview, actions: Mapping[int, Action] | None = None, *,
           progress: Progress | None = None, cancel: threading.Event | None = None,
           dry_run: bool = False) -> ImportReport:
    """Write the previewed rows: new ones registered, each duplicate skipped or merged as
    ``actions`` says (row index -> Action; default: ``default_actions``). Any row with an
    error refuses the whole import (``RowsRejected``); so do a cancel (``ImportCancelled``)
    and a registry changed since the preview (``Conflict``): nothing is written then."""
    target, fid = pv.target, pv.facility_id
    total = len(pv.rows)
    if pv.errors:
        raise RowsRejected(len(pv.errors))
    new, merges, skipped = _plan(pv, actions if actions is not None else pv.default_actions())

    def report(written: bool) -> ImportReport:
        return ImportReport(target.key, target.label, total, len(new), len(merges), skipped, 0,
                            written, dry_run)

    if dry_run:
        return report(False)
    target.check_access(services, actor, fid)

    def work(s):
        bound = Services(_Bound(services.db, s), clock=services.clock)
        fresh = target.matches(bound, actor, fid, pv.inputs)
        before = {r.index: {m.id for m in r.matches} for r in pv.rows if r.ok}
        if any({m.id for m in fresh.get(i, ())} != ids for i, ids in before.items()):
            raise Conflict(CHANGED)
        steps = max(1, len(new) + len(merges))
        target.commit(bound, actor, fid, new, merges,
                      lambda done, _t: _tick(progress, cancel, done, steps))
        _tick(progress, cancel, steps, steps)
        record(s, AuditAction.INSERT, f"import:{target.key}", None, facility_id=fid,
               detail=f"파일 가져오기({target.label}): 전체 {total}행, 신규 {len(new)}, "
                      f"병합 {len(merges)}, 건너뜀 {skipped}")
        return report(True)

    return services.db.write(work, actor=actor)
