"""The automatic tasks of the journey: a laissez-passer the consulate is slow
to issue, an open return place about to end, a departure tomorrow that
nothing confirmed; and the travel-document rule once a laissez-passer is
requested."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from cases.lifecycle import Status
from cases.models import ReturnCase
from tasks import actions as task_actions
from tasks.models import Task
from tasks.rules import RULES, refresh_auto_tasks, title_for
from tests.factories import approve_package, give_passports, make_booking, make_case, make_person, segment
from travel import actions as travel_actions

# The actions refuse dates in the future, so the records are made in the
# past and the rules are run on the days around them.
REAL_TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
CHASE = 21  # settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS


def made(day, kind):
    return [t for t in refresh_auto_tasks(day) if t.kind == kind]


def case_in(world, status=Status.TRAVEL_PREPARATION, **fields):
    return make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=status, **fields)


def end(case, status=Status.WITHDRAWN):
    ReturnCase.objects.filter(pk=case.pk).update(status=status)


def request(case, by, person=None, on=REAL_TODAY - 60 * DAY):
    return travel_actions.request_document(
        case,
        by=by,
        person=person or case.principal,
        consulate="Embassy of the Republic of Guinea, Brussels",
        issuing_country="GN",
        requested_on=on,
    )


# --- laissez-passer pending ------------------------------------------------------------

LP = "laissez-passer-pending"


def test_a_request_pending_more_than_the_chase_days_makes_one_task_for_the_counsellor(world, settings):
    settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS = CHASE
    case = case_in(world)
    asked = REAL_TODAY - 60 * DAY
    req = request(case, world.counsellor, on=asked)
    assert made(asked + CHASE * DAY, LP) == []  # 21 days: not more than 21 yet
    (task,) = made(asked + (CHASE + 1) * DAY, LP)
    assert (task.case, task.assignee, task.office, task.due) == (
        case,
        world.counsellor,
        world.bxl,
        asked + (CHASE + 3) * DAY,
    )
    assert task.auto_key == f"{LP}:{case.pk}:{req.pk}:{asked.isoformat()}"
    assert task.display_title == "Chase the consulate for the laissez-passer"
    assert made(asked + (CHASE + 1) * DAY, LP) == []
    assert made(asked + (CHASE + 2) * DAY, LP) == []  # the day after: still the same task
    assert Task.objects.filter(kind=LP).count() == 1


def test_a_reminder_starts_a_new_wait_and_a_new_task_after_it(world, settings):
    settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS = CHASE
    case = case_in(world)
    asked = REAL_TODAY - 60 * DAY
    req = request(case, world.counsellor, on=asked)
    (first,) = made(asked + (CHASE + 1) * DAY, LP)
    task_actions.complete_task(first, by=world.counsellor)
    reminded = asked + (CHASE + 2) * DAY
    travel_actions.record_reminder(req, by=world.counsellor, on=reminded)
    assert made(reminded + CHASE * DAY, LP) == []
    (second,) = made(reminded + (CHASE + 1) * DAY, LP)
    assert second.auto_key == f"{LP}:{case.pk}:{req.pk}:{reminded.isoformat()}"
    assert made(reminded + (CHASE + 1) * DAY, LP) == []


def test_each_pending_request_of_a_case_has_its_own_task(world, settings):
    settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS = CHASE
    child = make_person(world.bxl, world.counsellor)
    case = case_in(world, members=[(child, "child")])
    asked = REAL_TODAY - 40 * DAY
    request(case, world.counsellor, on=asked)
    request(case, world.counsellor, person=child, on=asked)
    assert len(made(asked + (CHASE + 1) * DAY, LP)) == 2


def test_no_chase_once_issued_refused_or_for_an_ended_case(world, settings):
    settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS = CHASE
    day = REAL_TODAY + 10 * DAY
    issued = request(case_in(world), world.counsellor)
    travel_actions.record_issued(
        issued, by=world.counsellor, number="LP-1", issued_on=REAL_TODAY, expiry_date=REAL_TODAY + 30 * DAY
    )
    refused = request(case_in(world), world.counsellor)
    travel_actions.close_request(refused, by=world.counsellor, status="refused", reason="Nationality not confirmed")
    ended = case_in(world)
    request(ended, world.counsellor)
    end(ended, Status.ABSCONDED)
    departed = case_in(world)
    request(departed, world.counsellor)
    end(departed, Status.DEPARTED)
    assert made(day, LP) == []


def test_the_chase_days_come_from_the_settings(world, settings):
    settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS = 5
    asked = REAL_TODAY - 30 * DAY
    request(case_in(world), world.counsellor, on=asked)
    assert made(asked + 5 * DAY, LP) == []
    assert len(made(asked + 6 * DAY, LP)) == 1


# --- open return place ending -----------------------------------------------------------

PLACE = "return-place-ending"


def test_a_return_place_ending_within_five_days_warns_the_counsellor_once(world):
    until = REAL_TODAY + 20 * DAY
    case = case_in(world, Status.COUNSELLING, open_return_place_until=until)
    assert made(until - 6 * DAY, PLACE) == []
    (task,) = made(until - 5 * DAY, PLACE)
    assert (task.case, task.assignee, task.due) == (case, world.counsellor, until)
    assert task.auto_key == f"{PLACE}:{case.pk}:{until.isoformat()}"
    assert made(until - 5 * DAY, PLACE) == []
    assert made(until, PLACE) == []
    assert Task.objects.filter(kind=PLACE).count() == 1


def test_a_place_ending_today_is_due_today_and_an_ended_place_is_not_warned_of(world):
    until = REAL_TODAY + 3 * DAY
    case = case_in(world, Status.INTAKE, open_return_place_until=until)
    assert made(until + DAY, PLACE) == []  # the day after: too late, nothing made
    (task,) = made(until, PLACE)
    assert (task.case, task.due) == (case, until)


def test_a_new_end_date_warns_again(world):
    until = REAL_TODAY + 10 * DAY
    case = case_in(world, open_return_place_until=until)
    assert len(made(until - 2 * DAY, PLACE)) == 1
    ReturnCase.objects.filter(pk=case.pk).update(open_return_place_until=until + 30 * DAY)
    assert made(until - DAY, PLACE) == []  # the condition is gone
    assert len(made(until + 26 * DAY, PLACE)) == 1


def test_no_warning_after_departure_or_for_an_ended_case(world):
    until = REAL_TODAY + 10 * DAY
    for status in (Status.DEPARTED, Status.REINTEGRATION, Status.WITHDRAWN, Status.CLOSED):
        case_in(world, status, open_return_place_until=until)
    case_in(world, open_return_place_until=None)
    assert made(until - 2 * DAY, PLACE) == []


# --- departure tomorrow without a confirmed booking ----------------------------------------

UNCONFIRMED = "departure-unconfirmed"


@pytest.fixture
def travel_case(world, rules):
    case = case_in(world)
    approve_package(case, world.counsellor, world.team_leader)
    return case


def test_a_provisional_booking_leaving_tomorrow_makes_a_task_for_the_office(world, travel_case):
    leaves = REAL_TODAY + 8 * DAY
    make_booking(travel_case, world.travel_officer, day=leaves, status="provisional")
    assert made(leaves - 2 * DAY, UNCONFIRMED) == []
    (task,) = made(leaves - DAY, UNCONFIRMED)
    assert (task.case, task.assignee, task.office, task.due) == (travel_case, None, world.bxl, leaves - DAY)
    assert task.auto_key == f"{UNCONFIRMED}:{travel_case.pk}:{leaves.isoformat()}"
    assert task.display_title == "Departure tomorrow: confirm the booking"
    assert made(leaves - DAY, UNCONFIRMED) == []
    assert made(leaves, UNCONFIRMED) == []


def test_tomorrow_is_the_local_date_where_the_flight_leaves(world, travel_case):
    """00:30 in Brussels is still the day before in UTC."""
    leaves = REAL_TODAY + 8 * DAY
    leg = segment(
        "BRU",
        "Europe/Brussels",
        datetime.datetime.combine(leaves, datetime.time(0, 30)),
        "CKY",
        "Africa/Conakry",
        datetime.datetime.combine(leaves, datetime.time(6, 0)),
    )
    booking = travel_actions.create_booking(
        travel_case, by=world.travel_officer, segments=[leg], reference="NIGHT1", booked_by="agency"
    )
    assert booking.departs_at.astimezone(datetime.UTC).date() == leaves - DAY
    assert made(leaves - 2 * DAY, UNCONFIRMED) == []
    assert len(made(leaves - DAY, UNCONFIRMED)) == 1


def test_no_task_when_a_booking_is_confirmed_or_the_provisional_one_cancelled(world, travel_case, rules):
    leaves = REAL_TODAY + 8 * DAY
    make_booking(travel_case, world.travel_officer, day=leaves, status="provisional")
    make_booking(travel_case, world.travel_officer, day=leaves, status="confirmed", reference="CONF01")
    cancelled = case_in(world)
    approve_package(cancelled, world.counsellor, world.team_leader)
    booking = make_booking(cancelled, world.travel_officer, day=leaves, status="provisional")
    travel_actions.cancel_booking(booking, by=world.travel_officer, reason="The person is ill")
    assert made(leaves - DAY, UNCONFIRMED) == []


def test_no_task_for_an_ended_case(world, travel_case):
    leaves = REAL_TODAY + 8 * DAY
    make_booking(travel_case, world.travel_officer, day=leaves, status="provisional")
    end(travel_case, Status.ABSCONDED)
    assert made(leaves - DAY, UNCONFIRMED) == []


def test_a_departure_postponed_to_tomorrow_with_nothing_booked_makes_a_task(world, travel_case):
    new_date = REAL_TODAY + 6 * DAY
    travel_actions.record_outcome(
        travel_case,
        by=world.travel_officer,
        outcome="postponed",
        date=REAL_TODAY,
        new_date=new_date,
        reason="The flight was cancelled by the airline",
    )
    assert made(new_date - 2 * DAY, UNCONFIRMED) == []
    (task,) = made(new_date - DAY, UNCONFIRMED)
    assert task.auto_key == f"{UNCONFIRMED}:{travel_case.pk}:{new_date.isoformat()}"
    assert made(new_date, UNCONFIRMED) == []


def test_a_postponed_departure_rebooked_and_confirmed_makes_no_task(world, travel_case):
    new_date = REAL_TODAY + 6 * DAY
    travel_actions.record_outcome(
        travel_case,
        by=world.travel_officer,
        outcome="postponed",
        date=REAL_TODAY,
        new_date=new_date,
        reason="Ill on the day",
    )
    make_booking(travel_case, world.travel_officer, day=new_date, status="confirmed")
    assert made(new_date - DAY, UNCONFIRMED) == []


def test_a_postponed_departure_rebooked_provisionally_makes_one_task(world, travel_case):
    new_date = REAL_TODAY + 6 * DAY
    travel_actions.record_outcome(
        travel_case,
        by=world.travel_officer,
        outcome="postponed",
        date=REAL_TODAY,
        new_date=new_date,
        reason="Ill on the day",
    )
    make_booking(travel_case, world.travel_officer, day=new_date, status="provisional")
    assert len(made(new_date - DAY, UNCONFIRMED)) == 1


# --- no travel document, with a laissez-passer requested ------------------------------------


def test_a_pending_laissez_passer_request_counts_as_a_travel_document_requested(world, travel_case):
    child = make_person(world.bxl, world.counsellor)
    travel_case.case_members.create(person=child, relation="child")
    request(travel_case, world.counsellor)
    assert made(REAL_TODAY, "no-travel-document") != []  # the child has nothing requested yet
    Task.objects.all().delete()
    request(travel_case, world.counsellor, person=child)
    assert made(REAL_TODAY, "no-travel-document") == []


def test_a_refused_request_counts_as_nothing_requested(world, travel_case):
    req = request(travel_case, world.counsellor)
    assert made(REAL_TODAY, "no-travel-document") == []
    travel_actions.close_request(req, by=world.counsellor, status="refused", reason="Identity not confirmed")
    assert len(made(REAL_TODAY, "no-travel-document")) == 1


# --- all rules together ------------------------------------------------------------------------


def test_every_rule_has_a_translatable_title():
    assert {rule.kind for rule in RULES} == {"no-travel-document", LP, PLACE, UNCONFIRMED, "monitoring-visit-overdue"}
    for rule in RULES:
        with override("nl"):
            assert title_for(rule.kind) == str(rule.title)
        assert len(rule.kind) <= 40
    assert title_for("manual") is None


def _every_rule_fires(world, n):
    """n cases on which each rule fires on the day returned, and n on which none does."""
    day = REAL_TODAY + 3 * DAY
    for _ in range(n):
        waiting = case_in(world)
        approve_package(waiting, world.counsellor, world.team_leader)  # no document: no-travel-document
        request(waiting, world.counsellor, on=REAL_TODAY - 40 * DAY)
        child = make_person(world.bxl, world.counsellor)
        waiting.case_members.create(person=child, relation="child")
        case_in(world, Status.COUNSELLING, open_return_place_until=day + 2 * DAY)
        leaving = case_in(world)
        make_booking(leaving, world.travel_officer, day=day + DAY, status="provisional")
        quiet = case_in(world, open_return_place_until=day + 30 * DAY)
        give_passports(quiet, world.counsellor)
        make_booking(quiet, world.travel_officer, day=day + 4 * DAY, status="provisional")
    return day


@pytest.mark.parametrize("n", [1, 4])
def test_refresh_is_idempotent_and_its_queries_do_not_grow_with_the_cases(world, rules, n):
    day = _every_rule_fires(world, n)
    first = refresh_auto_tasks(day)
    assert sorted(t.kind for t in first) == sorted(["no-travel-document", LP, PLACE, UNCONFIRMED] * n)
    with CaptureQueriesContext(connection) as queries:
        assert refresh_auto_tasks(day) == []
    # Per rule: its cases, and the keys of their tasks already made (the
    # departure rule first finds the bookings leaving tomorrow; the monitoring
    # rule first schedules the visits of newly arrived cases).
    assert len(queries) == 10
    assert Task.objects.count() == 4 * n


def test_a_new_task_costs_the_same_queries_whatever_the_number_of_cases(world, rules):
    def cost(n):
        Task.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            new = refresh_auto_tasks(day)
        return len(queries), len(new)

    day = _every_rule_fires(world, 1)
    assert cost(1) == (11 + 5 * 4, 4)
    _every_rule_fires(world, 2)
    # Per rule: its cases and the keys already made (11 queries in all); per
    # new task: the look-up by key, the task and its audit event in a savepoint.
    assert cost(3) == (11 + 5 * 12, 12)


def test_rule_times_are_local_dates(world, travel_case):
    """A booking that leaves at 23:30 in Conakry (UTC+0) is on its own day there."""
    leaves = REAL_TODAY + 8 * DAY
    leg = segment(
        "CKY",
        "Africa/Conakry",
        datetime.datetime.combine(leaves, datetime.time(23, 30)),
        "BRU",
        "Europe/Brussels",
        datetime.datetime.combine(leaves + DAY, datetime.time(7, 0)),
    )
    travel_actions.create_booking(
        travel_case, by=world.travel_officer, segments=[leg], reference="LATE01", booked_by="iom"
    )
    assert leg["departs_at"].astimezone(ZoneInfo("Europe/Brussels")).date() == leaves + DAY
    assert len(made(leaves - DAY, UNCONFIRMED)) == 1
