"""Domain errors.

Every message is Korean and safe to show to the user: no personal data, no SQL, no
parameters. The GUI shows ``ValidationError`` messages next to the named fields.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class of all errors a user may see."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Bad input. ``errors`` maps a field name to its Korean message."""

    def __init__(self, errors: dict[str, str] | str, message: str | None = None):
        if isinstance(errors, str):
            errors = {"__all__": errors}
        self.errors: dict[str, str] = dict(errors)
        first = message or next(iter(self.errors.values()), "입력값을 확인하세요.")
        super().__init__(first)

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls({field: message})


class PermissionDenied(DomainError):
    def __init__(self, message: str = "이 작업을 할 권한이 없습니다."):
        super().__init__(message)


class AccessChanged(PermissionDenied):
    """The account behind a logged-in actor changed since the actor was built: it was
    deactivated, or a role was granted or revoked (from another desk, mid-session). Nothing
    was done. The GUI reads the account again: it logs a user whose access ended out, and
    opens the pages of the new roles for the others (``ended`` says which one it was, when
    the service could tell)."""

    DEACTIVATED = "계정이 비활성화되어 작업하지 않았습니다. 시 담당자에게 문의하세요."
    CHANGED = "다른 곳에서 이 계정의 권한이 바뀌어 작업하지 않았습니다. 화면을 새 권한으로 다시 엽니다."

    def __init__(self, ended: bool):
        super().__init__(self.DEACTIVATED if ended else self.CHANGED)
        self.ended = ended


class NotFound(DomainError):
    def __init__(self, message: str = "찾는 항목이 없습니다."):
        super().__init__(message)


class Conflict(DomainError):
    """The action clashes with existing data (duplicate code, overlapping booking, ...)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class AuthError(DomainError):
    """Login failed, the account is locked or deactivated."""


class DuplicateYouth(DomainError):
    """A youth with the same name and birth date, or the same phone, exists.

    ``candidates`` holds masked summaries (YouthRow) so the GUI can offer the record.
    """

    def __init__(self, candidates: list):
        super().__init__("이미 등록된 청년과 같은 이름·생년월일 또는 전화번호입니다.")
        self.candidates = candidates


class StorageError(DomainError):
    """A known environment problem with the database file or server."""

    LOCKED = "locked"
    READ_ONLY = "read_only"
    CORRUPT = "corrupt"
    DISK_FULL = "disk_full"
    CANNOT_OPEN = "cannot_open"
    MISSING_DIR = "missing_dir"
    FOREIGN = "foreign"  # an SQLite file of another program, refused untouched
    TOO_NEW = "too_new"
    UNAVAILABLE = "unavailable"

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class RuleViolation(DomainError):
    """A booking rule of the facility forbids the action. ``rule`` names it; a manager may
    override it with a written reason."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


VERSION_CONFLICT = ("다른 곳에서 먼저 이 기록을 바꿨습니다. 입력한 내용은 저장하지 않았습니다. "
                    "새로 고쳐 바뀐 내용을 확인한 뒤 다시 하세요.")


def check_version(row, version, message: str = VERSION_CONFLICT) -> None:
    """Optimistic locking: ``version`` (what the caller read) must be an int equal to the
    row's ``version``; else ``Conflict(message)``, and the caller writes nothing."""
    if not isinstance(version, int) or isinstance(version, bool) or version != row.version:
        raise Conflict(message)
