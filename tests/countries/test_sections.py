"""Practical sections of a country card: who writes them, optimistic
locking, text per language with a named fallback, the last check and the
out-of-date mark, history through the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from countries import actions, cards
from countries.models import PracticalSection
from tests.api.helpers import call, fields_at_fault, problem

TODAY = timezone.localdate()


@pytest.fixture
def health(world):
    return actions.update_section(
        "GN",
        "health",
        by=world.team_leader,
        expected_version=0,
        texts={"en": "Insulin is sold in Conakry and Kankan.", "fr": "L'insuline est vendue à Conakry et Kankan."},
    )


def test_team_leader_writes_a_section_and_is_recorded_as_checker(world, health):
    assert health.version == 1 and health.checked_by == world.team_leader and health.checked_on == TODAY
    assert health.checked_by_office == world.bxl
    assert {t.language: t.body for t in health.texts.all()}["fr"].startswith("L'insuline")
    event = AuditEvent.objects.get(action="country_section.updated")
    assert event.changes["text.en"] == [None, "Insulin is sold in Conakry and Kankan."]


@pytest.mark.parametrize(
    "persona,country,allowed",
    [
        ("team_leader", "GN", True),
        ("agency_admin", "SN", True),
        ("partner", "GN", True),  # a partner caseworker of an office in Guinea
        ("partner", "SN", False),  # ... but not of Senegal
        ("counsellor", "GN", False),
        ("analyst", "GN", False),
        ("travel_officer", "GN", False),
        ("ofii", "GN", False),
        ("outsider", "GN", False),
    ],
)
def test_who_may_write_a_section(world, persona, country, allowed):
    write = lambda: actions.update_section(  # noqa: E731
        country, "housing", by=getattr(world, persona), expected_version=0, texts={"en": "Rent is cheap."}
    )
    if allowed:
        assert write().version == 1
    else:
        with pytest.raises(DomainError):
            write()
        assert not PracticalSection.objects.exists()


def test_a_stale_edit_is_refused_and_nothing_is_saved(world, health):
    actions.update_section("GN", "health", by=world.partner, expected_version=1, texts={"en": "Updated by IOM."})
    with pytest.raises(StaleEdit):
        actions.update_section("GN", "health", by=world.team_leader, expected_version=1, texts={"en": "Overwrite"})
    section = PracticalSection.objects.get()
    assert section.version == 2 and section.texts.get(language="en").body == "Updated by IOM."
    assert not section.texts.filter(language="fr").exists()  # an empty language is taken out


def test_two_first_writers_do_not_overwrite_each_other(world, health):
    with pytest.raises(StaleEdit):
        actions.update_section("GN", "health", by=world.agency_admin, expected_version=0, texts={"en": "Mine"})


def test_bad_input_names_the_field(world):
    cases = [
        (dict(texts={"en": "  "}), "texts"),
        (dict(texts={"xx1": "Text"}), "texts"),
        (dict(texts={"en": "T"}, checked_on=TODAY + datetime.timedelta(days=1)), "checked_on"),
    ]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as exc:
            actions.update_section("GN", "work", by=world.team_leader, expected_version=0, **kwargs)
        assert exc.value.field == field
    with pytest.raises(DomainError) as exc:
        actions.update_section("GN", "nonsense", by=world.team_leader, expected_version=0, texts={"en": "T"})
    assert exc.value.field == "topic"


def test_text_in_the_readers_language_else_a_named_fallback(world, health):
    views = {v.topic: v for v in cards.sections_for("GN", TODAY, language="fr")}
    assert views["health"].language == "fr" and views["health"].fallback_language_name is None
    views = {v.topic: v for v in cards.sections_for("GN", TODAY, language="nl")}
    assert views["health"].language == "en" and views["health"].fallback_language_name == "English"
    assert views["housing"].section is None and views["housing"].text == ""


def test_a_text_only_in_another_language_is_shown_in_it(world):
    actions.update_section(
        "GN", "documents", by=world.partner, expected_version=0, texts={"nl": "Paspoort in Conakry."}
    )
    view = {v.topic: v for v in cards.sections_for("GN", TODAY, language="fr")}["documents"]
    assert view.text == "Paspoort in Conakry." and view.language == "nl"


def test_out_of_date_after_the_set_number_of_months(world, health):
    assert not cards.is_out_of_date(health, TODAY)
    old = TODAY - datetime.timedelta(days=31 * cards.STALE_MONTHS + 2)
    PracticalSection.objects.filter(pk=health.pk).update(checked_on=old)
    health.refresh_from_db()
    assert cards.is_out_of_date(health, TODAY)
    # Confirming it again makes it current.
    actions.update_section("GN", "health", by=world.partner, expected_version=1, texts={"en": "Still true."})
    health.refresh_from_db()
    assert not cards.is_out_of_date(health, TODAY) and health.checked_by == world.partner


def test_the_card_shows_the_fallback_the_check_and_the_out_of_date_mark(world, health, as_persona, rules):
    PracticalSection.objects.filter(pk=health.pk).update(checked_on=TODAY - datetime.timedelta(days=800))
    client = as_persona("counsellor")
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("country-card", args=["GN"]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Insulin is sold in Conakry and Kankan." in page
    assert "out of date" in page or "verouderd" in page
    assert "Marc" in page  # who checked it


def test_editing_through_the_page_and_a_stale_page(world, health, as_persona):
    client = as_persona("partner")
    url = reverse("country-section-edit", args=["GN", "health"])
    form = client.get(url)
    assert form.status_code == 200 and "Insulin is sold" in form.content.decode()
    data = {"text_en": "Insulin: Conakry only.", "text_fr": "", "text_nl": "", "checked_on": TODAY.isoformat()}
    response = client.post(url, data | {"version": 1})
    assert response.status_code == 302
    stale = client.post(url, data | {"text_en": "Other", "version": 1})
    assert stale.status_code == 200 and "Someone else changed this section" in stale.content.decode()
    empty = client.post(
        url, {"text_en": "", "text_fr": "", "text_nl": "", "checked_on": TODAY.isoformat(), "version": 2}
    )
    assert "text_en" in empty.context["form"].errors
    assert PracticalSection.objects.get().texts.get(language="en").body == "Insulin: Conakry only."


def test_history_lists_each_change_with_its_author(world, health, as_persona):
    actions.update_section("GN", "health", by=world.partner, expected_version=1, texts={"en": "Changed text."})
    page = as_persona("ofii").get(reverse("country-section-history", args=["GN", "health"])).content.decode()
    assert "Changed text." in page and "Insulin is sold" in page and "Mamadou" in page and "Marc" in page


def test_section_api_update_locking_and_errors(world, health, as_persona):
    client = as_persona("partner")
    url = "/api/countries/GN/sections/health/"
    ok = call(client, "put", url, {"texts": {"en": "API text", "fr": "Texte API"}, "version": 1})
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.json()["texts"]["fr"] == "Texte API"
    assert problem(call(client, "put", url, {"texts": {"en": "x"}, "version": 1}), 409)
    assert fields_at_fault(problem(call(client, "put", url, {"texts": {"en": ""}, "version": 2}), 422)) == {"texts"}
    assert fields_at_fault(problem(call(client, "put", url, {"texts": {"en": "x"}}), 400)) == {"version"}
    assert problem(call(client, "put", "/api/countries/SN/sections/health/", {"texts": {"en": "x"}, "version": 0}), 403)
    assert problem(call(client, "put", "/api/countries/GN/sections/nonsense/", {"texts": {}, "version": 0}), 404)
    assert problem(call(client, "put", "/api/countries/ZZ/sections/health/", {"texts": {}, "version": 0}), 404)
