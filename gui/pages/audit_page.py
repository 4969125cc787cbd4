"""감사 기록 page (placeholder until built)."""

from gui.pages.base import Page


class AuditPage(Page):
    key = "audit"
    title = "감사 기록"
    icon_name = "audit"
