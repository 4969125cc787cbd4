"""The 교육과정 page's dialogs: a course (every field, the three stages' mode, cut-off and
weight), an application (a youth from the registry or registered inline), and the small
ones that take a written reason or a choice. Each saves on the write lane and shows a
refused input as a Korean message next to its field; nothing is written then."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.common.date_nav import KOREAN
from gui.common.form import Form
from gui.context import Topic
from models.core.errors import DomainError, ValidationError
from models.courses.enums import ApplyChannel, CourseField, Stage, StageMode

WEEKDAYS = "월화수목금토일"


def date_edit(value: date | None, optional: bool = False) -> QDateEdit:
    e = QDateEdit()
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setLocale(KOREAN)
    if optional:
        e.setMinimumDate(QDate(2000, 1, 1))
        e.setSpecialValueText(" ")  # the minimum shows blank: no date
    e.setDate(QDate(value.year, value.month, value.day) if value else e.minimumDate())
    return e


def date_of(e: QDateEdit) -> date | None:
    if e.specialValueText() and e.date() == e.minimumDate():
        return None
    d = e.date()
    return date(d.year(), d.month(), d.day())


class SavingDialog(QDialog):
    """A dialog with a Form and 저장/취소 that runs ``work()`` on the write lane."""

    def __init__(self, ctx, title: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = Form()
        self.lay = QVBoxLayout(self)
        self.lay.addWidget(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(self.tr("저장"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(self.tr("취소"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.result_value = None

    def finish_layout(self) -> None:
        self.lay.addWidget(self.buttons)

    def work(self):  # pragma: no cover - each dialog has its own
        raise NotImplementedError

    def field_map(self, errors: dict) -> dict:
        return errors

    def save(self) -> None:
        self.form.clear_errors()
        try:
            fn = self.work()
        except ValidationError as exc:
            self.form.show_errors(self.field_map(exc.errors))
            return
        self.buttons.setEnabled(False)
        self.ctx.run(fn, self._saved, self._failed)

    def _saved(self, value) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.ctx.notify(Topic.COURSES)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.buttons.setEnabled(True)
        errors = getattr(exc, "errors", None)
        if errors:
            self.form.show_errors(self.field_map(errors))
        else:
            self.form.show_message(exc.message)


class CourseDialog(SavingDialog):
    """과정 만들기 / 과정 수정: every field of ``CourseInput``."""

    def __init__(self, ctx, facility_id: int, row=None, staff: list[tuple[int, str]] = (), parent=None):
        super().__init__(ctx, "과정 수정" if row else "과정 만들기", parent)
        self.facility_id, self.row = facility_id, row
        today = ctx.services.courses.today()
        v = row.as_input() if row else {}
        f = self.form
        self.name = f.add("name", self.tr("과정명"), QLineEdit(v.get("name", "")))
        self.field = f.add("field", self.tr("분야"), QComboBox())
        for key, label in CourseField.LABELS().items():
            self.field.addItem(label, key)
        self.field.setCurrentIndex(max(0, self.field.findData(getattr(v.get("field"), "value", "sw"))))
        self.places = f.add("places", self.tr("정원"), QSpinBox())
        self.places.setRange(-10, 1000)
        self.places.setValue(v.get("places", 25))
        days = QWidget()
        dl = QHBoxLayout(days)
        dl.setContentsMargins(0, 0, 0, 0)
        self.day_boxes = []
        chosen = v.get("teaching_days", "01234")
        for i, ch in enumerate(WEEKDAYS):
            box = QCheckBox(ch)
            box.setChecked(str(i) in chosen)
            self.day_boxes.append(box)
            dl.addWidget(box)
        dl.addStretch(1)
        f.add("teaching_days", self.tr("교육 요일"), days)
        hours = QWidget()
        hl = QHBoxLayout(hours)
        hl.setContentsMargins(0, 0, 0, 0)
        self.day_start = QLineEdit(v.get("day_start", "09:00"))
        self.day_end = QLineEdit(v.get("day_end", "18:00"))
        for w in (self.day_start, self.day_end):
            w.setMaximumWidth(80)
        hl.addWidget(self.day_start)
        hl.addWidget(QLabel("~"))
        hl.addWidget(self.day_end)
        hl.addStretch(1)
        f.add("day_start", self.tr("교육 시간"), hours)
        start = today + timedelta(days=35)  # a new course: recruits four weeks, trains two months
        self.start_on = f.add("start_on", self.tr("시작일"), date_edit(v.get("start_on", start)))
        self.end_on = f.add("end_on", self.tr("종료일"), date_edit(v.get("end_on", start + timedelta(days=60))))
        self.total_hours = f.add("total_hours", self.tr("총 교육시간"), QSpinBox())
        self.total_hours.setRange(0, 5000)
        self.total_hours.setSuffix(self.tr(" 시간"))
        self.total_hours.setValue(v.get("total_hours", 300))
        self.instructor = f.add("instructor", self.tr("강사"), QLineEdit(v.get("instructor", "")))
        self.apply_from = f.add("apply_from", self.tr("모집 시작일"), date_edit(v.get("apply_from", today)))
        self.apply_until = f.add("apply_until", self.tr("모집 마감일"), date_edit(v.get("apply_until", start - timedelta(days=7))))
        self.stage_days = {}
        for key, label in (("documents_on", "서류 심사일"), ("skills_on", "실무역량평가일"),
                           ("interview_on", "최종면접일"), ("announce_on", "합격 발표일")):
            self.stage_days[key] = f.add(key, self.tr(label), date_edit(v.get(key), optional=True))
        self.counselor = f.add("counselor_id", self.tr("취업 담당 상담사"), QComboBox())
        self.counselor.addItem(self.tr("(지정 안 함)"), None)
        for uid, name in staff:
            self.counselor.addItem(name, uid)
        self.counselor.setCurrentIndex(max(0, self.counselor.findData(v.get("counselor_id"))))
        self.rules = {}
        for key, label, lo, hi, default, suffix in (
                ("reserve_pct", "예비합격 비율", 0, 100, 20, " %"), ("offer_days", "충원 회신 기한", 1, 30, 2, " 일"),
                ("early_drop_pct", "초기 충원 기간", 0, 100, 10, " % (교육일)"),
                ("lates_per_absence", "지각·조퇴 → 결석 1회", 1, 10, 3, " 회"),
                ("completion_pct", "수료 기준 출석률", 1, 100, 80, " %")):
            box = QSpinBox()
            box.setRange(lo, hi)
            box.setSuffix(suffix)
            box.setValue(v.get(key, default))
            self.rules[key] = f.add(key, self.tr(label), box)
        grid_w = QWidget()
        grid = QGridLayout(grid_w)
        grid.setContentsMargins(0, 0, 0, 0)
        for c, head in enumerate(("단계", "방식", "기준(컷)", "가중치(%)")):
            grid.addWidget(QLabel(self.tr(head)), 0, c)
        stages = {s["stage"]: s for s in v.get("stages", [])}
        self.stage_rows = {}
        for r, (st, weight) in enumerate(zip(Stage, (30, 30, 40), strict=True), start=1):
            given = stages.get(st, {})
            mode = QComboBox()
            for key, label in StageMode.LABELS().items():
                mode.addItem(label, key)
            mode.setCurrentIndex(max(0, mode.findData(getattr(given.get("mode"), "value", "score"))))
            cut, wt = QSpinBox(), QSpinBox()
            cut.setRange(-10, 200)
            cut.setValue(given.get("cutoff", 60))
            wt.setRange(0, 100)
            wt.setValue(given.get("weight", weight))
            grid.addWidget(QLabel(st.label), r, 0)
            grid.addWidget(mode, r, 1)
            grid.addWidget(cut, r, 2)
            grid.addWidget(wt, r, 3)
            self.stage_rows[st] = (mode, cut, wt)
        f.add("stages", self.tr("선발 단계"), grid_w)
        self.finish_layout()

    def data(self) -> dict:
        return {"name": self.name.text(), "field": self.field.currentData(), "places": self.places.value(),
                "teaching_days": "".join(str(i) for i, b in enumerate(self.day_boxes) if b.isChecked()),
                "day_start": self.day_start.text().strip(), "day_end": self.day_end.text().strip(),
                "start_on": date_of(self.start_on), "end_on": date_of(self.end_on),
                "total_hours": self.total_hours.value(), "instructor": self.instructor.text(),
                "apply_from": date_of(self.apply_from), "apply_until": date_of(self.apply_until),
                **{k: date_of(e) for k, e in self.stage_days.items()},
                "counselor_id": self.counselor.currentData(),
                **{k: b.value() for k, b in self.rules.items()},
                "stages": [{"stage": st.value, "mode": m.currentData(), "cutoff": c.value(), "weight": w.value()}
                           for st, (m, c, w) in self.stage_rows.items()]}

    def field_map(self, errors: dict) -> dict:
        out = {}
        for k, msg in errors.items():
            key = k.split(".")[0].split("[")[0]
            key = "day_start" if key == "day_end" else key
            out.setdefault(key if key in self.form.rows else "__all__", msg)
        return out

    def work(self):
        svc, actor, data = self.ctx.services.courses, self.ctx.actor, self.data()
        if self.row is None:
            fid = self.facility_id
            return lambda: svc.create_course(actor, fid, data)
        cid, version = self.row.id, self.row.version
        return lambda: svc.update_course(actor, cid, data, version)


class ApplyDialog(SavingDialog):
    """지원 추가: a youth picked from the registry (or registered inline), the day and the
    channel; outside the window, the manager's reason."""

    def __init__(self, ctx, course, parent=None):
        super().__init__(ctx, "지원 추가", parent)
        from gui.youth.picker import YouthPicker
        self.course = course
        self.picker = self.form.add("youth_id", self.tr("청년"), YouthPicker(ctx))
        self.day = self.form.add("applied_on", self.tr("지원일"), date_edit(ctx.services.courses.today()))
        self.channel = self.form.add("channel", self.tr("접수 경로"), QComboBox())
        for key, label in ApplyChannel.LABELS().items():
            if key != "imported":
                self.channel.addItem(label, key)
        self.reason = self.form.add("override_reason", self.tr("예외 사유"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("모집 기간 밖의 지원일일 때만 (시설 관리자)"))
        self.resize(560, 520)
        self.finish_layout()

    def work(self):
        if self.picker.selected_youth_id is None:
            raise ValidationError.single("youth_id", "지원할 청년을 검색해 고르거나 새로 등록하세요.")
        svc, actor, cid = self.ctx.services.courses, self.ctx.actor, self.course.id
        data = {"youth_id": self.picker.selected_youth_id, "applied_on": date_of(self.day),
                "channel": self.channel.currentData(), "override_reason": self.reason.text()}
        return lambda: svc.apply(actor, cid, data)


class ReasonDialog(SavingDialog):
    """One written reason (and optionally a date and a choice) for ``fn(values)``."""

    def __init__(self, ctx, title: str, fn, *, hint: str = "", choices: dict | None = None,
                 day: date | None = None, reason_label: str = "사유", reason_required: bool = True, parent=None):
        super().__init__(ctx, title, parent)
        self.fn, self.reason_required = fn, reason_required
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setObjectName("pageHint")
            self.lay.insertWidget(0, note)
        self.choice = None
        if choices:
            self.choice = self.form.add("choice", self.tr("구분"), QComboBox())
            for key, label in choices.items():
                self.choice.addItem(label, key)
        self.day = self.form.add("on", self.tr("날짜"), date_edit(day)) if day else None
        self.reason = self.form.add("reason", self.tr(reason_label), QLineEdit())
        self.reason.setMinimumWidth(320)
        self.finish_layout()

    def work(self):
        text = self.reason.text().strip()
        if self.reason_required and not text:
            raise ValidationError.single("reason", "사유를 적으세요.")
        values = {"reason": text, "choice": self.choice.currentData() if self.choice else None,
                  "on": date_of(self.day) if self.day else None}
        fn = self.fn
        return lambda: fn(values)

    def field_map(self, errors: dict) -> dict:
        names = {"outcome": "choice", "employer": "reason", "note": "reason", "started_on": "on"}
        return {names.get(k, k) if names.get(k, k) in self.form.rows else "__all__": m for k, m in errors.items()}


def center(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    return dialog
