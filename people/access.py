"""Who may see and change a person's record: people registered by an office
in the user's scope, and the members of cases the user can see. A record
merged into another one (Person.merged_into) is left out of every list and
search; its page redirects to the record kept."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from cases.access import case_roles, visible_cases
from cases.models import CaseMember, ReturnCase
from organisations.access import READ_ONLY_ROLES, roles_for_office, roles_of, scope_q
from organisations.models import Role
from people.models import DuplicatePair, Person, Vulnerability, VulnerabilityKind

EDIT_PERSON = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER, Role.AGENCY_ADMIN}
# Working the duplicate queue (not the same person, merge, undo a merge).
REVIEW_DUPLICATES = {Role.TEAM_LEADER, Role.AGENCY_ADMIN}


# Trafficking and gender-based violence are for the people who counsel the
# person. Anyone else who may read the record (a travel officer, an analyst)
# learns that a protection need is recorded, not which nor its details:
# enough to ask the counsellor before a departure. Partners never see them
# (reintegration.access_referrals.PARTNER_VULNERABILITIES).
PROTECTION_KINDS = frozenset({VulnerabilityKind.TRAFFICKING, VulnerabilityKind.GBV})
SEE_PROTECTION = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.AGENCY_ADMIN}


def shown_vulnerabilities(person: Person, roles: set[str]) -> tuple[list[Vulnerability], int]:
    """The person's vulnerabilities these roles may read, and how many
    protection needs are held back from them."""
    recorded = list(person.vulnerabilities.all())
    if roles & SEE_PROTECTION:
        return recorded, 0
    shown = [v for v in recorded if v.kind not in PROTECTION_KINDS]
    return shown, len(recorded) - len(shown)


def in_visible_case(user) -> Exists:
    """For a Person query: the person is a member of a case the user can see."""
    return Exists(CaseMember.objects.filter(person=OuterRef("pk"), case__in=visible_cases(user).values("pk")))


def visible_people(user) -> QuerySet[Person]:
    via_case = Q(in_visible_case(user))
    q = scope_q(user, office_field="registered_by_office")
    return Person.objects.filter(via_case if q is None else q | via_case).filter(merged_into__isnull=True)


def person_roles(user, person: Person) -> set[str]:
    roles = roles_for_office(user, person.registered_by_office)
    for member in person.case_memberships.select_related("case__office"):
        roles |= case_roles(user, member.case)
    return roles


def may_edit(roles: set[str]) -> bool:
    return bool(roles & EDIT_PERSON) and not roles <= READ_ONLY_ROLES


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    """One person, merged records included (their page redirects to the
    record kept); 404 outside the user's scope, 403 on a write without an
    editing role or to a merged record."""
    try:
        person = Person.objects.select_related("registered_by_office__agency").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    roles = person_roles(user, person)
    if not roles:
        raise Http404
    if write and (not may_edit(roles) or person.merged_into_id):
        # A merged record is kept only so that the merge can be undone:
        # changes go to the record kept.
        raise PermissionDenied
    person.user_roles = roles
    return person


# --- the duplicate queue --------------------------------------------------------


def reviews_duplicates(user) -> bool:
    """Whether the user works a duplicate queue at all (team leaders and
    agency administrators)."""
    return bool(roles_of(user) & REVIEW_DUPLICATES)


def reviewable_people(user, *, include_merged: bool = False) -> QuerySet[Person]:
    """The people whose duplicates the user may decide on: registered by an
    office their team-leader or agency-administrator role covers, or member
    of a case in such an office. These roles see and edit every record in
    that scope, so the set is both visible and editable to them."""
    office_q = scope_q(user, office_field="registered_by_office", roles=REVIEW_DUPLICATES)
    if office_q is None:
        return Person.objects.none()
    case_q = scope_q(user, office_field="office", roles=REVIEW_DUPLICATES)
    in_case = Q(Exists(CaseMember.objects.filter(person=OuterRef("pk"), case__in=ReturnCase.objects.filter(case_q))))
    people = Person.objects.filter(office_q | in_case)
    return people if include_merged else people.filter(merged_into__isnull=True)


def review_roles(user, person: Person) -> set[str]:
    """The user's roles on `person` that allow deciding on its duplicates."""
    return person_roles(user, person) & REVIEW_DUPLICATES


def may_review_pair(user, first: Person, second: Person) -> bool:
    """Both records in the user's review scope, both editable, and of the
    same agency: records of two agencies are decided by neither alone."""
    if first.registered_by_office.agency_id != second.registered_by_office.agency_id:
        return False
    for person in (first, second):
        roles = person_roles(user, person)
        if not roles & REVIEW_DUPLICATES or not may_edit(roles):
            return False
    return True


def _in_review_scope(user, person_field: str) -> Q:
    """A filter on the person at `person_field` (of DuplicatePair): in the
    user's review scope, as reviewable_people says, written on the pair's
    own joins so that the database checks each pair once instead of building
    the set of reviewable people (slow on a large registry)."""
    office_q = scope_q(user, office_field=f"{person_field}__registered_by_office", roles=REVIEW_DUPLICATES)
    case_q = scope_q(user, office_field="case__office", roles=REVIEW_DUPLICATES)
    if office_q is None or case_q is None:
        return Q(pk__in=[])
    return office_q | Q(Exists(CaseMember.objects.filter(case_q, person=OuterRef(person_field))))


def visible_pairs(user) -> QuerySet[DuplicatePair]:
    """The pairs of the user's queue: both people reviewable by the user and
    registered by offices of the same agency. Pairs involving another agency's
    records are worked there."""
    if not reviews_duplicates(user):
        return DuplicatePair.objects.none()
    return DuplicatePair.objects.filter(
        _in_review_scope(user, "first"),
        _in_review_scope(user, "second"),
        first__registered_by_office__agency=F("second__registered_by_office__agency"),
    )


def get_pair_for_user(user, pk) -> DuplicatePair:
    """One pair of the user's queue: 403 for users who work no queue, 404 for
    a pair outside their scope (they cannot learn it exists)."""
    if not reviews_duplicates(user):
        raise PermissionDenied
    try:
        pair = (
            visible_pairs(user)
            .select_related("first__registered_by_office__agency", "second__registered_by_office__agency")
            .get(pk=pk)
        )
    except (DuplicatePair.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return pair
