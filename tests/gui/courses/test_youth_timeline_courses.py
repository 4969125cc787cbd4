"""The youth record's timeline at a campus shows the youth's course applications (issue 14:
"the youth record's timeline shows applications, selection results, …")."""

from __future__ import annotations

from tests.factories.gui import wait_worker
from tests.models.courses.builders import applicants, open_course


def test_an_application_joins_the_youth_record_at_the_campus(world, services, env, make_window, qtbot):
    course = open_course(services, env, name="데이터 분석 2기")
    (application,) = applicants(services, env, course, 1)
    youth_id = next(a.youth_id for a in services.courses.applications(env.manager, course) if a.id == application)
    window = make_window(env.counselor)
    page = window.show_page("youth")
    wait_worker(qtbot, window.ctx)
    assert page.select_id(youth_id)
    wait_worker(qtbot, window.ctx)
    texts = page.history.timeline_texts()
    assert any(t.split(" · ", 1)[1].startswith("교육 · ") and "데이터 분석 2기" in t for t in texts), texts
