"""The departures board and its calendar feed: who sees which departures,
in local time at the place of departure, with what each still needs; the
feed carries no personal data and its address can be replaced."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cases.lifecycle import Status
from cases.models import ReturnCase
from organisations.models import Membership
from people.models import Relation
from tests.conftest import PERSONAS
from tests.factories import approve_package, give_passports, make_booking, make_case, make_person, segment
from travel import actions as travel_actions
from travel import views_board
from travel.models import FeedKey

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = timezone.localdate(timezone=BRUSSELS)


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def abbr(d: datetime.date, t: datetime.time, tz: str = "Europe/Brussels") -> str:
    """The zone abbreviation on that day (CET in winter, CEST in summer)."""
    return datetime.datetime.combine(d, t, ZoneInfo(tz)).tzname()


def board(client, **params):
    response = client.get(reverse("departures"), params)
    assert response.status_code == 200
    return response


def rows_of(response):
    return [row for _day, rows in response.context["days"] for row in rows]


def numbers(response) -> list[str]:
    return [row.case.number for row in rows_of(response)]


@pytest.fixture
def ready_case(world, travel_case):
    """The Brussels travel case with passports and a confirmed flight in 10 days."""
    give_passports(travel_case, world.counsellor)
    travel_case.booking = make_booking(travel_case, world.travel_officer, day=day(10))
    return travel_case


def _travel_case(world, office, by, **fields):
    return make_case(office, by, counsellor=by, status=Status.TRAVEL_PREPARATION, **fields)


# The board ----------------------------------------------------------------------


def test_the_board_lists_an_upcoming_departure_in_local_time(world, as_persona, ready_case):
    response = board(as_persona("travel_officer"))
    [row] = rows_of(response)
    assert row.booking == ready_case.booking
    assert row.local_date == day(10)
    zone = abbr(day(10), datetime.time(10, 40))
    assert row.departs_label == f"10:40 {zone}"
    assert row.show_up_label == f"07:40 {zone}"  # three hours before a flight
    assert row.arrives_label == "15:05 GMT"  # Conakry
    assert (row.origin, row.destination, row.travellers) == ("BRU", "CKY", 1)
    assert row.ready
    html = response.content.decode()
    assert f"10:40 {zone}" in html and f"07:40 {zone}" in html
    assert reverse("case-detail", args=[ready_case.pk]) in html
    assert ready_case.number in html
    assert f'<span dir="auto">{ready_case.principal.full_name}</span>' in html
    assert "Guinea" in html and "1 traveller" in html
    assert "Ready" in html and "Booking confirmed" in html


def test_a_two_segment_journey_after_midnight_is_on_its_local_day(world, as_persona, travel_case):
    """00:30 in Brussels is still the previous day in UTC: the board files it
    under the Brussels date, from Brussels to the final destination."""
    d = day(12)
    legs = [
        segment("BRU", "Europe/Brussels", datetime.datetime.combine(d, datetime.time(0, 30)), "IST",
                "Europe/Istanbul", datetime.datetime.combine(d, datetime.time(5, 0)), number="TK1938"),
        segment("IST", "Europe/Istanbul", datetime.datetime.combine(d, datetime.time(9, 15)), "CKY",
                "Africa/Conakry", datetime.datetime.combine(d, datetime.time(14, 20)), number="TK541"),
    ]  # fmt: skip
    booking = travel_actions.create_booking(
        travel_case, by=world.travel_officer, segments=legs, reference="TKX1", booked_by="agency", status="confirmed"
    )
    assert booking.departs_at.astimezone(datetime.UTC).date() == d - datetime.timedelta(days=1)
    [(group_day, [row])] = board(as_persona("travel_officer"), date_from=d - datetime.timedelta(days=1)).context["days"]
    assert group_day == d
    zone = abbr(d, datetime.time(0, 30))
    assert row.departs_label == f"00:30 {zone}"
    # The show-up time is the evening before: it carries its date.
    assert row.show_up_label.endswith(f"21:30 {zone}")
    assert row.show_up_label.startswith((d - datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    assert (row.origin, row.destination, row.arrives_label) == ("BRU", "CKY", "14:20 GMT")


def test_cancelled_bookings_past_departures_and_departed_cases_are_not_shown(world, as_persona, ready_case):
    yesterday = _travel_case(world, world.bxl, world.counsellor)
    make_booking(yesterday, world.travel_officer, day=day(-1))
    cancelled = _travel_case(world, world.bxl, world.counsellor)
    travel_actions.cancel_booking(
        make_booking(cancelled, world.travel_officer, day=day(3)), by=world.travel_officer, reason="Flight changed"
    )
    gone = _travel_case(world, world.bxl, world.counsellor)
    make_booking(gone, world.travel_officer, day=day(4))
    ReturnCase.objects.filter(pk=gone.pk).update(status=Status.DEPARTED)
    today = _travel_case(world, world.bxl, world.counsellor)
    make_booking(today, world.travel_officer, day=day(0))
    assert numbers(board(as_persona("travel_officer"))) == [today.number, ready_case.number]


def test_office_users_see_their_office_and_agency_roles_the_whole_agency(world, as_persona, ready_case):
    ghent = _travel_case(world, world.ghent_office, world.ghent)
    make_booking(ghent, world.ghent, day=day(5))
    marseille = _travel_case(world, world.mrs, world.ofii, country_of_return="SN")
    make_booking(marseille, world.ofii, day=day(6))
    assert numbers(board(as_persona("counsellor"))) == [ready_case.number]
    assert numbers(board(as_persona("ghent"))) == [ghent.number]
    assert numbers(board(as_persona("ofii"))) == [marseille.number]
    for persona in ("agency_admin", "analyst"):
        response = board(as_persona(persona))
        assert numbers(response) == [ghent.number, ready_case.number]
        assert response.context["show_office"]
        assert "Fedasil Ghent" in response.content.decode()
    # The office filter stays within the scope.
    assert numbers(board(as_persona("agency_admin"), office=world.ghent_office.pk)) == [ghent.number]
    response = as_persona("counsellor").get(reverse("departures"), {"office": world.ghent_office.pk})
    assert response.status_code == 200 and numbers(response) == [ready_case.number]
    assert response.context["form"].errors["office"]


def test_readiness_says_in_plain_words_what_is_missing(world, as_persona, rules):
    # No documents, a provisional booking and no approved package.
    case = _travel_case(world, world.bxl, world.counsellor)
    make_booking(case, world.travel_officer, day=day(8), status="provisional")
    response = board(as_persona("travel_officer"))
    [row] = rows_of(response)
    assert [c.done for c in row.checks] == [False, False, False]
    assert not row.ready
    words = [c.words for c in row.checks]
    assert row.checks[0].names == [case.principal.full_name]
    assert words[0].startswith("No passport or laissez-passer valid on")
    assert f"<bdi>{case.principal.full_name}</bdi>" in response.content.decode()
    assert words[1] == "Booking not confirmed yet (provisional)"
    assert words[2] == "No approved assistance package"
    assert case.principal.full_name not in row.checks[0].anonymous_words
    assert "for 1 of 1 traveller" in row.checks[0].anonymous_words


@pytest.mark.parametrize(("valid_days", "ready"), [(9, False), (10, True), (None, True)])
def test_documents_must_be_valid_on_the_travel_date(world, as_persona, travel_case, valid_days, ready):
    """A family of two: the child's passport decides; it expires the day
    before the flight, on the day, or is a laissez-passer without expiry."""
    child = make_person(world.bxl, world.counsellor)
    family = _travel_case(world, world.bxl, world.counsellor, members=[(child, Relation.CHILD)])
    approve_package(family, world.counsellor, world.team_leader)
    make_booking(family, world.travel_officer, day=day(10))
    from people import actions as people_actions

    people_actions.add_document(
        family.principal, by=world.counsellor, doc_type="passport", number="P1", issuing_country="GN",
        expiry_date=day(400),
    )  # fmt: skip
    people_actions.add_document(
        child, by=world.counsellor, doc_type="laissez_passer" if valid_days is None else "passport", number="P2",
        issuing_country="GN", expiry_date=None if valid_days is None else day(valid_days),
    )  # fmt: skip
    [row] = rows_of(board(as_persona("travel_officer")))
    assert row.travellers == 2
    assert row.checks[0].done is ready and row.ready is ready
    if not ready:
        assert row.checks[0].names == [child.full_name]


def test_a_national_id_card_is_not_a_travel_document(world, as_persona, travel_case):
    from people import actions as people_actions

    people_actions.add_document(
        travel_case.principal, by=world.counsellor, doc_type="national_id", number="ID1", issuing_country="GN"
    )
    make_booking(travel_case, world.travel_officer, day=day(10))
    [row] = rows_of(board(as_persona("travel_officer")))
    assert not row.checks[0].done


def test_filters_by_dates_airport_and_country(world, as_persona, ready_case):
    senegal = _travel_case(world, world.bxl, world.counsellor, country_of_return="SN")
    d = day(40)
    leg = segment("CRL", "Europe/Brussels", datetime.datetime.combine(d, datetime.time(9, 0)), "DSS", "Africa/Dakar",
                  datetime.datetime.combine(d, datetime.time(14, 0)))  # fmt: skip
    travel_actions.create_booking(
        senegal, by=world.travel_officer, segments=[leg], reference="CRL1", booked_by="agency", status="confirmed"
    )
    client = as_persona("travel_officer")
    response = board(client)  # today to 30 days ahead
    assert numbers(response) == [ready_case.number]
    assert response.context["form"]["date_from"].value() == TODAY
    wide = {"date_from": TODAY.isoformat(), "date_to": day(60).isoformat()}
    response = board(client, **wide)
    assert numbers(response) == [ready_case.number, senegal.number]
    assert [v for v, _label in response.context["form"].fields["origin"].widget.choices] == ["", "BRU", "CRL"]
    assert [v for v, _label in response.context["form"].fields["country"].widget.choices] == ["", "GN", "SN"]
    assert numbers(board(client, **wide, origin="CRL")) == [senegal.number]
    assert numbers(board(client, **wide, country="GN")) == [ready_case.number]
    assert numbers(board(client, date_from=day(11).isoformat(), date_to=day(60).isoformat())) == [senegal.number]
    assert numbers(board(client, **wide, origin="CDG")) == []
    # A period the wrong way round is refused, and the default shown.
    response = board(client, date_from=day(20).isoformat(), date_to=day(1).isoformat())
    assert response.context["form"].errors["date_to"]


def test_empty_state_and_pagination(world, as_persona, travel_case, monkeypatch):
    response = board(as_persona("travel_officer"))
    assert "No departure in this period" in response.content.decode()
    monkeypatch.setattr(views_board, "PAGE_SIZE", 2)
    cases = [travel_case] + [_travel_case(world, world.bxl, world.counsellor) for _ in range(2)]
    for i, case in enumerate(cases):
        make_booking(case, world.travel_officer, day=day(i + 1))
    first = board(as_persona("travel_officer"), origin="BRU")
    assert numbers(first) == [cases[0].number, cases[1].number]
    assert "page=2" in first.content.decode() and "origin=BRU" in first.content.decode()
    assert numbers(board(as_persona("travel_officer"), origin="BRU", page=2)) == [cases[2].number]


# Who sees the board -------------------------------------------------------------

# fmt: off
#            counsellor team_leader ghent travel admin analyst ofii partner outsider
BOARD =     [200,       200,        200,  200,   200,  200,    200, 403,    403]
SEES_BXL =  [True,      True,       False, True, True, True,   False, False, False]
# fmt: on


@pytest.mark.parametrize(("persona", "status", "sees"), list(zip(PERSONAS, BOARD, SEES_BXL, strict=True)))
def test_persona_matrix(world, as_persona, persona, status, sees):
    # The Brussels case referred to IOM: the partner still gets no board.
    ReturnCase.objects.filter(pk=world.case.pk).update(status=Status.TRAVEL_PREPARATION)
    world.case.refresh_from_db()
    make_booking(world.case, world.travel_officer, day=day(2))
    client = as_persona(persona)
    response = client.get(reverse("departures"))
    assert response.status_code == status
    if status == 200:
        assert (world.case.number in response.content.decode()) is sees
    home = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("departures")}"' in home) is (status == 200)
    post = client.post(reverse("departures-feed-key"))
    assert post.status_code == (302 if status == 200 else 403)


def test_anonymous_users_are_sent_to_sign_in(client, world):
    assert client.get(reverse("departures")).status_code == 302
    assert client.post(reverse("departures-feed-key")).status_code == 302


def test_the_number_of_queries_does_not_grow_with_the_rows(world, as_persona, rules, django_assert_max_num_queries):
    client = as_persona("agency_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            board(client)
        return len(ctx.captured_queries)

    def add_departure(office, by, n):
        child = make_person(office, by)
        case = _travel_case(world, office, by, members=[(child, Relation.CHILD)])
        approve_package(case, world.counsellor if office == world.bxl else by, world.agency_admin)
        give_passports(case, by)
        make_booking(case, world.travel_officer, day=day(n % 20 + 1))

    add_departure(world.bxl, world.counsellor, 1)
    board(client)  # the calendar key is made on the first visit
    one = count()
    for n in range(2, 9):
        add_departure(world.ghent_office if n % 2 else world.bxl, world.ghent if n % 2 else world.counsellor, n)
    assert len(rows_of(board(client))) == 8
    assert count() == one
    with django_assert_max_num_queries(10):  # measured: 10
        board(client)


# The calendar feed ---------------------------------------------------------------


def _key(client) -> str:
    board(client)
    return client.get(reverse("departures")).context["feed_url"].split("key=")[1]


def test_the_feed_lists_departures_without_personal_data(world, as_persona, ready_case, client):
    user_client = as_persona("travel_officer")
    key = _key(user_client)
    assert FeedKey.objects.get(user=world.travel_officer).key == key
    assert "http://testserver/travel/departures.ics?key=" in user_client.get(reverse("departures")).content.decode()
    response = client.get(reverse("departures-ics"), {"key": key})  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    raw = response.content.decode()
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    booking = ready_case.booking
    first = booking.ordered_segments()[0]
    assert str(event["UID"]) == f"booking-{booking.pk}@retour"
    start = event.decoded("DTSTART")
    assert start == first.departs_at and start.utcoffset() == datetime.timedelta(0)
    assert f"DTSTART:{first.departs_at.astimezone(datetime.UTC):%Y%m%dT%H%M%S}Z" in raw
    assert event.decoded("DTEND") == booking.ordered_segments()[-1].arrives_at
    assert event.decoded("LAST-MODIFIED") == booking.updated_at.replace(microsecond=0)
    summary = str(event["SUMMARY"])
    assert ready_case.number in summary and "BRU" in summary and "CKY" in summary
    description = str(event["DESCRIPTION"])
    assert f"http://testserver{reverse('case-detail', args=[ready_case.pk])}" in description
    assert "Ready to depart." in description and "Booking confirmed" in description
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -datetime.timedelta(hours=3)  # the show-up time
    principal = ready_case.principal
    for text in (principal.given_name, principal.family_name, principal.full_name):
        assert text.lower() not in raw.lower()


def test_the_feed_names_no_one_even_when_documents_are_missing(world, as_persona, travel_case, client):
    make_booking(travel_case, world.travel_officer, day=day(10))
    key = _key(as_persona("counsellor"))
    raw = client.get(reverse("departures-ics"), {"key": key}).content.decode()
    assert "Not ready yet" in raw.replace("\r\n ", "")
    assert travel_case.principal.family_name.lower() not in raw.lower()
    assert travel_case.principal.given_name.lower() not in raw.lower()


@pytest.mark.parametrize("params", [{}, {"key": ""}, {"key": "not-a-key"}])
def test_a_missing_or_wrong_key_is_a_404(world, client, params):
    FeedKey.objects.create(user=world.travel_officer, key="the-real-key")
    assert client.get(reverse("departures-ics"), params).status_code == 404


def test_a_new_address_makes_the_old_one_stop_working(world, as_persona, ready_case, client):
    user_client = as_persona("travel_officer")
    old = _key(user_client)
    assert client.get(reverse("departures-ics"), {"key": old}).status_code == 200
    assert user_client.get(reverse("departures-feed-key")).status_code == 405
    response = user_client.post(reverse("departures-feed-key"))
    assert response.status_code == 302 and response["Location"].endswith(reverse("departures") + "#calendar")
    new = _key(user_client)
    assert new != old and len(new) >= 40
    assert client.get(reverse("departures-ics"), {"key": old}).status_code == 404
    assert client.get(reverse("departures-ics"), {"key": new}).status_code == 200


def test_the_feed_follows_the_owners_current_scope(world, as_persona, ready_case, client):
    ghent = _travel_case(world, world.ghent_office, world.ghent)
    make_booking(ghent, world.ghent, day=day(50))  # beyond the board's 30 days, within the feed's 90
    later = _travel_case(world, world.bxl, world.counsellor)
    make_booking(later, world.travel_officer, day=day(95))  # beyond the feed
    key = _key(as_persona("agency_admin"))

    def uids():
        cal = Calendar.from_ical(client.get(reverse("departures-ics"), {"key": key}).content)
        return sorted(str(e["UID"]) for e in cal.walk("VEVENT"))

    ghent_booking = ghent.bookings.get()
    assert uids() == sorted([f"booking-{ready_case.booking.pk}@retour", f"booking-{ghent_booking.pk}@retour"])
    Membership.objects.filter(user=world.agency_admin).delete()
    assert uids() == []


def test_the_feed_query_count_is_constant(world, as_persona, travel_case, client, django_assert_max_num_queries):
    key = _key(as_persona("agency_admin"))
    make_booking(travel_case, world.travel_officer, day=day(3))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("departures-ics"), {"key": key})
    for n in range(4):
        case = _travel_case(world, world.ghent_office, world.ghent)
        give_passports(case, world.ghent)
        make_booking(case, world.ghent, day=day(n + 4))
    with CaptureQueriesContext(connection) as many:
        cal = Calendar.from_ical(client.get(reverse("departures-ics"), {"key": key}).content)
    assert len(cal.walk("VEVENT")) == 5
    assert len(many.captured_queries) == len(one.captured_queries)
    with django_assert_max_num_queries(7):  # measured: 7
        client.get(reverse("departures-ics"), {"key": key})
