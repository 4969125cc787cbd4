"""공고 등록 / 수정: title and job field, employment type, wage (만 원 a year), place,
number of openings and deadline. The status (모집중, 마감, 채용완료, 취소) is changed from
the list (``OpeningsTab``), not here."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox

from gui.companies.base import WriteDialog, date_edit, enum_combo, read_date, set_combo
from models.companies.enums import EmploymentType
from models.companies.schemas import OpeningRow
from models.core.errors import ValidationError

WAGE_MESSAGE = "연봉은 만 원 단위 숫자로 입력하세요(예: 3,200)."


def wage_text(wage: int | None) -> str:
    """36,000,000 -> '연 3,600만 원'; None -> ''."""
    return f"연 {wage // 10000:,}만 원" if wage else ""


class OpeningDialog(WriteDialog):
    def __init__(self, ctx, company_id: int, company_name: str, parent=None, opening: OpeningRow | None = None):
        editing = opening is not None
        super().__init__(ctx, parent, "구인 공고 수정" if editing else "구인 공고 등록",
                         f"{company_name}의 공고입니다. 모집중이고 마감일이 지나지 않은 공고에만 청년을 추천할 수 있습니다.",
                         "edit" if editing else "add")
        self.company_id, self.opening = company_id, opening
        f = self.form
        self.title_edit = f.add("title", self.tr("공고 제목"), QLineEdit())
        self.title_edit.setMaxLength(100)
        self.job_field = f.add("job_field", self.tr("직무 분야"), QLineEdit())
        self.job_field.setPlaceholderText(self.tr("예: SW개발, 마케팅, 생산관리"))
        self.employment_type = f.add("employment_type", self.tr("고용 형태"),
                                     enum_combo(EmploymentType, self.tr("선택하세요")))
        self.wage = f.add("wage", self.tr("연봉 (만 원)"), QLineEdit())
        self.wage.setPlaceholderText(self.tr("예: 3,200 (비워 두면 협의)"))
        self.place = f.add("place", self.tr("근무지"), QLineEdit())
        self.headcount = f.add("headcount", self.tr("모집 인원"), QSpinBox())
        self.headcount.setRange(1, 10000)
        self.headcount.setSuffix(self.tr("명"))
        self.headcount.setFixedWidth(110)
        self.deadline = f.add("deadline", self.tr("마감일"), date_edit(placeholder=self.tr("YYYY-MM-DD (없으면 비움)")))
        self.deadline.setFixedWidth(200)
        if opening is not None:
            self.title_edit.setText(opening.title)
            self.job_field.setText(opening.job_field)
            set_combo(self.employment_type, opening.employment_type)
            self.wage.setText(f"{opening.wage // 10000:,}" if opening.wage else "")
            self.place.setText(opening.place)
            self.headcount.setValue(opening.headcount)
            self.deadline.setText(opening.deadline.isoformat() if opening.deadline else "")
        self.finish(self.tr("저장") if editing else self.tr("공고 등록"))

    def collect(self) -> dict:
        errors: dict[str, str] = {}
        deadline = read_date(self.deadline, "deadline", errors)
        wage = None
        text = self.wage.text().replace(",", "").replace("만", "").replace("원", "").strip()
        if text:
            if not text.isdigit() or len(text) > 6:
                errors["wage"] = WAGE_MESSAGE
            else:
                wage = int(text) * 10000
        if not self.employment_type.currentData():
            errors["employment_type"] = self.tr("고용 형태를 선택하세요.")
        if errors:
            raise ValidationError(errors)
        return {"title": self.title_edit.text(), "job_field": self.job_field.text(),
                "employment_type": self.employment_type.currentData(), "wage": wage, "place": self.place.text(),
                "headcount": self.headcount.value(), "deadline": deadline}

    def work(self):
        data = self.collect()
        svc, actor, cid, o = self.ctx.services.companies, self.ctx.actor, self.company_id, self.opening
        if o is None:
            return lambda: svc.open_job(actor, cid, data)

        def update() -> int:
            svc.update_opening(actor, o.id, data, o.version)
            return o.id

        return update
