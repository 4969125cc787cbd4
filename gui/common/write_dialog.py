"""A dialog whose OK runs one write on the worker, shared by the 상담 and 기업 pages'
dialogs.

Mixed in before ``QDialog``; the dialog has ``ctx``, ``form`` (a ``gui.common.form.Form``),
``ok`` (its OK button) and a ``done_ok`` signal. ``work()`` checks the input — a
``ValidationError`` is shown at its fields and nothing runs — and returns the callable to
run. On success the dialog announces ``topics``, emits ``done_ok`` with the result and
closes; a refusal goes to ``show_failure`` (at its field, or at the top of the form).
"""

from __future__ import annotations

from models.core.errors import DomainError, ValidationError


class SubmitsWork:
    topics: tuple = ()  # what a write of this dialog changes (gui.context.Topic)

    def work(self):
        raise NotImplementedError

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return  # the write before is still running
        self.form.clear_errors()
        try:
            work = self.work()
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        self.ok.setEnabled(False)
        self.ctx.run(work, self._done, self._failed)

    def _done(self, result) -> None:
        self.ok.setEnabled(True)
        self.ctx.notify(*self.topics)
        self.done_ok.emit(result)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.ok.setEnabled(True)
        self.show_failure(exc)

    def show_failure(self, exc: DomainError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)
