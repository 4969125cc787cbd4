"""상담 기록: log a one-to-one session in under a minute, or edit one while it is unlocked.

The dialog opens with the keyboard in its first field and every field at a sensible
default: the date and time now, 30 minutes, the mode this user chose last, the type the
caller suggests (초기상담 for a youth without a case, AI 면접 결과 상담 for a booth request).
Every field has an Alt shortcut shown in its label (일시 Alt+T, 시간 Alt+M, 방식 Alt+1…4,
유형 Alt+K, 주제 Alt+P, 요약 Alt+S, 비공개 메모 Alt+N, 다음 단계 Alt+X, 후속조치 Alt+F and
the arrow keys among its quick picks). Enter saves from any one-line field or button, and
Ctrl+Enter from the text boxes (where Enter starts a new line); Esc cancels. From the
caseload, logging a phone call with a summary and a follow-up in a week takes eight
key presses or typed texts (tests/gui/counseling/test_session_dialog.py counts them).

Sensitive topics (마음건강, 건강·장애: 민감정보) need the youth's separate consent: the
dialog reads its date with the youth, refuses to tick one without it with the service's own
message (``models.counseling.sessions.sensitive_refusal``) next to the field, and offers to
record the consent date there (``services.youth.record_sensitive_consent``). The service
checks all of it again; a refusal is shown next to its field and nothing is written.

Editing (수정, from the session's detail) never opens the confidential note: the note is
in the form only when the user revealed it there (that opening was the audit read);
otherwise the field is off and the edit sends no note, so the stored one stays. A new
session offers the open steps of the youth's activity plan to tick off (계획 단계).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic, settings
from gui.counseling import TIMELINE_TOPICS
from gui.desk.dialog_base import KOREAN, clear_field, day_text, mark_field, narrow
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS
from models.core.errors import DomainError, ValidationError
from models.core.time import SEOUL
from models.counseling.enums import Mode, SessionKind
from models.counseling.enums import Topic as CounselTopic
from models.counseling.schemas import QUICK_DURATIONS, QUICK_FOLLOWUP_DAYS, SessionRow
from models.counseling.sessions import sensitive_refusal

MODE_KEYS = {Mode.IN_PERSON: "대면(&1)", Mode.PHONE: "전화(&2)", Mode.VIDEO: "화상(&3)",
             Mode.ONLINE: "온라인·메신저(&4)"}
LAST_MODE_KEY = "counseling/last_mode/{user}"
ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def text_box(placeholder: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def plain_button(text: str, slot) -> QPushButton:
    """A button Enter does not press (Enter saves the dialog)."""
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.setStyleSheet("padding: 3px 9px;")
    b.clicked.connect(lambda _c=False: slot())
    return b


class SessionDialog(QDialog):
    saved = Signal(int)  # the session id

    def __init__(self, ctx, parent=None, *, youth_id: int | None = None, youth_name: str = "",
                 kind: SessionKind | None = None, consult_request_id: int | None = None,
                 completes_followup_id: int | None = None, context_text: str = "",
                 session: SessionRow | None = None, note_text: str | None = None, mode: Mode | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.facility_id = session.facility_id if session else ctx.facility_id
        self.session = session
        self.youth_id = session.youth_id if session else youth_id
        self.consult_request_id = consult_request_id
        self.completes_followup_id = completes_followup_id
        self.consent_on: date | None = None
        self.consent_known = False
        self.consent_offered = False
        self.today = ctx.services.counseling.today()
        self.picker = None
        self.keep_note = False  # editing without the note opened: it is not sent
        editing = session is not None
        title = self.tr("상담일지 수정") if editing else self.tr("상담 기록")
        self.setWindowTitle(title)
        self.setWindowIcon(icon("counseling"))
        self.setMinimumWidth(640)
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        self.hint = QLabel(context_text or self.tr(
            "Enter로 저장, Esc로 취소합니다. 글 상자 안에서는 Ctrl+Enter로 저장합니다. "
            "괄호 안 글자는 Alt와 함께 누르면 그 칸으로 갑니다."))
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        self.form = Form()
        self.form.layout_.setVerticalSpacing(6)
        lay.addWidget(self.form)
        self._build_youth(youth_name)
        self._build_when()
        self._build_mode(kind, mode)
        self._build_topics()
        self._build_texts()
        if not editing:
            self._build_followup()
            self._build_steps()
        lay.addStretch(1)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"), self.tr("저장"))
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        cancel.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        if editing:
            self._fill(session, note_text)
        if self.youth_id is not None:
            self._load_consent(self.youth_id)
            if not editing:
                self._load_plan(self.youth_id)

    # -- building ---------------------------------------------------------------------
    def _add(self, name: str, label: str, widget: QWidget, buddy: QWidget | None = None) -> QWidget:
        self.form.add(name, label, widget)
        row = self.form.rows[name]
        lab = self.form.layout_.labelForField(row)
        if isinstance(lab, QLabel):
            lab.setBuddy(buddy or widget)
        return widget

    def _build_youth(self, youth_name: str) -> None:
        if self.youth_id is not None:
            self.youth_label = QLabel(youth_name or self.tr("청년 #{0}").format(self.youth_id))
            self.youth_label.setStyleSheet("font-weight: bold;")
            self._add("youth_id", self.tr("청년"), self.youth_label)
            if not youth_name:
                self._load_name(self.youth_id)
            return
        from gui.youth.picker import YouthPicker
        self.picker = YouthPicker(self.ctx, self)
        self.picker.youth_selected.connect(self._youth_picked)
        self._add("youth_id", self.tr("청년(&Y)"), self.picker, self.picker.youth_search)

    def _build_when(self) -> None:
        now = self.ctx.services.counseling.clock().astimezone(SEOUL).replace(second=0, microsecond=0)
        self.held = QDateTimeEdit(QDateTime(qdate(now.date()), QTime(now.hour, now.minute)))
        self.held.setLocale(KOREAN)
        self.held.setDisplayFormat("yyyy-MM-dd (ddd) HH:mm")
        self.held.setCalendarPopup(True)
        narrow(self.held, 210)
        self._add("held_at", self.tr("일시(&T)"), self.held)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.duration = QSpinBox()
        self.duration.setRange(0, 999)  # the service says 1–480 under the field
        self.duration.setValue(30)
        self.duration.setSuffix(self.tr(" 분"))
        self.duration.setStyleSheet(NO_SPIN_BUTTONS)  # typed, or one of the quick picks
        self.duration.setFixedWidth(80)
        row.addWidget(self.duration)
        self.duration_buttons = []
        for minutes in QUICK_DURATIONS:
            b = plain_button(self.tr("{0}분").format(minutes), lambda m=minutes: self.duration.setValue(m))
            b.setFocusPolicy(Qt.NoFocus)
            row.addWidget(b)
            self.duration_buttons.append(b)
        row.addStretch(1)
        self._add("duration_minutes", self.tr("시간(&M)"), box, self.duration)

    def _build_mode(self, kind: SessionKind | None, planned: Mode | None = None) -> None:
        """The mode buttons: the planned session's mode when logging one, else the last used."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[Mode, QRadioButton] = {}
        for mode, text in MODE_KEYS.items():
            b = QRadioButton(self.tr(text))
            b.setToolTip(mode.label)
            self.mode_group.addButton(b)
            self.mode_buttons[mode] = b
            row.addWidget(b)
        row.addStretch(1)
        self._add("mode", self.tr("방식"), box, self.mode_buttons[Mode.IN_PERSON])
        self.mode_buttons[planned or self._default_mode()].setChecked(True)
        self.kind = QComboBox()
        for value, label in SessionKind.choices():
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData((kind or SessionKind.DEEP).value)))
        narrow(self.kind, 220)
        self._add("kind", self.tr("유형(&K)"), self.kind)

    def _default_mode(self) -> Mode:
        actor = self.ctx.actor
        saved = settings().value(LAST_MODE_KEY.format(user=actor.username if actor else "-"), "")
        try:
            return Mode(saved)
        except ValueError:
            return Mode.PHONE

    def _build_topics(self) -> None:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(3)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.topic_boxes: dict[CounselTopic, QCheckBox] = {}
        for i, topic in enumerate(CounselTopic):
            text = topic.label + (self.tr(" (민감정보)") if topic.sensitive else "")
            b = QCheckBox(text)
            if topic.sensitive:
                b.setToolTip(self.tr("민감정보(개인정보 보호법 제23조): 청년의 별도 동의가 있어야 고를 수 있습니다."))
            b.toggled.connect(lambda on, t=topic: self._topic_toggled(t, on))
            grid.addWidget(b, i // 3, i % 3)
            self.topic_boxes[topic] = b
        col.addLayout(grid)
        consent = QHBoxLayout()
        consent.setContentsMargins(0, 0, 0, 0)
        self.consent_label = QLabel()
        self.consent_label.setObjectName("pageHint")
        consent.addWidget(self.consent_label)
        self.consent_date = QDateEdit(qdate(self.today))
        self.consent_date.setLocale(KOREAN)
        self.consent_date.setDisplayFormat("yyyy-MM-dd")
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setMaximumDate(qdate(self.today))
        self.consent_date.setFixedWidth(120)
        consent.addWidget(self.consent_date)
        self.consent_button = plain_button(self.tr("동의일 기록"), self.record_consent)
        consent.addWidget(self.consent_button)
        consent.addStretch(1)
        col.addLayout(consent)
        self._add("topics", self.tr("주제(&P)"), box, self.topic_boxes[CounselTopic.CAREER])
        self._show_consent()

    def _build_texts(self) -> None:
        self.summary = self._add("summary", self.tr("상담 요약(&S)"), text_box(
            self.tr("이 시설의 상담사와 시설 관리자가 봅니다. 예: 이력서 방향 논의, 희망 직무 정리"), 74))
        self.note = self._add("note", self.tr("비공개 메모(&N)"), text_box(
            self.tr("작성자, 담당 상담사, 시설 관리자만 열어 볼 수 있고, 열 때마다 기록됩니다 (선택)"), 52))
        self.next_step = self._add("next_step", self.tr("다음 단계(&X)"), QLineEdit())
        self.next_step.setMaxLength(600)  # the service allows 500 and says so under the field
        self.next_step.setPlaceholderText(self.tr("예: 이력서 초안을 메일로 받기 (선택)"))
        for box in (self.summary, self.note):
            box.installEventFilter(self)

    def _build_followup(self) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.followup = QDateEdit()
        self.followup.setLocale(KOREAN)
        self.followup.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.followup.setCalendarPopup(True)
        none_day = qdate(self.today - timedelta(days=1))
        self.followup.setMinimumDate(none_day)  # the day before today reads "없음"
        self.followup.setSpecialValueText(self.tr("없음"))
        self.followup.setDate(none_day)
        self.followup.setFixedWidth(150)
        self.followup.dateChanged.connect(lambda *_a: clear_field(self.form, "followup_on"))
        self.quick_group = QButtonGroup(self)  # the arrow keys move among the quick picks
        self.quick_buttons: dict[int, QPushButton] = {}
        for days in QUICK_FOLLOWUP_DAYS:
            b = plain_button(self.tr("+{0}일").format(days), lambda d=days: self.set_followup_in(d))
            b.setToolTip(day_text(self.today + timedelta(days=days)))
            self.quick_group.addButton(b)
            self.quick_buttons[days] = b
            row.addWidget(b)
        self.no_followup = plain_button(self.tr("없음"), lambda: self.followup.setDate(none_day))
        self.no_followup.setFocusPolicy(Qt.NoFocus)
        row.addWidget(self.no_followup)
        row.addSpacing(8)
        row.addWidget(self.followup)
        row.addStretch(1)
        self._add("followup_on", self.tr("후속조치(&F)"), box, self.quick_buttons[QUICK_FOLLOWUP_DAYS[0]])

    def _build_steps(self) -> None:
        from gui.counseling.plan_dialog import StepPicker
        self.steps = StepPicker()
        self._add("plan_step_ids", self.tr("계획 단계(&L)"), self.steps)
        self.form.layout_.setRowVisible(self.form.rows["plan_step_ids"], False)  # until the plan has open steps

    def _load_plan(self, youth_id: int) -> None:
        svc, actor, fid = self.ctx.services.counseling, self.ctx.actor, self.facility_id

        def got(plan) -> None:
            if youth_id == self.youth_id:
                shown = self.steps.set_plan(plan)
                self.form.layout_.setRowVisible(self.form.rows["plan_step_ids"], shown)
                lab = self.form.layout_.labelForField(self.form.rows["plan_step_ids"])
                if isinstance(lab, QLabel):
                    lab.setBuddy(self.steps.first())

        self.ctx.load(lambda: svc.plan(actor, fid, youth_id), got, lambda exc: None)

    def _fill(self, s: SessionRow, note_text: str | None) -> None:
        held = s.held_at
        self.held.setDateTime(QDateTime(qdate(held.date()), QTime(held.hour, held.minute)))
        self.duration.setValue(s.duration_minutes)
        self.mode_buttons[s.mode].setChecked(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(s.kind.value)))
        for topic in s.topics:
            self.topic_boxes[topic].blockSignals(True)
            self.topic_boxes[topic].setChecked(True)
            self.topic_boxes[topic].blockSignals(False)
        self.summary.setPlainText(s.summary)
        self.next_step.setText(s.next_step)
        if note_text is not None:  # revealed in the detail dialog (that opening was the audit read)
            self.note.setPlainText(note_text)
        elif s.has_note:  # not opened: the edit neither reads nor sends it, and the note stays
            self.keep_note = True
            self.note.setEnabled(False)
            self.note.setPlaceholderText(self.tr(
                "비공개 메모는 그대로 둡니다. 메모를 고치려면 상담일지에서 ‘비밀 메모 보기’를 먼저 누르세요."))

    # -- reading what the dialog needs ----------------------------------------------------
    def _load_name(self, youth_id: int) -> None:
        svc, actor, fid = self.ctx.services.youth, self.ctx.actor, self.facility_id
        self.ctx.load(lambda: svc.get(actor, fid, youth_id),
                      lambda row: self.youth_label.setText(f"{row.name} · {row.birth_date:%Y-%m-%d} · "
                                                           f"{row.phone_masked}"),
                      lambda exc: self.form.show_message(exc.message))

    def _load_consent(self, youth_id: int) -> None:
        svc, actor, fid = self.ctx.services.youth, self.ctx.actor, self.facility_id

        def got(day) -> None:
            if youth_id == self.youth_id:
                self.consent_on, self.consent_known = day, True
                self._show_consent()

        self.ctx.load(lambda: svc.sensitive_consent(actor, fid, youth_id), got,
                      lambda exc: mark_field(self.form, "topics", exc.message))

    def _youth_picked(self, youth_id: int) -> None:
        self.youth_id = youth_id
        self.consent_on, self.consent_known = None, False
        clear_field(self.form, "youth_id")
        self._show_consent()
        self._load_consent(youth_id)
        if self.session is None:
            self._load_plan(youth_id)

    # -- sensitive topics and consent ----------------------------------------------------------
    def held_day(self) -> date:
        return self.held.dateTime().toPython().date()

    def _show_consent(self) -> None:
        has = self.consent_on is not None
        if self.youth_id is None:
            text = self.tr("민감정보 주제는 청년을 고른 뒤 동의 여부를 확인합니다.")
        elif not self.consent_known:
            text = self.tr("민감정보 별도 동의 확인 중…")
        elif has:
            text = self.tr("민감정보 별도 동의: {0}").format(f"{self.consent_on:%Y-%m-%d}")
        else:
            text = (self.tr("민감정보 별도 동의 없음 · 받았다면 동의일:") if self.consent_offered
                    else self.tr("민감정보 별도 동의 없음 (마음건강·건강·장애는 동의가 있어야 고를 수 있습니다)"))
        self.consent_label.setText(text)
        # the date and its button come when a sensitive topic was refused for want of it
        offer = (self.youth_id is not None and self.consent_known and not has and self.session is None
                 and self.consent_offered)
        self.consent_date.setVisible(offer)
        self.consent_button.setVisible(offer)

    def _topic_toggled(self, topic: CounselTopic, on: bool) -> None:
        if not on or not topic.sensitive:
            if not any(b.isChecked() and t.sensitive for t, b in self.topic_boxes.items()):
                clear_field(self.form, "topics")
            return
        if not self.consent_known:
            return  # not read yet: the service decides on saving
        refusal = sensitive_refusal([topic], self.consent_on, self.held_day())
        if refusal:
            box = self.topic_boxes[topic]
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
            mark_field(self.form, "topics", refusal)
            self.consent_offered = True
            self._show_consent()

    def record_consent(self) -> None:
        if self.youth_id is None:
            return
        svc, actor, fid, yid = self.ctx.services.youth, self.ctx.actor, self.facility_id, self.youth_id
        day = self.consent_date.date().toPython()
        self.consent_button.setEnabled(False)

        def done(recorded) -> None:
            self.consent_button.setEnabled(True)
            if yid == self.youth_id:
                self.consent_on, self.consent_known = recorded, True
                clear_field(self.form, "topics")
                self._show_consent()
            self.ctx.notify(Topic.YOUTH)

        def failed(exc: DomainError) -> None:
            self.consent_button.setEnabled(True)
            mark_field(self.form, "topics", exc.message)

        self.ctx.run(lambda: svc.record_sensitive_consent(actor, fid, yid, day), done, failed)

    # -- follow-up ------------------------------------------------------------------------
    def set_followup_in(self, days: int) -> None:
        self.followup.setDate(qdate(self.today + timedelta(days=days)))

    def followup_on(self) -> date | None:
        if not hasattr(self, "followup"):
            return None
        if self.followup.date() == self.followup.minimumDate():
            return None
        return self.followup.date().toPython()

    # -- keys -------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (event.type() == QEvent.KeyPress and event.key() in ENTER_KEYS
                and event.modifiers() & Qt.ControlModifier):
            self.submit()
            return True
        return super().eventFilter(obj, event)

    # -- saving -----------------------------------------------------------------------------
    def mode(self) -> Mode:
        return next(m for m, b in self.mode_buttons.items() if b.isChecked())

    def data(self) -> dict:
        held: datetime = self.held.dateTime().toPython()
        data = {"held_at": held, "duration_minutes": self.duration.value(), "mode": self.mode().value,
                "kind": self.kind.currentData(),
                "topics": [t.value for t, b in self.topic_boxes.items() if b.isChecked()],
                "summary": self.summary.toPlainText(),
                "note": None if self.keep_note else self.note.toPlainText(),
                "next_step": self.next_step.text()}
        if self.session is None:
            data.update({"youth_id": self.youth_id, "followup_on": self.followup_on(),
                         "completes_followup_id": self.completes_followup_id,
                         "consult_request_id": self.consult_request_id,
                         "plan_step_ids": self.steps.selected_ids()})
        return data

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear_errors()
        if self.youth_id is None:
            self.form.show_errors({"youth_id": self.tr("청년을 검색해서 목록에서 고르세요.")})
            return
        data = self.data()
        svc, actor = self.ctx.services.counseling, self.ctx.actor
        if self.session is None:
            fid = self.facility_id
            work = lambda: svc.log_session(actor, fid, data)  # noqa: E731
        else:
            sid, version = self.session.id, self.session.version
            work = lambda: (svc.update_session(actor, sid, data, version), sid)[1]  # noqa: E731
        self.save_button.setEnabled(False)
        self.ctx.run(work, self._succeeded, self._failed)

    def _succeeded(self, session_id: int) -> None:
        self.save_button.setEnabled(True)
        actor = self.ctx.actor
        settings().setValue(LAST_MODE_KEY.format(user=actor.username if actor else "-"), self.mode().value)
        self.saved.emit(session_id)
        topics = list(TIMELINE_TOPICS)
        if self.consult_request_id is not None:
            topics.append(Topic.BOOTH)  # the booth booking's request is done
        self.ctx.notify(*topics)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            if "topics" in exc.errors and self.consent_on is None:
                self.consent_offered = True
                self._show_consent()
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)
