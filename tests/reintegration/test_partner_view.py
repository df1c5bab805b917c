"""The partner's minimised view, field by field: the case page, the person
page and the API, as Mamadou (IOM Conakry) sees them, with a distinctive
value in every field he must not see and in every field he must."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import Referral, ReturnCase, Transition
from people import actions as people_actions
from tests.factories import approve_package, make_booking, make_case, make_interview, make_person

DEPARTED_ON = timezone.localdate() - datetime.timedelta(days=3)

FORBIDDEN = {
    "removal order authority": "prefecture-secret",
    "removal order date": "1999-09-09",
    "asylum decision date": "1998-08-08",
    "administrative status": "Asylum claim rejected",
    "procedure stage": "Appeal pending",
    "heard of the programme": "Free phone line",
    "arrival in the country": "1997-07-07",
    "interview notes": "INTERVIEW-SECRET",
    "Brussels note": "BXL-NOTE-SECRET",
    "Ghent note": "GNT-NOTE-SECRET",
    "booking reference": "BOOKREF-SECRET",
    "document number": "DOCNUM-SECRET-123",
    "trafficking detail": "TRAFFICKING-SECRET",
    "gender-based violence detail": "GBV-SECRET",
    "alias": "ALIAS-SECRET",
    "attachment title": "ATTACH-SECRET",
    "transition reason": "TRANSITION-SECRET",
    "consulate": "CONSULATE-SECRET",
    "facts": "asylum_rejected",
}
ALLOWED = {
    "given name": "Aminata",
    "family name": "CAMARA",
    "original script": "أميناتا",
    "child's name": "Ibrahima",
    "phone": "+224 620 00 00 00",
    "email": "aminata@example.org",
    "region": "Kindia-REGION",
    "country": "Guinea",
    "medical detail": "MEDICAL-VISIBLE",
    "pregnancy detail": "PREGNANCY-VISIBLE",
    "IOM note": "IOM-NOTE-VISIBLE",
    "referral message": "REFERRAL-MESSAGE-VISIBLE",
    "message": "MESSAGE-VISIBLE",
}


@pytest.fixture
def full_case(world, rules, settings, tmp_path):
    """A departed Brussels case with something distinctive in every field."""
    from reintegration.models import Message
    from travel import actions as travel_actions
    from travel.models import DepartureOutcome

    settings.ATTACHMENTS_ROOT = tmp_path
    bxl, sofie = world.bxl, world.counsellor
    mother = make_person(
        bxl,
        sofie,
        given_name="Aminata",
        family_name="Camara",
        original_script_name="أميناتا",
        phone="+224 620 00 00 00",
        email="aminata@example.org",
        aliases=["ALIAS-SECRET"],
    )
    child = make_person(
        bxl, sofie, given_name="Ibrahima", family_name="Camara", date_of_birth=datetime.date(2018, 3, 1)
    )
    people_actions.add_household_member(mother, child, by=sofie, relation="child")
    case = make_case(
        bxl,
        sofie,
        principal=mother,
        counsellor=sofie,
        members=[(child, "child")],
        status=Status.TRAVEL_PREPARATION,
        region_of_return="Kindia-REGION",
        removal_order_authority="prefecture-secret",
        removal_order_date=datetime.date(1999, 9, 9),
        asylum_decision_date=datetime.date(1998, 8, 8),
        arrival_date=datetime.date(1997, 7, 7),
        procedure_stage="appeal",
        referral_source="phone_line",
    )
    case.decision = approve_package(case, world.counsellor, world.team_leader)
    make_booking(case, world.travel_officer, reference="BOOKREF-SECRET")
    travel_actions.request_document(
        case,
        by=sofie,
        person=mother,
        consulate="CONSULATE-SECRET",
        issuing_country="GN",
        requested_on=timezone.localdate(),
    )
    people_actions.add_document(mother, by=sofie, doc_type="passport", number="DOCNUM-SECRET-123", issuing_country="GN")
    people_actions.add_vulnerability(mother, by=sofie, kind="trafficking", details="TRAFFICKING-SECRET")
    people_actions.add_vulnerability(mother, by=sofie, kind="gender_based_violence", details="GBV-SECRET")
    people_actions.add_vulnerability(mother, by=sofie, kind="medical", details="MEDICAL-VISIBLE")
    people_actions.add_vulnerability(mother, by=sofie, kind="pregnancy", details="PREGNANCY-VISIBLE")
    make_interview(case, sofie, notes="INTERVIEW-SECRET")
    case_actions.add_note(case, by=sofie, office=bxl, body="BXL-NOTE-SECRET", visibility="agency")
    case_actions.add_note(case, by=world.ghent, office=world.ghent_office, body="GNT-NOTE-SECRET", visibility="agency")
    case_actions.add_note(case, by=world.partner, office=world.conakry, body="IOM-NOTE-VISIBLE", visibility="office")
    case_actions.add_attachment(
        by=sofie,
        case=case,
        title="ATTACH-SECRET",
        upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    Transition.objects.create(
        case=case, from_status=case.status, to_status=Status.DEPARTED, by=sofie, reason="TRANSITION-SECRET"
    )
    ReturnCase.objects.filter(pk=case.pk).update(status=Status.DEPARTED)
    DepartureOutcome.objects.create(case=case, outcome="departed", date=DEPARTED_ON, recorded_by=sofie)
    consent = case_actions.record_consent(
        case,
        by=sofie,
        person=mother,
        purpose="partner_sharing",
        state="given",
        date=timezone.localdate(),
        language="fr",
        method="signed_form",
        partner=world.iom,
    )
    Referral.objects.create(
        case=case,
        partner=world.iom,
        partner_office=world.conakry,
        status="accepted",
        consent=consent,
        message="REFERRAL-MESSAGE-VISIBLE",
        created_by=sofie,
    )
    Message.objects.create(case=case, author=sofie, author_office=bxl, body="MESSAGE-VISIBLE")
    case.refresh_from_db()
    case.mother, case.child = mother, child
    return case


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("label", FORBIDDEN)
def test_case_page_hides_from_the_partner(as_persona, full_case, label):
    html = _html(as_persona("partner"), reverse("case-detail", args=[full_case.pk]))
    assert FORBIDDEN[label] not in html, label


@pytest.mark.parametrize("label", [k for k in ALLOWED if k not in {"message"}])
def test_case_page_shows_the_partner(as_persona, full_case, label):
    html = _html(as_persona("partner"), reverse("case-detail", args=[full_case.pk]))
    assert ALLOWED[label] in html, label


def test_case_page_shows_the_partner_the_return_date_and_package(as_persona, full_case):
    html = _html(as_persona("partner"), reverse("case-detail", args=[full_case.pk]))
    assert f'datetime="{DEPARTED_ON.isoformat()}"' in html
    assert full_case.decision.rule_version.programme.name in html
    assert f"{full_case.decision.total:,.2f} EUR" in html
    assert "Female" in html and full_case.mother.dob_display in html
    # no link to the audit trail, the travel page, the files or the interview form
    for name in ("case-audit", "travel-case", "attachment-upload", "interview-create", "consent-create"):
        assert reverse(name, args=[full_case.pk]) not in html


def test_the_sending_office_still_sees_everything(as_persona, full_case):
    html = _html(as_persona("counsellor"), reverse("case-detail", args=[full_case.pk]))
    for value in ("prefecture-secret", "INTERVIEW-SECRET", "BXL-NOTE-SECRET", "TRANSITION-SECRET", "ATTACH-SECRET"):
        assert value in html
    assert "IOM-NOTE-VISIBLE" not in html  # an IOM office note stays with IOM


PERSON_FORBIDDEN = ["DOCNUM-SECRET-123", "TRAFFICKING-SECRET", "GBV-SECRET", "ALIAS-SECRET", "Registered by"]
PERSON_ALLOWED = ["Aminata", "أميناتا", "+224 620 00 00 00", "aminata@example.org", "MEDICAL-VISIBLE", "Passport"]


def test_person_page_as_the_partner(as_persona, full_case):
    html = _html(as_persona("partner"), reverse("person-detail", args=[full_case.mother.pk]))
    for value in PERSON_FORBIDDEN:
        assert value not in html, value
    for value in PERSON_ALLOWED:
        assert value in html, value
    assert "Ibrahima" in html  # household
    assert reverse("person-edit", args=[full_case.mother.pk]) not in html


def test_person_page_unchanged_for_the_sending_office(as_persona, full_case):
    html = _html(as_persona("counsellor"), reverse("person-detail", args=[full_case.mother.pk]))
    for value in ("DOCNUM-SECRET-123", "TRAFFICKING-SECRET", "ALIAS-SECRET"):
        assert value in html


def _flat(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def test_api_case_detail_as_the_partner(as_persona, full_case):
    response = as_persona("partner").get(f"/api/cases/{full_case.pk}/")
    assert response.status_code == 200
    body = response.json()
    for field in ("administrative_status", "procedure_stage", "asylum_decision_date", "removal_order_date"):
        assert field not in body
    assert "interviews" not in body and "referral_source" not in body
    text = _flat(body)
    for value in FORBIDDEN.values():
        assert value not in text
    assert "Aminata" in text and "Kindia-REGION" in text


def test_api_person_detail_as_the_partner(as_persona, full_case):
    client = as_persona("partner")
    body = client.get(f"/api/people/{full_case.mother.pk}/").json()
    text = _flat(body)
    for value in ("DOCNUM-SECRET-123", "TRAFFICKING-SECRET", "GBV-SECRET", "ALIAS-SECRET"):
        assert value not in text, value
    assert body["original_script_name"] == "أميناتا"
    assert body["phone"] == "+224 620 00 00 00" and body["email"] == "aminata@example.org"
    assert body["nationality"] == "GN" and body["sex"] == "female"
    assert [d["doc_type"] for d in body["documents"]] == ["passport"]
    assert "number" not in body["documents"][0]
    assert sorted(v["kind"] for v in body["vulnerabilities"]) == ["medical", "pregnancy"]
    docs = client.get(f"/api/people/{full_case.mother.pk}/documents/").json()
    assert "DOCNUM-SECRET-123" not in _flat(docs)


def test_api_person_detail_unchanged_for_the_sending_office(as_persona, full_case):
    text = _flat(as_persona("counsellor").get(f"/api/people/{full_case.mother.pk}/").json())
    assert "DOCNUM-SECRET-123" in text and "TRAFFICKING-SECRET" in text


def test_api_partner_view(as_persona, full_case):
    body = as_persona("partner").get(f"/api/cases/{full_case.pk}/partner-view/").json()
    assert body["return_date"] == DEPARTED_ON.isoformat()
    assert body["region_of_return"] == "Kindia-REGION" and body["country_of_return"] == "GN"
    assert {m["given_name"] for m in body["members"]} == {"Aminata", "Ibrahima"}
    assert body["packages"][0]["programme"] == full_case.decision.rule_version.programme.name
    assert body["packages"][0]["components"]
    text = _flat(body)
    for value in FORBIDDEN.values():
        assert value not in text, value


def test_return_date_falls_back_on_the_confirmed_booking(world, rules):
    from reintegration.views_referrals import return_date

    case = make_case(world.bxl, world.counsellor, status=Status.TRAVEL_PREPARATION)
    approve_package(case, world.counsellor, world.team_leader)
    day = timezone.localdate() + datetime.timedelta(days=4)
    make_booking(case, world.travel_officer, day=day)
    assert return_date(case) == day


def test_the_partner_sees_moves_without_reasons_and_only_the_consents_its_work_rests_on(world, as_persona):
    from cases import actions as case_actions
    from tests.factories import give_consent

    case_actions.transition(world.case, "counselling", by=world.counsellor)
    give_consent(world.case, world.counsellor)  # counselling: not the partner's business
    give_consent(world.case, world.counsellor, purpose="statistics")
    partner = as_persona("partner")
    history = partner.get(f"/api/cases/{world.case.pk}/transitions/").json()["history"]
    assert history and all(row["reason"] == "" for row in history)
    purposes = {c["purpose"] for c in partner.get(f"/api/cases/{world.case.pk}/consents/").json()}
    assert purposes <= {"partner_sharing", "story", "story_photo"}
    staff = {c["purpose"] for c in as_persona("counsellor").get(f"/api/cases/{world.case.pk}/consents/").json()}
    assert {"counselling", "statistics"} <= staff
