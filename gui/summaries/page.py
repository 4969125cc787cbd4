"""보고서: the monthly performance summary (월간 운영 실적, issue 15).

A manager sees their facility; the city administrator any facility, a region (권역) or the
whole city. Pick the month (default: last month) and, for the administrator, the scope.
The figures show first, in the same tables as the PDF (``SummaryService.facility`` /
``city``, on the read pool); clicking a number lists the records behind it (id, date and
category: no name, no text) below. **PDF 저장** writes the PDF on the write lane with its
progress in the header and opens it in the system viewer; **근거 자료 저장** writes the
evidence workbook (.xlsx); **연간 목표…** sets the facility's yearly targets
(``TargetDialog``), each error next to its field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.page import Page
from gui.context import Topic
from models.core.enums import Region, Role
from models.core.errors import DomainError, ValidationError
from models.summaries.service import for_services

MONTHS_BACK = 36
SCOPES = (("facility", "이 시설"), ("region", "권역"), ("city", "서울시 전체"))
EVIDENCE_HEADERS = ("기록 종류", "기록 id", "날짜", "시각", "분류", "수량")
TARGETS = (("recruit", "구직청년 모집 (명)"), ("companies", "구인기업 발굴 (곳)"), ("counseling", "구직상담 (건)"),
           ("hires", "청년-기업매칭 (명)"))


def month_text(year: int, month: int) -> str:
    return f"{year}년 {month}월"


def last_months(today: date, n: int = MONTHS_BACK) -> list[tuple[int, int]]:
    """Last month first, then the ones before it."""
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.append((y, m))
    return out


class _Progress(QObject):
    """The printout's progress, sent from the worker thread to the GUI thread."""

    step = Signal(int, str)


