"""기업 등록 / 수정 and 담당자 추가 / 수정.

``CompanyDialog`` has every field of the registry in two columns: 사업자등록번호 is checked
with its check digit when the field is left (the Korean message right under it) and again
by the service; a number already registered at the facility is refused with the existing
record named and "기존 기업 열기" (``open_existing(company_id)``). The 담당 상담사 choices
are the facility's counselors and managers (``companies.match_staff``, read on the read
pool when the dialog opens).

``ContactDialog`` adds a contact person, or edits one: editing reads the contact in full
(``reveal_contact``, an audit read) on the write lane first, as the youth dialog does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.companies.base import WriteDialog, date_edit, enum_combo, read_date, set_combo
from gui.desk.dialog_base import clear_field, mark_field
from models.companies import bizno
from models.companies.enums import CompanySize, FoundVia, Industry
from models.companies.schemas import CompanyRow
from models.core.enums import SEOUL_DISTRICTS
from models.core.errors import DomainError, ValidationError

LEFT = ("name", "biz_no", "representative", "industry", "size", "certified", "found_via", "found_on")


class CompanyDialog(WriteDialog):
    open_existing = Signal(int)  # the company already registered with that number

    def __init__(self, ctx, parent=None, company: CompanyRow | None = None):
        editing = company is not None
        super().__init__(ctx, parent, "기업 정보 수정" if editing else "기업 등록",
                         "사업자등록번호는 마지막 검증 숫자까지 확인합니다. 이 시설에 이미 등록된 번호면 기존 "
                         "기업을 열 수 있습니다.", "edit" if editing else "add", width=860)
        self.company = company
        self.existing_id: int | None = None
        self.right = Form()
        cols = QHBoxLayout()
        self.lay.removeWidget(self.form)
        cols.addWidget(self.form, 1, Qt.AlignTop)
        cols.addWidget(self.right, 1, Qt.AlignTop)
        self.lay.addLayout(cols)
        self._build()
        self.dup = QFrame()
        self.dup.setObjectName("card")
        dl = QHBoxLayout(self.dup)
        self.dup_label = QLabel()
        self.dup_label.setWordWrap(True)
        dl.addWidget(self.dup_label, 1)
        self.open_button = QPushButton(icon("reveal"), self.tr("기존 기업 열기"))
        self.open_button.clicked.connect(self.choose_existing)
        dl.addWidget(self.open_button)
        self.dup.setVisible(False)
        self.lay.addWidget(self.dup)
        self.finish(self.tr("저장") if editing else self.tr("등록"))
        if company is not None:
            self._fill(company)
        svc, actor, fid = ctx.services.companies, ctx.actor, company.facility_id if company else ctx.facility_id
        ctx.load(lambda: svc.match_staff(actor, fid), self._staff_loaded, lambda exc: None)

    def _build(self) -> None:
        f, r = self.form, self.right
        self.name = f.add("name", self.tr("기업명"), QLineEdit())
        self.name.setMaxLength(100)
        self.biz_no = f.add("biz_no", self.tr("사업자등록번호"), QLineEdit())
        self.biz_no.setPlaceholderText("123-45-67891")
        self.biz_no.setMaxLength(14)
        self.biz_no.editingFinished.connect(self.check_biz_no)
        self.biz_no.textEdited.connect(lambda _t: self._biz_no_edited())
        self.representative = f.add("representative", self.tr("대표자"), QLineEdit())
        self.industry = f.add("industry", self.tr("업종 (KSIC)"),
                              enum_combo(Industry, self.tr("선택 안 함")))
        for i in range(1, self.industry.count()):
            value = self.industry.itemData(i)
            self.industry.setItemText(i, f"{value} {Industry(value).label}")
        self.industry.setMaxVisibleItems(12)
        self.size_combo = f.add("size", self.tr("기업 규모"), enum_combo(CompanySize, self.tr("선택 안 함")))
        cert = QWidget()
        cl = QHBoxLayout(cert)
        cl.setContentsMargins(0, 0, 0, 0)
        self.certified = QCheckBox(self.tr("서울형 강소기업"))
        self.certified_year = QSpinBox()
        self.certified_year.setRange(1999, 2100)
        self.certified_year.setSpecialValueText(self.tr("연도 없음"))
        self.certified_year.setValue(1999)
        self.certified_year.setSuffix(self.tr("년"))
        self.certified_year.setEnabled(False)
        self.certified_year.setMinimumWidth(110)
        self.certified.toggled.connect(self.certified_year.setEnabled)
        cl.addWidget(self.certified)
        cl.addWidget(QLabel(self.tr("인증 연도")))
        cl.addWidget(self.certified_year)
        cl.addStretch(1)
        f.add("certified", self.tr("인증"), cert)
        f.rows["certified_year"] = f.rows["certified"]
        self.found_via = f.add("found_via", self.tr("발굴 경로"), enum_combo(FoundVia, self.tr("선택하세요")))
        self.found_on = f.add("found_on", self.tr("발굴일"), date_edit(self.ctx.services.companies.today()))
        self.address = r.add("address", self.tr("주소"), QLineEdit())
        self.district = r.add("district", self.tr("자치구"), QComboBox())
        self.district.addItem(self.tr("선택 안 함"), "")
        for d in SEOUL_DISTRICTS:
            self.district.addItem(d, d)
        self.district.setMaxVisibleItems(14)
        self.website = r.add("website", self.tr("홈페이지"), QLineEdit())
        self.website.setPlaceholderText("https://")
        self.owner = r.add("owner_id", self.tr("담당 상담사"), QComboBox())
        self.owner.addItem(self.tr("등록하는 직원 (기본)") if self.company is None else self.tr("바꾸지 않음"), None)
        self.notes = r.add("notes", self.tr("메모"), QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)

    def _fill(self, c: CompanyRow) -> None:
        self.name.setText(c.name)
        self.biz_no.setText(c.biz_no)
        self.representative.setText(c.representative)
        set_combo(self.industry, c.industry)
        set_combo(self.size_combo, c.size)
        self.certified.setChecked(c.certified)
        if c.certified_year:
            self.certified_year.setValue(c.certified_year)
        set_combo(self.found_via, c.found_via)
        self.found_on.setText(c.found_on.isoformat())
        self.address.setText(c.address)
        set_combo(self.district, c.district)
        self.website.setText(c.website)
        self.notes.setPlainText(c.notes)

    def _staff_loaded(self, staff: list[tuple[int, str]]) -> None:
        current = self.company.owner_id if self.company else None
        for uid, name in staff:
            self.owner.addItem(name, uid)
        if current is not None:
            set_combo(self.owner, current)

    # -- the number -----------------------------------------------------------------------
    def check_biz_no(self) -> bool:
        text = self.biz_no.text().strip()
        if text and not bizno.is_valid(text):
            mark_field(self.form, "biz_no", bizno.INVALID)
            return False
        if text:
            self.biz_no.setText(bizno.formatted(bizno.normalise(text)))
        return True

    def _biz_no_edited(self) -> None:
        clear_field(self.form, "biz_no")
        self.dup.setVisible(False)

    # -- saving ---------------------------------------------------------------------------
    def collect(self) -> dict:
        errors: dict[str, str] = {}
        found_on = read_date(self.found_on, "found_on", errors)
        if errors:
            raise ValidationError(errors)
        certified = self.certified.isChecked()
        year = self.certified_year.value()
        return {"name": self.name.text(), "biz_no": self.biz_no.text(),
                "representative": self.representative.text(), "industry": self.industry.currentData(),
                "size": self.size_combo.currentData(), "certified": certified,
                "certified_year": year if certified and year > 1999 else None,
                "address": self.address.text(), "district": self.district.currentData() or "",
                "website": self.website.text().strip(), "found_via": self.found_via.currentData(),
                "found_on": found_on, "owner_id": self.owner.currentData(), "notes": self.notes.toPlainText()}

    def work(self):
        data = self.collect()
        svc, actor, fid, c = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id, self.company
        if c is None:
            return lambda: svc.create_company(actor, fid, data)

        def update() -> int:
            svc.update_company(actor, c.id, data, c.version)
            return c.id

        return update

    def show_errors(self, errors: dict[str, str]) -> None:
        left = {k: v for k, v in errors.items() if k in LEFT or k not in self.right.rows}
        right = {k: v for k, v in errors.items() if k in self.right.rows and k not in LEFT}
        self.right.show_errors(right)
        self.form.show_errors(left) if left else self.form.clear_errors()
        if right and not left:
            next(iter(self.right.rows[k] for k in right)).widget.setFocus()

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self.dup.setVisible(False)
        try:
            work = self.work()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.form.clear_errors()
        self.right.clear_errors()
        self.ok.setEnabled(False)
        self.ctx.run(work, self._done, self._failed)

    def show_failure(self, exc: DomainError) -> None:
        from models.companies.service import DuplicateCompany
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, DuplicateCompany):
            self.existing_id = exc.existing_id
            self.show_errors({"biz_no": exc.message})
            self.dup_label.setText(self.tr("이 사업자등록번호로 등록된 기업: {0}").format(exc.existing_name))
            self.dup.setVisible(True)
            self.form.fit_dialog()
        elif getattr(exc, "field", None) in self.form.rows:
            self.show_errors({exc.field: exc.message})
        else:
            self.form.show_message(exc.message)

    def choose_existing(self) -> None:
        if self.existing_id is not None:
            self.open_existing.emit(self.existing_id)
            self.reject()


class ContactDialog(WriteDialog):
    """A contact person of ``company_id``; with ``contact_id`` the contact is read in full
    first (recorded) and changed."""

    def __init__(self, ctx, company_id: int, parent=None, contact_id: int | None = None):
        editing = contact_id is not None
        super().__init__(ctx, parent, "담당자 수정" if editing else "담당자 추가",
                         "담당자 연락처는 개인정보입니다. 목록에는 가려 보이고, 전체를 볼 때마다 열람 기록이 남습니다."
                         + (" 수정하려고 전체를 읽은 것도 기록됩니다." if editing else ""), "phone")
        self.company_id, self.contact_id = company_id, contact_id
        f = self.form
        self.name = f.add("name", self.tr("이름"), QLineEdit())
        self.role = f.add("role", self.tr("직책"), QLineEdit())
        self.phone = f.add("phone", self.tr("전화번호"), QLineEdit())
        self.phone.setPlaceholderText("02-123-4567")
        self.email = f.add("email", self.tr("이메일"), QLineEdit())
        self.email.setPlaceholderText("hr@example.com")
        self.finish(self.tr("저장"))
        if editing:
            self.ok.setEnabled(False)
            svc, actor = ctx.services.companies, ctx.actor
            ctx.run(lambda: svc.reveal_contact(actor, contact_id), self._loaded, self._load_failed)

    def _loaded(self, view) -> None:
        self.name.setText(view.name)
        self.role.setText(view.role)
        self.phone.setText(view.phone)
        self.email.setText(view.email)
        self.ok.setEnabled(True)

    def _load_failed(self, exc: DomainError) -> None:
        self.form.show_message(exc.message)

    def work(self):
        data = {"name": self.name.text(), "role": self.role.text(), "phone": self.phone.text(),
                "email": self.email.text().strip()}
        svc, actor, cid, kid = self.ctx.services.companies, self.ctx.actor, self.company_id, self.contact_id
        if kid is None:
            return lambda: svc.add_contact(actor, cid, data)
        return lambda: svc.update_contact(actor, kid, data)

