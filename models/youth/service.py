"""The youth registry.

One record per young person, shared city-wide so that a youth who moves from a campus to
the matching desk keeps one record. Lists carry masked contact data; the full phone
number and e-mail come only from ``contact()``, which records the read in the audit log.
Creating a record first looks for the same name and birth date, or the same phone.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import select

from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import Conflict, DuplicateYouth, NotFound, ValidationError
from models.core.masking import mask_email, mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import check_page, search_text
from models.core.validation import validate
from models.facilities.tables import Facility
from models.youth import grams
from models.youth.enums import DESTROYED_NAME
from models.youth.schemas import YouthContact, YouthInput, YouthRow
from models.youth.tables import Youth, YouthGram

MIN_AGE, MAX_AGE = 15, 39
COUNT_CAP = 1000  # search counts stop here: "1,000명 이상"
LIST_PAGE = 100  # the youth list reads this many at a time (a screen shows about 20)
# what a list row shows, read as plain rows (no ORM object per youth: a page is 200 of them)
LIST_COLUMNS = [Youth.id, Youth.name, Youth.birth_date, Youth.phone, Youth.email, Youth.district,
                Youth.channel, Youth.consent_on, Youth.retention_years, Youth.registered_facility_id]
_FACILITY_NAMES = sa.select(Facility.id, Facility.name)
_STATEMENTS: dict[tuple, sa.Select] = {}


def _search_sql(found: grams.Plan | None, what: str) -> sa.Select:
    """The search's statement for the shape of ``found`` (everyone; one gram, exact; one
    gram with each candidate checked against the phone or the name), built once and run
    with ``_search_params`` (a search of the desk builds no statement: about a third of a
    search's time at 500,000 youths went to building two of them). ``what``: ``"rows"``, a
    page of ``LIST_COLUMNS`` (parameters ``lim`` and ``off``), newest first; ``"ids"``,
    the ids; ``"count"``, how many, counted up to ``cap`` (``COUNT_CAP + 1``).

    Through the search index (models/youth/grams.py): one gram's ids walked backwards, each
    candidate checked against the whole fragment unless the gram is the fragment."""
    shape = (what, None if found is None else (found.kind, found.exact, found.also is not None))
    stmt = _STATEMENTS.get(shape)
    if stmt is not None:
        return stmt
    youth = Youth.__table__
    if what == "count" and found is not None and found.exact:
        # the gram alone: a youth row is never deleted (a destruction keeps an anonymous stub
        # and removes its index rows), so an exact gram's rows are its youths, counted on the
        # index without reading a youth
        q = (sa.select(YouthGram.youth_id)
             .where(YouthGram.kind == sa.bindparam("kind"), YouthGram.gram == sa.bindparam("gram"))
             .limit(sa.bindparam("cap", type_=sa.Integer())))
        q = sa.select(func.count()).select_from(q.subquery())
        _STATEMENTS[shape] = q
        return q
    if found is None:
        source, newest = youth, Youth.id.desc()
    else:
        source, newest = YouthGram.__table__.join(youth, Youth.id == YouthGram.youth_id), YouthGram.youth_id.desc()
        if found.also is not None:  # the second gram, probed on the index before the youth row
            second = aliased(YouthGram, name="g2")
            source = YouthGram.__table__.join(
                second, sa.and_(second.kind == YouthGram.kind, second.gram == sa.bindparam("also"),
                                second.youth_id == YouthGram.youth_id)).join(youth, Youth.id == YouthGram.youth_id)
    if what == "rows":  # with the facility's name: no second round to the database for it
        source = source.outerjoin(Facility.__table__, Facility.id == Youth.registered_facility_id)
        q = sa.select(*LIST_COLUMNS, Facility.name.label("facility_name"))
    else:
        q = sa.select(Youth.id)
    q = q.select_from(source).order_by(newest)
    if found is not None:
        q = q.where(YouthGram.kind == sa.bindparam("kind"), YouthGram.gram == sa.bindparam("gram"))
        if not found.exact:
            checked = Youth.phone if found.kind == grams.PHONE else func.lower(Youth.name)
            q = q.where(checked.like(func.lower(sa.bindparam("pattern", type_=sa.String())), escape="/"))
    if what == "rows":
        q = q.limit(sa.bindparam("lim", type_=sa.Integer())).offset(sa.bindparam("off", type_=sa.Integer()))
    elif what == "count":
        q = sa.select(func.count()).select_from(q.limit(sa.bindparam("cap", type_=sa.Integer())).subquery())
    _STATEMENTS[shape] = q
    return q


def _search_params(found: grams.Plan | None) -> dict:
    params = {"cap": COUNT_CAP + 1}
    if found is None:
        return params
    params |= {"kind": found.kind, "gram": found.gram}
    if found.also is not None:
        params["also"] = found.also
    if not found.exact:
        escaped = found.fragment.replace("/", "//").replace("%", "/%").replace("_", "/_")
        params["pattern"] = f"%{escaped}%"
    return params


def age_on(birth, day) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class YouthService(Service):
    def _row(self, y: Youth, facilities: dict[int, str]) -> YouthRow:
        return YouthRow(
            y.id, y.name, y.birth_date, mask_phone(y.phone), mask_email(y.email), y.district,
            y.channel, y.consent_on, y.retention_years, facilities.get(y.registered_facility_id))

    @staticmethod
    def _list_row(y) -> YouthRow:
        """A row of the ``"rows"`` statement (it carries the facility's name)."""
        return YouthRow(
            y.id, y.name, y.birth_date, mask_phone(y.phone), mask_email(y.email), y.district,
            y.channel, y.consent_on, y.retention_years, y.facility_name)

    def _facility_names(self, s) -> dict[int, str]:
        return dict(s.connection().execute(_FACILITY_NAMES).all())

    def _matching(self, query: str, what: str = "ids"):
        """The statement of a search for ``query`` and its parameters (``_search_sql``)."""
        text = search_text("query", query)  # a pasted NUL is dropped: PostgreSQL refuses it
        found = grams.plan(text)
        return _search_sql(found, what), _search_params(found)

    # -- reading ------------------------------------------------------------------
    def search(self, actor: Actor, facility_id: int | None, query: str = "", *,
               limit: int = 200, offset: int = 0) -> list[YouthRow]:
        """By name fragment (1+ characters) or phone fragment (3+ digits, hyphens and
        spaces allowed). Newest first."""
        require(actor, Perm.YOUTH_VIEW, facility_id)
        check_page(limit, offset)
        stmt, params = self._matching(query, "rows")

        def work(s):
            rows = s.connection().execute(stmt, {**params, "lim": limit, "off": offset}).all()
            return [self._list_row(y) for y in rows]

        return self.db.read(work)

    def search_page(self, actor: Actor, facility_id: int | None, query: str = "", *,
                    limit: int = 200) -> tuple[list[YouthRow], int]:
        """The first page of a search and its capped count (see ``count``) in one
        transaction: what the youth page shows first, in one round of the database."""
        require(actor, Perm.YOUTH_VIEW, facility_id)
        check_page(limit, 0)
        rows_q, params = self._matching(query, "rows")
        count_q, _ = self._matching(query, "count")

        def work(s):
            conn = s.connection()
            rows = [self._list_row(y) for y in conn.execute(rows_q, {**params, "lim": limit, "off": 0}).all()]
            total = len(rows) if len(rows) < limit else conn.execute(count_q, params).scalar_one()
            return rows, total

        return self.db.read(work)

    def count(self, actor: Actor, facility_id: int | None, query: str = "") -> int:
        """How many youths match, counted up to ``COUNT_CAP + 1`` (a value above
        ``COUNT_CAP`` means "more than that"): the count walks the same index as the
        search, never the whole registry."""
        require(actor, Perm.YOUTH_VIEW, facility_id)
        stmt, params = self._matching(query, "count")
        return self.db.read(lambda s: s.connection().execute(stmt, params).scalar_one())

    def get(self, actor: Actor, facility_id: int | None, youth_id: int) -> YouthRow:
        require(actor, Perm.YOUTH_VIEW, facility_id)

        def work(s):
            y = s.get(Youth, youth_id)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            return self._row(y, self._facility_names(s))

        return self.db.read(work)

    def contact(self, actor: Actor, facility_id: int | None, youth_id: int) -> YouthContact:
        """Full phone and e-mail. Each call is recorded as a read of personal data."""
        require(actor, Perm.YOUTH_CONTACT, facility_id)

        def work(s):
            y = s.get(Youth, youth_id)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            record(s, AuditAction.READ, "youth", y.id, facility_id=facility_id,
                   detail="연락처 전체 열람")
            return YouthContact(y.id, y.phone, y.email)

        return self.db.write(work, actor=actor)

    def find_duplicates(self, actor: Actor, facility_id: int | None, data: dict | YouthInput,
                        exclude_id: int | None = None) -> list[YouthRow]:
        require(actor, Perm.YOUTH_VIEW, facility_id)
        inp = validate(YouthInput, data)
        return self.db.read(lambda s: self._duplicates(s, inp, exclude_id))

    def _duplicates(self, s, inp: YouthInput, exclude_id: int | None) -> list[YouthRow]:
        q = select(Youth).where(or_(
            (Youth.name == inp.name) & (Youth.birth_date == inp.birth_date),
            Youth.phone == inp.phone))
        if exclude_id is not None:
            q = q.where(Youth.id != exclude_id)
        names = self._facility_names(s)
        return [self._row(y, names) for y in s.exec(q.order_by(Youth.id)).all()]

    # -- writing ------------------------------------------------------------------
    def _validate(self, data) -> YouthInput:
        inp = validate(YouthInput, data)
        self._check_dates(inp)
        return inp

    def _check_dates(self, inp: YouthInput, stored_birth=None) -> None:
        """No date after today (in Seoul); the age range applies when registering or when
        the birth date is changed, so that a youth who turned 40 stays editable."""
        today = self.today()
        errors = {}
        if inp.birth_date > today:
            errors["birth_date"] = "생년월일이 오늘 이후입니다."
        elif inp.birth_date != stored_birth and not MIN_AGE <= age_on(inp.birth_date, today) <= MAX_AGE:
            errors["birth_date"] = f"청년 등록 대상은 만 {MIN_AGE}~{MAX_AGE}세입니다."
        if inp.consent_on > today:
            errors["consent_on"] = "동의일은 오늘 이후일 수 없습니다."
        elif "birth_date" not in errors and inp.consent_on < inp.birth_date:
            errors["consent_on"] = "동의일이 생년월일보다 앞설 수 없습니다."
        if errors:
            raise ValidationError(errors)

    def create(self, actor: Actor, facility_id: int | None, data: dict | YouthInput, *,
               allow_duplicate: bool = False) -> int:
        """Register a youth. Raises ``DuplicateYouth`` unless ``allow_duplicate``."""
        require(actor, Perm.YOUTH_EDIT, facility_id)
        inp = self._validate(data)

        def work(s):
            if not allow_duplicate:
                dups = self._duplicates(s, inp, None)
                if dups:
                    raise DuplicateYouth(dups)
            y = Youth(**inp.model_dump(), registered_facility_id=facility_id, created_at=self.clock())
            s.add(y)
            s.flush()
            return y.id

        return self.db.write(work, actor=actor)

    def update(self, actor: Actor, facility_id: int | None, youth_id: int,
               data: dict | YouthInput, *, allow_duplicate: bool = False) -> None:
        require(actor, Perm.YOUTH_EDIT, facility_id)
        inp = validate(YouthInput, data)

        def work(s):
            y = s.get(Youth, youth_id)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            if y.name == DESTROYED_NAME:
                raise Conflict("파기된 기록은 고칠 수 없습니다. 남은 것은 통계를 위한 익명 기록뿐입니다.")
            self._check_dates(inp, y.birth_date)
            if not allow_duplicate:
                dups = self._duplicates(s, inp, youth_id)
                if dups:
                    raise DuplicateYouth(dups)
            for key, value in inp.model_dump().items():
                setattr(y, key, value)
            y.updated_at = self.clock()
            s.add(y)

        self.db.write(work, actor=actor)

    def input_for(self, actor: Actor, facility_id: int | None, youth_id: int) -> dict:
        """The editable values of a record, full contact included (recorded as a read)."""
        row = self.get(actor, facility_id, youth_id)
        contact = self.contact(actor, facility_id, youth_id)
        return {"name": row.name, "birth_date": row.birth_date, "phone": contact.phone,
                "email": contact.email, "district": row.district, "channel": row.channel,
                "consent_on": row.consent_on, "retention_years": row.retention_years}

    # -- the separate consent to sensitive counseling topics (issue 12) ------------
    # 마음건강 and the other sensitive topics are 민감정보 (개인정보 보호법 제23조): a session may
    # name one only when the youth gave this consent, recorded with its date. Counseling
    # staff record and withdraw it (the audit log keeps each change).
    def sensitive_consent(self, actor: Actor, facility_id: int, youth_id: int) -> date | None:
        """The day the youth consented to sensitive topics, or None."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)

        def work(s):
            y = s.get(Youth, youth_id)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            return y.sensitive_consent_on

        return self.db.read(work)

    def record_sensitive_consent(self, actor: Actor, facility_id: int, youth_id: int,
                                 consented_on: date | None = None) -> date:
        """Record the consent given on ``consented_on`` (default today, in Seoul)."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        day = self.today() if consented_on is None else consented_on
        if isinstance(day, datetime):
            day = day.date()
        if not isinstance(day, date):
            raise ValidationError.single("sensitive_consent_on", "날짜 형식이 올바르지 않습니다(예: 2024-03-01).")
        if day > self.today():
            raise ValidationError.single("sensitive_consent_on", "민감정보 동의일은 오늘 이후일 수 없습니다.")

        def work(s):
            y = s.get(Youth, youth_id)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            if day < y.birth_date:
                raise ValidationError.single("sensitive_consent_on", "민감정보 동의일이 생년월일보다 앞설 수 없습니다.")
            y.sensitive_consent_on = day
            y.updated_at = self.clock()
            s.add(y)
            return day

        return self.db.write(work, actor=actor)

    def withdraw_sensitive_consent(self, actor: Actor, facility_id: int, youth_id: int) -> None:
        """The youth withdrew the consent: sessions from now on may not name a sensitive
        topic; earlier sessions keep theirs."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)

        def work(s):
            y = s.get(Youth, youth_id)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            if y.sensitive_consent_on is not None:
                y.sensitive_consent_on = None
                y.updated_at = self.clock()
                s.add(y)

        self.db.write(work, actor=actor)
