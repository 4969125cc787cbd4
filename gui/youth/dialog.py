"""Register or edit a youth (청년 등록 / 수정), with the duplicate offer.

Dates are typed (YYYY-MM-DD; 1998.03.15 and 19980315 are accepted too) because staff copy
them from paper forms; a bad or future date gets its message right under the field. The
consent checkbox exists only here: the record keeps the consent date, and the dialog will
not save until the box is ticked.

When the service answers ``DuplicateYouth`` the dialog shows the masked candidates and
offers "기존 기록 열기" (emits ``open_existing`` with the chosen ``YouthRow`` and closes) or
"새로 등록" (saves again with ``allow_duplicate=True``). Editing loads the current values
through ``services.youth.input_for``, which reads the full contact and is recorded; the
dialog opens at once in a loading state and fills in when the read is done.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.common.table_model import RowTableModel
from gui.youth.table_model import candidate_columns
from models.core.enums import SEOUL_DISTRICTS
from models.core.errors import DomainError, DuplicateYouth, ValidationError
from models.core.masking import format_phone
from models.core.validation import NO_SUCH_DATE, validate
from models.youth.enums import Channel
from models.youth.schemas import OUTSIDE_SEOUL, YouthInput

DATE_RE = re.compile(r"^(\d{4})[-./ ]?(\d{1,2})[-./ ]?(\d{1,2})\.?$")


def parse_date(text: str) -> date | None:
    """'1998-03-15', '1998.3.15', '19980315' -> date; '' -> None; else ValueError."""
    text = (text or "").strip()
    if not text:
        return None
    m = DATE_RE.match(text)
    if not m or (len(text) == 8 and not text.isdigit()):
        raise ValueError(text)
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:  # written as a date, but no such day (1990-13-45, 2023-02-30)
        raise NoSuchDate(text) from None


class NoSuchDate(ValueError):
    """A date written in the right shape that names no day."""


class YouthDialog(QDialog):
    saved = Signal(int)             # id of the created or updated record
    open_existing = Signal(object)  # the YouthRow chosen among the duplicates

    def __init__(self, ctx, youth_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.youth_id = youth_id
        self.today = ctx.services.youth.today()
        self.candidates: list = []
        editing = youth_id is not None
        self.setWindowTitle(self.tr("청년 정보 수정") if editing else self.tr("청년 등록"))
        self.setWindowIcon(icon("edit" if editing else "user_add"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        heading = QLabel(self.windowTitle())
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        self.intro = intro = QLabel(self.tr(
            "청년 명부는 서울시 청년 취업 지원시설이 함께 씁니다. 같은 이름·생년월일이나 같은 "
            "전화번호가 이미 있으면 기존 기록을 먼저 보여 드립니다."))
        intro.setObjectName("pageHint")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.loading = QLabel(self.tr("불러오는 중입니다… 수정하려고 연락처 전체를 읽으면 열람 기록이 남습니다."))
        self.loading.setObjectName("pageHint")
        self.loading.setWordWrap(True)
        self.loading.setVisible(editing)
        lay.addWidget(self.loading)
        self.form = Form()
        lay.addWidget(self.form)
        self._build_fields()
        self.dup_panel = self._build_duplicates()
        lay.addWidget(self.dup_panel)
        self.buttons = QDialogButtonBox()
        self.save_btn = QPushButton(icon("save", "white"), self.tr("저장") if editing else self.tr("등록"))
        self.save_btn.setProperty("primary", True)
        self.save_btn.clicked.connect(lambda: self.submit())
        self.buttons.addButton(self.save_btn, QDialogButtonBox.ActionRole)
        self.cancel_btn = self.buttons.addButton(QDialogButtonBox.Cancel)
        self.cancel_btn.setText(self.tr("취소"))
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.save_btn.setDefault(True)  # once inside the dialog, so that Enter presses it
        if editing:
            self._set_enabled(False)
            # on the write lane, not the read pool: reading the full contact is recorded
            svc, actor, fid = ctx.services.youth, ctx.actor, ctx.facility_id
            self.ctx.run(lambda: svc.input_for(actor, fid, youth_id), self.load, self._load_failed)

    # -- building -------------------------------------------------------------------
    def _date_edit(self, example: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(self.tr("YYYY-MM-DD (예: {0})").format(example))
        edit.setMaximumWidth(220)
        return edit

    def _build_fields(self) -> None:
        f = self.form
        self.name = f.add("name", self.tr("이름"), QLineEdit())
        self.name.setMaxLength(50)
        self.birth = f.add("birth_date", self.tr("생년월일"), self._date_edit("1998-03-15"))
        self.phone = f.add("phone", self.tr("휴대전화"), QLineEdit())
        self.phone.setPlaceholderText("010-1234-5678")
        self.phone.setMaximumWidth(220)
        self.email = f.add("email", self.tr("이메일 (선택)"), QLineEdit())
        self.email.setPlaceholderText("name@example.com")
        self.district = f.add("district", self.tr("거주 자치구"), QComboBox())
        self.district.addItem(self.tr("선택하세요"), "")
        for d in SEOUL_DISTRICTS:
            self.district.addItem(d, d)
        self.district.addItem(OUTSIDE_SEOUL, OUTSIDE_SEOUL)
        self.district.setMaxVisibleItems(14)
        self.channel = f.add("channel", self.tr("모집 경로"), QComboBox())
        self.channel.addItem(self.tr("선택하세요"), "")
        for value, label in Channel.choices():
            self.channel.addItem(label, value)
        notice = QLabel(self.tr(
            "수집 항목: 이름·생년월일·휴대전화·이메일·거주지 / 목적: 취업 상담, 프로그램·예약 안내\n"
            "보유기간이 지나면 파기합니다. 동의하지 않으면 등록할 수 없습니다."))
        notice.setObjectName("pageHint")
        notice.setWordWrap(True)
        f.layout_.addRow(notice)
        self.consent = f.add("consent", "", QCheckBox(self.tr("개인정보 수집·이용 동의를 받았습니다")))
        self.consent_on = f.add("consent_on", self.tr("동의일"), self._date_edit(self.today.isoformat()))
        self.consent_on.setText(self.today.isoformat())
        self.retention = f.add("retention_years", self.tr("보유기간"), QComboBox())
        for years in range(1, 11):
            self.retention.addItem(self.tr("{0}년").format(years), years)
        self.retention.setCurrentIndex(self.retention.findData(3))
        # a combo or checkbox must expand so its error message below is not squeezed
        for widget in (self.district, self.channel, self.retention, self.consent):
            widget.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        for widget in (self.district, self.channel, self.retention):
            widget.setMaximumWidth(220)
        for edit in (self.name, self.birth, self.phone):
            edit.textChanged.connect(self._hide_duplicates)

    def _build_duplicates(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("card")
        lay = QVBoxLayout(panel)
        self.dup_label = QLabel()
        self.dup_label.setWordWrap(True)
        lay.addWidget(self.dup_label)
        self.dup_model = RowTableModel(candidate_columns(), self)
        self.dup_table = QTableView()
        self.dup_table.setModel(self.dup_model)
        self.dup_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.dup_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.dup_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.dup_table.verticalHeader().setVisible(False)
        self.dup_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.dup_table.horizontalHeader().setStretchLastSection(True)
        self.dup_table.doubleClicked.connect(lambda _: self.choose_existing())
        lay.addWidget(self.dup_table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_btn = QPushButton(icon("duplicate"), self.tr("기존 기록 열기"))
        self.open_btn.setProperty("primary", True)
        self.open_btn.clicked.connect(self.choose_existing)
        self.new_btn = QPushButton(icon("add"), self.tr("새로 등록") if self.youth_id is None
                                   else self.tr("그래도 저장"))
        self.new_btn.clicked.connect(lambda: self.submit(allow_duplicate=True))
        row.addWidget(self.open_btn)
        row.addWidget(self.new_btn)
        lay.addLayout(row)
        panel.setVisible(False)
        return panel

    def _set_enabled(self, enabled: bool) -> None:
        for row in self.form.rows.values():
            row.widget.setEnabled(enabled)
        self.save_btn.setEnabled(enabled)

    # -- loading (edit) -------------------------------------------------------------
    def load(self, data: dict) -> None:
        self.loading.setVisible(False)
        self.form.clear_errors()
        self.form.fit_dialog(shrink=True)  # no gaps where the loading line was
        self.name.setText(data["name"])
        self.birth.setText(data["birth_date"].isoformat())
        self.phone.setText(format_phone(data["phone"]))
        self.email.setText(data.get("email") or "")
        self.district.setCurrentIndex(max(0, self.district.findData(data["district"])))
        self.channel.setCurrentIndex(max(0, self.channel.findData(str(data["channel"]))))
        self.consent.setChecked(True)
        self.consent_on.setText(data["consent_on"].isoformat())
        self.retention.setCurrentIndex(max(0, self.retention.findData(data["retention_years"])))
        self._set_enabled(True)
        self._hide_duplicates()
        self.name.setFocus()

    def _load_failed(self, exc: DomainError) -> None:
        self.loading.setVisible(False)
        self.form.show_message(exc.message)

    # -- saving ---------------------------------------------------------------------
    def _date(self, edit: QLineEdit, field: str, errors: dict, empty: str, future: str):
        try:
            value = parse_date(edit.text())
        except NoSuchDate:
            errors[field] = self.tr(NO_SUCH_DATE)
            return None
        except ValueError:
            errors[field] = self.tr("날짜는 YYYY-MM-DD 형식으로 입력하세요(예: 1998-03-15).")
            return None
        if value is None:
            errors[field] = empty
        elif value > self.today:
            errors[field] = future
        return value

    def collect(self) -> tuple[dict, dict[str, str]]:
        """The input for the service, and the errors found before asking it."""
        errors: dict[str, str] = {}
        birth = self._date(self.birth, "birth_date", errors, self.tr("생년월일을 입력하세요."),
                           self.tr("생년월일이 오늘 이후입니다."))
        consent_on = self._date(self.consent_on, "consent_on", errors, self.tr("동의일을 입력하세요."),
                                self.tr("동의일은 오늘 이후일 수 없습니다."))
        if not self.consent.isChecked():
            errors["consent"] = self.tr("개인정보 수집·이용 동의를 받아야 등록할 수 있습니다.")
        if not self.channel.currentData():
            errors["channel"] = self.tr("모집 경로를 선택하세요.")
        data = {"name": self.name.text(), "birth_date": birth, "phone": self.phone.text(),
                "email": self.email.text().strip() or None, "district": self.district.currentData(),
                "channel": self.channel.currentData() or None, "consent_on": consent_on,
                "retention_years": self.retention.currentData()}
        return data, errors

    def submit(self, allow_duplicate: bool = False) -> None:
        data, errors = self.collect()
        if errors:
            # show every problem at once: the model's own checks for the other fields
            try:
                validate(YouthInput, data)
            except ValidationError as exc:
                errors = {k: v for k, v in exc.errors.items() if k != "__all__"} | errors
            self.form.show_errors(errors)
            return
        self.form.clear_errors()
        self.save_btn.setEnabled(False)
        self.new_btn.setEnabled(False)
        svc, actor, fid = self.ctx.services.youth, self.ctx.actor, self.ctx.facility_id
        yid = self.youth_id

        def work() -> int:
            if yid is None:
                return svc.create(actor, fid, data, allow_duplicate=allow_duplicate)
            svc.update(actor, fid, yid, data, allow_duplicate=allow_duplicate)
            return yid

        self.ctx.run(work, self._succeeded, self._failed)

    def _succeeded(self, youth_id: int) -> None:
        self.save_btn.setEnabled(True)
        self.new_btn.setEnabled(True)
        self.saved.emit(youth_id)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_btn.setEnabled(True)
        self.new_btn.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._hide_duplicates()
            self.form.show_errors(exc.errors)
        elif isinstance(exc, DuplicateYouth):
            self.show_duplicates(exc.candidates)
        else:
            self.form.show_message(exc.message)

    # -- duplicates -----------------------------------------------------------------
    def show_duplicates(self, candidates: list) -> None:
        self.candidates = list(candidates)
        self.form.clear_errors()
        self.dup_label.setText(self.tr(
            "같은 이름·생년월일 또는 같은 전화번호로 등록된 청년이 {0}명 있습니다. 같은 사람이면 "
            "기존 기록을 여세요. 다른 사람이면 새로 등록하세요.").format(len(self.candidates)))
        self.dup_model.set_rows(self.candidates)
        if self.candidates:
            self.dup_table.selectRow(0)
        shown = min(len(self.candidates), 4)
        self.dup_table.setFixedHeight(self.dup_table.horizontalHeader().sizeHint().height() + 4
                                      + shown * self.dup_table.verticalHeader().defaultSectionSize())
        self.dup_panel.setVisible(True)
        self.intro.setVisible(False)
        self.adjustSize()
        self.form.fit_dialog()  # adjustSize stops at 2/3 of a small screen and squeezes the rows
        self.open_btn.setFocus()

    def _hide_duplicates(self) -> None:
        if self.dup_panel.isVisible() or self.candidates:
            self.candidates = []
            self.dup_model.set_rows([])
            self.dup_panel.setVisible(False)
            self.intro.setVisible(True)

    def choose_existing(self) -> None:
        rows = self.dup_table.selectionModel().selectedRows()
        chosen = self.dup_model.row_at(rows[0].row()) if rows else self.dup_model.row_at(0)
        if chosen is None:
            return
        self.open_existing.emit(chosen)
        self.accept()
