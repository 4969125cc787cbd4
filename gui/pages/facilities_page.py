"""시설 관리 page (placeholder until built)."""

from gui.pages.base import Page


class FacilitiesPage(Page):
    key = "facilities"
    title = "시설 관리"
    icon_name = "facilities"