class SummaryTable(QTableWidget):
    """One table of the summary as on paper: the group header above a column joined to its
    label, numbers right-aligned, totals in bold. ``refs`` names each cell's figure."""

    def __init__(self, block, parent=None):
        super().__init__(len(block.rows), len(block.columns), parent)
        self.block = block
        groups = []
        for label, span in block.groups:
            groups += [label] * span
        heads = []
        for i, c in enumerate(block.columns):
            g = groups[i] if i < len(groups) else ""
            heads.append(f"{g}\n{c.label}" if g and g != c.label else c.label)
        self.setHorizontalHeaderLabels(heads)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setWordWrap(False)
        for r in range(len(block.rows)):
            for c, col in enumerate(block.columns):
                item = QTableWidgetItem(block.text(r, c))
                if col.kind != "text":
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if r in block.bold_rows:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                if r in block.muted_rows:  # a planned or closed facility
                    item.setForeground(QColor("#7a8599"))
                if self.ref(r, c) is not None:
                    item.setToolTip("눌러서 이 수치의 근거 기록을 봅니다.")
                self.setItem(r, c, item)
        h = self.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeToContents)
        if block.columns and block.columns[0].kind == "text":
            h.setSectionResizeMode(0, QHeaderView.Stretch if len(block.columns) <= 4 else QHeaderView.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + sum(self.rowHeight(i) for i in range(self.rowCount()))
        self.setFixedHeight(height + 2 * self.frameWidth() + 18)

    def ref(self, r: int, c: int):
        refs = self.block.refs
        if r < len(refs) and c < len(refs[r]):
            return refs[r][c]
        return None


class TargetDialog(QDialog):
    """The facility's yearly targets; an empty field clears one."""

    def __init__(self, page: SummariesPage, facility_id: int, year: int, current):
        super().__init__(page)
        self.page, self.facility_id, self.year = page, facility_id, year
        self.setWindowTitle(self.tr(f"{year}년 연간 목표"))
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key, label in TARGETS:
            edit = QLineEdit("" if getattr(current, key) is None else f"{getattr(current, key):,}")
            edit.setPlaceholderText(self.tr("정하지 않음"))
            err = QLabel()
            err.setObjectName("fieldError")
            err.setVisible(False)
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(edit)
            box.addWidget(err)
            form.addRow(self.tr(label), box)
            self.fields[key], self.errors[key] = edit, err
        self.banner = QLabel()
        self.banner.setObjectName("formError")
        self.banner.setVisible(False)
        form.addRow(self.banner)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("저장"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("취소"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        for err in self.errors.values():
            err.setVisible(False)
        values = {k: e.text() for k, e in self.fields.items()}
        svc = for_services(self.page.ctx.services)
        actor = self.page.ctx.actor
        self.page.ctx.run(lambda: svc.set_targets(actor, self.facility_id, self.year, values), self._saved,
                          self._failed)

    def _saved(self, _row) -> None:
        self.accept()
        self.page.refresh()

    def _failed(self, exc) -> None:
        if isinstance(exc, ValidationError):
            for key, message in exc.errors.items():
                if key in self.errors:
                    self.errors[key].setText(message)
                    self.errors[key].setVisible(True)
            if not set(exc.errors) & set(self.errors):
                self.banner.setText(exc.message)
                self.banner.setVisible(True)
            return
        self.banner.setText(exc.message if isinstance(exc, DomainError) else str(exc))
        self.banner.setVisible(True)


class SummariesPage(Page):
    key = "reports"
    title = "보고서"
    icon_name = "chart"
    listens_to = frozenset({Topic.FACILITY})

    HINT = ("월간 운영 실적입니다. 달과 범위를 고르면 PDF와 같은 표가 보이고, 수치를 누르면 그 수치를 센 기록"
            "(id, 날짜, 분류)이 아래에 나옵니다. 건수만 담으며 이름·연락처·상담 내용은 없습니다.")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.hint_label.setText(self.tr(self.HINT))
        self.summary = None
        self.dialog = None
        self.opened: list[str] = []  # files handed to the system viewer (tests look)
        self.pdf_button = self.action_button("print", self.tr("PDF 저장"), self.save_pdf, primary=True)
        self.evidence_button = self.action_button("export", self.tr("근거 자료 저장"), self.save_evidence)
        self.target_button = self.action_button("edit", self.tr("연간 목표…"), self.edit_targets)
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(160)
        self.progress.setVisible(False)
        self.progress.setFormat("%p%")
        self.progress_label = QLabel()
        self.progress_label.setVisible(False)
        for w in (self.progress_label, self.progress, self.pdf_button, self.evidence_button, self.target_button,
                  self.refresh_button):
            self.header_actions.addWidget(w)
        self._progress = _Progress(self)
        self._progress.step.connect(self._on_progress)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("달")))
        self.month_box = QComboBox()
        for y, m in last_months(self._today()):
            self.month_box.addItem(month_text(y, m), f"{y}-{m:02d}")
        bar.addWidget(self.month_box)
        self.scope_label = QLabel(self.tr("범위"))
        bar.addSpacing(12)
        bar.addWidget(self.scope_label)
        self.scope_box = QComboBox()
        for key, label in SCOPES:
            self.scope_box.addItem(self.tr(label), key)
        bar.addWidget(self.scope_box)
        self.region_box = QComboBox()
        for r in Region:
            self.region_box.addItem(r.label, r.value)
        bar.addWidget(self.region_box)
        self.scope_text = QLabel()
        self.scope_text.setObjectName("pageHint")
        bar.addSpacing(12)
        bar.addWidget(self.scope_text, 1)
        self.outer.addLayout(bar)
        self.month_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.scope_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.region_box.currentIndexChanged.connect(lambda _i: self.refresh())
        split = QSplitter(Qt.Vertical)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.scroll.setWidget(self.body)
        split.addWidget(self.scroll)
        ev = QWidget()
        evl = QVBoxLayout(ev)
        evl.setContentsMargins(0, 6, 0, 0)
        self.evidence_title = QLabel(self.tr("근거 기록: 위의 수치를 누르면 그 수치를 센 기록이 여기에 나옵니다."))
        self.evidence_title.setObjectName("pageHint")
        self.evidence_title.setWordWrap(True)
        evl.addWidget(self.evidence_title)
        self.evidence = QTableWidget(0, len(EVIDENCE_HEADERS))
        self.evidence.setHorizontalHeaderLabels([self.tr(h) for h in EVIDENCE_HEADERS])
        self.evidence.verticalHeader().setVisible(False)
        self.evidence.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.evidence.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        evl.addWidget(self.evidence)
        split.addWidget(ev)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        ev.setMinimumHeight(120)
        self.split = split
        self.outer.addWidget(split, 1)
        self.tables: list[SummaryTable] = []

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if not getattr(self, "_split_set", False) and self.height() > 300:
            total = max(1, self.split.height() or self.height() - 160)
            self.split.setSizes([int(total * 0.72), int(total * 0.28)])  # the figures first
            self._split_set = True

    def _today(self) -> date:
        from models.core.time import SEOUL
        return self.ctx.services.clock().astimezone(SEOUL).date()

    # -- scope -------------------------------------------------------------------------
    @property
    def is_admin(self) -> bool:
        return bool(self.ctx.actor and self.ctx.actor.is_admin)

    def may_report(self) -> bool:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        return actor is not None and (actor.is_admin or (fid is not None and Role.MANAGER in actor.roles_at(fid)))

    @property
    def scope(self) -> str:
        return self.scope_box.currentData() if self.is_admin else "facility"

    @property
    def month(self) -> tuple[int, int]:
        key = self.month_box.currentData() or self.month_box.itemData(0)
        y, m = key.split("-")
        return int(y), int(m)

    def _scope_name(self) -> str:
        if self.scope == "city":
            return "서울시 전체"
        if self.scope == "region":
            return self.region_box.currentText()
        f = self.ctx.facility
        return f.name if f else ""

    # -- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        self.clear_error()
        admin = self.is_admin
        for w in (self.scope_label, self.scope_box):
            w.setVisible(admin)
        self.region_box.setVisible(admin and self.scope == "region")
        allowed = self.may_report()
        facility = self.scope == "facility"
        self.evidence_button.setVisible(facility)
        self.target_button.setVisible(facility)
        for b in (self.pdf_button, self.evidence_button, self.target_button):
            b.setEnabled(allowed)
        if not allowed:
            self._clear()
            self.show_error(self.tr("월간 운영 실적은 이 시설의 시설 관리자와 시 담당자만 볼 수 있습니다."))
            return
        y, m = self.month
        self.scope_text.setText(self.tr(f"{self._scope_name()} · {month_text(y, m)}"))
        svc, actor, fid, scope = for_services(self.ctx.services), self.ctx.actor, self.ctx.facility_id, self.scope
        region = self.region_box.currentData()

        def work():
            if scope == "facility":
                return svc.facility(actor, fid, y, m)
            return svc.city(actor, y, m, region if scope == "region" else None)

        self.load(work, self._show)

    def _clear(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.tables = []
        self.evidence.setRowCount(0)

    def _show(self, summary) -> None:
        self.summary = summary
        self._clear()
        doc = summary.document
        for section in doc.sections:
            head = QLabel(section.title)
            head.setObjectName("sectionTitle")
            f = head.font()
            f.setBold(True)
            f.setPointSizeF(f.pointSizeF() * 1.15)
            head.setFont(f)
            self.body_layout.addWidget(head)
            if section.note:
                hint = QLabel(section.note)
                hint.setWordWrap(True)
                hint.setObjectName("pageHint")
                self.body_layout.addWidget(hint)
            for block in section.blocks:
                if block.title:
                    self.body_layout.addWidget(QLabel(block.title))
                if hasattr(block, "rows"):
                    t = SummaryTable(block)
                    t.cellClicked.connect(lambda r, c, t=t: self.show_evidence(t, r, c))
                    self.tables.append(t)
                    self.body_layout.addWidget(t)
                else:
                    chart = QLabel(self.tr("(그래프는 PDF에 있습니다)"))
                    chart.setObjectName("pageHint")
                    self.body_layout.addWidget(chart)
                if block.note:
                    note = QLabel(block.note)
                    note.setWordWrap(True)
                    note.setObjectName("pageHint")
                    self.body_layout.addWidget(note)
        for text in doc.footnotes:
            note = QLabel("※ " + text)
            note.setWordWrap(True)
            note.setObjectName("pageHint")
            self.body_layout.addWidget(note)
        self.body_layout.addStretch(1)

    # -- evidence ----------------------------------------------------------------------
    def show_evidence(self, table: SummaryTable, r: int, c: int) -> None:
        ref = table.ref(r, c)
        if ref is None:
            return
        from models.summaries.figures import FIGURES
        fig = FIGURES[ref.figure]
        label = fig.label + (f" · {fig.label_of(ref.category)}" if ref.category else "")
        self.evidence_title.setText(self.tr(f"근거 기록: {label} ({ref.period.key}) — 불러오는 중…"))
        svc, actor = for_services(self.ctx.services), self.ctx.actor

        def done(rows) -> None:
            self.evidence_title.setText(self.tr(
                f"근거 기록: {label} ({ref.period.key}) — {len(rows):,}건, 합계 {sum(e.amount for e in rows):,}"))
            self.evidence.setRowCount(len(rows))
            for i, e in enumerate(rows):
                values = (fig.entity, str(e.record_id), e.day.isoformat(), e.at.strftime("%H:%M") if e.at else "",
                          fig.label_of(e.category), f"{e.amount:,}")
                for j, v in enumerate(values):
                    item = QTableWidgetItem(v)
                    if j in (1, 5):
                        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                    self.evidence.setItem(i, j, item)

        self.load(lambda: svc.evidence(actor, ref), done, lane="evidence")

    # -- printing ----------------------------------------------------------------------
    def _default_name(self, ext: str) -> str:
        y, m = self.month
        where = self._scope_name().replace(" ", "_")
        return f"월간운영실적_{where}_{y}-{m:02d}.{ext}"

    def save_pdf(self, path: str | None = None) -> None:
        path = path or self.ask_save_path(self.tr("월간 운영 실적 PDF 저장"), self._default_name("pdf"), [("PDF", "pdf")])
        if not path:
            return
        y, m = self.month
        svc, actor, fid, scope = for_services(self.ctx.services), self.ctx.actor, self.ctx.facility_id, self.scope
        region = self.region_box.currentData() if scope == "region" else None
        step = self._progress.step.emit

        def work():
            if scope == "facility":
                return svc.print_facility(actor, fid, y, m, path, progress=step)
            return svc.print_city(actor, y, m, path, region, progress=step)

        self._start(self.tr("PDF를 만드는 중…"))
        self.ctx.run(work, lambda result: self._printed(result, open_it=True), self._failed)

    def save_evidence(self, path: str | None = None) -> None:
        if self.summary is None or self.summary.scope != "facility":
            return
        path = path or self.ask_save_path(self.tr("근거 자료 저장"), self._default_name("xlsx"), [("Excel 통합 문서", "xlsx")])
        if not path:
            return
        svc, actor, summary = for_services(self.ctx.services), self.ctx.actor, self.summary
        step = self._progress.step.emit
        self._start(self.tr("근거 자료를 모으는 중…"))
        self.ctx.run(lambda: svc.save_evidence(actor, summary, path, progress=step),
                     lambda result: self._printed(result, open_it=False), self._failed)

    def _start(self, text: str) -> None:
        self.clear_error()
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.progress_label.setText(text)
        self.progress_label.setVisible(True)
        self.pdf_button.setEnabled(False)
        self.evidence_button.setEnabled(False)

    def _on_progress(self, pct: int, text: str) -> None:
        self.progress.setValue(pct)
        self.progress_label.setText(text)

    def _done(self) -> None:
        self.progress.setVisible(False)
        self.progress_label.setVisible(False)
        self.pdf_button.setEnabled(True)
        self.evidence_button.setEnabled(True)

    def _printed(self, result, open_it: bool) -> None:
        self._done()
        what = "쪽" if open_it else "건의 기록"
        self.hint_label.setText(self.tr(f"저장했습니다: {result.path} ({result.rows:,}{what})"))
        if open_it:
            self.opened.append(str(result.path))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    def _failed(self, exc) -> None:
        self._done()
        self.show_error(exc)

    # -- targets -----------------------------------------------------------------------
    def edit_targets(self) -> None:
        fid = self.ctx.facility_id
        if fid is None:
            return
        year = self.month[0]
        svc, actor = for_services(self.ctx.services), self.ctx.actor

        def opened(current) -> None:
            self.dialog = TargetDialog(self, fid, year, current)
            self.dialog.open()

        self.load(lambda: svc.targets(actor, fid, year), opened, lane="targets")
