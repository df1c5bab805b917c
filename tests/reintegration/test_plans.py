"""The reintegration plan through its actions: drafted by the partner,
approved by the sending office with four eyes, amended as new versions with
the approved one in force until the next is approved, and never over the
approved reintegration budget (hand-computed ceilings, in EUR and GNF)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from eligibility.models import Decision
from organisations.models import Membership, Role
from reintegration import actions_plans as plans
from reintegration import actions_purchases as purchases
from reintegration.models import ExchangeRate, Plan, PlanStatus
from tests.factories import make_user

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _attachments(settings, tmp_path):
    settings.ATTACHMENTS_ROOT = tmp_path


def _refused(fn, *args, field=None, code=None, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn(*args, **kwargs)
    if field is not None:
        assert caught.value.field == field, caught.value.message
    if code is not None:
        assert caught.value.code == code, caught.value.message
    return caught.value


def _gnf(world, rate="0.000105", on=TODAY):
    return purchases.set_rate(world.iom, by=world.partner, currency="GNF", on=on, euros_per_unit=Decimal(rate))


# The ceiling ------------------------------------------------------------------------


def test_the_ceiling_counts_what_is_paid_after_arrival_and_the_up_to_envelopes(referred_case, package, world):
    ceiling = plans.ceiling_for(referred_case, world.iom, TODAY)
    # 2,000 in kind + 300 cash after arrival + up to 1,500; the 350 at departure does not count.
    assert ceiling.total == Decimal("3800.00")
    assert sorted(p["code"] for p in ceiling.parts) == ["cash_later", "envelope", "in_kind"]
    assert [p["up_to"] for p in ceiling.parts if p["code"] == "envelope"] == [True]


def test_only_the_latest_approved_package_of_a_programme_counts(referred_case, package, world):
    newer = Decision.objects.get(pk=package.pk)
    newer.pk = None
    newer.result = {
        **package.result,
        "components": [{**c, "amount": "1000.00"} for c in package.result["components"]],
        "discretionary": [],
    }
    newer.decided_at = timezone.now() + datetime.timedelta(minutes=1)
    newer.save()
    # 1,000 in kind + 1,000 cash after arrival.
    assert plans.ceiling_for(referred_case, world.iom, TODAY).total == Decimal("2000.00")


def test_a_plan_within_the_ceiling_is_submitted_with_the_ceiling_kept(draft_plan, world):
    plan = plans.submit_plan(draft_plan, by=world.partner, expected_version=draft_plan.lock_version)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.ceiling == Decimal("3800.00")
    assert plan.submitted_at is not None
    event = AuditEvent.objects.get(action="plan.submitted")
    assert event.changes["total"] == [None, "1500.00 EUR"]


def test_a_plan_over_the_ceiling_is_refused_with_the_numbers(draft_plan, world):
    plans.add_line(
        draft_plan, by=world.partner, category="housing", description="Rent", amount=Decimal("2300.01"), currency="EUR"
    )
    error = _refused(plans.submit_plan, draft_plan, by=world.partner, field="lines")
    # 1,200 + 300 + 2,300.01 = 3,800.01 against 3,800.00.
    assert "3,800.01 EUR" in error.message
    assert "0.01 EUR more" in error.message
    assert "3,800.00 EUR" in error.message
    assert Plan.objects.get(pk=draft_plan.pk).status == PlanStatus.DRAFT


def test_exactly_the_ceiling_is_accepted(draft_plan, world):
    plans.add_line(
        draft_plan, by=world.partner, category="housing", description="Rent", amount=Decimal("2300.00"), currency="EUR"
    )
    assert plans.submit_plan(draft_plan, by=world.partner).status == PlanStatus.SUBMITTED


def test_lines_in_another_currency_are_converted_at_the_partners_rate_of_the_submission_day(draft_plan, world):
    _gnf(world, "0.000100", on=TODAY - datetime.timedelta(days=30))  # older: not used
    _gnf(world, "0.000105", on=TODAY - datetime.timedelta(days=2))  # latest before today: used
    plans.add_line(
        draft_plan,
        by=world.partner,
        category="housing",
        description="Rent, 12 months",
        amount=Decimal("20000000"),
        currency="gnf",
    )
    # 20,000,000 GNF x 0.000105 = 2,100.00 EUR; with 1,500.00 EUR: 3,600.00 <= 3,800.00.
    total, ceiling = plans.check_ceiling(draft_plan, TODAY)
    assert (total, ceiling) == (Decimal("3600.00"), Decimal("3800.00"))
    plans.submit_plan(draft_plan, by=world.partner)
    # 22,000,000 GNF would be 2,310.00 EUR: 3,810.00, 10.00 over.
    line = draft_plan.lines.get(currency="GNF")
    line.amount = Decimal("22000000")
    line.save()
    error = _refused(plans.check_ceiling, draft_plan, TODAY, field="lines")
    assert "3,810.00 EUR" in error.message and "10.00 EUR more" in error.message


def test_a_line_in_a_currency_without_a_rate_blocks_the_submission_naming_it(draft_plan, world):
    plans.add_line(
        draft_plan, by=world.partner, category="housing", description="Rent", amount=Decimal("100"), currency="XOF"
    )
    error = _refused(plans.submit_plan, draft_plan, by=world.partner, field="lines")
    assert "XOF" in error.message and "IOM" in error.message


def test_no_approved_package_no_plan_submission(referred_case, world):
    plan = plans.start_plan(referred_case, by=world.partner)
    plans.add_objective(plan, by=world.partner, area="housing", description="A roof")
    plans.add_line(plan, by=world.partner, category="housing", description="Rent", amount=Decimal("1"), currency="EUR")
    _refused(plans.submit_plan, plan, by=world.partner, field="lines")


def test_a_plan_needs_an_objective_and_a_line(referred_case, package, world):
    plan = plans.start_plan(referred_case, by=world.partner)
    _refused(plans.submit_plan, plan, by=world.partner, field="objectives")
    plans.add_objective(plan, by=world.partner, area="education", description="School fees")
    _refused(plans.submit_plan, plan, by=world.partner, field="lines")


# Who drafts and who approves ----------------------------------------------------------------


def test_the_partner_needs_an_accepted_referral_to_draft(referred_case, package, world):
    referred_case.referral.status = "pending"
    referred_case.referral.save()
    _refused(plans.start_plan, referred_case, by=world.partner, code="forbidden")
    _refused(plans.start_plan, referred_case, by=world.counsellor, code="forbidden")


def test_the_partner_cannot_approve(draft_plan, world):
    plans.submit_plan(draft_plan, by=world.partner)
    _refused(plans.approve_plan, draft_plan, by=world.partner, code="forbidden")
    _refused(plans.return_plan, draft_plan, by=world.partner, reason="no", code="forbidden")


def test_a_counsellor_or_travel_officer_cannot_approve(draft_plan, world):
    plans.submit_plan(draft_plan, by=world.partner)
    for user in (world.counsellor, world.travel_officer, world.analyst):
        _refused(plans.approve_plan, draft_plan, by=user, code="forbidden")
    assert plans.approve_plan(draft_plan, by=world.agency_admin).status == PlanStatus.APPROVED


def test_the_drafter_cannot_approve_their_own_version(referred_case, package, world):
    """Four eyes: someone who is both a partner caseworker and a team leader
    of the sending office drafts a version; they may not approve it."""
    both = make_user("two_hats", (world.conakry, Role.PARTNER_CASEWORKER), (world.bxl, Role.TEAM_LEADER))
    assert Membership.objects.filter(user=both).count() == 2
    plan = plans.start_plan(referred_case, by=both)
    plans.add_objective(plan, by=both, area="housing", description="A roof")
    plans.add_line(plan, by=both, category="housing", description="Rent", amount=Decimal("100"), currency="EUR")
    plans.submit_plan(plan, by=both)
    error = _refused(plans.approve_plan, plan, by=both, code="forbidden")
    assert "four eyes" in error.message
    _refused(plans.return_plan, plan, by=both, reason="Mine", code="forbidden")
    assert plans.approve_plan(plan, by=world.team_leader).decided_by == world.team_leader


def test_sending_back_needs_a_reason_and_the_version_can_be_corrected_and_resubmitted(draft_plan, world):
    plans.submit_plan(draft_plan, by=world.partner)
    _refused(plans.return_plan, draft_plan, by=world.team_leader, reason="  ", field="reason")
    plan = plans.return_plan(draft_plan, by=world.team_leader, reason="Add a quote for the stock.")
    assert plan.status == PlanStatus.RETURNED and plan.decision_reason == "Add a quote for the stock."
    line = plan.lines.get(description="Stock")
    plans.update_line(
        line, by=world.partner, category="micro_business", description="Stock (quote attached)", amount=Decimal("1100"),
        currency="EUR", supplier="Marché Madina",
    )  # fmt: skip
    assert plans.submit_plan(plan, by=world.partner).status == PlanStatus.SUBMITTED
    assert plans.approve_plan(plan, by=world.team_leader).status == PlanStatus.APPROVED


def test_a_submitted_version_cannot_be_edited(draft_plan, world):
    plans.submit_plan(draft_plan, by=world.partner)
    _refused(plans.add_objective, draft_plan, by=world.partner, area="housing", description="x")
    line = draft_plan.lines.first()
    _refused(plans.delete_line, line, by=world.partner)


def test_a_stale_approval_is_refused(draft_plan, world):
    seen = plans.submit_plan(draft_plan, by=world.partner).lock_version
    with pytest.raises(StaleEdit):
        plans.approve_plan(draft_plan, by=world.team_leader, expected_version=seen - 1)
    assert plans.approve_plan(draft_plan, by=world.team_leader, expected_version=seen).status == "approved"


def test_bad_line_input_names_the_field(draft_plan, world):
    base = {"category": "housing", "description": "Rent", "amount": Decimal("10"), "currency": "EUR"}
    _refused(plans.add_line, draft_plan, by=world.partner, **{**base, "amount": Decimal("0")}, field="amount")
    _refused(plans.add_line, draft_plan, by=world.partner, **{**base, "currency": "E1"}, field="currency")
    _refused(plans.add_line, draft_plan, by=world.partner, **{**base, "category": "cars"}, field="category")
    _refused(plans.add_line, draft_plan, by=world.partner, **{**base, "description": " "}, field="description")
    assert draft_plan.lines.count() == 2


# Versions ------------------------------------------------------------------------------------


def test_one_draft_at_a_time(draft_plan, world):
    error = _refused(plans.start_plan, draft_plan.case, by=world.partner)
    assert "Version 1" in error.message
    plans.submit_plan(draft_plan, by=world.partner)
    _refused(plans.start_plan, draft_plan.case, by=world.partner)


def test_an_amendment_copies_the_approved_version_which_stays_in_force_until_the_next_is_approved(approved_plan, world):
    case = approved_plan.case
    v2 = plans.start_plan(case, by=world.partner)
    assert v2.version == 2 and v2.status == PlanStatus.DRAFT
    assert [(ln.description, ln.amount) for ln in v2.lines.all()] == [
        ("Stock", Decimal("1200.00")),
        ("Medicines", Decimal("300.00")),
    ]
    assert [o.description for o in v2.objectives.all()] == ["Open a grocery"]
    assert v2.summary == "A grocery in Kindia"
    plans.add_line(v2, by=world.partner, category="housing", description="Rent", amount=Decimal("500"), currency="EUR")
    # The approved version is untouched and still in force.
    assert plans.version_in_force(case).pk == approved_plan.pk
    assert approved_plan.lines.count() == 2
    _refused(plans.start_plan, case, by=world.partner)  # one draft at a time
    plans.submit_plan(v2, by=world.partner)
    assert plans.version_in_force(case).pk == approved_plan.pk
    plans.approve_plan(v2, by=world.team_leader)
    approved_plan.refresh_from_db()
    assert approved_plan.status == PlanStatus.SUPERSEDED
    assert plans.version_in_force(case).pk == v2.pk
    assert list(case.reintegration_plans.values_list("version", "status")) == [
        (1, PlanStatus.SUPERSEDED),
        (2, PlanStatus.APPROVED),
    ]
    assert AuditEvent.objects.filter(action="plan.superseded", object_id=str(approved_plan.pk)).exists()


def test_a_sent_back_amendment_leaves_the_approved_version_in_force(approved_plan, world):
    v2 = plans.start_plan(approved_plan.case, by=world.partner)
    plans.submit_plan(v2, by=world.partner)
    plans.return_plan(v2, by=world.team_leader, reason="Not needed")
    assert plans.version_in_force(approved_plan.case).pk == approved_plan.pk
    _refused(plans.start_plan, approved_plan.case, by=world.partner)  # the sent-back one is still open


def test_every_step_is_in_the_audit_trail(approved_plan):
    actions = list(
        AuditEvent.objects.filter(case_id=approved_plan.case_id, action__startswith="plan.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "plan.drafted",
        "plan.objective_added",
        "plan.line_added",
        "plan.line_added",
        "plan.submitted",
        "plan.approved",
    ]


def test_no_plan_before_departure(world, rules):
    from cases.models import Referral

    Referral.objects.filter(case=world.case).update(status="accepted")
    error = _refused(plans.start_plan, world.case, by=world.partner)
    assert "after departure" in error.message


def test_rates_are_the_partners_own(world):
    _refused(
        purchases.set_rate, world.iom, by=world.counsellor, currency="GNF", on=TODAY, euros_per_unit=Decimal("1"),
        code="forbidden",
    )  # fmt: skip
    _refused(purchases.set_rate, world.iom, by=world.partner, currency="EUR", on=TODAY, euros_per_unit=Decimal("1"))
    _refused(
        purchases.set_rate, world.iom, by=world.partner, currency="GNF", on=TODAY, euros_per_unit=Decimal("0"),
        field="euros_per_unit",
    )  # fmt: skip
    _refused(
        purchases.set_rate, world.iom, by=world.partner, currency="GNF", on=TODAY + datetime.timedelta(days=1),
        euros_per_unit=Decimal("1"), field="on",
    )  # fmt: skip
    first = _gnf(world, "0.0001")
    second = _gnf(world, "0.00011")
    assert first.pk == second.pk and ExchangeRate.objects.get().euros_per_unit == Decimal("0.00011")
    assert AuditEvent.objects.filter(action="exchange_rate.changed").count() == 1


def test_the_other_side_is_emailed_without_personal_details(
    draft_plan, world, mailoutbox, django_capture_on_commit_callbacks
):
    world.partner.email = "mamadou@example.org"
    world.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        plans.submit_plan(draft_plan, by=world.partner)
    assert [m.to for m in mailoutbox] == [["sofie@example.org"]]  # the counsellor; Marc has no address
    number = draft_plan.case.number
    # In the language of the recipient's office (Brussels: Dutch).
    words = {"number": number, "version": 1}
    with override(world.bxl.default_language):
        to_approve = gettext("Case %(number)s: reintegration plan version %(version)s to approve") % words
    assert mailoutbox[0].subject == to_approve
    assert draft_plan.case.principal.family_name not in mailoutbox[0].body
    assert f"/cases/{draft_plan.case_id}/reintegration/plan/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        plans.return_plan(draft_plan, by=world.team_leader, reason="Add a quote")
    assert mailoutbox[1].to == ["mamadou@example.org"]
    with override(world.conakry.default_language):  # the partner's office: French
        assert (
            mailoutbox[1].subject
            == gettext("Case %(number)s: reintegration plan version %(version)s sent back") % words
        )
    assert "Add a quote" not in mailoutbox[1].body
