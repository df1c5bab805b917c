"""The travel page of a case through the Django test client: a travel officer
takes an approved case from travel preparation to departed, each form end to
end, and the refusals of the actions shown on the fields they concern."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.lifecycle import Status
from core.models import AuditEvent
from people.models import IdentityDocument
from tests.factories import give_passports, make_booking, make_person
from travel import actions
from travel.models import Booking, BookingStatus, DepartureOutcome, DocumentRequest, PremiumPayment, RequestStatus
from travel.readiness import premium_at_departure

TODAY = timezone.localdate()
DAY = TODAY + datetime.timedelta(days=12)


def _page(client, case):
    response = client.get(reverse("travel-case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """The page's words, tags and repeated spaces removed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _segment(n, origin, origin_tz, departs, destination, destination_tz, arrives, **extra):
    data = {
        "mode": "flight",
        "carrier": "Turkish Airlines",
        "number": f"TK{n}00",
        "origin": origin,
        "origin_tz": origin_tz,
        "departs_at": departs,
        "destination": destination,
        "destination_tz": destination_tz,
        "arrives_at": arrives,
        **extra,
    }
    return {f"seg{n}-{k}": v for k, v in data.items()}


def _booking_post(*segments, **fields):
    data = {"reference": "TK7Q2X", "booked_by": "agency", "status": "confirmed", "currency": "EUR", **fields}
    for seg in segments:
        data.update(seg)
    return data


def _istanbul_connection(day=DAY):
    d = day.isoformat()
    return (
        _segment(1, "BRU", "Europe/Brussels", f"{d}T10:40", "IST", "Europe/Istanbul", f"{d}T15:00"),
        _segment(2, "IST", "Europe/Istanbul", f"{d}T20:00", "CKY", "Africa/Conakry", f"{d}T23:55"),
    )


@pytest.fixture
def officer(as_persona):
    return as_persona("travel_officer")


# The page ------------------------------------------------------------------


def test_the_page_says_what_is_missing_and_shows_empty_states(world, travel_case, officer):
    html = _page(officer, travel_case)
    text = _text(html)
    assert "Still missing before the case can be marked ready to depart" in text
    assert "No confirmed booking yet." in text
    assert f"{travel_case.principal.full_name} : no valid passport or laissez-passer." in text
    assert "No booking yet." in text and "No laissez-passer requested." in text
    assert "Nothing recorded yet." in text
    assert "Payable at departure" in text and "350.00 EUR" in text
    assert f'<span dir="auto">{travel_case.principal.full_name}</span>' in html
    # The premium is paid once the case is ready to depart: no form yet.
    assert 'data-testid="payment-form"' not in html
    assert reverse("travel-booking-create", args=[travel_case.pk]) in html


def test_the_case_page_links_to_the_travel_page_with_a_one_line_summary(world, travel_case, as_persona):
    html = as_persona("counsellor").get(reverse("case-detail", args=[travel_case.pk])).content.decode()
    assert 'data-testid="travel-summary"' in html
    assert reverse("travel-case", args=[travel_case.pk]) in html
    assert "No confirmed booking yet." in html
    # A case still in intake, with no booking, has no travel block.
    intake = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'data-testid="travel-summary"' not in intake


def test_a_partner_sees_the_case_page_without_the_travel_block(world, as_persona):
    from cases.models import ReturnCase

    ReturnCase.objects.filter(pk=world.case.pk).update(status=Status.TRAVEL_PREPARATION)
    html = as_persona("partner").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'data-testid="travel-summary"' not in html
    analyst = as_persona("analyst").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'data-testid="travel-summary"' in analyst


def test_an_analyst_reads_the_page_without_any_form(world, travel_case, as_persona):
    make_booking(travel_case, world.travel_officer)
    html = _page(as_persona("analyst"), travel_case)
    assert f'action="/cases/{travel_case.pk}/' not in html
    assert "Request a laissez-passer" not in html and "New booking" not in html and "Cancel this booking" not in html


def test_a_counsellor_may_request_documents_but_not_book(world, travel_case, as_persona):
    html = _page(as_persona("counsellor"), travel_case)
    assert "Request a laissez-passer" in html
    assert "New booking" not in html and 'data-testid="outcome-form"' not in html


# Travel documents ---------------------------------------------------------


