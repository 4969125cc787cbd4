"""Inputs and DTOs of staff accounts and role grants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import field_validator
from sqlmodel import SQLModel

from models.core.enums import Role
from models.core.text import SURROGATE_MESSAGE, SURROGATE_RE, required_text

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{2,39}$")


def validate_password(value: str) -> str:
    if not isinstance(value, str) or len(value) < 8:
        raise ValueError("비밀번호는 8자 이상이어야 합니다.")
    if len(value) > 128:
        raise ValueError("비밀번호는 128자 이하로 입력하세요.")
    if SURROGATE_RE.search(value) or "\x00" in value:
        raise ValueError(SURROGATE_MESSAGE)
    if not re.search(r"[A-Za-z]", value) or not re.search(r"\d", value):
        raise ValueError("비밀번호에는 영문자와 숫자가 모두 들어가야 합니다.")
    return value


class UserInput(SQLModel):
    username: str
    display_name: str
    password: str

    @field_validator("username", mode="before")
    @classmethod
    def _username(cls, v):
        text = required_text(v, "아이디를 입력하세요.", 40).lower()
        if not USERNAME_RE.match(text):
            raise ValueError("아이디는 영문 소문자로 시작하는 3~40자(영문·숫자·._-)입니다.")
        return text

    @field_validator("display_name", mode="before")
    @classmethod
    def _display(cls, v):
        return required_text(v, "이름을 입력하세요.", 50)

    @field_validator("password", mode="before")
    @classmethod
    def _password(cls, v):
        return validate_password(v)


@dataclass(frozen=True)
class GrantRow:
    id: int
    facility_id: int | None
    facility_name: str
    role: Role
    granted_at: datetime
    granted_by: str | None


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    grants: tuple[GrantRow, ...] = field(default_factory=tuple)

    @property
    def roles_text(self) -> str:
        return ", ".join(
            g.role.label if g.facility_id is None else f"{g.facility_name} {g.role.label}"
            for g in self.grants
        ) or "(역할 없음)"
