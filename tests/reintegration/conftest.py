"""Shared fixtures for the reintegration tests (issue #5).

Others may add fixtures at the END of this file; keep `referred_case` stable."""

import datetime

import pytest
from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import Referral, ReferralPurpose, ReferralStatus
from tests.factories import make_case


@pytest.fixture
def referred_case(world):
    """A Brussels case (Sofie's) that departed five days ago, whose principal
    gave partner_sharing consent for IOM, with an ACCEPTED reintegration
    referral to IOM Conakry (world.iom / world.conakry), accepted by Mamadou
    (world.partner). The consent is `case.partner_consent`, the referral
    `case.referral`, the departure date `case.departed_on`."""
    from travel.models import DepartureOutcome

    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.DEPARTED)
    departed_on = timezone.localdate() - datetime.timedelta(days=5)
    DepartureOutcome.objects.create(case=case, outcome="departed", date=departed_on, recorded_by=world.counsellor)
    consent = case_actions.record_consent(
        case,
        by=world.counsellor,
        person=case.principal,
        purpose="partner_sharing",
        state="given",
        date=timezone.localdate(),
        language="fr",
        method="signed_form",
        partner=world.iom,
    )
    referral = Referral.objects.create(
        case=case,
        partner=world.iom,
        partner_office=world.conakry,
        purpose=ReferralPurpose.REINTEGRATION,
        status=ReferralStatus.ACCEPTED,
        message="Please take over the reintegration.",
        consent=consent,
        created_by=world.counsellor,
        decided_by=world.partner,
        decided_at=timezone.now(),
    )
    case.partner_consent = consent
    case.referral = referral
    case.departed_on = departed_on
    return case


# --- monitoring and the survey (monitoring engineer) ---------------------------------


@pytest.fixture
def rss_weights(db):
    """The shipped survey weights (reintegration/rss/weights-*.yaml), loaded
    and current, as `manage.py load_rss_weights` does."""
    from reintegration import rss
    from reintegration.actions_monitoring import make_current

    new, same = rss.load_weights()
    return make_current((new or same)[-1])


@pytest.fixture
def monitored_case(referred_case, rss_weights):
    """`referred_case`, departed 100 days ago: its 3-month visit is overdue,
    the 6- and 12-month ones are not due yet. Visits are scheduled."""
    from reintegration.actions_monitoring import schedule_visits
    from travel.models import DepartureOutcome

    departed_on = timezone.localdate() - datetime.timedelta(days=100)
    DepartureOutcome.objects.filter(case=referred_case).update(date=departed_on)
    referred_case.departed_on = departed_on
    schedule_visits(referred_case)
    return referred_case


# Plans and purchases in kind (test_plans*.py, test_disbursements*.py) ---------


@pytest.fixture
def package(referred_case, world, rules):
    """An approved package on `referred_case`, built by hand: 350 EUR cash at
    departure (not in the ceiling), 2,000 EUR in kind and 300 EUR in cash
    after arrival, and an "up to" envelope of 1,500 EUR after arrival: a
    reintegration ceiling of 3,800.00 EUR."""
    from decimal import Decimal

    from eligibility.models import Decision, RuleVersion

    version = RuleVersion.objects.filter(programme__code="fedasil-return").order_by("-valid_from").first()

    def part(code, amount, form, paid):
        return {"code": code, "label": code, "amount": amount, "currency": "EUR", "form": form, "paid": paid}

    result = {
        "components": [
            part("premium", "350.00", "cash", "at_departure"),
            part("in_kind", "2000.00", "in_kind", "after_arrival"),
            part("cash_later", "300.00", "cash", "after_arrival"),
        ],
        "discretionary": [{**part("envelope", "1500.00", "in_kind", "after_arrival"), "up_to": True}],
        "total": "2650.00",
        "currency": "EUR",
    }
    return Decision.objects.create(
        case=referred_case,
        rule_version=version,
        facts={},
        result=result,
        eligible=True,
        total=Decimal("2650.00"),
        currency="EUR",
        status="approved",
        proposed_by=world.counsellor,
        decided_by=world.team_leader,
        decided_at=timezone.now(),
    )


@pytest.fixture
def draft_plan(referred_case, package, world):
    """Version 1 in draft by Mamadou: one objective and two lines in EUR,
    1,200.00 (micro-business stock) and 300.00 (medical), 1,500.00 in all."""
    from decimal import Decimal

    from reintegration import actions_plans as plans

    plan = plans.start_plan(referred_case, by=world.partner, summary="A grocery in Kindia")
    plans.add_objective(plan, by=world.partner, area="micro_business", description="Open a grocery")
    plans.add_line(
        plan,
        by=world.partner,
        category="micro_business",
        description="Stock",
        amount=Decimal("1200"),
        currency="EUR",
        supplier="Marché Madina",
    )
    plans.add_line(
        plan, by=world.partner, category="medical", description="Medicines", amount=Decimal("300"), currency="EUR"
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def approved_plan(draft_plan, world):
    """`draft_plan` submitted by Mamadou and approved by Marc."""
    from reintegration import actions_plans as plans

    plan = plans.submit_plan(draft_plan, by=world.partner)
    return plans.approve_plan(plan, by=world.team_leader)


@pytest.fixture
def proof_file():
    """A small receipt to attach, fresh for each use."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name="receipt.pdf"):
        return SimpleUploadedFile(name, b"%PDF-1.4 receipt", content_type="application/pdf")

    return make
