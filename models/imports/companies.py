"""Companies (구인기업) as an import target, through the public companies service only:
each row validated by the service's input model (``CompanyInput``: the 사업자등록번호 check
digit, the district, the year of certification…), duplicates by 사업자등록번호 at the
facility (as ``create_company`` refuses them), new companies registered with
``create_company`` and merges made with ``update_company`` (checking the version the
preview saw), all inside the import's one transaction (``engine._Bound``)."""

from __future__ import annotations

from collections.abc import Mapping

from models.companies.enums import CompanySize, FoundVia, Industry
from models.companies.schemas import CompanyInput
from models.core.errors import ValidationError
from models.core.permissions import Perm, require
from models.core.validation import validate
from models.imports import values as v
from models.imports.engine import Match
from models.imports.mapping import FieldSpec

PAGE = 200
INDUSTRY_WORDS = v.choice_words(Industry.LABELS())
SIZE_WORDS = v.choice_words(CompanySize.LABELS(), ("중소", "sme"), ("대", "large"), ("중견", "midsize"))
FOUND_WORDS = v.choice_words(FoundVia.LABELS(), ("시 사업", "city_programme"), ("서울시 사업", "city_programme"))
MESSAGES = {
    "industry": "한국표준산업분류 대분류(예: 정보통신업, 또는 J)로 적으세요.",
    "size": "대기업, 중견기업, 중소기업, 스타트업 중 하나로 적으세요.",
    "found_via": "현장방문, 온라인, 市 사업, 소개, 매칭데이 중 하나로 적으세요.",
    "certified": "예 또는 아니오로 적으세요.",
}

CHOICE_ERRORS = ("목록에서 선택하세요.", "예/아니오 중에서 선택하세요.", "입력값이 올바르지 않습니다.")

FIELDS = (
    FieldSpec("name", "기업명", True, ("회사명", "업체명", "상호", "기업", "회사", "company", "companyname")),
    FieldSpec("biz_no", "사업자등록번호", True, ("사업자번호", "사업자 등록번호", "등록번호", "bizno",
                                              "businessnumber", "brn"), hint="예: 123-45-67891"),
    FieldSpec("representative", "대표자", False, ("대표자명", "대표", "대표이사", "ceo", "representative")),
    FieldSpec("industry", "업종", False, ("산업", "업태", "industry"), hint="예: 정보통신업 또는 J"),
    FieldSpec("size", "기업 규모", False, ("규모", "기업규모", "size"), hint="대기업/중견기업/중소기업/스타트업"),
    FieldSpec("certified", "서울형 강소기업", False, ("강소기업", "강소기업 여부", "certified"), hint="예/아니오"),
    FieldSpec("certified_year", "인증 연도", False, ("인증연도", "강소기업 인증연도", "certifiedyear")),
    FieldSpec("address", "주소", False, ("소재지", "사업장 주소", "address")),
    FieldSpec("district", "자치구", False, ("소재 자치구", "구", "district")),
    FieldSpec("website", "홈페이지", False, ("웹사이트", "홈페이지 주소", "website", "url", "homepage")),
    FieldSpec("found_via", "발굴 경로", False, ("발굴경로", "경로", "foundvia")),
    FieldSpec("notes", "메모", False, ("비고", "특이사항", "notes", "memo")),
)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


class CompanyTarget:
    key = "companies"
    label = "구인기업"
    noun = "기업"
    fields = FIELDS

    def check_access(self, services, actor, facility_id):
        if facility_id is None:
            raise ValidationError.single("facility_id", "구인기업을 가져올 시설을 고르세요.")
        require(actor, Perm.COMPANY_EDIT, facility_id)

    def validate(self, services, cells: dict[str, str]):
        data: dict = {k: c for k, c in cells.items()}
        for key, words in (("industry", INDUSTRY_WORDS), ("size", SIZE_WORDS), ("found_via", FOUND_WORDS)):
            if key in data:
                text = data[key].strip()
                # 'J. 정보통신업', 'J 정보통신업' -> J
                if key == "industry" and len(text) > 1 and text[0].isalpha() and text[1] in ". )":
                    text = text[0]
                data[key] = v.choice(text, words)
        if "certified" in data:
            data["certified"] = v.yes_no(data["certified"])
        if "certified_year" in data:
            data["certified_year"] = v.int_text(data["certified_year"], "년") or None
        try:
            return validate(CompanyInput, data)
        except ValidationError as exc:
            errors = {k: MESSAGES[k] if k in MESSAGES and m in CHOICE_ERRORS else m
                      for k, m in exc.errors.items()}
            raise ValidationError(errors) from None

    def identity(self, inp: CompanyInput):
        return [("biz_no", inp.biz_no)]

    def _registered(self, services, actor, facility_id) -> dict[str, object]:
        out, offset = {}, 0
        while True:
            page = services.companies.companies(actor, facility_id, "", limit=PAGE, offset=offset)
            out.update((_digits(c.biz_no), c) for c in page)
            if len(page) < PAGE:
                return out
            offset += PAGE

    def matches(self, services, actor, facility_id, inputs: Mapping[int, CompanyInput]) -> dict[int, list[Match]]:
        known = self._registered(services, actor, facility_id)
        out = {}
        for key, inp in inputs.items():
            c = known.get(inp.biz_no)
            if c is not None:
                out[key] = [Match(c.id, f"{c.name} · {c.biz_no}", "사업자등록번호 같음", c.version)]
        return out

    def merge_refusal(self, matches):
        return None

    def commit(self, services, actor, facility_id, new, merges, progress) -> None:
        cs = services.companies
        total = len(new) + len(merges)
        for n, inp in enumerate(new, start=1):
            cs.create_company(actor, facility_id, inp)
            if n % 50 == 0:
                progress(n, total)
        for n, (m, inp, given) in enumerate(merges, start=len(new) + 1):
            data = cs.get_company(actor, m.id).as_input()
            data.update({k: val for k, val in inp.model_dump().items() if k in given})
            cs.update_company(actor, m.id, data, m.version)
            if n % 50 == 0:
                progress(n, total)
