"""The candidate panel of the registration forms: as the counsellor types
(htmx), or with the "Check for existing records" button without JavaScript,
and the warning on the final POST before a duplicate is created."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEvent
from people.forms import HouseholdMemberForm, PersonForm, offices_for
from people.models import Person
from people.views_match import CONFIRM_FIELD, hold_for_duplicates, lenient_dob
from tests.conftest import PERSONAS
from tests.factories import make_person

PANEL = reverse("person-match-panel")
MAY_MATCH = {"counsellor", "team_leader", "ghent", "travel_officer", "agency_admin", "ofii"}
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "match-panel"}


TYPED = {
    "given_name": "Mohammed",
    "family_name": "Diallo",
    "dob_precision": "year",
    "date_of_birth": "1990",
    "sex": "male",
    "nationality": "GN",
}


def _form(world, **overrides) -> dict:
    data = {**TYPED, "office": world.bxl.pk, "languages": ["fr"], "email": "", "phone": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _candidates(html: str) -> list[str]:
    return re.findall(r'data-testid="match-candidate".*?</li>', html, flags=re.S)


def test_the_registration_form_asks_for_candidates_as_the_counsellor_types(world, as_persona):
    html = as_persona("counsellor").get(reverse("person-create")).content.decode()
    form = re.search(r'<form method="post"[^>]*id="person-form"[^>]*>', html, flags=re.S).group(0)
    assert f'hx-post="{PANEL}"' in form and 'hx-trigger="input delay:500ms"' in form
    assert 'hx-target="#match-panel"' in form and f'action="{reverse("person-create")}"' in form
    assert 'id="match-panel"' in html and 'aria-live="polite"' in html
    assert "As you type the names and the date of birth" in html
    # Without JavaScript: a button posting the form to the panel.
    assert f'formaction="{PANEL}"' in html and "Check for existing records" in html


def test_the_panel_ranks_candidates_with_reasons_in_plain_words_and_links_in_a_new_tab(world, known, as_persona):
    response = as_persona("counsellor").post(PANEL, TYPED, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the panel alone
    assert "HX-Request" in response["Vary"]
    first = _candidates(html)[0]
    assert "Mohamed JALLOW" in first and f'href="/people/{known["bxl"].pk}/"' in first
    assert 'target="_blank"' in first and 'rel="noopener"' in first and "opens in a new tab" in first
    assert "family name is a variant, given name is a variant, year of birth matches" in first
    assert "Born 17/05/1990" in first and "Guinea" in first and "Fedasil Brussels" in first
    assert re.search(r"score \d+ of 100", first)


def test_a_record_the_counsellor_may_not_see_shows_no_personal_data(world, known, as_persona):
    html = as_persona("counsellor").post(PANEL, TYPED, **HTMX).content.decode()
    elsewhere = [c for c in _candidates(html) if "match-elsewhere" in c]
    assert len(elsewhere) == 1
    assert "A record exists at OFII Marseille (OFII)." in elsewhere[0]
    assert 'href="mailto:mrs@example.org"' in elsewhere[0]
    mrs = known["mrs"]
    for leak in (f"/people/{mrs.pk}/", "+33", "34 56 78", "score", "variant", "year of birth"):
        assert leak not in elsewhere[0], leak
    assert html.count("JALLOW") == 1  # the Brussels record only


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_and_the_panel(world, known, as_persona, persona):
    response = as_persona(persona).post(PANEL, TYPED, **HTMX)
    if persona in MAY_MATCH:
        assert response.status_code == 200
        html = response.content.decode()
        assert _candidates(html), persona
        visible = [c for c in _candidates(html) if "match-elsewhere" not in c]
        for c in visible:
            assert "JALLOW" in c
        # Only the records in the persona's scope are named.
        seen = {p.pk for p in Person.objects.filter(pk__in=[known["bxl"].pk, known["mrs"].pk])}
        for pk in seen:
            named = f'href="/people/{pk}/"' in html
            from people.access import visible_people

            assert named == visible_people(getattr(world, persona)).filter(pk=pk).exists(), (persona, pk)
    else:
        assert response.status_code == 403


def test_the_panel_needs_a_login(world, client):
    response = client.post(PANEL, TYPED)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_panel_is_post_only(world, as_persona):
    assert as_persona("counsellor").get(PANEL).status_code == 405


def test_too_little_typed_says_so_and_nothing_found_says_so(world, known, as_persona):
    client = as_persona("counsellor")
    html = client.post(PANEL, {"given_name": "M", "family_name": "Di"}, **HTMX).content.decode()
    assert "Type a given name and a family name" in html and 'data-testid="match-candidate"' not in html
    html = client.post(PANEL, {**TYPED, "given_name": "Zebulon", "family_name": "Quartermaine"}, **HTMX)
    assert "No similar record found." in html.content.decode()


def test_a_date_being_typed_counts_for_what_is_already_there():
    assert lenient_dob("1990-05-1", "full") == (datetime.date(1990, 5, 1), "year_month")
    assert lenient_dob("1990-05-17", "full") == (datetime.date(1990, 5, 17), "full")
    assert lenient_dob("1990-02-30", "full") == (datetime.date(1990, 2, 1), "year_month")
    assert lenient_dob("199", "full") == (None, "unknown")
    assert lenient_dob("1990", "year") == (datetime.date(1990, 1, 1), "year")
    assert lenient_dob("1990-05-17", "unknown") == (None, "unknown")
    assert lenient_dob("3000", "year") == (None, "unknown")
    assert lenient_dob("17/05/1990", "full") == (None, "unknown")


def test_a_half_typed_form_never_errors(world, known, as_persona):
    client = as_persona("counsellor")
    for data in (
        {**TYPED, "date_of_birth": "19", "nationality": "Guinea", "sex": "?"},
        {**TYPED, "dob_precision": "nonsense", "date_of_birth": "1990-13-45"},
        {"given_name": "Mohammed" * 200, "family_name": "Diallo"},
    ):
        assert client.post(PANEL, data, **HTMX).status_code == 200


def test_the_name_in_original_script_counts_as_another_name():
    from people.views_match import typed_fields

    fields = typed_fields({"given_name": "Mohamed", "other_names": "Mamadou", "original_script_name": "محمد جالو"})
    assert fields["other_names"] == "Mamadou, محمد جالو"


def test_without_javascript_the_button_shows_the_form_again_with_the_candidates(world, known, as_persona):
    response = as_persona("counsellor").post(PANEL, _form(world, email="m@example.org"))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Register a person" in html and 'value="Mohammed"' in html and 'value="m@example.org"' in html
    assert re.search(r'<input[^>]*value="year"[^>]*checked|<input[^>]*checked[^>]*value="year"', html)
    assert "Mohamed JALLOW" in html and "A record exists at OFII Marseille" in html
    assert f'action="{reverse("person-create")}"' in html  # "Register" still registers
    assert "There is a problem" not in html  # what is not typed yet is not an error
    assert not Person.objects.filter(family_name="Diallo").exists()


def test_the_household_member_form_has_the_panel_too(world, known, as_persona):
    principal = world.case.principal
    client = as_persona("counsellor")
    html = client.get(reverse("household-member-add", args=[principal.pk])).content.decode()
    assert f'hx-post="{PANEL}"' in html and 'id="match-panel"' in html
    assert f'formaction="{PANEL}?household={principal.pk}"' in html
    # Without JavaScript: the household form again, for the same principal.
    response = client.post(f"{PANEL}?household={principal.pk}", {**TYPED, "relation": "spouse"})
    html = response.content.decode()
    assert "Add a household member" in html and "Mohamed JALLOW" in html
    assert f'action="{reverse("household-member-add", args=[principal.pk])}"' in html
    assert 'value="spouse" checked' in html or re.search(r'<option value="spouse" selected', html)


def test_the_other_forms_on_the_same_template_have_no_panel(world, as_persona):
    person = world.case.principal
    html = as_persona("counsellor").get(reverse("person-add", args=[person.pk, "document"])).content.decode()
    assert "match-panel" not in html
    html = as_persona("counsellor").get(reverse("person-edit", args=[person.pk])).content.decode()
    assert "match-panel" not in html


def test_a_household_panel_for_a_principal_out_of_scope_is_404(world, known, as_persona):
    response = as_persona("counsellor").post(f"{PANEL}?household={world.ofii_case.principal_id}", TYPED)
    assert response.status_code == 404


def test_long_and_right_to_left_names_are_isolated_in_the_panel(world, as_persona):
    long_family = "Abdelrahmanabdelkarimalhashimi" * 3
    make_person(world.bxl, world.counsellor, given_name="محمد", family_name=long_family, nationality="SD")
    html = as_persona("counsellor").post(PANEL, {"given_name": "Mohamed", "family_name": long_family}, **HTMX)
    html = html.content.decode()
    assert "<bdi>محمد " in html and "overflow-wrap: anywhere" in html


# --- the warning before a duplicate is created ---------------------------------


def _post_register(world, data):
    request = RequestFactory().post(reverse("person-create"), data)
    request.user = world.counsellor
    form = PersonForm(request.POST, offices=offices_for(world.counsellor))
    assert form.is_valid(), form.errors
    return request, form


def test_registering_a_likely_duplicate_shows_the_candidates_instead(world, known):
    request, form = _post_register(world, _form(world, date_of_birth="1990-05-17", dob_precision="full"))
    response = hold_for_duplicates(request, form, "people/person_form.html", {"nav": "register"})
    assert response is not None
    html = response.content.decode()
    assert "There is a problem" in html and "A record that looks like this person already exists." in html
    assert "Mohamed JALLOW" in html and "A record exists at OFII Marseille" in html
    assert f'name="{CONFIRM_FIELD}"' in html and 'form="person-form"' in html
    assert "govuk-form-group--error" in html and "I checked: this is a different person" in html
    assert 'value="Mohammed"' in html  # what was typed stays


def test_the_different_person_tick_lets_the_registration_through(world, known):
    data = _form(world, date_of_birth="1990-05-17", dob_precision="full", **{CONFIRM_FIELD: "yes"})
    request, form = _post_register(world, data)
    assert hold_for_duplicates(request, form, "people/person_form.html", {"nav": "register"}) is None


def test_no_warning_when_nothing_looks_alike(world, known):
    request, form = _post_register(world, _form(world, given_name="Zebulon", family_name="Quartermaine"))
    assert hold_for_duplicates(request, form, "people/person_form.html", {"nav": "register"}) is None


def test_a_less_likely_candidate_is_listed_but_does_not_hold(world, known, as_persona):
    # Variant names, born a year apart, no nationality or sex: shown in the
    # panel, as less likely the same person, and registering goes through.
    data = _form(world, nationality="", sex="unknown", date_of_birth="1991")
    html = as_persona("counsellor").post(PANEL, {k: v for k, v in data.items() if k != "office"}, **HTMX)
    listed = _candidates(html.content.decode())
    assert listed and all("Less likely the same person" in c for c in listed)
    request, form = _post_register(world, data)
    assert hold_for_duplicates(request, form, "people/person_form.html", {"nav": "register"}) is None


def test_a_possible_match_holds_the_registration(world, known):
    # Variant names and the birth year only: possibly the same person, which
    # is worth a check before a second record.
    request, form = _post_register(world, _form(world, nationality="", sex="unknown"))
    response = hold_for_duplicates(request, form, "people/person_form.html", {"nav": "register"})
    assert response is not None and "Possibly the same person" in response.content.decode()


def test_the_tick_is_offered_in_the_panel_once_a_likely_match_appears(world, known, as_persona):
    client = as_persona("counsellor")
    html = client.post(PANEL, {**TYPED, "date_of_birth": "1990-05-17", "dob_precision": "full"}, **HTMX)
    html = html.content.decode()
    assert f'name="{CONFIRM_FIELD}"' in html and "govuk-form-group--error" not in html
    html = client.post(PANEL, {**TYPED, CONFIRM_FIELD: "yes", "date_of_birth": "1990-05-17"}, **HTMX).content
    assert b"checked" in html


def test_the_register_page_holds_a_duplicate_until_the_tick(world, known, as_persona):
    client = as_persona("counsellor")
    data = _form(world, date_of_birth="1990-05-17", dob_precision="full")
    response = client.post(reverse("person-create"), data)
    assert response.status_code == 200 and "I checked: this is a different person" in response.content.decode()
    assert not Person.objects.filter(family_name="Diallo").exists()
    before = AuditEvent.objects.count()
    response = client.post(reverse("person-create"), {**data, CONFIRM_FIELD: "yes"})
    assert response.status_code == 302
    assert Person.objects.filter(family_name="Diallo").count() == 1 and AuditEvent.objects.count() > before
    # The decision is in the audit trail: which records were judged to be someone else.
    person = Person.objects.get(family_name="Diallo")
    event = AuditEvent.objects.get(action="person.registered_over_match")
    assert event.person_id == person.pk and event.actor == world.counsellor
    overridden = {c["person"]: c for c in event.changes["candidates"]}
    assert set(overridden) == {known["bxl"].pk, known["mrs"].pk}
    assert overridden[known["mrs"].pk]["office"] == world.mrs.pk and overridden[known["mrs"].pk]["score"] >= 60
    assert "Jallow" not in str(event.changes)  # ids and scores, no personal data


def test_a_tick_with_nothing_alike_records_no_override(world, known, as_persona):
    data = _form(world, given_name="Zebulon", family_name="Quartermaine", **{CONFIRM_FIELD: "yes"})
    assert as_persona("counsellor").post(reverse("person-create"), data).status_code == 302
    assert not AuditEvent.objects.filter(action="person.registered_over_match").exists()


def test_the_household_form_holds_a_duplicate_until_the_tick(world, known, as_persona):
    client = as_persona("counsellor")
    url = reverse("household-member-add", args=[world.case.principal_id])
    data = {**_form(world, date_of_birth="1990-05-17", dob_precision="full"), "relation": "spouse"}
    data.pop("office")
    response = client.post(url, data)
    assert response.status_code == 200 and "I checked: this is a different person" in response.content.decode()
    assert client.post(url, {**data, CONFIRM_FIELD: "yes"}).status_code == 302
    member = Person.objects.get(family_name="Diallo")
    event = AuditEvent.objects.get(action="person.registered_over_match")
    assert event.person_id == member.pk and {c["person"] for c in event.changes["candidates"]} >= {known["bxl"].pk}


def test_household_form_hold_renders_the_household_page(world, known):
    principal = world.case.principal
    data = {**_form(world, date_of_birth="1990-05-17", dob_precision="full"), "relation": "spouse"}
    request = RequestFactory().post(reverse("household-member-add", args=[principal.pk]), data)
    request.user = world.counsellor
    form = HouseholdMemberForm(request.POST)
    assert form.is_valid(), form.errors
    response = hold_for_duplicates(
        request,
        form,
        "people/person_add.html",
        {"person": principal, "title": "Add a household member", "household_form": True},
    )
    html = response.content.decode()
    assert 'id="match-panel"' in html and "Mohamed JALLOW" in html
