"""The monitoring pages and API: every persona against each, the partner
recording a visit with its survey, the chart and its table, and the
sending office's list of overdue visits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegration.actions_monitoring import record_visit
from reintegration.models import SurveyResponse
from tests.api.helpers import call, fields_at_fault, problem
from tests.conftest import PERSONAS
from tests.reintegration.test_rss_scores import ANSWERS_A

TODAY = timezone.localdate()

#             counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
PAGES = {
    "monitoring": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "visit form": (403, 403, 404, 403, 403, 403, 404, 200, 404),
    "record visit": (403, 403, 404, 403, 403, 403, 404, 302, 404),
    "overdue list": (200, 200, 200, 403, 200, 200, 200, 403, 403),
}
API = {
    "monitoring": (200, 200, 404, 200, 200, 200, 404, 200, 404),
    "record visit": (403, 403, 404, 403, 403, 403, 404, 200, 404),
}


def _form(**answers):
    body = {"done_on": TODAY.isoformat(), "mode": "home", "findings": "The shop is open."}
    body.update({f"rss_{k}": v for k, v in answers.items()})
    return body


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_each_persona_gets_the_expected_status_from_each_page(world, monitored_case, as_persona, page, persona):
    case = monitored_case
    visit = case.monitoring_visits.get(months=3)
    client = as_persona(persona)
    if page == "monitoring":
        response = client.get(reverse("monitoring-case", args=[case.pk]))
    elif page == "visit form":
        response = client.get(reverse("monitoring-visit-record", args=[case.pk, visit.pk]))
    elif page == "record visit":
        response = client.post(reverse("monitoring-visit-record", args=[case.pk, visit.pk]), _form(debt="none"))
    else:
        response = client.get(reverse("monitoring-overdue"))
    assert response.status_code == PAGES[page][PERSONAS.index(persona)]
    visit.refresh_from_db()
    assert (visit.done_on is not None) == (page == "record visit" and persona == "partner")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", API)
def test_each_persona_gets_the_expected_status_from_each_endpoint(world, monitored_case, as_persona, endpoint, persona):
    case = monitored_case
    visit = case.monitoring_visits.get(months=3)
    if endpoint == "monitoring":
        response = call(as_persona(persona), "get", f"/api/cases/{case.pk}/monitoring/")
    else:
        body = {"done_on": TODAY.isoformat(), "mode": "phone", "findings": "Fine.", "answers": {"debt": "none"}}
        response = call(as_persona(persona), "post", f"/api/cases/{case.pk}/monitoring/visits/{visit.pk}/record/", body)
    expected = API[endpoint][PERSONAS.index(persona)]
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_not_logged_in(client, monitored_case):
    assert client.get(reverse("monitoring-case", args=[monitored_case.pk])).status_code == 302
    assert client.get(reverse("monitoring-overdue")).status_code == 302
    assert client.get(f"/api/cases/{monitored_case.pk}/monitoring/").status_code in {401, 403}


def test_a_partner_of_a_pending_referral_cannot_record(world, monitored_case, as_persona):
    monitored_case.referral.status = "pending"
    monitored_case.referral.save()
    visit = monitored_case.monitoring_visits.get(months=3)
    client = as_persona("partner")
    assert client.get(reverse("monitoring-case", args=[monitored_case.pk])).status_code == 200
    assert (
        client.post(reverse("monitoring-visit-record", args=[monitored_case.pk, visit.pk]), _form()).status_code == 403
    )


def test_the_partner_records_a_visit_with_the_survey(world, monitored_case, as_persona):
    case = monitored_case
    visit = case.monitoring_visits.get(months=3)
    client = as_persona("partner")
    page = client.get(reverse("monitoring-case", args=[case.pk])).content.decode()
    assert reverse("monitoring-visit-record", args=[case.pk, visit.pk]) in page
    form = client.get(reverse("monitoring-visit-record", args=[case.pk, visit.pk])).content.decode()
    assert "Do you wish to leave the country again?" in form
    response = client.post(reverse("monitoring-visit-record", args=[case.pk, visit.pk]), _form(**ANSWERS_A))
    assert response.status_code == 302
    survey = SurveyResponse.objects.get(visit=visit)
    assert survey.answers == ANSWERS_A
    assert str(survey.composite) == "0.583"
    page = client.get(reverse("monitoring-case", args=[case.pk])).content.decode()
    assert "The shop is open." in page
    assert 'data-testid="rss-chart"' in page and "<svg" in page
    assert "0.58" in page


def test_the_form_shows_the_field_at_fault(world, monitored_case, as_persona):
    visit = monitored_case.monitoring_visits.get(months=3)
    url = reverse("monitoring-visit-record", args=[monitored_case.pk, visit.pk])
    response = as_persona("partner").post(url, {**_form(debt="none"), "findings": "", "done_on": "2099-01-01"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    visit.refresh_from_db()
    assert visit.done_on is None


def test_staff_see_the_page_read_only_in_their_language(world, monitored_case, as_persona):
    record_visit(
        monitored_case.monitoring_visits.get(months=3),
        by=world.partner,
        done_on=TODAY,
        mode="home",
        findings="Ça va.",
        answers=ANSWERS_A,
    )
    client = as_persona("counsellor")
    page = client.get(reverse("monitoring-case", args=[monitored_case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ça va." in page
    assert "monitoring/visits/" not in page  # no record link
    assert 'data-testid="rss-table"' in page
    assert "Very satisfied" in page  # the answers, in words
    detail = client.get(reverse("case-detail", args=[monitored_case.pk])).content.decode()
    assert 'data-testid="monitoring-panel"' in detail
    assert reverse("monitoring-case", args=[monitored_case.pk]) in detail


def test_a_page_before_arrival_says_so(world, as_persona):
    page = as_persona("counsellor").get(reverse("monitoring-case", args=[world.case.pk])).content.decode()
    assert "Visits are scheduled once the person has arrived" in page
    detail = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'data-testid="monitoring-panel"' not in detail


def test_the_chart_follows_the_visits(world, monitored_case, as_persona):
    v3 = monitored_case.monitoring_visits.get(months=3)
    record_visit(
        v3, by=world.partner, done_on=TODAY - datetime.timedelta(days=5), mode="home", findings="a", answers=ANSWERS_A
    )
    v6 = monitored_case.monitoring_visits.get(months=6)
    better = {**ANSWERS_A, "credit_access": "easily", "distress": "never"}
    record_visit(v6, by=world.partner, done_on=TODAY, mode="home", findings="b", answers=better)
    page = as_persona("team_leader").get(reverse("monitoring-case", args=[monitored_case.pk])).content.decode()
    assert page.count("<polyline") == 4  # three dimensions and the composite
    assert 'data-series="composite"' in page


def test_the_overdue_list_shows_the_office_cases_only(world, monitored_case, as_persona):
    page = as_persona("counsellor").get(reverse("monitoring-overdue")).content.decode()
    assert monitored_case.number in page
    assert monitored_case.principal.full_name in page
    assert monitored_case.number not in as_persona("ghent").get(reverse("monitoring-overdue")).content.decode()
    assert 'data-testid="overdue-empty"' in as_persona("ofii").get(reverse("monitoring-overdue")).content.decode()
    record_visit(
        monitored_case.monitoring_visits.get(months=3), by=world.partner, done_on=TODAY, mode="home", findings="x"
    )
    assert monitored_case.number not in as_persona("counsellor").get(reverse("monitoring-overdue")).content.decode()


def test_the_api_gives_visits_and_scores(world, monitored_case, as_persona):
    visit = monitored_case.monitoring_visits.get(months=3)
    client = as_persona("partner")
    body = {"done_on": TODAY.isoformat(), "mode": "home", "findings": "Fine.", "answers": ANSWERS_A}
    response = call(client, "post", f"/api/cases/{monitored_case.pk}/monitoring/visits/{visit.pk}/record/", body)
    assert response.status_code == 200, response.content
    assert response.json()["survey"]["composite"] == "0.583"
    data = call(as_persona("analyst"), "get", f"/api/cases/{monitored_case.pk}/monitoring/").json()
    assert data["arrival"] == monitored_case.departed_on.isoformat()
    assert data["months"] == [3, 6, 12]
    assert data["weights"] == "equal-2017"
    first = data["visits"][0]
    assert (first["months"], first["survey"]["economic"], first["survey"]["weights"]) == (3, "0.500", "equal-2017")
    assert data["visits"][1]["overdue"] is False


def test_the_api_names_a_bad_answer(world, monitored_case, as_persona):
    visit = monitored_case.monitoring_visits.get(months=3)
    body = {"done_on": TODAY.isoformat(), "mode": "home", "findings": "Fine.", "answers": {"housing": "castle"}}
    response = call(
        as_persona("partner"), "post", f"/api/cases/{monitored_case.pk}/monitoring/visits/{visit.pk}/record/", body
    )
    assert fields_at_fault(problem(response, 422)) == {"answers.housing"}
    response = call(
        as_persona("partner"), "post", f"/api/cases/{monitored_case.pk}/monitoring/visits/999999/record/", body
    )
    problem(response, 404)
