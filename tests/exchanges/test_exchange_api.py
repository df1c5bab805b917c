"""The staff exchange API: every persona, the earlier lessons in the
detail, linked guides as the caller may see them, problems naming the
field, and optimistic locking."""

import pytest

from exchanges.models import Exchange
from tests.api.helpers import call, fields_at_fault, problem, token_client
from tests.conftest import PERSONAS
from tests.exchanges.test_exchange_pages import EDIT_MARCH, LIST, RECORD, SEE_APRIL, SEE_MARCH

pytestmark = pytest.mark.urls("tests.counselling.urls_api")


def _body(xw, **extra):
    body = {
        "title": "Return visit",
        "host_agency": xw.ofii_agency.pk,
        "visiting_agency": xw.fedasil.pk,
        "starts_on": "2026-10-05",
        "ends_on": "2026-10-06",
        "themes": ["conversations"],
    }
    body.update(extra)
    return body


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_against_every_endpoint(xw, persona):
    client = token_client(getattr(xw, persona))
    listed = call(client, "get", "/api/exchanges/")
    assert listed.status_code == LIST[persona]  # as the page
    ids = {e["id"] for e in listed.json()} if listed.status_code == 200 else set()
    assert (xw.march.pk in ids) == (SEE_MARCH[persona] == 200)
    assert (xw.april.pk in ids) == (SEE_APRIL[persona] == 200)
    assert call(client, "get", f"/api/exchanges/{xw.march.pk}/").status_code == SEE_MARCH[persona]
    assert call(client, "get", f"/api/exchanges/{xw.april.pk}/").status_code == SEE_APRIL[persona]
    created = call(client, "post", "/api/exchanges/", _body(xw))
    assert created.status_code == (201 if RECORD[persona] == 200 else 403)
    patched = call(client, "patch", f"/api/exchanges/{xw.march.pk}/", {"version": 1, "lessons": "More."})
    assert patched.status_code == EDIT_MARCH[persona]


def test_the_detail_gives_earlier_lessons_and_the_guides_the_caller_sees(xw):
    client = token_client(xw.olivier)
    created = call(client, "post", "/api/exchanges/", _body(xw, follows=xw.march.pk, themes=["reintegration"]))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["follows"] == xw.march.pk and data["themes"] == ["reintegration"]
    earlier = {e["id"]: e for e in data["earlier"]}
    assert earlier[xw.march.pk]["lessons"].startswith("Social workers build trust")
    assert earlier[xw.march.pk]["same_agencies"] is True
    assert xw.april.pk in earlier  # same theme, and Olivier sees OFII's exchanges
    march = call(client, "get", f"/api/exchanges/{xw.march.pk}/").json()
    assert march["guides"] == [xw.guide.pk]  # not Fedasil's draft
    assert march["practice_notes"] == []  # nor its unshared note
    assert {p["name"] for p in march["participants"]} >= {"Sofie", "Claire", "Jeanne Petit"}
    mine = call(token_client(xw.counsellor), "get", f"/api/exchanges/{xw.march.pk}/").json()
    assert sorted(mine["guides"]) == sorted([xw.guide.pk, xw.draft.pk]) and mine["practice_notes"] == [xw.note.pk]


@pytest.mark.parametrize(
    ("extra", "status", "field"),
    [
        ({"visiting_agency": "OFII"}, 422, "visiting_agency"),
        ({"host_agency": "IOM"}, 400, "host_agency"),
        ({"ends_on": "2026-10-01"}, 422, "ends_on"),
        ({"themes": ["astrology"]}, 400, "themes[0]"),
        ({"other_participants": [{"name": ""}]}, 400, "other_participants[0].name"),
        ({"follows": "APRIL"}, 400, "follows"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(xw, extra, status, field):
    ids = {"OFII": xw.ofii_agency.pk, "IOM": xw.iom.pk, "APRIL": xw.april.pk}
    extra = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in extra.items()}
    before = Exchange.objects.count()
    response = call(token_client(xw.team_leader), "post", "/api/exchanges/", _body(xw, **extra))
    assert field in fields_at_fault(problem(response, status))
    assert Exchange.objects.count() == before


def test_a_change_from_a_stale_version_is_a_conflict(xw):
    client = token_client(xw.agency_admin)
    assert call(client, "patch", f"/api/exchanges/{xw.march.pk}/", {"version": 1, "lessons": "A"}).status_code == 200
    stale = call(client, "patch", f"/api/exchanges/{xw.march.pk}/", {"version": 1, "lessons": "B"})
    assert "version" in fields_at_fault(problem(stale, 409))
    xw.march.refresh_from_db()
    assert xw.march.lessons == "A" and xw.march.version == 2
