"""The lifecycle guards: who may move a case where, and what must be true first."""

import datetime

import pytest
from django.utils import timezone

from cases import actions
from cases.lifecycle import ENDED_STATUSES, EXIT_STATUSES, MOVES, OPEN_STATUSES, Status
from cases.models import ReturnCase, Transition
from core.errors import DomainError
from people import actions as people_actions
from tests.factories import approve_package, give_consent, make_booking, make_case, make_interview
from travel.actions import record_outcome


def _refused(case, to, by, reason=""):
    before = Transition.objects.count()
    with pytest.raises(DomainError) as info:
        actions.transition(case, to, by=by, reason=reason)
    assert Transition.objects.count() == before
    return str(info.value.message)


def test_every_status_is_reachable_and_every_open_status_has_an_exit():
    targets = {m.to for m in MOVES}
    assert set(Status.values) - {Status.INTAKE} <= targets
    for status in OPEN_STATUSES:
        assert any(status in m.sources and m.to in EXIT_STATUSES for m in MOVES), status


def test_an_illegal_move_is_refused_in_plain_words(world):
    message = _refused(world.case, Status.DEPARTED, world.team_leader)
    assert message == "A case cannot move from “Intake” to “Departed”."


def test_a_counsellor_cannot_approve_eligibility(world, rules):
    case = make_case(world.bxl, world.counsellor, status=Status.ELIGIBILITY)
    approve_package(case, world.counsellor, world.team_leader)
    assert "Your role does not allow" in _refused(case, Status.TRAVEL_PREPARATION, world.counsellor)
    actions.transition(case, Status.TRAVEL_PREPARATION, by=world.team_leader)


def test_travel_preparation_needs_an_approved_package(world, rules):
    case = make_case(world.bxl, world.counsellor, status=Status.ELIGIBILITY)
    message = _refused(case, Status.TRAVEL_PREPARATION, world.team_leader)
    assert message == "No assistance package has been approved for this case yet."
    approve_package(case, world.counsellor, world.team_leader)
    assert actions.transition(case, Status.TRAVEL_PREPARATION, by=world.team_leader).status == "travel_preparation"


def test_ready_to_depart_needs_a_booking_and_a_document_valid_on_the_travel_date(world):
    case = make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)
    person = case.principal
    message = _refused(case, Status.READY_TO_DEPART, world.travel_officer)
    assert "No confirmed booking." in message
    assert person.full_name in message
    travel_day = timezone.localdate() + datetime.timedelta(days=20)
    make_booking(case, world.travel_officer, day=travel_day)
    people_actions.add_document(
        person,
        by=world.counsellor,
        doc_type="passport",
        number="X1",
        issuing_country="GN",
        expiry_date=travel_day - datetime.timedelta(days=1),  # valid today, expired on the day
    )
    message = _refused(case, Status.READY_TO_DEPART, world.travel_officer)
    assert message == f"No passport or laissez-passer valid on the travel date for: {person.full_name}."
    people_actions.add_document(
        person,
        by=world.counsellor,
        doc_type="laissez_passer",
        number="LP2",
        issuing_country="GN",
        expiry_date=travel_day,
    )
    assert actions.transition(case, Status.READY_TO_DEPART, by=world.travel_officer).status == Status.READY_TO_DEPART


def test_departed_is_recorded_as_the_departure_day_not_as_a_bare_move(world):
    case = make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)
    make_booking(case, world.travel_officer)
    ReturnCase.objects.filter(pk=case.pk).update(status=Status.READY_TO_DEPART)
    case.refresh_from_db()
    message = _refused(case, Status.DEPARTED, world.travel_officer)
    assert message == "Record the departure on the case's travel page (departure day)."


def test_exits_need_a_reason(world):
    assert _refused(world.case, Status.WITHDRAWN, world.counsellor) == "Give a reason for this change."
    case = actions.transition(world.case, Status.WITHDRAWN, by=world.counsellor, reason="Wants to stay with family")
    assert case.transitions.last().reason == "Wants to stay with family"


def test_a_person_cannot_withdraw_after_departure(world):
    case = make_case(world.bxl, world.counsellor, status=Status.DEPARTED)
    assert "cannot move" in _refused(case, Status.WITHDRAWN, world.counsellor, reason="x")


def test_only_a_team_leader_reopens_an_ended_case(world):
    for status in ENDED_STATUSES:
        case = make_case(world.bxl, world.counsellor, status=status)
        assert "Your role does not allow" in _refused(case, Status.COUNSELLING, world.counsellor, reason="again")
        assert actions.transition(case, Status.COUNSELLING, by=world.team_leader, reason="Came back").is_open


def test_reintegration_needs_consent_to_share_with_a_partner(world):
    case = make_case(world.bxl, world.counsellor, status=Status.DEPARTED)
    assert "sharing their data with a reintegration partner" in _refused(case, Status.REINTEGRATION, world.counsellor)
    give_consent(case, world.counsellor, purpose="partner_sharing")
    assert actions.transition(case, Status.REINTEGRATION, by=world.counsellor).status == Status.REINTEGRATION


def test_the_full_path_from_intake_to_closed_leaves_one_row_per_step(world, rules):
    case = world.case
    actions.transition(case, Status.COUNSELLING, by=world.counsellor)
    make_interview(case, world.counsellor)
    give_consent(case, world.counsellor)
    give_consent(case, world.counsellor, purpose="partner_sharing")
    people_actions.add_document(
        case.principal,
        by=world.counsellor,
        doc_type="passport",
        number="P9",
        issuing_country="GN",
        expiry_date=datetime.date(2099, 1, 1),
    )
    steps = [
        (Status.APPLICATION, world.counsellor),
        (Status.ELIGIBILITY, world.counsellor),
        (Status.TRAVEL_PREPARATION, world.team_leader),
        (Status.READY_TO_DEPART, world.travel_officer),
        (Status.DEPARTED, world.travel_officer),
        (Status.REINTEGRATION, world.partner),
        (Status.MONITORING, world.partner),
        (Status.CLOSED, world.team_leader),
    ]
    for to, by in steps:
        if to == Status.TRAVEL_PREPARATION:
            approve_package(case, world.counsellor, world.team_leader)
        if to == Status.READY_TO_DEPART:
            make_booking(case, world.travel_officer)
        if to == Status.DEPARTED:  # recorded as the departure day, as on the travel page
            record_outcome(case, by=by, outcome="departed", date=timezone.localdate())
            case.refresh_from_db()
            continue
        case = actions.transition(case, to, by=by)
    rows = list(case.transitions.values_list("from_status", "to_status"))
    assert len(rows) == 10 and rows[-1] == (Status.MONITORING, Status.CLOSED)
    assert ReturnCase.objects.get(pk=case.pk).version == 10  # 1 at opening, +1 per move
