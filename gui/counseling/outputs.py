"""What the 상담 page prints: the selected youth's counseling record (상담 기록 출력, PDF).
A mixin of ``gui.counseling.page.CounselingPage`` (it uses the page's ``ctx``, the
caseload tab and ``Page``'s save dialog and worker helpers).

The 기록 출력… button of the youth's history opens ``gui.common.output_dialog.OutputDialog``
with its 출력 목적 field, which this page requires (the paper holds personal data; the
service refuses an empty one too). The dialog's line says what goes on the paper: the
sessions the page holds for the youth, and whether confidential notes are printed (only
those this user may open, each printout of one an audit read, as opening it is). Then the
save dialog asks where, and the PDF is written on the worker through
``models.outputs.counseling.print_counseling_record``; the hint line says what was saved.
"""

from __future__ import annotations

from gui.common.output_dialog import OutputChoice, OutputDialog
from models.counseling.exports import PURPOSE_REQUIRED  # the service's own words


class CounselingOutputs:
    output_dialog: OutputDialog | None = None

    def _build_output_actions(self) -> None:
        history = self.cases_tab.history
        self.plan_button = history.button("edit", self.tr("취업활동계획…"), self.open_plan)
        self.plan_button.setToolTip(self.tr("목표(희망 분야·직종), 목표일, 기한이 있는 단계를 보고 고칩니다."))
        self.plan_button.setEnabled(False)
        self.print_button = history.button("print", self.tr("기록 출력…"), self.print_record)
        self.print_button.setToolTip(self.tr("이 청년의 상담 기록을 PDF로 저장합니다. 출력 목적과 함께 감사 기록에 "
                                             "남습니다."))
        self.print_button.setEnabled(False)

    def _sync_print(self) -> None:
        case = self.cases_tab.current()
        for b in (self.print_button, self.plan_button):
            b.setVisible(self.can_text)
            b.setEnabled(self.can_text and case is not None)

    def _record_text(self, case, sessions) -> str:
        readable = sum(1 for r in sessions if r.has_note and r.note_readable)
        withheld = sum(1 for r in sessions if r.has_note and not r.note_readable)
        text = self.tr("{0} 님의 상담 기록 (PDF): 사례 단계, 취업활동계획, 상담 {1}건, 집단 프로그램 참여. 모든 쪽에 "
                       "개인정보 표시가 들어갑니다.").format(case.youth_name, len(sessions))
        if readable:
            text += self.tr(" 비공개 메모 {0}건을 싣고, 그 열람이 감사 기록에 남습니다.").format(readable)
        if withheld:
            text += self.tr(" 볼 권한이 없는 비공개 메모 {0}건은 싣지 않습니다.").format(withheld)
        return text

    def print_record(self) -> OutputDialog | None:
        """Open the record's output dialog for the youth selected in the caseload."""
        case = self.cases_tab.current()
        if case is None or not self.can_text:
            return None
        sessions = list(self.cases_tab.history.table.model().rows)
        self.clear_error()
        dialog = OutputDialog(self.tr("상담 기록 출력"), describe=lambda _c: self._record_text(case, sessions),
                              on_save=lambda c: self._save_record(case, c), purpose=True, parent=self)
        dialog.purpose_edit.setPlaceholderText(self.tr("예: 사례 회의, 본인 열람 요청 (필수, 감사 기록에 남습니다)"))
        self.output_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "output_dialog", None))
        dialog.open()
        return dialog

    def _save_record(self, case, choice: OutputChoice) -> bool:
        dialog = self.output_dialog
        if not choice.purpose:
            if dialog is not None:
                dialog.form.show_errors({"purpose": self.tr(PURPOSE_REQUIRED)})
            return False
        path = self.ask_save_path(self.tr("{0} 님의 상담 기록 저장").format(case.youth_name),
                                  f"상담기록_{case.youth_name}.pdf", [("PDF", "pdf")], parent=dialog)
        if not path:
            return False
        from models.outputs.counseling import print_counseling_record
        services, actor, fid, yid, purpose = self.ctx.services, self.ctx.actor, case.facility_id, case.youth_id, choice.purpose
        name = case.youth_name.replace("{", "{{").replace("}", "}}")  # the text is formatted once more
        self.export_on_worker(
            lambda: print_counseling_record(services, actor, fid, yid, path, purpose),
            self.tr("✓ {0} 님의 상담 기록(상담 {{count}}건)을 저장했습니다: {{path}}").format(name))
        return True
