"""The importer's errors: Korean messages that name no value of the file."""

from __future__ import annotations

from models.core.errors import DomainError


class ImportFileError(DomainError):
    """The file cannot be read as a table: broken, empty, an unknown encoding, too big.
    Nothing was written."""


class MissingColumns(DomainError):
    """Required fields have no column. ``labels`` names them (the target's Korean labels)."""

    def __init__(self, labels: list[str]):
        super().__init__("필수 열이 없습니다: " + ", ".join(labels)
                         + ". 파일의 첫 줄(열 이름)을 확인하거나 열을 직접 지정하세요.")
        self.labels = labels


class RowsRejected(DomainError):
    """The commit was refused because rows have errors: nothing was written."""

    def __init__(self, count: int):
        super().__init__(f"오류가 있는 행이 {count:,}개 있어 아무것도 가져오지 않았습니다. "
                         "파일을 고친 뒤 다시 가져오세요.")
        self.count = count


class ImportCancelled(DomainError):
    def __init__(self):
        super().__init__("가져오기를 취소했습니다. 아무것도 저장하지 않았습니다.")
