"""The guides' API: what it returns, and refusals as problem details naming
the field (the persona matrix is in test_personas)."""

import pytest

from guides import actions
from guides.models import Guide, GuideUse, VersionStatus
from tests.api.helpers import call, fields_at_fault, problem, token_client

pytestmark = pytest.mark.urls("tests.guides.urls")


def test_the_list_shows_titles_in_the_callers_language_and_use(library):
    body = call(token_client(library.ofii), "get", "/api/guides/", HTTP_ACCEPT_LANGUAGE="fr").json()
    rows = {r["id"]: r for r in body["results"]}
    assert set(rows) == {library.consideration.pk, library.orientation.pk, library.decision.pk, library.adopted.pk}
    fedasil = rows[library.consideration.pk]
    assert fedasil["agency"]["code"] == "fedasil" and fedasil["languages"] == ["en", "fr", "nl"]
    assert fedasil["published_number"] == 2 and fedasil["draft_number"] is None
    assert (fedasil["uses_count"], fedasil["adoptions_count"], fedasil["copy_uses_count"]) == (2, 1, 1)
    assert rows[library.adopted.pk]["origin"] == library.consideration.pk


def test_the_detail_carries_the_content_and_the_originals_news(library):
    client = token_client(library.olivier)
    body = call(client, "get", f"/api/guides/{library.adopted.pk}/").json()
    assert body["content"]["number"] == 1 and [lang["language"] for lang in body["content"]["languages"]] == ["fr"]
    first = body["content"]["sections"][0]["items"][0]
    assert first["kind"] == "key_message" and first["texts"]["fr"].startswith("La décision vous appartient")
    assert body["origin_news"] == {
        "latest": 2,
        "followed": 1,
        "items_added": 1,
        "items_changed": 1,
        "items_removed": 0,
        "taken_in": None,
    }
    taken = call(client, "post", f"/api/guides/{library.adopted.pk}/take-in/")
    assert taken.status_code == 201 and taken.json()["content"]["status"] == "draft"
    assert taken.json()["conflicts"] == []


def test_another_agencys_draft_is_never_in_the_detail(library):
    actions.start_new_version(library.consideration, by=library.team_leader)
    body = call(token_client(library.ofii), "get", f"/api/guides/{library.consideration.pk}/").json()
    assert [v["number"] for v in body["versions"]] == [2, 1]
    problem(call(token_client(library.ofii), "get", f"/api/guides/{library.consideration.pk}/?version=3"), 404)


def test_publishing_refuses_missing_texts_and_stale_drafts_naming_the_field(library):
    client = token_client(library.team_leader)
    draft = actions.start_new_version(library.orientation, by=library.team_leader)
    actions.set_language(draft, by=library.team_leader, language="ar", title="الاتصال الأول")
    body = problem(call(client, "post", f"/api/guides/{library.orientation.pk}/publish/", {}), 422)
    assert fields_at_fault(body) == {"texts"} and "Arabic" in body["detail"]
    actions.remove_language(draft, by=library.team_leader, language="ar")
    body = problem(call(client, "post", f"/api/guides/{library.orientation.pk}/publish/", {"edit_version": 1}), 409)
    assert fields_at_fault(body) == {"version"}
    draft.refresh_from_db()
    done = call(client, "post", f"/api/guides/{library.orientation.pk}/publish/", {"edit_version": draft.edit_version})
    assert done.status_code == 200 and done.json()["published_number"] == 2


def test_adopting_returns_the_copy(library):
    response = call(token_client(library.olivier), "post", f"/api/guides/{library.orientation.pk}/adopt/")
    assert response.status_code == 201
    copy = Guide.objects.get(pk=response.json()["id"])
    assert copy.agency == library.ofii_agency and copy.origin == library.orientation
    assert copy.versions.get().status == VersionStatus.DRAFT


def test_an_interview_from_a_guide_through_the_api_and_its_coverage(library):
    v2 = library.consideration.versions.get(number=2)
    points = list(
        v2.items.filter(kind__in=["key_message", "checkpoint"])
        .order_by("section__position", "position")
        .values_list("pk", flat=True)
    )
    client = token_client(library.counsellor)
    url = f"/api/cases/{library.case.pk}/interviews/from-guide/"
    body = {
        "held_at": "2026-01-05T10:00:00+01:00",
        "mode": "in_person",
        "language": "nl",
        "intention": "considering",
        "guide_version": v2.pk,
        "guide_language": "nl",
        "covered": points[:4],
    }
    bad = problem(call(client, "post", url, {**body, "covered": [999999]}), 422)
    assert fields_at_fault(bad) == {"covered"} and not library.case.interviews.exists()
    other = problem(call(client, "post", url, {**body, "guide_version": library.decision.versions.get().pk}), 422)
    assert fields_at_fault(other) == {"guide_version"}
    created = call(client, "post", url, body)
    assert created.status_code == 201
    use = call(client, "get", f"/api/interviews/{created.json()['id']}/guide-use/").json()
    assert (use["version"], use["language"], use["total"], use["covered_count"]) == (2, "nl", 13, 4)
    assert [p["covered"] for p in use["points"]][:5] == [True, True, True, True, False]
    changed = call(client, "put", f"/api/interviews/{created.json()['id']}/guide-use/", {"covered": points})
    assert changed.json()["covered_count"] == 13
    assert GuideUse.objects.get(interview_id=created.json()["id"]).covered == sorted(points)


def test_an_interview_without_a_guide_has_no_guide_use(library):
    interview = library.counselling_cases[0].interviews.first()
    GuideUse.objects.filter(interview=interview).delete()
    problem(call(token_client(library.counsellor), "get", f"/api/interviews/{interview.pk}/guide-use/"), 404)


def test_practice_notes_say_when_the_original_was_updated(library):
    rows = call(token_client(library.olivier), "get", "/api/practice-notes/?agency=ofii").json()["results"]
    copy = next(r for r in rows if r["origin"])
    assert copy["updated_by_origin"] == 2 and copy["tags"] == ["trust", "reception centre", "outreach"]
    own = call(token_client(library.olivier), "get", "/api/practice-notes/?tag=cada").json()["results"]
    assert [r["title"] for r in own] == ["Informer avec les travailleurs sociaux des CADA"]
