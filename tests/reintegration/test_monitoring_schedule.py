"""Monitoring visits are scheduled from the arrival date, at the
programme's months (3, 6 and 12 by default), once; overdue visits become
tasks for the partner's office, once per visit."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.lifecycle import Status
from cases.models import ReturnCase
from core.errors import DomainError
from eligibility.models import Decision, Programme, RuleVersion
from reintegration.actions_monitoring import add_months, arrival_date, record_visit, schedule_visits
from reintegration.models import MonitoringVisit
from tasks.models import Task
from tasks.rules import refresh_auto_tasks
from tests.factories import make_case
from travel.models import DepartureOutcome

TODAY = timezone.localdate()
KIND = "monitoring-visit-overdue"


def _departed(case, on):
    DepartureOutcome.objects.filter(case=case).update(date=on)


def _approved_under(case, programme, by):
    version = RuleVersion.objects.create(
        programme=programme, label="t1", valid_from=datetime.date(2020, 1, 1), content={}, source_name="test"
    )
    return Decision.objects.create(
        case=case,
        rule_version=version,
        facts={},
        result={},
        eligible=True,
        total=0,
        currency="EUR",
        status="approved",
        proposed_by=by,
        decided_by=by,
        decided_at=timezone.now(),
    )


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert add_months(datetime.date(2025, 1, 15), 3) == datetime.date(2025, 4, 15)
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2023, 8, 31), 6) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 3, 1), 12) == datetime.date(2026, 3, 1)


def test_visits_at_3_6_and_12_months_after_arrival_by_default(referred_case):
    _departed(referred_case, datetime.date(2025, 1, 31))
    made = schedule_visits(referred_case)
    assert [(v.months, v.due_on) for v in made] == [
        (3, datetime.date(2025, 4, 30)),
        (6, datetime.date(2025, 7, 31)),
        (12, datetime.date(2026, 1, 31)),
    ]


def test_a_programme_with_other_months(world, referred_case):
    programme = Programme.objects.create(code="short", name="Short follow-up", monitoring_months=[1, 2, 9])
    _approved_under(referred_case, programme, world.team_leader)
    _departed(referred_case, datetime.date(2025, 5, 10))
    made = schedule_visits(referred_case)
    assert [(v.months, v.due_on.isoformat()) for v in made] == [
        (1, "2025-06-10"),
        (2, "2025-07-10"),
        (9, "2026-02-10"),
    ]


def test_the_setting_gives_the_default(referred_case, settings):
    settings.RETOUR_MONITORING_MONTHS = [4]
    assert [v.months for v in schedule_visits(referred_case)] == [4]


def test_scheduling_twice_makes_nothing_new(referred_case):
    assert len(schedule_visits(referred_case)) == 3
    assert schedule_visits(referred_case) == []
    assert MonitoringVisit.objects.filter(case=referred_case).count() == 3


def test_months_added_to_the_programme_later_add_visits(world, referred_case):
    programme = Programme.objects.create(code="p", name="P", monitoring_months=[3])
    _approved_under(referred_case, programme, world.team_leader)
    assert [v.months for v in schedule_visits(referred_case)] == [3]
    call_command("set_monitoring_months", "p", "3", "18")
    assert [v.months for v in schedule_visits(referred_case)] == [18]


def test_set_monitoring_months_checks_its_input(db):
    from django.core.management.base import CommandError

    Programme.objects.create(code="p", name="P")
    with pytest.raises(CommandError, match="No programme"):
        call_command("set_monitoring_months", "nope", "3")
    with pytest.raises(CommandError, match="between 1 and 60"):
        call_command("set_monitoring_months", "p", "0")


def test_nothing_before_departure_or_once_closed(world, referred_case):
    before = make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)
    assert schedule_visits(before) == []
    ReturnCase.objects.filter(pk=referred_case.pk).update(status=Status.CLOSED)
    referred_case.refresh_from_db()
    assert schedule_visits(referred_case) == []


def test_an_overnight_flight_arrives_the_next_day(world, referred_case):
    from tests.factories import make_booking
    from travel.models import Segment

    ReturnCase.objects.filter(pk=referred_case.pk).update(status=Status.TRAVEL_PREPARATION)
    referred_case.refresh_from_db()
    booking = make_booking(referred_case, world.travel_officer)
    day = datetime.date(2025, 3, 4)
    leg = Segment.objects.get(booking=booking)
    leg.departs_at = datetime.datetime(2025, 3, 4, 21, 0, tzinfo=datetime.UTC)
    leg.arrives_at = datetime.datetime(2025, 3, 5, 5, 0, tzinfo=datetime.UTC)
    leg.save()
    DepartureOutcome.objects.filter(case=referred_case).update(date=day, booking=booking)
    assert arrival_date(referred_case) == datetime.date(2025, 3, 5)


# --- overdue visits become tasks ---------------------------------------------------------


def as_partner_tasks(world):
    from tasks.access import visible_tasks

    return list(visible_tasks(world.partner).filter(assignee=world.partner, done_at__isnull=True))


def test_a_referral_to_the_whole_organisation_gives_the_task_to_the_accepting_office(world, monitored_case):
    from cases.models import Referral

    Referral.objects.filter(case=monitored_case).update(partner_office=None)
    refresh_auto_tasks(TODAY)
    task = Task.objects.get(kind=KIND)
    assert (task.office, task.assignee) == (world.conakry, world.partner)


def test_an_overdue_visit_becomes_one_task_for_the_partner_office(world, monitored_case):
    made = refresh_auto_tasks(TODAY)
    task = Task.objects.get(kind=KIND)
    assert task in made
    visit = monitored_case.monitoring_visits.get(months=3)
    # For the caseworker who accepted the referral, on their own list.
    assert (task.office, task.case, task.assignee) == (world.conakry, monitored_case, world.partner)
    assert task in as_partner_tasks(world)
    assert task.auto_key == f"{KIND}:{monitored_case.pk}:{visit.pk}"
    # not twice
    assert refresh_auto_tasks(TODAY) == []
    assert refresh_auto_tasks(TODAY + datetime.timedelta(days=1)) == []
    assert Task.objects.filter(kind=KIND).count() == 1


def test_each_overdue_visit_has_its_own_task(world, monitored_case):
    refresh_auto_tasks(TODAY)
    later = TODAY + datetime.timedelta(days=120)  # the 6-month visit is overdue too
    refresh_auto_tasks(later)
    assert Task.objects.filter(kind=KIND).count() == 2


def test_without_a_partner_office_or_caseworker_the_case_office_takes_it(world, monitored_case):
    monitored_case.referral.partner_office = None
    monitored_case.referral.decided_by = None
    monitored_case.referral.save()
    refresh_auto_tasks(TODAY)
    task = Task.objects.get(kind=KIND)
    assert (task.office, task.assignee) == (world.bxl, None)


def test_the_refresh_schedules_arrived_cases(world, referred_case, rss_weights):
    _departed(referred_case, TODAY - datetime.timedelta(days=200))
    assert not referred_case.monitoring_visits.exists()
    refresh_auto_tasks(TODAY)
    assert referred_case.monitoring_visits.count() == 3
    assert Task.objects.filter(kind=KIND).count() == 2  # 3 and 6 months


def test_a_visit_not_yet_due_or_recorded_makes_no_task(world, monitored_case):
    visit = monitored_case.monitoring_visits.get(months=3)
    record_visit(visit, by=world.partner, done_on=TODAY, mode="home", findings="Fine.")
    assert refresh_auto_tasks(TODAY) == []


def test_recording_the_visit_completes_its_task(world, monitored_case):
    refresh_auto_tasks(TODAY)
    visit = monitored_case.monitoring_visits.get(months=3)
    record_visit(visit, by=world.partner, done_on=TODAY, mode="video", findings="Spoke on WhatsApp video.")
    assert Task.objects.get(kind=KIND).done_at is not None


# --- recording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"done_on": TODAY + datetime.timedelta(days=1)}, "done_on"),
        ({"done_on": TODAY - datetime.timedelta(days=400)}, "done_on"),
        ({"mode": "carrier-pigeon"}, "mode"),
        ({"findings": "  "}, "findings"),
        ({"answers": {"housing": "castle"}}, "answers.housing"),
        ({"answers": {"horoscope": "good"}}, "answers.horoscope"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, monitored_case, change, field):
    visit = monitored_case.monitoring_visits.get(months=3)
    kwargs = {"done_on": TODAY, "mode": "home", "findings": "Fine.", "answers": {"debt": "none"}, **change}
    with pytest.raises(DomainError) as caught:
        record_visit(visit, by=world.partner, **kwargs)
    assert caught.value.field == field
    visit.refresh_from_db()
    assert visit.done_on is None
    assert not visit.case.rss_responses.exists()


def test_a_visit_is_recorded_once(world, monitored_case):
    visit = monitored_case.monitoring_visits.get(months=3)
    record_visit(visit, by=world.partner, done_on=TODAY, mode="home", findings="Fine.")
    with pytest.raises(DomainError):
        record_visit(visit, by=world.partner, done_on=TODAY, mode="home", findings="Again.")


def test_a_visit_without_answers_has_no_survey(world, monitored_case):
    visit = monitored_case.monitoring_visits.get(months=3)
    record_visit(
        visit, by=world.partner, done_on=TODAY, mode="phone", findings="Could not talk long.", answers={"debt": ""}
    )
    assert not monitored_case.rss_responses.exists()
