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