def test_a_laissez_passer_is_requested_reminded_and_issued(world, travel_case, officer):
    url = reverse("travel-document-request", args=[travel_case.pk])
    requested_on = TODAY - datetime.timedelta(days=9)
    response = officer.post(
        url,
        {
            "request-person": travel_case.principal.pk,
            "request-consulate": "Embassy of Guinea, Brussels",
            "request-issuing_country": "GN",
            "request-requested_on": requested_on.isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    req = DocumentRequest.objects.get(case=travel_case)
    text = _text(_page(officer, travel_case))
    assert "Embassy of Guinea, Brussels" in text and "pending for 9 days" in text
    assert "Laissez-passer requested on" in text

    # A second pending request for the same person is refused on the person field.
    again = officer.post(
        url,
        {
            "request-person": travel_case.principal.pk,
            "request-consulate": "Embassy of Guinea",
            "request-issuing_country": "GN",
            "request-requested_on": TODAY.isoformat(),
        },
    )
    assert again.status_code == 200
    assert "already pending" in again.context["request_form"].errors["person"][0]

    remind = reverse("travel-document-reminder", args=[travel_case.pk, req.pk])
    assert officer.post(remind, {f"reminder-{req.pk}-on": TODAY.isoformat()}).status_code == 302
    req.refresh_from_db()
    assert (req.reminders_sent, req.last_reminder_on) == (1, TODAY)
    text = _text(_page(officer, travel_case))
    assert "Reminders sent 1" in text

    issued = reverse("travel-document-issued", args=[travel_case.pk, req.pk])
    bad = officer.post(
        issued,
        {
            f"issued-{req.pk}-number": "LP-1",
            f"issued-{req.pk}-issued_on": TODAY.isoformat(),
            f"issued-{req.pk}-expiry_date": TODAY.isoformat(),
        },
    )
    assert bad.status_code == 200
    form = bad.context["requests"][0].issued_form
    assert "expiry date must come after" in form.errors["expiry_date"][0]
    assert not IdentityDocument.objects.filter(person=travel_case.principal).exists()

    expiry = TODAY + datetime.timedelta(days=60)
    response = officer.post(
        issued,
        {
            f"issued-{req.pk}-number": "LP-0042",
            f"issued-{req.pk}-issued_on": TODAY.isoformat(),
            f"issued-{req.pk}-expiry_date": expiry.isoformat(),
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.ISSUED and req.document.number == "LP-0042"
    text = _text(_page(officer, travel_case))
    assert "no valid passport or laissez-passer" not in text
    assert "Consular laissez-passer LP-0042" in text and "Valid" in text


def test_a_request_is_closed_only_with_a_reason(world, travel_case, as_persona):
    counsellor = as_persona("counsellor")
    req = actions.request_document(
        travel_case,
        by=world.counsellor,
        person=travel_case.principal,
        consulate="Embassy of Guinea",
        issuing_country="GN",
        requested_on=TODAY,
    )
    url = reverse("travel-document-close", args=[travel_case.pk, req.pk])
    response = counsellor.post(url, {f"close-{req.pk}-status": "refused", f"close-{req.pk}-reason": ""})
    assert response.status_code == 200
    assert response.context["requests"][0].close_form.errors["reason"]
    assert "open" in re.search(
        r"<details[^>]*>\s*<summary[^>]*>\s*<span[^>]*>Refused or withdrawn", response.content.decode()
    ).group(0)
    req.refresh_from_db()
    assert req.status == RequestStatus.REQUESTED
    response = counsellor.post(
        url, {f"close-{req.pk}-status": "refused", f"close-{req.pk}-reason": "No proof of nationality"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert (req.status, req.outcome_reason) == ("refused", "No proof of nationality")
    assert "No proof of nationality" in _page(counsellor, travel_case)


# Bookings -----------------------------------------------------------------


def test_a_two_segment_flight_is_booked_in_local_times_and_shown_in_local_times(world, travel_case, officer):
    url = reverse("travel-booking-create", args=[travel_case.pk])
    assert officer.get(url).status_code == 200
    data = _booking_post(*_istanbul_connection(), cost="612.40", wheelchair="on", meeting_point="Brussels return desk")
    response = officer.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    booking = Booking.objects.get(case=travel_case)
    first, second = booking.ordered_segments()
    brussels, istanbul, conakry = (ZoneInfo(z) for z in ("Europe/Brussels", "Europe/Istanbul", "Africa/Conakry"))
    assert first.departs_at == datetime.datetime.combine(DAY, datetime.time(10, 40), tzinfo=brussels)
    assert first.arrives_at == datetime.datetime.combine(DAY, datetime.time(15, 0), tzinfo=istanbul)
    assert second.arrives_at == datetime.datetime.combine(DAY, datetime.time(23, 55), tzinfo=conakry)
    assert (booking.status, booking.cost, booking.wheelchair) == ("confirmed", Decimal("612.40"), True)
    assert booking.created_by == world.travel_officer

    html = _page(officer, travel_case)
    text = _text(html)
    day = DAY.strftime("%d/%m/%Y")
    # Each time in the local time of its place, with the zone's abbreviation.
    brussels_abbr = first.departs_at.astimezone(brussels).strftime("%Z")
    assert f"BRU {day} 10:40 {brussels_abbr}" in text
    assert f"IST {day} 15:00 +03" in text
    assert f"IST {day} 20:00 +03" in text
    assert f"CKY {day} 23:55 GMT" in text
    # Show up three hours before the flight, at Brussels airport.
    assert f"Show up at {day} 07:40 {brussels_abbr}, Brussels return desk" in text
    assert "Wheelchair" in text and "612.40 EUR" in text
    assert "No confirmed booking yet." not in text
    assert "Booking made" in text  # its history


def test_a_bad_segment_shows_its_error_on_the_field_and_nothing_is_saved(world, travel_case, officer):
    url = reverse("travel-booking-create", args=[travel_case.pk])
    d = DAY.isoformat()
    leg1 = _segment(1, "BRU", "Europe/Brussels", f"{d}T10:40", "IST", "Europe/Istanbul", f"{d}T15:00")
    # Leaves Istanbul before the first flight lands there.
    early = _segment(2, "IST", "Europe/Istanbul", f"{d}T14:00", "CKY", "Africa/Conakry", f"{d}T20:00")
    response = officer.post(url, _booking_post(leg1, early))
    assert response.status_code == 200
    form = response.context["form"]
    assert "leaves before the previous one arrives" in form.segment_forms[1].errors["departs_at"][0]
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_seg2-departs_at"' in html
    # The typed values are kept: the user corrects, not retypes.
    assert 'value="2' in html and "Turkish Airlines" in html

    # Arriving before it leaves, counted in UTC (11:00 Conakry is before 13:30 Brussels).
    backwards = _segment(1, "BRU", "Europe/Brussels", f"{d}T13:30", "CKY", "Africa/Conakry", f"{d}T11:00")
    response = officer.post(url, _booking_post(backwards))
    assert "arrives before it leaves" in response.context["form"].segment_forms[0].errors["arrives_at"][0]

    # An unknown time zone is refused on its field.
    unknown = _segment(1, "BRU", "Europe/Bruxelles", f"{d}T10:40", "CKY", "Africa/Conakry", f"{d}T15:00")
    response = officer.post(url, _booking_post(unknown))
    assert response.context["form"].segment_forms[0].errors["origin_tz"]

    # A segment half filled in is not silently dropped.
    half = {"seg2-carrier": "Turkish Airlines"}
    response = officer.post(url, _booking_post(leg1, half))
    assert response.context["form"].segment_forms[1].errors["origin"]
    assert not Booking.objects.exists()
    assert not AuditEvent.objects.filter(object_type="travel.booking").exists()


def test_a_time_typed_anywhere_keeps_its_place_not_the_office_zone(world, travel_case, officer):
    # 02:30 on the night Brussels moves its clocks forward exists in Kabul.
    spring = datetime.date(TODAY.year + 1, 3, 31)
    while spring.weekday() != 6:
        spring -= datetime.timedelta(days=1)
    d = spring.isoformat()
    leg = _segment(1, "KBL", "Asia/Kabul", f"{d}T02:30", "IST", "Europe/Istanbul", f"{d}T08:00")
    response = officer.post(reverse("travel-booking-create", args=[travel_case.pk]), _booking_post(leg))
    assert response.status_code == 302
    seg = Booking.objects.get().ordered_segments()[0]
    assert seg.local_departure.strftime("%Y-%m-%d %H:%M") == f"{d} 02:30"
    # The same time in Brussels does not exist.
    gap = _segment(1, "BRU", "Europe/Brussels", f"{d}T02:30", "IST", "Europe/Istanbul", f"{d}T08:00")
    response = officer.post(reverse("travel-booking-create", args=[travel_case.pk]), _booking_post(gap))
    assert "does not exist" in response.context["form"].segment_forms[0].errors["departs_at"][0]


def test_a_booking_is_changed_with_its_history_and_a_stale_edit_is_refused(world, travel_case, officer, as_persona):
    booking = make_booking(travel_case, world.travel_officer, status="provisional", day=DAY)
    url = reverse("travel-booking-edit", args=[travel_case.pk, booking.pk])
    html = officer.get(url).content.decode()
    assert f'value="{DAY.isoformat()}T10:40"' in html  # local time at Brussels, as typed
    assert 'name="version" value="1"' in html
    later = DAY + datetime.timedelta(days=1)
    seg = _segment(
        1,
        "BRU",
        "Europe/Brussels",
        f"{later}T06:00",
        "CKY",
        "Africa/Conakry",
        f"{later}T12:00",
        carrier="Brussels Airlines",
        number="SN241",
    )
    data = _booking_post(seg, reference=booking.reference, status="confirmed", version="1")
    response = officer.post(url, data)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.version) == ("confirmed", 2)
    text = _text(_page(officer, travel_case))
    assert "Booking changed" in text and "Provisional → Confirmed" in text
    assert "Ines" in text  # who changed it

    # Marc loaded the form before Ines saved: his save is refused, nothing changes.
    response = as_persona("team_leader").post(url, {**data, "status": "provisional"})
    assert response.status_code == 200
    assert "Someone else changed this booking" in response.content.decode()
    booking.refresh_from_db()
    assert (booking.status, booking.version) == ("confirmed", 2)


def test_a_cancelled_booking_stays_greyed_with_its_reason(world, travel_case, officer):
    booking = make_booking(travel_case, world.travel_officer)
    url = reverse("travel-booking-cancel", args=[travel_case.pk, booking.pk])
    response = officer.post(url, {f"cancel-{booking.pk}-reason": " "})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    response = officer.post(url, {f"cancel-{booking.pk}-reason": "The airline cancelled the flight"})
    assert response.status_code == 302
    html = _page(officer, travel_case)
    assert "The airline cancelled the flight" in html and "retour-muted" in html
    assert "Booking cancelled" in _text(html)
    assert reverse("travel-booking-edit", args=[travel_case.pk, booking.pk]) not in html
    # A cancelled booking cannot be changed.
    response = officer.get(reverse("travel-booking-edit", args=[travel_case.pk, booking.pk]))
    assert response.status_code == 302


# Departure day and premium ------------------------------------------------


def _mark_ready(client, case):
    response = client.post(reverse("case-transition", args=[case.pk]), {"to_status": Status.READY_TO_DEPART})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.READY_TO_DEPART, case.status


def test_booked_ready_departed_and_paid(world, travel_case, officer):
    give_passports(travel_case, world.counsellor)
    response = officer.post(
        reverse("travel-booking-create", args=[travel_case.pk]), _booking_post(*_istanbul_connection())
    )
    assert response.status_code == 302
    assert "Nothing is missing." in _text(_page(officer, travel_case))
    _mark_ready(officer, travel_case)

    html = _page(officer, travel_case)
    assert 'data-testid="payment-form"' in html and 'data-testid="outcome-form"' in html
    allowed = premium_at_departure(travel_case.decision)
    pay = reverse("travel-payment", args=[travel_case.pk])
    payment = {
        "payment-decision": travel_case.decision.pk,
        "payment-paid_to": travel_case.principal.pk,
        "payment-amount": str(allowed - Decimal("100.00")),
        "payment-currency": "EUR",
        "payment-method": "cash",
        "payment-paid_on": TODAY.isoformat(),
    }
    assert officer.post(pay, payment).status_code == 302
    receipt = PremiumPayment.objects.get()
    assert receipt.receipt_number == f"{travel_case.number}-P1" and receipt.officer == world.travel_officer

    # One cent more than what is left: refused on the amount, nothing saved.
    response = officer.post(pay, {**payment, "payment-amount": "100.01"})
    assert response.status_code == 200
    assert "Refused" in response.context["payment_form"].errors["amount"][0]
    assert "100.01 EUR" in response.content.decode()
    assert PremiumPayment.objects.count() == 1

    response = officer.post(
        reverse("travel-outcome", args=[travel_case.pk]),
        {"outcome-outcome": "departed", "outcome-date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    travel_case.refresh_from_db()
    assert travel_case.status == Status.DEPARTED
    text = _text(_page(officer, travel_case))
    assert "Departed" in text and "The departure is recorded." in text
    assert f"{travel_case.number}-P1" in text and f"{allowed - Decimal('100.00'):,.2f} EUR" in text
    assert "Still to pay 100.00 EUR" in text
    # After departure no new booking, no outcome form; the rest of the premium may still be paid.
    html = _page(officer, travel_case)
    assert "New booking" not in html and 'data-testid="outcome-form"' not in html
    assert 'data-testid="payment-form"' in html


def test_a_payment_in_another_currency_is_refused_on_the_currency(world, travel_case, officer):
    give_passports(travel_case, world.counsellor)
    make_booking(travel_case, world.travel_officer)
    _mark_ready(officer, travel_case)
    response = officer.post(
        reverse("travel-payment", args=[travel_case.pk]),
        {
            "payment-decision": travel_case.decision.pk,
            "payment-paid_to": travel_case.principal.pk,
            "payment-amount": "10",
            "payment-currency": "gnf",
            "payment-method": "cash",
            "payment-paid_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "same currency" in response.context["payment_form"].errors["currency"][0]
    assert not PremiumPayment.objects.exists()


def test_a_postponement_needs_a_new_date_and_cancels_the_booking(world, travel_case, officer):
    give_passports(travel_case, world.counsellor)
    booking = make_booking(travel_case, world.travel_officer)
    _mark_ready(officer, travel_case)
    url = reverse("travel-outcome", args=[travel_case.pk])
    response = officer.post(
        url, {"outcome-outcome": "postponed", "outcome-date": TODAY.isoformat(), "outcome-reason": "Sick child"}
    )
    assert response.status_code == 200
    assert response.context["outcome_form"].errors["new_date"]
    assert not DepartureOutcome.objects.exists()
    new_date = TODAY + datetime.timedelta(days=14)
    response = officer.post(
        url,
        {
            "outcome-outcome": "postponed",
            "outcome-date": TODAY.isoformat(),
            "outcome-new_date": new_date.isoformat(),
            "outcome-reason": "Sick child",
        },
    )
    assert response.status_code == 302
    travel_case.refresh_from_db()
    booking.refresh_from_db()
    assert travel_case.status == Status.TRAVEL_PREPARATION and booking.status == BookingStatus.CANCELLED
    text = _text(_page(officer, travel_case))
    assert "Postponed" in text and "Sick child" in text and "new date" in text


def test_departing_without_a_ready_case_is_refused_with_a_message(world, travel_case, officer):
    make_booking(travel_case, world.travel_officer)
    response = officer.post(
        reverse("travel-outcome", args=[travel_case.pk]),
        {"outcome-outcome": "departed", "outcome-date": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["outcome_form"].non_field_errors()
    assert not DepartureOutcome.objects.exists()


def test_every_member_is_listed_with_their_documents(world, travel_case, officer):
    from cases import actions as case_actions

    child = make_person(
        world.bxl, world.counsellor, given_name="Aïcha", family_name="Diallo", date_of_birth=datetime.date(2015, 3, 1)
    )
    case_actions.add_member(travel_case, child, by=world.counsellor, relation="child")
    give_passports(travel_case, world.counsellor, valid_until=DAY - datetime.timedelta(days=1))
    make_booking(travel_case, world.travel_officer, day=DAY)
    text = _text(_page(officer, travel_case))
    assert "Expires before the travel date" in text
    assert "no passport or laissez-passer valid on the travel date" in text
    assert text.count("no passport or laissez-passer valid on the travel date") == 2


def test_a_withdrawn_case_keeps_its_travel_block_with_the_cancelled_booking(world, travel_case, officer):
    make_booking(travel_case, world.travel_officer)
    actions.record_outcome(
        travel_case, by=world.travel_officer, outcome="cancelled", date=TODAY, reason="Changed her mind"
    )
    travel_case.refresh_from_db()
    assert travel_case.status == Status.WITHDRAWN
    html = officer.get(reverse("case-detail", args=[travel_case.pk])).content.decode()
    assert 'data-testid="travel-summary"' in html
    assert "No departure is being prepared for this case." in html
    text = _text(_page(officer, travel_case))
    assert "Changed her mind" in text and "Cancelled" in text
    assert "Still missing" not in text


def _count_travel_page(client, case) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _page(client, case)
    return len(queries)


def test_the_page_query_count_does_not_grow_with_bookings_requests_or_payments(world, travel_case, officer):
    give_passports(travel_case, world.counsellor)
    first = make_booking(travel_case, world.travel_officer, day=DAY)
    actions.request_document(
        travel_case,
        by=world.counsellor,
        person=travel_case.principal,
        consulate="Embassy of Guinea",
        issuing_country="GN",
        requested_on=TODAY,
    )
    one = _count_travel_page(officer, travel_case)
    actions.update_booking(
        first,
        by=world.travel_officer,
        expected_version=1,
        segments=[{**s, "carrier": "SN"} for s in _segments_of(first)],
        status="confirmed",
        cost=Decimal("10"),
    )
    for n in range(3):
        booking = make_booking(travel_case, world.travel_officer, day=DAY + datetime.timedelta(days=n + 1))
        actions.cancel_booking(booking, by=world.travel_officer, reason=f"Test {n}")
    many = _count_travel_page(officer, travel_case)
    assert many <= one, (one, many)


def _segments_of(booking):
    from travel.actions import SEGMENT_FIELDS

    return [{k: getattr(s, k) for k in SEGMENT_FIELDS} for s in booking.ordered_segments()]
