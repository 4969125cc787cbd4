"""Many youths at once, for the importer (models/imports): the registry's own validation and
duplicate rule (``YouthService``: the same name and birth date, or the same phone) applied
to a whole file in a few statements, and the registration of thousands of rows in one
transaction.

``YouthBulk`` is a ``YouthService``: ``check`` is the registration's validation (the input
model and the date rules), the duplicates are the service's definition, and each insert and
update goes through the ORM, so the audit listener and the search index
(``grams``) see them as they see a record typed in. The rows are flushed a chunk at a time
(``CHUNK``): one audit append and one index insert per chunk, not per youth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from models.core.errors import Conflict, DuplicateYouth, NotFound
from models.core.masking import mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.validation import validate
from models.youth.enums import DESTROYED_NAME
from models.youth.schemas import YouthInput
from models.youth.service import YouthService
from models.youth.tables import Youth

CHUNK = 1000  # rows per flush
IN_CHUNK = 500  # values per IN (...): well under SQLite's and psycopg's parameter limits
FIELDS = tuple(YouthInput.model_fields)


@dataclass(frozen=True)
class BulkMatch:
    """A registered youth an input duplicates (masked, as the registry's lists show it)."""

    youth_id: int
    name: str
    birth_date: date
    phone_masked: str
    by_phone: bool
    by_name_birth: bool


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class YouthBulk(YouthService):
    def check(self, data: dict | YouthInput) -> YouthInput:
        """One row validated as a registration: the input model and the date rules
        (``ValidationError`` naming each bad field)."""
        return self._validate(data)

    def duplicates_of(self, actor: Actor, facility_id: int | None,
                      inputs: Mapping[int, YouthInput]) -> dict[int, list[BulkMatch]]:
        """key -> the registered youths with the same name and birth date or the same
        phone (by id), for the keys that have any."""
        require(actor, Perm.YOUTH_VIEW, facility_id)
        phones = sorted({i.phone for i in inputs.values()})
        names = sorted({i.name for i in inputs.values()})
        cols = (Youth.id, Youth.name, Youth.birth_date, Youth.phone)

        def work(s):
            found = {}
            for part in _chunks(phones, IN_CHUNK):
                found.update((r[0], r) for r in s.exec(select(*cols).where(Youth.phone.in_(part))).all())
            for part in _chunks(names, IN_CHUNK):
                found.update((r[0], r) for r in s.exec(select(*cols).where(Youth.name.in_(part))).all())
            return list(found.values())

        by_phone: dict[str, list] = {}
        by_name: dict[tuple, list] = {}
        for row in sorted(self.db.read(work), key=lambda r: r[0]):
            by_phone.setdefault(row[3], []).append(row)
            by_name.setdefault((row[1], row[2]), []).append(row)
        out: dict[int, list[BulkMatch]] = {}
        for key, inp in inputs.items():
            hits = {r[0]: r for r in by_phone.get(inp.phone, []) + by_name.get((inp.name, inp.birth_date), [])}
            if hits:
                out[key] = [BulkMatch(r[0], r[1], r[2], mask_phone(r[3]), r[3] == inp.phone,
                                      (r[1], r[2]) == (inp.name, inp.birth_date))
                            for _, r in sorted(hits.items())]
        return out

    def import_rows(self, actor: Actor, facility_id: int | None, new: list[YouthInput],
                    merges: list[tuple[int, YouthInput, frozenset[str]]],
                    progress: Callable[[int, int], None] | None = None) -> list[int]:
        """Register ``new`` (at ``facility_id``) and merge each ``(youth id, input, fields
        the file gave)`` into the registered youth (only those fields change), in one
        transaction; returns the new ids. A merge that would make the youth a duplicate of
        another is ``DuplicateYouth``, and nothing is written."""
        require(actor, Perm.YOUTH_EDIT, facility_id)
        total = len(new) + len(merges)
        now = self.clock()

        def work(s):
            ids: list[int] = []
            done = 0
            for part in _chunks(new, CHUNK):
                rows = [Youth(**inp.model_dump(), registered_facility_id=facility_id, created_at=now)
                        for inp in part]
                s.add_all(rows)
                s.flush()
                ids += [y.id for y in rows]
                done += len(part)
                if progress:
                    progress(done, total)
            for youth_id, inp, given in merges:
                y = s.get(Youth, youth_id, with_for_update=True)
                if y is None:
                    raise NotFound("청년 정보를 찾을 수 없습니다.")
                if y.name == DESTROYED_NAME:  # an anonymous stub is not filled in again from a file
                    raise Conflict(f"파기된 기록(청년 #{youth_id})은 가져오기로 고칠 수 없습니다. 그 행을 건너뛰세요.")
                data = {k: getattr(y, k) for k in FIELDS}
                data.update({k: v for k, v in inp.model_dump().items() if k in given})
                merged = validate(YouthInput, data)
                self._check_dates(merged, y.birth_date)
                dups = self._duplicates(s, merged, youth_id)
                if dups:
                    raise DuplicateYouth(dups)
                for key, value in merged.model_dump().items():
                    setattr(y, key, value)
                y.updated_at = now
                s.add(y)
                done += 1
                if progress and done % 100 == 0:
                    progress(done, total)
            s.flush()
            return ids

        return self.db.write(work, actor=actor)
