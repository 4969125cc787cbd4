"""The base of every page: a title, a hint, a loading line, and refresh on change topics.

A page reloads through ``load(fn, show)``: ``fn`` runs on the read pool, ``show(data)`` on
the GUI thread. While a load runs the page says so (after a short delay, so fast loads do
not flicker) and the window keeps working; a result that a newer load has overtaken, or
that arrives after the page was closed, is dropped.

``ask_save_path`` asks where a file goes with Qt's own save dialog in Korean, opening in the
folder the user saved to last (remembered per login name) or in their Documents folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.date_nav import KOREAN
from models.core.errors import DomainError

LAST_FOLDER_KEY = "outputs/last_folder/{user}"  # per login name, in gui.context.settings()
SAVE_LABELS = ((QFileDialog.LookIn, "위치:"), (QFileDialog.FileName, "파일 이름:"),
               (QFileDialog.FileType, "파일 형식:"), (QFileDialog.Accept, "저장"), (QFileDialog.Reject, "취소"))


class Page(QWidget):
    key = ""
    title = ""
    icon_name = ""
    # the change topics (gui.context.Topic) that make this page reload
    listens_to: frozenset = frozenset()
    LOADING_DELAY_MS = 150

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(20, 16, 20, 12)
        head = QHBoxLayout()
        self.title_label = QLabel(self.page_title())
        self.title_label.setObjectName("pageTitle")
        head.addWidget(self.title_label)
        self.loading_label = QLabel(self.tr("불러오는 중…"))
        self.loading_label.setObjectName("pageLoading")
        self.loading_label.setVisible(False)
        head.addSpacing(10)
        head.addWidget(self.loading_label)
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
        self._load_gens: dict[str, int] = {}
        self._loading: set[str] = set()
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(self.LOADING_DELAY_MS)
        self._loading_timer.timeout.connect(lambda: self.loading_label.setVisible(bool(self._loading)))
        ctx.changed.connect(self._on_changed)
        ctx.facility_changed.connect(self._on_facility)

    def page_title(self) -> str:
        return self.title

    def _on_changed(self, changes) -> None:
        if getattr(changes, "origin", None) is self:
            return  # this page made the change and shows it already
        if changes & self.listens_to and self.isVisible():
            self.refresh()
        elif changes & self.listens_to:
            self._stale = True

    def _on_facility(self) -> None:
        if self.isVisible():
            self.refresh()
            self.fit_header()  # the refresh may have shown or hidden header buttons
        else:
            self._stale = True

    # -- a header that fits a narrow window -------------------------------------------
    COMPACT_WIDTH = 38  # an icon-only header button

    def _header_buttons(self) -> list[QPushButton]:
        """The header's secondary buttons that have an icon: they may drop their text."""
        head = self.header_actions
        items = (head.itemAt(i).widget() for i in range(head.count()))
        return [w for w in items if isinstance(w, QPushButton) and not w.property("primary")
                and not w.icon().isNull() and not w.isHidden()]

    def fit_header(self) -> None:
        """Show the header's secondary buttons as icons (their text in the tooltip), from
        the right, only as many as the page is too narrow for, and with their text again
        when it is wide enough: at 1063 or 1366 px the row of buttons no longer widens the
        window (issue 11, item 8)."""
        buttons = self._header_buttons()
        for b in buttons:  # back to the whole row, then as few icons as will do
            text = b.property("fullText")
            if text:
                b.setText(text)
                b.setProperty("fullText", None)
                if b.property("tipFromText"):
                    b.setToolTip("")
                    b.setProperty("tipFromText", None)
        m = self.outer.contentsMargins()
        room = self.width() - m.left() - m.right()
        for b in reversed(buttons):
            self.header_actions.invalidate()  # its size hint is cached until the next layout pass
            if self.header_actions.sizeHint().width() <= room:
                break
            b.setProperty("fullText", b.text())
            if not b.toolTip():
                b.setToolTip(b.text())
                b.setProperty("tipFromText", True)
            b.setText("")

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_header()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self._stale = False
            self.refresh()
            self.fit_header()  # the refresh may have shown or hidden header buttons

    def refresh(self) -> None:
        """Reload what the page shows from the services (through ``load``)."""

    @property
    def loading(self) -> bool:
        return bool(self._loading)

    def load(self, fn, show, *, lane: str = "page", on_error=None) -> None:
        """Run the read ``fn`` on the read pool and hand its result to ``show`` on the GUI
        thread. Loads on the same ``lane`` overtake each other: only the newest result is
        shown. Known errors go to ``on_error`` (default: the page banner)."""
        gen = self._load_gens[lane] = self._load_gens.get(lane, 0) + 1
        self._loading.add(lane)
        if not self._loading_timer.isActive() and not self.loading_label.isVisible():
            self._loading_timer.start()

        def settle() -> bool:
            if self._load_gens.get(lane) != gen:
                return False
            self._loading.discard(lane)
            if not self._loading:
                self._loading_timer.stop()
                self.loading_label.setVisible(False)
            return True

        def done(data) -> None:
            if settle():
                show(data)

        def failed(exc) -> None:
            if settle():
                (on_error or self.show_error)(exc)

        self.ctx.worker.load(fn, done, failed, always=lambda: self._load_gens.get(lane) == gen and settle())

    def action_button(self, icon_name: str, text: str, slot, primary: bool = False) -> QPushButton:
        """A header button with a semantic icon; ``primary`` is the page's main action."""
        from gui.common.icons import icon
        b = QPushButton(icon(icon_name, "white" if primary else None), text)
        if primary:
            b.setProperty("primary", True)
        else:
            b.setMinimumWidth(self.COMPACT_WIDTH)  # it may show its icon alone (fit_header)
        b.clicked.connect(lambda: slot())
        return b

    def show_error(self, exc: DomainError | str) -> None:
        """Show a known error in the page's banner (not modal, so work can go on)."""
        self.banner.setText(exc if isinstance(exc, str) else exc.message)
        self.banner.setVisible(True)

    def clear_error(self) -> None:
        self.banner.clear()
        self.banner.setVisible(False)

    # -- where to save ------------------------------------------------------------------
    def _folder_key(self) -> str:
        actor = getattr(self.ctx, "actor", None)
        return LAST_FOLDER_KEY.format(user=actor.username if actor is not None else "-")

    def save_folder(self) -> str:
        """Where the save dialog opens: the folder this user saved to last, else the user's
        Documents folder, else home (never the working folder)."""
        from gui.context import settings
        last = settings().value(self._folder_key())
        if isinstance(last, str) and last and Path(last).is_dir():
            return last
        docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        if docs and Path(docs).is_dir():
            return docs
        return str(Path.home())

    def save_dialog(self, title: str, default_name: str, formats: list[tuple[str, str]],
                    parent: QWidget | None = None) -> QFileDialog:
        """The save dialog ``ask_save_path`` shows: Qt's own (not the system's, so it is in
        Korean everywhere), labelled in Korean, opening in ``save_folder()`` with
        ``default_name`` filled in and ``formats`` as its file types. Qt's own texts in it
        (the overwrite question, the column names) come from the translator the app installs
        at start (``gui.common.style.install_korean``)."""
        dialog = QFileDialog(parent or self, title)
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
        dialog.setLocale(KOREAN)
        dialog.setAcceptMode(QFileDialog.AcceptSave)
        dialog.setFileMode(QFileDialog.AnyFile)
        dialog.setNameFilters([f"{label} (*.{ext})" for label, ext in formats])
        dialog.setDirectory(self.save_folder())
        dialog.selectFile(default_name)
        for label, text in SAVE_LABELS:
            dialog.setLabelText(label, self.tr(text))
        return dialog

    def ask_save_path(self, title: str, default_name: str, formats: list[tuple[str, str]],
                      parent: QWidget | None = None) -> str | None:
        """Ask where to save a file. ``formats`` are (label, extension) pairs, the default
        first; a name typed without one of their extensions gets the chosen format's. The
        folder chosen is remembered for this user."""
        dialog = self.save_dialog(title, default_name, formats, parent)
        try:
            if dialog.exec() != QDialog.Accepted or not dialog.selectedFiles():
                return None
            path, chosen = dialog.selectedFiles()[0], dialog.selectedNameFilter()
        finally:
            dialog.deleteLater()
        if not path:
            return None
        if not path.lower().endswith(tuple(f".{ext}" for _, ext in formats)):
            ext = next((e for label, e in formats if chosen.startswith(f"{label} (")), formats[0][1])
            path += f".{ext}"
        self.remember_folder(path)
        return path

    def remember_folder(self, path: str) -> None:
        from gui.context import settings
        folder = Path(path).parent
        if folder.is_dir():
            settings().setValue(self._folder_key(), str(folder))

    def export_on_worker(self, work, done_text: str) -> None:
        """Run an output use case of ``models.outputs`` on the write lane. ``work()`` returns
        its ``OutputResult``; the hint line then says ``done_text`` with ``{count}`` and
        ``{path}``. A refusal, and a file that cannot be written (``OutputError``, in the
        words the command line prints after "오류:"), show in the banner."""
        self.clear_error()

        def done(result) -> None:
            self.hint_label.setText(done_text.format(count=result.rows, path=result.path))

        self.ctx.run(work, done, self.show_error)
