"""What the bookings page exports: the month's bookings. A mixin of
``gui.rooms.page.RoomsPage`` (it uses the page's ``ctx``, ``day`` and ``header_actions``);
the page calls ``_build_output_actions`` once and ``_sync_outputs(ready)`` on every refresh.
"""

from __future__ import annotations


class RoomOutputs:
    def _build_output_actions(self) -> None:
        self.export_btn = self.action_button("export", self.tr("내보내기"), self.export_clicked)
        self.header_actions.addWidget(self.export_btn)

    def _sync_outputs(self, ready: bool) -> None:
        self.export_btn.setEnabled(ready)

    # -- export -------------------------------------------------------------------------
    def export_clicked(self) -> None:
        fac = self.ctx.facility
        path = self.ask_save_path(
            self.tr("{0}년 {1}월 예약 내보내기").format(self.day.year, self.day.month),
            f"예약_{fac.code if fac else ''}_{self.day:%Y-%m}.xlsx",
            [("Excel", "xlsx"), ("CSV", "csv"), (self.tr("캘린더 iCalendar"), "ics")])
        if path:
            self.export_month(path, self.day.year, self.day.month)

    def export_month(self, path: str, year: int, month: int) -> None:
        """Write the month's bookings to ``path`` (.ics/.csv/.xlsx) on the worker."""
        from models.outputs.exports import export_room_bookings
        services, actor, fid = self.ctx.services, self.ctx.actor, self.ctx.facility_id
        self.export_on_worker(
            lambda: export_room_bookings(services, actor, fid, year, month, path),
            self.tr("✓ {0}년 {1}월 예약 {{count}}건을 저장했습니다: {{path}}").format(year, month))
