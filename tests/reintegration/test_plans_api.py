"""The plan, purchases and rates in the API: every persona against every
endpoint, and refusals as problem details naming the field (a plan over its
ceiling on lines, a missing rate on currency, a stale decision as 409)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reintegration import actions_plans as plans
from reintegration import actions_purchases as purchases
from reintegration.models import Disbursement, ExchangeRate, PlanStatus
from tests.api.helpers import call, fields_at_fault, problem
from tests.conftest import PERSONAS

TODAY = timezone.localdate()

#        counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
READ = (200, 200, 404, 200, 200, 200, 404, 200, 404)
PARTNER_CREATES = (403, 403, 404, 403, 403, 403, 404, 201, 404)
PARTNER_CHANGES = (403, 403, 404, 403, 403, 403, 404, 200, 404)
DECIDES = (403, 200, 404, 403, 200, 403, 404, 403, 404)
RATES_READ = (200, 200, 200, 200, 200, 200, 200, 200, 403)
RATES_WRITE = (403, 403, 403, 403, 403, 403, 403, 201, 403)


@pytest.fixture(autouse=True)
def _attachments(settings, tmp_path):
    settings.ATTACHMENTS_ROOT = tmp_path


def _base(case):
    return f"/api/cases/{case.pk}/reintegration/plans/"


# name: (expected, state, request builder(case, plan) -> (method, url, body))
ENDPOINTS = {
    "list plans": (READ, "draft", lambda c, p: ("get", _base(c), None)),
    "one plan": (READ, "draft", lambda c, p: ("get", f"{_base(c)}{p.pk}/", None)),
    "start": (PARTNER_CREATES, "none", lambda c, p: ("post", _base(c), {"summary": "Grocery"})),
    "add objective": (
        PARTNER_CREATES,
        "draft",
        lambda c, p: ("post", f"{_base(c)}{p.pk}/objectives/", {"area": "housing", "description": "A roof"}),
    ),
    "change objective": (
        PARTNER_CHANGES,
        "draft",
        lambda c, p: (
            "put",
            f"{_base(c)}{p.pk}/objectives/{p.objectives.first().pk}/",
            {"area": "housing", "description": "A roof", "lock_version": p.lock_version},
        ),
    ),
    "remove objective": (
        PARTNER_CHANGES,
        "draft",
        lambda c, p: ("delete", f"{_base(c)}{p.pk}/objectives/{p.objectives.first().pk}/", None),
    ),
    "add line": (
        PARTNER_CREATES,
        "draft",
        lambda c, p: (
            "post",
            f"{_base(c)}{p.pk}/lines/",
            {"category": "housing", "description": "Rent", "amount": "100.00", "currency": "EUR"},
        ),
    ),
    "change line": (
        PARTNER_CHANGES,
        "draft",
        lambda c, p: (
            "put",
            f"{_base(c)}{p.pk}/lines/{p.lines.first().pk}/",
            {"category": "housing", "description": "Rent", "amount": "100.00", "currency": "EUR"},
        ),
    ),
    "remove line": (
        PARTNER_CHANGES,
        "draft",
        lambda c, p: ("delete", f"{_base(c)}{p.pk}/lines/{p.lines.first().pk}/", None),
    ),
    "submit": (
        PARTNER_CHANGES,
        "draft",
        lambda c, p: ("post", f"{_base(c)}{p.pk}/submit/", {"lock_version": p.lock_version}),
    ),
    "approve": (
        DECIDES,
        "submitted",
        lambda c, p: ("post", f"{_base(c)}{p.pk}/approve/", {"lock_version": p.lock_version}),
    ),
    "send back": (
        DECIDES,
        "submitted",
        lambda c, p: ("post", f"{_base(c)}{p.pk}/return/", {"lock_version": p.lock_version, "reason": "Vague"}),
    ),
    "purchases": (READ, "approved", lambda c, p: ("get", f"/api/cases/{c.pk}/reintegration/disbursements/", None)),
    "rates": (RATES_READ, "none", lambda c, p: ("get", "/api/exchange-rates/", None)),
    "add rate": (
        RATES_WRITE,
        "none",
        lambda c, p: (
            "post",
            "/api/exchange-rates/",
            {"currency": "GNF", "on": str(TODAY), "euros_per_unit": "0.0001"},
        ),
    ),
}


@pytest.fixture
def state(request, referred_case, package, world):
    def make(name):
        if name == "none":
            return None
        if name == "approved":
            return request.getfixturevalue("approved_plan")
        plan = request.getfixturevalue("draft_plan")
        if name == "submitted":
            plan = plans.submit_plan(plan, by=world.partner)
        plan.refresh_from_db()
        return plan

    return make


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_persona_gets_the_expected_status_from_each_plan_endpoint(
    referred_case, state, as_persona, endpoint, persona
):
    expected, needs, build = ENDPOINTS[endpoint]
    plan = state(needs)
    method, url, body = build(referred_case, plan)
    response = call(as_persona(persona), method, url, body)
    wanted = expected[PERSONAS.index(persona)]
    assert response.status_code == wanted, response.content[:300]
    if wanted >= 400:
        assert response["Content-Type"] == "application/problem+json"


def _purchase(client, case, **extra):
    body = {
        "what": "Fridge",
        "supplier": "Quincaillerie Diallo",
        "on": str(TODAY),
        "amount": "100.00",
        "currency": "EUR",
        "proof": SimpleUploadedFile("receipt.pdf", b"%PDF-1.4", content_type="application/pdf"),
        **extra,
    }
    return client.post(f"/api/cases/{case.pk}/reintegration/disbursements/", body)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_recording_a_purchase(approved_plan, as_persona, persona):
    response = _purchase(as_persona(persona), approved_plan.case)
    assert response.status_code == PARTNER_CREATES[PERSONAS.index(persona)], response.content[:300]


def test_the_plan_comes_with_its_euro_figures(draft_plan, world, as_persona):
    purchases.set_rate(world.iom, by=world.partner, currency="GNF", on=TODAY, euros_per_unit=Decimal("0.000105"))
    plans.add_line(
        draft_plan, by=world.partner, category="housing", description="Rent", amount=Decimal("10000000"), currency="GNF"
    )
    body = call(as_persona("counsellor"), "get", f"{_base(draft_plan.case)}{draft_plan.pk}/").json()
    assert body["status"] == "draft" and body["ceiling_eur"] == "3800.00"
    assert body["total_eur"] == "2550.00"  # 1,200 + 300 + 1,050
    assert [line["amount_eur"] for line in body["lines"]] == ["1200.00", "300.00", "1050.00"]
    assert body["partner"] == world.iom.pk


def test_a_plan_over_the_ceiling_is_a_problem_on_lines(draft_plan, world, as_persona):
    client = as_persona("partner")
    base = f"{_base(draft_plan.case)}{draft_plan.pk}/"
    r = call(
        client,
        "post",
        base + "lines/",
        {"category": "housing", "description": "Rent", "amount": "2400", "currency": "EUR"},
    )
    assert r.status_code == 201
    version = r.json()["lock_version"]
    body = problem(call(client, "post", base + "submit/", {"lock_version": version}), 422)
    assert fields_at_fault(body) == {"lines"}
    assert "3,900.00 EUR" in body["detail"] and "100.00 EUR more" in body["detail"]


def test_a_stale_approval_is_a_conflict(draft_plan, world, as_persona):
    plan = plans.submit_plan(draft_plan, by=world.partner)
    url = f"{_base(plan.case)}{plan.pk}/approve/"
    problem(call(as_persona("team_leader"), "post", url, {"lock_version": plan.lock_version - 1}), 409)
    r = call(as_persona("team_leader"), "post", url, {"lock_version": plan.lock_version})
    assert r.status_code == 200 and r.json()["status"] == PlanStatus.APPROVED


def test_a_purchase_without_a_rate_is_a_problem_on_currency(approved_plan, as_persona):
    body = problem(_purchase(as_persona("partner"), approved_plan.case, currency="GNF"), 422)
    assert fields_at_fault(body) == {"currency"} and "GNF" in body["detail"]
    assert not Disbursement.objects.exists()


def test_a_purchase_comes_back_with_its_warnings_and_the_sums(approved_plan, world, as_persona):
    medicines = approved_plan.lines.get(description="Medicines")
    r = _purchase(as_persona("partner"), approved_plan.case, line=str(medicines.pk), amount="350")
    assert r.status_code == 201, r.content
    assert r.json()["amount_eur"] == "350.00" and len(r.json()["warnings"]) == 1
    sums = call(as_persona("team_leader"), "get", f"/api/cases/{approved_plan.case_id}/reintegration/disbursements/")
    body = sums.json()
    assert (body["total_eur"], body["spent_eur"], body["left_eur"]) == ("1500.00", "350.00", "1150.00")
    assert {line["line"]: line["left_eur"] for line in body["lines"]}[medicines.pk] == "-50.00"


def test_the_rates_each_side_sees(referred_case, world, as_persona):
    r = call(
        as_persona("partner"),
        "post",
        "/api/exchange-rates/",
        {"currency": "gnf", "on": str(TODAY), "euros_per_unit": "0.000105"},
    )
    assert r.status_code == 201 and r.json()["currency"] == "GNF"
    assert ExchangeRate.objects.get().agency == world.iom
    assert len(call(as_persona("counsellor"), "get", "/api/exchange-rates/").json()) == 1
    assert call(as_persona("ofii"), "get", "/api/exchange-rates/").json() == []
    body = problem(
        call(
            as_persona("partner"),
            "post",
            "/api/exchange-rates/",
            {"currency": "EUR", "on": str(TODAY), "euros_per_unit": "1"},
        ),
        422,
    )
    assert fields_at_fault(body) == {"currency"}
