"""Dialogs of the AI-interview booth screen (issue 4).

- ``BoothBookingDialog``: book a slot for a youth, or a walk-in on a freed slot, with
  the room dialog's rule override for managers (``booth_booking_dialog``);
- ``BoothCancelDialog``, ``SlotBlockDialog``, ``ExtraSlotDialog``: cancel with who and
  why, block a slot with a reason, add an extra slot (``slot_dialogs``);
- ``PublishDialog``, ``ResultDialog``, ``ConsultRequestDialog`` live in
  ``panels_dialogs`` (publishing, the session result, the consultation request).

Each writes through the worker (``ctx.run``), shows errors in the dialog, and on success
emits its signal and ``ctx.notify(Topic.BOOTH)``. Open them with ``.open()``.
"""

from gui.booths.dialogs.booth_booking_dialog import BoothBookingDialog
from gui.booths.dialogs.slot_dialogs import BoothCancelDialog, ExtraSlotDialog, SlotBlockDialog

__all__ = ["BoothBookingDialog", "BoothCancelDialog", "ExtraSlotDialog", "SlotBlockDialog"]
