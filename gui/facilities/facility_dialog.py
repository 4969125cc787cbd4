"""Create or edit a facility: basic data on the left, size and weekly hours on the right.

The dialog validates nothing itself: it hands the typed text to the facility service, whose
``ValidationError`` names each bad field with a Korean message shown right under it. So a
number field is a ``QLineEdit`` on purpose: "abc" in 면적 gets the service's message.
"""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from models.core.enums import DISTRICT_REGION, SEOUL_DISTRICTS, LabeledEnum, Region
from models.core.errors import ValidationError
from models.facilities.enums import FacilityKind, FacilityStatus, Operator
from models.facilities.schemas import FacilityRow

DEFAULT_HOURS = {str(d): ["09:00", "18:00"] for d in range(5)}
# the app stylesheet draws spin arrows badly, and NoButtons makes Qt lose the text under a
# stylesheet; zero-width arrows keep the text and the arrow keys
NO_SPIN_BUTTONS = ("QAbstractSpinBox::up-button, QAbstractSpinBox::down-button "
                   "{ width: 0px; border: none; }")


def enum_combo(enum: type[LabeledEnum], placeholder: str) -> QComboBox:
    """A combo of an enum's Korean labels; ``currentData()`` is the value, None if unset."""
    box = QComboBox()
    for value, label in enum.choices():
        box.addItem(label, value)
    box.setPlaceholderText(placeholder)
    box.setCurrentIndex(-1)
    box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    return box


def select_data(box: QComboBox, value) -> None:
    box.setCurrentIndex(box.findData(value) if value is not None else -1)


def number_text(edit: QLineEdit) -> str:
    """The typed number without thousands separators; blank means "not known"."""
    return edit.text().strip().replace(",", "")


class HoursEditor(QWidget):
    """Seven rows, Monday to Sunday: open or closed, opening and closing time."""

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        names = [self.tr("월요일"), self.tr("화요일"), self.tr("수요일"), self.tr("목요일"),
                 self.tr("금요일"), self.tr("토요일"), self.tr("일요일")]
        self.days: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for day, name in enumerate(names):
            open_box = QCheckBox(name)
            start, end = QTimeEdit(QTime(9, 0)), QTimeEdit(QTime(18, 0))
            for edit in (start, end):
                edit.setDisplayFormat("HH:mm")
                edit.setStyleSheet(NO_SPIN_BUTTONS)  # typed, or arrow keys and wheel
                edit.setFixedWidth(76)
                edit.setEnabled(False)
                open_box.toggled.connect(edit.setEnabled)
            grid.addWidget(open_box, day, 0)
            grid.addWidget(start, day, 1)
            grid.addWidget(QLabel("~"), day, 2)
            grid.addWidget(end, day, 3)
            self.days.append((open_box, start, end))
        grid.setColumnStretch(4, 1)
        self.copy_button = QPushButton(self.tr("월요일 시간을 모든 운영일에 적용"))
        self.copy_button.clicked.connect(self.copy_monday)
        grid.addWidget(self.copy_button, 7, 0, 1, 4)
        self.set_hours(DEFAULT_HOURS)

    def set_hours(self, hours: dict) -> None:
        for day, (open_box, start, end) in enumerate(self.days):
            span = hours.get(str(day))
            open_box.setChecked(bool(span))
            if span:
                start.setTime(QTime.fromString(span[0], "HH:mm"))
                end.setTime(QTime.fromString(span[1], "HH:mm"))

    def hours(self) -> dict[str, list[str]]:
        return {str(day): [start.time().toString("HH:mm"), end.time().toString("HH:mm")]
                for day, (open_box, start, end) in enumerate(self.days) if open_box.isChecked()}

    def copy_monday(self) -> None:
        _, mon_start, mon_end = self.days[0]
        for open_box, start, end in self.days[1:]:
            if open_box.isChecked():
                start.setTime(mon_start.time())
                end.setTime(mon_end.time())


