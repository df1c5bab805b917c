"""Aid only once, across records: the case page and the eligibility page warn
when another record that very likely is the same person received return aid
(an approved package on a departed case), in any office of any agency,
naming where and when, and nothing of the other record unless the reader
may see it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cases import actions as case_actions
from cases.lifecycle import Status
from eligibility.case_facts import LIKELY_AID_SCORE, facts_for_case, likely_earlier_aid
from eligibility.models import Decision, DecisionStatus, RuleVersion
from people.access import visible_people
from tests.conftest import PERSONAS
from tests.factories import JALLOW, make_case, make_person

DIALLO = {**JALLOW, "given_name": "Mohammed", "family_name": "Diallo"}
DECIDED = timezone.make_aware(datetime.datetime(2024, 3, 4, 10, 0))


def _paid(case, by, programme_code: str, *, status=DecisionStatus.APPROVED) -> Decision:
    """An approved package on `case` (set up directly: the rules' own checks
    are tested in tests/eligibility)."""
    version = RuleVersion.objects.filter(programme__code=programme_code).order_by("-valid_from").first()
    return Decision.objects.create(
        case=case,
        rule_version=version,
        facts={},
        result={},
        eligible=True,
        total=Decimal("1200.00"),
        currency="EUR",
        status=status,
        proposed_by=by,
        decided_by=by if status == DecisionStatus.APPROVED else None,
        decided_at=DECIDED if status == DecisionStatus.APPROVED else None,
    )


@pytest.fixture
def marseille(world, rules):
    """Mohamed Jallow departed from Marseille with OFII's aid; he is now in
    Brussels, registered again as Mohammed Diallo, on a Brussels case."""
    jallow = make_person(world.mrs, world.ofii, **JALLOW)
    old = make_case(world.mrs, world.ofii, principal=jallow, status=Status.DEPARTED, country_of_return="GN")
    decision = _paid(old, world.ofii, "ofii-return")
    diallo = make_person(world.bxl, world.counsellor, **DIALLO)
    case = make_case(world.bxl, world.counsellor, principal=diallo, counsellor=world.counsellor)
    departed = old.transitions.get(to_status=Status.DEPARTED).at
    return {"jallow": jallow, "old": old, "decision": decision, "diallo": diallo, "case": case, "departed": departed}


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _case_page(client, case) -> str:
    """The case page, with the likely-aid warning htmx asks for once it is
    shown (the case page itself does not wait for the search)."""
    html = _html(client, reverse("case-detail", args=[case.pk]))
    url = reverse("case-likely-aid", args=[case.pk])
    assert f'hx-get="{url}" hx-trigger="load"' in html
    return html + _html(client, url)


def _warning(html: str) -> str:
    start = html.index('data-testid="likely-earlier-aid"')
    return html[start : html.index("</ul>", start)]


def test_aid_received_under_another_record_in_another_agency_is_found(world, marseille):
    found = likely_earlier_aid(marseille["case"])
    assert len(found) == 1
    aid = found[0]
    assert aid.member_id == marseille["diallo"].pk and aid.person_id == marseille["jallow"].pk
    assert aid.decision == marseille["decision"] and aid.departed_at == marseille["departed"]
    assert aid.score >= LIKELY_AID_SCORE
    assert {"family_variant", "given_variant", "dob_same"} <= set(aid.reasons)


def test_the_case_page_names_where_and_when_and_nothing_of_the_other_record(world, marseille, as_persona):
    html = _case_page(as_persona("counsellor"), marseille["case"])
    warning = _warning(html)
    when = date_format(timezone.localtime(marseille["departed"]), "SHORT_DATE_FORMAT")
    assert "Return aid is given only once. Another record, very likely of the same person" in html
    assert "A record at OFII Marseille (OFII), very likely the same person as Mohammed DIALLO:" in warning
    assert f"aid approved on 04/03/2024, departed on {when}." in warning
    assert "very likely the same person as Mohammed DIALLO" in warning
    assert 'href="mailto:mrs@example.org"' in warning
    jallow = marseille["jallow"]
    assert "Jallow" not in html and "JALLOW" not in html
    assert f"/people/{jallow.pk}/" not in html and "score" not in warning
    assert 'data-testid="earlier-aid"' not in html  # not this record's own aid


def test_the_eligibility_page_warns_too(world, marseille, as_persona):
    html = _html(as_persona("counsellor"), reverse("case-eligibility", args=[marseille["case"].pk]))
    assert "A record at OFII Marseille (OFII)" in _warning(html)
    assert "JALLOW" not in html


def test_a_reader_who_may_see_the_other_record_gets_a_link_and_the_reasons(world, rules, as_persona):
    # Both records in Fedasil: the agency administrator sees both offices.
    jallow = make_person(world.ghent_office, world.ghent, **JALLOW)
    old = make_case(world.ghent_office, world.ghent, principal=jallow, status=Status.DEPARTED)
    _paid(old, world.agency_admin, "fedasil-return")
    diallo = make_person(world.bxl, world.counsellor, **DIALLO)
    case = make_case(world.bxl, world.counsellor, principal=diallo)
    warning = _warning(_case_page(as_persona("agency_admin"), case))
    assert f'href="/people/{jallow.pk}/"' in warning and "Mohamed JALLOW" in warning
    assert "family name is a variant" in warning and "score" in warning
    assert "at Fedasil Ghent (Fedasil), very likely the same person as Mohammed DIALLO" in warning
    # The Brussels counsellor does not cover Ghent: where and when, and whom to ask.
    warning = _warning(_case_page(as_persona("counsellor"), case))
    assert "A record at Fedasil Ghent (Fedasil)" in warning and "gnt@example.org" in warning
    assert "JALLOW" not in warning and f"/people/{jallow.pk}/" not in warning


def test_a_likely_match_is_a_warning_not_a_fact_of_the_evaluation(world, marseille):
    assert facts_for_case(marseille["case"]).previous_return_aid is False


@pytest.mark.parametrize(
    "change",
    ["weak_match", "not_departed", "only_proposed", "returned"],
)
def test_no_warning_without_a_strong_match_a_departure_and_an_approval(world, rules, as_persona, change):
    jallow = make_person(world.mrs, world.ofii, **JALLOW)
    status = Status.READY_TO_DEPART if change == "not_departed" else Status.DEPARTED
    old = make_case(world.mrs, world.ofii, principal=jallow, status=status)
    decision_status = {"only_proposed": DecisionStatus.PROPOSED, "returned": DecisionStatus.RETURNED}.get(
        change, DecisionStatus.APPROVED
    )
    _paid(old, world.ofii, "ofii-return", status=decision_status)
    typed = DIALLO
    if change == "weak_match":  # names alike, a year of birth and nothing else
        typed = {**DIALLO, "date_of_birth": datetime.date(1990, 1, 1), "dob_precision": "year", "nationality": ""}
    case = make_case(world.bxl, world.counsellor, principal=make_person(world.bxl, world.counsellor, **typed))
    assert likely_earlier_aid(case) == []
    assert "likely-earlier-aid" not in _case_page(as_persona("counsellor"), case)


def test_a_package_already_named_by_the_own_record_warning_is_not_named_twice(world, marseille, as_persona):
    # Mohammed Diallo's own record is also on the Marseille case: the first
    # warning names it; the likely match adds nothing.
    case_actions.add_member(marseille["old"], marseille["diallo"], by=world.ofii, relation="other")
    html = _case_page(as_persona("counsellor"), marseille["case"])
    assert 'data-testid="earlier-aid"' in html and "likely-earlier-aid" not in html


def test_a_household_member_with_a_likely_match_is_named(world, marseille, as_persona):
    fatou = dict(
        given_name="Fatou",
        family_name="Bah",
        sex="female",
        date_of_birth=datetime.date(1995, 8, 9),
        dob_precision="full",
        nationality="GN",
    )
    case_actions.add_member(
        marseille["old"], make_person(world.mrs, world.ofii, **fatou), by=world.ofii, relation="spouse"
    )
    spouse = make_person(world.bxl, world.counsellor, **{**fatou, "family_name": "Ba"})
    case_actions.add_member(marseille["case"], spouse, by=world.counsellor, relation="spouse")
    found = likely_earlier_aid(marseille["case"])
    assert {a.member_id for a in found} == {marseille["diallo"].pk, spouse.pk}
    warning = _warning(_case_page(as_persona("counsellor"), marseille["case"]))
    assert "as Fatou BA" in warning and "as Mohammed DIALLO" in warning


SEE_PACKAGE = {"counsellor", "team_leader", "travel_officer", "agency_admin", "analyst"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_on_the_case_page_and_the_warning(world, marseille, as_persona, persona):
    user, client = getattr(world, persona), as_persona(persona)
    case = marseille["case"]
    page = client.get(reverse("case-detail", args=[case.pk]))
    warning = client.get(reverse("case-likely-aid", args=[case.pk]))
    if persona in SEE_PACKAGE:
        assert page.status_code == 200 and warning.status_code == 200
        html = page.content.decode() + warning.content.decode()
        assert "A record at OFII Marseille (OFII)" in _warning(html)
    else:
        # Outside the case's scope: 404 for both; the package is never a partner's.
        assert page.status_code in (404, 200) and warning.status_code in (404, 403)
        assert warning.status_code == (403 if page.status_code == 200 else 404), persona
        html = page.content.decode()
        assert "likely-earlier-aid" not in html and "likely-aid-pending" not in html
    if not visible_people(user).filter(pk=marseille["jallow"].pk).exists():
        assert "JALLOW" not in html and f"/people/{marseille['jallow'].pk}/" not in html


def test_the_warning_needs_a_login_and_is_empty_when_there_is_nothing_to_say(world, as_persona, client):
    url = reverse("case-likely-aid", args=[world.case.pk])
    assert client.get(url).status_code == 302
    response = as_persona("counsellor").get(url)
    assert response.status_code == 200 and response.content.decode().strip() == ""


def test_without_javascript_the_case_page_points_to_the_package_page(world, marseille, as_persona):
    html = _html(as_persona("counsellor"), reverse("case-detail", args=[marseille["case"].pk]))
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    assert reverse("case-eligibility", args=[marseille["case"].pk]) in noscript


def test_the_eligibility_page_shows_the_warning_without_javascript(world, marseille, as_persona):
    html = _html(as_persona("counsellor"), reverse("case-eligibility", args=[marseille["case"].pk]))
    assert "likely-aid-pending" not in html and 'data-testid="likely-earlier-aid"' in html


def test_the_search_costs_a_fixed_number_of_queries_whatever_the_household(
    world, marseille, django_assert_max_num_queries
):
    case = marseille["case"]
    with django_assert_max_num_queries(4):
        assert len(likely_earlier_aid(case)) == 1
    for n in range(4):
        child = make_person(
            world.bxl,
            world.counsellor,
            given_name=["Awa", "Ibrahima", "Mariama", "Ousmane"][n],
            family_name="Diallo",
            date_of_birth=datetime.date(2012 + n, 2, 3),
            dob_precision="full",
            nationality="GN",
        )
        case_actions.add_member(case, child, by=world.counsellor, relation="child")
    with django_assert_max_num_queries(4):
        assert len(likely_earlier_aid(case)) == 1


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["case-detail", "case-likely-aid", "case-eligibility"])
def test_the_query_count_does_not_grow_with_the_household(world, marseille, as_persona, name):
    client = as_persona("counsellor")
    url = reverse(name, args=[marseille["case"].pk])
    alone = _count(client, url)
    for child_name in ("Awa", "Ibrahima", "Mariama"):
        child = make_person(world.bxl, world.counsellor, given_name=child_name, family_name="Diallo")
        case_actions.add_member(marseille["case"], child, by=world.counsellor, relation="child")
    assert _count(client, url) <= alone


def test_the_case_page_costs_no_query_for_the_search(world, marseille, as_persona, monkeypatch):
    client = as_persona("counsellor")
    url = reverse("case-detail", args=[marseille["case"].pk])
    with_search = _count(client, url)
    monkeypatch.setattr("eligibility.case_facts.likely_earlier_aid", lambda case: [])
    assert _count(client, url) == with_search


def test_the_warning_costs_a_few_queries(world, marseille, as_persona, django_assert_max_num_queries):
    client = as_persona("counsellor")
    url = reverse("case-likely-aid", args=[marseille["case"].pk])
    client.get(url)
    # session, user, memberships, the case and its roles (cases.access), the
    # package's own earlier aid (3), the search (4), who may see what (2)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
