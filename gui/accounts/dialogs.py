"""Dialogs of the staff page: create a user, grant a role, reset a password.

Each dialog validates what only the GUI knows (the password typed twice), then hands the
write to the write lane. Field errors from the service appear under their field; the dialog
stays open, and nothing is written. On success it emits ``saved(value)`` and announces
``ctx.notify(Topic.USER)`` once. The facility choices are the toolbar's list
(``ctx.facilities``, all active facilities for an administrator): no read of their own.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from models.accounts.schemas import UserRow
from models.core.enums import Role
from models.core.errors import Conflict, ValidationError


class StaffDialog(QDialog):
    """Title, hint, a Form and OK/cancel buttons; errors go next to fields."""

    saved = Signal(object)  # what the write returned (the new account's id), before notify

    def __init__(self, ctx, title: str, hint: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result_value = None
        self.setWindowTitle(title)
        self.setWindowIcon(icon("staff"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        note = QLabel(hint)
        note.setObjectName("pageHint")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.form = Form()
        lay.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton(ok_text)
        self.ok.setProperty("primary", True)
        self.buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.Cancel)
        self.cancel.setText(self.tr("취소"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.ok.setDefault(True)  # once inside the dialog, so that Enter presses it

    # -- helpers --------------------------------------------------------------------
    @staticmethod
    def password_edit() -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.Password)
        return edit

    def role_combo(self, default: Role = Role.COUNSELOR) -> QComboBox:
        box = QComboBox()
        for value, label in Role.choices():
            box.addItem(label, value)
        box.setCurrentIndex(box.findData(default.value))
        return box

    def facility_combo(self) -> QComboBox:
        box = QComboBox()
        box.addItem(self.tr("시설을 선택하세요"), None)
        for f in self.ctx.facilities:
            box.addItem(f"{f.name} ({f.code})", f.id)
        if self.ctx.facility_id is not None:
            box.setCurrentIndex(max(0, box.findData(self.ctx.facility_id)))
        return box

    def link_role_to_facility(self, role: QComboBox, facility: QComboBox) -> None:
        """The administrator role is city-wide: no facility to choose."""

        def sync():
            facility.setEnabled(role.currentData() != Role.ADMIN.value)

        role.currentIndexChanged.connect(sync)
        sync()

    @staticmethod
    def chosen_facility(role: QComboBox, facility: QComboBox) -> int | None:
        return None if role.currentData() == Role.ADMIN.value else facility.currentData()

    def passwords_match(self, first: QLineEdit, second: QLineEdit, name: str) -> bool:
        if first.text() != second.text():
            self.show_errors({name: self.tr("비밀번호가 서로 다릅니다.")})
            return False
        return True

    # -- the write --------------------------------------------------------------------
    def start(self, fn) -> None:
        self.ok.setEnabled(False)
        self.form.clear_errors()
        self.ctx.run(fn, self._succeeded, self._failed)

    def _succeeded(self, value) -> None:
        self.ok.setEnabled(True)
        self.result_value = value
        self.saved.emit(value)
        self.ctx.notify(Topic.USER)
        self.accept()

    def _failed(self, exc) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, Conflict) and exc.field in self.form.rows:
            self.show_errors({exc.field: exc.message})
        else:
            self.form.show_message(exc.message)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)  # the form grows the dialog for the messages

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class CreateUserDialog(StaffDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, self.tr("직원 추가"), self.tr(
            "새 직원 계정을 만들고 첫 역할을 줍니다. 아이디는 영문 소문자로 시작하고, "
            "비밀번호는 영문자와 숫자를 섞어 8자 이상입니다."), self.tr("만들기"), parent)
        f = self.form
        self.username = f.add("username", self.tr("아이디"), QLineEdit())
        self.display_name = f.add("display_name", self.tr("이름"), QLineEdit())
        self.password = f.add("password", self.tr("비밀번호"), self.password_edit())
        self.password2 = f.add("password2", self.tr("비밀번호 확인"), self.password_edit())
        self.role = f.add("role", self.tr("역할"), self.role_combo())
        self.facility = f.add("facility", self.tr("시설"), self.facility_combo())
        self.link_role_to_facility(self.role, self.facility)
        self.username.setFocus()

    def submit(self) -> None:
        if not self.passwords_match(self.password, self.password2, "password2"):
            return
        data = {"username": self.username.text(), "display_name": self.display_name.text(),
                "password": self.password.text()}
        role = self.role.currentData()
        facility_id = self.chosen_facility(self.role, self.facility)
        actor, accounts = self.ctx.actor, self.ctx.services.accounts
        self.start(lambda: accounts.create_user(actor, data, grants=[(role, facility_id)]))


class GrantRoleDialog(StaffDialog):
    def __init__(self, ctx, user: UserRow, parent=None):
        super().__init__(ctx, self.tr("역할 부여"), self.tr(
            "{name}({user}) 님에게 시설별 역할을 하나 더 줍니다. 부여한 사람과 시각이 기록됩니다."
        ).format(name=user.display_name, user=user.username), self.tr("부여"), parent)
        self.user = user
        self.role = self.form.add("role", self.tr("역할"), self.role_combo())
        self.facility = self.form.add("facility", self.tr("시설"), self.facility_combo())
        self.link_role_to_facility(self.role, self.facility)

    def submit(self) -> None:
        role = self.role.currentData()
        facility_id = self.chosen_facility(self.role, self.facility)
        actor, accounts, user_id = self.ctx.actor, self.ctx.services.accounts, self.user.id
        self.start(lambda: accounts.grant_role(actor, user_id, role, facility_id))


class ResetPasswordDialog(StaffDialog):
    def __init__(self, ctx, user: UserRow, parent=None):
        super().__init__(ctx, self.tr("비밀번호 재설정"), self.tr(
            "{name}({user}) 님의 새 비밀번호를 정합니다. 로그인 실패로 잠긴 계정도 풀립니다. "
            "새 비밀번호는 본인에게 직접 전하세요."
        ).format(name=user.display_name, user=user.username), self.tr("재설정"), parent)
        self.user = user
        self.password = self.form.add("password", self.tr("새 비밀번호"), self.password_edit())
        self.password2 = self.form.add("password2", self.tr("새 비밀번호 확인"),
                                       self.password_edit())

    def submit(self) -> None:
        if not self.passwords_match(self.password, self.password2, "password2"):
            return
        password = self.password.text()
        actor, accounts, user_id = self.ctx.actor, self.ctx.services.accounts, self.user.id
        self.start(lambda: accounts.reset_password(actor, user_id, password))
