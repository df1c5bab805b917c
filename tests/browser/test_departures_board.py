"""An agency administrator opens the departures board from the header: two
offices' departures grouped by day, one ready and one missing a document,
and the calendar address below."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from cases.lifecycle import Status
from tests.factories import approve_package, give_passports, make_booking, make_case, make_person, segment
from travel import actions as travel_actions


def test_admin_reads_the_departures_board(transactional_db, world, rules, live_server, page, login, screenshot):
    today = timezone.localdate(timezone=ZoneInfo("Europe/Brussels"))
    ready = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.TRAVEL_PREPARATION)
    approve_package(ready, world.counsellor, world.team_leader)
    give_passports(ready, world.counsellor)
    make_booking(ready, world.travel_officer, day=today + datetime.timedelta(days=3))
    principal = make_person(world.ghent_office, world.ghent, given_name="Nour", family_name="الهاشمي")
    missing = make_case(
        world.ghent_office, world.ghent, principal=principal, status=Status.TRAVEL_PREPARATION, country_of_return="IQ"
    )
    d = today + datetime.timedelta(days=3)
    legs = [
        segment("BRU", "Europe/Brussels", datetime.datetime.combine(d, datetime.time(13, 0)), "IST",
                "Europe/Istanbul", datetime.datetime.combine(d, datetime.time(17, 30)), number="TK1938"),
        segment("IST", "Europe/Istanbul", datetime.datetime.combine(d, datetime.time(20, 0)), "EBL",
                "Asia/Baghdad", datetime.datetime.combine(d, datetime.time(22, 10)), number="TK330"),
    ]  # fmt: skip
    travel_actions.create_booking(
        missing, by=world.ghent, segments=legs, reference="TK-EBL", booked_by="agency", status="provisional"
    )
    world.agency_admin.set_password("retour-demo")
    world.agency_admin.save()
    login(page, live_server, "hilde", "retour-demo")

    page.get_by_role("link", name="Departures").click()
    page.wait_for_url("**/travel/departures/")
    table = page.locator("table.govuk-table")
    assert table.locator("tbody tr").count() == 3  # one day heading, two journeys
    assert "BRU → EBL" in table.inner_text() and "BRU → CKY" in table.inner_text()
    assert page.get_by_text("Not ready").count() == 1
    assert page.locator("#feed-url").input_value().startswith(live_server.url + "/travel/departures.ics?key=")
    assert screenshot(page, "departures-board").stat().st_size > 0
