"""청년 명부 page (placeholder until built)."""

from gui.pages.base import Page


class YouthPage(Page):
    key = "youth"
    title = "청년 명부"
    icon_name = "youth"
