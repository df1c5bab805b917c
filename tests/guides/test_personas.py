"""Every new page and endpoint against every persona.

Statuses: 200 shown, 201 created, 302 done and redirected, 403 may see but
not do, 404 cannot learn it exists."""

import pytest
from django.db import transaction
from django.urls import reverse

from guides import actions
from guides.models import PracticeNote
from tests.api.helpers import call
from tests.conftest import PERSONAS
from tests.guides.test_interviews import record_with_guide


@pytest.fixture
def matrix(library):
    w = library
    w.unpublished = actions.create_guide(
        by=w.team_leader, agency=w.fedasil, phase="pre_departure", language="nl", title="Voor het vertrek"
    )
    draft = w.unpublished.versions.get()
    w.section = actions.add_section(draft, by=w.team_leader, titles={"nl": "Reis"})
    w.item = actions.add_item(w.section, by=w.team_leader, kind="checkpoint", texts={"nl": "Oproeping overlopen"})
    w.v2 = w.consideration.versions.get(number=2)
    w.guided = record_with_guide(w.case, w.counsellor, w.v2, covered=[])
    w.shared_note = PracticeNote.objects.get(agency=w.fedasil, author=w.counsellor)
    w.unshared_note = PracticeNote.objects.get(agency=w.fedasil, shared_at__isnull=True)
    w.other_note = PracticeNote.objects.get(agency=w.fedasil, author=w.team_leader)
    w.ofii_copy_note = PracticeNote.objects.get(agency=w.ofii_agency, origin__isnull=False)
    return w


U = reverse
PAGES = {
    "library": ("get", lambda w: U("practice-library"), None),
    "library_filtered": ("get", lambda w: U("practice-library") + "?phase=consideration&language=fr", None),
    "ours": ("get", lambda w: U("practice-ours"), None),
    "guide_create": ("get", lambda w: U("guide-create"), None),
    "guide_shared": ("get", lambda w: U("guide-detail", args=[w.consideration.pk]), None),
    "guide_unpublished": ("get", lambda w: U("guide-detail", args=[w.unpublished.pk]), None),
    "guide_version": ("get", lambda w: U("guide-version", args=[w.consideration.pk, 1]), None),
    "guide_compare": ("get", lambda w: U("guide-compare", args=[w.consideration.pk]) + "?from=1&to=2", None),
    "guide_draft": ("get", lambda w: U("guide-draft", args=[w.unpublished.pk]), None),
    "draft_section": ("get", lambda w: U("guide-draft-section-add", args=[w.unpublished.pk]), None),
    "draft_translate": ("get", lambda w: U("guide-draft-translate", args=[w.unpublished.pk, "nl"]), None),
    "draft_language": ("get", lambda w: U("guide-draft-language-add", args=[w.unpublished.pk]), None),
    "draft_section_edit": ("get", lambda w: U("guide-draft-section", args=[w.unpublished.pk, w.section.pk]), None),
    "draft_item_add": ("get", lambda w: U("guide-draft-item-add", args=[w.unpublished.pk, w.section.pk]), None),
    "draft_item": ("get", lambda w: U("guide-draft-item", args=[w.unpublished.pk, w.item.pk]), None),
    "draft_language_edit": ("get", lambda w: U("guide-draft-language", args=[w.unpublished.pk, "nl"]), None),
    "draft_move": (
        "post",
        lambda w: U("guide-draft-do", args=[w.unpublished.pk]),
        {"op": "item_up", "target": "{item}"},
    ),
    "draft_language_remove": ("post", lambda w: U("guide-draft-language-remove", args=[w.unpublished.pk, "nl"]), {}),
    "draft_discard": ("post", lambda w: U("guide-draft-discard", args=[w.unpublished.pk]), {}),
    "draft_publish": ("post", lambda w: U("guide-draft-publish", args=[w.unpublished.pk]), {"edit_version": 1}),
    "new_version": ("post", lambda w: U("guide-new-version", args=[w.orientation.pk]), {}),
    "share": ("post", lambda w: U("guide-share", args=[w.orientation.pk]), {"shared": "0"}),
    "adopt": ("post", lambda w: U("guide-adopt", args=[w.orientation.pk]), {}),
    "take_in": ("post", lambda w: U("guide-take-in", args=[w.adopted.pk]), {}),
    "interview_start": ("get", lambda w: U("guide-interview-start", args=[w.case.pk]), None),
    "interview_guided": ("get", lambda w: U("interview-create", args=[w.case.pk]) + f"?guide={w.v2.pk}", None),
    "guide_use": ("get", lambda w: U("interview-guide-use", args=[w.guided.pk]), None),
    "note_create": ("get", lambda w: U("practice-note-create"), None),
    "note_shared": ("get", lambda w: U("practice-note", args=[w.shared_note.pk]), None),
    "note_unshared": ("get", lambda w: U("practice-note", args=[w.unshared_note.pk]), None),
    "note_edit": ("get", lambda w: U("practice-note-edit", args=[w.shared_note.pk]), None),
    "note_share": ("post", lambda w: U("practice-note-share", args=[w.shared_note.pk]), {"shared": "0"}),
    "note_adopt": ("post", lambda w: U("practice-note-adopt", args=[w.other_note.pk]), {}),
    "note_take_in": ("post", lambda w: U("practice-note-take-in", args=[w.ofii_copy_note.pk]), {}),
}

