"""가져오기: the import dialog of the shared importer (models/imports), for any target
(청년 명부, 구인기업, later course applicants).

1. **파일 선택**: an .xlsx or .csv; its kind, detected encoding and row count are shown (the
   encoding can be forced). Reading happens on the read pool.
2. **열 지정**: one combo per field, filled by the headers' Korean and English names and by
   the mapping this user last imported with (remembered per user and target in QSettings);
   required fields without a column are marked.
3. **미리 보기**: every row with its state (신규, 중복, 오류), what will happen to it, the
   first mapped cells (phone and e-mail masked), the registered record it duplicates and
   its errors in Korean. A duplicate is skipped unless the user chooses 병합 for it.
   Validation and the duplicate lookup run on the read pool, again after each change of
   the mapping.
4. **가져오기**: on the write lane, with a progress bar and 취소 (the transaction is rolled
   back: nothing written), ending with the report. While a row has an error nothing can
   be imported.

Nothing is written before 가져오기, so closing the dialog at any point writes nothing.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from gui.common.icons import icon
from gui.common.page import KOREAN
from gui.context import Topic, settings
from gui.imports.preview_model import PreviewModel
from models.core.errors import DomainError
from models.imports import engine, mapping, reading
from models.imports.targets import target as make_target

MAPPING_KEY = "imports/{target}/mapping/{user}"
FOLDER_KEY = "imports/last_folder/{user}"
OPEN_LABELS = ((QFileDialog.LookIn, "위치:"), (QFileDialog.FileName, "파일 이름:"),
               (QFileDialog.FileType, "파일 형식:"), (QFileDialog.Accept, "열기"), (QFileDialog.Reject, "취소"))
ENCODING_CHOICES = [("자동 감지", None), ("UTF-8", "utf-8"), ("CP949 (EUC-KR)", "cp949"), ("UTF-16", "utf-16")]
FILTERS = [("전체 행", None), ("오류만", "error"), ("중복만", "dup")]
TOPICS = {"youth": Topic.YOUTH, "companies": Topic.COMPANIES}
NONE = "(가져오지 않음)"


class _Progress(QObject):
    """Progress from the write lane: emitted there, delivered on the GUI thread."""

    moved = Signal(int, int)


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport

    def __init__(self, ctx, target_key: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.target = make_target(target_key)
        self.facility_id = ctx.facility_id
        self.table: reading.SourceTable | None = None
        self.preview: engine.Preview | None = None
        self.actions: dict[int, engine.Action] = {}
        self.report: engine.ImportReport | None = None
        self.committing = False
        self._close_when_done = False
        self._cancel = threading.Event()
        self._gen = 0  # a newer read or preview makes an older result stale
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        self.setWindowTitle(self.tr("가져오기 · {0}").format(self.target.label))
        self.setMinimumSize(900, 560)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:  # most of a 1366×768 screen; no wider than the table needs
            self.resize(min(1400, int(screen.width() * 0.92)), min(860, int(screen.height() * 0.92)))
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_preview)
        self._set_state()

    # -- building -------------------------------------------------------------------
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.setSpacing(10)
        intro = QLabel(self.tr("엑셀(.xlsx) 또는 CSV 파일의 첫 줄은 열 이름, 그 아래는 한 줄에 한 건입니다. "
                               "CSV는 UTF-8, UTF-8(BOM), CP949(EUC-KR)를 알아서 읽습니다. "
                               "‘가져오기’를 누르기 전에는 아무것도 저장하지 않습니다."))
        intro.setObjectName("pageHint")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        row = QHBoxLayout()
        self.choose_btn = QPushButton(icon("case_open"), self.tr("파일 선택…"))
        self.choose_btn.clicked.connect(self.choose_file)
        row.addWidget(self.choose_btn)
        self.file_label = QLabel(self.tr("선택한 파일이 없습니다."))
        self.file_label.setMinimumWidth(200)
        row.addWidget(self.file_label, 1)
        row.addWidget(QLabel(self.tr("인코딩")))
        self.encoding = QComboBox()
        for label, code in ENCODING_CHOICES:
            self.encoding.addItem(label, code)
        self.encoding.setToolTip(self.tr("CSV 파일의 글자 인코딩. 보통은 ‘자동 감지’로 둡니다."))
        self.encoding.currentIndexChanged.connect(lambda _i: self.path and self.open_file(self.path))
        row.addWidget(self.encoding)
        lay.addLayout(row)
        self.mapping_box = QGroupBox(self.tr("열 지정 (* 필수)"))
        grid = QGridLayout(self.mapping_box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.combos: dict[str, QComboBox] = {}
        per_row = 4
        for n, f in enumerate(self.target.fields):
            label = QLabel(f.label + (" *" if f.required else ""))
            combo = QComboBox()
            combo.setMinimumWidth(130)
            combo.setToolTip(f.hint or f.label)
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.combos[f.key] = combo
            grid.addWidget(label, n // per_row, (n % per_row) * 2)
            grid.addWidget(combo, n // per_row, (n % per_row) * 2 + 1)
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)
        lay.addWidget(self.mapping_box)
        self.mapping_note = QLabel()
        self.mapping_note.setObjectName("pageHint")
        self.mapping_note.setWordWrap(True)
        lay.addWidget(self.mapping_note)
        bar = QHBoxLayout()
        self.summary = QLabel()
        bar.addWidget(self.summary, 1)
        self.filter = QComboBox()
        for label, key in FILTERS:
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        bar.addWidget(self.filter)
        self.skip_btn = QPushButton(self.tr("건너뛰기"))
        self.skip_btn.setToolTip(self.tr("선택한 중복 행을 가져오지 않습니다."))
        self.skip_btn.clicked.connect(lambda: self.set_selected(engine.Action.SKIP))
        self.merge_btn = QPushButton(icon("duplicate"), self.tr("병합"))
        self.merge_btn.setToolTip(self.tr("선택한 중복 행의 값으로 등록된 기록을 고칩니다(빈 칸은 그대로 둡니다)."))
        self.merge_btn.clicked.connect(lambda: self.set_selected(engine.Action.MERGE))
        bar.addWidget(self.skip_btn)
        bar.addWidget(self.merge_btn)
        lay.addLayout(bar)
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(28)
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        lay.addWidget(self.view, 1)
        self.row_detail = QLabel()  # the selected row's errors or duplicate, in full
        self.row_detail.setWordWrap(True)
        self.row_detail.setObjectName("pageHint")
        lay.addWidget(self.row_detail)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_btn = QPushButton(icon("save", "white"), self.tr("가져오기"))
        self.import_btn.setProperty("primary", True)
        self.import_btn.clicked.connect(self.start_import)
        self.close_btn = QPushButton(self.tr("취소"))
        self.close_btn.clicked.connect(self.cancel_or_close)
        buttons.addWidget(self.import_btn)
        buttons.addWidget(self.close_btn)
        lay.addLayout(buttons)
        self.path: str | None = None

    # -- the file -------------------------------------------------------------------
    def choose_file(self) -> None:
        """Qt's own open dialog in Korean (as the save dialogs), in the folder this user
        imported from last."""
        dialog = QFileDialog(self, self.tr("가져올 파일"))
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
        dialog.setLocale(KOREAN)
        dialog.setFileMode(QFileDialog.ExistingFile)
        dialog.setNameFilters([self.tr("엑셀 또는 CSV (*.xlsx *.csv *.txt)"), self.tr("모든 파일 (*)")])
        for label, text in OPEN_LABELS:
            dialog.setLabelText(label, self.tr(text))
        folder = settings().value(self._folder_key())
        if not (isinstance(folder, str) and Path(folder).is_dir()):  # never the working folder
            folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or str(Path.home())
        dialog.setDirectory(folder if Path(folder).is_dir() else str(Path.home()))
        try:
            if dialog.exec() != QDialog.Accepted or not dialog.selectedFiles():
                return
            path = dialog.selectedFiles()[0]
        finally:
            dialog.deleteLater()
        settings().setValue(self._folder_key(), str(Path(path).parent))
        self.open_file(path)

    def open_file(self, path: str) -> None:
        """Read ``path`` on the read pool, then map its columns and preview it."""
        self.path = path
        self._gen += 1
        gen, forced = self._gen, self.encoding.currentData()
        self.file_label.setText(self.tr("{0} · 읽는 중…").format(Path(path).name))
        self.table = self.preview = None
        self._show_rows()
        self._set_status("")

        def done(table):
            if gen == self._gen:
                self._file_read(table)

        def failed(exc):
            if gen == self._gen:
                self.file_label.setText(Path(path).name)
                self._set_status(exc.message, error=True)
                self._set_state()

        self.ctx.load(lambda: reading.read_file(path, forced), done, failed)

    def _file_read(self, table: reading.SourceTable) -> None:
        self.table = table
        self.file_label.setText(f"{table.name} · {table.described}")
        self.file_label.setToolTip(self.path or "")
        cols = mapping.auto_map(table.headers, self.target.fields)
        cols = mapping.apply_names(cols, self._remembered(), table.headers, self.target.fields)
        for f in self.target.fields:
            combo = self.combos[f.key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NONE if f.default is None else self.tr("(없음: {0})").format(f.default), -1)
            for i, h in enumerate(table.headers):
                combo.addItem(h, i)
            combo.setCurrentIndex(cols[f.key] + 1 if f.key in cols else 0)
            combo.blockSignals(False)
        self.run_preview()

    # -- mapping --------------------------------------------------------------------
    def _folder_key(self) -> str:
        user = self.ctx.actor.username if self.ctx.actor is not None else "-"
        return FOLDER_KEY.format(user=user)

    def _settings_key(self) -> str:
        user = self.ctx.actor.username if self.ctx.actor is not None else "-"
        return MAPPING_KEY.format(target=self.target.key, user=user)

    def _remembered(self) -> dict[str, str | None]:
        raw = settings().value(self._settings_key())
        try:
            data = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and (v is None or isinstance(v, str))} \
            if isinstance(data, dict) else {}

    def current_mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData() not in (None, -1)}

    def choose_column(self, key: str, header: str | None) -> None:
        """Map field ``key`` to the column named ``header`` (None: no column)."""
        combo = self.combos[key]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    def _mapping_changed(self) -> None:
        if self.table is not None:
            self._timer.start()

    def _remember(self) -> None:
        if self.table is None:
            return
        names: dict[str, str | None] = {f.key: None for f in self.target.fields}
        names.update(mapping.as_names(self.current_mapping(), self.table.headers))
        settings().setValue(self._settings_key(), json.dumps(names, ensure_ascii=False))

    # -- preview --------------------------------------------------------------------
    def run_preview(self) -> None:
        self._timer.stop()
        if self.table is None:
            return
        self._gen += 1
        gen, table, cols = self._gen, self.table, self.current_mapping()
        missing = [f.label for f in self.target.fields if f.required and f.key not in cols and f.default is None]
        self.preview = None
        if missing:
            self.mapping_note.setText(self.tr("필수 열을 지정하세요: {0}").format(", ".join(missing)))
            self.mapping_note.setStyleSheet("color: #b42318;")
            self._show_rows()
            self._set_state()
            return
        self.mapping_note.setStyleSheet("")
        self.mapping_note.setText(self.tr("미리 보는 중…"))
        services, actor, fid, target = self.ctx.services, self.ctx.actor, self.facility_id, self.target

        def done(pv):
            if gen == self._gen:
                self._previewed(pv)

        def failed(exc):
            if gen == self._gen:
                self.mapping_note.setText("")
                self._set_status(exc.message, error=True)
                self._set_state()

        self.ctx.load(lambda: engine.preview(services, actor, fid, target, table, cols), done, failed)

    def _previewed(self, pv: engine.Preview) -> None:
        self.preview = pv
        self.actions = pv.default_actions()
        if getattr(self.target, "merge_by_default", False):  # applicants: a registered youth applies
            self.actions.update({r.index: engine.Action.MERGE for r in pv.duplicates if not r.merge_refusal})
        notes = []
        if pv.defaults:
            notes.append(self.tr("열이 없는 항목은 기본값으로 가져옵니다: {0}").format(", ".join(pv.defaults)))
        self.mapping_note.setText(" ".join(notes))
        self._set_status("")
        self._show_rows()
        self._set_state()

    def _show_rows(self) -> None:
        pv = self.preview
        which = self.filter.currentData()
        rows = [] if pv is None else [r for r in pv.rows if which is None or (which == "error" and r.errors)
                                      or (which == "dup" and r.duplicate)]
        self.model.show_preview(pv, self.actions, rows)
        header = self.view.horizontalHeader()
        if self.model.columns:
            for col, width in zip(range(len(self.model.columns) - 1), (48, 52, 80, 90, 96, 120, 270), strict=False):
                header.resizeSection(col, width)
            header.setSectionResizeMode(QHeaderView.Interactive)
            header.setSectionResizeMode(len(self.model.columns) - 1, QHeaderView.Stretch)
        self._summarise()

    def _summarise(self) -> None:
        pv = self.preview
        if pv is None:
            self.summary.setText("")
            return
        merged = sum(1 for a in self.actions.values() if a is engine.Action.MERGE)
        skipped = sum(1 for a in self.actions.values() if a is engine.Action.SKIP)
        new = sum(1 for a in self.actions.values() if a is engine.Action.NEW)
        self.summary.setText(self.tr("전체 {0}행 · 신규 {1} · 중복 {2}(병합 {3}, 건너뜀 {4}) · 오류 {5}").format(
            f"{len(pv.rows):,}", f"{new:,}", f"{len(pv.duplicates):,}", f"{merged:,}", f"{skipped:,}",
            f"{len(pv.errors):,}"))

    def _selection_changed(self) -> None:
        rows = [r for r in self.selected_rows() if r is not None]
        pv, text = self.preview, ""
        if rows and pv is not None:
            r = rows[0]
            if r.errors:
                text = self.tr("{0}행 오류 — {1}").format(r.line, " · ".join(
                    f"{pv.label_of(k)}: {m}" for k, m in r.errors.items()))
            elif r.matches:
                text = self.tr("{0}행은 등록된 {1}과(와) 같습니다({2}): {3}").format(
                    r.line, self.target.noun, r.matches[0].why, " / ".join(m.summary for m in r.matches))
                if r.merge_refusal:
                    text += " — " + r.merge_refusal
        self.row_detail.setText(text)
        self._set_state()

    def selected_rows(self) -> list:
        return [self.model.row_at(i.row()) for i in self.view.selectionModel().selectedRows()]

    def set_action(self, line: int, action: engine.Action) -> None:
        """Skip or merge the duplicate of spreadsheet row ``line``."""
        row = next(r for r in self.preview.rows if r.line == line)
        if not row.duplicate or (action is engine.Action.MERGE and row.merge_refusal):
            return
        self.actions[row.index] = action
        if row in self.model.rows:
            self.model.action_changed(self.model.rows.index(row))
        self._summarise()

    def set_selected(self, action: engine.Action) -> None:
        refused = [r for r in self.selected_rows() if r.duplicate and action is engine.Action.MERGE and r.merge_refusal]
        for r in self.selected_rows():
            self.set_action(r.line, action)
        if refused:
            self._set_status(self.tr("{0}행: {1}").format(refused[0].line, refused[0].merge_refusal), error=True)

    # -- commit ---------------------------------------------------------------------
    def start_import(self) -> None:
        pv = self.preview
        if pv is None or pv.errors or self.committing:
            return
        self.committing = True
        self._cancel.clear()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._set_status(self.tr("가져오는 중… ‘취소’를 누르면 아무것도 저장하지 않습니다."))
        self._set_state()
        services, actor, actions, cancel = self.ctx.services, self.ctx.actor, dict(self.actions), self._cancel
        moved = self._progress.moved

        def work():
            return engine.commit(services, actor, pv, actions, progress=lambda d, t: moved.emit(d, t),
                                 cancel=cancel)

        self.ctx.run(work, self._done, self._failed)

    def _moved(self, done: int, total: int) -> None:
        if self.committing:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _done(self, report: engine.ImportReport) -> None:
        self.committing = False
        self._close_when_done = False  # written before the cancel reached it: the report shows
        self.report = report
        self.progress.setVisible(False)
        self._remember()
        self._set_status(self.tr("가져오기를 마쳤습니다. {0}: 전체 {1}행 · 신규 {2} · 병합 {3} · 건너뜀 {4} · 오류 {5}").format(
            report.label, f"{report.total:,}", f"{report.new:,}", f"{report.merged:,}", f"{report.skipped:,}",
            f"{report.errors:,}"))
        self.close_btn.setText(self.tr("닫기"))
        self._set_state()
        topic = TOPICS.get(self.target.key)
        if topic is not None:
            self.ctx.notify(topic)
        self.imported.emit(report)

    def _failed(self, exc: DomainError) -> None:
        self.committing = False
        self.progress.setVisible(False)
        self._set_status(exc.message, error=True)
        self._set_state()
        if self._close_when_done:
            super().reject()

    def cancel_or_close(self) -> None:
        if self.committing:
            self._cancel.set()  # the commit rolls back at its next step
            self._set_status(self.tr("취소하는 중… 아무것도 저장하지 않고 멈춥니다."))
            return
        self.reject()

    def reject(self) -> None:
        """Esc, the window's close box or 취소. While the commit runs, it is asked to stop
        and the dialog stays until it has answered (rolled back, or done just before the
        cancel reached it, in which case the report says so): never closed on a write
        whose outcome the user did not see."""
        if self.committing:
            self._close_when_done = True
            self.cancel_or_close()
            return
        super().reject()

    # -- state ----------------------------------------------------------------------
    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b42318;" if error else "")

    def _set_state(self) -> None:
        pv, busy, done = self.preview, self.committing, self.report is not None
        self.choose_btn.setEnabled(not busy and not done)
        self.encoding.setEnabled(not busy and not done)
        self.mapping_box.setEnabled(not busy and not done and self.table is not None)
        ready = pv is not None and not pv.errors and not busy and not done and any(
            a is not engine.Action.SKIP for a in self.actions.values())
        self.import_btn.setEnabled(ready)
        if pv is not None and pv.errors and not busy:
            self.import_btn.setToolTip(self.tr("오류가 있는 행을 파일에서 고친 뒤 다시 여세요."))
        else:
            self.import_btn.setToolTip("")
        dups = any(r is not None and r.duplicate for r in self.selected_rows()) and not busy and not done
        self.skip_btn.setEnabled(dups)
        self.merge_btn.setEnabled(dups)
        if pv is not None and pv.errors and not busy and not self.status.text():
            self._set_status(self.tr("오류가 있는 행이 {0}개 있습니다. 한 행이라도 오류가 있으면 가져올 수 없습니다. "
                                     "파일을 고친 뒤 다시 여세요.").format(f"{len(pv.errors):,}"), error=True)
