"""Who may see and do what on a return case. Web views and the API both call
these; anything not granted here is denied."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from cases.models import Note, NoteVisibility, Referral, ReturnCase
from organisations.access import (
    READ_ONLY_ROLES,
    memberships_of,
    partner_agency_ids,
    roles_for_office,
    scope_q,
)
from organisations.models import Role

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

# What each kind of write needs: any one of these roles on the case.
EDIT_CASE = {C, TL, ADM}
RECORD_INTERVIEW = {C, TL, ADM}
RECORD_CONSENT = {C, TL, ADM}
ADD_NOTE = {C, TL, TO, ADM, PC}
UPLOAD = {C, TL, TO, ADM}
READ_AUDIT = {TL, ADM}
# Partners see what reintegration needs; never the asylum file, interviews or
# the sending office's notes.
SEE_ASYLUM_FILE = {C, TL, TO, ADM, AN}


def _live_referral_q(user, *, outer: bool = True) -> Q | None:
    """Cases with a live referral addressed to the user as a partner
    caseworker: to their agency when the referral names no partner office,
    else only to the caseworkers of that office. With outer=False, the filter
    on the referrals themselves."""
    partners = partner_agency_ids(user)
    if not partners:
        return None
    offices = {m.office_id for m in memberships_of(user) if m.role == PC}
    addressed = Q(partner__in=partners, status__in=Referral.LIVE) & (
        Q(partner_office__isnull=True) | Q(partner_office__in=offices)
    )
    if not outer:
        return addressed
    return Q(Exists(Referral.objects.filter(addressed, case=OuterRef("pk"))))


def visible_cases(user) -> QuerySet[ReturnCase]:
    q = scope_q(user, office_field="office")
    referral_q = _live_referral_q(user)
    if referral_q is not None:
        q = referral_q if q is None else q | referral_q
    if q is None:
        return ReturnCase.objects.none()
    return ReturnCase.objects.filter(q)


def case_roles(user, case: ReturnCase) -> set[str]:
    roles = roles_for_office(user, case.office)
    addressed = _live_referral_q(user, outer=False)
    if addressed is not None and case.referrals.filter(addressed).exists():
        roles.add(PC)
    return roles


def get_case_for_user(user, pk, *, write: bool = False) -> ReturnCase:
    """One case, or 404 when it is outside the user's scope (they cannot learn
    it exists); 403 on a write by a read-only role. The roles that gave access
    are kept on the case as `user_roles`."""
    try:
        case = ReturnCase.objects.select_related("office", "office__agency", "principal", "counsellor").get(pk=pk)
    except (ReturnCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    roles = case_roles(user, case)
    if not roles:
        raise Http404
    if write and roles <= READ_ONLY_ROLES:
        raise PermissionDenied
    case.user_roles = roles
    return case


def require(case: ReturnCase, needed: set[str]) -> None:
    """403 unless the user's roles on the case include one of `needed`."""
    if not (case.user_roles & needed):
        raise PermissionDenied


def can(case: ReturnCase, needed: set[str]) -> bool:
    return bool(case.user_roles & needed)


def visible_notes(user, case: ReturnCase) -> QuerySet[Note]:
    """Office notes to people covering the author's office; agency notes to
    anyone of that agency."""
    office_ids, agency_ids = set(), set()
    for m in memberships_of(user):
        agency_ids.add(m.office.agency_id)
        if m.role in {C, TL, TO, PC}:
            office_ids.add(m.office_id)
        elif m.role in {AN, ADM}:
            office_ids |= set(m.office.agency.offices.values_list("pk", flat=True))
    return case.notes.filter(
        Q(visibility=NoteVisibility.OFFICE, author_office__in=office_ids)
        | Q(visibility=NoteVisibility.AGENCY, author_office__agency__in=agency_ids)
    ).select_related("author", "author_office")
