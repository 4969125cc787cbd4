"""First run (create the first administrator), login, and unlock after idle.

Logging in (and creating the first administrator) runs on the write lane, since it records
the login; the same job reads the actor's facilities, and the dialog then logs the actor in
with them (``ctx.set_actor(actor, facilities=rows)``), so the GUI thread reads nothing.
Unlocking checks the password of the same user and keeps the facility as it was.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.common.form import Form
from gui.common.icons import icon
from models.core.errors import ValidationError
from models.core.permissions import Actor
from models.facilities.schemas import FacilityRow


class _AuthDialog(QDialog):
    def __init__(self, ctx, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.facilities: list[FacilityRow] = []  # the actor's facilities, read with the login
        self.setWindowTitle(title)
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("청년일자리 데스크"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        hint = QLabel(intro)
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.form = Form()
        lay.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton(title)
        self.ok.setProperty("primary", True)
        self.buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.ok.setDefault(True)  # once inside the dialog, so that Enter presses it

    def _password(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.Password)
        return edit

    def _busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)

    def _failed(self, exc) -> None:
        self._busy(False)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)

    def _succeeded(self, actor: Actor) -> None:
        self._busy(False)
        self.actor = actor
        self.accept()

    def _start_session(self, login) -> None:
        """Run ``login()`` (it returns the actor) and read the actor's facilities in the
        same job; then log the actor in with them and close."""
        self._busy(True)
        self.form.clear_errors()
        facilities = self.ctx.services.facilities

        def work():
            actor = login()
            return actor, facilities.list_for(actor), facilities.first_choice(actor)

        self.ctx.run(work, self._logged_in, self._login_failed)

    def _logged_in(self, result) -> None:
        actor, rows, preferred = result
        self.facilities = rows
        self.ctx.set_actor(actor, facilities=rows, preferred=preferred)
        self._succeeded(actor)

    def _login_failed(self, exc) -> None:
        self._failed(exc)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class FirstAdminDialog(_AuthDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, self.tr("관리자 계정 만들기"), self.tr(
            "처음 실행했습니다. 서울시 전체를 관리할 첫 관리자 계정을 만드세요. "
            "비밀번호는 영문자와 숫자를 섞어 8자 이상으로 정하세요."), parent)
        self.username = self.form.add("username", self.tr("아이디"), QLineEdit())
        self.display_name = self.form.add("display_name", self.tr("이름"), QLineEdit())
        self.password = self.form.add("password", self.tr("비밀번호"), self._password())
        self.password2 = self.form.add("password2", self.tr("비밀번호 확인"), self._password())

    def submit(self) -> None:
        if self.password.text() != self.password2.text():
            self.form.show_errors({"password2": self.tr("비밀번호가 서로 다릅니다.")})
            return
        data = {"username": self.username.text(), "display_name": self.display_name.text(),
                "password": self.password.text()}
        accounts = self.ctx.services.accounts
        self._start_session(lambda: accounts.create_first_admin(data))


class LoginDialog(_AuthDialog):
    def __init__(self, ctx, parent=None, username: str | None = None):
        super().__init__(ctx, self.tr("로그인"), self.tr("아이디와 비밀번호를 입력하세요."), parent)
        self.username = self.form.add("username", self.tr("아이디"), QLineEdit(username or ""))
        self.password = self.form.add("password", self.tr("비밀번호"), self._password())
        if username:
            self.password.setFocus()

    def submit(self) -> None:
        user, pw = self.username.text(), self.password.text()
        if not user.strip():
            self.form.show_errors({"username": self.tr("아이디를 입력하세요.")})
            return
        accounts = self.ctx.services.accounts
        self._start_session(lambda: accounts.authenticate(user, pw))

    def _login_failed(self, exc) -> None:
        self.password.clear()
        self._failed(exc)


class UnlockDialog(_AuthDialog):
    """After 15 idle minutes the window locks; only the same user unlocks it."""

    def __init__(self, ctx, parent=None):
        actor = ctx.actor
        super().__init__(ctx, self.tr("잠금 해제"), self.tr(
            "오랫동안 사용하지 않아 화면을 잠갔습니다. {name}({user}) 님의 비밀번호를 입력하세요."
        ).format(name=actor.display_name, user=actor.username), parent)
        self.password = self.form.add("password", self.tr("비밀번호"), self._password())
        self.buttons.button(QDialogButtonBox.Cancel).setText(self.tr("로그아웃"))

    def submit(self) -> None:
        """Check the password; the same job reads the account's facilities, so the window
        can apply roles changed while it was locked (``actor`` and ``facilities``)."""
        pw = self.password.text()
        username, accounts = self.ctx.actor.username, self.ctx.services.accounts
        facilities = self.ctx.services.facilities
        self._busy(True)

        def work():
            actor = accounts.authenticate(username, pw)
            return actor, facilities.list_for(actor)

        self.ctx.run(work, self._unlocked, self._login_failed)

    def _unlocked(self, result) -> None:
        actor, self.facilities = result
        self._succeeded(actor)

    def _login_failed(self, exc) -> None:
        self.password.clear()
        self._failed(exc)


def obtain_actor(ctx, username: str | None = None, message: str | None = None) -> Actor | None:
    """First run creates the administrator; otherwise the login dialog. None = cancelled.
    When it returns an actor, ``ctx`` is already logged in as them, with their facilities.
    ``message`` says why the last session ended (shown on the login dialog).

    ``has_users`` is read here on the GUI thread: no window is open yet, and the answer
    decides which dialog to show."""
    dialog = LoginDialog(ctx, username=username) if ctx.services.accounts.has_users() \
        else FirstAdminDialog(ctx)
    if message:
        dialog.form.show_message(message)
    return dialog.actor if dialog.exec() == QDialog.Accepted else None
