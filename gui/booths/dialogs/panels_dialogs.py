"""Dialogs of one booth session after it took place, and the publish dialog.

- ``ResultDialog``: the youth received their result report (결과 보고서 수령), with an
  optional short summary: grade, strengths, points to work on
  (``services.booths.record_result``).
- ``ConsultRequestDialog``: ask for an analysis consultation with a counselor
  (AI 역량검사 분석 컨설팅, ``services.booths.request_consult``); the request waits on the
  상담 page's 오늘 tab until a counselor logs its AI 면접 결과 상담 session.
- ``PublishDialog`` lives in ``gui.booths.dialogs.publish_dialog`` and is re-exported here.

Both save on the worker and then notify "booth". A ``ValidationError`` shows under its
field; any other refusal (e.g. the session was not checked in, a request already exists)
shows at the top of the form. Nothing is written when the service refuses.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.booths.dialogs.publish_dialog import PublishDialog
from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import day_text, narrow
from models.booths.schemas import BoothBookingRow
from models.core.errors import DomainError, ValidationError

__all__ = ["ConsultRequestDialog", "PublishDialog", "ResultDialog", "session_text"]

TEXT_MAX = 300


def session_text(b: BoothBookingRow) -> str:
    """'김*수 · 2026-12-01 (화) 10:00–10:50 · AI 면접 부스 1 · AI 역량검사'."""
    return f"{b.youth_masked} · {day_text(b.starts_at.date())} {b.time_text} · {b.room_name} · " \
           f"{b.session_type.label}"


class _SessionDialog(QDialog):
    """Heading, the session line, a ``Form``, and a save / close button row."""

    def __init__(self, ctx, booking: BoothBookingRow, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booking = booking
        self.setWindowIcon(icon("calendar"))
        self.setMinimumWidth(520)
        self.lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.lay.addWidget(self.heading)
        self.session = QLabel(session_text(booking))
        self.session.setWordWrap(True)
        self.session.setStyleSheet("font-weight: bold;")
        self.lay.addWidget(self.session)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.lay.addWidget(self.hint)
        self.form = Form()
        self.lay.addWidget(self.form)
        self.lay.addStretch(1)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"), "")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        close = buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        self.lay.addWidget(buttons)
        self.save_button.setDefault(True)

    def set_texts(self, title: str, hint: str, save_text: str) -> None:
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.hint.setText(hint)
        self.save_button.setText(save_text)

    def submit(self) -> None:
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        self.ctx.run(self.work(), self._succeeded, self._failed)

    def work(self):
        raise NotImplementedError

    def _succeeded(self, result) -> None:
        self.save_button.setEnabled(True)
        self.emit_saved(result)
        self.ctx.notify(Topic.BOOTH)
        self.accept()

    def emit_saved(self, result) -> None:
        raise NotImplementedError

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(64)
    return box


class ResultDialog(_SessionDialog):
    saved = Signal()

    def __init__(self, ctx, booking: BoothBookingRow, parent=None):
        super().__init__(ctx, booking, parent)
        self.set_texts(self.tr("결과 기록"), self.tr(
            "청년이 결과 보고서를 받았는지 기록합니다. 요약은 선택이며, 상담할 때 참고합니다."),
            self.tr("결과 저장"))
        self.received = self.form.add("received", "", QCheckBox(self.tr("결과 보고서 수령")))
        self.received.setChecked(booking.result_received)
        self.grade = self.form.add("grade", self.tr("등급"), QLineEdit(booking.result_grade or ""))
        self.grade.setPlaceholderText(self.tr("예: A, 우수, 3등급 (선택)"))
        self.grade.setMaxLength(40)  # the service allows 20 and says so under the field
        narrow(self.grade, 200)
        self.strengths = self.form.add("strengths", self.tr("강점"), _text_box(
            self.tr("예: 논리적인 답변 구성, 안정된 시선 처리 (선택)")))
        self.strengths.setPlainText(booking.result_strengths or "")
        self.improve = self.form.add("improve", self.tr("보완할 점"), _text_box(
            self.tr("예: 답변 속도, 직무 관련 사례 보강 (선택)")))
        self.improve.setPlainText(booking.result_improve or "")

    def data(self) -> dict:
        return {"received": self.received.isChecked(), "grade": self.grade.text(),
                "strengths": self.strengths.toPlainText(), "improve": self.improve.toPlainText()}

    def work(self):
        svc, actor, booking_id, data = self.ctx.services.booths, self.ctx.actor, self.booking.id, self.data()
        return lambda: svc.record_result(actor, booking_id, data)

    def emit_saved(self, _result) -> None:
        self.saved.emit()


class ConsultRequestDialog(_SessionDialog):
    saved = Signal(int)  # the request id

    def __init__(self, ctx, booking: BoothBookingRow, parent=None):
        super().__init__(ctx, booking, parent)
        self.set_texts(self.tr("분석 컨설팅 요청"), self.tr(
            "AI 역량검사 결과를 상담사와 함께 분석하도록 요청합니다. 요청은 후속 상담 대기열에 올라가고, "
            "상담사가 완료 처리합니다."), self.tr("요청 보내기"))
        self.note = self.form.add("note", self.tr("메모"), _text_box(
            self.tr("예: 역량검사 결과 중 '전략 게임' 점수가 낮아 상담 희망 (선택)")))

    def data(self) -> str:
        return self.note.toPlainText()

    def work(self):
        svc, actor, booking_id, note = self.ctx.services.booths, self.ctx.actor, self.booking.id, self.data()
        return lambda: svc.request_consult(actor, booking_id, note)

    def emit_saved(self, request_id: int) -> None:
        self.saved.emit(request_id)
