"""Column types shared by all tables.

``UTCDateTime`` keeps instants as aware UTC on both backends: SQLite drops tzinfo
silently, so values are normalised to naive UTC on the way in and given back their UTC
tzinfo on the way out. ``enum_column`` stores enums by value with a CHECK constraint.
"""

from __future__ import annotations

from datetime import UTC
from enum import Enum as PyEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from models.core.time import utcnow


class UTCDateTime(TypeDecorator):
    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC instants only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_cls: type[PyEnum], name: str) -> sa.Enum:
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def enum_column(enum_cls: type[PyEnum], name: str, **kw) -> sa.Column:
    kw.setdefault("nullable", False)
    return sa.Column(enum_type(enum_cls, name), **kw)


def created_column() -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=False, default=utcnow)


def fk(target: str, nullable: bool = False, index: bool = False) -> sa.Column:
    """An integer foreign-key column."""
    return sa.Column(sa.Integer(), sa.ForeignKey(target), nullable=nullable, index=index)
