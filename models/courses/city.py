"""The city-scale demo's training courses (``models.demo.CITY_BUILDERS``): every open
campus runs a course starting about every 40 days from its opening (about nine a year
each: the brief's 2023 target of 90 courses across ten campuses), each in the default
demo's proportions (``models.courses.demo.course_rows``: about 25 places, 4.4 applicants a
place, ~85 % completion, ~75 % of completers employed within six months), by the campus's
manager and counselor. A course is made in the month it is set up, with its whole life up
to today; its rows go in with that month. Courses, their status moves, applications,
trainees, vacancies, offers and follow-ups have their audit rows at their times (the
listener's shape); stage scores, daily rolls and attendance marks come without (bulk
volume). Follow-ups still waiting are in the courses queue only (the counseling queue's
rows belong to the counseling builder).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from models.courses.demo import TABLES, Gen, _monday, course_rows

GAP_DAYS = 40  # between two course starts at a campus
MAX_TRIES = 50


def city_courses(ctx) -> Iterator[None]:
    rng: random.Random = ctx.rng("courses")
    scale = max(0.1, min(1.0, ctx.plan.intensity))
    campuses = [f for f in ctx.facilities if f.kind.value == "campus" and f.status.value == "open"]
    people = {s.user_id: s for group in ctx.staff.values() for s in group}
    people[ctx.admin.user_id] = ctx.admin

    def staff(f, role):
        found = ctx.staff.get((f.id, role))
        return found[0].user_id if found else None

    def next_start(day):
        return _monday(day + timedelta(days=round(GAP_DAYS / scale) + rng.randint(-7, 7)))

    starts = {f.id: next_start(max(ctx.start, f.opened_on or ctx.start) - timedelta(days=GAP_DAYS // 2))
              for f in campuses}
    numbers = dict.fromkeys(starts, 0)

    def pick_youths(n, day):
        day = min(day, ctx.period.end - timedelta(days=1))  # youths written so far: up to this month's end
        out, tries = set(), 0
        while len(out) < n and tries < n * MAX_TRIES:
            tries += 1
            y = ctx.pick_youth(rng, day)
            if y is not None:
                out.add(y)
        return list(out)

    def audit(model, row, at, user_id):
        ctx.audit_insert(model, row, at, people.get(user_id, ctx.admin))

    while True:
        g = Gen(rng, ctx.today, ctx.now, lambda model: ctx.new_ids(model, 1)[0], pick_youths, audit=audit)
        for f in campuses:
            manager = staff(f, "manager") or ctx.admin.user_id
            while True:
                start = starts[f.id]
                set_up = start - timedelta(days=63)  # three weeks before its applications open
                if set_up >= ctx.period.end or set_up > ctx.today:
                    break
                numbers[f.id] += 1
                course_rows(g, f, manager, staff(f, "counselor"), start, numbers[f.id])
                starts[f.id] = next_start(start)
        for model in TABLES:
            rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in g.rows[model]]
            if rows:
                ctx.insert(model, rows)
        yield
