"""Recording a vulnerability screening: flags on the person, follow-up
tasks, history, what a later "no" does, and refusals that save nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.lifecycle import Status
from cases.models import ReturnCase
from core.errors import DomainError
from core.models import AuditEvent
from counselling.actions_screening import record_screening
from counselling.models import Screening, ScreeningAnswer
from people.models import Vulnerability
from tasks.actions import complete_task
from tasks.models import Task
from tests.counselling.conftest import answers
from tests.factories import make_case, make_person


def _brussels_today():
    return timezone.localtime(timezone.now(), ZoneInfo("Europe/Brussels")).date()


def test_a_medical_yes_flags_the_person_and_asks_for_a_fit_to_travel_check(world, family):
    case, principal, _child = family
    screening = record_screening(
        case, principal, by=world.counsellor, answers=answers(medical=("yes", "Insulin twice a day"))
    )
    vuln = Vulnerability.objects.get(person=principal, kind="medical")
    assert vuln.details == "Insulin twice a day" and vuln.recorded_by == world.counsellor
    task = Task.objects.get(case=case)
    assert task.title == "Medical certificate and fit-to-travel check"
    assert task.assignee == world.counsellor and task.office == world.bxl
    assert task.due == _brussels_today() + datetime.timedelta(days=14)
    assert task.kind == "screening_medical"
    assert screening.new_vulnerabilities == [vuln] and screening.new_tasks == [task]
    answer = screening.answers.get(question="medical")
    assert answer.vulnerability == vuln and answer.task == task
    # Every question has an answer; the ones not given are "not asked".
    assert screening.answers.count() == 9
    assert screening.answers.filter(answer="not_asked").count() == 8


def test_signs_of_trafficking_make_a_discreet_task_for_the_counsellor(world, family):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(trafficking=("yes", "Passport held")))
    task = Task.objects.get(case=case)
    assert task.assignee == world.counsellor
    assert task.due == _brussels_today() + datetime.timedelta(days=2)
    # Travel officers and analysts read the office's task lists: nothing in
    # the task says what the follow-up is about.
    for text in (task.title, task.details):
        assert "traffick" not in text.lower() and "Payoke" not in text and "Passport held" not in text
    assert "screening page" in task.title


def test_gender_based_violence_is_flagged_with_its_own_task(world, family):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(gender_based_violence="yes"))
    assert Vulnerability.objects.filter(person=principal, kind="gender_based_violence").exists()
    assert Task.objects.get(case=case).kind == "screening_gender_based_violence"


def test_questions_without_a_follow_up_only_flag_the_person(world, family):
    case, _principal, child = family
    record_screening(case, child, by=world.counsellor, answers=answers(minor="yes"))
    assert Vulnerability.objects.filter(person=child, kind="minor").exists()
    assert not Task.objects.filter(case=case).exists()


def test_a_case_without_a_counsellor_gives_the_task_to_the_office(world):
    case = make_case(world.bxl, world.counsellor)
    assert case.counsellor is None
    record_screening(case, case.principal, by=world.team_leader, answers=answers(pregnancy="yes"))
    task = Task.objects.get(case=case)
    assert task.assignee is None and task.office == world.bxl


def test_a_second_screening_keeps_the_first_and_makes_no_duplicates(world, family):
    case, principal, _child = family
    first = record_screening(case, principal, by=world.counsellor, answers=answers(medical="yes"))
    second = record_screening(case, principal, by=world.team_leader, answers=answers(medical="yes", disability="yes"))
    assert Screening.objects.filter(case=case, person=principal).count() == 2
    assert first.answers.get(question="medical").answer == "yes"
    assert Vulnerability.objects.filter(person=principal, kind="medical").count() == 1
    # The open medical task is not made again; the disability one is new.
    assert sorted(Task.objects.filter(case=case).values_list("kind", flat=True)) == [
        "screening_disability",
        "screening_medical",
    ]
    assert [v.kind for v in second.new_vulnerabilities] == ["disability"]
    assert second.answers.get(question="medical").vulnerability == first.answers.get(question="medical").vulnerability


def test_a_yes_after_the_follow_up_was_done_makes_a_new_task(world, family):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(medical="yes"))
    complete_task(Task.objects.get(case=case), by=world.counsellor)
    later = record_screening(case, principal, by=world.counsellor, answers=answers(medical="yes"))
    assert len(later.new_tasks) == 1
    assert Task.objects.filter(case=case, kind="screening_medical").count() == 2


def test_a_later_no_never_removes_a_recorded_vulnerability(world, family):
    case, principal, _child = family
    record_screening(case, principal, by=world.counsellor, answers=answers(mental_health="yes"))
    later = record_screening(case, principal, by=world.counsellor, answers=answers(mental_health="no"))
    assert Vulnerability.objects.filter(person=principal, kind="mental_health").exists()
    assert later.kept == ["mental_health"]
    assert later.answers.get(question="mental_health").vulnerability is None


def test_a_vulnerability_recorded_before_any_screening_is_confirmed_not_doubled(world, family):
    from people import actions as people_actions

    case, principal, _child = family
    existing = people_actions.add_vulnerability(principal, by=world.counsellor, kind="elderly")
    screening = record_screening(case, principal, by=world.counsellor, answers=answers(elderly="yes"))
    assert screening.new_vulnerabilities == []
    assert screening.answers.get(question="elderly").vulnerability == existing
    # The follow-up is still made: nobody had asked for it yet.
    assert Task.objects.filter(case=case, kind="screening_elderly").exists()


def test_the_audit_trail_records_the_answers_but_never_the_details(world, family):
    case, principal, _child = family
    screening = record_screening(
        case, principal, by=world.counsellor, answers=answers(gender_based_violence=("yes", "Beaten by an uncle"))
    )
    event = AuditEvent.objects.get(action="screening.recorded", object_id=str(screening.pk))
    assert event.case_id == case.pk and event.person_id == principal.pk and event.actor == world.counsellor
    assert event.changes["answer_gender_based_violence"] == [None, "yes"]
    assert "Beaten" not in str(event.changes)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"answers": {"medical": ("maybe", "")}}, "answer_medical"),
        ({"answers": {"medical": ("yes", "x" * 2001)}}, "details_medical"),
        ({"answers": {"astrology": ("yes", "")}}, "answers"),
        ({"answers": {}, "screened_at": timezone.now() + datetime.timedelta(days=1)}, "screened_at"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, family, kwargs, field):
    case, principal, _child = family
    with pytest.raises(DomainError) as caught:
        record_screening(case, principal, by=world.counsellor, **kwargs)
    assert caught.value.field == field
    assert not Screening.objects.exists() and not ScreeningAnswer.objects.exists()
    assert not Vulnerability.objects.exists() and not Task.objects.exists()


def test_only_members_of_the_case_are_screened(world, family):
    case, _principal, _child = family
    stranger = make_person(world.bxl, world.counsellor)
    with pytest.raises(DomainError) as caught:
        record_screening(case, stranger, by=world.counsellor, answers=answers(medical="yes"))
    assert caught.value.field == "person"
    assert not Vulnerability.objects.filter(person=stranger).exists()


def test_a_closed_case_is_not_screened(world, family):
    case, principal, _child = family
    ReturnCase.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(DomainError):
        record_screening(case, principal, by=world.counsellor, answers=answers(medical="yes"))
    assert not Screening.objects.exists()
