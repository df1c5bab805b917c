"""What a review found at the seams between partners: each partner reads only
its own thread, records visits and writes stories only on referrals
addressed to it, cannot test document numbers through search, and sees
only the consents that name it or no one."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cases import actions as case_actions
from cases.models import Referral
from core.errors import DomainError
from organisations.models import Role
from reintegration import actions_referrals as referrals
from reintegration import actions_stories as story_actions
from tests.factories import make_agency, make_office, make_user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _consent(case, by, partner, purpose="partner_sharing"):
    return case_actions.record_consent(
        case,
        by=by,
        person=case.principal,
        purpose=purpose,
        state="given",
        date=timezone.localdate(),
        language="fr",
        method="signed_form",
        partner=partner,
    )


@pytest.fixture
def caritas(world, referred_case):
    """Caritas Conakry has the same case for medical follow-up (accepted)."""
    agency = make_agency("caritas", "Caritas", "ngo", "BE")
    office = make_office(agency, "CARCKY", "Conakry", "GN", "Africa/Conakry", "fr")
    user = make_user("cari", (office, Role.PARTNER_CASEWORKER), first_name="Cari", email="cari@example.org")
    consent = _consent(referred_case, world.counsellor, agency)
    Referral.objects.create(
        case=referred_case,
        partner=agency,
        partner_office=office,
        purpose="medical",
        status="accepted",
        consent=consent,
        created_by=world.counsellor,
        decided_by=user,
        decided_at=timezone.now(),
    )
    return agency, user


def test_each_partner_reads_only_its_own_thread_with_the_sending_office(world, referred_case, caritas):
    agency, cari = caritas
    with pytest.raises(DomainError) as info:
        referrals.post_message(referred_case, by=world.counsellor, body="To whom?")
    assert info.value.field == "partner"
    referrals.post_message(referred_case, by=world.counsellor, body="IOM-ONLY note", partner=world.iom)
    referrals.post_message(referred_case, by=world.partner, body="IOM-REPLY")
    referrals.post_message(referred_case, by=cari, body="CARITAS-ONLY")
    seen = {
        name: _client(user).get(f"/cases/{referred_case.pk}/messages/").content.decode()
        for name, user in (("iom", world.partner), ("caritas", cari), ("office", world.counsellor))
    }
    assert "IOM-ONLY note" in seen["iom"] and "CARITAS-ONLY" not in seen["iom"]
    assert (
        "CARITAS-ONLY" in seen["caritas"] and "IOM-ONLY" not in seen["caritas"] and "IOM-REPLY" not in seen["caritas"]
    )
    assert all(text in seen["office"] for text in ("IOM-ONLY note", "IOM-REPLY", "CARITAS-ONLY"))
    api = _client(cari).get(f"/api/cases/{referred_case.pk}/messages/").json()
    assert [m["body"] for m in api] == ["CARITAS-ONLY"]


def test_another_office_of_the_partner_cannot_record_a_visit(world, monitored_case):
    dakar = make_office(world.iom, "IOMDKR", "Dakar", "SN", "Africa/Dakar", "fr")
    other = make_user("dk", (dakar, Role.PARTNER_CASEWORKER))
    Referral.objects.create(
        case=monitored_case, partner=world.iom, partner_office=dakar, purpose="medical", status="pending"
    )
    visit = monitored_case.monitoring_visits.order_by("months").first()
    response = _client(other).post(
        f"/api/cases/{monitored_case.pk}/monitoring/visits/{visit.pk}/record/",
        {"done_on": timezone.localdate().isoformat(), "mode": "phone", "findings": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.done_on is None


def test_a_partner_with_a_pending_referral_writes_no_story(world, referred_case):
    Referral.objects.filter(pk=referred_case.referral.pk).update(status="pending")
    _consent(referred_case, world.counsellor, None, purpose="story")
    with pytest.raises(DomainError) as info:
        story_actions.create_story(referred_case, by=world.partner, title="A new start", body="A shop.")
    assert info.value.code == "forbidden"


def test_a_partner_cannot_test_document_numbers_through_search(world, referred_case):
    from people import actions as people_actions

    people_actions.add_document(
        referred_case.principal,
        by=world.counsellor,
        doc_type="passport",
        number="ZZ9876543",
        issuing_country="GN",
        expiry_date=datetime.date(2030, 1, 1),
    )
    partner = _client(world.partner)
    assert referred_case.number not in partner.get("/cases/?q=ZZ9876543").content.decode()
    assert partner.get("/api/cases/?q=ZZ9876543").json()["count"] == 0
    assert referred_case.number in _client(world.counsellor).get("/cases/?q=ZZ9876543").content.decode()


def test_a_partner_sees_no_consent_naming_another_partner(world, referred_case, caritas):
    listed = _client(world.partner).get(f"/api/cases/{referred_case.pk}/consents/").json()
    assert listed and all(c["partner"] in (None, world.iom.pk) for c in listed)
