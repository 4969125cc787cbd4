"""The 선발 tab of the 교육과정 page: the three stages typed into a table, the ranking, 선발
확정 (asked first, never with unsaved scores) and the results list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from gui.common import confirm
from gui.common.icons import icon
from gui.context import Topic
from gui.courses.common import (
    RIGHT,
    bar,
    hint,
)
from models.core.permissions import Perm
from models.courses.enums import Stage, StageMode


class SelectionTab:
    """A mixin of ``gui.courses.page.CoursesPage``."""

    def _build_selection(self) -> None:
        lay = self._tab("filter", "선발")
        self.stage_line = hint("")
        lay.addWidget(self.stage_line)
        self.score_table = QTableWidget(0, 7)
        self.score_table.setHorizontalHeaderLabels([self.tr(h) for h in (
            "이름", "서류", "실무역량평가", "최종면접", "최종 점수", "순위", "결과(확정 시)")])
        self.score_table.verticalHeader().setVisible(False)
        self.score_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.score_table.horizontalHeader().setStretchLastSection(True)
        self.score_table.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.DoubleClicked
                                         | QAbstractItemView.EditKeyPressed)
        self.score_table.itemChanged.connect(self._score_edited)
        lay.addWidget(self.score_table, 1)
        self.save_scores_button = QPushButton(icon("save"), self.tr("점수 저장"))
        self.save_scores_button.clicked.connect(self.save_scores)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 1000)
        self.count_spin.setPrefix(self.tr("상위 "))
        self.count_spin.setSuffix(self.tr("명"))
        self.decide_button = QPushButton(icon("check"), self.tr("선발 확정"))
        self.decide_button.clicked.connect(self.decide)
        self.results_button = QPushButton(icon("export"), self.tr("결과 명단 출력…"))
        self.results_button.clicked.connect(
            lambda _c=False: self.export_results(with_phones=self.results_phones.isChecked()))
        # to call the applicants with their results: full phones for roles that may see
        # contact details (the service checks it again and audits the read)
        self.results_phones = QCheckBox(self.tr("휴대전화 전체 포함"))
        self.results_phones.setToolTip(self.tr("합격 안내 연락용. 출력하면 연락처 열람으로 감사 기록에 남습니다."))
        self.selection_note = QLabel()
        lay.addLayout(bar(self.save_scores_button, self.selection_note, None, self.count_spin, self.decide_button,
                          self.results_phones, self.results_button))


    # -- selection --------------------------------------------------------------------------
    def _load_ranking(self) -> None:
        svc, actor, cid = self.ctx.services.courses, self.ctx.actor, self.course.id
        self.load(lambda: svc.ranking(actor, cid), self._show_ranking, lane="tab")

    def _show_ranking(self, ranking) -> None:
        self.ranking_data = ranking
        self.score_edits: dict[tuple[int, Stage], object] = {}
        t = self.score_table
        t.blockSignals(True)
        t.setRowCount(len(ranking.rows))
        editable = self.can(Perm.COURSE_MANAGE) and not ranking.decided
        for r, row in enumerate(ranking.rows):
            name = QTableWidgetItem(row.youth_name)
            name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            t.setItem(r, 0, name)
            for c, st in enumerate(row.stages, start=1):
                text = "" if st.score is None and st.passed is None else (
                    str(st.score) if st.score is not None else ("합격" if st.passed else "불합격"))
                item = QTableWidgetItem(text)
                item.setTextAlignment(RIGHT)
                flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
                if editable:
                    flags |= Qt.ItemIsEditable
                item.setFlags(flags)
                if st.cleared is False:
                    item.setForeground(QColor("#b42318"))
                t.setItem(r, c, item)
            for c, text in ((4, "" if row.final_score is None else f"{row.final_score:.2f}"),
                            (5, str(row.rank or "")), (6, row.outcome.label if row.outcome else (
                                f"{row.failed_stage.label} 탈락" if row.failed_stage else ""))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                t.setItem(r, c, item)
        t.blockSignals(False)
        stages = " · ".join(f"{s.stage.label}: {s.mode.label}, 기준 {s.cutoff}"
                            + ("점" if s.mode is StageMode.SCORE else "") + f", 가중치 {s.weight}%"
                            for s in ranking.stages)
        self.stage_line.setText(self.tr("{0}. 점수는 0~100, 합격/불합격 단계는 ‘합’ 또는 ‘불’. 앞 단계를 통과한 지원자만 다음 "
                                        "단계에 점수를 넣습니다. 숫자를 치고 Enter로 다음 칸.").format(stages))
        self.count_spin.setMaximum(max(1, ranking.places))
        self.count_spin.setValue(min(ranking.places, max(1, ranking.qualified)) if ranking.qualified else 1)
        counts = {k: sum(1 for r in ranking.rows if r.outcome is not None and r.outcome.value == k)
                  for k in ("selected", "reserve")}
        state = (self.tr("선발 확정됨: 합격 {0} · 예비합격 {1} · 미선발 {2}").format(
            counts["selected"], counts["reserve"], len(ranking.rows) - sum(counts.values())) if ranking.decided else
                 self.tr("심사 중 {0}명 · 모든 단계 통과 {1}명 · 정원 {2}명 · 예비 {3}명").format(
                     ranking.pending, ranking.qualified, ranking.places, ranking.reserve_size))
        self.selection_note.setText(state if ranking.rows else self.tr("지원자가 없습니다. 먼저 ‘지원자’ 탭에서 받으세요."))
        self.decide_button.setEnabled(not ranking.decided and ranking.qualified > 0)
        self.save_scores_button.setEnabled(editable)
        self.results_button.setEnabled(ranking.decided)

    def _score_edited(self, item: QTableWidgetItem) -> None:
        if self.ranking_data is None or not 1 <= item.column() <= 3:
            return
        row = self.ranking_data.rows[item.row()]
        stage = self.ranking_data.stages[item.column() - 1]
        text = item.text().strip()
        if not text:
            value = None
        elif stage.mode is StageMode.PASS_FAIL:
            value = {"합": True, "합격": True, "p": True, "o": True, "불": False, "불합격": False, "f": False,
                     "x": False}.get(text.lower(), text)
        else:
            value = int(text) if text.lstrip("-").isdigit() else text
        self.score_edits[(row.application_id, stage.stage)] = value

    def save_scores(self) -> None:
        edits = dict(self.score_edits)
        if not edits:
            return self.show_error(self.tr("바꾼 점수가 없습니다. 칸을 골라 점수를 친 뒤 저장하세요."))
        svc, actor, cid = self.ctx.services.courses, self.ctx.actor, self.course.id
        names = {r.application_id: r.youth_name for r in self.ranking_data.rows}
        # each stage is saved in its own call: every typed value is checked first, so a bad
        # one in a later stage does not leave the earlier stages saved without it
        modes = {st.stage: st.mode for st in self.ranking_data.stages}
        for (aid, st), value in edits.items():
            ok = value is None or (isinstance(value, bool) if modes.get(st) is StageMode.PASS_FAIL
                                   else isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100)
            if not ok:
                expected = "합 또는 불" if modes.get(st) is StageMode.PASS_FAIL else "0~100 사이의 점수"
                return self.show_error(self.tr("{0}: {1} 점수는 {2}로 입력하세요. 아무것도 저장하지 않았습니다.")
                                       .format(names.get(aid, ""), st.label, expected))

        def work():
            for st in Stage:
                values = {aid: v for (aid, s), v in edits.items() if s is st}
                if values:
                    svc.record_scores(actor, cid, st, values)

        def failed(exc) -> None:
            errors = getattr(exc, "errors", None) or {}
            for key, msg in errors.items():
                aid = int(key[key.find("[") + 1:key.find("]")]) if "[" in key else None
                return self.show_error(f"{names.get(aid, '')}: {msg}" if aid in names else msg)
            return self.show_error(exc)

        self.clear_error()
        self.ctx.run(work, lambda _v: (self.ctx.notify(Topic.COURSES, origin=self), self._load_ranking()), failed)
        return None

    def decide(self) -> None:
        """선발 확정: cannot be undone, so it is asked first; refused while typed scores are
        unsaved; decided on the course as this page read it (another desk's change since
        is the service's version conflict)."""
        if self.score_edits:
            return self.show_error(self.tr("저장하지 않은 점수가 있습니다. 점수 저장을 먼저 하세요."))
        svc, actor, cid, n = self.ctx.services.courses, self.ctx.actor, self.course.id, self.count_spin.value()
        version = self.course.version
        ranking = getattr(self, "ranking_data", None)
        qualified = ranking.qualified if ranking is not None else n
        if not confirm.ask(self, self.tr("선발 확정"), self.tr(
                "최종 순위 상위 {0}명을 합격으로, 그다음 순위를 예비합격으로, 나머지를 미선발로 확정합니다 "
                "(최종면접까지 통과한 지원자 {1}명). 확정한 뒤에는 점수와 순위를 바꿀 수 없습니다.").format(n, qualified),
                self.tr("선발 확정")):
            return None

        def work():
            return svc.decide_selection(actor, cid, version, n)

        self._run(work, lambda counts: self.selection_note.setText(self.tr(
            "선발을 확정했습니다: 합격 {0} · 예비합격 {1} · 미선발 {2}").format(
            counts["selected"], counts["reserve"], counts["not_selected"])))

    def export_results(self, path: str | None = None, with_phones: bool = False) -> None:
        from models.outputs.courses import export_results
        if path is None:
            path = self.ask_save_path(self.tr("선발 결과 명단"), f"{self.course.name} 선발 결과.xlsx",
                                      [("엑셀", "xlsx"), ("CSV", "csv"), ("PDF", "pdf")])
            if not path:
                return
        svc, actor, cid = self.ctx.services, self.ctx.actor, self.course.id
        self.ctx.run(lambda: export_results(svc, actor, cid, path, with_phones=with_phones),
                     lambda out: self.selection_note.setText(self.tr("{0}명을 {1}에 저장했습니다.").format(
                         out.rows, out.path.name)), self.show_error)
