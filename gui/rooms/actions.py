"""What the bookings page does with the dialogs, and the one-click actions
(the export is ``gui.rooms.outputs``). 입실 and 노쇼 확정 are offered back at once in the
page's undo bar, and 입실 취소 / 노쇼 취소 stay in the panel for the rest of the day.

A mixin of ``gui.rooms.page.RoomsPage`` (it uses the page's ``ctx``, ``span``,
``selected``, ``view`` and ``slot()``), kept apart so each module stays readable. Dialog
openers return the dialog so tests can fill it; the dialogs announce
``ctx.notify(Topic.BOOKING)`` themselves, and the page then selects what was saved.
"""

from __future__ import annotations

from gui.common import confirm
from gui.context import Topic
from models.desk.enums import BookingStatus


class RoomActions:
    # -- dialogs ------------------------------------------------------------------------
    def _open(self, dialog, signal, on_saved=None):
        self.clear_error()
        self.dialog = dialog
        if on_saved is not None:
            signal.connect(on_saved)
        dialog.open()
        return dialog

    def _held(self) -> dict:
        """What the page already holds and the dialogs need: the desk setup (rules, hours,
        closure days) and the bookable rooms of the day view."""
        return {"setup": self.view.setup, "rooms": self.view.rooms}

    def _saved_booking(self, booking_id: int) -> None:
        self.span = None
        self._select_next = booking_id

    def open_booking(self, walk_in: bool = False):
        """Open the booking dialog for the selected span (or a default slot) and return it."""
        from gui.rooms.dialogs.booking_dialog import BookingDialog
        slot = self.slot()
        if slot is None:
            return None
        room_id, day, start, end = slot
        d = BookingDialog(self.ctx, room_id=room_id, day=day, start=start, end=end,
                          walk_in=walk_in, parent=self, **self._held())
        return self._open(d, d.saved, self._saved_booking)

    def open_series(self):
        from gui.rooms.dialogs.series_dialogs import SeriesDialog
        slot = self.slot()
        if slot is None:
            return None
        room_id, day, start, end = slot
        d = SeriesDialog(self.ctx, room_id=room_id, day=day, start=start, end=end, parent=self,
                         **self._held())
        return self._open(d, d.saved, lambda result: self._saved_booking(
            result.created[0] if result.created else None))

    def open_waitlist(self):
        """Wait for the selected booking's time (it is taken), or for the selected span."""
        from gui.rooms.dialogs.waitlist_dialog import WaitlistDialog
        b = self.selected
        if b is not None:
            slot = (b.room_id, b.starts_at.date(), b.starts_at.time(), b.ends_at.time())
        else:
            slot = self.slot()
        if slot is None:
            return None
        room_id, day, start, end = slot
        d = WaitlistDialog(self.ctx, room_id=room_id, day=day, start=start, end=end, parent=self,
                           **self._held())
        return self._open(d, d.saved, lambda _id: setattr(self, "span", None))

    def open_cancel(self, series: bool = False):
        from gui.rooms.dialogs.cancel_dialog import CancelDialog
        b = self.selected
        if b is None:
            return None
        d = CancelDialog(self.ctx, b, rules=self.view.setup.rules, series=series, parent=self)
        return self._open(d, d.done, lambda _r: setattr(self, "_select_next", b.id))

    def open_series_change(self):
        from gui.rooms.dialogs.series_dialogs import SeriesChangeDialog
        b = self.selected
        if b is None or b.series_id is None:
            return None
        d = SeriesChangeDialog(self.ctx, b, parent=self, **self._held())
        return self._open(d, d.done, lambda _r: setattr(self, "_select_next", b.id))

    def open_rules(self):
        from gui.rooms.dialogs.rules_dialog import RulesDialog
        d = RulesDialog(self.ctx, parent=self, rules=self.view.setup.rules if self.view else None)
        # it announces its own changes
        return self._open(d, d.saved)

    # -- one-click actions --------------------------------------------------------------
    def _write(self, fn, select_id: int | None = None, *, then=None, then_result=None,
               on_failed=None) -> None:
        """Run a one-click write; on success announce it (the page reloads and selects
        ``select_id``, or the id the write returned) and call ``then()`` /
        ``then_result(result)``; a refusal shows in the banner and ``on_failed()`` runs."""
        self.clear_error()

        def done(result):
            self._select_next = select_id if select_id is not None else (
                result if isinstance(result, int) else None)
            self.ctx.notify(Topic.BOOKING)
            if then is not None:
                then()
            if then_result is not None:
                then_result(result)

        def failed(exc):
            self.show_error(exc)  # e.g. another desk got there first: show what is true now
            if on_failed is not None:
                on_failed()
            self.refresh()

        self.ctx.run(fn, done, failed)

    def check_in_selected(self) -> None:
        """Check in the selected booking. The write returns the changed row, which the page
        shows at once; the other pages hear of it, and this one reads nothing again."""
        b = self.selected
        if b is None:
            return
        svc, actor, fid = self.ctx.services.rooms, self.ctx.actor, self.ctx.facility_id
        self.clear_error()

        def done(row) -> None:
            self.apply_row(row)
            self.ctx.notify(Topic.BOOKING, origin=self)
            self._offer_undo(fid, self.tr("{0} 입실 처리했습니다").format(row.youth_masked),
                             lambda: self.undo_check_in(row.id))

        def failed(exc) -> None:
            self.show_error(exc)
            self.refresh()

        self.ctx.run(lambda: svc.check_in(actor, b.id), done, failed)

    def _masked(self, booking_id: int) -> str:
        row = next((b for b in self._rows() if b.id == booking_id), None)
        return row.youth_masked if row else self.tr("예약")

    def mark_no_show(self, booking_id: int) -> None:
        svc, actor, fid = self.ctx.services.rooms, self.ctx.actor, self.ctx.facility_id
        who = self._masked(booking_id)
        self._write(lambda: svc.mark_no_show(actor, booking_id), booking_id,
                    then=lambda: self._offer_undo(fid, self.tr("{0} 노쇼 확정했습니다").format(who),
                                                  lambda: self.undo_no_show(booking_id)))

    def _offer_undo(self, facility_id: int | None, text: str, undo) -> None:
        """Offer the undo, unless the desk switched facility while the write ran."""
        if self.ctx.facility_id == facility_id:
            self.undo_bar.offer(text, undo)

    # -- undo, the same day -------------------------------------------------------------
    def undo_selected(self) -> None:
        """The panel's 입실 취소 / 노쇼 취소 for the selected booking."""
        b = self.selected
        if b is None:
            return
        if b.status == BookingStatus.CHECKED_IN:
            self.undo_check_in(b.id)
        elif b.status == BookingStatus.NO_SHOW:
            self.undo_no_show(b.id)

    def undo_check_in(self, booking_id: int) -> None:
        svc, actor = self.ctx.services.rooms, self.ctx.actor
        self._undo(lambda: svc.undo_check_in(actor, booking_id), booking_id, self.tr("입실을 취소했습니다"))

    def undo_no_show(self, booking_id: int) -> None:
        svc, actor = self.ctx.services.rooms, self.ctx.actor
        self._undo(lambda: svc.undo_no_show(actor, booking_id), booking_id, self.tr("노쇼를 취소했습니다"))

    def _undo(self, fn, booking_id: int, what: str) -> None:
        """Run an undo; the bar says what it did, a refusal goes to the banner (nothing
        was written) and the page shows what is true now."""
        def said(row) -> None:
            self.undo_bar.say(self.tr("↩ {0} {1}").format(row.youth_masked, what))

        def refused() -> None:
            self.undo_bar.dismiss()

        self._write(fn, booking_id, then_result=said, on_failed=refused)

    def accept_offer(self, entry_id: int) -> None:
        """Book the offered time for the waiting youth (the desk has confirmed who it is)."""
        svc, actor = self.ctx.services.room_waitlist, self.ctx.actor
        self._write(lambda: svc.accept(actor, entry_id, identity_confirmed=True))

    def decline_offer(self, entry_id: int) -> None:
        offer = next((w for w in self.view.offers if w.id == entry_id), None) if self.view else None
        who = offer.youth_masked if offer else ""
        if not confirm.ask(self, self.tr("다음 대기자"), self.tr(
                "{0} 님의 대기를 끝내고 다음 대기자에게 제안할까요?").format(who), self.tr("다음 대기자에게")):
            return
        svc, actor = self.ctx.services.room_waitlist, self.ctx.actor
        self._write(lambda: svc.decline(actor, entry_id))
