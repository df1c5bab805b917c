"""Every page against every persona: who sees what, who may do what.

Statuses: 200 page shown, 302 done and redirected, 403 may see but not do,
404 cannot learn the record exists."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

# The Brussels case (referred to IOM), its principal and the pages about them.
PAGES = {
    "home": ("get", lambda w: reverse("home")),
    "case_list": ("get", lambda w: reverse("case-list")),
    "case_detail": ("get", lambda w: reverse("case-detail", args=[w.case.pk])),
    "case_edit": ("get", lambda w: reverse("case-edit", args=[w.case.pk])),
    "consent_form": ("get", lambda w: reverse("consent-create", args=[w.case.pk])),
    "interview_form": ("get", lambda w: reverse("interview-create", args=[w.case.pk])),
    "attachment_form": ("get", lambda w: reverse("attachment-upload", args=[w.case.pk])),
    "audit": ("get", lambda w: reverse("case-audit", args=[w.case.pk])),
    "person_detail": ("get", lambda w: reverse("person-detail", args=[w.case.principal.pk])),
    "person_create": ("get", lambda w: reverse("person-create")),
    "document_form": ("get", lambda w: reverse("person-add", args=[w.case.principal.pk, "document"])),
    "person_edit": ("get", lambda w: reverse("person-edit", args=[w.case.principal.pk])),
    "household_form": ("get", lambda w: reverse("household-member-add", args=[w.case.principal.pk])),
    "case_create": ("get", lambda w: reverse("case-create", args=[w.case.principal.pk])),
    "note_post": ("post", lambda w: reverse("note-create", args=[w.case.pk])),
    "transition_post": ("post", lambda w: reverse("case-transition", args=[w.case.pk])),
}

# fmt: off
#                    counsellor team_leader ghent travel admin analyst ofii partner outsider
EXPECTED = {
    "home":             [200, 200, 200, 200, 200, 200, 200, 200, 200],
    "case_list":        [200, 200, 200, 200, 200, 200, 200, 200, 200],
    "case_detail":      [200, 200, 404, 200, 200, 200, 404, 200, 404],
    "case_edit":        [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "consent_form":     [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "interview_form":   [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "attachment_form":  [200, 200, 404, 200, 200, 403, 404, 403, 404],
    "audit":            [403, 200, 404, 403, 200, 403, 404, 403, 404],
    "person_detail":    [200, 200, 404, 200, 200, 200, 404, 200, 404],
    "person_create":    [200, 200, 200, 200, 200, 403, 200, 403, 403],
    "document_form":    [200, 200, 404, 200, 200, 403, 404, 403, 404],
    "person_edit":      [200, 200, 404, 200, 200, 403, 404, 403, 404],
    "household_form":   [200, 200, 404, 200, 200, 403, 404, 403, 404],
    "case_create":      [200, 200, 404, 403, 200, 403, 404, 403, 404],
    "note_post":        [302, 302, 404, 302, 302, 403, 404, 302, 404],
    "transition_post":  [302, 302, 404, 302, 302, 403, 404, 302, 404],
}
# fmt: on
POST_DATA = {
    "note_post": {"body": "Spoke with the family.", "visibility": "office"},
    "transition_post": {"to_status": "counselling"},
}

CASES = [(page, persona, EXPECTED[page][i]) for page in PAGES for i, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize("page, persona, status", CASES, ids=[f"{p}-{q}" for p, q, _s in CASES])
def test_page_answers_each_persona_as_their_role_allows(world, as_persona, page, persona, status):
    method, url = PAGES[page]
    client = as_persona(persona)
    response = getattr(client, method)(url(world), POST_DATA.get(page, {}))
    assert response.status_code == status


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitor_is_sent_to_the_login_page(world, client, page):
    method, url = PAGES[page]
    response = getattr(client, method)(url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
