"""Application style: fonts that render Korean, and the stylesheet from resources/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

KOREAN_FONTS = ["Malgun Gothic", "맑은 고딕", "Apple SD Gothic Neo", "NanumGothic", "Noto Sans CJK KR",
                "Noto Sans KR", "UnDotum"]


def korean_family() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in KOREAN_FONTS if f in families), None)


def install_korean(app: QApplication) -> None:
    """Qt's own Korean translations, so standard buttons and dialogs say 취소, 예, 아니요."""
    if app.property("yjd_translator") is not None:
        return
    QLocale.setDefault(QLocale(QLocale.Korean, QLocale.SouthKorea))
    translator = QTranslator(app)
    if translator.load("qtbase_ko", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(translator)
    app.setProperty("yjd_translator", translator)


def apply_style(app: QApplication) -> None:
    install_korean(app)
    family = korean_family()
    font = QFont(family) if family else app.font()
    font.setPointSize(10)
    app.setFont(font)
    app.setStyle("Fusion")
    folder = resources.files("resources")
    sheet = folder.joinpath("style.qss").read_text(encoding="utf-8")
    # images in the sheet are named by absolute path: a relative url() would follow the
    # working directory
    app.setStyleSheet(sheet.replace("@RESOURCES@", Path(str(folder)).as_posix()))
