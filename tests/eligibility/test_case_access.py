"""Every eligibility page and action on a case against every persona.

Statuses: 200 page shown, 302 done and redirected, 403 may see the case but
not this (partners never see the package; analysts and travel officers do not
propose; only team leaders and administrators decide), 404 cannot learn the
case exists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility import actions
from eligibility.models import Decision, Programme
from tests.conftest import PERSONAS


def _proposal(w) -> Decision:
    """A proposal by Sofie, the Brussels counsellor (so she may not decide on it)."""
    programme = Programme.objects.get(code="fedasil-return")
    return actions.propose_decision(w.case, by=w.counsellor, programme=programme)


PAGES = {
    "eligibility": ("get", lambda w: reverse("case-eligibility", args=[w.case.pk])),
    "what_if": ("get", lambda w: reverse("case-eligibility", args=[w.case.pk])),
    "decision": ("get", lambda w: reverse("case-decision", args=[w.case.pk, _proposal(w).pk])),
    "propose_post": ("post", lambda w: reverse("case-decision-propose", args=[w.case.pk])),
    "approve_post": ("post", lambda w: reverse("case-decision-approve", args=[w.case.pk, _proposal(w).pk])),
    "return_post": ("post", lambda w: reverse("case-decision-return", args=[w.case.pk, _proposal(w).pk])),
}

# fmt: off
#                 counsellor team_leader ghent travel admin analyst ofii partner outsider
EXPECTED = {
    "eligibility":  [200, 200, 404, 200, 200, 200, 404, 403, 404],
    "what_if":      [200, 200, 404, 200, 200, 200, 404, 403, 404],
    "decision":     [200, 200, 404, 200, 200, 200, 404, 403, 404],
    "propose_post": [302, 302, 404, 403, 302, 403, 404, 403, 404],
    "approve_post": [403, 302, 404, 403, 302, 403, 404, 403, 404],
    "return_post":  [403, 302, 404, 403, 302, 403, 404, 403, 404],
}
# fmt: on
DATA = {
    "what_if": lambda: {"on": timezone.localdate().isoformat(), "holds_travel_document": "yes"},
    "propose_post": lambda: {"programme": "fedasil-return"},
    "return_post": lambda: {"reason": "The date of birth does not match the passport."},
}
# What each successful POST leaves behind.
DONE = {"propose_post": "proposed", "approve_post": "approved", "return_post": "returned"}

CASES = [(page, persona, EXPECTED[page][i]) for page in PAGES for i, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize("page, persona, status", CASES, ids=[f"{p}-{q}" for p, q, _s in CASES])
def test_eligibility_page_answers_each_persona_as_their_role_allows(world, rules, as_persona, page, persona, status):
    method, url = PAGES[page]
    response = getattr(as_persona(persona), method)(url(world), DATA.get(page, dict)())
    assert response.status_code == status
    if page in DONE:
        statuses = set(Decision.objects.filter(case=world.case).values_list("status", flat=True))
        assert (DONE[page] in statuses) == (status == 302)
        if status != 302:
            assert statuses <= {"proposed"}  # refused: nothing decided


@pytest.mark.parametrize("persona", ["ghent", "ofii", "outsider"])
def test_people_outside_the_case_get_404_even_for_a_decision_number_they_guess(world, rules, as_persona, persona):
    decision = _proposal(world)
    client = as_persona(persona)
    for name in ("case-decision", "case-decision-approve", "case-decision-return"):
        method = client.get if name == "case-decision" else client.post
        assert method(reverse(name, args=[world.case.pk, decision.pk])).status_code == 404


def test_a_decision_is_only_reached_through_its_own_case(world, rules, as_persona):
    decision = _proposal(world)
    other = world.ghent_case
    client = as_persona("agency_admin")  # sees both cases
    assert client.get(reverse("case-decision", args=[other.pk, decision.pk])).status_code == 404
    assert client.post(reverse("case-decision-approve", args=[other.pk, decision.pk])).status_code == 404
    decision.refresh_from_db()
    assert decision.status == "proposed"


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitor_is_sent_to_the_login_page(world, rules, client, page):
    method, url = PAGES[page]
    response = getattr(client, method)(url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
