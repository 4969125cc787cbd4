"""Enumerations of the youth registry."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class Channel(LabeledEnum):
    ON_SITE = "on_site"
    ONLINE = "online"
    CITY_PROGRAMME = "city_programme"

    @staticmethod
    def LABELS():
        return {"on_site": "현장방문", "online": "온라인", "city_programme": "市 사업"}


# what destruction (PIPA §21, models.lifecycle.destruction) leaves in a record's name: the
# anonymous stub that keeps past figures true, which nobody edits again
DESTROYED_NAME = "(파기됨)"
