import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.models import AuditEvent
from tasks import actions
from tasks.models import Task


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_counsellor_creates_a_task_on_her_case_given_to_the_travel_officer(world, as_persona):
    response = as_persona("counsellor").post(
        reverse("task-create") + f"?case={world.case.pk}",
        {
            "title": "Ask for a laissez-passer",
            "details": "At the consulate",
            "due": _tomorrow().isoformat(),
            "assignee": world.travel_officer.pk,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.case, task.office, task.assignee, task.created_by, task.kind) == (
        world.case,
        world.bxl,
        world.travel_officer,
        world.counsellor,
        "manual",
    )
    event = AuditEvent.objects.get(action="task.created")
    assert event.case_id == world.case.pk and event.actor == world.counsellor


def test_a_task_due_in_the_past_is_refused_naming_the_field_and_nothing_is_saved(world, as_persona):
    yesterday = timezone.localdate() - datetime.timedelta(days=2)
    response = as_persona("counsellor").post(
        reverse("task-create") + f"?case={world.case.pk}", {"title": "Too late", "due": yesterday.isoformat()}
    )
    assert response.status_code == 200
    assert "due" in response.context["form"].errors
    assert "govuk-error-summary" in response.content.decode()
    assert not Task.objects.exists()
    assert not AuditEvent.objects.filter(action="task.created").exists()


def test_a_task_cannot_be_given_to_someone_outside_the_office(world, as_persona):
    response = as_persona("counsellor").post(
        reverse("task-create") + f"?case={world.case.pk}",
        {"title": "Call", "due": _tomorrow().isoformat(), "assignee": world.ghent.pk},
    )
    assert response.status_code == 200
    assert "assignee" in response.context["form"].errors
    assert not Task.objects.exists()
    with pytest.raises(DomainError) as exc:
        actions.create_task(by=world.counsellor, office=world.bxl, title="Call", due=_tomorrow(), assignee=world.ofii)
    assert exc.value.field == "assignee"


def test_completing_and_reopening_a_task_are_audited_with_the_case(world, as_persona, task):
    client = as_persona("counsellor")
    assert client.post(reverse("task-done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == world.counsellor
    assert client.post(reverse("task-reopen", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is None and task.done_by is None
    events = list(AuditEvent.objects.filter(object_type="tasks.task").order_by("pk").values_list("action", "case_id"))
    assert events == [
        ("task.created", world.case.pk),
        ("task.completed", world.case.pk),
        ("task.reopened", world.case.pk),
    ]


def test_completing_a_done_task_twice_is_refused(world, done_task):
    with pytest.raises(DomainError):
        actions.complete_task(done_task, by=world.counsellor)


def test_my_tasks_shows_open_tasks_by_due_date_with_overdue_in_red(world, as_persona, task):
    Task.objects.create(
        title="Late one",
        office=world.bxl,
        assignee=world.counsellor,
        due=timezone.localdate() - datetime.timedelta(days=3),
    )
    body = as_persona("counsellor").get(reverse("my-tasks")).content.decode()
    assert body.index("Late one") < body.index("Call the embassy")
    assert body.count("govuk-tag--red") == 1


def test_my_tasks_has_an_empty_state(world, as_persona):
    body = as_persona("counsellor").get(reverse("my-tasks")).content.decode()
    assert "You have no open task" in body


def test_team_leader_sees_overdue_tasks_of_the_office_with_their_assignee(world, as_persona, task):
    Task.objects.create(
        title="Late one",
        office=world.bxl,
        assignee=world.travel_officer,
        due=timezone.localdate() - datetime.timedelta(days=3),
    )
    Task.objects.create(
        title="Ghent late", office=world.ghent_office, due=timezone.localdate() - datetime.timedelta(days=3)
    )
    response = as_persona("team_leader").get(reverse("office-overdue-tasks"))
    assert [t.title for t in response.context["tasks"]] == ["Late one"]
    assert "Ines" in response.content.decode()
    admin = as_persona("agency_admin").get(reverse("office-overdue-tasks"))
    assert {t.title for t in admin.context["tasks"]} == {"Late one", "Ghent late"}


def test_home_page_lists_my_tasks_due(world, as_persona, task):
    Task.objects.create(title="Due now", office=world.bxl, assignee=world.counsellor, due=timezone.localdate())
    body = as_persona("counsellor").get(reverse("home")).content.decode()
    assert "My tasks due" in body and "Due now" in body and "Call the embassy" not in body


def _queries_for_my_tasks(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("my-tasks")).status_code == 200
    return len(ctx.captured_queries)


def test_my_tasks_query_count_does_not_grow_with_the_tasks(world, as_persona):
    client = as_persona("counsellor")
    actions.create_task(
        by=world.counsellor,
        office=world.bxl,
        case=world.case,
        assignee=world.counsellor,
        title="Task 0",
        due=_tomorrow(),
    )
    one = _queries_for_my_tasks(client)
    for i in range(1, 10):
        actions.create_task(
            by=world.counsellor,
            office=world.bxl,
            case=world.case,
            assignee=world.counsellor,
            title=f"Task {i}",
            due=_tomorrow(),
        )
    assert _queries_for_my_tasks(client) == one
