import datetime

import pytest
from django.utils import timezone

from cases.models import Consent
from core.models import AuditEvent
from counselling.models import Interview
from tests.api.helpers import call, fields_at_fault, problem
from tests.factories import make_interview, make_person


def interview_body(**overrides):
    body = {
        "held_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "mode": "in_person",
        "location": "Return desk, room 2",
        "language": "fuf",
        "interpreter": "Alpha B.",
        "topics": ["voluntary_nature", "reintegration"],
        "intention": "considering",
        "next_appointment": (timezone.now() + datetime.timedelta(days=7)).isoformat(),
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def consent_body(**overrides):
    body = {
        "purpose": "counselling",
        "state": "given",
        "date": timezone.localdate().isoformat(),
        "language": "fr",
        "method": "oral_interpreter",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def counts():
    return Interview.objects.count(), Consent.objects.count(), AuditEvent.objects.count()


def test_a_counsellor_records_an_interview(world, as_persona):
    response = call(as_persona("counsellor"), "post", f"/api/cases/{world.case.pk}/interviews/", interview_body())
    assert response.status_code == 201, response.content
    interview = Interview.objects.get(pk=response.json()["id"])
    assert (interview.counsellor, interview.recorded_by, interview.language) == (
        world.counsellor,
        world.counsellor,
        "fuf",
    )
    assert AuditEvent.objects.filter(action="interview.recorded", case_id=world.case.pk).exists()


def test_a_team_leader_records_an_interview_held_by_a_counsellor(world, as_persona):
    body = interview_body(counsellor=world.counsellor.pk)
    response = call(as_persona("team_leader"), "post", f"/api/cases/{world.case.pk}/interviews/", body)
    assert response.status_code == 201
    assert Interview.objects.get().counsellor == world.counsellor


@pytest.mark.parametrize(
    "overrides, field, status",
    [
        ({"held_at": ...}, "held_at", 400),
        ({"held_at": "2025-13-01T10:00"}, "held_at", 400),
        ({"mode": "carrier pigeon"}, "mode", 400),
        ({"language": "xx"}, "language", 400),
        ({"topics": ["voluntary_nature", "weather"]}, "topics[1]", 400),
        ({"intention": ...}, "intention", 400),
        ({"counsellor": "OFII"}, "counsellor", 400),
        ({"held_at": "FUTURE"}, "held_at", 422),
        ({"next_appointment": "PAST"}, "next_appointment", 422),
    ],
)
def test_bad_interview_input_names_the_field_and_saves_nothing(world, as_persona, overrides, field, status):
    stand_in = {
        "OFII": world.ofii.pk,
        "FUTURE": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        "PAST": (timezone.now() - datetime.timedelta(days=30)).isoformat(),
    }
    overrides = {k: stand_in.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    before = counts()
    url = f"/api/cases/{world.case.pk}/interviews/"
    response = call(as_persona("counsellor"), "post", url, interview_body(**overrides))
    body = problem(response, status)
    assert field in fields_at_fault(body), body
    assert counts() == before


def test_partner_cannot_list_interviews_of_a_case_they_can_see(world, as_persona):
    interview = make_interview(world.case, world.counsellor)
    client = as_persona("partner")
    assert client.get(f"/api/cases/{world.case.pk}/").status_code == 200
    problem(client.get(f"/api/cases/{world.case.pk}/interviews/"), 403)
    problem(client.get(f"/api/interviews/{interview.pk}/"), 403)


def test_an_interview_is_read_on_its_own(world, as_persona):
    interview = make_interview(world.case, world.counsellor, notes="Wants to open a shop")
    body = as_persona("analyst").get(f"/api/interviews/{interview.pk}/").json()
    assert (body["case"], body["notes"]) == (world.case.pk, "Wants to open a shop")
    assert body["topics"] == ["voluntary_nature"]


def test_an_interview_that_does_not_exist_is_a_404(world, as_persona):
    problem(as_persona("counsellor").get("/api/interviews/424242/"), 404)


def test_a_counsellor_records_consent_for_the_principal(world, as_persona):
    response = call(as_persona("counsellor"), "post", f"/api/cases/{world.case.pk}/consents/", consent_body())
    assert response.status_code == 201, response.content
    consent = Consent.objects.get()
    assert (consent.person, consent.recorded_by, consent.state) == (world.case.principal, world.counsellor, "given")
    listed = as_persona("counsellor").get(f"/api/cases/{world.case.pk}/consents/").json()
    assert [c["id"] for c in listed] == [consent.pk]
    # Consent to counselling is not the partner's business.
    assert as_persona("partner").get(f"/api/cases/{world.case.pk}/consents/").json() == []


def test_consent_to_share_with_a_partner_names_the_partner(world, as_persona):
    body = consent_body(purpose="partner_sharing", partner=world.iom.pk)
    response = call(as_persona("counsellor"), "post", f"/api/cases/{world.case.pk}/consents/", body)
    assert response.status_code == 201, response.content
    assert Consent.objects.get().partner == world.iom


@pytest.mark.parametrize(
    "overrides, field, status",
    [
        ({"purpose": ...}, "purpose", 400),
        ({"state": "maybe"}, "state", 400),
        ({"date": "2025-02-29"}, "date", 400),
        ({"language": "klingon"}, "language", 400),
        ({"method": ...}, "method", 400),
        ({"person": "OUTSIDER"}, "person", 400),
        ({"partner": "FEDASIL"}, "partner", 400),
        ({"date": "FUTURE"}, "date", 422),
    ],
)
def test_bad_consent_input_names_the_field_and_saves_nothing(world, as_persona, overrides, field, status):
    stand_in = {
        "OUTSIDER": make_person(world.bxl, world.counsellor).pk,
        "FEDASIL": world.fedasil.pk,
        "FUTURE": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
    }
    overrides = {k: stand_in.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    before = counts()
    url = f"/api/cases/{world.case.pk}/consents/"
    response = call(as_persona("counsellor"), "post", url, consent_body(**overrides))
    body = problem(response, status)
    assert field in fields_at_fault(body), body
    assert counts() == before
