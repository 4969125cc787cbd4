"""Application style: fonts that render Korean, and the stylesheet from resources/."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

KOREAN_FONTS = ["Malgun Gothic", "맑은 고딕", "Apple SD Gothic Neo", "NanumGothic", "Noto Sans CJK KR",
                "Noto Sans KR", "UnDotum"]


def korean_family() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in KOREAN_FONTS if f in families), None)


def apply_style(app: QApplication) -> None:
    family = korean_family()
    font = QFont(family) if family else app.font()
    font.setPointSize(10)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(resources.files("resources").joinpath("style.qss").read_text(encoding="utf-8"))
