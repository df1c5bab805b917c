"""Who may see and do what on a case's reintegration plan, its purchases in
kind and the partners' exchange rates.

The partner caseworker drafts the plan and records the purchases, but only
through an ACCEPTED referral (a pending one lets them look, not write). The
sending office approves or sends back: team leaders and agency
administrators only, and never the person who drafted the version (four
eyes). Partners never approve."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from cases.access import case_roles, visible_cases
from cases.models import Referral, ReferralStatus
from organisations.access import memberships_of, partner_agency_ids
from organisations.models import Agency, Role

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

SEE_PLAN = {C, TL, TO, ADM, AN, PC}
DRAFT_PLAN = {PC}
APPROVE_PLAN = {TL, ADM}
RECORD_DISBURSEMENT = {PC}
# Roles of the sending side that may read a partner's rate table.
READ_RATES = {C, TL, TO, ADM, AN}


def partner_referral(user, case) -> Referral | None:
    """The accepted referral of `case` to one of the user's partner
    organisations, the latest first; None when there is none."""
    partners = partner_agency_ids(user)
    if not partners:
        return None
    offices = {m.office_id for m in memberships_of(user) if m.role == PC}
    return (
        case.referrals.filter(partner__in=partners, status=ReferralStatus.ACCEPTED)
        .filter(Q(partner_office__isnull=True) | Q(partner_office__in=offices))
        .select_related("partner")
        .order_by("-decided_at", "-pk")
        .first()
    )


def require_partner_writer(user, case) -> Referral:
    """403 unless the user is a partner caseworker on the case through an
    accepted referral; the referral otherwise."""
    if PC not in (getattr(case, "user_roles", None) or set()):
        raise PermissionDenied
    referral = partner_referral(user, case)
    if referral is None:
        raise PermissionDenied
    return referral


def may_approve(user, case) -> bool:
    return bool(case_roles(user, case) & APPROVE_PLAN)


def rate_agencies_writable(user) -> list[Agency]:
    """The partner organisations whose rate table the user fills."""
    ids = partner_agency_ids(user)
    return list(Agency.objects.filter(pk__in=ids).order_by("name")) if ids else []


def rate_agencies_readable(user) -> list[Agency]:
    """Their own partner organisations, and for the sending side the partners
    that cases they can see were referred to (any status: the rates of past
    purchases stay readable)."""
    ids = set(partner_agency_ids(user))
    if any(m.role in READ_RATES for m in memberships_of(user)):
        ids |= set(
            Referral.objects.filter(case__in=visible_cases(user).filter(Q(referrals__isnull=False))).values_list(
                "partner_id", flat=True
            )
        )
    return list(Agency.objects.filter(pk__in=ids).order_by("name")) if ids else []


def may_see_rates(user) -> bool:
    return any(m.role in READ_RATES | {PC} for m in memberships_of(user))
