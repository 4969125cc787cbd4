"""What the booth page prints and exports: the day sheet of one booth and the month's
slots. A mixin of ``gui.booths.page.BoothsPage`` (it uses the page's ``ctx``, ``held``,
``booths``, ``selected`` and ``header_actions``); the page calls ``_build_output_actions``
once, ``_sync_outputs(ready)`` on every refresh and ``_outputs_loaded()`` when a week has
loaded.

Both buttons open ``gui.common.output_dialog.OutputDialog``: 일일 명단 출력 with a day
(today first, whatever day the grid shows), a booth and an optional 출력 목적; 내보내기 with
a month (this month first) and the format. Then the save dialog asks where. The files are
written on the worker through ``models.outputs``; the hint line says what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from gui.booths.slot_blocks import short_booth
from gui.common.output_dialog import Items, OutputChoice, OutputDialog, month_text, short_day
from models.core.errors import DomainError

EXPORT_FORMATS = [("Excel", "xlsx"), ("CSV", "csv")]


class BoothOutputs:
    output_dialog: OutputDialog | None = None

    def _build_output_actions(self) -> None:
        self.print_btn = self.action_button("print", self.tr("일일 명단 출력"), self.print_clicked)
        self.print_btn.setToolTip(self.tr("날짜와 부스를 골라 명단(PDF, 전화번호 가림)을 저장합니다. 출력은 감사 기록에 "
                                          "남습니다."))
        self.export_btn = self.action_button("export", self.tr("내보내기"), self.export_clicked)
        self.export_btn.setToolTip(self.tr("달을 골라 그 달의 모든 회차를 .xlsx 또는 .csv로 저장합니다."))
        for w in (self.print_btn, self.export_btn):
            self.header_actions.addWidget(w)

    def _sync_outputs(self, ready: bool) -> None:
        for w in (self.print_btn, self.export_btn):
            w.setEnabled(ready)

    def _outputs_loaded(self) -> None:
        """The facility's booths are known: a sheet can be printed when it has one."""
        self.print_btn.setEnabled(bool(self._sheet_booths()))

    def _sheet_booths(self) -> list[tuple[int, str]]:
        """Every booth of the facility (also those without slots this week), else the week's."""
        held = getattr(self, "held", None)
        return list(held.booths) if held is not None and held.booths else list(self.booths)

    # -- day sheet ----------------------------------------------------------------------
    def print_clicked(self) -> OutputDialog | None:
        """Open the day-sheet dialog: today, the selected slot's booth (else the first)."""
        booths = self._sheet_booths()
        if not booths:
            self.show_error(self.tr("이 시설에는 AI 면접 부스가 없어 출력할 명단이 없습니다."))
            return None
        self.clear_error()
        selected = self.selected.room_id if getattr(self, "selected", None) is not None else None
        dialog = OutputDialog(
            self.tr("AI 면접 일일 명단 출력"),
            describe=lambda c: self.tr("{0} {1} 일일 명단 (PDF, 전화번호 가림)").format(
                short_day(c.day), c.item_name),
            on_save=self._save_sheet, day=self.ctx.services.booths.today(),
            items=Items(self.tr("부스"), booths, selected), purpose=True, parent=self)
        return self._open_output(dialog)

    def _open_output(self, dialog: OutputDialog) -> OutputDialog:
        self.output_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "output_dialog", None))
        dialog.open()
        return dialog

    def _save_sheet(self, choice: OutputChoice) -> bool:
        name = f"AI면접_명단_{short_booth(choice.item_name).replace(' ', '')}_{choice.day:%Y%m%d}.pdf"
        path = self.ask_save_path(
            self.tr("{0} {1} 일일 명단 저장").format(choice.item_name, short_day(choice.day)), name,
            [("PDF", "pdf")], parent=self.output_dialog)
        if not path:
            return False
        self.print_sheet(path, choice.item_id, choice.day, purpose=choice.purpose or None)
        return True

    def print_sheet(self, path: str, room_id: int, day: date, purpose: str | None = None) -> None:
        """Write the booth's day sheet for ``day`` to ``path`` (PDF, on the worker)."""
        self.clear_error()
        booth = dict(self._sheet_booths()).get(room_id, "")
        what = f"{short_day(day)} {short_booth(booth)}".strip()
        print_day_sheet(self.ctx, room_id, day, path, on_done=lambda result: self._printed(what, result),
                        on_error=self.show_error, purpose=purpose)

    def _printed(self, what: str, result=None) -> None:
        self.hint_label.setText(self.tr("✓ {0} 일일 명단을 저장했습니다: {1}").format(what, result or ""))

    # -- export -------------------------------------------------------------------------
    def export_clicked(self) -> OutputDialog:
        """Open the export dialog: this month, Excel first."""
        self.clear_error()
        dialog = OutputDialog(
            self.tr("AI 면접 회차 내보내기"),
            describe=lambda c: self.tr("{0} AI 면접 회차 전체 ({1})").format(
                month_text(c.year, c.month), f"{c.format[0]} .{c.format[1]}"),
            on_save=self._save_export, month=self.ctx.services.booths.today(), formats=self._export_formats(),
            parent=self)
        return self._open_output(dialog)

    def _export_formats(self) -> list[tuple[str, str]]:
        return list(EXPORT_FORMATS)

    def _save_export(self, choice: OutputChoice) -> bool:
        fac = self.ctx.facility
        label, ext = choice.format
        # the chosen format first; a name typed with another one's extension keeps it
        formats = [choice.format] + [f for f in self._export_formats() if f != choice.format]
        path = self.ask_save_path(
            self.tr("{0} AI 면접 회차 내보내기").format(month_text(choice.year, choice.month)),
            f"AI면접회차_{fac.code if fac else ''}_{choice.year}-{choice.month:02d}.{ext}", formats,
            parent=self.output_dialog)
        if not path:
            return False
        self.export_month(path, choice.year, choice.month)
        return True

    def export_month(self, path: str, year: int, month: int) -> None:
        """Write the month's slots to ``path`` (.csv/.xlsx, by extension) on the worker."""
        from models.outputs.exports import export_interview_slots
        services, actor, fid = self.ctx.services, self.ctx.actor, self.ctx.facility_id
        self.export_on_worker(
            lambda: export_interview_slots(services, actor, fid, year, month, path),
            self.tr("✓ {0} AI 면접 회차 {{count}}건을 저장했습니다: {{path}}").format(month_text(year, month)))


def print_day_sheet(ctx, room_id: int, day: date, path: str,
                    on_done: Callable[[str], None] | None = None,
                    on_error: Callable[[DomainError], None] | None = None, *,
                    purpose: str | None = None) -> None:
    """Write the day sheet of one booth to ``path`` (PDF) on the worker, through the use
    case ``models.outputs.day_sheet.print_day_sheet``: the rows with phones masked, signed
    with the actor's name and the time in Seoul, and the output recorded in the audit log
    (with ``purpose`` when given) only once the PDF is written. Then ``on_done(path)`` runs
    on the GUI thread.

    Errors: a refusal of the service (``DomainError``) and a file that cannot be written
    (``OutputError``, in the words the command line prints) go to ``on_error`` on the GUI
    thread; without ``on_error``, and for anything unexpected, the worker hands them to the
    crash handler (``gui.common.crash.report``), which shows a message box.
    """
    from models.outputs.day_sheet import print_day_sheet as print_sheet

    services, actor, fid = ctx.services, ctx.actor, ctx.facility_id

    def work() -> str:
        return str(print_sheet(services, actor, fid, room_id, day, path, purpose=purpose).path)

    ctx.run(work, on_done, on_error)
