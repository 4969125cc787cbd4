"""Columns of the youth registry list and of the duplicate candidates.

Rows are ``YouthRow`` DTOs: contact data arrives masked from the service, so no column
here can show a full phone number or e-mail address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt

from gui.common.table_model import Column

CENTER = Qt.AlignCenter

# column indexes of youth_columns()
COL_NAME, COL_BIRTH, COL_PHONE, COL_EMAIL, COL_DISTRICT, COL_CHANNEL, COL_CONSENT, \
    COL_RETENTION, COL_FACILITY = range(9)
# widths in pixels at the default font; the last column stretches
WIDTHS = [72, 96, 116, 150, 76, 80, 96, 96, 150]


def _tr(text: str) -> str:
    return QCoreApplication.translate("YouthColumns", text)


def youth_columns(today: Callable[[], date] | None = None) -> list[Column]:
    """The registry list. With ``today`` records past their retention period are greyed out."""
    expired = (lambda r: r.retention_until < today()) if today else None
    return [
        Column(_tr("이름"), lambda r: r.name),
        Column(_tr("생년월일"), lambda r: r.birth_date.isoformat(), CENTER),
        Column(_tr("휴대전화"), lambda r: r.phone_masked, CENTER),
        Column(_tr("이메일"), lambda r: r.email_masked),
        Column(_tr("거주지"), lambda r: r.district, CENTER),
        Column(_tr("모집 경로"), lambda r: r.channel.label, CENTER),
        Column(_tr("동의일"), lambda r: r.consent_on.isoformat(), CENTER),
        Column(_tr("보유기한"), lambda r: r.retention_until.isoformat(), CENTER, expired),
        Column(_tr("등록 시설"), lambda r: r.registered_facility or ""),
    ]


def candidate_columns() -> list[Column]:
    """Possible duplicates offered when registering: enough to recognise, nothing more."""
    return [
        Column(_tr("이름"), lambda r: r.name),
        Column(_tr("생년월일"), lambda r: r.birth_date.isoformat(), CENTER),
        Column(_tr("휴대전화"), lambda r: r.phone_masked, CENTER),
        Column(_tr("등록 시설"), lambda r: r.registered_facility or ""),
    ]
