"""Pick a youth from the registry with search-as-you-type, or register one inline.

Typing in ``youth_search`` starts a search 250 ms after the last key, on the read pool
(``ctx.load``); only the newest search may fill the list, so an older one that answers late
is dropped. The results fill ``youth_list`` as "김민수 · 1998-03-15 · 010-****-5678": the name in full,
because the desk must tell people apart, the phone masked. A click (or Enter on the
search field, which takes the first result and never presses the dialog's default
button) selects; ``youth_selected(id)`` is emitted and
the choice stays shown above the list while the user searches again.

"새 청년 등록" opens the registry's own ``YouthDialog``; the record it saves (or the existing
record chosen among its duplicates) becomes the selection.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.context import Topic
from models.core.errors import DomainError
from models.youth.schemas import YouthRow

DEBOUNCE_MS = 250
LIMIT = 20


def youth_text(row: YouthRow) -> str:
    return f"{row.name} · {row.birth_date.isoformat()} · {row.phone_masked}"


class YouthPicker(QWidget):
    youth_selected = Signal(int)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._selected: YouthRow | None = None
        self._seq = 0  # only the newest search may fill the list
        self.youth_dialog = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        top = QHBoxLayout()
        self.youth_search = QLineEdit()
        self.youth_search.setPlaceholderText(self.tr("이름 또는 전화번호 일부로 검색"))
        self.youth_search.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.youth_search.setClearButtonEnabled(True)
        self.youth_search.textChanged.connect(self._schedule)
        self.youth_search.installEventFilter(self)
        top.addWidget(self.youth_search, 1)
        self.new_youth_button = QPushButton(icon("user_add"), self.tr("새 청년 등록"))
        self.new_youth_button.clicked.connect(self.register_new)
        top.addWidget(self.new_youth_button)
        lay.addLayout(top)
        self.selection_label = QLabel(self.tr("선택한 청년 없음"))
        self.selection_label.setObjectName("pageHint")
        self.selection_label.setTextFormat(Qt.RichText)
        lay.addWidget(self.selection_label)
        self.stack = QStackedWidget()
        self.youth_list = QListWidget()
        self.youth_list.setAlternatingRowColors(True)
        self.youth_list.itemClicked.connect(self._item_chosen)
        self.youth_list.itemActivated.connect(self._item_chosen)
        self.youth_list.currentItemChanged.connect(lambda cur, _prev: cur and self._item_chosen(cur))
        self.empty = QLabel(self.tr("이름이나 전화번호 일부를 입력하면 명부에서 찾습니다."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.youth_list)
        self.stack.setFixedHeight(118)
        lay.addWidget(self.stack)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)

    def place_error(self, label: QLabel) -> None:
        """A form's message for this field goes under the search box, not under the list
        (where it would read as the next field's)."""
        self.layout().insertWidget(1, label)

    # -- selection --------------------------------------------------------------------
    @property
    def selected_youth_id(self) -> int | None:
        return self._selected.id if self._selected else None

    @property
    def selected_row(self) -> YouthRow | None:
        return self._selected

    def select_row(self, row: YouthRow) -> None:
        """Make ``row`` the selection (also used after inline registration)."""
        changed = self._selected is None or self._selected.id != row.id
        self._selected = row
        self.selection_label.setText(self.tr("✔ 선택: <b>{0}</b>").format(html.escape(youth_text(row))))
        for i in range(self.youth_list.count()):
            item = self.youth_list.item(i)
            if item.data(Qt.UserRole) == row.id and self.youth_list.currentItem() is not item:
                self.youth_list.setCurrentItem(item)
        if changed:
            self.youth_selected.emit(row.id)

    def select_id(self, youth_id: int) -> None:
        """Load one record by id on the read pool and select it (the list then shows it
        alone, unless the user searched again meanwhile)."""
        svc, actor, fid = self.ctx.services.youth, self.ctx.actor, self.ctx.facility_id
        self._seq += 1
        seq = self._seq
        self.ctx.load(lambda: (seq, svc.get(actor, fid, youth_id)), self._got, self._failed)

    def _got(self, data: tuple[int, YouthRow]) -> None:
        seq, row = data
        if seq == self._seq:
            self._fill([row])
        self.select_row(row)

    def _loaded(self, row: YouthRow) -> None:
        self._fill([row])
        self.select_row(row)

    def _item_chosen(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.UserRole + 1)
        if row is not None:
            self.select_row(row)

    def _take_first(self) -> None:
        self.timer.stop()
        if self.youth_list.count():
            self._item_chosen(self.youth_list.item(0))
        else:
            self.search_now()

    def eventFilter(self, obj, event) -> bool:
        """Enter in the search field picks the first result (and does not press the
        dialog's default button); Down moves into the list."""
        if obj is self.youth_search and event.type() == QEvent.KeyPress:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self._take_first()
                return True
            if event.key() == Qt.Key_Down and self.youth_list.count():
                self.youth_list.setFocus()
                return True
        return super().eventFilter(obj, event)

    # -- searching --------------------------------------------------------------------
    def _schedule(self, *_args) -> None:
        self.timer.start()

    def search_now(self) -> None:
        self.timer.stop()
        text = self.youth_search.text().strip()
        self._seq += 1
        seq = self._seq
        if not text:
            self._fill([], self.tr("이름이나 전화번호 일부를 입력하면 명부에서 찾습니다."))
            return
        svc, actor, fid = self.ctx.services.youth, self.ctx.actor, self.ctx.facility_id

        def read():
            try:
                return seq, svc.search(actor, fid, text, limit=LIMIT)
            except DomainError as exc:  # keeps its number, so an old refusal is dropped too
                return seq, exc

        self.ctx.load(read, self._results)

    def _results(self, data: tuple[int, list[YouthRow] | DomainError]) -> None:
        seq, rows = data
        if seq != self._seq:
            return  # an older search answered late
        if isinstance(rows, DomainError):
            self._failed(rows)
            return
        self._fill(rows, self.tr("찾는 청년이 없습니다. 처음 온 청년이면 '새 청년 등록'을 누르세요."))

    def _fill(self, rows: list[YouthRow], empty_text: str = "") -> None:
        self.youth_list.blockSignals(True)
        self.youth_list.clear()
        for row in rows:
            item = QListWidgetItem(youth_text(row))
            item.setData(Qt.UserRole, row.id)
            item.setData(Qt.UserRole + 1, row)
            self.youth_list.addItem(item)
            if self._selected and row.id == self._selected.id:
                self.youth_list.setCurrentItem(item)
        self.youth_list.blockSignals(False)
        if rows:
            self.stack.setCurrentWidget(self.youth_list)
        else:
            self.empty.setText(empty_text)
            self.stack.setCurrentWidget(self.empty)

    def _failed(self, exc: DomainError) -> None:
        self._fill([], exc.message)

    # -- inline registration ------------------------------------------------------------
    def register_new(self):
        """Open the registry's dialog; returns it so tests can fill it."""
        from gui.youth.dialog import YouthDialog
        dialog = YouthDialog(self.ctx, parent=self)
        text = self.youth_search.text().strip()
        if text and not any(ch.isdigit() for ch in text):
            dialog.name.setText(text)
        dialog.saved.connect(self._registered)
        dialog.open_existing.connect(self._loaded)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.youth_dialog = dialog
        dialog.open()
        return dialog

    def _registered(self, youth_id: int) -> None:
        self.ctx.notify(Topic.YOUTH)
        self.select_id(youth_id)
