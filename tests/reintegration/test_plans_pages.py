"""The plan page and each of its forms against every persona, then the page
itself: both versions shown, the figures, the forms only for those who may
use them, and the line on the case page.

Statuses: 200 shown, 302 done and redirected, 403 may see the case but not
do this, 404 cannot learn the case exists. The case is a departed Brussels
case referred to IOM (accepted), with an approved package."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegration import actions_plans as plans
from reintegration.models import PlanStatus
from tests.conftest import PERSONAS


@pytest.fixture(autouse=True)
def _attachments(settings, tmp_path):
    settings.ATTACHMENTS_ROOT = tmp_path


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _submitted(plan, world):
    return plans.submit_plan(plan, by=world.partner)


#        counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
READ = (200, 200, 404, 200, 200, 200, 404, 200, 404)
PARTNER_WRITES = (403, 403, 404, 403, 403, 403, 404, 302, 404)
PARTNER_FORM = (403, 403, 404, 403, 403, 403, 404, 200, 404)
DECIDES = (403, 302, 404, 403, 302, 403, 404, 403, 404)


def _line_post(plan, **extra):
    return {
        "line-category": "housing",
        "line-description": "Rent",
        "line-amount": "100",
        "line-currency": "EUR",
        "line-lock_version": plan.lock_version,
        **extra,
    }


# name: (expected, state, method, url, data)
PAGES = {
    "page": (READ, "draft", "get", lambda c, p: reverse("case-plan", args=[c.pk]), lambda p: {}),
    "start": (PARTNER_WRITES, "none", "post", lambda c, p: reverse("plan-start", args=[c.pk]), lambda p: {}),
    "amend": (PARTNER_WRITES, "approved", "post", lambda c, p: reverse("plan-start", args=[c.pk]), lambda p: {}),
    "summary": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-summary", args=[c.pk, p.pk]),
        lambda p: {"summary-summary": "New", "summary-lock_version": p.lock_version},
    ),
    "add objective": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-objective-add", args=[c.pk, p.pk]),
        lambda p: {"objective-area": "housing", "objective-description": "A roof"},
    ),
    "objective form": (
        PARTNER_FORM,
        "draft",
        "get",
        lambda c, p: reverse("plan-objective-edit", args=[c.pk, p.pk, p.objectives.first().pk]),
        lambda p: {},
    ),
    "change objective": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-objective-edit", args=[c.pk, p.pk, p.objectives.first().pk]),
        lambda p: {"area": "housing", "description": "A roof", "lock_version": p.lock_version},
    ),
    "remove objective": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-objective-delete", args=[c.pk, p.pk, p.objectives.first().pk]),
        lambda p: {"lock_version": p.lock_version},
    ),
    "add line": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-line-add", args=[c.pk, p.pk]),
        _line_post,
    ),
    "line form": (
        PARTNER_FORM,
        "draft",
        "get",
        lambda c, p: reverse("plan-line-edit", args=[c.pk, p.pk, p.lines.first().pk]),
        lambda p: {},
    ),
    "change line": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-line-edit", args=[c.pk, p.pk, p.lines.first().pk]),
        lambda p: {
            "category": "housing",
            "description": "Rent",
            "amount": "10",
            "currency": "EUR",
            "lock_version": p.lock_version,
        },
    ),
    "remove line": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-line-delete", args=[c.pk, p.pk, p.lines.first().pk]),
        lambda p: {"lock_version": p.lock_version},
    ),
    "submit": (
        PARTNER_WRITES,
        "draft",
        "post",
        lambda c, p: reverse("plan-submit", args=[c.pk, p.pk]),
        lambda p: {"decision-lock_version": p.lock_version},
    ),
    "approve": (
        DECIDES,
        "submitted",
        "post",
        lambda c, p: reverse("plan-approve", args=[c.pk, p.pk]),
        lambda p: {"decision-lock_version": p.lock_version},
    ),
    "send back": (
        DECIDES,
        "submitted",
        "post",
        lambda c, p: reverse("plan-return", args=[c.pk, p.pk]),
        lambda p: {"decision-lock_version": p.lock_version, "decision-reason": "Too vague"},
    ),
}


@pytest.fixture
def state(request, referred_case, package, world):
    """The plan in the state a page needs (None for "none")."""

    def make(name):
        if name == "none":
            return None
        plan = request.getfixturevalue("draft_plan")
        if name == "submitted":
            plan = _submitted(plan, world)
        elif name == "approved":
            plan = request.getfixturevalue("approved_plan")
        plan.refresh_from_db()
        return plan

    return make


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_each_persona_gets_the_expected_status_from_each_plan_page(referred_case, state, as_persona, page, persona):
    expected, needs, method, url, data = PAGES[page]
    plan = state(needs)
    client = as_persona(persona)
    response = getattr(client, method)(url(referred_case, plan), data(plan))
    assert response.status_code == expected[PERSONAS.index(persona)], (
        response.status_code,
        response.content[:400],
    )


# The page ----------------------------------------------------------------------------------


def test_the_partner_drafts_and_submits_through_the_page(referred_case, package, world, as_persona):
    partner = as_persona("partner")
    url = reverse("case-plan", args=[referred_case.pk])
    assert 'data-testid="start-form"' in partner.get(url).content.decode()
    assert partner.post(reverse("plan-start", args=[referred_case.pk]), {"start-summary": "Grocery"}).status_code == 302
    plan = referred_case.reintegration_plans.get()
    r = partner.post(
        reverse("plan-objective-add", args=[referred_case.pk, plan.pk]),
        {"objective-area": "micro_business", "objective-description": "Open a grocery"},
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    r = partner.post(
        reverse("plan-line-add", args=[referred_case.pk, plan.pk]), _line_post(plan, **{"line-amount": "0"})
    )
    assert r.status_code == 200
    assert "Enter an amount greater than zero." in r.content.decode()
    r = partner.post(
        reverse("plan-line-add", args=[referred_case.pk, plan.pk]), _line_post(plan, **{"line-amount": "3900"})
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    html = partner.get(url).content.decode()
    text = _text(html)
    assert "3,800.00 EUR" in text and "3,900.00 EUR" in text and "Over the ceiling" in text
    r = partner.post(
        reverse("plan-submit", args=[referred_case.pk, plan.pk]), {"decision-lock_version": plan.lock_version}
    , follow=True)  # fmt: skip
    assert "more than the approved reintegration budget of 3,800.00 EUR" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    line = plan.lines.get()
    r = partner.post(
        reverse("plan-line-edit", args=[referred_case.pk, plan.pk, line.pk]),
        {"category": "housing", "description": "Rent", "amount": "3800", "currency": "EUR",
         "lock_version": plan.lock_version},
    )  # fmt: skip
    assert r.status_code == 302
    plan.refresh_from_db()
    r = partner.post(
        reverse("plan-submit", args=[referred_case.pk, plan.pk]), {"decision-lock_version": plan.lock_version}
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    html = partner.get(url).content.decode()
    assert 'data-testid="approve-form"' not in html and 'data-testid="line-form"' not in html


def test_a_stale_form_is_refused_and_says_so(draft_plan, referred_case, as_persona):
    partner = as_persona("partner")
    r = partner.post(
        reverse("plan-objective-add", args=[referred_case.pk, draft_plan.pk]),
        {
            "objective-area": "housing",
            "objective-description": "x",
            "objective-lock_version": draft_plan.lock_version - 1,
        },
        follow=True,
    )
    assert "Someone else changed this plan" in r.content.decode()
    assert draft_plan.objectives.count() == 1


def test_the_team_leader_sees_both_versions_and_decides(approved_plan, referred_case, world, as_persona):
    v2 = plans.start_plan(referred_case, by=world.partner)
    plans.add_line(v2, by=world.partner, category="housing", description="Rent", amount=Decimal("500"), currency="EUR")
    v2 = _submitted(v2, world)
    leader = as_persona("team_leader")
    html = leader.get(reverse("case-plan", args=[referred_case.pk])).content.decode()
    assert 'data-testid="plan-in-force"' in html and "Approved plan (version 1)" in html
    assert 'data-testid="working-status"' in html and "Submitted for approval" in html
    assert 'data-testid="version-1"' in html and 'data-testid="version-2"' in html
    assert 'data-testid="approve-form"' in html
    assert 'data-testid="start-form"' not in html and 'data-testid="purchase-form"' not in html
    assert "Version 1 stays in force until this version is approved." in _text(html)
    r = leader.post(reverse("plan-approve", args=[referred_case.pk, v2.pk]), {"decision-lock_version": v2.lock_version})
    assert r.status_code == 302
    html = leader.get(reverse("case-plan", args=[referred_case.pk])).content.decode()
    assert "Approved plan (version 2)" in html
    assert "Replaced by a later version" in html


def test_the_drafter_with_two_hats_gets_no_approve_button(referred_case, package, world, client):
    from organisations.models import Role
    from tests.factories import make_user

    both = make_user("two_hats", (world.conakry, Role.PARTNER_CASEWORKER), (world.bxl, Role.TEAM_LEADER))
    plan = plans.start_plan(referred_case, by=both)
    plans.add_objective(plan, by=both, area="housing", description="A roof")
    plans.add_line(plan, by=both, category="housing", description="Rent", amount=Decimal("100"), currency="EUR")
    plan = plans.submit_plan(plan, by=both)
    client.force_login(both)
    html = client.get(reverse("case-plan", args=[referred_case.pk])).content.decode()
    assert 'data-testid="approve-form"' not in html
    assert "You drafted this version" in html
    r = client.post(
        reverse("plan-approve", args=[referred_case.pk, plan.pk]), {"decision-lock_version": plan.lock_version}
    )
    assert r.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_send_back_needs_a_reason_on_the_form(draft_plan, referred_case, world, as_persona):
    plan = _submitted(draft_plan, world)
    r = as_persona("team_leader").post(
        reverse("plan-return", args=[referred_case.pk, plan.pk]), {"decision-lock_version": plan.lock_version}
    )
    assert r.status_code == 200 and "Say why the plan is sent back." in r.content.decode()
    r = as_persona("team_leader").post(
        reverse("plan-return", args=[referred_case.pk, plan.pk]),
        {"decision-lock_version": plan.lock_version, "decision-reason": "Add the supplier's quote"},
    )
    assert r.status_code == 302
    html = as_persona("partner").get(reverse("case-plan", args=[referred_case.pk])).content.decode()
    assert 'data-testid="returned-reason"' in html and "Add the supplier&#x27;s quote" in html
    assert 'data-testid="line-form"' in html  # the partner corrects it


def test_empty_states(referred_case, as_persona):
    text = _text(as_persona("counsellor").get(reverse("case-plan", args=[referred_case.pk])).content.decode())
    assert "No version of the plan has been approved yet." in text
    assert "The partner has not started a plan yet." in text
    assert "No purchase recorded yet." in text


def test_the_case_page_shows_the_plan_line_to_those_who_see_the_plan(approved_plan, referred_case, as_persona):
    for persona in ("counsellor", "team_leader", "partner", "analyst"):
        html = as_persona(persona).get(reverse("case-detail", args=[referred_case.pk])).content.decode()
        assert 'data-testid="plan-summary"' in html, persona
        assert "Version 1 approved." in html
        assert reverse("case-plan", args=[referred_case.pk]) in html


def test_no_plan_line_before_departure(world, as_persona):
    html = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'data-testid="plan-summary"' not in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_page_costs_one_query_for_the_plan_line(approved_plan, referred_case, world, as_persona):
    client = as_persona("counsellor")
    url = reverse("case-detail", args=[referred_case.pk])
    one = _count(client, url)
    v2 = plans.start_plan(referred_case, by=world.partner)
    plans.submit_plan(v2, by=world.partner)
    assert _count(client, url) <= one


def test_the_plan_page_query_count_does_not_grow_with_lines_or_versions(
    approved_plan, referred_case, world, as_persona
):
    client = as_persona("team_leader")
    url = reverse("case-plan", args=[referred_case.pk])
    few = _count(client, url)
    v2 = plans.start_plan(referred_case, by=world.partner)
    for n in range(4):
        plans.add_line(
            v2, by=world.partner, category="housing", description=f"Rent {n}", amount=Decimal("10"), currency="EUR"
        )
    plans.submit_plan(v2, by=world.partner)
    plans.approve_plan(v2, by=world.team_leader)
    plans.start_plan(referred_case, by=world.partner)
    many = _count(client, url)
    assert many <= few + 3, (few, many)
