"""Retroactive registrations: a partner registers a returnee who came back
without a case; the sending office accepts or rejects within 7 days, or the
registration expires (time passed in) and can be reopened."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.access import visible_cases
from cases.lifecycle import Status
from cases.models import Consent, Referral, ReturnCase, Transition
from core.errors import DomainError
from core.models import AuditEvent
from people.models import Person
from reintegration import actions_partner as actions
from reintegration.models import RetroactiveRegistration, RetroStatus
from tasks.models import Task
from tests.conftest import PERSONAS


def _kwargs(world, **overrides):
    data = dict(
        partner_office=world.conakry,
        sending_office=world.bxl,
        person=dict(
            given_name="Aissatou",
            family_name="Bah",
            original_script_name="",
            sex="female",
            date_of_birth=datetime.date(1992, 1, 1),
            dob_precision="year",
            nationality="GN",
            phone="+224 620 11 22 33",
        ),
        returned_on=timezone.localdate() - datetime.timedelta(days=20),
        country_of_return="GN",
        region_of_return="Labé",
        travel_means="air",
        note="Came back on her own after a rejection.",
        consent_date=timezone.localdate(),
        consent_language="fr",
        consent_method="oral_interpreter",
    )
    data.update(overrides)
    return data


@pytest.fixture
def registration(world, django_capture_on_commit_callbacks):
    world.team_leader.email = "marc@example.org"
    world.team_leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        return actions.register_retroactive(by=world.partner, **_kwargs(world))


def test_registration_creates_everything(world, registration):
    case = registration.case
    assert case.office == world.bxl
    assert case.status == Status.DEPARTED
    assert case.principal.given_name == "Aissatou"
    assert case.principal.dob_precision == "year"
    assert registration.status == RetroStatus.PENDING
    assert registration.partner_office == world.conakry
    delta = registration.deadline - registration.created_at
    assert datetime.timedelta(days=6, hours=23) < delta <= datetime.timedelta(days=7, seconds=1)
    referral = Referral.objects.get(case=case)
    assert (referral.partner, referral.partner_office, referral.status, referral.purpose) == (
        world.iom,
        world.conakry,
        "accepted",
        "reintegration",
    )
    consent = Consent.objects.get(case=case, purpose="partner_sharing")
    assert consent.state == "given" and consent.partner == world.iom and referral.consent == consent
    transition = case.transitions.get(to_status=Status.DEPARTED)
    assert transition.from_status == Status.INTAKE and transition.by == world.partner
    task = Task.objects.get(case=case, kind="retroactive-answer")
    assert task.office == world.bxl and task.assignee is None and task.done_at is None
    assert AuditEvent.objects.filter(action="retroactive.registered", case_id=case.pk).exists()


def test_notification_email_has_no_personal_data(world, registration):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marc@example.org"]
    assert f"/reintegration/retroactive/{registration.pk}/" in message.body
    for personal in ("Aissatou", "Bah", "620", "Labé"):
        assert personal not in message.body and personal not in message.subject


def test_notification_falls_back_to_office_address(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.register_retroactive(by=world.partner, **_kwargs(world))
    assert [m.to for m in mail.outbox] == [["bxl@example.org"]]


@pytest.mark.parametrize(
    "override, field",
    [
        ({"returned_on": timezone.localdate() + datetime.timedelta(days=2)}, "returned_on"),
        ({"consent_language": "zz-not"}, "consent_language"),
        ({"country_of_return": "XX"}, "country_of_return"),
        ({"travel_means": "teleport"}, "travel_means"),
    ],
)
def test_a_bad_field_leaves_nothing(world, override, field):
    people, cases = Person.objects.count(), ReturnCase.objects.count()
    with pytest.raises(DomainError) as exc:
        actions.register_retroactive(by=world.partner, **_kwargs(world, **override))
    assert exc.value.field == field
    assert Person.objects.count() == people and ReturnCase.objects.count() == cases
    assert not RetroactiveRegistration.objects.exists() and not Task.objects.filter(kind="retroactive-answer").exists()


def test_a_bad_person_field_leaves_nothing(world):
    data = _kwargs(world)
    data["person"]["sex"] = "robot"
    with pytest.raises(DomainError) as exc:
        actions.register_retroactive(by=world.partner, **data)
    assert exc.value.field == "sex"
    assert not Person.objects.filter(given_name="Aissatou").exists()


def test_only_partners_register_and_only_return_agencies_are_senders(world):
    with pytest.raises(DomainError) as exc:
        actions.register_retroactive(by=world.counsellor, **_kwargs(world))
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        actions.register_retroactive(by=world.partner, **_kwargs(world, sending_office=world.conakry))
    assert exc.value.field == "sending_office"


def test_accept_goes_on_to_reintegration(world, registration):
    reg = actions.decide(registration, by=world.team_leader, accept=True)
    assert reg.status == RetroStatus.ACCEPTED and reg.decided_by == world.team_leader
    assert ReturnCase.objects.get(pk=reg.case_id).status == Status.REINTEGRATION
    assert Task.objects.get(case=reg.case, kind="retroactive-answer").done_at is not None


def test_reject_needs_a_reason_and_ends_the_case(world, registration):
    with pytest.raises(DomainError) as exc:
        actions.decide(registration, by=world.team_leader, accept=False)
    assert exc.value.field == "reason"
    reg = actions.decide(registration, by=world.agency_admin, accept=False, reason="Not one of ours.")
    assert reg.status == RetroStatus.REJECTED and reg.reason == "Not one of ours."
    case = ReturnCase.objects.get(pk=reg.case_id)
    assert case.status == Status.OTHER_EXIT
    # The partner keeps its registration (with the rejection) but not the case.
    referral = Referral.objects.get(case=case)
    assert (referral.status, referral.reason) == ("withdrawn", "Not one of ours.")
    assert not visible_cases(world.partner).filter(pk=case.pk).exists()
    assert RetroactiveRegistration.objects.filter(pk=reg.pk, registered_by=world.partner).exists()
    with pytest.raises(DomainError):
        actions.decide(reg, by=world.team_leader, accept=True)


@pytest.mark.parametrize("who", ["counsellor", "ghent", "travel_officer", "analyst", "ofii", "partner"])
def test_only_the_sending_office_team_leader_or_admin_answers(world, registration, who):
    with pytest.raises(DomainError) as exc:
        actions.decide(registration, by=getattr(world, who), accept=True)
    assert exc.value.code == "forbidden"


def test_expiry_with_controlled_time(world, registration):
    almost = registration.deadline - datetime.timedelta(hours=1)  # 6 days 23 hours after registration
    assert actions.expire_due(almost) == []
    registration.refresh_from_db()
    assert registration.status == RetroStatus.PENDING
    expired = actions.expire_due(registration.deadline)  # 7 days
    assert [r.pk for r in expired] == [registration.pk]
    registration.refresh_from_db()
    assert registration.status == RetroStatus.EXPIRED and registration.decided_by is None
    case = ReturnCase.objects.get(pk=registration.case_id)
    assert case.status == Status.OTHER_EXIT
    last = Transition.objects.filter(case=case).last()
    assert last.to_status == Status.OTHER_EXIT and last.by.username == actions.AUTOMATIC_USERNAME
    assert not last.by.is_active
    # Idempotent.
    assert actions.expire_due(registration.deadline + datetime.timedelta(days=3)) == []
    assert Transition.objects.filter(case=case, to_status=Status.OTHER_EXIT).count() == 1
    assert AuditEvent.objects.filter(action="retroactive.expired", object_id=str(registration.pk)).count() == 1
    # Too late to answer now.
    with pytest.raises(DomainError):
        actions.decide(registration, by=world.team_leader, accept=True)


def test_answer_after_deadline_is_refused_before_the_command_runs(world, registration):
    with pytest.raises(DomainError) as exc:
        actions.decide(
            registration, by=world.team_leader, accept=True, now=registration.deadline + datetime.timedelta(minutes=1)
        )
    assert exc.value.field == "decision"


def test_command_expires_and_is_idempotent(world, registration, capsys):
    moment = (registration.deadline + datetime.timedelta(seconds=1)).isoformat()
    call_command("expire_retroactive_cases", now=moment)
    call_command("expire_retroactive_cases", now=moment)
    out = capsys.readouterr().out
    assert "1 retroactive registration(s) expired." in out and "0 retroactive registration(s) expired." in out
    registration.refresh_from_db()
    assert registration.status == RetroStatus.EXPIRED


def test_reopen_after_expiry(world, registration):
    actions.expire_due(registration.deadline)
    assert not visible_cases(world.partner).filter(pk=registration.case_id).exists()
    with pytest.raises(DomainError) as exc:
        actions.reopen(registration, by=world.counsellor, reason="Found the file")
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        actions.reopen(registration, by=world.team_leader, reason="")
    assert exc.value.field == "reason"
    reg = actions.reopen(registration, by=world.team_leader, reason="We found the file after all.")
    assert reg.status == RetroStatus.ACCEPTED and reg.decided_by == world.team_leader
    assert ReturnCase.objects.get(pk=reg.case_id).status == Status.REINTEGRATION
    assert AuditEvent.objects.filter(action="retroactive.reopened", object_id=str(reg.pk)).exists()
    assert visible_cases(world.partner).filter(pk=reg.case_id).exists()  # the partner has the case back


def test_retroactive_moves_are_not_offered_on_the_case_page(world, registration, as_persona):
    actions.decide(registration, by=world.team_leader, accept=False, reason="No.")
    response = as_persona("team_leader").get(reverse("case-detail", args=[registration.case_id]))
    assert response.status_code == 200
    assert "Reopen the retroactive registration" not in response.content.decode()
    # And the generic transition cannot make them, even once the registration is accepted.
    RetroactiveRegistration.objects.filter(pk=registration.pk).update(status=RetroStatus.ACCEPTED)
    client = as_persona("team_leader")
    client.post(reverse("case-transition", args=[registration.case_id]), {"to_status": "departed", "reason": "x"})
    assert ReturnCase.objects.get(pk=registration.case_id).status == Status.OTHER_EXIT


def test_the_task_is_done_once_answered(world, registration):
    actions.decide(registration, by=world.team_leader, accept=False, reason="No.")
    task = Task.objects.get(case=registration.case, kind="retroactive-answer")
    assert task.done_at is not None and task.done_by == world.team_leader


# Pages ------------------------------------------------------------------------------

NEW_EXPECTED = {name: 403 for name in PERSONAS} | {"partner": 200}
LIST_EXPECTED = {name: 200 for name in PERSONAS} | {"outsider": 403}
# The Brussels registration: partner (IOM), Brussels staff and Fedasil agency-wide roles.
DETAIL_EXPECTED = {
    "counsellor": 200,
    "team_leader": 200,
    "ghent": 404,
    "travel_officer": 404,
    "agency_admin": 200,
    "analyst": 200,
    "ofii": 404,
    "partner": 200,
    "outsider": 404,
}
DECIDE_EXPECTED = {name: (404 if code == 404 else 403) for name, code in DETAIL_EXPECTED.items()} | {
    "team_leader": 302,
    "agency_admin": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix(world, registration, as_persona, persona):
    client = as_persona(persona)
    assert client.get(reverse("retro-new")).status_code == NEW_EXPECTED[persona]
    assert client.get(reverse("retro-list")).status_code == LIST_EXPECTED[persona]
    assert client.get(reverse("retro-detail", args=[registration.pk])).status_code == DETAIL_EXPECTED[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_decide_matrix(world, registration, as_persona, persona):
    response = as_persona(persona).post(
        reverse("retro-decide", args=[registration.pk]), {"decision": "reject", "reason": "Not ours"}
    )
    assert response.status_code == DECIDE_EXPECTED[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_reopen_matrix(world, registration, as_persona, persona):
    actions.expire_due(registration.deadline)
    response = as_persona(persona).post(reverse("retro-reopen", args=[registration.pk]), {"reason": "Found it"})
    assert response.status_code == DECIDE_EXPECTED[persona]


def test_list_shows_days_left_to_the_sending_office(world, registration, as_persona):
    page = as_persona("team_leader").get(reverse("retro-list")).content.decode()
    assert "Awaiting your answer" in page and registration.case.number in page
    assert "6 days left" in page or "7 days left" in page
    partner_page = as_persona("partner").get(reverse("retro-list")).content.decode()
    assert registration.case.number in partner_page and "Awaiting your answer" not in partner_page
    assert registration.case.number not in as_persona("ofii").get(reverse("retro-list")).content.decode()


def test_partner_registers_through_the_page(world, as_persona):
    client = as_persona("partner")
    form = {
        "given_name": "Ibrahima",
        "family_name": "Sow",
        "sex": "male",
        "dob_precision": "year_month",
        "date_of_birth": "1990-04",
        "nationality": "GN",
        "phone": "",
        "sending_office": str(world.bxl.pk),
        "returned_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "country_of_return": "GN",
        "region_of_return": "Conakry",
        "travel_means": "land",
        "note": "",
        "consent_date": timezone.localdate().isoformat(),
        "consent_language": "fr",
        "consent_method": "signed_form",
    }
    response = client.post(reverse("retro-new"), form)
    assert response.status_code == 200  # consent not attested
    assert "consent_given" in response.context["form"].errors
    assert not Person.objects.filter(family_name="Sow").exists()
    response = client.post(reverse("retro-new"), {**form, "consent_given": "on"})
    registration = RetroactiveRegistration.objects.get(case__principal__family_name="Sow")
    assert response.status_code == 302 and response.url == reverse("retro-detail", args=[registration.pk])
    assert registration.case.principal.date_of_birth == datetime.date(1990, 4, 1)


def test_team_leader_rejects_through_the_page(world, registration, as_persona):
    client = as_persona("team_leader")
    response = client.post(reverse("retro-decide", args=[registration.pk]), {"decision": "reject", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["decision_form"].errors
    client.post(reverse("retro-decide", args=[registration.pk]), {"decision": "reject", "reason": "Not ours"})
    registration.refresh_from_db()
    assert registration.status == RetroStatus.REJECTED
    page = as_persona("partner").get(reverse("retro-detail", args=[registration.pk])).content.decode()
    assert "Not ours" in page and "Rejected" in page


# API -----------------------------------------------------------------------------------

API_CREATE_EXPECTED = {name: 403 for name in PERSONAS} | {"partner": 201}
API_LIST_COUNT = {name: 0 for name in PERSONAS} | {
    "counsellor": 1,
    "team_leader": 1,
    "agency_admin": 1,
    "analyst": 1,
    "partner": 1,
}


def _api_body(world):
    return {
        "sending_office": world.bxl.pk,
        "person": {"given_name": "Mariama", "family_name": "Diallo", "sex": "female", "nationality": "GN"},
        "returned_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "country_of_return": "GN",
        "travel_means": "air",
        "consent_given": True,
        "consent_date": timezone.localdate().isoformat(),
        "consent_language": "fr",
        "consent_method": "oral",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_create_matrix(world, as_persona, persona):
    response = as_persona(persona).post("/api/retroactive/", _api_body(world), content_type="application/json")
    assert response.status_code == API_CREATE_EXPECTED[persona], response.content


def test_api_create_refuses_without_consent_and_names_fields(world, as_persona):
    client = as_persona("partner")
    body = _api_body(world) | {"consent_given": False}
    response = client.post("/api/retroactive/", body, content_type="application/json")
    assert response.status_code == 400
    assert any(e["field"] == "consent_given" for e in response.json()["errors"])
    body = _api_body(world) | {"returned_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}
    response = client.post("/api/retroactive/", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "returned_on"
    assert not Person.objects.filter(family_name="Diallo").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_matrix(world, registration, as_persona, persona):
    response = as_persona(persona).get("/api/retroactive/")
    assert response.status_code == 200
    assert response.json()["count"] == API_LIST_COUNT[persona]


API_DECIDE_EXPECTED = {name: (404 if API_LIST_COUNT[name] == 0 else 403) for name in PERSONAS} | {
    "team_leader": 200,
    "agency_admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_decision_matrix(world, registration, as_persona, persona):
    response = as_persona(persona).post(
        f"/api/retroactive/{registration.pk}/decision/",
        {"decision": "accept"},
        content_type="application/json",
    )
    assert response.status_code == API_DECIDE_EXPECTED[persona], response.content


def test_api_reject_then_reopen(world, registration, as_persona):
    client = as_persona("team_leader")
    url = f"/api/retroactive/{registration.pk}/decision/"
    response = client.post(url, {"decision": "reject"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    response = client.post(url, {"decision": "reject", "reason": "No"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    response = client.post(url, {"decision": "reopen", "reason": "Yes after all"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert response.json()["case_status"] == Status.REINTEGRATION
