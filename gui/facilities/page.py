"""시설 관리: the facilities list, and the rooms and booths of the selected facility.

An admin sees every facility, registers new ones and deactivates them (never deletes). A
manager sees and edits their own facility and its rooms. Buttons follow ``actor.can``; the
services check the same permissions again.

The list and the rooms of the selected facility are read on the read pool (``Page.load``,
lanes "page" and "rooms"); a facility or room a dialog saved is selected when the reload
that its ``notify`` starts arrives (``_select_id``, ``_select_room``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common import confirm
from gui.common.icons import icon
from gui.common.page import Page
from gui.common.table_model import RowTableModel
from gui.context import Topic
from gui.facilities.facility_dialog import FacilityDialog
from gui.facilities.room_dialog import RoomDialog
from gui.facilities.table_model import (
    COL_ACTIVE,
    FacilityProxy,
    FacilityTableModel,
    facility_summary,
    fit_columns,
    make_table,
    room_columns,
)
from models.core.errors import DomainError
from models.core.permissions import Perm
from models.facilities.schemas import FacilityRow, RoomRow


def empty_label() -> QLabel:
    label = QLabel()
    label.setObjectName("emptyState")
    label.setAlignment(Qt.AlignCenter)
    label.setWordWrap(True)
    return label


def button(text: str, icon_name: str, *, primary: bool = False) -> QPushButton:
    btn = QPushButton(icon(icon_name, "white" if primary else None), text)
    if primary:
        btn.setProperty("primary", True)
    return btn


class FacilitiesPage(Page):
    key = "facilities"
    title = "시설 관리"
    icon_name = "facilities"
    listens_to = frozenset({Topic.FACILITY, Topic.ROOM})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self._select_id: int | None = None  # facility to select after the next reload
        self._select_room: int | None = None
        self._ctx_facility_seen: int | None = None
        self._rooms_of: int | None = None  # facility whose rooms were asked for last
        self._rooms_shown: int | None = None  # facility whose rooms the room table holds
        self._fitted: int | None = None
        self._dialog = None
        self._build_toolbar()
        self._build_lists()

    def page_title(self) -> str:
        return self.tr("시설 관리")

    # -- building -------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("시설명·코드·자치구로 찾기"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.filter_edit.setMinimumWidth(280)
        self.filter_edit.textChanged.connect(self._filter_changed)
        bar.addWidget(self.filter_edit)
        self.inactive_box = QCheckBox(self.tr("비활성 시설 포함"))
        self.inactive_box.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.inactive_box)
        bar.addStretch(1)
        self.add_button = button(self.tr("시설 등록"), "add", primary=True)
        self.add_button.clicked.connect(self.open_create)
        self.edit_button = button(self.tr("수정"), "edit")
        self.edit_button.clicked.connect(self.open_edit)
        self.active_button = button(self.tr("비활성화"), "deactivate")
        self.active_button.clicked.connect(self.toggle_active)
        for btn in (self.add_button, self.edit_button, self.active_button):
            bar.addWidget(btn)
        self.outer.addLayout(bar)
        self.notice = QLabel()
        self.notice.setObjectName("pageHint")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.outer.addWidget(self.notice)

    def _build_lists(self) -> None:
        self.model = FacilityTableModel(self.tr, self)
        self.proxy = FacilityProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(self._facility_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_button.isEnabled() and self.open_edit())
        self.empty = empty_label()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        rooms = QWidget()
        lay = QVBoxLayout(rooms)
        lay.setContentsMargins(0, 8, 0, 0)
        head = QHBoxLayout()
        self.rooms_title = QLabel()
        self.rooms_title.setStyleSheet("font-weight: bold; font-size: 14px;")
        head.addWidget(self.rooms_title)
        head.addStretch(1)
        self.room_add_button = button(self.tr("공간 추가"), "add")
        self.room_add_button.clicked.connect(self.open_add_room)
        self.room_edit_button = button(self.tr("공간 수정"), "edit")
        self.room_edit_button.clicked.connect(self.open_edit_room)
        head.addWidget(self.room_add_button)
        head.addWidget(self.room_edit_button)
        lay.addLayout(head)
        self.detail = QLabel()
        self.detail.setObjectName("pageHint")
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        self.room_model = RowTableModel(room_columns(self.tr), self)
        self.room_table = make_table(self.room_model)
        self.room_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.room_table.doubleClicked.connect(
            lambda _i: self.room_edit_button.isEnabled() and self.open_edit_room())
        self.room_empty = empty_label()
        self.room_stack = QStackedWidget()
        self.room_stack.addWidget(self.room_table)
        self.room_stack.addWidget(self.room_empty)
        lay.addWidget(self.room_stack, 1)

        self.splitter = splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(rooms)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.outer.addWidget(splitter, 1)

    # -- reading --------------------------------------------------------------------
    def refresh(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self._apply_role()
        include = self.inactive_box.isChecked() and actor.can(Perm.FACILITY_DEACTIVATE)
        fac = self.ctx.services.facilities
        self.load(lambda: fac.list_for(actor, include_inactive=include),
                  lambda rows: self._show_facilities(rows, include))

    def _show_facilities(self, rows: list[FacilityRow], include: bool) -> None:
        current = self.current_facility()
        keep = self._select_id or (current.id if current else None)
        if self.ctx.facility_id != self._ctx_facility_seen:  # the toolbar switched facility
            self._ctx_facility_seen = self.ctx.facility_id
            keep = self._select_id or self.ctx.facility_id
        self._select_id = None
        self.model.set_rows(rows)
        self.table.setColumnHidden(COL_ACTIVE, not include)
        fit_columns(self.table)
        self._fit_splitter()
        self._rooms_of = None
        self._select_facility(keep)
        self._sync_after_selection()

    def _fit_splitter(self) -> None:
        """A short facility list (a manager's one facility) leaves the room to the rooms."""
        rows = self.model.rowCount()
        if rows > 6 or self._fitted == rows:
            return
        self._fitted = rows
        height = self.table.horizontalHeader().sizeHint().height() + 30 * max(rows, 2) + 24
        total = sum(self.splitter.sizes()) or 600
        self.splitter.setSizes([height, max(total - height, 200)])

    def _apply_role(self) -> None:
        actor = self.ctx.actor
        admin = actor.can(Perm.FACILITY_DEACTIVATE)
        self.add_button.setVisible(actor.can(Perm.FACILITY_CREATE))
        self.active_button.setVisible(admin)
        self.inactive_box.setVisible(admin)
        self.hint_label.setText(self.tr(
            "청년취업사관학교·일자리카페·매칭 전담창구를 등록하고 고칩니다. 시설은 지우지 않고 "
            "비활성화합니다. 시설을 고르면 아래에서 그 시설의 룸과 부스를 관리합니다.")
            if admin else self.tr(
            "배정된 시설의 정보와 공간(스터디룸·회의실·AI 면접 부스·상담실)을 관리합니다. "
            "새 시설 등록과 비활성화는 시 담당자가 합니다."))

    def _select_facility(self, facility_id: int | None) -> None:
        target = 0
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).id == facility_id:
                target = row
                break
        if self.proxy.rowCount():
            self.table.selectRow(target)
            self.table.scrollTo(self.proxy.index(target, 0))

    def current_facility(self) -> FacilityRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def current_room(self) -> RoomRow | None:
        index = self.room_table.currentIndex()
        return self.room_model.row_at(index.row()) if index.isValid() else None

    def _filter_changed(self, text: str) -> None:
        current = self.current_facility()
        self.proxy.set_text(text)
        if self.current_facility() is None:
            self._select_facility(current.id if current else None)
        elif self.table.currentIndex().isValid():
            self.table.scrollTo(self.table.currentIndex())
        self._sync_after_selection()

    def _facility_selected(self, *_args) -> None:
        self._sync_after_selection()

    def _sync_after_selection(self) -> None:
        f = self.current_facility()
        if f is None or f.id != self._rooms_of:
            self._load_rooms(f)
        self._update_empty()
        self._update_buttons()

    def _load_rooms(self, f: FacilityRow | None) -> None:
        self._rooms_of = f.id if f else None
        self.detail.setText(facility_summary(f, self.tr) if f else "")
        self.detail.setToolTip(f.note if f else "")
        self.detail.setVisible(f is not None)
        fac, actor = self.ctx.services.facilities, self.ctx.actor
        if self._rooms_shown != (f.id if f else None):
            # another facility: its rooms must not be edited under this one's name meanwhile
            self.room_model.set_rows([])
            self._rooms_shown = None
        if f is None:
            # through the lane, so that the rooms of a facility chosen before are not shown
            self.load(lambda: None, lambda _none: self._show_no_facility(), lane="rooms")
            return

        def failed(exc: DomainError) -> None:
            self.show_error(exc)
            self._show_rooms(f, [])

        self.load(lambda: fac.rooms(actor, f.id), lambda rooms: self._show_rooms(f, rooms),
                  lane="rooms", on_error=failed)

    def _show_no_facility(self) -> None:
        self.room_model.set_rows([])
        self._rooms_shown = None
        self.rooms_title.setText(self.tr("공간(룸·부스)"))
        self.room_empty.setText(self.tr("위 목록에서 시설을 고르면 그 시설의 공간이 여기에 나옵니다."))
        self.room_stack.setCurrentWidget(self.room_empty)
        self._update_buttons()

    def _show_rooms(self, f: FacilityRow, rooms: list[RoomRow]) -> None:
        self.room_model.set_rows(rooms)
        self._rooms_shown = f.id
        fit_columns(self.room_table)
        self.rooms_title.setText(self.tr("{0}의 공간(룸·부스) {1}개").format(f.name, len(rooms)))
        for row, room in enumerate(rooms):
            if room.id == self._select_room:  # the room a dialog saved
                self._select_room = None
                self.room_table.selectRow(row)
        self._update_buttons()
        if rooms:
            self.room_stack.setCurrentWidget(self.room_table)
            return
        if self.ctx.actor.can(Perm.ROOM_MANAGE, f.id):
            text = self.tr("이 시설에는 등록된 공간이 없습니다. '공간 추가'로 스터디룸·회의실·"
                           "AI 면접 부스·상담실을 등록하세요.")
        else:
            text = self.tr("이 시설에는 등록된 공간이 없습니다.")
        self.room_empty.setText(text)
        self.room_stack.setCurrentWidget(self.room_empty)

    def _update_empty(self) -> None:
        if self.proxy.rowCount():
            self.list_stack.setCurrentWidget(self.table)
            return
        actor = self.ctx.actor
        if self.model.rowCount():
            text = self.tr("'{0}'에 맞는 시설이 없습니다. 검색어를 줄이거나 지우세요.").format(
                self.filter_edit.text().strip())
            if self.inactive_box.isVisibleTo(self) and not self.inactive_box.isChecked():
                text += " " + self.tr("비활성 시설은 '비활성 시설 포함'을 켜야 보입니다.")
        elif actor.can(Perm.FACILITY_CREATE):
            text = self.tr("등록된 시설이 없습니다. '시설 등록'으로 첫 시설을 추가하세요.")
        else:
            text = self.tr("배정된 시설이 없습니다. 시 담당자에게 시설 배정을 요청하세요.")
        self.empty.setText(text)
        self.list_stack.setCurrentWidget(self.empty)

    def _update_buttons(self) -> None:
        actor, f = self.ctx.actor, self.current_facility()
        self.edit_button.setEnabled(f is not None and actor.can(Perm.FACILITY_EDIT, f.id))
        self.active_button.setEnabled(f is not None)
        deactivate = f is None or f.is_active
        self.active_button.setText(self.tr("비활성화") if deactivate else self.tr("다시 활성화"))
        self.active_button.setIcon(icon("deactivate" if deactivate else "activate"))
        self.active_button.setProperty("danger", deactivate)
        self.active_button.style().polish(self.active_button)
        may_rooms = f is not None and actor.can(Perm.ROOM_MANAGE, f.id)
        self.room_add_button.setEnabled(may_rooms)
        self.room_edit_button.setEnabled(may_rooms and self.current_room() is not None)

    # -- actions --------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _start(self) -> None:
        self.clear_error()
        self._say("")

    def _remember(self, facility_id: int) -> None:
        self._select_id = facility_id

    def _open(self, dialog, on_saved):
        """Open a dialog; the previous one, long closed, is freed."""
        if self._dialog is not None and not self._dialog.isVisible():
            self._dialog.deleteLater()
        self._dialog = dialog
        dialog.saved.connect(on_saved)
        dialog.open()
        return dialog

    def open_create(self) -> FacilityDialog:
        self._start()
        return self._open(FacilityDialog(self.ctx, None, self), self._remember)

    def open_edit(self) -> FacilityDialog | None:
        f = self.current_facility()
        if f is None:
            return None
        self._start()
        return self._open(FacilityDialog(self.ctx, f, self), self._remember)

    def toggle_active(self) -> None:
        f = self.current_facility()
        if f is None:
            return
        self._start()
        activate = not f.is_active
        if activate:
            title, ok = self.tr("시설 다시 활성화"), self.tr("다시 활성화")
            text = self.tr("'{0}'을(를) 다시 활성화할까요? 시설 목록과 시설 전환 메뉴에 "
                           "다시 나옵니다.").format(f.name)
        else:
            title, ok = self.tr("시설 비활성화"), self.tr("비활성화")
            text = self.tr("'{0}'을(를) 비활성화할까요? 시설 목록과 시설 전환 메뉴에서 빠지지만 "
                           "기록은 지워지지 않고, 언제든 다시 활성화할 수 있습니다.").format(f.name)
        if not confirm.ask(self, title, text, ok):
            return
        fac, actor, fid = self.ctx.services.facilities, self.ctx.actor, f.id
        self.active_button.setEnabled(False)
        self.ctx.run(lambda: fac.set_active(actor, fid, activate),
                     lambda _r: self._activated(f, activate), self._failed)

    def _activated(self, f: FacilityRow, active: bool) -> None:
        self._select_id = f.id
        if active:
            self._say(self.tr("'{0}'을(를) 다시 활성화했습니다.").format(f.name))
        elif self.inactive_box.isChecked():
            self._say(self.tr("'{0}'을(를) 비활성화했습니다.").format(f.name))
        else:
            self._say(self.tr("'{0}'을(를) 비활성화했습니다. '비활성 시설 포함'을 켜면 다시 볼 수 "
                              "있습니다.").format(f.name))
        self.ctx.notify(Topic.FACILITY)

    def _failed(self, exc: DomainError) -> None:
        self._update_buttons()
        self.show_error(exc)

    def open_add_room(self) -> RoomDialog | None:
        f = self.current_facility()
        if f is None:
            return None
        self._start()
        return self._open(RoomDialog(self.ctx, f, None, self), self._remember_room)

    def open_edit_room(self) -> RoomDialog | None:
        f, room = self.current_facility(), self.current_room()
        if f is None or room is None:
            return None
        self._start()
        return self._open(RoomDialog(self.ctx, f, room, self), self._remember_room)

    def _remember_room(self, room_id: int) -> None:
        self._select_room = room_id
