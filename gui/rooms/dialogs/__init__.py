"""Dialogs of the room-booking screen (issue 3).

- ``BookingDialog``: book a room (or a walk-in), with rule overrides for managers;
- ``SeriesDialog`` / ``SeriesChangeDialog``: weekly series, checked before saving; change
  from one occurrence onward;
- ``CancelDialog``: cancel one booking (who and why) or a series from one occurrence on;
- ``WaitlistDialog``: wait for a full room and time;
- ``RulesDialog``: the facility's booking rules, closure days and public holidays.

Each writes through the worker (``ctx.run``), shows errors in the dialog, and on success
emits its signal and ``ctx.notify(Topic.BOOKING)``. Open them with ``.open()``.
"""

from gui.rooms.dialogs.booking_dialog import BookingDialog
from gui.rooms.dialogs.cancel_dialog import CancelDialog
from gui.rooms.dialogs.rules_dialog import RulesDialog
from gui.rooms.dialogs.series_dialogs import SeriesChangeDialog, SeriesDialog
from gui.rooms.dialogs.waitlist_dialog import WaitlistDialog

__all__ = ["BookingDialog", "CancelDialog", "RulesDialog", "SeriesChangeDialog", "SeriesDialog",
           "WaitlistDialog"]
