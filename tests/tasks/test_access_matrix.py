"""Every task page against every persona.

Statuses: 200 page shown, 302 done and redirected, 403 may see but not do,
404 cannot learn the record exists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.access import visible_tasks
from tasks.models import Task
from tests.conftest import PERSONAS

PAGES = {
    "my_tasks": ("get", lambda w, t, d: reverse("my-tasks")),
    "office_overdue": ("get", lambda w, t, d: reverse("office-overdue-tasks")),
    "task_form": ("get", lambda w, t, d: reverse("task-create") + f"?case={w.case.pk}"),
    "task_create_post": ("post", lambda w, t, d: reverse("task-create") + f"?case={w.case.pk}"),
    "done_post": ("post", lambda w, t, d: reverse("task-done", args=[t.pk])),
    "reopen_post": ("post", lambda w, t, d: reverse("task-reopen", args=[d.pk])),
}

# fmt: off
#                     counsellor team_leader ghent travel admin analyst ofii partner outsider
EXPECTED = {
    "my_tasks":         [200, 200, 200, 200, 200, 200, 200, 200, 200],
    "office_overdue":   [403, 200, 403, 403, 200, 403, 403, 403, 403],
    "task_form":        [200, 200, 404, 200, 200, 403, 404, 403, 404],
    "task_create_post": [302, 302, 404, 302, 302, 403, 404, 403, 404],
    "done_post":        [302, 302, 404, 302, 302, 403, 404, 404, 404],
    "reopen_post":      [302, 302, 404, 302, 302, 403, 404, 404, 404],
}
# fmt: on


def _post_data(page):
    if page == "task_create_post":
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        return {"title": "Phone the family", "due": tomorrow.isoformat(), "assignee": ""}
    return {}


CASES = [(page, persona, EXPECTED[page][i]) for page in PAGES for i, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize("page, persona, status", CASES, ids=[f"{p}-{q}" for p, q, _s in CASES])
def test_task_page_answers_each_persona_as_their_role_allows(world, as_persona, task, done_task, page, persona, status):
    method, url = PAGES[page]
    response = getattr(as_persona(persona), method)(url(world, task, done_task), _post_data(page))
    assert response.status_code == status


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitor_is_sent_to_the_login_page(world, client, task, done_task, page):
    method, url = PAGES[page]
    response = getattr(client, method)(url(world, task, done_task))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_partner_sees_only_tasks_of_their_office_or_given_to_them(world, task):
    own = Task.objects.create(title="Meet at the airport", office=world.conakry, due=task.due)
    assert list(visible_tasks(world.partner)) == [own]


def test_counsellor_of_another_office_sees_no_brussels_task(world, task):
    assert not visible_tasks(world.ghent).exists()
    assert not visible_tasks(world.ofii).exists()
    assert not visible_tasks(world.outsider).exists()


def test_analyst_sees_the_agency_tasks_but_cannot_complete_them(world, as_persona, task):
    assert list(visible_tasks(world.analyst)) == [task]
    assert as_persona("analyst").post(reverse("task-done", args=[task.pk])).status_code == 403
    task.refresh_from_db()
    assert task.done_at is None
