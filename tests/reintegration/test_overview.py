"""How reintegration is going, per country of return, for the sending offices."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reintegration.actions_monitoring import record_visit
from reintegration.overview import overview
from tests.conftest import PERSONAS

#                 counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
EXPECTED = (200, 200, 200, 403, 200, 200, 200, 403, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_overview_or_not(world, as_persona, persona):
    assert as_persona(persona).get("/reintegration/overview/").status_code == EXPECTED[PERSONAS.index(persona)]


def test_the_figures_for_guinea_after_one_recorded_visit(world, monitored_case, approved_plan, as_persona):
    three_months = monitored_case.monitoring_visits.get(months=3)
    record_visit(
        three_months,
        by=world.partner,
        done_on=timezone.localdate() - datetime.timedelta(days=1),
        mode="home",
        findings="Shop open",
        answers={"econ_satisfaction": "satisfied", "housing": "adequate", "social_network": "strong"},
    )
    (row,) = overview(world.counsellor)
    response = three_months.survey
    assert row["country"] == "GN"
    # world.case, referred to IOM too, counts as a case taken on (not departed: no visits).
    assert (row["cases"], row["approved_plans"], row["spent_eur"]) == (2, 1, Decimal("0"))
    assert (row["visits_done"], row["visits_overdue"], row["scored"]) == (1, 0, 1)
    assert row["mean_score"] == response.composite.quantize(Decimal("0.01"))
    # Ghent sees nothing of Brussels' cases.
    assert overview(world.ghent) == []
    page = as_persona("counsellor").get("/reintegration/overview/").content.decode()
    assert "Guinea" in page


def test_the_overview_costs_the_same_queries_whatever_the_cases(world, monitored_case, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        overview(world.counsellor)
