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
