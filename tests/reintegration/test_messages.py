"""Messages on a case between the sending office and the partner."""

import pytest
from django.core import mail
from django.urls import reverse

from core.errors import DomainError
from core.models import AuditEvent
from reintegration import actions_referrals as actions
from reintegration.models import Message
from tests.conftest import PERSONAS

# Who reads the thread of a case referred to IOM Conakry (Brussels case).
READ = {
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
# Who writes: analysts only read (403).
WRITE = {**READ, "analyst": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix(as_persona, referred_case, persona):
    url = reverse("case-messages", args=[referred_case.pk])
    assert as_persona(persona).get(url).status_code == READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(as_persona, referred_case, persona):
    url = reverse("case-messages", args=[referred_case.pk])
    response = as_persona(persona).post(url, {"body": f"Hello from {persona}"})
    expected = WRITE[persona]
    assert response.status_code == (302 if expected == 200 else expected)
    assert Message.objects.filter(case=referred_case).exists() == (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix(as_persona, referred_case, persona):
    client = as_persona(persona)
    url = f"/api/cases/{referred_case.pk}/messages/"
    assert client.get(url).status_code == READ[persona]
    response = client.post(url, {"body": "Hi"}, content_type="application/json")
    assert response.status_code == (201 if WRITE[persona] == 200 else WRITE[persona])


def test_anonymous_is_sent_to_login(client, referred_case):
    response = client.get(reverse("case-messages", args=[referred_case.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(f"/api/cases/{referred_case.pk}/messages/").status_code in (401, 403)


def test_partner_keeps_the_thread_after_completing(world, as_persona, referred_case):
    actions.complete_referral(referred_case.referral, by=world.partner, note="done")
    client = as_persona("partner")
    assert client.get(reverse("case-detail", args=[referred_case.pk])).status_code == 404
    html = client.get(reverse("case-messages", args=[referred_case.pk])).content.decode()
    assert reverse("referrals-inbox") in html  # back link to the inbox, not the case page


def test_partner_loses_the_thread_when_declined_or_withdrawn(world, as_persona, referred_case):
    actions.withdraw_referral(referred_case.referral, by=world.counsellor, reason="moved")
    assert as_persona("partner").get(reverse("case-messages", args=[referred_case.pk])).status_code == 404


def test_another_office_of_the_partner_does_not_read_an_office_referral(world, referred_case, client):
    from organisations.models import Role
    from tests.factories import make_office, make_user

    labe = make_office(world.iom, "IOMLBE", "Labé", "GN", "Africa/Conakry", "fr")
    client.force_login(make_user("fatou", (labe, Role.PARTNER_CASEWORKER)))
    assert client.get(reverse("case-messages", args=[referred_case.pk])).status_code == 404


def test_posting_emails_the_other_side_without_the_body(
    world, referred_case, as_persona, django_capture_on_commit_callbacks
):
    world.partner.email = "mamadou@example.org"
    world.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("counsellor").post(reverse("case-messages", args=[referred_case.pk]), {"body": "BODY-NOT-IN-EMAIL"})
    assert [m.to for m in mail.outbox] == [["mamadou@example.org"]]
    assert "BODY-NOT-IN-EMAIL" not in mail.outbox[0].body + mail.outbox[0].subject
    assert f"/cases/{referred_case.pk}/messages/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("partner").post(reverse("case-messages", args=[referred_case.pk]), {"body": "Reply"})
    assert [m.to for m in mail.outbox] == [["sofie@example.org"]]


def test_message_is_audited_and_shown_to_both_sides(world, referred_case, as_persona):
    message = actions.post_message(referred_case, by=world.partner, body="Arrived well")
    assert message.author_office == world.conakry
    event = AuditEvent.objects.get(action="message.posted")
    assert event.case_id == referred_case.pk and event.changes["body"] == [None, "Arrived well"]
    for persona in ("counsellor", "partner", "analyst"):
        html = as_persona(persona).get(reverse("case-messages", args=[referred_case.pk])).content.decode()
        assert "Arrived well" in html and "IOM Conakry" in html
    data = as_persona("counsellor").get(f"/api/cases/{referred_case.pk}/messages/").json()
    assert [m["body"] for m in data] == ["Arrived well"]


def test_empty_message_is_refused(world, referred_case, as_persona):
    with pytest.raises(DomainError) as exc:
        actions.post_message(referred_case, by=world.counsellor, body="   ")
    assert exc.value.field == "body"
    response = as_persona("counsellor").post(reverse("case-messages", args=[referred_case.pk]), {"body": ""})
    assert response.status_code == 200 and not Message.objects.exists()
    response = as_persona("counsellor").post(
        f"/api/cases/{referred_case.pk}/messages/", {"body": " "}, content_type="application/json"
    )
    assert response.status_code == 422 and not Message.objects.exists()


def test_analyst_sees_no_form(referred_case, as_persona):
    html = as_persona("analyst").get(reverse("case-messages", args=[referred_case.pk])).content.decode()
    assert 'name="body"' not in html
