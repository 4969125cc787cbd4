"""What the bookings page prints and exports: the day sheet of the rooms and the month's
bookings. A mixin of ``gui.rooms.page.RoomsPage`` (it uses the page's ``ctx``, ``view`` and
``header_actions``); the page calls ``_build_output_actions`` once and
``_sync_outputs(ready)`` on every refresh.

Both buttons open ``gui.common.output_dialog.OutputDialog``: 일일 명단 출력 with a day
(today first, whatever day the grid shows), the rooms (전체, or one) and an optional 출력
목적; 내보내기 with a month (this month first) and the format (.xlsx, .csv, .ics). Then the
save dialog asks where. The files are written on the worker through ``models.outputs``; the
hint line says what was saved.
"""

from __future__ import annotations

from datetime import date

from gui.common.output_dialog import Items, OutputChoice, OutputDialog, month_text, short_day
from gui.rooms.timeline import ROOM_ORDER

ALL_ROOMS = "전체"


class RoomOutputs:
    output_dialog: OutputDialog | None = None

    def _build_output_actions(self) -> None:
        self.print_btn = self.action_button("print", self.tr("일일 명단 출력"), self.print_clicked)
        self.print_btn.setToolTip(self.tr("날짜와 공간을 골라 예약 명단(PDF, 전화번호 가림)을 저장합니다. 출력은 감사 "
                                          "기록에 남습니다."))
        self.export_btn = self.action_button("export", self.tr("내보내기"), self.export_clicked)
        self.export_btn.setToolTip(self.tr("달을 골라 그 달의 예약을 .xlsx, .csv 또는 .ics로 저장합니다."))
        for w in (self.print_btn, self.export_btn):
            self.header_actions.addWidget(w)

    def _sync_outputs(self, ready: bool) -> None:
        for w in (self.print_btn, self.export_btn):
            w.setEnabled(ready)

    def _sheet_rooms(self) -> list[tuple[int, str]]:
        """The rooms of the day view the page holds (none before the first load)."""
        view = getattr(self, "view", None)
        rooms = sorted(view.rooms, key=lambda r: (ROOM_ORDER.get(r.kind, 9), r.name)) if view is not None else []
        return [(r.id, r.name) for r in rooms]

    def _open_output(self, dialog: OutputDialog) -> OutputDialog:
        self.clear_error()
        self.output_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "output_dialog", None))
        dialog.open()
        return dialog

    # -- day sheet ----------------------------------------------------------------------
    def print_clicked(self) -> OutputDialog:
        """Open the day-sheet dialog: today, all rooms."""
        dialog = OutputDialog(
            self.tr("스터디룸·회의실 일일 명단 출력"),
            describe=lambda c: self.tr("{0} {1} 일일 명단 (PDF, 전화번호 가림)").format(
                short_day(c.day), self._rooms_text(c)),
            on_save=self._save_sheet, day=self.ctx.services.rooms.today(),
            items=Items(self.tr("공간"), self._sheet_rooms(), None, self.tr(ALL_ROOMS)), purpose=True, parent=self)
        return self._open_output(dialog)

    def _rooms_text(self, choice: OutputChoice) -> str:
        return self.tr("전체 공간") if choice.item_id is None else choice.item_name

    def _save_sheet(self, choice: OutputChoice) -> bool:
        what = self._rooms_text(choice)
        path = self.ask_save_path(
            self.tr("{0} {1} 일일 명단 저장").format(what, short_day(choice.day)),
            f"예약_명단_{what.replace(' ', '')}_{choice.day:%Y%m%d}.pdf", [("PDF", "pdf")],
            parent=self.output_dialog)
        if not path:
            return False
        self.print_sheet(path, choice.item_id, choice.day, purpose=choice.purpose or None, what=what)
        return True

    def print_sheet(self, path: str, room_id: int | None, day: date, purpose: str | None = None,
                    what: str | None = None) -> None:
        """Write the day sheet of the rooms (``room_id`` None: all of them) for ``day`` to
        ``path`` (PDF) on the worker; the output is recorded once the PDF is written."""
        from models.outputs.day_sheet import print_room_day_sheet
        services, actor, fid = self.ctx.services, self.ctx.actor, self.ctx.facility_id
        if what is None:
            what = self.tr("전체 공간") if room_id is None else dict(self._sheet_rooms()).get(room_id, "")
        what = what.replace("{", "{{").replace("}", "}}")  # the text is formatted once more
        self.export_on_worker(
            lambda: print_room_day_sheet(services, actor, fid, day, path, room_id=room_id, purpose=purpose),
            self.tr("✓ {0} {1} 일일 명단(예약 {{count}}건)을 저장했습니다: {{path}}").format(short_day(day), what))

    # -- export -------------------------------------------------------------------------
    def export_clicked(self) -> OutputDialog:
        """Open the export dialog: this month, Excel first."""
        dialog = OutputDialog(
            self.tr("예약 내보내기"),
            describe=lambda c: self.tr("{0} 스터디룸·회의실 예약 전체 ({1})").format(
                month_text(c.year, c.month), f"{c.format[0]} .{c.format[1]}"),
            on_save=self._save_export, month=self.ctx.services.rooms.today(),
            formats=self._export_formats(), parent=self)
        return self._open_output(dialog)

    def _export_formats(self) -> list[tuple[str, str]]:
        return [("Excel", "xlsx"), ("CSV", "csv"), (self.tr("캘린더 iCalendar"), "ics")]

    def _save_export(self, choice: OutputChoice) -> bool:
        fac = self.ctx.facility
        label, ext = choice.format
        # the chosen format first; a name typed with another one's extension keeps it
        formats = [choice.format] + [f for f in self._export_formats() if f != choice.format]
        path = self.ask_save_path(
            self.tr("{0} 예약 내보내기").format(month_text(choice.year, choice.month)),
            f"예약_{fac.code if fac else ''}_{choice.year}-{choice.month:02d}.{ext}", formats,
            parent=self.output_dialog)
        if not path:
            return False
        self.export_month(path, choice.year, choice.month)
        return True

    def export_month(self, path: str, year: int, month: int) -> None:
        """Write the month's bookings to ``path`` (.ics/.csv/.xlsx) on the worker."""
        from models.outputs.exports import export_room_bookings
        services, actor, fid = self.ctx.services, self.ctx.actor, self.ctx.facility_id
        self.export_on_worker(
            lambda: export_room_bookings(services, actor, fid, year, month, path),
            self.tr("✓ {0} 예약 {{count}}건을 저장했습니다: {{path}}").format(month_text(year, month)))