class FacilityDialog(QDialog):
    """``FacilityDialog(ctx)`` registers a facility; with ``facility`` it edits that one."""

    saved = Signal(int)  # id of the facility written, before the dialog closes

    def __init__(self, ctx, facility: FacilityRow | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.facility = facility
        self.setWindowIcon(icon("facilities"))
        self.setWindowTitle(self.tr("시설 등록") if facility is None
                            else self.tr("시설 수정 — {0}").format(facility.name))
        self.setMinimumWidth(880)
        lay = QVBoxLayout(self)
        hint = QLabel(self.tr(
            "* 표시는 꼭 입력하세요. 면적·좌석·과정 수는 모르면 비워 두세요. "
            "자치구를 고르면 권역이 따라 정해집니다."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        columns = QHBoxLayout()
        self.left, self.right = Form(), Form()
        columns.addWidget(self.left, 1)
        columns.addWidget(self.right, 1)
        lay.addLayout(columns)
        self._build_fields()
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton(icon("save", "white"), self.tr("저장"))
        self.ok.setProperty("primary", True)
        self.buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.ok.setDefault(True)  # once inside the dialog, so that Enter presses it
        if facility is not None:
            self._load(facility)
        self._region_chosen = facility is not None and \
            DISTRICT_REGION.get(facility.district) != facility.region

    def _build_fields(self) -> None:
        left, right, choose = self.left, self.right, self.tr("선택하세요")
        self.code = left.add("code", self.tr("시설 코드 *"), QLineEdit())
        self.code.setPlaceholderText(self.tr("예: CAFE-GANGDONG"))
        self.name = left.add("name", self.tr("시설명 *"), QLineEdit())
        self.kind = left.add("kind", self.tr("유형 *"), enum_combo(FacilityKind, choose))
        self.status = left.add("status", self.tr("상태 *"), enum_combo(FacilityStatus, choose))
        select_data(self.status, FacilityStatus.OPEN.value)
        self.district = left.add("district", self.tr("자치구 *"), QComboBox())
        self.district.addItems(SEOUL_DISTRICTS)
        self.district.setPlaceholderText(choose)
        self.district.setCurrentIndex(-1)
        self.district.setMaxVisibleItems(13)
        self.district.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.district.currentIndexChanged.connect(self._district_changed)
        self.region = left.add("region", self.tr("권역 *"), enum_combo(Region, choose))
        self.region.activated.connect(self._region_activated)
        self.operator = left.add("operator", self.tr("운영 주체 *"), enum_combo(Operator, choose))
        self.opened_on = left.add("opened_on", self.tr("개소일"), QLineEdit())
        self.opened_on.setPlaceholderText(self.tr("YYYY-MM-DD (예정일도 가능, 모르면 비워 두기)"))
        self.area = right.add("area_m2", self.tr("면적(㎡)"), QLineEdit())
        self.area.setPlaceholderText(self.tr("예: 326.13"))
        self.seats = right.add("seats", self.tr("좌석 수"), QLineEdit())
        self.seats.setPlaceholderText(self.tr("예: 65"))
        self.course_count = right.add("course_count", self.tr("교육과정 수"), QLineEdit())
        self.course_count.setPlaceholderText(self.tr("예: 2"))
        self.hours = right.add("opening_hours", self.tr("주간 운영시간"), HoursEditor())
        self.note = left.add("note", self.tr("메모"), QPlainTextEdit())
        self.note.setPlaceholderText(self.tr("운영 기관, 대상, 특이 사항"))
        self.note.setFixedHeight(84)

    def _load(self, f: FacilityRow) -> None:
        self.code.setText(f.code)
        if not self.ctx.actor.is_admin:
            self.code.setReadOnly(True)
            self.code.setToolTip(self.tr("시설 코드는 시 담당자만 바꿀 수 있습니다."))
        self.name.setText(f.name)
        select_data(self.kind, f.kind.value)
        select_data(self.status, f.status.value)
        self.district.setCurrentText(f.district)
        select_data(self.region, f.region.value)
        select_data(self.operator, f.operator.value)
        self.opened_on.setText(f.opened_on.isoformat() if f.opened_on else "")
        self.area.setText("" if f.area_m2 is None else f"{f.area_m2:g}")
        self.seats.setText("" if f.seats is None else str(f.seats))
        self.course_count.setText("" if f.course_count is None else str(f.course_count))
        self.hours.set_hours(f.opening_hours)
        self.note.setPlainText(f.note)

    # -- behaviour ------------------------------------------------------------------
    def _region_activated(self, _index: int) -> None:
        self._region_chosen = True

    def _district_changed(self, _index: int) -> None:
        region = DISTRICT_REGION.get(self.district.currentText())
        if region is not None and not getattr(self, "_region_chosen", False):
            select_data(self.region, region.value)

    def data(self) -> dict:
        district = self.district.currentText() if self.district.currentIndex() >= 0 else ""
        return {
            "code": self.code.text(), "name": self.name.text(),
            "kind": self.kind.currentData(), "region": self.region.currentData(),
            "district": district, "operator": self.operator.currentData(),
            "opened_on": self.opened_on.text().strip(), "area_m2": number_text(self.area),
            "seats": number_text(self.seats), "course_count": number_text(self.course_count),
            "status": self.status.currentData(), "opening_hours": self.hours.hours(),
            "note": self.note.toPlainText(),
        }

    def error_text(self, name: str) -> str:
        """The message shown under a field (either column), or the general message."""
        for form in (self.left, self.right):
            if name in form.rows:
                return form.error_text(name)
        return self.left.error_text("__all__")

    def show_errors(self, errors: dict[str, str]) -> None:
        # right column first, so that focus ends on the first bad field of the left one
        self.right.show_errors({k: v for k, v in errors.items() if k in self.right.rows})
        self.left.show_errors({k: v for k, v in errors.items() if k not in self.right.rows})

    def submit(self) -> None:
        fac, actor, data = self.ctx.services.facilities, self.ctx.actor, self.data()
        if self.facility is None:
            def work():
                return fac.create(actor, data)
        else:
            fid = self.facility.id

            def work():
                fac.update(actor, fid, data)
                return fid
        self.ok.setEnabled(False)
        self.right.clear_errors()
        self.left.clear_errors()
        self.ctx.run(work, self._succeeded, self._failed)

    def _succeeded(self, facility_id: int) -> None:
        self.ok.setEnabled(True)
        self.saved.emit(facility_id)
        self.accept()
        self.ctx.notify(Topic.FACILITY)

    def _failed(self, exc) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            self.right.clear_errors()
            self.left.show_message(exc.message)
