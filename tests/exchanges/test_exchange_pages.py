"""Staff exchange pages: who sees and edits what across agencies, recording
and changing an exchange, material, and starting from the last exchange."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from exchanges import actions
from exchanges.models import Exchange, Material
from tests.conftest import PERSONAS
from tests.factories import make_user

# The Fedasil–OFII exchange: both agencies' staff read it; partners and
# outsiders cannot learn it exists. The OFII–Caritas one: not Fedasil's.
SEE_MARCH = {p: 200 for p in PERSONAS} | {"partner": 404, "outsider": 404}
SEE_APRIL = {p: 404 for p in PERSONAS} | {"ofii": 200}
EDIT_MARCH = {p: 403 for p in PERSONAS} | {"team_leader": 200, "agency_admin": 200, "partner": 404, "outsider": 404}
LIST = {p: 200 for p in PERSONAS} | {"partner": 403, "outsider": 403}
RECORD = {p: 403 for p in PERSONAS} | {"team_leader": 200, "agency_admin": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_against_every_page(xw, as_persona, persona):
    client = as_persona(persona)
    assert client.get(reverse("exchange-list")).status_code == LIST[persona]
    assert client.get(reverse("exchange-detail", args=[xw.march.pk])).status_code == SEE_MARCH[persona]
    assert client.get(reverse("exchange-detail", args=[xw.april.pk])).status_code == SEE_APRIL[persona]
    assert client.get(reverse("exchange-edit", args=[xw.march.pk])).status_code == EDIT_MARCH[persona]
    assert client.get(reverse("exchange-create")).status_code == RECORD[persona]
    assert client.get(reverse("exchange-earlier")).status_code == RECORD[persona]
    material = client.post(
        reverse("exchange-material-add", args=[xw.march.pk]), {"title": "Slides", "url": "https://example.org/s"}
    )
    assert material.status_code == (302 if EDIT_MARCH[persona] == 200 else EDIT_MARCH[persona])


def test_the_other_agency_edits_too(xw, as_persona):
    client = as_persona("olivier")
    assert client.get(reverse("exchange-edit", args=[xw.march.pk])).status_code == 200
    assert client.get(reverse("exchange-edit", args=[xw.april.pk])).status_code == 200
    assert as_persona("chloe").get(reverse("exchange-detail", args=[xw.march.pk])).status_code == 404


def test_the_list_shows_only_the_users_agencies_exchanges(xw, as_persona):
    html = as_persona("analyst").get(reverse("exchange-list")).content.decode()
    assert "OFII Marseille visits the Brussels return desk" in html and "Caritas visits OFII" not in html
    html = as_persona("ofii").get(reverse("exchange-list")).content.decode()
    assert "OFII Marseille visits the Brussels return desk" in html and "Caritas visits OFII" in html


def test_an_agency_without_exchanges_sees_an_empty_state(world, as_persona):
    html = as_persona("counsellor").get(reverse("exchange-list")).content.decode()
    assert 'data-testid="no-exchanges"' in html


def test_the_list_filters_by_theme_and_reads_in_few_queries(xw, as_persona):
    client = as_persona("ofii")
    html = client.get(reverse("exchange-list") + "?theme=reintegration").content.decode()
    assert "Caritas visits OFII" in html and "Brussels return desk" not in html
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("exchange-list"))
    for n in range(8):
        actions.create_exchange(
            by=xw.olivier,
            title=f"Exchange {n}",
            host_agency=xw.ofii_agency,
            visiting_agency=xw.fedasil,
            starts_on=datetime.date(2025, 1, 1 + n),
            ends_on=datetime.date(2025, 1, 1 + n),
            themes=["data", "staff"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("exchange-list"))
    assert len(many) == len(few)


def test_linked_guides_and_notes_follow_their_own_visibility(xw, as_persona):
    mine = as_persona("counsellor").get(reverse("exchange-detail", args=[xw.march.pk])).content.decode()
    assert "Parler du retour sans pression" in mine
    assert "Beslissingsgesprek (ontwerp)" in mine
    assert "Start with the person&#x27;s own questions" in mine
    theirs = as_persona("ofii").get(reverse("exchange-detail", args=[xw.march.pk])).content.decode()
    assert "Parler du retour sans pression" in theirs  # shared and published
    assert "Beslissingsgesprek" not in theirs  # Fedasil's draft
    assert "own questions" not in theirs  # a note Fedasil has not shared


def test_the_page_shows_participants_agenda_lessons_and_material(xw, as_persona):
    actions.add_material(
        xw.march, by=xw.team_leader, title="Interview checklist", note="On the shared drive, folder 2026"
    )
    html = as_persona("ofii").get(reverse("exchange-detail", args=[xw.march.pk])).content.decode()
    for text in [
        "Sofie",
        "Claire",
        "Jeanne Petit",
        "head of the Marseille office",
        "sitting in on counselling",
        "start from the person&#x27;s questions",
        "Interview checklist",
        "On the shared drive",
    ]:
        assert text in html, text


def test_a_team_leader_records_an_exchange(xw, as_persona):
    data = {
        "title": "Fedasil Ghent visits OFII Lille",
        "host_agency": xw.ofii_agency.pk,
        "visiting_agency": xw.fedasil.pk,
        "starts_on": "2026-06-02",
        "ends_on": "2026-06-03",
        "themes": ["travel", "eligibility"],
        "visiting_offices": [xw.ghent_office.pk],
        "participant_users": [xw.ghent.pk],
        "other_participants": "Nour El Amrani – interpreter\nAhmed Benali",
        "agenda": "Laissez-passer requests with the consulates.",
        "lessons": "",
    }
    response = as_persona("team_leader").post(reverse("exchange-create"), data)
    exchange = Exchange.objects.get(title="Fedasil Ghent visits OFII Lille")
    assert response.status_code == 302 and response["Location"] == reverse("exchange-detail", args=[exchange.pk])
    assert sorted(exchange.theme_codes) == ["eligibility", "travel"]
    assert [(p.user_id, p.name, p.details) for p in exchange.participants.all()] == [
        (xw.ghent.pk, "", ""),
        (None, "Nour El Amrani", "interpreter"),
        (None, "Ahmed Benali", ""),
    ]
    assert AuditEvent.objects.filter(action="exchange.created", object_id=str(exchange.pk)).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"visiting_agency": "FEDASIL"}, "visiting_agency"),
        ({"host_agency": "OFII", "visiting_agency": "CARITAS"}, "host_agency"),
        ({"ends_on": "2026-05-31"}, "ends_on"),
        ({"host_offices": ["MRS"]}, "host_offices"),
        ({"participant_users": ["PARTNER"]}, "participant_users"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_names_the_field_and_records_nothing(xw, as_persona, change, field):
    ids = {
        "FEDASIL": xw.fedasil.pk,
        "OFII": xw.ofii_agency.pk,
        "CARITAS": xw.caritas.pk,
        "MRS": xw.mrs.pk,
        "PARTNER": xw.partner.pk,
    }
    data = {
        "title": "New",
        "host_agency": xw.fedasil.pk,
        "visiting_agency": xw.ofii_agency.pk,
        "starts_on": "2026-06-02",
        "ends_on": "2026-06-02",
    }
    for key, value in change.items():
        data[key] = [ids[v] for v in value] if isinstance(value, list) else ids.get(value, value)
    before = Exchange.objects.count()
    response = as_persona("team_leader").post(reverse("exchange-create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert Exchange.objects.count() == before


def test_start_from_the_last_exchange_shows_its_lessons_and_links_it(xw, as_persona):
    client = as_persona("olivier")
    detail = client.get(reverse("exchange-detail", args=[xw.march.pk])).content.decode()
    assert f"{reverse('exchange-create')}?from={xw.march.pk}" in detail
    page = client.get(reverse("exchange-create") + f"?from={xw.march.pk}")
    form = page.context["form"]
    # A return visit: OFII hosts Fedasil this time, on the same themes.
    assert form.initial["host_agency"] == xw.ofii_agency.pk and form.initial["visiting_agency"] == xw.fedasil.pk
    assert form.initial["follows"] == xw.march.pk
    html = page.content.decode()
    assert f'data-testid="earlier-{xw.march.pk}"' in html
    assert "start from the person&#x27;s questions" in html
    response = client.post(
        reverse("exchange-create"),
        {
            "title": "Fedasil visits OFII Marseille",
            "host_agency": xw.ofii_agency.pk,
            "visiting_agency": xw.fedasil.pk,
            "starts_on": "2026-09-15",
            "ends_on": "2026-09-16",
            "themes": ["conversations"],
            "follows": xw.march.pk,
        },
    )
    assert response.status_code == 302
    september = Exchange.objects.get(title="Fedasil visits OFII Marseille")
    assert september.follows == xw.march
    html = as_persona("counsellor").get(reverse("exchange-detail", args=[september.pk])).content.decode()
    assert "started from this one" in html and "start from the person&#x27;s questions" in html
    march = as_persona("counsellor").get(reverse("exchange-detail", args=[xw.march.pk])).content.decode()
    assert "Exchanges started from this one" in march and "Fedasil visits OFII Marseille" in march


def test_earlier_exchanges_on_the_same_themes_count_when_the_reader_sees_them(xw, as_persona):
    query = f"?host_agency={xw.ofii_agency.pk}&visiting_agency={xw.fedasil.pk}&themes=reintegration"
    theirs = as_persona("olivier").get(reverse("exchange-earlier") + query).content.decode()
    assert f'data-testid="earlier-{xw.march.pk}"' in theirs  # same agencies
    assert f'data-testid="earlier-{xw.april.pk}"' in theirs  # same theme
    assert "Partners need the medical file early." in theirs
    mine = as_persona("team_leader").get(reverse("exchange-earlier") + query).content.decode()
    assert f'data-testid="earlier-{xw.april.pk}"' not in mine  # OFII and Caritas's, not Fedasil's


def test_showing_the_earlier_lessons_without_javascript_saves_nothing(xw, as_persona):
    before = Exchange.objects.count()
    response = as_persona("olivier").post(
        reverse("exchange-create"),
        {"show_earlier": "1", "host_agency": xw.ofii_agency.pk, "visiting_agency": xw.fedasil.pk, "title": ""},
    )
    assert response.status_code == 200 and Exchange.objects.count() == before
    assert not response.context["form"].errors
    assert f'data-testid="earlier-{xw.march.pk}"' in response.content.decode()


def test_a_stale_edit_is_refused(xw, as_persona):
    client = as_persona("agency_admin")
    page = client.get(reverse("exchange-edit", args=[xw.march.pk]))
    version = page.context["version"]
    actions.update_exchange(xw.march, by=xw.olivier, expected_version=xw.march.version, lessons="Changed by OFII")
    data = {
        "title": "Renamed",
        "host_agency": xw.fedasil.pk,
        "visiting_agency": xw.ofii_agency.pk,
        "starts_on": "2026-03-09",
        "ends_on": "2026-03-11",
        "version": version,
    }
    response = client.post(reverse("exchange-edit", args=[xw.march.pk]), data)
    assert response.status_code == 200
    assert "Someone else changed this exchange" in response.content.decode()
    xw.march.refresh_from_db()
    assert xw.march.title != "Renamed" and xw.march.lessons == "Changed by OFII"


def test_an_edit_keeps_what_the_form_sends(xw, as_persona):
    client = as_persona("olivier")
    page = client.get(reverse("exchange-edit", args=[xw.march.pk]))
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    for key in ("host_offices", "visiting_offices", "participant_users", "guides", "practice_notes"):
        data[key] = [o.pk for o in data.get(key, [])]
    data["starts_on"], data["ends_on"] = "2026-03-09", "2026-03-11"
    data["lessons"] += "\n\nThird lesson, from OFII."
    data["version"] = page.context["version"]
    response = client.post(reverse("exchange-edit", args=[xw.march.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    xw.march.refresh_from_db()
    assert xw.march.lessons.endswith("Third lesson, from OFII.") and xw.march.version == 2
    assert xw.march.participants.count() == 4


def test_material_needs_a_link_or_a_note_and_can_be_removed(xw, as_persona):
    client = as_persona("team_leader")
    bad = client.post(reverse("exchange-material-add", args=[xw.march.pk]), {"title": "Slides"})
    assert bad.status_code == 200 and "url" in bad.context["form"].errors
    client.post(
        reverse("exchange-material-add", args=[xw.march.pk]), {"title": "Slides", "url": "https://example.org/s"}
    )
    material = Material.objects.get()
    assert (
        as_persona("counsellor").post(reverse("exchange-material-remove", args=[xw.march.pk, material.pk])).status_code
        == 403
    )
    assert client.post(reverse("exchange-material-remove", args=[xw.march.pk, material.pk])).status_code == 302
    assert not Material.objects.exists()
    assert AuditEvent.objects.filter(action="exchange.material_removed").exists()


def test_a_user_who_left_the_agency_is_no_participant_to_choose(xw):
    stranger = make_user("stranger")
    from core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        actions.update_exchange(xw.march, by=xw.team_leader, expected_version=1, participant_users=[stranger])
    assert caught.value.field == "participant_users"


def test_an_edit_from_the_other_agency_keeps_links_it_cannot_see(xw):
    actions.update_exchange(xw.march, by=xw.olivier, expected_version=1, guides=[], lessons="Shorter.")
    xw.march.refresh_from_db()
    # Olivier removed the one guide he sees; Fedasil's draft and unshared note stay linked.
    assert list(xw.march.guides.all()) == [xw.draft]
    assert list(xw.march.practice_notes.all()) == [xw.note]