ALL, SHARED, FEDASIL = [200] * 9, [200] * 8 + [404], [200] * 6 + [404] * 3
DRAFT = [403, 200, 403, 403, 200, 403, 404, 404, 404]
DRAFT_POST = [403, 302, 403, 403, 302, 403, 404, 404, 404]
EDIT_SHARED = [403, 302, 403, 403, 302, 403, 403, 403, 404]
# fmt: off
#                     counsellor team_leader ghent travel admin analyst ofii partner outsider
EXPECTED = {
    "library": ALL, "library_filtered": ALL, "ours": ALL,
    "guide_create":      [403, 200, 403, 403, 200, 403, 403, 403, 403],
    "guide_shared": SHARED, "guide_version": SHARED, "guide_compare": SHARED,
    "guide_unpublished": FEDASIL,
    "guide_draft": DRAFT, "draft_section": DRAFT, "draft_translate": DRAFT, "draft_language": DRAFT,
    "draft_section_edit": DRAFT, "draft_item_add": DRAFT, "draft_item": DRAFT, "draft_language_edit": DRAFT,
    "draft_move": DRAFT_POST, "draft_language_remove": DRAFT_POST, "draft_discard": DRAFT_POST,
    "draft_publish": DRAFT_POST,
    "new_version": EDIT_SHARED, "share": EDIT_SHARED,
    "adopt":             [403, 403, 403, 403, 403, 403, 403, 403, 404],
    "take_in":           [404, 404, 404, 404, 404, 404, 403, 404, 404],
    "interview_start":   [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "interview_guided":  [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "guide_use":         [200, 200, 404, 200, 200, 200, 404, 403, 404],
    "note_create":       [200, 200, 200, 403, 200, 403, 200, 200, 403],
    "note_shared": SHARED, "note_unshared": FEDASIL,
    "note_edit":         [200, 200, 403, 403, 200, 403, 403, 403, 404],
    "note_share": EDIT_SHARED,
    "note_adopt":        [403, 403, 403, 403, 403, 403, 403, 403, 404],
    "note_take_in":      [404, 404, 404, 404, 404, 404, 403, 404, 404],
}
# fmt: on


def _each_persona(as_persona, do) -> dict:
    """{persona: status}, each request in a savepoint rolled back afterwards,
    so that one persona's change (a new version, an adoption) does not
    change what the next one meets."""
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = do(as_persona(persona))
            transaction.set_rollback(True)
    return got


@pytest.mark.parametrize("page", list(PAGES))
def test_page_answers_each_persona_as_their_role_allows(matrix, as_persona, page):
    method, url, data = PAGES[page]
    data = {k: str(v).format(item=matrix.item.pk) for k, v in (data or {}).items()}
    got = _each_persona(as_persona, lambda client: getattr(client, method)(url(matrix), data).status_code)
    assert got == dict(zip(PERSONAS, EXPECTED[page], strict=True))


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitor_is_sent_to_the_login_page(matrix, client, page):
    method, url, data = PAGES[page]
    response = getattr(client, method)(url(matrix), data or {})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _interview_body(w):
    return {
        "held_at": "2026-01-05T10:00:00+01:00",
        "mode": "phone",
        "language": "fr",
        "intention": "considering",
        "guide_version": w.v2.pk,
        "guide_language": "fr",
        "covered": [w.v2.items.filter(kind="checkpoint").first().pk],
    }


API = {
    "api_guides": ("get", lambda w: "/api/guides/", None),
    "api_guides_mine": ("get", lambda w: "/api/guides/?mine=true&language=fr", None),
    "api_guide_shared": ("get", lambda w: f"/api/guides/{w.consideration.pk}/", None),
    "api_guide_unpublished": ("get", lambda w: f"/api/guides/{w.unpublished.pk}/", None),
    "api_publish": ("post", lambda w: f"/api/guides/{w.unpublished.pk}/publish/", {}),
    "api_new_version": ("post", lambda w: f"/api/guides/{w.orientation.pk}/versions/", None),
    "api_share": ("post", lambda w: f"/api/guides/{w.orientation.pk}/share/", {"shared": False}),
    "api_adopt": ("post", lambda w: f"/api/guides/{w.orientation.pk}/adopt/", None),
    "api_take_in": ("post", lambda w: f"/api/guides/{w.adopted.pk}/take-in/", None),
    "api_guide_use": ("get", lambda w: f"/api/interviews/{w.guided.pk}/guide-use/", None),
    "api_guide_use_put": ("put", lambda w: f"/api/interviews/{w.guided.pk}/guide-use/", {"covered": []}),
    "api_guided_interview": ("post", lambda w: f"/api/cases/{w.case.pk}/interviews/from-guide/", _interview_body),
    "api_notes": ("get", lambda w: "/api/practice-notes/", None),
    "api_note_shared": ("get", lambda w: f"/api/practice-notes/{w.shared_note.pk}/", None),
    "api_note_unshared": ("get", lambda w: f"/api/practice-notes/{w.unshared_note.pk}/", None),
    "api_note_adopt": ("post", lambda w: f"/api/practice-notes/{w.other_note.pk}/adopt/", None),
    "api_note_share": ("post", lambda w: f"/api/practice-notes/{w.shared_note.pk}/share/", {"shared": False}),
}
# fmt: off
API_EXPECTED = {
    "api_guides": ALL, "api_guides_mine": ALL, "api_notes": ALL,
    "api_guide_shared": SHARED, "api_note_shared": SHARED,
    "api_guide_unpublished": FEDASIL, "api_note_unshared": FEDASIL,
    "api_publish":          [403, 200, 403, 403, 200, 403, 404, 404, 404],
    "api_new_version":      [403, 201, 403, 403, 201, 403, 403, 403, 404],
    "api_share":            [403, 200, 403, 403, 200, 403, 403, 403, 404],
    "api_adopt":            [403, 403, 403, 403, 403, 403, 403, 403, 404],
    "api_take_in":          [404, 404, 404, 404, 404, 404, 403, 404, 404],
    "api_guide_use":        [200, 200, 404, 200, 200, 200, 404, 403, 404],
    "api_guide_use_put":    [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "api_guided_interview": [201, 201, 404, 403, 201, 403, 404, 403, 404],
    "api_note_adopt":       [403, 403, 403, 403, 403, 403, 403, 403, 404],
    "api_note_share":       [403, 200, 403, 403, 200, 403, 403, 403, 404],
}
# fmt: on


@pytest.mark.urls("tests.guides.urls")
@pytest.mark.parametrize("name", list(API))
def test_endpoint_answers_each_persona_as_their_role_allows(matrix, as_persona, name):
    method, url, body = API[name]

    def do(client):
        return call(client, method, url(matrix), body(matrix) if callable(body) else body).status_code

    assert _each_persona(as_persona, do) == dict(zip(PERSONAS, API_EXPECTED[name], strict=True))


@pytest.mark.urls("tests.guides.urls")
@pytest.mark.parametrize("name", list(API))
def test_endpoint_needs_a_signed_in_caller(matrix, client, name):
    method, url, body = API[name]
    response = call(client, method, url(matrix), body(matrix) if callable(body) else body)
    assert response.status_code in (401, 403)
