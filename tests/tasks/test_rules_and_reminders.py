import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from cases.lifecycle import Status
from people import actions as people_actions
from tasks import actions
from tasks.models import Reminder, Task
from tasks.rules import refresh_auto_tasks
from tests.factories import approve_package, make_case

TODAY = datetime.date(2031, 3, 10)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """send_reminders for a day, running the emails queued on commit."""

    def run(day=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", today=day.isoformat())

    return run


@pytest.fixture
def approved_case(world, rules):
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.TRAVEL_PREPARATION)
    approve_package(case, world.counsellor, world.team_leader)
    return case


def _passport(person, by, expiry):
    people_actions.add_document(
        person, by=by, doc_type="passport", number=f"P{person.pk}X", issuing_country="GN", expiry_date=expiry
    )


def test_approved_package_without_travel_document_makes_one_task_for_the_counsellor(world, approved_case):
    made = refresh_auto_tasks(TODAY)
    assert len(made) == 1
    task = made[0]
    assert (task.case, task.office, task.assignee, task.kind, task.auto_key) == (
        approved_case,
        world.bxl,
        world.counsellor,
        "no-travel-document",
        f"no-travel-document:{approved_case.pk}",
    )
    assert task.due == TODAY + datetime.timedelta(days=3)
    assert task.created_by is None
    assert refresh_auto_tasks(TODAY) == []
    assert refresh_auto_tasks(TODAY + datetime.timedelta(days=1)) == []
    assert Task.objects.count() == 1


def test_a_done_automatic_task_is_not_made_again(world, approved_case):
    (task,) = refresh_auto_tasks(TODAY)
    actions.complete_task(task, by=world.counsellor)
    assert refresh_auto_tasks(TODAY) == []


def test_no_task_when_every_member_has_a_valid_travel_document(world, approved_case):
    _passport(approved_case.principal, world.counsellor, TODAY)  # valid through today
    assert refresh_auto_tasks(TODAY) == []


def test_an_expired_passport_does_not_count(world, approved_case):
    _passport(approved_case.principal, world.counsellor, TODAY - datetime.timedelta(days=1))
    assert len(refresh_auto_tasks(TODAY)) == 1


def test_no_task_without_an_approved_package_or_outside_travel_preparation(world, rules):
    make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)  # no decision
    intake = make_case(world.bxl, world.counsellor, status=Status.ELIGIBILITY)
    approve_package(intake, world.counsellor, world.team_leader)
    assert refresh_auto_tasks(TODAY) == []


def test_a_case_without_counsellor_gives_the_task_to_the_office(world, rules):
    case = make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)
    approve_package(case, world.counsellor, world.team_leader)
    (task,) = refresh_auto_tasks(TODAY)
    assert task.assignee is None and task.office == world.bxl


def _task(world, due, assignee=None, title="Call the embassy"):
    return Task.objects.create(title=title, office=world.bxl, case=world.case, assignee=assignee, due=due)


def test_send_reminders_emails_each_assignee_once_a_day(world, remind):
    _task(world, TODAY, world.counsellor, "Due today")
    _task(world, TODAY - datetime.timedelta(days=2), world.counsellor, "Overdue")
    _task(world, TODAY + datetime.timedelta(days=1), world.counsellor, "Not yet")
    remind()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sofie@example.org"]
    assert "Due today" in message.body and "Overdue" in message.body and "Not yet" not in message.body
    assert Reminder.objects.filter(sent_on=TODAY).count() == 2

    remind()
    assert len(mail.outbox) == 1

    remind(TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Not yet" in mail.outbox[1].body


def test_done_tasks_are_not_reminded(world, remind):
    task = _task(world, TODAY, world.counsellor)
    actions.complete_task(task, by=world.counsellor)
    remind()
    assert mail.outbox == []


def test_an_unassigned_task_is_reminded_to_the_office_in_its_language(world, remind):
    _task(world, TODAY)
    remind()
    (message,) = mail.outbox
    assert message.to == ["bxl@example.org"]
    assert "Call the embassy" in message.body
    assert "10-3-2031" in message.body  # Brussels works in Dutch: Dutch date format


def test_a_task_already_claimed_by_an_overlapping_run_is_not_sent_again(world, remind):
    task = _task(world, TODAY, world.counsellor)
    Reminder.objects.create(task=task, sent_to="sofie@example.org", sent_on=TODAY)
    remind()
    assert mail.outbox == []


def test_send_reminders_makes_automatic_tasks_first(world, approved_case, remind):
    remind()
    assert Task.objects.filter(kind="no-travel-document").count() == 1
    assert mail.outbox == []  # due in three days


def test_send_reminders_refuses_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today="10/03/2031")
