"""Registering a person, opening a case and carrying it forward, as a counsellor would."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from cases.models import Consent, ReturnCase, Transition
from core.models import AuditEvent
from counselling.models import Interview
from people.models import Person
from tests.factories import give_consent, make_interview, make_person

PERSON = {
    "office": "",
    "given_name": "Mohammed",
    "family_name": "Al-Hassan",
    "original_script_name": "محمد الحسن",
    "other_names": "Mohamed Hassan, Muhammad Alhassan",
    "sex": "male",
    "dob_precision": "year",
    "date_of_birth": "1988",
    "nationality": "IQ",
    "country_of_birth": "IQ",
    "languages": ["ar", "ckb"],
    "interpreter_needed": "on",
    "phone": "+32 470 12 34 56",
    "email": "",
}


def _register(client, world, **changes):
    data = {**PERSON, "office": world.bxl.pk, **changes}
    return client.post(reverse("person-create"), data)


def test_counsellor_registers_a_person_with_a_partial_date_of_birth(world, as_persona):
    response = _register(as_persona("counsellor"), world)
    person = Person.objects.get(family_name="Al-Hassan")
    assert response.status_code == 302 and response["Location"] == reverse("person-detail", args=[person.pk])
    assert person.date_of_birth == datetime.date(1988, 1, 1) and person.dob_display == "1988"
    assert sorted(person.languages.values_list("language", flat=True)) == ["ar", "ckb"]
    assert "muhammad alhassan" in person.search_names and "محمد الحسن" in person.search_names
    assert AuditEvent.objects.filter(action="person.registered", person_id=person.pk).exists()


def test_future_date_of_birth_is_refused_and_nothing_is_saved(world, as_persona):
    before = Person.objects.count()
    response = _register(as_persona("counsellor"), world, dob_precision="full", date_of_birth="2999-01-01")
    assert response.status_code == 200
    assert "The date of birth cannot be in the future." in response.content.decode()
    assert Person.objects.count() == before


def test_missing_names_are_named_in_the_error_summary(world, as_persona):
    response = _register(as_persona("counsellor"), world, given_name="", family_name="")
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_given_name"' in html and 'href="#id_family_name"' in html


def test_date_that_does_not_match_its_precision_gets_an_example(world, as_persona):
    response = _register(as_persona("counsellor"), world, dob_precision="full", date_of_birth="31/02/1990")
    assert "Write the date like 1987-03-21." in response.content.decode()


def test_counsellor_opens_a_case_with_a_readable_number(world, as_persona):
    person = make_person(world.bxl, world.counsellor)
    client = as_persona("counsellor")
    response = client.post(
        reverse("case-create", args=[person.pk]),
        {
            "office": world.bxl.pk,
            "country_of_return": "GN",
            "region_of_return": "Kankan",
            "administrative_status": "asylum_rejected",
            "procedure_stage": "final_rejection",
            "asylum_decision_date": "2026-01-15",
            "referral_source": "walk_in",
            "counsellor": world.counsellor.pk,
        },
    )
    case = ReturnCase.objects.get(principal=person)
    assert response.status_code == 302
    assert re.fullmatch(rf"BE-BXL-{timezone.now().year}-\d{{5}}", case.number)
    assert case.status == "intake" and case.counsellor == world.counsellor
    assert case.transitions.get().to_status == "intake"


def test_case_numbers_follow_each_other_per_office_and_year(world):
    year = timezone.now().year
    a = make_person(world.bxl, world.counsellor)
    from tests.factories import make_case

    first, second = make_case(world.bxl, world.counsellor, principal=a), make_case(world.bxl, world.counsellor)
    n1, n2 = int(first.number.rsplit("-", 1)[1]), int(second.number.rsplit("-", 1)[1])
    assert n2 == n1 + 1 and first.number.startswith(f"BE-BXL-{year}-")


def test_future_removal_order_date_is_refused(world, as_persona):
    person = make_person(world.bxl, world.counsellor)
    response = as_persona("counsellor").post(
        reverse("case-create", args=[person.pk]),
        {
            "office": world.bxl.pk,
            "country_of_return": "GN",
            "administrative_status": "irregular_stay",
            "removal_order_date": "2999-01-01",
            "referral_source": "walk_in",
        },
    )
    assert "The removal order date cannot be in the future." in response.content.decode()
    assert not ReturnCase.objects.filter(principal=person).exists()


def test_application_is_refused_without_consent_and_says_why(world, as_persona):
    client = as_persona("counsellor")
    client.post(reverse("case-transition", args=[world.case.pk]), {"to_status": "counselling"})
    make_interview(world.case, world.counsellor)
    response = client.post(reverse("case-transition", args=[world.case.pk]), {"to_status": "application"}, follow=True)
    world.case.refresh_from_db()
    assert world.case.status == "counselling"
    assert "has not given consent to processing" in response.content.decode()


def test_counsellor_records_interview_and_consent_then_moves_two_steps(world, as_persona):
    client = as_persona("counsellor")
    url = reverse("case-transition", args=[world.case.pk])
    assert client.post(url, {"to_status": "counselling"}).status_code == 302
    held = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        reverse("interview-create", args=[world.case.pk]),
        {
            "held_at": held.strftime("%Y-%m-%dT%H:%M"),
            "mode": "in_person",
            "location": "Brussels desk",
            "language": "fr",
            "interpreter": "Awa Camara",
            "participants": "Wife and brother",
            "topics": ["voluntary_nature", "assistance_package"],
            "other_topics": "School for the children",
            "notes": "Wants to go home before the summer.",
            "intention": "decided",
            "next_appointment": (held + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    interview = Interview.objects.get(case=world.case)
    assert interview.topics == ["voluntary_nature", "assistance_package"] and interview.intention == "decided"
    response = client.post(
        reverse("consent-create", args=[world.case.pk]),
        {
            "person": world.case.principal.pk,
            "purpose": "counselling",
            "state": "given",
            "date": timezone.localdate().isoformat(),
            "language": "fr",
            "method": "signed_form",
        },
    )
    assert response.status_code == 302
    assert client.post(url, {"to_status": "application"}).status_code == 302
    world.case.refresh_from_db()
    assert world.case.status == "application"
    assert list(world.case.transitions.values_list("to_status", flat=True)) == ["intake", "counselling", "application"]
    page = client.get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "Interview (In person)" in page and "Consent: Processing for counselling" in page


def test_future_interview_is_refused(world, as_persona):
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = as_persona("counsellor").post(
        reverse("interview-create", args=[world.case.pk]),
        {
            "held_at": later.strftime("%Y-%m-%dT%H:%M"),
            "mode": "phone",
            "language": "fr",
            "intention": "considering",
        },
    )
    assert "cannot be recorded before it has taken place" in response.content.decode()
    assert not Interview.objects.exists()


def test_withdrawn_consent_blocks_the_application_again(world):
    from cases import actions
    from core.errors import DomainError

    actions.transition(world.case, "counselling", by=world.counsellor)
    make_interview(world.case, world.counsellor)
    give_consent(world.case, world.counsellor)
    give_consent(world.case, world.counsellor, state="withdrawn")
    try:
        actions.transition(world.case, "application", by=world.counsellor)
    except DomainError as exc:
        assert "consent" in str(exc.message)
    else:
        raise AssertionError("the application went through without a valid consent")
    assert Consent.objects.filter(case=world.case).count() == 2
    assert Transition.objects.filter(case=world.case, to_status="application").count() == 0


def test_counsellor_corrects_a_name_and_the_audit_keeps_the_old_one(world, as_persona):
    person = world.case.principal
    response = as_persona("counsellor").post(
        reverse("person-edit", args=[person.pk]),
        {
            **PERSON,
            "given_name": "Mamadou",
            "family_name": "Bah",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Bah" and person.version == 2
    event = AuditEvent.objects.filter(action="person.updated", person_id=person.pk).get()
    assert event.changes["family_name"][1] == "Bah" and event.changes["family_name"][0].startswith("Tor")


def test_stale_person_edit_is_refused(world, as_persona):
    person = world.case.principal
    client = as_persona("counsellor")
    client.post(reverse("person-edit", args=[person.pk]), {**PERSON, "version": 1})
    response = client.post(reverse("person-edit", args=[person.pk]), {**PERSON, "family_name": "Other", "version": 1})
    assert "Someone else changed this person" in response.content.decode()
    person.refresh_from_db()
    assert person.family_name == "Al-Hassan"


def test_a_household_member_registered_later_is_added_to_the_case(world, as_persona):
    from people import actions as people_actions

    principal = world.case.principal
    child = make_person(world.bxl, world.counsellor, given_name="Fanta", family_name="Camara")
    people_actions.add_household_member(principal, child, by=world.counsellor, relation="child")
    client = as_persona("counsellor")
    url = reverse("case-member-add", args=[world.case.pk])
    assert "Fanta CAMARA (Child)" in client.get(url).content.decode()
    assert client.post(url, {"member": child.pk}).status_code == 302
    assert world.case.case_members.filter(person=child, relation="child").exists()
    assert "Every household member is already on this case" in client.get(url).content.decode()
    assert as_persona("analyst").get(url).status_code == 403
    assert as_persona("ghent").get(url).status_code == 404
