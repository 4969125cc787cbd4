"""What a youth's withdrawal of consent and a destroyed record mean for the desk.

A youth who withdrew the consent (동의 철회, PIPA §37) can no longer be booked, and a
destroyed record is an anonymous stub nobody can book either. ``check_bookable`` is
called by the room and booth booking paths right after they lock the youth (one primary-key
read of ``youth_privacy``). The requests themselves (정정, 삭제, 동의 철회) are use cases of
``models.lifecycle.privacy.PrivacyService``.
"""

from __future__ import annotations

import sqlalchemy as sa

from models.core.errors import ValidationError

WITHDRAWN = "개인정보 수집·이용 동의를 철회한 청년은 예약할 수 없습니다. 다시 이용하려면 동의를 새로 받아 등록하세요."
DESTROYED = "개인정보가 파기된 기록이어서 예약할 수 없습니다."

_PRIVACY = sa.table("youth_privacy", sa.column("youth_id"), sa.column("withdrawn_on"), sa.column("destroyed_at"))
_QUERY = sa.select(_PRIVACY.c.withdrawn_on, _PRIVACY.c.destroyed_at).where(
    _PRIVACY.c.youth_id == sa.bindparam("y"))


def check_bookable(s, youth_id: int) -> None:
    """Raise ``ValidationError`` (on ``youth_id``, in Korean) when the youth withdrew the
    consent or the record was destroyed."""
    row = s.connection().execute(_QUERY, {"y": youth_id}).first()
    if row is None:
        return
    if row[1] is not None:
        raise ValidationError.single("youth_id", DESTROYED)
    if row[0] is not None:
        raise ValidationError.single("youth_id", WITHDRAWN)
