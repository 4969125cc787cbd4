"""The youth registry as an import target: the registration form's fields, validated by the
registry's own rules (``models.youth.bulk.YouthBulk.check``: ``YouthInput`` and the date
checks), duplicates as the registry defines them (the same name and birth date, or the same
phone), registered and merged in the import's transaction."""

from __future__ import annotations

from collections.abc import Mapping

from models.core.enums import SEOUL_DISTRICTS
from models.core.errors import ValidationError
from models.core.permissions import Perm, require
from models.imports import values as v
from models.imports.engine import Match
from models.imports.mapping import FieldSpec
from models.youth.bulk import YouthBulk
from models.youth.enums import Channel
from models.youth.schemas import OUTSIDE_SEOUL, YouthInput

CHANNEL_WORDS = v.choice_words(Channel.LABELS(), ("시 사업", "city_programme"), ("서울시 사업", "city_programme"),
                               ("방문", "on_site"), ("현장", "on_site"), ("온라인신청", "online"))
CHANNEL_MESSAGE = "현장방문, 온라인, 市 사업(시 사업) 중 하나로 적으세요."
DISTRICT_MESSAGE = "서울시 자치구 이름(예: 마포구) 또는 '서울 외'로 적으세요."
MERGE_MANY = "등록된 청년 여러 명과 겹쳐 병합할 수 없습니다. 건너뛰고 청년 명부에서 정리하세요."

FIELDS = (
    FieldSpec("name", "이름", True, ("성명", "성함", "이름(한글)", "지원자명", "지원자", "name", "fullname")),
    FieldSpec("birth_date", "생년월일", True, ("생일", "출생일", "birth", "birthdate", "birthday", "dateofbirth",
                                           "dob"), hint="예: 1998-03-15, 1998.03.15, 19980315"),
    FieldSpec("phone", "휴대전화", True, ("휴대폰", "휴대전화번호", "휴대폰번호", "핸드폰", "전화번호", "연락처",
                                        "phone", "mobile", "tel", "cellphone"), mask="phone",
              hint="예: 010-1234-5678"),
    FieldSpec("email", "이메일", False, ("전자우편", "메일", "e-mail", "email", "mail"), mask="email"),
    FieldSpec("district", "거주 자치구", True, ("거주지", "자치구", "거주구", "주소", "district"),
              hint="예: 마포구, 서울 외"),
    FieldSpec("channel", "모집 경로", False, ("유입 경로", "경로", "신청 경로", "channel", "source"),
              default="온라인", hint="현장방문 / 온라인 / 市 사업",
              choices=tuple(Channel.LABELS().values())),
    FieldSpec("consent_on", "동의일", True, ("개인정보 동의일", "개인정보동의일", "동의 일자", "동의일자",
                                          "신청일", "접수일", "consent", "consentdate"),
              hint="개인정보 수집·이용 동의일"),
    FieldSpec("retention_years", "보유기간(년)", False, ("보유기간", "보유 기간", "retention"), default="3",
              hint="1~10년, 비우면 3년"),
)


def district_text(text: str) -> str:
    """'서울특별시 마포구', '서울시 마포구', '마포' -> '마포구'."""
    t = " ".join(text.split())
    for prefix in ("서울특별시", "서울시", "서울"):
        if t.startswith(prefix + " "):
            t = t[len(prefix):].strip()
            break
    t = t.split(" ")[0] if t and t.split(" ")[0] in SEOUL_DISTRICTS else t
    if t not in SEOUL_DISTRICTS and t + "구" in SEOUL_DISTRICTS:
        t += "구"
    return t


class YouthTarget:
    key = "youth"
    label = "청년 명부"
    noun = "청년"
    fields = FIELDS

    def _bulk(self, services) -> YouthBulk:
        return YouthBulk(services.db, services.clock)

    def check_access(self, services, actor, facility_id):
        require(actor, Perm.YOUTH_EDIT, facility_id)

    def validate(self, services, cells: dict[str, str]) -> YouthInput:
        data = dict(cells)
        for key in ("birth_date", "consent_on"):
            if key in data:
                data[key] = v.date_text(data[key])
        if "phone" in data:
            data["phone"] = v.phone_text(data["phone"])
        if "district" in data and data["district"].strip() != OUTSIDE_SEOUL:
            data["district"] = district_text(data["district"])
        if "channel" in data:
            data["channel"] = v.choice(data["channel"], CHANNEL_WORDS)
        if "retention_years" in data:
            data["retention_years"] = v.int_text(data["retention_years"], "년")
        try:
            return self._bulk(services).check(data)
        except ValidationError as exc:
            errors = dict(exc.errors)
            if "channel" in errors:
                errors["channel"] = CHANNEL_MESSAGE
            if "district" in errors:
                errors["district"] = DISTRICT_MESSAGE
            raise ValidationError(errors) from None

    def identity(self, inp: YouthInput):
        return [("phone", inp.phone), ("name", (inp.name, inp.birth_date))]

    def matches(self, services, actor, facility_id, inputs: Mapping[int, YouthInput]) -> dict[int, list[Match]]:
        found = self._bulk(services).duplicates_of(actor, facility_id, inputs)
        out = {}
        for key, ms in found.items():
            out[key] = [Match(m.youth_id, f"{m.name} · {m.birth_date.isoformat()} · {m.phone_masked}",
                              " · ".join(w for w, hit in (("이름·생년월일 같음", m.by_name_birth),
                                                          ("전화번호 같음", m.by_phone)) if hit))
                        for m in ms]
        return out

    def merge_refusal(self, matches: list[Match]) -> str | None:
        return MERGE_MANY if len(matches) > 1 else None

    def commit(self, services, actor, facility_id, new, merges, progress) -> None:
        self._bulk(services).import_rows(actor, facility_id, new,
                                         [(m.id, inp, given) for m, inp, given in merges], progress)
