"""One session as its readers see it (상담일지 보기), with the addendum and void dialogs.

The session is read on the read pool (``services.counseling.get_session``); the row
carries the service's decisions for this user (``editable``, ``can_add``, ``locked``,
``note_readable``), and the dialog shows only what they allow:

- the summary, the next step and the summary's addenda (text, reason, who, when) under
  the original, which is never overwritten;
- the confidential note stays hidden behind "비밀 메모 보기": pressing it asks the service
  (``services.counseling.note``, on the write lane, since every opening is an audit read)
  and shows the note and its addenda; for those who may not open it the button says so;
- 수정 while the author may still edit (the service's ``editable``; a version conflict is
  said in the edit dialog, and what was typed stays);
- 추가 기록 (text and a reason, to the summary or to the note) and 무효 처리 (a reason);
  a voided session is shown as 무효 with its reason, the original struck through.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.counseling import TIMELINE_TOPICS
from gui.counseling.tables import topics_text, when
from models.core.errors import DomainError, ValidationError
from models.counseling.enums import AddendumTarget
from models.counseling.schemas import AddendumRow, NoteView, SessionRow


def _para(text: str, struck: bool = False) -> str:
    body = html.escape(text or "").replace("\n", "<br>") or "<span style='color:#9aa3b5'>(없음)</span>"
    return f"<s style='color:#9aa3b5'>{body}</s>" if struck else body


def addenda_html(rows: tuple[AddendumRow, ...]) -> str:
    return "".join(
        f"<div style='margin-top:6px; padding-left:8px; border-left:3px solid #c8d1e1'>"
        f"<b>추가 기록</b> · {a.created_at:%Y-%m-%d %H:%M} · {html.escape(a.created_by_name)}<br>"
        f"{_para(a.body)}<br><span style='color:#5b6781'>사유: {html.escape(a.reason)}</span></div>"
        for a in rows)


def _label(rich: bool = True) -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.RichText if rich else Qt.PlainText)
    lab.setTextInteractionFlags(Qt.TextSelectableByMouse)
    lab.setAlignment(Qt.AlignLeft | Qt.AlignTop)
    return lab


class SessionDetailDialog(QDialog):
    changed = Signal()

    def __init__(self, ctx, session_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        self.row: SessionRow | None = None
        self.note_view: NoteView | None = None
        self.setWindowTitle(self.tr("상담일지"))
        self.setWindowIcon(icon("counseling"))
        self.setMinimumSize(600, 520)
        lay = QVBoxLayout(self)
        self.heading = QLabel(self.tr("상담일지"))
        self.heading.setObjectName("pageTitle")
        lay.addWidget(self.heading)
        self.facts = _label()
        lay.addWidget(self.facts)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        lay.addWidget(self.error)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 0)
        self.summary = _label()
        col.addWidget(self.summary)
        note_head = QHBoxLayout()
        self.note_caption = QLabel(self.tr("<b>비공개 메모</b>"))
        note_head.addWidget(self.note_caption)
        self.reveal_button = QPushButton(icon("note_lock"), self.tr("비밀 메모 보기"))
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(self.reveal_note)
        note_head.addWidget(self.reveal_button)
        note_head.addStretch(1)
        col.addLayout(note_head)
        self.note_label = _label()
        self.note_label.setVisible(False)
        frame = QFrame()
        frame.setObjectName("card")
        fl = QVBoxLayout(frame)
        fl.addWidget(self.note_label)
        self.note_frame = frame
        frame.setVisible(False)
        col.addWidget(frame)
        self.note_hint = QLabel()
        self.note_hint.setObjectName("pageHint")
        self.note_hint.setWordWrap(True)
        col.addWidget(self.note_hint)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(body)
        lay.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.edit_button = self._button(buttons, "edit", self.tr("수정"), self.edit)
        self.add_button = self._button(buttons, "addendum", self.tr("추가 기록…"), self.add_addendum)
        self.void_button = self._button(buttons, "void", self.tr("무효 처리…"), self.void)
        self.void_button.setProperty("danger", True)
        buttons.addStretch(1)
        close = QPushButton(self.tr("닫기"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        for b in (self.edit_button, self.add_button, self.void_button, self.reveal_button):
            b.setVisible(False)
        self.facts.setText(self.tr("불러오는 중…"))
        self.reload()

    def _button(self, row, icon_name: str, text: str, slot) -> QPushButton:
        b = QPushButton(icon(icon_name), text)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _c=False: slot())
        row.addWidget(b)
        return b

    # -- reading ----------------------------------------------------------------------------
    def reload(self) -> None:
        svc, actor, sid = self.ctx.services.counseling, self.ctx.actor, self.session_id
        self.ctx.load(lambda: svc.get_session(actor, sid), self.show_row, self.show_error)

    def show_error(self, exc: DomainError | str) -> None:
        self.error.setText(exc if isinstance(exc, str) else exc.message)
        self.error.setVisible(True)

    def show_row(self, r: SessionRow) -> None:
        self.row = r
        state = (self.tr("<b style='color:#c62828'>무효</b> · 사유: {0}").format(html.escape(r.void_reason or ""))
                 if r.voided else (self.tr("잠김 (추가 기록만 가능)") if r.locked
                                   else self.tr("{0}까지 작성자가 수정 가능").format(when(r.locks_at))))
        self.heading.setText(self.tr("상담일지 · {0}").format(r.youth_name))
        self.facts.setText(self.tr(
            "{0} · {1}분 · {2} · {3}<br>주제: {4}<br>상담사: {5} · 상태: {6}{7}").format(
            when(r.held_at), r.duration_minutes, html.escape(r.mode.label), html.escape(r.kind.label),
            html.escape(topics_text(r.topics)), html.escape(r.counselor_name), state,
            self.tr("<br>후속조치: {0}").format(f"{r.followup_on:%Y-%m-%d}") if r.followup_on else ""))
        self.summary.setText(
            self.tr("<b>상담 요약</b><br>{0}<br><br><b>다음 단계</b><br>{1}{2}").format(
                _para(r.summary, r.voided), _para(r.next_step, r.voided), addenda_html(r.addenda)))
        self.edit_button.setVisible(r.editable)
        self.add_button.setVisible(r.can_add)
        self.void_button.setVisible(r.can_add)
        self.note_caption.setVisible(r.has_note)
        self.reveal_button.setVisible(r.has_note and self.note_view is None)
        self.reveal_button.setEnabled(r.note_readable)
        if not r.has_note:
            self.note_hint.setText(self.tr("비공개 메모가 없습니다."))
        elif not r.note_readable:
            self.note_hint.setText(self.tr("비공개 메모는 작성자, 담당 상담사와 시설 관리자만 볼 수 있습니다."))
        elif self.note_view is None:
            self.note_hint.setText(self.tr("열어 보면 열람 기록(누가, 누구의, 언제)이 감사 기록에 남습니다."))

    def reveal_note(self) -> None:
        """Open the confidential note: the service decides and records the reading."""
        svc, actor, sid = self.ctx.services.counseling, self.ctx.actor, self.session_id
        self.reveal_button.setEnabled(False)

        def got(view: NoteView) -> None:
            self.note_view = view
            self.note_label.setText(_para(view.text, bool(self.row and self.row.voided)) + addenda_html(view.addenda))
            self.note_label.setVisible(True)
            self.note_frame.setVisible(True)
            self.reveal_button.setVisible(False)
            self.note_hint.setText(self.tr("이 열람은 감사 기록에 남았습니다."))

        def failed(exc: DomainError) -> None:
            self.reveal_button.setEnabled(True)
            self.show_error(exc)

        self.ctx.run(lambda: svc.note(actor, sid), got, failed)

    # -- changing ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self.ctx.notify(*TIMELINE_TOPICS)
        self.changed.emit()
        self.note_view = None
        self.note_label.setVisible(False)
        self.note_frame.setVisible(False)
        self.reload()

    def edit(self):
        from gui.counseling.session_dialog import SessionDialog
        if self.row is None:
            return None
        dialog = SessionDialog(self.ctx, self, session=self.row,
                               note_text=self.note_view.text if self.note_view else None)
        dialog.saved.connect(lambda _sid: self._changed())
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.edit_dialog = dialog
        dialog.open()
        return dialog

    def add_addendum(self):
        dialog = ReasonDialog(self.ctx, self, addendum=True, note=bool(self.row and self.row.note_readable))
        svc, actor, sid = self.ctx.services.counseling, self.ctx.actor, self.session_id
        dialog.work = lambda body, reason, target: svc.add_addendum(actor, sid, body, reason, target)
        dialog.done_ok.connect(self._changed)
        self.reason_dialog = dialog
        dialog.open()
        return dialog

    def void(self):
        if self.row is None:
            return None
        dialog = ReasonDialog(self.ctx, self, addendum=False)
        svc, actor, sid, version = self.ctx.services.counseling, self.ctx.actor, self.session_id, self.row.version
        dialog.work = lambda _body, reason, _target: svc.void_session(actor, sid, reason, version)
        dialog.done_ok.connect(self._changed)
        self.reason_dialog = dialog
        dialog.open()
        return dialog


class ReasonDialog(QDialog):
    """추가 기록 (text, reason, and whether it adds to the summary or the note) or 무효 처리
    (a reason). ``work(body, reason, target)`` runs on the write lane."""

    done_ok = Signal()

    def __init__(self, ctx, parent=None, *, addendum: bool, note: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.work = None
        self.addendum = addendum
        title = self.tr("추가 기록") if addendum else self.tr("상담일지 무효 처리")
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        hint = QLabel(self.tr("원래 기록은 그대로 두고, 이 내용을 사유와 함께 그 아래에 남깁니다.") if addendum else
                      self.tr("잘못 쓴 기록은 지우지 않고 무효로 표시합니다. 무효인 기록은 통계에서 빠지고, "
                              "이 기록이 만든 후속조치는 취소됩니다."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.form = Form()
        lay.addWidget(self.form)
        self.target = QComboBox()
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setFixedHeight(90)
        if addendum:
            self.target.addItem(AddendumTarget.SUMMARY.label, AddendumTarget.SUMMARY.value)
            if note:
                self.target.addItem(AddendumTarget.NOTE.label, AddendumTarget.NOTE.value)
            self.form.add("target", self.tr("어디에"), self.target)
            self.form.add("body", self.tr("내용"), self.body)
        self.reason = self.form.add("reason", self.tr("사유"), QLineEdit())
        self.reason.setMaxLength(250)
        self.reason.setPlaceholderText(self.tr("예: 상담 시간 정정, 다른 청년의 기록으로 잘못 입력"))
        lay.addStretch(1)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(self.tr("추가 기록 저장") if addendum else self.tr("무효 처리"))
        self.ok.setProperty("primary" if addendum else "danger", True)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def submit(self) -> None:
        if self.work is None or not self.ok.isEnabled():
            return
        body, reason, target = self.body.toPlainText(), self.reason.text(), self.target.currentData()
        work = self.work
        self.form.clear_errors()
        self.ok.setEnabled(False)
        self.ctx.run(lambda: work(body, reason, target), self._done, self._failed)

    def _done(self, _result) -> None:
        self.ok.setEnabled(True)
        self.done_ok.emit()
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)
