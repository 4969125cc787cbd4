"""직원 관리 page (placeholder until built)."""

from gui.pages.base import Page


class StaffPage(Page):
    key = "staff"
    title = "직원 관리"
    icon_name = "staff"
