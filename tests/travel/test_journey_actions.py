"""Travel documents, bookings across time zones, the departure day and the
premium paid then: the actions and the lifecycle moves they drive."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.lifecycle import Status
from cases.models import Transition
from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from people.models import IdentityDocument
from tests.factories import give_passports, make_booking, segment
from travel import actions
from travel.models import BookingStatus, DepartureOutcome, PremiumPayment, RequestStatus
from travel.readiness import premium_at_departure

TODAY = timezone.localdate()


def _request(case, by, **extra):
    return actions.request_document(
        case,
        by=by,
        person=case.principal,
        consulate="Embassy of Guinea, Brussels",
        issuing_country="GN",
        requested_on=extra.pop("requested_on", TODAY - datetime.timedelta(days=30)),
        **extra,
    )


def test_a_laissez_passer_request_is_reminded_then_issued_as_a_document(world, travel_case):
    req = _request(travel_case, world.counsellor)
    with pytest.raises(DomainError, match="already pending"):
        _request(travel_case, world.counsellor)
    actions.record_reminder(req, by=world.counsellor, on=TODAY - datetime.timedelta(days=10))
    req = actions.record_reminder(req, by=world.counsellor, on=TODAY)
    assert (req.reminders_sent, req.last_reminder_on) == (2, TODAY)
    req = actions.record_issued(
        req, by=world.travel_officer, number="LP-0042", issued_on=TODAY, expiry_date=TODAY + datetime.timedelta(days=30)
    )
    assert req.status == RequestStatus.ISSUED
    doc = IdentityDocument.objects.get(person=travel_case.principal)
    assert (doc.doc_type, doc.number, doc.expiry_date, req.document) == (
        "laissez_passer",
        "LP-0042",
        TODAY + datetime.timedelta(days=30),
        doc,
    )
    with pytest.raises(DomainError, match="no longer pending"):
        actions.record_reminder(req, by=world.counsellor, on=TODAY)
    actions_logged = list(AuditEvent.objects.filter(case_id=travel_case.pk).values_list("action", flat=True))
    assert actions_logged.count("document_request.reminded") == 2
    assert "document_request.issued" in actions_logged


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"number": "", "issued_on": TODAY, "expiry_date": TODAY + datetime.timedelta(days=9)}, "number"),
        ({"number": "L1", "issued_on": TODAY + datetime.timedelta(days=1), "expiry_date": None}, "issued_on"),
        ({"number": "L1", "issued_on": TODAY - datetime.timedelta(days=99), "expiry_date": TODAY}, "issued_on"),
        ({"number": "L1", "issued_on": TODAY, "expiry_date": TODAY}, "expiry_date"),
    ],
)
def test_bad_issue_details_are_refused_and_nothing_is_saved(world, travel_case, kwargs, field):
    req = _request(travel_case, world.counsellor)
    with pytest.raises(DomainError) as info:
        actions.record_issued(req, by=world.counsellor, **kwargs)
    assert info.value.field == field
    req.refresh_from_db()
    assert req.status == RequestStatus.REQUESTED
    assert not IdentityDocument.objects.filter(person=travel_case.principal).exists()


def test_a_refused_request_keeps_its_reason_and_a_new_one_can_be_made(world, travel_case):
    req = _request(travel_case, world.counsellor)
    with pytest.raises(DomainError, match="reason"):
        actions.close_request(req, by=world.counsellor, status="refused", reason=" ")
    actions.close_request(req, by=world.counsellor, status="refused", reason="Nationality not confirmed")
    req.refresh_from_db()
    assert (req.status, req.outcome_reason) == ("refused", "Nationality not confirmed")
    assert _request(travel_case, world.counsellor).status == RequestStatus.REQUESTED


def test_segments_are_checked_in_utc_across_time_zones(world, travel_case):
    day = TODAY + datetime.timedelta(days=12)
    # Brussels 10:40 (UTC+1 or +2) → Istanbul 15:00 (UTC+3): arrives later in UTC.
    leg1 = segment("BRU", "Europe/Brussels", _at(day, 10, 40), "IST", "Europe/Istanbul", _at(day, 15, 0))
    # Istanbul 20:00 → Conakry 23:55 (UTC+0).
    leg2 = segment("IST", "Europe/Istanbul", _at(day, 20, 0), "CKY", "Africa/Conakry", _at(day, 23, 55))
    booking = actions.create_booking(
        travel_case, by=world.travel_officer, segments=[leg1, leg2], reference="TK1Z9", booked_by="iom"
    )
    first, second = booking.ordered_segments()
    assert first.local_departure.hour == 10 and first.local_departure.tzinfo == ZoneInfo("Europe/Brussels")
    assert second.local_arrival.strftime("%H:%M") == "23:55"
    assert booking.departs_at == leg1["departs_at"]
    # Flight time 8h in UTC terms: 23:55 Conakry (UTC) - 10:40 Brussels.
    assert (second.arrives_at - first.departs_at) == datetime.timedelta(hours=13, minutes=15) + _brussels_offset(day)
    # Show-up time: 3 hours before a flight, local time at Brussels airport.
    assert booking.show_up_at.strftime("%H:%M") == "07:40"
    booking.show_up_minutes = 240
    assert booking.show_up_at.strftime("%H:%M") == "06:40"


def test_bus_show_up_time_is_thirty_minutes(world, travel_case):
    day = TODAY + datetime.timedelta(days=5)
    bus = segment(
        "Brussels-North",
        "Europe/Brussels",
        _at(day, 8, 0),
        "Tbilisi",
        "Asia/Tbilisi",
        _at(day + datetime.timedelta(days=2), 9, 0),
        mode="bus",
    )
    booking = actions.create_booking(
        travel_case, by=world.travel_officer, segments=[bus], reference="BUS1", booked_by="agency"
    )
    assert booking.show_up_at.strftime("%H:%M") == "07:30"


def test_a_segment_arriving_before_it_leaves_in_utc_is_refused(world, travel_case):
    day = TODAY + datetime.timedelta(days=12)
    # 11:00 in Conakry is 12:00 or 13:00 in Brussels: leaving Brussels at 13:30 arrives "before".
    bad = segment("BRU", "Europe/Brussels", _at(day, 13, 30), "CKY", "Africa/Conakry", _at(day, 11, 0))
    with pytest.raises(DomainError, match="Segment 1 arrives before it leaves") as info:
        actions.create_booking(travel_case, by=world.travel_officer, segments=[bad], reference="X", booked_by="iom")
    assert info.value.field == "segments.1.arrives_at"
    leg1 = segment("BRU", "Europe/Brussels", _at(day, 10, 0), "IST", "Europe/Istanbul", _at(day, 15, 0))
    early = segment("IST", "Europe/Istanbul", _at(day, 14, 0), "CKY", "Africa/Conakry", _at(day, 20, 0))
    with pytest.raises(DomainError, match="Segment 2 leaves before the previous one arrives"):
        actions.create_booking(
            travel_case, by=world.travel_officer, segments=[leg1, early], reference="X", booked_by="iom"
        )
    unknown = {**leg1, "origin_tz": "Europe/Bruxelles"}
    with pytest.raises(DomainError, match="unknown time zone"):
        actions.create_booking(travel_case, by=world.travel_officer, segments=[unknown], reference="X", booked_by="iom")
    assert not travel_case.bookings.exists()


def test_booking_changes_are_kept_as_history_and_stale_edits_refused(world, travel_case):
    booking = make_booking(travel_case, world.travel_officer, status="provisional", cost=Decimal("450.00"))
    later = TODAY + datetime.timedelta(days=14)
    leg = segment("BRU", "Europe/Brussels", _at(later, 6, 0), "CKY", "Africa/Conakry", _at(later, 12, 0))
    booking = actions.update_booking(
        booking, by=world.travel_officer, expected_version=1, segments=[leg], status="confirmed", wheelchair=True
    )
    assert (booking.status, booking.wheelchair, booking.version) == ("confirmed", True, 2)
    with pytest.raises(StaleEdit):
        actions.update_booking(booking, by=world.travel_officer, expected_version=1, segments=[leg])
    change = AuditEvent.objects.get(action="booking.changed", object_id=str(booking.pk))
    assert change.changes["status"] == ["provisional", "confirmed"]
    old_line, new_line = change.changes["segments"]
    assert "10:40" in old_line[0] and "06:00" in new_line[0]


def test_a_cancelled_booking_stays_visible_and_a_ready_case_goes_back(world, travel_case):
    give_passports(travel_case, world.counsellor)
    booking = make_booking(travel_case, world.travel_officer)
    from cases import actions as case_actions

    case = case_actions.transition(travel_case, Status.READY_TO_DEPART, by=world.travel_officer)
    with pytest.raises(DomainError, match="reason"):
        actions.cancel_booking(booking, by=world.travel_officer, reason="")
    actions.cancel_booking(booking, by=world.travel_officer, reason="Airline cancelled the flight")
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "Airline cancelled the flight")
    assert travel_case.bookings.count() == 1
    case.refresh_from_db()
    assert case.status == Status.TRAVEL_PREPARATION
    with pytest.raises(DomainError, match="cancelled"):
        actions.update_booking(booking, by=world.travel_officer, expected_version=booking.version, segments=[])


def _ready(world, case):
    from cases import actions as case_actions

    give_passports(case, world.counsellor)
    booking = make_booking(case, world.travel_officer)
    case_actions.transition(case, Status.READY_TO_DEPART, by=world.travel_officer)
    case.refresh_from_db()
    return booking


def test_departed_moves_the_case_and_keeps_the_booking(world, travel_case):
    booking = _ready(world, travel_case)
    record = actions.record_outcome(travel_case, by=world.travel_officer, outcome="departed", date=TODAY)
    travel_case.refresh_from_db()
    assert (travel_case.status, record.booking) == (Status.DEPARTED, booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("no_show", Status.NO_SHOW), ("cancelled", Status.WITHDRAWN), ("postponed", Status.TRAVEL_PREPARATION)],
)
def test_other_outcomes_move_the_case_and_cancel_the_booking(world, travel_case, outcome, status):
    booking = _ready(world, travel_case)
    with pytest.raises(DomainError, match="reason"):
        actions.record_outcome(travel_case, by=world.travel_officer, outcome=outcome, date=TODAY)
    record = actions.record_outcome(
        travel_case,
        by=world.travel_officer,
        outcome=outcome,
        date=TODAY,
        new_date=TODAY + datetime.timedelta(days=7),
        reason="Sick child",
    )
    travel_case.refresh_from_db()
    booking.refresh_from_db()
    assert travel_case.status == status
    assert booking.status == BookingStatus.CANCELLED
    assert (record.new_date is not None) == (outcome == "postponed")
    assert Transition.objects.filter(case=travel_case, to_status=status).exists()


def test_postponing_needs_a_later_date_and_departing_needs_a_ready_case(world, travel_case):
    with pytest.raises(DomainError, match="No confirmed booking"):
        actions.record_outcome(travel_case, by=world.travel_officer, outcome="departed", date=TODAY)
    make_booking(travel_case, world.travel_officer)
    with pytest.raises(DomainError, match="cannot move"):
        actions.record_outcome(travel_case, by=world.travel_officer, outcome="departed", date=TODAY)
    with pytest.raises(DomainError, match="new departure date"):
        actions.record_outcome(
            travel_case, by=world.travel_officer, outcome="postponed", date=TODAY, new_date=TODAY, reason="Strike"
        )
    assert not DepartureOutcome.objects.exists()
    travel_case.refresh_from_db()
    assert travel_case.status == Status.TRAVEL_PREPARATION


def test_a_counsellor_cannot_record_a_departure(world, travel_case):
    _ready(world, travel_case)
    with pytest.raises(DomainError, match="Your role does not allow"):
        actions.record_outcome(travel_case, by=world.counsellor, outcome="departed", date=TODAY)
    assert not DepartureOutcome.objects.exists()


def _pay(world, case, amount, **extra):
    return actions.record_payment(
        case,
        by=world.travel_officer,
        decision=extra.pop("decision", case.decision),
        paid_to=case.principal,
        amount=Decimal(amount),
        currency=extra.pop("currency", "EUR"),
        method="cash",
        paid_on=TODAY,
    )


def test_the_premium_is_paid_up_to_the_approved_amount_and_no_more(world, travel_case):
    _ready(world, travel_case)
    allowed = premium_at_departure(travel_case.decision)
    assert allowed > 0
    first = _pay(world, travel_case, allowed - Decimal("50.00"))
    assert first.receipt_number == f"{travel_case.number}-P1"
    with pytest.raises(DomainError, match="Refused") as info:
        _pay(world, travel_case, "50.01")
    assert info.value.field == "amount"
    assert "50.01 EUR" in str(info.value.message)
    second = _pay(world, travel_case, "50.00")
    assert second.receipt_number == f"{travel_case.number}-P2"
    with pytest.raises(DomainError, match="Refused"):
        _pay(world, travel_case, "0.01")
    assert PremiumPayment.objects.count() == 2


def test_payment_mistakes_are_named(world, travel_case):
    with pytest.raises(DomainError, match="ready to depart"):
        _pay(world, travel_case, "10")
    _ready(world, travel_case)
    with pytest.raises(DomainError, match="same currency"):
        _pay(world, travel_case, "10", currency="GNF")
    with pytest.raises(DomainError, match="greater than zero"):
        _pay(world, travel_case, "0")
    assert not PremiumPayment.objects.exists()


def _at(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def _brussels_offset(day):
    """Brussels is UTC+1 in winter and UTC+2 in summer; Conakry is UTC."""
    return datetime.datetime.combine(day, datetime.time(12)).replace(tzinfo=ZoneInfo("Europe/Brussels")).utcoffset()
