"""Who may see and change a person's record: people registered by an office
in the user's scope, and the members of cases the user can see."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from cases.access import case_roles, visible_cases
from cases.models import CaseMember
from organisations.access import READ_ONLY_ROLES, roles_for_office, scope_q
from organisations.models import Role
from people.models import Person

EDIT_PERSON = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER, Role.AGENCY_ADMIN}


def visible_people(user) -> QuerySet[Person]:
    in_visible_case = Q(
        Exists(CaseMember.objects.filter(person=OuterRef("pk"), case__in=visible_cases(user).values("pk")))
    )
    q = scope_q(user, office_field="registered_by_office")
    return Person.objects.filter(in_visible_case if q is None else q | in_visible_case)


def person_roles(user, person: Person) -> set[str]:
    roles = roles_for_office(user, person.registered_by_office)
    for member in person.case_memberships.select_related("case__office"):
        roles |= case_roles(user, member.case)
    return roles


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    try:
        person = Person.objects.select_related("registered_by_office__agency").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    roles = person_roles(user, person)
    if not roles:
        raise Http404
    if write and (roles <= READ_ONLY_ROLES or not roles & EDIT_PERSON):
        raise PermissionDenied
    person.user_roles = roles
    return person
