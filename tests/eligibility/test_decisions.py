"""Four eyes on the package: a counsellor proposes, someone else (a team
leader or agency administrator of the office) approves or sends back. The
facts, rule version and result are frozen at the proposal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import ReturnCase, Transition
from core.errors import DomainError
from core.models import AuditEvent
from eligibility import actions
from eligibility.case_facts import age_on
from eligibility.loader import parse
from eligibility.models import Decision, Programme, RuleVersion
from organisations.models import Membership, Role
from tests.factories import make_case, make_person, make_user


@pytest.fixture
def fedasil(rules):
    return Programme.objects.get(code="fedasil-return")


def _propose(client, case, programme="fedasil-return"):
    return client.post(reverse("case-decision-propose", args=[case.pk]), {"programme": programme}, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_counsellor_proposes_and_the_facts_rule_version_and_result_are_frozen(world, fedasil, as_persona):
    response = _propose(as_persona("counsellor"), world.case)
    decision = Decision.objects.get(case=world.case)
    assert decision.status == "proposed" and decision.proposed_by == world.counsellor
    assert decision.rule_version.programme == fedasil and decision.rule_version.label == "2022-01-01"
    age = age_on(world.case.principal, timezone.localdate())
    assert decision.facts["nationality"] == "GN" and decision.facts["household"] == [
        {"age": age, "vulnerabilities": []}
    ]
    premium = next(c for c in decision.result["components"] if c["code"] == "reinstallation_premium")
    # agii.be 2022: 350 EUR per adult of a visa-required country (Guinea)
    assert premium["amount"] == "350.00" and decision.currency == "EUR"
    assert str(decision.total) == decision.result["total"] and decision.eligible is True
    assert "A team leader must now approve it." in _messages(response)
    event = AuditEvent.objects.get(action="eligibility.proposed")
    assert event.case_id == world.case.pk and event.actor == world.counsellor


def test_the_same_counsellor_cannot_approve_her_own_proposal(world, fedasil):
    # A counsellor who is also team leader of the office: the role allows it, four eyes do not.
    Membership.objects.create(user=world.counsellor, office=world.bxl, role=Role.TEAM_LEADER)
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    with pytest.raises(DomainError, match="someone else must approve"):
        actions.approve_decision(decision, by=world.counsellor)
    decision.refresh_from_db()
    assert decision.status == "proposed" and decision.decided_by is None


def test_counsellor_gets_403_when_trying_to_approve_over_the_web(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    response = as_persona("counsellor").post(reverse("case-decision-approve", args=[world.case.pk, decision.pk]))
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.status == "proposed"


def test_team_leader_approves_a_counsellors_proposal(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    response = as_persona("team_leader").post(
        reverse("case-decision-approve", args=[world.case.pk, decision.pk]), follow=True
    )
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.decided_by == world.team_leader
    assert decision.decided_at is not None
    assert "The package is approved." in _messages(response)
    assert AuditEvent.objects.filter(action="eligibility.approved", case_id=world.case.pk).count() == 1


def test_agency_administrator_may_approve_too(world, fedasil):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    assert actions.approve_decision(decision, by=world.agency_admin).status == "approved"


def test_team_leader_of_another_office_cannot_decide(world, fedasil):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    ghent_leader = make_user("gl", (world.ghent_office, Role.TEAM_LEADER))
    with pytest.raises(DomainError, match="Only a team leader or an agency administrator"):
        actions.approve_decision(decision, by=ghent_leader)
    with pytest.raises(DomainError, match="Only a team leader or an agency administrator"):
        actions.return_decision(decision, by=ghent_leader, reason="No.")


def test_approving_an_already_approved_package_says_so_and_changes_nothing(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    actions.approve_decision(decision, by=world.team_leader)
    decided_at = Decision.objects.get(pk=decision.pk).decided_at
    response = as_persona("agency_admin").post(
        reverse("case-decision-approve", args=[world.case.pk, decision.pk]), follow=True
    )
    assert "This package was already approved by Marc" in _messages(response)
    decision.refresh_from_db()
    assert decision.decided_by == world.team_leader and decision.decided_at == decided_at
    assert AuditEvent.objects.filter(action="eligibility.approved").count() == 1


def test_sending_back_without_a_reason_names_the_field_and_saves_nothing(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    response = as_persona("team_leader").post(
        reverse("case-decision-return", args=[world.case.pk, decision.pk]), {"reason": "   "}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html and 'href="#id_reason"' in html
    assert "Say why the proposal is sent back." in html
    decision.refresh_from_db()
    assert decision.status == "proposed" and decision.reason == ""
    assert not AuditEvent.objects.filter(action="eligibility.returned").exists()
    with pytest.raises(DomainError, match="Say why"):
        actions.return_decision(decision, by=world.team_leader, reason="")


def test_team_leader_sends_back_with_a_reason_and_the_counsellor_can_propose_again(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    response = as_persona("team_leader").post(
        reverse("case-decision-return", args=[world.case.pk, decision.pk]),
        {"reason": "Check the date of birth on the passport."},
        follow=True,
    )
    decision.refresh_from_db()
    assert decision.status == "returned" and decision.reason == "Check the date of birth on the passport."
    assert "Check the date of birth on the passport." in response.content.decode()
    again = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    assert again.status == "proposed" and again.pk != decision.pk


def test_a_second_proposal_is_refused_while_one_is_waiting(world, fedasil, as_persona):
    actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    response = _propose(as_persona("team_leader"), world.case)
    assert "is already waiting for approval (proposed by Sofie" in _messages(response)
    assert Decision.objects.filter(case=world.case).count() == 1


def test_proposing_with_missing_facts_says_which_and_saves_nothing(world, fedasil, as_persona):
    person = make_person(world.bxl, world.counsellor, nationality="")
    case = make_case(world.bxl, world.counsellor, principal=person)
    response = _propose(as_persona("counsellor"), case)
    assert "The package cannot be proposed. Some facts are missing: nationality." in _messages(response)
    assert not Decision.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(action="eligibility.proposed").exists()


ALBANIANS_ONLY = """
programme: test-albanians-only
name: Test – Albanians only
run_by: [fedasil]
version: "2020-01-01"
valid_from: 2020-01-01
currency: EUR
sources: [a test]
requirements:
  - code: albanian
    label: Albanian nationality
    when: {nationality_in: [AL]}
