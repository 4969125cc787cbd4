"""Publish AI-interview booth slots (회차 공개), for facility managers.

Left: the weekly template of one booth (weekdays, day start and end, slot and buffer
minutes) and the facility's weekly booking limit. The fields are plain text boxes that
accept anything; the service checks them and its Korean message appears under the field
(a negative buffer, an end before the start, a slot longer than the day), and nothing is
saved. A preview line shows the slots the fields make.

Right: a date range (next Monday to four weeks on by default) and "회차 만들기", which runs
``services.booth_slots.generate`` on the worker and shows its report: what was added, kept
and removed, the booked slots it left as they were and the closed days it skipped (Korean
public holidays included).

Other roles see the values and may not change them (the service checks too).

The page hands over what it holds (the facility's booths and the weekly limit); the
templates, and whatever the opener did not give, are read on the read pool when the
dialog opens. Until they have arrived the dialog says "불러오는 중…" and its save and
generate buttons are disabled; a result that arrives after the dialog was closed is
dropped. Saving a template reads the templates back in the same job on the write lane.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import KOREAN, add_row, day_text, minutes_of, narrow, text_of
from models.booths.schemas import GenerateReport, TemplateRow
from models.core.errors import DomainError, ValidationError
from models.core.permissions import Perm
from models.core.text import WEEKDAYS_KO
from models.facilities.schemas import describe_hours

DEFAULT_TEMPLATE = TemplateRow(0, "", (0, 1, 2, 3, 4), "10:00", "17:00", 50, 10)
RANGE_WEEKS = 4


def default_range(today: date) -> tuple[date, date]:
    """Next Monday to the Sunday four weeks on."""
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=7 * RANGE_WEEKS - 1)


def template_text(t: TemplateRow) -> str:
    hours = describe_hours({str(d): [t.day_start, t.day_end] for d in t.weekdays})
    return f"{hours} · {t.slot_minutes}분 + 여유 {t.buffer_minutes}분"


def preview_slots(start: str, end: str, slot: str, buffer: str) -> list[str] | None:
    """The slot times the fields make, or None while they do not parse."""
    try:
        first, last, length, gap = minutes_of(start), minutes_of(end), int(slot), int(buffer)
    except (ValueError, AttributeError):
        return None
    if length <= 0 or gap < 0:
        return None
    out, at = [], first
    while at + length <= last:
        out.append(f"{text_of(at)}–{text_of(at + length)}")
        at += length + gap
    return out


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PublishDialog(QDialog):
    saved = Signal(object)  # the GenerateReport of "회차 만들기"

    def __init__(self, ctx, *, booths: Sequence[tuple[int, str]] | None = None,
                 weekly_limit: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.facility_id = fid = ctx.facility_id
        actor = ctx.actor
        self.can_edit = bool(actor and actor.can(Perm.BOOKING_RULES, fid))
        self.today = ctx.services.booth_slots.today()  # the clock, not the database
        self.booths: list[tuple[int, str]] = list(booths or ())
        self._booths_known = booths is not None
        self._limit_known = weekly_limit is not None
        self.loaded = False  # the templates (and what the opener did not give) have arrived
        self.templates: dict[int, TemplateRow] = {}
        self.report: GenerateReport | None = None
        title = self.tr("AI 면접 부스 회차 공개")
        self.setWindowTitle(title)
        self.setWindowIcon(icon("calendar"))
        self.setMinimumWidth(900)
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        heading = QLabel(title + (f" — {ctx.facility.name}" if ctx.facility else ""))
        heading.setObjectName("pageTitle")
        head.addWidget(heading)
        self.loading_label = QLabel(self.tr("불러오는 중…"))
        self.loading_label.setObjectName("pageLoading")
        head.addSpacing(10)
        head.addWidget(self.loading_label)
        head.addStretch(1)
        lay.addLayout(head)
        hint = QLabel(self.tr(
            "부스마다 주간 템플릿을 정하고 기간을 골라 회차를 만듭니다. 휴관일과 공휴일은 건너뛰고, "
            "예약이 있는 회차는 다시 만들어도 그대로 둡니다.") if self.can_edit else self.tr(
            "회차 공개와 예약 한도는 시설 관리자만 바꿀 수 있습니다. 여기서는 볼 수만 있습니다."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._build_template())
        left.addWidget(self._build_limit())
        left.addStretch(1)
        body.addLayout(left, 5)
        body.addWidget(self._build_generate(), 4)
        lay.addLayout(body, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton(QDialogButtonBox.Close)
        close.setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._fill_booths()
        if weekly_limit is not None:
            self.limit.setText(str(weekly_limit))
        self.template_state.setText(self.tr("템플릿을 불러오는 중…"))
        self.load_template(DEFAULT_TEMPLATE)
        self._sync_enabled()
        self._load()

    def _sync_enabled(self) -> None:
        """Fields and buttons: for those who may edit, once the data is there."""
        edit = self.can_edit and self.loaded and bool(self.booths)
        for w in (*self.day_boxes, self.day_start, self.day_end, self.slot_minutes, self.buffer_minutes,
                  self.save_template_button, self.date_from, self.date_to, self.target, self.generate_button):
            w.setEnabled(edit)
        may_have_booths = bool(self.booths) or not self.loaded
        for w in (self.save_template_button, self.generate_button):
            w.setVisible(self.can_edit and may_have_booths)
        self.limit.setEnabled(self.can_edit and self._limit_known)
        self.save_limit_button.setEnabled(self.can_edit and self._limit_known)
        self.save_limit_button.setVisible(self.can_edit)
        self.preview.setVisible(may_have_booths)
        self.loading_label.setVisible(not self.loaded)

    # -- loading (on the read pool) -------------------------------------------------------
    def _load(self) -> None:
        slots, booths_svc, actor, fid = self.ctx.services.booth_slots, self.ctx.services.booths, \
            self.ctx.actor, self.facility_id
        need_booths, need_limit = not self._booths_known, not self._limit_known

        def read():
            return (slots.templates(actor, fid),
                    list(slots.booths(actor, fid)) if need_booths else None,
                    booths_svc.weekly_limit(actor, fid) if need_limit else None)

        # bound methods: the worker drops the result if the dialog was closed meanwhile
        self.ctx.load(read, self._loaded, self._load_failed)

    def _loaded(self, data) -> None:
        templates, booths, limit = data
        self.templates = {t.room_id: t for t in templates}
        if booths is not None:
            self.booths, self._booths_known = booths, True
            self._fill_booths()
        if limit is not None:
            self._limit_known = True
            self.limit.setText(str(limit))
        self.loaded = True
        self._booth_changed()
        self._sync_enabled()

    def _load_failed(self, exc: DomainError) -> None:
        self.loading_label.setVisible(False)
        self.template_state.setText("")
        self.form.show_message(exc.message)  # the buttons stay disabled: nothing to save over

    def _fill_booths(self) -> None:
        self.booth.blockSignals(True)
        self.booth.clear()
        for room_id, name in self.booths:
            self.booth.addItem(icon("room"), name, room_id)
        if self._booths_known and not self.booths:
            self.booth.setPlaceholderText(self.tr("AI 면접 부스가 없습니다"))
        self.booth.blockSignals(False)
        while self.target.count() > 1:
            self.target.removeItem(1)
        for room_id, name in self.booths:
            self.target.addItem(name, room_id)

    # -- building -----------------------------------------------------------------------
    def _build_template(self) -> QGroupBox:
        box = QGroupBox(self.tr("부스별 주간 템플릿"))
        lay = QVBoxLayout(box)
        self.form = Form()
        self.booth = add_row(self.form, "room_id", self.tr("부스"), QComboBox())
        narrow(self.booth, 260)
        self.booth.currentIndexChanged.connect(self._booth_changed)
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: list[QCheckBox] = []
        for name in WEEKDAYS_KO:
            check = QCheckBox(name)
            check.toggled.connect(self._preview)
            self.day_boxes.append(check)
            row.addWidget(check)
        narrow(days, days.sizeHint().width())
        add_row(self.form, "weekdays", self.tr("운영 요일"), days)
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        self.day_start, self.day_end = QLineEdit(), QLineEdit()
        for edit in (self.day_start, self.day_end):
            edit.setPlaceholderText("HH:MM")
            edit.setMaxLength(5)
            edit.setFixedWidth(80)
            edit.textChanged.connect(self._preview)
        row.addWidget(self.day_start)
        row.addWidget(QLabel("~"))
        row.addWidget(self.day_end)
        narrow(times, times.sizeHint().width())
        add_row(self.form, "day_start", self.tr("하루 시간"), times, "day_end")
        self.slot_minutes = self._minutes_field("slot_minutes", self.tr("한 회차(분)"))
        self.buffer_minutes = self._minutes_field("buffer_minutes", self.tr("회차 사이 여유(분)"))
        lay.addWidget(self.form)
        self.template_state = QLabel()
        self.template_state.setObjectName("pageHint")
        self.template_state.setWordWrap(True)
        lay.addWidget(self.template_state)
        self.preview = QLabel()
        self.preview.setObjectName("pageHint")
        self.preview.setWordWrap(True)
        lay.addWidget(self.preview)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_template_button = QPushButton(icon("save", "white"), self.tr("템플릿 저장"))
        self.save_template_button.setProperty("primary", True)
        self.save_template_button.clicked.connect(self.save_template)
        row.addWidget(self.save_template_button)
        lay.addLayout(row)
        return box

    def _minutes_field(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(5)
        narrow(edit, 80)
        edit.textChanged.connect(self._preview)
        return self.form.add(name, label, edit)

    def _build_limit(self) -> QGroupBox:
        box = QGroupBox(self.tr("예약 한도"))
        lay = QVBoxLayout(box)
        self.limit_form = Form()
        self.limit = QLineEdit()
        self.limit.setMaxLength(3)
        narrow(self.limit, 80)
        self.limit_form.add("weekly_limit", self.tr("청년 1명, 한 주(회)"), self.limit)
        row = QHBoxLayout()
        row.addWidget(self.limit_form, 1)
        self.save_limit_button = QPushButton(icon("save"), self.tr("한도 저장"))
        self.save_limit_button.clicked.connect(self.save_limit)
        row.addWidget(self.save_limit_button, 0, Qt.AlignTop)
        lay.addLayout(row)
        note = QLabel(self.tr("기본 1회. 시설 관리자는 예약할 때 사유를 적고 한도를 넘길 수 있습니다."))
        note.setObjectName("pageHint")
        note.setWordWrap(True)
        lay.addWidget(note)
        return box

    def _build_generate(self) -> QGroupBox:
        box = QGroupBox(self.tr("회차 만들기"))
        lay = QVBoxLayout(box)
        self.gen_form = Form()
        start, end = default_range(self.today)
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        self.date_from, self.date_to = QDateEdit(_qdate(start)), QDateEdit(_qdate(end))
        for edit in (self.date_from, self.date_to):
            edit.setLocale(KOREAN)
            edit.setDisplayFormat("yyyy-MM-dd (ddd)")
            edit.setCalendarPopup(True)
            edit.setMinimumDate(_qdate(self.today))
            edit.setMinimumWidth(140)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("~"))
        row.addWidget(self.date_to)
        row.addStretch(1)
        add_row(self.gen_form, "date_from", self.tr("기간"), dates, "date_to")
        self.target = add_row(self.gen_form, "target", self.tr("대상"), QComboBox())
        self.target.addItem(self.tr("템플릿이 있는 모든 부스"), None)
        lay.addWidget(self.gen_form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.generate_button = QPushButton(icon("calendar", "white"), self.tr("회차 만들기"))
        self.generate_button.setProperty("primary", True)
        self.generate_button.clicked.connect(self.generate)
        row.addWidget(self.generate_button)
        lay.addLayout(row)
        self.summary = QLabel(self._not_yet_text())
        self.summary.setObjectName("pageHint")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.unchanged_caption = QLabel(self.tr("예약이 있어 그대로 둔 회차"))
        self.unchanged = QListWidget()
        self.skipped_caption = QLabel(self.tr("건너뛴 휴관일·공휴일"))
        self.skipped = QListWidget()
        for caption, items in ((self.unchanged_caption, self.unchanged), (self.skipped_caption, self.skipped)):
            caption.setObjectName("pageHint")
            items.setMaximumHeight(110)
            items.setSelectionMode(QListWidget.NoSelection)
            lay.addWidget(caption)
            lay.addWidget(items)
        lay.addStretch(1)
        self._show_report(None)
        return box

    # -- template -----------------------------------------------------------------------
    def current_booth(self) -> int | None:
        return self.booth.currentData()

    def _booth_changed(self, *_args) -> None:
        if not self.loaded:
            return
        t = self.templates.get(self.current_booth())
        if t is None:
            self.template_state.setText(self.tr(
                "아직 템플릿이 없습니다. 서울시 청년일자리센터 기준값(월–금 10:00–17:00, 50분 + 여유 10분)을 "
                "채워 두었습니다.") if self.booths else self.tr(
                "이 시설에는 AI 면접 부스가 없습니다. 시설 화면에서 ‘AI 면접 부스’ 공간을 먼저 등록하세요."))
        else:
            self.template_state.setText(self.tr("저장된 템플릿: {0}").format(template_text(t)))
        self.load_template(t or DEFAULT_TEMPLATE)

    def load_template(self, t: TemplateRow) -> None:
        self.form.clear_errors()
        for day, check in enumerate(self.day_boxes):
            check.setChecked(day in t.weekdays)
        self.day_start.setText(t.day_start)
        self.day_end.setText(t.day_end)
        self.slot_minutes.setText(str(t.slot_minutes))
        self.buffer_minutes.setText(str(t.buffer_minutes))
        self._preview()

    def template_data(self) -> dict:
        return {"weekdays": [d for d, check in enumerate(self.day_boxes) if check.isChecked()],
                "day_start": self.day_start.text().strip(), "day_end": self.day_end.text().strip(),
                "slot_minutes": self.slot_minutes.text().strip(),
                "buffer_minutes": self.buffer_minutes.text().strip()}

    def _preview(self, *_args) -> None:
        d = self.template_data()
        slots = preview_slots(d["day_start"], d["day_end"], d["slot_minutes"], d["buffer_minutes"])
        if not slots:
            self.preview.setText("")
            return
        shown = ", ".join(slots[:3]) + (" …" if len(slots) > 3 else "")
        self.preview.setText(self.tr("하루 {0}회차: {1}").format(len(slots), shown))

    def save_template(self) -> None:
        room_id = self.current_booth()
        if room_id is None:
            self.form.show_errors({"room_id": self.tr("AI 면접 부스를 고르세요.")})
            return
        data = self.template_data()
        self.form.clear_errors()
        self.save_template_button.setEnabled(False)
        svc, actor, fid = self.ctx.services.booth_slots, self.ctx.actor, self.facility_id

        def work():  # the write, and what it changed read back in the same job
            svc.set_template(actor, fid, room_id, data)
            return svc.templates(actor, fid)

        self.ctx.run(work, lambda rows: self._template_saved(room_id, rows), self._template_failed)

    def _template_saved(self, room_id: int, rows: list[TemplateRow]) -> None:
        self.save_template_button.setEnabled(True)
        self.templates = {t.room_id: t for t in rows}
        index = self.booth.findData(room_id)
        if index >= 0 and index != self.booth.currentIndex():
            self.booth.setCurrentIndex(index)
        else:
            self._booth_changed()
        self.template_state.setText(self.tr("템플릿을 저장했습니다: {0}. 이제 기간을 골라 회차를 만드세요.")
                                    .format(template_text(self.templates[room_id])))
        self.ctx.notify(Topic.BOOTH)

    def _template_failed(self, exc: DomainError) -> None:
        self.save_template_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)

    # -- weekly limit ---------------------------------------------------------------------
    def save_limit(self) -> None:
        value = self.limit.text().strip()
        self.limit_form.clear_errors()
        self.save_limit_button.setEnabled(False)
        svc, actor, fid = self.ctx.services.booths, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.set_weekly_limit(actor, fid, value), self._limit_saved, self._limit_failed)

    def _limit_saved(self, _result) -> None:
        self.save_limit_button.setEnabled(True)
        self.limit_form.clear_errors()
        self.ctx.notify(Topic.BOOTH)

    def _limit_failed(self, exc: DomainError) -> None:
        self.save_limit_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.limit_form.show_errors(exc.errors)
        else:
            self.limit_form.show_message(exc.message)

    # -- generation -----------------------------------------------------------------------
    def generate(self) -> None:
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        room_id = self.target.currentData()
        rooms = [room_id] if room_id is not None else None
        self.gen_form.clear_errors()
        self.generate_button.setEnabled(False)
        self.summary.setText(self.tr("회차를 만드는 중입니다…"))
        svc, actor, fid = self.ctx.services.booth_slots, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.generate(actor, fid, start, end, rooms), self._generated, self._generate_failed)

    def _generated(self, report: GenerateReport) -> None:
        self.generate_button.setEnabled(True)
        self._show_report(report)
        self.saved.emit(report)
        self.ctx.notify(Topic.BOOTH)

    def _generate_failed(self, exc: DomainError) -> None:
        self.generate_button.setEnabled(True)
        self._show_report(None)
        if isinstance(exc, ValidationError):
            errors = {("target" if k == "room_id" else k): v for k, v in exc.errors.items()}
            self.gen_form.show_errors(errors)
        else:
            self.gen_form.show_message(exc.message)

    def _not_yet_text(self) -> str:
        if self.can_edit:
            return self.tr("아직 만들지 않았습니다. 기간을 고르고 ‘회차 만들기’를 누르세요.")
        return self.tr("이 창에서는 회차를 만들지 않았습니다. 회차는 시설 관리자가 만듭니다.")

    def _show_report(self, report: GenerateReport | None) -> None:
        self.report = report
        self.unchanged.clear()
        self.skipped.clear()
        if report is None:
            self.summary.setText(self._not_yet_text())
        else:
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            self.summary.setText(self.tr("{0} ~ {1}: {2}").format(day_text(start), day_text(end),
                                                                   report.summary))
            self.unchanged.addItems(list(report.unchanged))
            self.skipped.addItems(list(report.skipped_days))
        for caption, items in ((self.unchanged_caption, self.unchanged), (self.skipped_caption, self.skipped)):
            caption.setVisible(items.count() > 0)
            items.setVisible(items.count() > 0)
