"""Two desks (two ``Services``, each with its own engine) promote two different reserves
to the same freed place at the same moment: exactly one promotion goes through, the other
gets ``Conflict`` and writes nothing. Eight rounds, on both backends."""

from __future__ import annotations

import threading

from models.core.db import Database
from models.core.errors import Conflict
from models.courses.enums import ApplicationStatus, OfferStatus, VacancyStatus
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.models.courses.builders import selected_course

ROUNDS = 8


def test_two_desks_promote_two_reserves_to_one_place(services, env, clock):
    sc = selected_course(services, env, clock, places=10, n=20, reserve_pct=100)
    cs = services.courses
    desks = [Services(Database(services.db.engine.url), clock=clock, hasher=FAST_HASHER) for _ in range(2)]
    actors = [env.manager, env.admin]
    outcomes: list[list[str]] = [[], []]
    rounds = []
    try:
        for n in range(ROUNDS):
            cs.decline(env.manager, sc.apps[n], cs.get_application(env.manager, sc.apps[n]).version)
            vacancy = cs.vacancies(env.manager, sc.course)[-1]
            reserves = [a.id for a in cs.applications(env.manager, sc.course) if a.status is ApplicationStatus.RESERVE]
            pair = reserves[-2:]  # two reserves other than the one offered first
            rounds.append((vacancy.id, pair))
            barrier = threading.Barrier(2)

            def go(i, vid=vacancy.id, pair=pair, barrier=barrier):
                barrier.wait()
                try:
                    desks[i].courses.promote(actors[i], vid, pair[i], f"현장 수락 {i}")
                    outcomes[i].append("ok")
                except Conflict:
                    outcomes[i].append("conflict")

            threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
    finally:
        for d in desks:
            d.db.dispose()
    status = {a.id: a.status for a in cs.applications(env.manager, sc.course)}
    vacancies = {v.id: v for v in cs.vacancies(env.manager, sc.course)}
    for n, (vid, pair) in enumerate(rounds):
        got = sorted([outcomes[0][n], outcomes[1][n]])
        assert got == ["conflict", "ok"], (n, got)
        winner, loser = (pair[0], pair[1]) if outcomes[0][n] == "ok" else (pair[1], pair[0])
        v = vacancies[vid]
        assert v.status is VacancyStatus.FILLED and v.filled_by == winner
        assert [o.application_id for o in v.offers if o.status is OfferStatus.ACCEPTED] == [winner]
        assert status[winner] is ApplicationStatus.CONFIRMED
        assert status[loser] in (ApplicationStatus.RESERVE, ApplicationStatus.CONFIRMED)  # a later round's winner
    trainees = cs.trainees(env.manager, sc.course)
    assert len(trainees) == ROUNDS  # one new trainee a round, nothing of the losing desk
    assert len({t.application_id for t in trainees}) == ROUNDS
