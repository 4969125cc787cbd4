"""What the booth page prints and exports: the day sheet of one booth and the month's
slots. A mixin of ``gui.booths.page.BoothsPage`` (it uses the page's ``ctx``, ``day``,
``booths`` and ``header_actions``); the page calls ``_build_output_actions`` once,
``_sync_outputs(ready)`` on every refresh and ``_outputs_loaded()`` when a week has loaded.

``print_day_sheet`` writes the PDF on the worker through ``models.outputs.day_sheet``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox

from gui.booths.slot_blocks import short_booth
from models.core.errors import DomainError


class BoothOutputs:
    def _build_output_actions(self) -> None:
        self.booth_box = QComboBox()
        self.booth_box.setToolTip(self.tr("일일 명단을 출력할 부스"))
        self.booth_box.setMinimumWidth(96)
        self.booth_box.setSizeAdjustPolicy(QComboBox.AdjustToContents)  # filled when the week loads
        self.print_btn = self.action_button("export", self.tr("일일 명단 출력"), self.print_clicked)
        self.print_btn.setToolTip(self.tr("고른 부스의 선택한 날 명단(PDF, 전화번호 가림). 출력은 감사 기록에 남습니다."))
        self.export_btn = self.action_button("export", self.tr("내보내기"), self.export_clicked)
        self.export_btn.setToolTip(self.tr("선택한 달의 모든 회차를 .xlsx 또는 .csv로 저장합니다."))
        for w in (self.booth_box, self.print_btn, self.export_btn):
            self.header_actions.addWidget(w)

    def _sync_outputs(self, ready: bool) -> None:
        for w in (self.print_btn, self.export_btn, self.booth_box):
            w.setEnabled(ready)

    def _outputs_loaded(self) -> None:
        """The week's booths are known: offer them for the day sheet."""
        box, current = self.booth_box, self.booth_box.currentData()
        box.blockSignals(True)
        box.clear()
        for rid, name in self.booths:
            box.addItem(name, rid)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else (0 if self.booths else -1))
        box.blockSignals(False)
        self.print_btn.setEnabled(bool(self.booths))

    # -- day sheet ----------------------------------------------------------------------
    def print_clicked(self) -> None:
        room_id = self.booth_box.currentData()
        if room_id is None:
            self.show_error(self.tr("이번 주에 회차가 있는 부스가 없어 출력할 명단이 없습니다."))
            return
        name = f"AI면접_명단_{short_booth(self.booth_box.currentText()).replace(' ', '')}_{self.day:%Y%m%d}.pdf"
        path = self.ask_save_path(
            self.tr("{0} {1} 일일 명단 저장").format(self.booth_box.currentText(), f"{self.day:%m/%d}"),
            name, [("PDF", "pdf")])
        if path:
            self.print_sheet(path, room_id, self.day)

    def print_sheet(self, path: str, room_id: int, day: date) -> None:
        """Write the booth's day sheet for ``day`` to ``path`` (PDF, on the worker)."""
        self.clear_error()
        print_day_sheet(self.ctx, room_id, day, path, on_done=self._printed, on_error=self.show_error)

    def _printed(self, result=None) -> None:
        self.hint_label.setText(self.tr("✓ 일일 명단을 저장했습니다: {0}").format(result or ""))

    # -- export -------------------------------------------------------------------------
    def export_clicked(self) -> None:
        fac = self.ctx.facility
        path = self.ask_save_path(
            self.tr("{0}년 {1}월 AI 면접 회차 내보내기").format(self.day.year, self.day.month),
            f"AI면접회차_{fac.code if fac else ''}_{self.day:%Y-%m}.xlsx", [("Excel", "xlsx"), ("CSV", "csv")])
        if path:
            self.export_month(path, self.day.year, self.day.month)

    def export_month(self, path: str, year: int, month: int) -> None:
        """Write the month's slots to ``path`` (.csv/.xlsx, by extension) on the worker."""
        from models.outputs.exports import export_interview_slots
        services, actor, fid = self.ctx.services, self.ctx.actor, self.ctx.facility_id
        self.export_on_worker(
            lambda: export_interview_slots(services, actor, fid, year, month, path),
            self.tr("✓ {0}년 {1}월 회차 {{count}}건을 저장했습니다: {{path}}").format(year, month))


def print_day_sheet(ctx, room_id: int, day: date, path: str,
                    on_done: Callable[[str], None] | None = None,
                    on_error: Callable[[DomainError], None] | None = None) -> None:
    """Write the day sheet of one booth to ``path`` (PDF) on the worker, through the use
    case ``models.outputs.day_sheet.print_day_sheet``: the rows with phones masked, signed
    with the actor's name and the time in Seoul, and the output recorded in the audit log
    only once the PDF is written. Then ``on_done(path)`` runs on the GUI thread.

    Errors: a refusal of the service (``DomainError``) and a file that cannot be written
    (``OutputError``, in the words the command line prints) go to ``on_error`` on the GUI
    thread; without ``on_error``, and for anything unexpected, the worker hands them to the
    crash handler (``gui.common.crash.report``), which shows a message box.
    """
    from models.outputs.day_sheet import print_day_sheet as print_sheet

    services, actor, fid = ctx.services, ctx.actor, ctx.facility_id

    def work() -> str:
        return str(print_sheet(services, actor, fid, room_id, day, path).path)

    ctx.run(work, on_done, on_error)
