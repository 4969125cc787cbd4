"""The youth search index: name and phone pieces in a side table.

A search by a name fragment or a phone fragment must not scan the registry (500,000 youths
city-wide). ``LIKE '%…%'`` cannot use a B-tree index, and trigram indexes (SQLite FTS5
``trigram``, PostgreSQL ``pg_trgm``) cannot serve the most common search of all, a
two-syllable Korean name. So the registry keeps ``youth_gram`` (kind, gram, youth_id) with
a primary key in that order (``docs/decisions.md`` says why this over the alternatives):

- ``NAME`` rows hold every character, every pair and every run of three adjacent
  characters of the lower-cased name (pieces with a space are left out);
- ``PHONE`` rows hold every run of three and of four digits of the phone number.

A search looks up **one** gram and walks its youth ids newest first, joined to ``youth``,
stopping at the page size (``plan``):

- a name of one to three characters (a whole Korean name, most often) is one gram, exactly;
- a longer name drives by its last three characters, and each candidate is checked
  against the whole fragment;
- three or four digits are one phone gram, exactly; longer drive by their last four digits,
  each candidate checked.

The rows are written by the session listener below in the same flush as the youth row
(create, update, delete through the ORM). Code that inserts youths with plain SQL (the
city-scale demo, the benchmarks) calls ``add_rows``. The format is part of the schema:
changing ``name_grams`` or ``phone_grams`` needs a migration that rebuilds the table
(``rebuild``), as migration 0007 first built it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from models.youth.tables import Youth, YouthGram

NAME, PHONE = 1, 2
_TABLE = YouthGram.__table__
_PHONE_QUERY = re.compile(r"[\d\s\-.()]+")


def _pieces(text: str, n: int) -> list[str]:
    """The runs of ``n`` adjacent characters of ``text`` without a space, in order."""
    return [text[i:i + n] for i in range(len(text) - n + 1)
            if not any(c.isspace() for c in text[i:i + n])]


def name_grams(name: str) -> set[str]:
    text = (name or "").lower()
    return {g for n in (1, 2, 3) for g in _pieces(text, n)}


def phone_grams(phone: str) -> set[str]:
    digits = re.sub(r"\D", "", phone or "")
    return {digits[i:i + n] for n in (3, 4) for i in range(len(digits) - n + 1)}


def rows_for(youth_id: int, name: str, phone: str) -> list[dict]:
    return ([{"kind": NAME, "gram": g, "youth_id": youth_id} for g in sorted(name_grams(name))]
            + [{"kind": PHONE, "gram": g, "youth_id": youth_id} for g in sorted(phone_grams(phone))])


def insert_rows(connection, rows: list[dict]) -> None:
    """Insert index rows. On PostgreSQL a large batch goes as one ``INSERT … SELECT FROM
    unnest(…)`` of three arrays: an import of 10,000 youths makes about 250,000 rows, which
    executemany sends as hundreds of statements (13 s against 3.4 s)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and len(rows) > 200:
        connection.execute(sa.text(
            f"INSERT INTO {_TABLE.name} (kind, gram, youth_id) "
            "SELECT * FROM unnest(CAST(:k AS integer[]), CAST(:g AS text[]), CAST(:y AS integer[]))"),
            {"k": [r["kind"] for r in rows], "g": [r["gram"] for r in rows],
             "y": [r["youth_id"] for r in rows]})
        return
    connection.execute(_TABLE.insert(), rows)


def add_rows(connection, youths: Iterable[tuple[int, str, str]]) -> int:
    """Index youths inserted with plain SQL: ``(id, name, phone)`` each. Returns the rows."""
    rows = [r for y in youths for r in rows_for(*y)]
    insert_rows(connection, rows)
    return len(rows)


def rebuild(connection, batch: int = 5000) -> int:
    """Make the whole index again from ``youth`` (a migration, a repair)."""
    connection.execute(_TABLE.delete())
    youth = sa.table("youth", sa.column("id"), sa.column("name"), sa.column("phone"))
    total, last = 0, 0
    while True:
        chunk = connection.execute(sa.select(youth.c.id, youth.c.name, youth.c.phone)
                                   .where(youth.c.id > last).order_by(youth.c.id).limit(batch)).all()
        if not chunk:
            return total
        total += add_rows(connection, chunk)
        last = chunk[-1][0]


# -- searching ----------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    kind: int
    gram: str
    fragment: str  # the whole fragment: the name part, or the digits
    exact: bool  # the gram is the whole fragment: no candidate needs checking
    also: str | None = None  # a second gram each candidate must have, checked on the index


def plan(query: str) -> Plan | None:
    """How to search for ``query`` (already cleaned by ``search_text``); None: everyone."""
    text = query.strip().lower()
    if not text:
        return None
    if _PHONE_QUERY.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 3:
            return Plan(PHONE, digits[-4:], digits, exact=len(digits) <= 4, also=_second_phone_gram(digits))
    for n in (3, 2, 1):  # the longest piece: the fewest candidates
        pieces = _pieces(text, n)
        if pieces:
            return Plan(NAME, pieces[-1], text, exact=len(text) == n)
    return None  # unreachable: a stripped, non-empty text has a character


def _second_phone_gram(digits: str) -> str | None:
    """For five digits or more, a second four-digit gram every match must also have, probed
    on the index before a candidate's youth row is read: the four digits before the last
    four when there are eight or more (``01012345678``: ``1234``), else the latest window
    that does not end the fragment, which keeps clear of the ``010`` every phone starts with
    (``0102345``: ``0234``, not ``0102``)."""
    if len(digits) < 5:
        return None
    at = len(digits) - 8 if len(digits) >= 8 else len(digits) - 5
    return digits[at:at + 4]


# -- kept in the same flush as the youth row ---------------------------------------
def _old(obj, key: str):
    hist = sa.inspect(obj).attrs[key].history
    return hist.deleted[0] if hist.deleted else getattr(obj, key)


@event.listens_for(Session, "after_flush")
def _keep_index(session: Session, _ctx) -> None:
    add: list[dict] = []
    drop: list[dict] = []
    for obj in session.new:
        if isinstance(obj, Youth):
            add += rows_for(obj.id, obj.name, obj.phone)
    for obj in session.dirty:
        if isinstance(obj, Youth) and session.is_modified(obj, include_collections=False):
            before = {(r["kind"], r["gram"]) for r in rows_for(obj.id, _old(obj, "name"), _old(obj, "phone"))}
            after = {(r["kind"], r["gram"]) for r in rows_for(obj.id, obj.name, obj.phone)}
            add += [{"kind": k, "gram": g, "youth_id": obj.id} for k, g in sorted(after - before)]
            drop += [{"kind": k, "gram": g, "youth_id": obj.id} for k, g in sorted(before - after)]
    for obj in session.deleted:
        if isinstance(obj, Youth):
            drop += rows_for(obj.id, _old(obj, "name"), _old(obj, "phone"))
    conn = session.connection() if add or drop else None
    if drop:
        conn.execute(_TABLE.delete().where(
            _TABLE.c.kind == sa.bindparam("k"), _TABLE.c.gram == sa.bindparam("g"),
            _TABLE.c.youth_id == sa.bindparam("y")),
            [{"k": r["kind"], "g": r["gram"], "y": r["youth_id"]} for r in drop])
    if add:
        insert_rows(conn, add)
