"""Two counselors at two desks (two ``Services``, each with its own engine) move the same
referral at the same moment, both from the version they saw: one move goes through, the
other gets ``Conflict`` and writes nothing. Twenty rounds, on both backends."""

from __future__ import annotations

import threading

from models.core.db import Database
from models.core.errors import Conflict
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.factories.companies import refer
from tests.factories.rooms import add_youth

ROUNDS = 20


def test_two_desks_move_one_referral_at_once(services, world, mw, clock):
    referrals = [refer(services, world.counselor, world, mw.opening, add_youth(services, world, 10 + n))
                 for n in range(ROUNDS)]
    desks = [Services(Database(services.db.engine.url), clock=clock, hasher=FAST_HASHER) for _ in range(2)]
    moves = [(world.counselor, "screening", ""), (mw.counselor2, "withdrew", "본인 포기 의사")]
    outcomes: list[list[str]] = [[], []]
    try:
        for rid in referrals:
            barrier = threading.Barrier(2)

            def go(i, rid=rid, barrier=barrier):
                actor, stage, note = moves[i]
                barrier.wait()
                try:
                    desks[i].companies.move(actor, rid, stage, 1, note=note)
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
    for n, rid in enumerate(referrals):
        got = sorted([outcomes[0][n], outcomes[1][n]])
        assert got == ["conflict", "ok"], (n, got)
        history = services.companies.history(world.counselor, rid)
        assert len(history) == 2  # the referral and the one move that went through
        winner = 0 if outcomes[0][n] == "ok" else 1
        assert history[-1].to_stage.value == moves[winner][1]
        assert services.companies.get_referral(world.counselor, rid).version == 2
