"""The matching pipeline's dialogs: refer a youth to an opening (추천), move a referral to
another stage or end it with its reason, and a referral's history.

``MoveDialog`` offers every other stage; those the stage rules do not allow from the
current one (``ReferralRow.ruled_stages``) say so. A counselor who picks one gets the
service's refusal under the field; a manager gets the 예외 사유 field, and the move is
made with the written reason (audited). A move carries the version the board showed: when
another desk moved the referral meanwhile the dialog says so (``conflict``) and nothing is
written.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
)

from gui.common.icons import icon
from gui.companies.base import WITH_FOLLOWUPS, WriteDialog, date_edit, enum_combo, read_date
from gui.youth.picker import YouthPicker
from models.companies.enums import ENDED, PIPELINE, Channel, Stage
from models.companies.schemas import OpeningRow, ReferralRow
from models.core.errors import Conflict, DomainError, RuleViolation, ValidationError
from models.core.permissions import Perm

REFER_CHANNELS = (Channel.ON_SITE, Channel.ONLINE, Channel.CITY_PROGRAMME)


def next_stage(r: ReferralRow) -> Stage | None:
    """The pipeline's next stage, when the rules allow it (the board's one-click default)."""
    if r.stage in PIPELINE and r.stage is not Stage.HIRED:
        nxt = PIPELINE[PIPELINE.index(r.stage) + 1]
        return nxt if nxt in r.ruled_stages else None
    return None


class ReferDialog(WriteDialog):
    def __init__(self, ctx, opening: OpeningRow, parent=None):
        super().__init__(ctx, parent, "청년 추천",
                         f"{opening.company_name} · {opening.title}에 청년을 추천합니다. 같은 청년은 한 공고에 "
                         "한 번만 추천할 수 있습니다.", "user_add", width=560)
        self.opening = opening
        f = self.form
        self.picker = f.add("youth_id", self.tr("청년"), YouthPicker(ctx))
        self.channel = f.add("channel", self.tr("추천 경로"), enum_combo(Channel, self.tr("선택하세요"), REFER_CHANNELS))
        self.referred_on = f.add("referred_on", self.tr("추천일"), date_edit(ctx.services.companies.today()))
        self.counselor = f.add("counselor_id", self.tr("담당 상담사"), QComboBox())
        self.note = f.add("note", self.tr("메모"), QLineEdit())
        self.note.setMaxLength(500)
        self.finish(self.tr("추천"))
        svc, actor, fid = ctx.services.companies, ctx.actor, opening.facility_id
        ctx.load(lambda: svc.match_staff(actor, fid), self._staff_loaded, lambda exc: None)

    def _staff_loaded(self, staff: list[tuple[int, str]]) -> None:
        """The facility's counselors; the referring counselor first chosen (the city
        administrator, who is none of them, names one)."""
        me = self.ctx.actor.user_id
        for uid, name in staff:
            self.counselor.addItem(name, uid)
        index = self.counselor.findData(me)
        self.counselor.setCurrentIndex(index if index >= 0 else 0)

    def work(self):
        errors: dict[str, str] = {}
        day = read_date(self.referred_on, "referred_on", errors)
        if self.picker.selected_youth_id is None:
            errors["youth_id"] = self.tr("추천할 청년을 찾아 고르세요.")
        if not self.channel.currentData():
            errors["channel"] = self.tr("추천 경로를 선택하세요.")
        if errors:
            raise ValidationError(errors)
        svc, actor, o = self.ctx.services.companies, self.ctx.actor, self.opening
        data = {"opening_id": o.id, "youth_id": self.picker.selected_youth_id, "channel": self.channel.currentData(),
                "referred_on": day, "note": self.note.text(), "counselor_id": self.counselor.currentData()}
        return lambda: svc.refer(actor, o.facility_id, data)


class MoveDialog(WriteDialog):
    topics = WITH_FOLLOWUPS
    conflict = Signal()  # another desk moved the referral meanwhile: the board is stale

    def __init__(self, ctx, referral: ReferralRow, parent=None, to_stage: Stage | None = None):
        r = referral
        super().__init__(ctx, parent, "매칭 단계 변경",
                         f"{r.youth_name} · {r.company_name} · {r.opening_title}\n현재 단계: {r.stage.label} "
                         f"({r.moved_on:%Y-%m-%d}부터, {r.days_since_move}일째)", "transfer")
        self.referral = r
        self.manager = ctx.actor.can(Perm.MATCH_OVERRIDE, r.facility_id)
        f = self.form
        self.stage = f.add("to_stage", self.tr("옮길 단계"), QComboBox())
        for st in list(PIPELINE) + [s for s in Stage if s in ENDED]:
            if st is r.stage:
                continue
            label = st.label if st in r.ruled_stages else self.tr("{0} — 규칙 밖 (관리자 예외)").format(st.label)
            self.stage.addItem(label, st.value)
        f.rows["stage_order"] = f.rows["to_stage"]
        self.on = f.add("on", self.tr("변경일"), date_edit(ctx.services.companies.today()))
        self.note = f.add("note", self.tr("메모"), QPlainTextEdit())
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.reason = f.add("override_reason", self.tr("예외 사유"), QLineEdit())
        self.reason.setMaxLength(250)
        self.reason.setPlaceholderText(self.tr("단계 규칙 밖으로 옮기는 사유 (감사 기록에 남습니다)"))
        self.stage.currentIndexChanged.connect(lambda _i: self._stage_changed())
        wanted = to_stage or next_stage(r)
        if wanted is not None and self.stage.findData(wanted.value) >= 0:
            self.stage.setCurrentIndex(self.stage.findData(wanted.value))
        self._stage_changed()
        self.finish(self.tr("단계 변경"))

    def chosen(self) -> Stage:
        return Stage(self.stage.currentData())

    def _stage_changed(self) -> None:
        st = self.chosen()
        outside = st not in self.referral.ruled_stages
        self.form.rows["override_reason"].setVisible(outside and self.manager)
        label = self.form.layout_.labelForField(self.form.rows["override_reason"])
        if label is not None:
            label.setVisible(outside and self.manager)
        note_label = self.form.layout_.labelForField(self.form.rows["note"])
        if note_label is not None:
            note_label.setText(self.tr("사유") if st in ENDED else self.tr("메모"))
        on_label = self.form.layout_.labelForField(self.form.rows["on"])
        if on_label is not None:
            on_label.setText(self.tr("입사일") if st is Stage.HIRED else self.tr("변경일"))
        self.note.setPlaceholderText(self.tr("{0} 사유를 적으세요 (필수)").format(st.label) if st in ENDED else "")
        self.form.fit_dialog()

    def work(self):
        errors: dict[str, str] = {}
        day = read_date(self.on, "on", errors)
        if errors:
            raise ValidationError(errors)
        svc, actor, r, to = self.ctx.services.companies, self.ctx.actor, self.referral, self.chosen()
        note = self.note.toPlainText()
        reason = self.reason.text() if self.form.rows["override_reason"].isVisibleTo(self) else None
        return lambda: svc.move(actor, r.id, to, r.version, on=day, note=note, override_reason=reason)

    def show_failure(self, exc: DomainError) -> None:
        if isinstance(exc, RuleViolation):
            self.form.show_errors({"to_stage": exc.message})
            if self.manager:
                self._stage_changed()
        elif isinstance(exc, Conflict):
            self.form.show_message(exc.message)
            self.ok.setEnabled(False)  # this version is gone: reopen from the board
            self.conflict.emit()
        else:
            super().show_failure(exc)


class HistoryDialog(QDialog):
    """Every move of one referral, the first first (read on the read pool)."""

    def __init__(self, ctx, referral: ReferralRow, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("매칭 이력"))
        self.setWindowIcon(icon("info"))
        self.setMinimumSize(560, 320)
        lay = QVBoxLayout(self)
        head = QLabel(f"{referral.youth_name} · {referral.company_name} · {referral.opening_title} "
                      f"({referral.channel.label})")
        head.setObjectName("pageTitle")
        head.setWordWrap(True)
        lay.addWidget(head)
        self.list = QListWidget()
        lay.addWidget(self.list, 1)
        svc, actor = ctx.services.companies, ctx.actor
        ctx.load(lambda: svc.history(actor, referral.id), self.show_rows, lambda exc: self.list.addItem(exc.message))

    def show_rows(self, rows) -> None:
        self.list.clear()
        for t in rows:
            frm = f"{t.from_stage.label} → " if t.from_stage else ""
            text = f"{t.at:%Y-%m-%d %H:%M} · {frm}{t.to_stage.label} ({t.happened_on:%m-%d}) · {t.by_name}"
            if t.note:
                text += f" · {t.note}"
            if t.override_reason:
                text += f" · [예외: {t.override_reason}]"
            self.list.addItem(text)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
