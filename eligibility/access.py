"""Who may see and decide a case's assistance package. Built on cases.access:
the case is reached through get_case_for_user (404 outside its scope), then
the roles it gave on the case decide the rest."""

from django.http import Http404

from cases.access import EDIT_CASE, get_case_for_user, require
from eligibility.models import Decision, Programme
from organisations.models import Role

# The package is part of the asylum-side file: never shown to a partner.
SEE_ELIGIBILITY = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER, Role.AGENCY_ADMIN, Role.ANALYST}
PROPOSE_DECISION = set(EDIT_CASE)
# Four eyes: a second person, a team leader or an agency administrator of the
# case's office, approves or sends back; never the one who proposed.
DECIDE = {Role.TEAM_LEADER, Role.AGENCY_ADMIN}


def programmes_for_case(case) -> list[Programme]:
    """The programmes run by the agency of the case's office: those its
    counsellors can offer, whoever looks at the case."""
    agency = case.office.agency.code
    return [p for p in Programme.objects.all() if p.is_run_by(agency)]


def get_eligibility_case(user, pk, *, write: bool = False):
    """The case, if the user may see its package (and, with write, is not
    read-only): 404 outside the case's scope, 403 for partners and analysts' writes."""
    case = get_case_for_user(user, pk, write=write)
    require(case, SEE_ELIGIBILITY)
    return case


def get_decision_for_user(user, case_pk, pk, *, write: bool = False) -> Decision:
    case = get_eligibility_case(user, case_pk, write=write)
    try:
        decision = Decision.objects.select_related("rule_version__programme", "proposed_by", "decided_by").get(
            pk=pk, case=case
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    decision.case = case  # keeps user_roles
    return decision


def decisions_awaiting(user):
    """Proposed packages this user may approve or send back: in offices where
    they decide, proposed by someone else."""
    from eligibility.models import DecisionStatus
    from organisations.access import scope_q

    q = scope_q(user, office_field="case__office", roles=DECIDE)
    if q is None:
        return Decision.objects.none()
    return (
        Decision.objects.filter(q, status=DecisionStatus.PROPOSED)
        .exclude(proposed_by=user)
        .select_related("case__principal", "rule_version__programme", "proposed_by")
        .order_by("proposed_at")
    )
