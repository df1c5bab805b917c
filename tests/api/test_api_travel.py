"""The journey in the API: every persona against every travel endpoint, a
two-segment booking given with UTC offsets read back in local times, and
refusals as problem details naming the field."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.lifecycle import Status
from cases.models import ReturnCase, Transition
from tests.api.helpers import call, fields_at_fault, problem
from tests.conftest import PERSONAS
from tests.factories import approve_package, give_passports, make_booking
from travel.models import Booking, PremiumPayment
from travel.readiness import premium_at_departure

TODAY = timezone.localdate()
DAY = TODAY + datetime.timedelta(days=9)

#             counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
EXPECTED = {
    "journey": (200, 200, 404, 200, 200, 200, 404, 403, 404),
    "request document": (201, 201, 404, 201, 201, 403, 404, 403, 404),
    "book": (403, 201, 404, 201, 201, 403, 404, 403, 404),
    "cancel booking": (403, 200, 404, 200, 200, 403, 404, 403, 404),
    "record departure": (403, 201, 404, 201, 201, 403, 404, 403, 404),
    "pay premium": (403, 201, 404, 201, 201, 403, 404, 403, 404),
}


def _jump(case, status, by):
    Transition.objects.create(case=case, from_status=case.status, to_status=status, by=by, reason="test set-up")
    ReturnCase.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()


def _segments():
    return [
        {
            "carrier": "Turkish Airlines",
            "number": "TK1938",
            "origin": "BRU",
            "origin_tz": "Europe/Brussels",
            "departs_at": f"{DAY}T11:05:00+01:00",
            "destination": "IST",
            "destination_tz": "Europe/Istanbul",
            "arrives_at": f"{DAY}T16:40:00+03:00",
        },
        {
            "carrier": "Turkish Airlines",
            "number": "TK583",
            "origin": "IST",
            "origin_tz": "Europe/Istanbul",
            "departs_at": f"{DAY}T19:10:00+03:00",
            "destination": "CKY",
            "destination_tz": "Africa/Conakry",
            "arrives_at": f"{DAY}T23:55:00+00:00",
        },
    ]


def request_for(endpoint: str, world):
    case = world.case
    base = f"/api/cases/{case.pk}/travel/"
    _jump(case, Status.TRAVEL_PREPARATION, world.team_leader)
    decision = approve_package(case, world.counsellor, world.team_leader)
    if endpoint == "journey":
        return "get", base, None
    if endpoint == "request document":
        body = {
            "person": case.principal_id,
            "consulate": "Embassy of Guinea, Brussels",
            "issuing_country": "gn",
            "requested_on": str(TODAY),
        }
        return "post", base + "document-requests/", body
    if endpoint == "book":
        return "post", base + "bookings/", {"reference": "TK7Q2", "booked_by": "iom", "segments": _segments()}
    booking = make_booking(case, world.travel_officer)
    if endpoint == "cancel booking":
        return "post", f"{base}bookings/{booking.pk}/cancel/", {"reason": "Flight cancelled by the airline"}
    give_passports(case, world.counsellor)
    _jump(case, Status.READY_TO_DEPART, world.travel_officer)
    if endpoint == "record departure":
        return "post", base + "departure/", {"outcome": "departed", "date": str(TODAY)}
    if endpoint == "pay premium":
        body = {
            "decision": decision.pk,
            "paid_to": case.principal_id,
            "amount": "100.00",
            "currency": "EUR",
            "paid_on": str(TODAY),
        }
        return "post", base + "payments/", body
    raise AssertionError(endpoint)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", EXPECTED)
def test_each_persona_gets_the_expected_status_from_each_travel_endpoint(world, rules, as_persona, endpoint, persona):
    method, url, body = request_for(endpoint, world)
    response = call(as_persona(persona), method, url, body)
    expected = EXPECTED[endpoint][PERSONAS.index(persona)]
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_a_booking_given_with_offsets_comes_back_in_local_times(world, rules, as_persona):
    method, url, body = request_for("book", world)
    response = call(as_persona("travel_officer"), method, url, body)
    assert response.status_code == 201, response.content
    first, second = response.json()["segments"]
    leaves = datetime.datetime.fromisoformat(f"{DAY}T11:05:00+01:00").astimezone(ZoneInfo("Europe/Brussels"))
    assert first["local_departure"] == leaves.isoformat()
    assert datetime.datetime.fromisoformat(first["departs_at"]) == leaves
    assert second["local_arrival"] == f"{DAY}T23:55:00+00:00"
    assert response.json()["show_up_at"] == (leaves - datetime.timedelta(hours=3)).isoformat()
    journey = call(as_persona("counsellor"), "get", f"/api/cases/{world.case.pk}/travel/").json()
    assert [b["reference"] for b in journey["bookings"]] == ["TK7Q2"]
    assert journey["ready_booking"] is None  # provisional


def test_bad_segments_are_refused_naming_the_segment_and_nothing_is_saved(world, rules, as_persona):
    method, url, body = request_for("book", world)
    body["segments"][1]["departs_at"] = f"{DAY}T15:00:00+03:00"  # before the first one lands
    body["segments"][0]["origin_tz"] = "Europe/Brussels"
    response = call(as_persona("travel_officer"), method, url, body)
    assert fields_at_fault(problem(response, 422)) == {"segments.2.departs_at"}
    body["segments"] = []
    response = call(as_persona("travel_officer"), method, url, body)
    assert "segments" in fields_at_fault(problem(response, 400))
    assert not Booking.objects.exists()


def test_an_overpayment_is_refused_on_the_amount(world, rules, as_persona):
    method, url, body = request_for("pay premium", world)
    allowed = premium_at_departure(world.case.eligibility_decisions.get())
    body["amount"] = str(allowed + 1)
    body_problem = problem(call(as_persona("travel_officer"), method, url, body), 422)
    assert fields_at_fault(body_problem) == {"amount"}
    assert "approved to be paid at departure" in body_problem["detail"]
    assert not PremiumPayment.objects.exists()


def test_a_payment_to_someone_outside_the_case_is_a_field_error(world, rules, as_persona):
    method, url, body = request_for("pay premium", world)
    body["paid_to"] = world.ghent_case.principal_id
    assert fields_at_fault(problem(call(as_persona("travel_officer"), method, url, body), 400)) == {"paid_to"}
