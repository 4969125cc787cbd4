"""The employment activity plan (취업활동계획) of a youth at a facility: the goal (field or
occupation), a target date and planned steps with due dates. A session ticks steps off
(``SessionInput.plan_step_ids``), or a counselor does by hand."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.time import SEOUL
from models.core.validation import validate
from models.counseling import access
from models.counseling.access import CounselingBase, not_found
from models.counseling.schemas import PlanInput, PlanRow, StepInput, StepRow
from models.counseling.tables import ActivityPlan, CounselingSession, PlanStep
from models.facilities.tables import Facility

MAX_STEPS = 50


class PlanPart(CounselingBase):
    def save_plan(self, actor: Actor, facility_id: int, youth_id: int, data: dict | PlanInput) -> int:
        """Make or change the youth's plan at the facility; returns its id."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        inp = validate(PlanInput, data)
        now = self.clock()

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise not_found("facility_id")
            access.check_youth(s, youth_id)
            plan = s.exec(select(ActivityPlan).where(ActivityPlan.facility_id == facility_id,
                                                     ActivityPlan.youth_id == youth_id)
                          .with_for_update()).first()
            if plan is None:
                plan = ActivityPlan(facility_id=facility_id, youth_id=youth_id, goal=inp.goal,
                                    target_on=inp.target_on, created_at=now, created_by=actor.user_id)
            else:
                plan.goal, plan.target_on, plan.updated_at = inp.goal, inp.target_on, now
            s.add(plan)
            s.flush()
            return plan.id

        return self.db.write(work, actor=actor)

    def add_step(self, actor: Actor, plan_id: int, data: dict | StepInput) -> int:
        inp = validate(StepInput, data)

        def work(s):
            plan = s.get(ActivityPlan, plan_id, with_for_update=True)
            if plan is None:
                raise not_found("plan_id")
            require(actor, Perm.COUNSELING_WRITE, plan.facility_id)
            n = s.exec(select(func.count()).select_from(PlanStep).where(PlanStep.plan_id == plan_id)).one()
            if n >= MAX_STEPS:
                raise ValidationError.single("title", f"계획 단계는 {MAX_STEPS}개까지입니다.")
            step = PlanStep(plan_id=plan_id, facility_id=plan.facility_id, title=inp.title, due_on=inp.due_on,
                            position=n + 1)
            s.add(step)
            s.flush()
            return step.id

        return self.db.write(work, actor=actor)

    def update_step(self, actor: Actor, step_id: int, data: dict | StepInput) -> None:
        """Change a step's text or due date (a done step keeps its completion)."""
        inp = validate(StepInput, data)

        def work(s):
            step = s.get(PlanStep, step_id, with_for_update=True)
            if step is None:
                raise not_found("step_id")
            require(actor, Perm.COUNSELING_WRITE, step.facility_id)
            step.title, step.due_on = inp.title, inp.due_on
            s.add(step)

        self.db.write(work, actor=actor)

    def set_step_done(self, actor: Actor, step_id: int, done: bool = True, session_id: int | None = None) -> None:
        now = self.clock()

        def work(s):
            step = s.get(PlanStep, step_id, with_for_update=True)
            if step is None:
                raise not_found("step_id")
            require(actor, Perm.COUNSELING_WRITE, step.facility_id)
            if done:
                if step.done_at is not None:
                    raise Conflict("이미 완료한 단계입니다.")
                if session_id is not None:
                    plan = s.get(ActivityPlan, step.plan_id)
                    sess = s.get(CounselingSession, session_id)
                    if sess is None or sess.youth_id != plan.youth_id or sess.facility_id != plan.facility_id:
                        raise ValidationError.single("session_id", "이 청년의 상담일지가 아닙니다.")
                step.done_at, step.done_by, step.done_session_id = now, actor.user_id, session_id
            else:
                step.done_at = step.done_by = step.done_session_id = None
            s.add(step)

        self.db.write(work, actor=actor)

    def plan(self, actor: Actor, facility_id: int, youth_id: int) -> PlanRow | None:
        """The youth's plan at the facility with its steps in order, or None."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        today = self.today()

        def work(s):
            plan = s.exec(select(ActivityPlan).where(ActivityPlan.facility_id == facility_id,
                                                     ActivityPlan.youth_id == youth_id)).first()
            if plan is None:
                return None
            steps = s.exec(select(PlanStep).where(PlanStep.plan_id == plan.id)
                           .order_by(PlanStep.position, PlanStep.id)).all()
            return PlanRow(plan.id, plan.facility_id, plan.youth_id, plan.goal, plan.target_on, tuple(
                StepRow(st.id, st.title, st.due_on, st.position, st.done_at is not None,
                        st.done_at.astimezone(SEOUL) if st.done_at else None, st.done_session_id,
                        st.done_at is None and st.due_on is not None and st.due_on < today)
                for st in steps), (plan.updated_at or plan.created_at).astimezone(SEOUL))

        return self.db.read(work)
