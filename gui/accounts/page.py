"""직원 관리 page (admin): staff accounts, their roles per facility, passwords, deactivation.

The upper table lists every account (deactivated ones greyed out, never deleted); the
lower table shows the active role grants of the selected account with who granted them
and when. The list is read on the read pool (``Page.load``). Every change goes through
``services.accounts`` on the write lane and ends with one ``ctx.notify(Topic.USER)``;
refusals (the last administrator, oneself) appear in the banner. The account a dialog
created is selected when the reload that follows arrives.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.accounts.dialogs import CreateUserDialog, GrantRoleDialog, ResetPasswordDialog
from gui.accounts.table_model import GrantTableModel, UserTableModel
from gui.common import confirm
from gui.common.icons import icon
from gui.common.page import Page
from gui.context import Topic
from models.accounts.schemas import GrantRow, UserRow
from models.core.errors import DomainError


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    return view


class StaffPage(Page):
    key = "staff"
    title = "직원 관리"
    icon_name = "staff"
    listens_to = frozenset({Topic.USER, Topic.FACILITY})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.hint_label.setText(self.tr(
            "직원 계정을 만들고 시설별 역할을 주거나 회수합니다. 계정은 지우지 않고 비활성화합니다 "
            "(감사 기록이 계정을 가리키기 때문입니다)."))
        self.dialog = None
        self._select_next: int | None = None  # an account to select when the next load arrives
        self._build_buttons()
        self._build_tables()
        self._sync_buttons()

    # -- building ---------------------------------------------------------------------
    def _button(self, text: str, icon_name: str, slot, **props) -> QPushButton:
        button = QPushButton(icon(icon_name, "white" if props.get("primary") else None), text)
        for name, value in props.items():
            button.setProperty(name, value)
        button.clicked.connect(slot)
        self.header_actions.addWidget(button)
        return button

    def _build_buttons(self) -> None:
        self.add_button = self._button(self.tr("직원 추가"), "user_add", self.add_user, primary=True)
        self.grant_button = self._button(self.tr("역할 부여"), "role", self.grant_role)
        self.reset_button = self._button(self.tr("비밀번호 재설정"), "password", self.reset_password)
        self.active_button = self._button(self.tr("비활성화"), "deactivate", self.toggle_active,
                                          danger=True)

    def _build_tables(self) -> None:
        self.users = UserTableModel(self.ctx.services.clock, self)
        self.user_view = _table(self.users)
        head = self.user_view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.Interactive)
        head.setSectionResizeMode(UserTableModel.COL_ROLES, QHeaderView.Stretch)
        for col, width in ((UserTableModel.COL_USERNAME, 130), (UserTableModel.COL_NAME, 110),
                           (UserTableModel.COL_STATUS, 150), (UserTableModel.COL_LAST_LOGIN, 150)):
            self.user_view.setColumnWidth(col, width)
        self.user_view.selectionModel().selectionChanged.connect(self._user_selected)
        self.empty_label = QLabel(self.tr("등록된 직원 계정이 없습니다. '직원 추가'로 만드세요."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setVisible(False)

        self.grants = GrantTableModel(self)
        self.grant_view = _table(self.grants)
        ghead = self.grant_view.horizontalHeader()
        ghead.setSectionResizeMode(QHeaderView.Interactive)
        ghead.setSectionResizeMode(GrantTableModel.COL_FACILITY, QHeaderView.Stretch)
        for col, width in ((GrantTableModel.COL_ROLE, 150), (GrantTableModel.COL_GRANTED_AT, 150),
                           (GrantTableModel.COL_GRANTED_BY, 120)):
            self.grant_view.setColumnWidth(col, width)
        self.grant_view.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.grant_title = QLabel()
        self.grant_title.setStyleSheet("font-weight: bold;")
        self.revoke_button = QPushButton(icon("cancel"), self.tr("역할 회수"))
        self.revoke_button.setProperty("danger", True)
        self.revoke_button.clicked.connect(self.revoke_role)
        self.grant_empty = QLabel(self.tr("이 직원에게 부여된 역할이 없습니다. '역할 부여'로 주세요."))
        self.grant_empty.setObjectName("emptyState")
        self.grant_empty.setAlignment(Qt.AlignCenter)
        self.grant_empty.setVisible(False)

        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.user_view)
        top_lay.addWidget(self.empty_label)
        bottom = QWidget()
        bottom_lay = QVBoxLayout(bottom)
        bottom_lay.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.grant_title)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        bottom_lay.addLayout(row)
        bottom_lay.addWidget(self.grant_view)
        bottom_lay.addWidget(self.grant_empty)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.outer.addWidget(split, 1)

    # -- reading ----------------------------------------------------------------------
    def refresh(self) -> None:
        accounts, actor = self.ctx.services.accounts, self.ctx.actor
        self.load(lambda: accounts.list_users(actor), self._show_users, on_error=self._load_failed)

    def _load_failed(self, exc: DomainError) -> None:
        self.show_error(exc)
        self._show_users([])

    def _show_users(self, rows: list[UserRow]) -> None:
        keep = self.selected_user()
        target = self._select_next if self._select_next is not None else (keep.id if keep else None)
        self._select_next = None
        self.users.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.user_view.setVisible(bool(rows))
        if not (target is not None and self.select_user(target)) and rows:
            self.user_view.selectRow(0)
        self._user_selected()

    def selected_user(self) -> UserRow | None:
        rows = self.user_view.selectionModel().selectedRows()
        return self.users.row_at(rows[0].row()) if rows else None

    def selected_grant(self) -> GrantRow | None:
        rows = self.grant_view.selectionModel().selectedRows()
        return self.grants.row_at(rows[0].row()) if rows else None

    def select_user(self, user_id: int) -> bool:
        row = self.users.row_of(user_id)
        if row < 0:
            return False
        self.user_view.selectRow(row)
        return True

    def _user_selected(self, *_args) -> None:
        user = self.selected_user()
        self.grants.set_rows(user.grants if user else [])
        if user is None:
            self.grant_title.setText(self.tr("역할 — 위 목록에서 직원을 고르세요"))
        else:
            self.grant_title.setText(self.tr("{name}({user}) 님의 역할").format(
                name=user.display_name, user=user.username))
        self.grant_empty.setVisible(user is not None and not user.grants)
        self.grant_view.setVisible(user is None or bool(user.grants))
        self._sync_buttons()

    def _sync_buttons(self, *_args) -> None:
        user = self.selected_user()
        for button in (self.grant_button, self.reset_button, self.active_button):
            button.setEnabled(user is not None)
        self.revoke_button.setEnabled(self.selected_grant() is not None)
        reactivate = user is not None and not user.is_active
        self.active_button.setText(self.tr("다시 활성화") if reactivate else self.tr("비활성화"))
        self.active_button.setIcon(icon("activate" if reactivate else "deactivate"))
        # the red "danger" text would hide that a button is disabled: only when usable
        for button, danger in ((self.active_button, not reactivate), (self.revoke_button, True)):
            button.setProperty("danger", danger and button.isEnabled())
            button.style().unpolish(button)
            button.style().polish(button)

    # -- actions ----------------------------------------------------------------------
    def _open(self, dialog):
        self.clear_error()
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_user(self) -> CreateUserDialog:
        dialog = CreateUserDialog(self.ctx, self)
        dialog.saved.connect(self._remember)  # before its notify starts the reload
        return self._open(dialog)

    def _remember(self, user_id: int) -> None:
        self._select_next = user_id

    def grant_role(self) -> GrantRoleDialog | None:
        user = self.selected_user()
        return self._open(GrantRoleDialog(self.ctx, user, self)) if user else None

    def reset_password(self) -> ResetPasswordDialog | None:
        user = self.selected_user()
        return self._open(ResetPasswordDialog(self.ctx, user, self)) if user else None

    def revoke_role(self) -> None:
        user, grant = self.selected_user(), self.selected_grant()
        if user is None or grant is None:
            return
        where = self.tr("서울시 전체") if grant.facility_id is None else grant.facility_name
        if not confirm.ask(self, self.tr("역할 회수"), self.tr(
                "{name}({user}) 님의 '{where} · {role}' 역할을 회수할까요? "
                "회수한 사람과 시각은 기록에 남습니다.").format(
                name=user.display_name, user=user.username, where=where, role=grant.role.label),
                self.tr("회수")):
            return
        actor, grant_id = self.ctx.actor, grant.id
        self._write(lambda: self.ctx.services.accounts.revoke_role(actor, grant_id))

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        names = {"name": user.display_name, "user": user.username}
        if user.is_active:
            title, ok = self.tr("비활성화"), self.tr("비활성화")
            text = self.tr("{name}({user}) 님의 계정을 비활성화할까요? 더는 로그인할 수 없습니다. "
                           "계정과 기록은 지워지지 않으며 다시 활성화할 수 있습니다.").format(**names)
        else:
            title, ok = self.tr("다시 활성화"), self.tr("활성화")
            text = self.tr("{name}({user}) 님의 계정을 다시 활성화할까요?").format(**names)
        if not confirm.ask(self, title, text, ok):
            return
        actor, user_id, active = self.ctx.actor, user.id, not user.is_active
        self._write(lambda: self.ctx.services.accounts.set_active(actor, user_id, active))

    def _write(self, fn) -> None:
        self.clear_error()
        self.ctx.run(fn, lambda _result: self.ctx.notify(Topic.USER), self.show_error)
