"""The travel page and each of its forms against every persona.

Statuses: 200 page shown, 302 done and redirected, 403 may see the case but
not do this (partners never see the journey here), 404 cannot learn the case
exists. The case is the Brussels case referred to IOM, ready to depart with a
confirmed booking and a laissez-passer pending for the child."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import ReturnCase, Transition
from tests.conftest import PERSONAS
from tests.factories import approve_package, give_passports, make_booking, make_person
from travel import actions

TODAY = timezone.localdate()


@pytest.fixture
def ready(world, rules):
    case = world.case
    Transition.objects.create(
        case=case, from_status=case.status, to_status=Status.TRAVEL_PREPARATION, by=world.counsellor, reason="set-up"
    )
    ReturnCase.objects.filter(pk=case.pk).update(status=Status.TRAVEL_PREPARATION)
    case.refresh_from_db()
    case.decision = approve_package(case, world.counsellor, world.team_leader)
    child = make_person(world.bxl, world.counsellor, date_of_birth=datetime.date(2016, 4, 2))
    case_actions.add_member(case, child, by=world.counsellor, relation="child")
    give_passports(case, world.counsellor)
    case.booking = make_booking(case, world.travel_officer)
    case_actions.transition(case, Status.READY_TO_DEPART, by=world.travel_officer)
    case.refresh_from_db()
    case.child = child
    case.request = actions.request_document(
        case,
        by=world.counsellor,
        person=child,
        consulate="Embassy of Guinea, Brussels",
        issuing_country="GN",
        requested_on=TODAY,
    )
    return case


def _segment(day):
    d = day.isoformat()
    return {
        "seg1-mode": "flight",
        "seg1-carrier": "Brussels Airlines",
        "seg1-number": "SN241",
        "seg1-origin": "BRU",
        "seg1-origin_tz": "Europe/Brussels",
        "seg1-departs_at": f"{d}T10:40",
        "seg1-destination": "CKY",
        "seg1-destination_tz": "Africa/Conakry",
        "seg1-arrives_at": f"{d}T15:05",
    }


def _booking(c, **extra):
    day = TODAY + datetime.timedelta(days=20)
    return {
        "reference": "NEW1",
        "booked_by": "agency",
        "status": "provisional",
        "currency": "EUR",
        **_segment(day),
        **extra,
    }


# name: (method, url, data)
PAGES = {
    "page": ("get", lambda c: reverse("travel-case", args=[c.pk]), lambda c: {}),
    "request_document": (
        "post",
        lambda c: reverse("travel-document-request", args=[c.pk]),
        lambda c: {
            "request-person": c.principal.pk,
            "request-consulate": "Embassy of Guinea",
            "request-issuing_country": "GN",
            "request-requested_on": TODAY.isoformat(),
        },
    ),
    "reminder": (
        "post",
        lambda c: reverse("travel-document-reminder", args=[c.pk, c.request.pk]),
        lambda c: {f"reminder-{c.request.pk}-on": TODAY.isoformat()},
    ),
    "issued": (
        "post",
        lambda c: reverse("travel-document-issued", args=[c.pk, c.request.pk]),
        lambda c: {
            f"issued-{c.request.pk}-number": "LP-9",
            f"issued-{c.request.pk}-issued_on": TODAY.isoformat(),
            f"issued-{c.request.pk}-expiry_date": (TODAY + datetime.timedelta(days=90)).isoformat(),
        },
    ),
    "close_request": (
        "post",
        lambda c: reverse("travel-document-close", args=[c.pk, c.request.pk]),
        lambda c: {f"close-{c.request.pk}-status": "withdrawn", f"close-{c.request.pk}-reason": "Passport found"},
    ),
    "booking_form": ("get", lambda c: reverse("travel-booking-create", args=[c.pk]), lambda c: {}),
    "booking_create": ("post", lambda c: reverse("travel-booking-create", args=[c.pk]), _booking),
    "booking_edit_form": ("get", lambda c: reverse("travel-booking-edit", args=[c.pk, c.booking.pk]), lambda c: {}),
    "booking_edit": (
        "post",
        lambda c: reverse("travel-booking-edit", args=[c.pk, c.booking.pk]),
        lambda c: _booking(c, reference=c.booking.reference, status="confirmed", version=str(c.booking.version)),
    ),
    "booking_cancel": (
        "post",
        lambda c: reverse("travel-booking-cancel", args=[c.pk, c.booking.pk]),
        lambda c: {f"cancel-{c.booking.pk}-reason": "Flight cancelled by the airline"},
    ),
    "outcome": (
        "post",
        lambda c: reverse("travel-outcome", args=[c.pk]),
        lambda c: {"outcome-outcome": "departed", "outcome-date": TODAY.isoformat()},
    ),
    "payment": (
        "post",
        lambda c: reverse("travel-payment", args=[c.pk]),
        lambda c: {
            "payment-decision": c.decision.pk,
            "payment-paid_to": c.principal.pk,
            "payment-amount": "50.00",
            "payment-currency": "EUR",
            "payment-method": "cash",
            "payment-paid_on": TODAY.isoformat(),
        },
    ),
}

# fmt: off
#                       counsellor team_leader ghent travel admin analyst ofii partner outsider
EXPECTED = {
    "page":              [200, 200, 404, 200, 200, 200, 404, 403, 404],
    "request_document":  [302, 302, 404, 302, 302, 403, 404, 403, 404],
    "reminder":          [302, 302, 404, 302, 302, 403, 404, 403, 404],
    "issued":            [302, 302, 404, 302, 302, 403, 404, 403, 404],
    "close_request":     [302, 302, 404, 302, 302, 403, 404, 403, 404],
    "booking_form":      [403, 200, 404, 200, 200, 403, 404, 403, 404],
    "booking_create":    [403, 302, 404, 302, 302, 403, 404, 403, 404],
    "booking_edit_form": [403, 200, 404, 200, 200, 403, 404, 403, 404],
    "booking_edit":      [403, 302, 404, 302, 302, 403, 404, 403, 404],
    "booking_cancel":    [403, 302, 404, 302, 302, 403, 404, 403, 404],
    "outcome":           [403, 302, 404, 302, 302, 403, 404, 403, 404],
    "payment":           [403, 302, 404, 302, 302, 403, 404, 403, 404],
}
# fmt: on

CASES = [(page, persona, EXPECTED[page][i]) for page in PAGES for i, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize("page, persona, status", CASES, ids=[f"{p}-{q}" for p, q, _s in CASES])
def test_each_persona_gets_what_their_role_allows(ready, as_persona, page, persona, status):
    method, url, data = PAGES[page]
    response = getattr(as_persona(persona), method)(url(ready), data(ready))
    assert response.status_code == status, response.content.decode()[:2000] if status == 302 else ""
    if status == 302:
        assert response["Location"].startswith(reverse("travel-case", args=[ready.pk]))


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitor_is_sent_to_the_login_page(ready, client, page):
    method, url, data = PAGES[page]
    response = getattr(client, method)(url(ready), data(ready))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_on_a_post_only_endpoint_is_refused(ready, as_persona):
    client = as_persona("travel_officer")
    assert client.get(reverse("travel-outcome", args=[ready.pk])).status_code == 405
    assert client.get(reverse("travel-payment", args=[ready.pk])).status_code == 405


def test_another_case_s_request_or_booking_is_not_found(world, ready, as_persona, rules):
    from tests.factories import make_case

    other = make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)
    client = as_persona("travel_officer")
    url = reverse("travel-document-reminder", args=[other.pk, ready.request.pk])
    assert client.post(url, {f"reminder-{ready.request.pk}-on": TODAY.isoformat()}).status_code == 404
    url = reverse("travel-booking-cancel", args=[other.pk, ready.booking.pk])
    assert client.post(url, {f"cancel-{ready.booking.pk}-reason": "x"}).status_code == 404
    assert client.get(reverse("travel-booking-edit", args=[other.pk, ready.booking.pk])).status_code == 404


def test_only_the_forms_a_persona_may_use_are_shown(ready, as_persona):
    def page(name):
        return as_persona(name).get(reverse("travel-case", args=[ready.pk])).content.decode()

    officer, counsellor, analyst = page("travel_officer"), page("counsellor"), page("analyst")
    booking_edit = reverse("travel-booking-edit", args=[ready.pk, ready.booking.pk])
    for form in ("travel-document-request", "travel-outcome", "travel-payment", "travel-booking-create"):
        assert reverse(form, args=[ready.pk]) in officer
    assert f'href="{booking_edit}"' in officer
    assert reverse("travel-document-request", args=[ready.pk]) in counsellor
    for form in ("travel-outcome", "travel-payment", "travel-booking-create"):
        assert reverse(form, args=[ready.pk]) not in counsellor
    assert f'href="{booking_edit}"' not in counsellor
    assert f'action="/cases/{ready.pk}/' not in analyst
