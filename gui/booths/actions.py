"""What the booth page does: which actions the selected slot allows, the dialogs, the
one-click actions.

A mixin of ``gui.booths.page.BoothsPage`` (it uses the page's ``ctx``,
``selected`` slot, ``booking``, ``rows``, ``day`` and ``booths``), kept apart so each
module stays readable, like ``bookings_actions`` for rooms. Dialog openers return the
dialog so tests can fill it (None until the page's first load has brought what they need);
they read nothing themselves but get what the page holds (``BoothHeld``: the desk setup,
the booths, the weekly limit). The dialogs announce ``ctx.notify(Topic.BOOTH)`` themselves,
once, and the page then shows the slot that changed; the one-click actions announce it in
``_write``. The panels' dialogs (publish, result, consultation request) come from
``gui.booths.dialogs.panels_dialogs``; the day sheet and the month export are
``gui.booths.outputs``.
"""

from __future__ import annotations

from gui.context import Topic
from models.booths.schemas import SlotRow
from models.desk.actions import CHECK_IN_MESSAGE
from models.desk.enums import BookingStatus


class BoothActions:
    # -- what the selected slot allows ----------------------------------------------------
    def _slot_note(self, s: SlotRow) -> str:
        if s.display == "blocked":
            return s.block_reason or ""
        now = self.now()
        if s.ends_at <= now:
            return self.tr("지난 회차입니다.")
        if not self.can_edit:
            return self.tr("예약은 안내데스크와 시설 관리자가 합니다.")
        if s.starts_at <= now:
            return self.tr("이미 시작한 회차입니다. 창구에 온 청년을 ‘현장 배정’으로 넣을 수 있습니다.")
        return self.tr("예약할 수 있는 회차입니다.")

    def _enable_actions(self, s: SlotRow) -> None:
        d, now, edit = self.detail, self.now(), self.can_edit
        started, ended = s.starts_at <= now, s.ends_at <= now
        today = s.starts_at.date() == now.date()
        free, booked = s.display == "free", s.display == "booked"
        d.book_btn.setVisible(edit and free and not started)
        d.walk_in_btn.setVisible(edit and (free or s.display == "no_show") and today and not ended)
        d.block_btn.setVisible(edit and free and not ended)
        d.unblock_btn.setVisible(edit and s.display == "blocked" and not ended)
        window = s.check_in_open  # decided by the service when the week was read
        d.check_in_btn.setVisible(edit and booked)
        d.check_in_btn.setEnabled(window)
        d.check_in_btn.setToolTip("" if window else self.tr(CHECK_IN_MESSAGE))
        d.no_show_btn.setVisible(edit and s.no_show_candidate)
        d.cancel_btn.setVisible(edit and booked and not ended)
        attended = s.display == "attended"
        # the service's decision for this user, on the booking read for the panel
        b = self.booking if self.booking is not None and self.booking.id == s.booking_id else None
        undo = edit and b is not None and b.undo_until is not None
        d.undo_btn.setVisible(undo)
        if undo:
            d.undo_btn.setText(self.tr("입실 취소") if b.status == BookingStatus.CHECKED_IN
                               else self.tr("노쇼 취소"))
            d.undo_btn.setToolTip(self.tr("처리한 날 자정 전까지 되돌릴 수 있습니다 (처리한 직원 또는 시설 관리자)."))
        d.result_btn.setVisible(edit and attended)
        d.consult_btn.setVisible(edit and attended)
        requested = bool(self.booking and self.booking.consult_requested)
        d.consult_btn.setEnabled(not requested)
        d.consult_btn.setToolTip(self.tr("이미 요청했습니다.") if requested else "")

    # -- dialogs ------------------------------------------------------------------------
    def _open(self, dialog, signal, on_saved=None):
        self.clear_error()
        self.dialog = dialog
        if on_saved is not None:
            signal.connect(on_saved)
        dialog.open()
        return dialog

    def _keep(self, slot_id: int | None):
        """After a dialog saved: show ``slot_id`` once the page has reloaded."""
        return lambda *_args: setattr(self, "_select_next", slot_id)

    def open_booking(self, walk_in: bool = False):
        """The booking dialog for the selected slot (a walk-in when ``walk_in``)."""
        from gui.booths.dialogs.booth_booking_dialog import BoothBookingDialog
        s, held = self.selected, self.held
        if s is None or held is None or not self.can_edit:
            return None
        d = BoothBookingDialog(self.ctx, s, setup=held.setup, weekly_limit=held.weekly_limit,
                               walk_in=walk_in, parent=self)
        return self._open(d, d.saved, self._keep(s.id))

    def open_cancel(self):
        from gui.booths.dialogs.slot_dialogs import BoothCancelDialog
        if self.booking is None or self.held is None:
            return None
        d = BoothCancelDialog(self.ctx, self.booking, rules=self.held.setup.rules, parent=self)
        return self._open(d, d.done, self._keep(self.selected.id))

    def open_block(self):
        from gui.booths.dialogs.slot_dialogs import SlotBlockDialog
        if self.selected is None:
            return None
        d = SlotBlockDialog(self.ctx, self.selected, parent=self)
        return self._open(d, d.done, self._keep(self.selected.id))

    def open_extra(self):
        from gui.booths.dialogs.slot_dialogs import ExtraSlotDialog, after_last
        if self.held is None:
            return None
        booths = list(self.held.booths)
        room_id = self.selected.room_id if self.selected else (booths[0][0] if booths else None)
        start, end = after_last(self.rows, room_id, self.day)
        d = ExtraSlotDialog(self.ctx, booths, room_id=room_id, day=self.day, start=start, end=end,
                            parent=self)
        return self._open(d, d.saved, lambda slot_id: setattr(self, "_select_next", slot_id))

    def open_publish(self):
        from gui.booths.dialogs.publish_dialog import PublishDialog
        if self.held is None:
            return None
        d = PublishDialog(self.ctx, booths=self.held.booths, weekly_limit=self.held.weekly_limit,
                          parent=self)
        return self._open(d, d.saved, self._published)

    def _published(self, report) -> None:
        summary = getattr(report, "summary", "")
        if summary:
            self.hint_label.setText(self.tr("✓ 회차를 공개했습니다: {0}").format(summary))

    def open_result(self):
        from gui.booths.dialogs.panels_dialogs import ResultDialog
        if self.booking is None:
            return None
        d = ResultDialog(self.ctx, self.booking, parent=self)
        return self._open(d, d.saved, self._after_panel_dialog)

    def open_consult(self):
        from gui.booths.dialogs.panels_dialogs import ConsultRequestDialog
        if self.booking is None:
            return None
        d = ConsultRequestDialog(self.ctx, self.booking, parent=self)
        return self._open(d, d.saved, self._after_panel_dialog)

    def _after_panel_dialog(self, *_args) -> None:
        # the dialog announces ctx.notify(Topic.BOOTH) itself; keep the session on show
        self._select_next = self.selected.id if self.selected else None

    # -- one-click actions --------------------------------------------------------------
    def _write(self, fn, slot_id: int | None, *, then=None, on_failed=None) -> None:
        """Run a one-click write; on success announce it (the page reloads and shows
        ``slot_id``) and call ``then()``; a refusal shows in the banner, ``on_failed()`` runs."""
        self.clear_error()

        def done(_result):
            self._select_next = slot_id
            self.ctx.notify(Topic.BOOTH)
            if then is not None:
                then()

        def failed(exc):
            self.show_error(exc)  # e.g. another desk got there first: show what is true now
            if on_failed is not None:
                on_failed()
            self._select_next = slot_id
            self.refresh()

        self.ctx.run(fn, done, failed)

    def check_in_selected(self) -> None:
        s = self.selected
        if s is not None and s.booking_id:
            svc, actor, bid = self.ctx.services.booths, self.ctx.actor, s.booking_id
            who, fid = s.youth_masked or "", self.ctx.facility_id
            self._write(lambda: svc.check_in(actor, bid), s.id,
                        then=lambda: self._offer_undo(fid, self.tr("{0} 입실 처리했습니다").format(who),
                                                      lambda: self.undo_check_in(bid)))

    def mark_no_show(self, booking_id: int | None = None) -> None:
        """Confirm a no-show with one click (the selected booking, or a candidate's)."""
        if booking_id is None:
            booking_id = self.selected.booking_id if self.selected else None
        if booking_id is None:
            return
        slot = next((s for s in self.rows if s.booking_id == booking_id), None)
        svc, actor, fid = self.ctx.services.booths, self.ctx.actor, self.ctx.facility_id
        who = (slot.youth_masked if slot else None) or self.tr("예약")
        self._write(lambda: svc.mark_no_show(actor, booking_id), slot.id if slot else None,
                    then=lambda: self._offer_undo(fid, self.tr("{0} 노쇼 확정했습니다").format(who),
                                                  lambda: self.undo_no_show(booking_id)))

    def _offer_undo(self, facility_id: int | None, text: str, undo) -> None:
        """Offer the undo, unless the desk switched facility while the write ran."""
        if self.ctx.facility_id == facility_id:
            self.undo_bar.offer(text, undo)

    # -- undo, the same day -------------------------------------------------------------
    def undo_selected(self) -> None:
        """The detail panel's 입실 취소 / 노쇼 취소 for the booking on show."""
        b = self.booking
        if b is None:
            return
        if b.status == BookingStatus.CHECKED_IN:
            self.undo_check_in(b.id)
        elif b.status == BookingStatus.NO_SHOW:
            self.undo_no_show(b.id)

    def undo_check_in(self, booking_id: int) -> None:
        svc, actor = self.ctx.services.booths, self.ctx.actor
        self._undo(lambda: svc.undo_check_in(actor, booking_id), booking_id, self.tr("입실을 취소했습니다"))

    def undo_no_show(self, booking_id: int) -> None:
        svc, actor = self.ctx.services.booths, self.ctx.actor
        self._undo(lambda: svc.undo_no_show(actor, booking_id), booking_id, self.tr("노쇼를 취소했습니다"))

    def _undo(self, fn, booking_id: int, what: str) -> None:
        slot = next((s for s in self.rows if s.booking_id == booking_id), None)
        who = (slot.youth_masked if slot else None) or self.tr("예약")
        self._write(fn, slot.id if slot else None,
                    then=lambda: self.undo_bar.say(self.tr("↩ {0} {1}").format(who, what)),
                    on_failed=self.undo_bar.dismiss)

    def unblock_selected(self) -> None:
        s = self.selected
        if s is None:
            return
        svc, actor = self.ctx.services.booth_slots, self.ctx.actor
        self._write(lambda: svc.unblock(actor, s.id), s.id)
