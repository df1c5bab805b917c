"""A travel officer takes an approved case to departed in the browser: a
laissez-passer requested and issued, a two-flight booking typed in local
times, ready to depart from the case page, the departure recorded. The travel
page is also read on a phone."""

import datetime

from django.utils import timezone

from cases.lifecycle import Status
from tests.factories import approve_package, make_booking, make_case

TODAY = timezone.localdate()
DAY = TODAY + datetime.timedelta(days=12)


def _sign_in(page, live_server, login, user):
    user.set_password("retour-demo")
    user.save()
    login(page, live_server, user.username, "retour-demo")


def _approved_case(world):
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.TRAVEL_PREPARATION)
    approve_package(case, world.counsellor, world.team_leader)
    return case


def _fill_segment(form, n, values):
    for name, value in values.items():
        field = form.locator(f'[name="seg{n}-{name}"]')
        if name == "mode":
            field.select_option(value)
        else:
            field.fill(value)


def test_travel_officer_takes_an_approved_case_to_departed(
    transactional_db, world, rules, live_server, page, login, screenshot
):
    case = _approved_case(world)
    _sign_in(page, live_server, login, world.travel_officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    summary = page.get_by_test_id("travel-summary")
    assert "No confirmed booking yet." in summary.inner_text()
    summary.get_by_role("link", name="Travel documents, bookings and departure").click()
    page.get_by_role("heading", name="Ready to depart?").wait_for()
    screenshot(page, "travel-01-approved-case")

    # A laissez-passer, requested then issued.
    page.get_by_text("Request a laissez-passer").click()
    page.get_by_label("Consulate or embassy").fill("Embassy of Guinea, Brussels")
    page.get_by_role("button", name="Request the laissez-passer").click()
    page.get_by_text("is requested").wait_for()
    page.get_by_text("Record it as issued").first.click()
    card = page.locator('[data-testid^="request-"]').first
    card.get_by_label("Document number").fill("LP-2026-0042")
    card.get_by_label("Expiry date").fill((TODAY + datetime.timedelta(days=90)).isoformat())
    card.get_by_role("button", name="Record it as issued").click()
    page.get_by_text("is recorded as issued").wait_for()
    assert "Valid" in page.get_by_test_id("readiness").inner_text()

    # Two flights, typed in the local time of each airport.
    page.get_by_role("link", name="New booking").click()
    form = page.get_by_test_id("booking-form")
    d = DAY.isoformat()
    _fill_segment(
        form,
        1,
        {
            "carrier": "Turkish Airlines",
            "number": "TK1938",
            "origin": "BRU",
            "origin_tz": "Europe/Brussels",
            "departs_at": f"{d}T10:40",
            "destination": "IST",
            "destination_tz": "Europe/Istanbul",
            "arrives_at": f"{d}T15:00",
        },
    )
    form.get_by_text("Segment 2 (a connection)").click()
    _fill_segment(
        form,
        2,
        {
            "carrier": "Turkish Airlines",
            "number": "TK553",
            "origin": "IST",
            "origin_tz": "Europe/Istanbul",
            "departs_at": f"{d}T20:00",
            "destination": "CKY",
            "destination_tz": "Africa/Conakry",
            "arrives_at": f"{d}T23:55",
        },
    )
    form.get_by_label("Booking reference").fill("TK7Q2X")
    form.get_by_label("Confirmed").check()
    form.get_by_label("Cost").fill("612.40")
    form.get_by_label("Meeting point").fill("Brussels Airport, departures hall, row 7")
    form.get_by_label("Phone number to call on the day").fill("+32 2 555 01 23")
    screenshot(page, "travel-02-booking-form")
    form.get_by_role("button", name="Save the booking").click()
    page.get_by_text("Booking TK7Q2X is saved.").wait_for()
    booking = page.get_by_test_id("booking").first
    journey = booking.get_by_test_id("segments").inner_text()
    assert "10:40" in journey and "15:00 +03" in journey and "20:00 +03" in journey and "23:55 GMT" in journey
    assert "07:40" in booking.get_by_test_id("show-up").inner_text()
    assert "Nothing is missing." in page.get_by_test_id("readiness").inner_text()
    screenshot(page, "travel-03-booked")

    # Ready to depart, from the case page's next steps.
    page.get_by_role("link", name="Mark the case ready to depart on the case page").click()
    page.get_by_role("button", name="Mark ready to depart").click()
    page.get_by_text("The case is now “Ready to depart”.").wait_for()

    # The departure day.
    page.get_by_test_id("travel-summary").get_by_role("link").click()
    outcome = page.get_by_test_id("outcome-form")
    outcome.get_by_label("Departed").check()
    outcome.get_by_role("button", name="Record").click()
    page.get_by_text("Recorded: Departed.").wait_for()
    assert page.get_by_test_id("case-status").inner_text() == "Departed"
    assert "Departed" in page.get_by_test_id("outcomes").inner_text()
    screenshot(page, "travel-04-departed")
    case.refresh_from_db()
    assert case.status == Status.DEPARTED


def test_the_travel_page_reads_on_a_phone(transactional_db, world, rules, live_server, phone_page, login, screenshot):
    case = _approved_case(world)
    make_booking(case, world.travel_officer, day=DAY, wheelchair=True, meeting_point="Brussels Airport, row 7")
    _sign_in(phone_page, live_server, login, world.travel_officer)
    phone_page.goto(f"{live_server.url}/cases/{case.pk}/travel/")
    phone_page.get_by_role("heading", name="Bookings").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the travel page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "travel-05-phone")
    phone_page.goto(f"{live_server.url}/cases/{case.pk}/travel/bookings/new/")
    phone_page.get_by_test_id("booking-form").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the booking form scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "travel-06-phone-booking-form")