components:
  - {code: premium, label: Premium, form: cash, paid: at_departure, per: member, rows: [{amount: 10}]}
"""


def _albanians_only() -> Programme:
    content = parse(ALBANIANS_ONLY, "test")
    programme = Programme.objects.create(code=content["programme"], name=content["name"], run_by="fedasil")
    RuleVersion.objects.create(
        programme=programme, label="2020-01-01", valid_from="2020-01-01", content=content, source_name="test"
    )
    return programme


def test_proposing_a_package_the_person_is_not_eligible_for_says_why_and_saves_nothing(world, as_persona):
    programme = _albanians_only()
    response = _propose(as_persona("counsellor"), world.case, programme.code)
    said = _messages(response)
    assert "The package cannot be proposed. The person is not eligible: Albanian nationality:" in said
    assert "is not listed" in said
    assert not Decision.objects.exists()


def departed(case, world):
    Transition.objects.create(case=case, from_status=case.status, to_status="departed", by=world.team_leader)
    ReturnCase.objects.filter(pk=case.pk).update(status="departed")
    case.refresh_from_db()


def test_a_programme_of_another_agency_cannot_be_proposed(world, fedasil):
    other = Programme.objects.create(code="ofii-test", name="OFII test", run_by="ofii")
    with pytest.raises(DomainError, match="is not a programme of this case's agency"):
        actions.propose_decision(world.case, by=world.counsellor, programme=other)


def test_nothing_is_proposed_on_a_case_that_already_departed(world, fedasil):
    departed(world.case, world)
    with pytest.raises(DomainError, match="only be proposed before departure"):
        actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)


def test_an_unchanged_approved_package_is_not_proposed_again(world, fedasil):
    actions.approve_decision(
        actions.propose_decision(world.case, by=world.counsellor, programme=fedasil), by=world.team_leader
    )
    with pytest.raises(DomainError, match="is still the same"):
        actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)


def test_frozen_facts_and_result_stay_as_proposed_when_the_case_changes(world, fedasil):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    frozen_facts, frozen_result = dict(decision.facts), dict(decision.result)
    child = make_person(world.bxl, world.counsellor, date_of_birth=timezone.localdate() - datetime.timedelta(days=3000))
    case_actions.add_member(world.case, child, by=world.counsellor, relation="child")
    world.case.refresh_from_db()
    case_actions.update_case(
        world.case, by=world.counsellor, expected_version=world.case.version, administrative_status="irregular_stay"
    )
    decision.refresh_from_db()
    assert decision.facts == frozen_facts and decision.result == frozen_result
    assert len(decision.facts["household"]) == 1 and decision.facts["administrative_status"] == "asylum_rejected"


def test_a_team_leader_who_proposes_is_told_someone_else_must_decide(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.team_leader, programme=fedasil)
    client = as_persona("team_leader")
    html = client.get(reverse("case-decision", args=[world.case.pk, decision.pk])).content.decode()
    assert "You proposed this package: another team leader or agency administrator must approve it" in html
    assert "Approve the package" not in html
    response = client.post(reverse("case-decision-approve", args=[world.case.pk, decision.pk]), follow=True)
    assert "someone else must approve it or send it back (four eyes)" in _messages(response)
    decision.refresh_from_db()
    assert decision.status == "proposed"
    html = as_persona("agency_admin").get(reverse("case-decision", args=[world.case.pk, decision.pk])).content.decode()
    assert "Approve the package" in html


def test_the_reviewer_sees_when_the_facts_changed_after_the_proposal(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    child = make_person(world.bxl, world.counsellor, date_of_birth=timezone.localdate() - datetime.timedelta(days=3000))
    case_actions.add_member(world.case, child, by=world.counsellor, relation="child")
    html = as_persona("team_leader").get(reverse("case-decision", args=[world.case.pk, decision.pk])).content.decode()
    assert "The facts have changed since this package was proposed" in html
    # agii.be 2022: 175 EUR for the child
    assert "+175.00 EUR" in html


def test_the_decisions_appear_in_the_case_audit_trail(world, fedasil, as_persona):
    decision = actions.propose_decision(world.case, by=world.counsellor, programme=fedasil)
    actions.return_decision(decision, by=world.team_leader, reason="Check the passport.")
    response = as_persona("team_leader").get(reverse("case-audit", args=[world.case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the passport." in html
    events = AuditEvent.objects.filter(case_id=world.case.pk, action__startswith="eligibility.")
    assert sorted(events.values_list("action", flat=True)) == ["eligibility.proposed", "eligibility.returned"]


def test_the_team_leader_finds_waiting_proposals_on_the_home_page(world, rules, as_persona):
    from eligibility import actions as eligibility_actions
    from eligibility.models import Programme

    decision = eligibility_actions.propose_decision(
        world.case, by=world.counsellor, programme=Programme.objects.get(code="fedasil-return")
    )
    link = reverse("case-decision", args=[world.case.pk, decision.pk])
    assert link in as_persona("team_leader").get(reverse("home")).content.decode()
    assert link in as_persona("agency_admin").get(reverse("home")).content.decode()
    for persona in ("counsellor", "analyst", "ghent", "ofii", "partner"):
        assert link not in as_persona(persona).get(reverse("home")).content.decode(), persona
