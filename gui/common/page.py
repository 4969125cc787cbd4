"""The base of every page: a title, a hint, and refresh on app-wide changes."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.core.errors import DomainError


class Page(QWidget):
    key = ""
    title = ""
    icon_name = ""
    # area names of AppContext.changed that make this page reload
    listens_to: tuple[str, ...] = ()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(20, 16, 20, 12)
        head = QHBoxLayout()
        self.title_label = QLabel(self.page_title())
        self.title_label.setObjectName("pageTitle")
        head.addWidget(self.title_label)
        head.addStretch(1)
        self.header_actions = head
        self.outer.addLayout(head)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("pageHint")
        self.hint_label.setWordWrap(True)
        self.outer.addWidget(self.hint_label)
        self.banner = QLabel()
        self.banner.setObjectName("formError")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.outer.addWidget(self.banner)
        ctx.changed.connect(self._on_changed)
        ctx.facility_changed.connect(self._on_facility)

    def page_title(self) -> str:
        return self.title

    def _on_changed(self, what: str) -> None:
        if what in self.listens_to and self.isVisible():
            self.refresh()
        elif what in self.listens_to:
            self._stale = True

    def _on_facility(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows from the services."""

    def action_button(self, icon_name: str, text: str, slot, primary: bool = False) -> QPushButton:
        """A header button with a semantic icon; ``primary`` is the page's main action."""
        from gui.common.icons import icon
        b = QPushButton(icon(icon_name, "white" if primary else None), text)
        if primary:
            b.setProperty("primary", True)
        b.clicked.connect(lambda: slot())
        return b

    def show_error(self, exc: DomainError | str) -> None:
        """Show a known error in the page's banner (not modal, so work can go on)."""
        self.banner.setText(exc if isinstance(exc, str) else exc.message)
        self.banner.setVisible(True)

    def clear_error(self) -> None:
        self.banner.clear()
        self.banner.setVisible(False)

    def ask_save_path(self, title: str, default_name: str, formats: list[tuple[str, str]]) -> str | None:
        """Ask where to save a file. ``formats`` are (label, extension) pairs, the default
        first; a name typed without one of their extensions gets the chosen format's."""
        spec = ";;".join(f"{label} (*.{ext})" for label, ext in formats)
        path, chosen = QFileDialog.getSaveFileName(self, title, default_name, spec)
        if not path:
            return None
        if not path.lower().endswith(tuple(f".{ext}" for _, ext in formats)):
            ext = next((e for label, e in formats if chosen.startswith(f"{label} (")), formats[0][1])
            path += f".{ext}"
        return path

    def export_on_worker(self, load, write, done_text: str) -> None:
        """Load rows and write them to a file on the worker. ``write(rows)`` returns the path
        written; the hint line then says ``done_text`` with ``{count}`` and ``{path}``, and a
        file that cannot be written (ExportError) shows in the banner."""
        from reports.room_exports import ExportError
        self.clear_error()

        def work():
            rows = load()
            try:
                return write(rows), len(rows)
            except ExportError as exc:
                return str(exc)

        def done(result) -> None:
            if isinstance(result, str):
                self.show_error(result)
                return
            out, count = result
            self.hint_label.setText(done_text.format(count=count, path=out))

        self.ctx.run(work, done, self.show_error)
