"""Who may see and do what on monitoring visits and the Reintegration
Sustainability Survey. The sending office reads; the partner records."""

from organisations.access import scope_q
from organisations.models import Role

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

# The monitoring page of a case: the sending office's staff and the partner.
SEE_MONITORING = {C, TL, TO, ADM, AN, PC}
# Recording a visit and its survey: the partner's caseworker only (with an
# accepted referral, checked by may_record()).
RECORD_VISIT = {PC}
# The sending office's list of cases with overdue visits.
SEE_OVERDUE = {C, TL, ADM, AN}


def may_record(user, case) -> bool:
    """A partner caseworker whose organisation accepted a referral of the case."""
    if PC not in getattr(case, "user_roles", set()):
        return False
    from reintegration.access_plans import partner_referral

    # Addressed to the user's office when the referral names one.
    return partner_referral(user, case) is not None


def overdue_scope(user):
    """A filter on ReturnCase.office for the overdue list, or None (403)."""
    return scope_q(user, office_field="office", roles=SEE_OVERDUE)
