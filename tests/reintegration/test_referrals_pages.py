"""Persona matrices for the referral pages and API endpoints, and the
Partner panel and inbox behaviour."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import Referral
from tests.conftest import PERSONAS
from tests.factories import make_case


def _consent(case, world):
    return case_actions.record_consent(
        case,
        by=world.counsellor,
        person=case.principal,
        purpose="partner_sharing",
        state="given",
        date=timezone.localdate(),
        language="fr",
        method="signed_form",
        partner=world.iom,
    )


@pytest.fixture
def to_refer(world):
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.DEPARTED)
    _consent(case, world)
    return case


@pytest.fixture
def pending(world, to_refer):
    from reintegration.actions_referrals import refer_case

    return refer_case(to_refer, by=world.counsellor, partner=world.iom, partner_office=world.conakry)


# Refer: the sending office's counsellor, team leader and agency admin.
REFER_GET = {
    "counsellor": 200,
    "team_leader": 200,
    "ghent": 404,
    "travel_officer": 403,
    "agency_admin": 200,
    "analyst": 403,
    "ofii": 404,
    "partner": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_refer_page_matrix(as_persona, to_refer, persona):
    client = as_persona(persona)
    url = reverse("referral-create", args=[to_refer.pk])
    assert client.get(url).status_code == REFER_GET[persona]
    response = client.post(url, {"to": f"o{to_refer.office.pk}", "purpose": "reintegration"})
    assert response.status_code == REFER_GET[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_refer_post_matrix(world, as_persona, to_refer, persona):
    response = as_persona(persona).post(
        reverse("referral-create", args=[to_refer.pk]),
        {"to": f"o{world.conakry.pk}", "purpose": "reintegration", "message": "Hi"},
    )
    expected = REFER_GET[persona]
    assert response.status_code == (302 if expected == 200 else expected)
    assert to_refer.referrals.exists() == (expected == 200)


def test_refer_form_shows_the_consent_refusal_on_the_field(world, as_persona):
    case = make_case(world.bxl, world.counsellor, status=Status.DEPARTED)
    response = as_persona("counsellor").post(
        reverse("referral-create", args=[case.pk]), {"to": f"a{world.iom.pk}", "purpose": "reintegration"}
    )
    assert response.status_code == 200
    assert "has not consented" in response.content.decode()
    assert not case.referrals.exists()


def test_refer_form_lists_partners_and_offices_in_the_country_of_return(world, as_persona, to_refer):
    from tests.factories import make_office

    make_office(world.iom, "IOMDKR", "Dakar", "SN", "Africa/Dakar", "fr")
    html = as_persona("counsellor").get(reverse("referral-create", args=[to_refer.pk])).content.decode()
    assert f'value="a{world.iom.pk}"' in html and f'value="o{world.conakry.pk}"' in html
    assert "Dakar" not in html
    assert f'value="a{world.fedasil.pk}"' not in html


# Decisions ---------------------------------------------------------------------

ANSWER = {  # accept / decline / complete: only the addressed partner
    "counsellor": 403,
    "team_leader": 403,
    "ghent": 404,
    "travel_officer": 403,
    "agency_admin": 403,
    "analyst": 403,
    "ofii": 404,
    "partner": 302,
    "outsider": 404,
}
WITHDRAW = {
    "counsellor": 302,
    "team_leader": 302,
    "ghent": 404,
    "travel_officer": 403,
    "agency_admin": 302,
    "analyst": 403,
    "ofii": 404,
    "partner": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept_matrix(as_persona, pending, persona):
    response = as_persona(persona).post(reverse("referral-accept", args=[pending.case_id, pending.pk]))
    assert response.status_code == ANSWER[persona]
    pending.refresh_from_db()
    assert (pending.status == "accepted") == (ANSWER[persona] == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_decline_matrix(as_persona, pending, persona):
    client = as_persona(persona)
    url = reverse("referral-decline", args=[pending.case_id, pending.pk])
    assert client.get(url).status_code == (200 if ANSWER[persona] == 302 else ANSWER[persona])
    response = client.post(url, {"reason": "No capacity"})
    assert response.status_code == ANSWER[persona]
    pending.refresh_from_db()
    assert (pending.status == "declined") == (ANSWER[persona] == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_complete_matrix(world, as_persona, referred_case, persona):
    referral = referred_case.referral
    response = as_persona(persona).post(
        reverse("referral-complete", args=[referred_case.pk, referral.pk]), {"reason": "Done"}
    )
    assert response.status_code == ANSWER[persona]
    referral.refresh_from_db()
    assert (referral.status == "completed") == (ANSWER[persona] == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdraw_matrix(as_persona, pending, persona):
    client = as_persona(persona)
    url = reverse("referral-withdraw", args=[pending.case_id, pending.pk])
    response = client.post(url, {"reason": "Moved"})
    assert response.status_code == WITHDRAW[persona]
    pending.refresh_from_db()
    assert (pending.status == "withdrawn") == (WITHDRAW[persona] == 302)


def test_reason_is_required_on_the_pages(as_persona, pending):
    client = as_persona("partner")
    response = client.post(reverse("referral-decline", args=[pending.case_id, pending.pk]), {"reason": ""})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_a_referral_of_another_case_is_not_found(world, as_persona, pending, referred_case):
    response = as_persona("partner").post(reverse("referral-accept", args=[referred_case.pk, pending.pk]))
    assert response.status_code == 404


# The Partner panel ----------------------------------------------------------------


def test_panel_for_the_sending_office(as_persona, pending):
    html = as_persona("counsellor").get(reverse("case-detail", args=[pending.case_id])).content.decode()
    assert 'data-testid="partner-panel"' in html and "IOM Conakry" in html and "Pending" in html
    assert reverse("referral-withdraw", args=[pending.case_id, pending.pk]) in html
    assert reverse("referral-create", args=[pending.case_id]) in html
    assert reverse("referral-accept", args=[pending.case_id, pending.pk]) not in html
    assert 'data-testid="partner-view"' not in html


def test_panel_for_the_partner(as_persona, pending):
    html = as_persona("partner").get(reverse("case-detail", args=[pending.case_id])).content.decode()
    assert reverse("referral-accept", args=[pending.case_id, pending.pk]) in html
    assert reverse("referral-decline", args=[pending.case_id, pending.pk]) in html
    assert reverse("referral-withdraw", args=[pending.case_id, pending.pk]) not in html
    assert reverse("referral-create", args=[pending.case_id]) not in html
    assert 'data-testid="partner-view"' in html


def test_panel_for_read_only_staff(as_persona, pending):
    html = as_persona("analyst").get(reverse("case-detail", args=[pending.case_id])).content.decode()
    assert "IOM Conakry" in html
    assert reverse("referral-withdraw", args=[pending.case_id, pending.pk]) not in html
    assert reverse("referral-create", args=[pending.case_id]) not in html


def test_partner_sees_only_referrals_to_them(world, as_persona, referred_case):
    from tests.factories import make_agency

    caritas = make_agency("caritas", "Caritas International", "ngo", "BE")
    Referral.objects.create(case=referred_case, partner=caritas, status="accepted", message="CARITAS-ONLY")
    html = as_persona("partner").get(reverse("case-detail", args=[referred_case.pk])).content.decode()
    assert "CARITAS-ONLY" not in html and "Caritas International" not in html
    staff = as_persona("counsellor").get(reverse("case-detail", args=[referred_case.pk])).content.decode()
    assert "Caritas International" in staff


# The inbox ------------------------------------------------------------------------

INBOX = {p: 403 for p in PERSONAS} | {"partner": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_inbox_matrix(as_persona, persona):
    assert as_persona(persona).get(reverse("referrals-inbox")).status_code == INBOX[persona]
    assert as_persona(persona).get("/api/referrals/").status_code == INBOX[persona]


def test_inbox_pending_first_and_accept_from_it(world, as_persona, pending, referred_case):
    client = as_persona("partner")
    html = client.get(reverse("referrals-inbox")).content.decode()
    assert html.index(pending.case.number) < html.index(referred_case.number)
    response = client.post(reverse("referral-accept", args=[pending.case_id, pending.pk]), {"next": "inbox"})
    assert response.status_code == 302 and response["Location"] == reverse("referrals-inbox")
    pending.refresh_from_db()
    assert pending.status == "accepted"
    data = client.get("/api/referrals/").json()
    assert {r["id"] for r in data} >= {pending.pk, referred_case.referral.pk}


def test_inbox_empty_state(world, client):
    from organisations.models import Role
    from tests.factories import make_office, make_user

    labe = make_office(world.iom, "IOMLBE", "Labé", "GN", "Africa/Conakry", "fr")
    client.force_login(make_user("fatou", (labe, Role.PARTNER_CASEWORKER)))
    html = client.get(reverse("referrals-inbox")).content.decode()
    assert "No referral is waiting for an answer." in html


# The API ------------------------------------------------------------------------------

API_LIST = {
    "counsellor": 200,
    "team_leader": 200,
    "ghent": 404,
    "travel_officer": 200,
    "agency_admin": 200,
    "analyst": 200,
    "ofii": 404,
    "partner": 200,
    "outsider": 404,
}
# On a case not referred yet, the partner does not see it at all.
API_LIST_UNREFERRED = {**API_LIST, "partner": 404}
API_REFER = {**API_LIST_UNREFERRED, "travel_officer": 403, "analyst": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_referrals_matrix(world, as_persona, to_refer, persona):
    client = as_persona(persona)
    url = f"/api/cases/{to_refer.pk}/referrals/"
    assert client.get(url).status_code == API_LIST_UNREFERRED[persona]
    response = client.post(
        url, {"partner": world.iom.pk, "partner_office": world.conakry.pk}, content_type="application/json"
    )
    assert response.status_code == (201 if API_REFER[persona] == 200 else API_REFER[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_partner_view_matrix(as_persona, referred_case, persona):
    response = as_persona(persona).get(f"/api/cases/{referred_case.pk}/partner-view/")
    assert response.status_code == API_LIST[persona]


API_ANSWER = {k: (200 if v == 302 else v) for k, v in ANSWER.items()}
API_WITHDRAW = {k: (200 if v == 302 else v) for k, v in WITHDRAW.items()}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["accept", "decline"])
def test_api_answer_matrix(as_persona, pending, persona, kind):
    response = as_persona(persona).post(
        f"/api/cases/{pending.case_id}/referrals/{pending.pk}/{kind}/", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == API_ANSWER[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_complete_matrix(as_persona, referred_case, persona):
    response = as_persona(persona).post(
        f"/api/cases/{referred_case.pk}/referrals/{referred_case.referral.pk}/complete/",
        {"reason": "done"},
        content_type="application/json",
    )
    assert response.status_code == API_ANSWER[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_withdraw_matrix(as_persona, pending, persona):
    response = as_persona(persona).post(
        f"/api/cases/{pending.case_id}/referrals/{pending.pk}/withdraw/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == API_WITHDRAW[persona]


def test_api_refusals_are_problems_on_the_field(world, as_persona, pending, django_capture_on_commit_callbacks):
    client = as_persona("partner")
    url = f"/api/cases/{pending.case_id}/referrals/{pending.pk}/decline/"
    response = client.post(url, {"reason": " "}, content_type="application/json")
    assert response.status_code == 422
    assert "reason" in response.content.decode()
    case = make_case(world.bxl, world.counsellor, status=Status.DEPARTED)
    response = as_persona("counsellor").post(
        f"/api/cases/{case.pk}/referrals/", {"partner": world.iom.pk}, content_type="application/json"
    )
    assert response.status_code == 422 and "partner" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            f"/api/cases/{pending.case_id}/referrals/{pending.pk}/accept/", content_type="application/json"
        )
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert [m.to for m in mail.outbox] == [["sofie@example.org"]]
