"""Confirmation of destructive actions, in one place so tests can answer it.

Tests replace ``ask`` (``monkeypatch.setattr(confirm, "ask", lambda *a, **k: True)``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, text: str, ok_text: str = "확인") -> bool:
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    ok = box.addButton(ok_text, QMessageBox.AcceptRole)
    box.addButton("취소", QMessageBox.RejectRole)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def confirm(parent: QWidget, title: str, text: str, ok_text: str = "확인") -> bool:
    return ask(parent, title, text, ok_text)
