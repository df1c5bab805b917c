"""Who may see and do what with retroactive registrations and return stories.

Retroactive registrations: a partner caseworker registers, from one of their
own offices; the sending office's team leaders (and the agency's
administrators) answer. Partners see their agency's registrations, the
sending agency's staff those of the offices they cover.

Stories: the partner caseworker of a case writes (role PC on the case, from a
live referral); the sending agency's team leader or administrator reviews and
publishes, never the author; the published stories, without names, can be
read by any signed-in staff of an agency."""

from django.db.models import Q, QuerySet

from organisations.access import memberships_of, partner_agency_ids, roles_for_office, scope_q
from organisations.models import AgencyKind, Office, Role
from reintegration.models import RetroactiveRegistration

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

# Retroactive registrations.
ANSWER_RETRO = {TL, ADM}
SEE_RETRO = {C, TL, ADM, AN}

# Stories, as roles on the case.
SEE_STORIES = {C, TL, ADM, AN, PC}
WRITE_STORY = {PC}
REVIEW_STORY = {TL, ADM}
# Recording the returnee's consent to a story: the partner who meets them,
# or the sending office as for any consent.
RECORD_STORY_CONSENT = {PC, C, TL, ADM}


def partner_offices(user) -> list[Office]:
    """The offices where the user is a partner caseworker."""
    seen, offices = set(), []
    for m in memberships_of(user):
        if m.role == PC and m.office_id not in seen:
            seen.add(m.office_id)
            offices.append(m.office)
    return offices


def may_register_retro(user) -> bool:
    return bool(partner_offices(user))


def sending_offices() -> QuerySet[Office]:
    """The offices a returnee may have been sent from: return agencies'."""
    return Office.objects.filter(agency__kind=AgencyKind.RETURN_AGENCY).select_related("agency")


def may_answer_retro(user, registration: RetroactiveRegistration) -> bool:
    return bool(roles_for_office(user, registration.case.office) & ANSWER_RETRO)


def is_agency_staff(user) -> bool:
    """Anyone signed in with a role in an agency (not an outsider)."""
    return bool(memberships_of(user))


def visible_registrations(user) -> QuerySet[RetroactiveRegistration]:
    """A partner's agency's registrations, and those of the sending offices
    the user covers."""
    q = None
    partners = partner_agency_ids(user)
    if partners:
        q = Q(partner_office__agency__in=partners)
    sending = scope_q(user, office_field="case__office", roles=SEE_RETRO)
    if sending is not None:
        q = sending if q is None else q | sending
    if q is None:
        return RetroactiveRegistration.objects.none()
    return RetroactiveRegistration.objects.filter(q)
