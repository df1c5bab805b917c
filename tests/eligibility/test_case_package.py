"""The package on a case, as a counsellor reads it: the amounts and how they
are calculated, what is missing and where to fix it, the what-if panel, and
the warnings (facts changed since approval, aid already received)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cases import actions as case_actions
from cases.models import ReturnCase, Transition
from core.models import AuditEvent
from eligibility import actions
from eligibility.case_facts import facts_for_case
from eligibility.loader import parse
from eligibility.models import Decision, Programme, RuleVersion
from eligibility.service import evaluate_programme
from people.models import Person
from tests.factories import make_case, make_person


@pytest.fixture
def fedasil(rules):
    return Programme.objects.get(code="fedasil-return")


def _years_ago(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _add_child(world, case, *, turns_18_in_days: int | None = None, age_days: int = 3000):
    today = timezone.localdate()
    if turns_18_in_days is not None:
        dob = _years_ago(today + datetime.timedelta(days=turns_18_in_days), 18)
    else:
        dob = today - datetime.timedelta(days=age_days)
    child = make_person(world.bxl, world.counsellor, date_of_birth=dob)
    case_actions.add_member(case, child, by=world.counsellor, relation="child")
    return child


def _depart(case, by):
    Transition.objects.create(case=case, from_status=case.status, to_status="departed", by=by)
    ReturnCase.objects.filter(pk=case.pk).update(status="departed")


def _eligibility(client, case, **params):
    return client.get(reverse("case-eligibility", args=[case.pk]), params)


def _section(html: str, code: str) -> str:
    start = html.index(f'data-programme="{code}"')
    return html[start : html.index("</section>", start)]


def test_counsellor_sees_the_package_on_the_case_page_with_unverified_figures_tagged(world, fedasil, as_persona):
    html = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    package = _section(html, "fedasil-return")
    # agii.be 2022: 350 EUR per adult of a visa-required country
    assert "Reinstallation premium" in package and "350.00 EUR" in package
    assert "Eligible" in package
    assert 'govuk-tag--yellow govuk-!-display-inline-block">unverified</strong>' in package
    assert reverse("case-eligibility", args=[world.case.pk]) in html


def test_eligibility_page_explains_each_line_with_the_rule_behind_it(world, fedasil, as_persona):
    response = _eligibility(as_persona("counsellor"), world.case)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "cash, at departure" in html
        and "How this is calculated" in html
        and "[fedasil-return 2022-01-01 · reinstallation_premium]" in html
    )
    assert "agii.be 2022: visa-required countries, 350 EUR per adult" in html
    assert "Propose this package" in html


def test_a_family_package_adds_up_child_and_adult_premiums(world, fedasil, as_persona):
    _add_child(world, world.case, age_days=4 * 365)
    html = _section(_eligibility(as_persona("counsellor"), world.case).content.decode(), "fedasil-return")
    # agii.be 2022: 350 EUR per adult and 175 EUR per child
    assert "525.00 EUR" in html


def test_missing_facts_are_named_with_links_to_where_they_are_recorded(world, fedasil, as_persona):
    person = make_person(world.bxl, world.counsellor, nationality="")
    case = make_case(world.bxl, world.counsellor, principal=person)
    html = _section(_eligibility(as_persona("counsellor"), case).content.decode(), "fedasil-return")
    assert "Cannot say yet" in html and "To calculate the package, record:" in html
    assert f'href="{reverse("person-edit", args=[person.pk])}#id_nationality"' in html
    assert "A package cannot be proposed yet. Some facts are missing: nationality." in html

    unknown = make_person(world.bxl, world.counsellor, date_of_birth=None, dob_precision="unknown")
    case_actions.add_member(world.case, unknown, by=world.counsellor, relation="spouse")
    html = _section(_eligibility(as_persona("counsellor"), world.case).content.decode(), "fedasil-return")
    assert "Dates of birth of the household members" in html
    assert f'href="{reverse("person-edit", args=[unknown.pk])}#id_date_of_birth"' in html


def test_analyst_reads_the_package_but_gets_no_propose_button_nor_fix_links(world, fedasil, as_persona):
    html = _eligibility(as_persona("analyst"), world.case).content.decode()
    assert "Reinstallation premium" in html and "Propose this package" not in html
    person = make_person(world.bxl, world.counsellor, nationality="")
    case = make_case(world.bxl, world.counsellor, principal=person)
    html = _section(_eligibility(as_persona("analyst"), case).content.decode(), "fedasil-return")
    assert "Nationality" in html and reverse("person-edit", args=[person.pk]) not in html


def test_no_package_is_offered_for_proposal_after_departure(world, fedasil, as_persona):
    _depart(world.case, world.team_leader)
    html = _eligibility(as_persona("counsellor"), world.case).content.decode()
    assert "Reinstallation premium" in html and "Propose this package" not in html


def test_partner_does_not_see_the_package_on_the_case_page(world, fedasil, as_persona):
    html = as_persona("partner").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "Assistance package" not in html and "Reinstallation premium" not in html
    assert _eligibility(as_persona("partner"), world.case).status_code == 403


def test_what_if_in_two_months_shows_a_child_turning_adult_side_by_side(world, fedasil, as_persona):
    _add_child(world, world.case, turns_18_in_days=30)
    client = as_persona("counsellor")
    # Opening the page already compares with today + 60 days, prefilled.
    html = _eligibility(client, world.case).content.decode()
    in_two_months = timezone.localdate() + datetime.timedelta(days=60)
    assert f'value="{in_two_months.isoformat()}"' in html
    panel = html[html.index('id="what-if"') :]
    premium = panel[panel.index("Reinstallation premium") :]
    premium = premium[: premium.index("</tr>")]
    # agii.be 2022: adult 350 + child 175 now; two adults (350 each) once the child turns 18
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", premium)
    assert cells == ["525.00 EUR", "700.00 EUR", "+175.00 EUR"]


def test_what_if_without_a_passport_compares_and_saves_nothing(world, fedasil, as_persona):
    client = as_persona("counsellor")
    counts = (Decision.objects.count(), AuditEvent.objects.count(), Person.objects.count())
    version = ReturnCase.objects.get(pk=world.case.pk).version
    response = _eligibility(
        client,
        world.case,
        on=timezone.localdate().isoformat(),
        holds_travel_document="yes",
        administrative_status="irregular_stay",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="comparison"' in html
    assert "Compared with the facts recorded on" in html and "→ <strong>yes</strong>" in html
    assert (Decision.objects.count(), AuditEvent.objects.count(), Person.objects.count()) == counts
    case = ReturnCase.objects.get(pk=world.case.pk)
    assert case.version == version and case.administrative_status == "asylum_rejected"


def test_what_if_through_htmx_sends_only_the_panel(world, fedasil, as_persona):
    response = as_persona("counsellor").get(
        reverse("case-eligibility", args=[world.case.pk]),
        {"on": timezone.localdate().isoformat(), "holds_travel_document": "no"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="what-if",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="what-if"') and "<html" not in html
    assert 'data-testid="comparison"' in html and "HX-Request" in response["Vary"]


def test_a_what_if_date_that_is_not_a_date_is_named_in_the_error_summary(world, fedasil, as_persona):
    html = _eligibility(as_persona("counsellor"), world.case, on="next spring").content.decode()
    assert 'class="govuk-error-summary"' in html and 'href="#id_on"' in html
    assert 'data-testid="comparison"' not in html


def test_the_case_shows_the_difference_when_facts_change_after_approval(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    actions.approve_decision(decision, by=world.team_leader)
    client = as_persona("counsellor")
    html = client.get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "The facts have changed" not in html and "Approved on" in html

    _add_child(world, world.case, age_days=4 * 365)
    fresh = evaluate_programme(fedasil, facts_for_case(world.case))
    difference = Decimal(fresh["total"]) - decision.total
    html = client.get(reverse("case-detail", args=[world.case.pk])).content.decode()
    approved_on = date_format(timezone.localtime(Decision.objects.get().decided_at), "SHORT_DATE_FORMAT")
    assert f"The facts have changed since the package was approved on {approved_on}: +{difference:,.2f} EUR." in html
    # agii.be 2022: the child's premium is 175 EUR
    assert "+175.00 EUR" in html and "Changed: household members on the case (ages" in html


def test_no_difference_is_shown_once_the_person_has_departed(world, fedasil, as_persona):
    actions.approve_decision(
        actions.propose_decision(world.case, by=world.counsellor, programme=fedasil), by=world.team_leader
    )
    _add_child(world, world.case)
    _depart(world.case, world.team_leader)
    html = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "The facts have changed" not in html


def test_aid_already_received_on_another_case_is_named_with_where_and_when(world, fedasil, as_persona):
    old = make_case(world.ghent_office, world.ghent, principal=world.case.principal)
    ghent_leader = world.agency_admin  # an administrator covers every Fedasil office
    actions.approve_decision(actions.propose_decision(old, by=world.ghent, programme=fedasil), by=ghent_leader)
    _depart(old, ghent_leader)
    departed_on = date_format(timezone.localtime(old.transitions.get(to_status="departed").at), "SHORT_DATE_FORMAT")
    html = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "Return aid is given only once. A package was already approved at Fedasil Ghent" in html
    assert f"the person departed on {departed_on}" in html
    assert facts_for_case(world.case).previous_return_aid is True


def test_no_earlier_aid_warning_for_a_first_return(world, fedasil, as_persona):
    html = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'data-testid="earlier-aid"' not in html


def _count_case_page(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    return len(queries)


def test_the_case_page_query_count_does_not_grow_with_members_or_decisions(world, fedasil, as_persona):
    client = as_persona("counsellor")
    alone = _count_case_page(client, world.case)
    for _ in range(3):
        _add_child(world, world.case)
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    actions.return_decision(decision, by=world.team_leader, reason="Check the ages.")
    actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    family = _count_case_page(client, world.case)
    # The package costs about ten queries (facts, decisions, earlier aid) and
    # one per programme (its rule version in force); none per member or decision.
    assert family <= alone, (alone, family)
    assert family <= 30, family


ENVELOPE = """
programme: test-envelope
name: Test – with an envelope
run_by: [fedasil]
version: "2020-01-01"
valid_from: 2020-01-01
currency: EUR
sources: [a test]
components:
  - {code: premium, label: Premium, form: cash, paid: at_departure, per: member, rows: [{amount: 10}]}
  - {code: business, label: Business start-up, form: in_kind, paid: after_arrival, per: household,
     discretionary: true, rows: [{amount: 1500}]}
"""


def test_an_envelope_granted_case_by_case_is_shown_apart_from_the_total(world, as_persona):
    content = parse(ENVELOPE, "test")
    programme = Programme.objects.create(code=content["programme"], name=content["name"], run_by="fedasil")
    RuleVersion.objects.create(
        programme=programme, label="2020-01-01", valid_from="2020-01-01", content=content, source_name="test"
    )
    html = _section(_eligibility(as_persona("counsellor"), world.case).content.decode(), "test-envelope")
    assert "Granted case by case, not in the total:" in html and "Business start-up: up to 1,500.00 EUR" in html
    assert 'data-testid="total">10.00 EUR' in html
