"""Who may see and do what on a task. Anything not granted here is denied.

A task is seen by the people covering its office (office and agency roles, as
for cases), by its assignee, and by partner caseworkers of its own office."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from organisations.access import memberships_of, primary_office, roles_for_office, scope_q
from organisations.models import Role
from tasks.models import Task

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

# Any one of these roles on the task's office lets a user create, complete and
# reopen its tasks; an assignee may always complete and reopen their own.
WRITE_TASK = {C, TL, TO, ADM, PC}
# Staff who may be given a task of their office.
ASSIGNABLE = {C, TL, TO, ADM}
# Who sees the "overdue in my office(s)" page.
OVERSEE = {TL, ADM}


def _partner_office_ids(user) -> set[int]:
    return {m.office_id for m in memberships_of(user) if m.role == PC}


def office_roles(user, office) -> set[str]:
    """Roles the user holds on `office` for tasks (a partner only on their own)."""
    roles = roles_for_office(user, office)
    if office.pk in _partner_office_ids(user):
        roles.add(PC)
    return roles


def visible_tasks(user) -> QuerySet[Task]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Task.objects.none()
    q = Q(assignee=user)
    scope = scope_q(user, office_field="office")
    if scope is not None:
        q |= scope
    partner_offices = _partner_office_ids(user)
    if partner_offices:
        q |= Q(office__in=partner_offices)
    return Task.objects.filter(q)


def overseen_tasks(user) -> QuerySet[Task] | None:
    """Tasks of the offices the user leads (team leader, agency admin), or None."""
    scope = scope_q(user, office_field="office", roles=OVERSEE)
    return None if scope is None else Task.objects.filter(scope)


def get_task_for_user(user, pk, *, write: bool = False) -> Task:
    """One task, or 404 outside the user's reach; 403 on a write by a
    read-only role (an analyst)."""
    try:
        task = Task.objects.select_related("office", "office__agency", "case", "assignee").get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    mine = task.assignee_id is not None and task.assignee_id == user.pk
    roles = office_roles(user, task.office)
    if not roles and not mine:
        raise Http404
    if write and not mine and not (roles & WRITE_TASK):
        raise PermissionDenied
    return task


def may_create_in(user, office) -> bool:
    return bool(office_roles(user, office) & WRITE_TASK)


def offices_for_new_task(user) -> list:
    """The offices a user may create a task in without a case: their own."""
    return [m.office for m in memberships_of(user) if m.role in WRITE_TASK]


def today_for(user) -> datetime.date:
    """Today where the user works (their first office's time zone)."""
    office = primary_office(user)
    if office is None:
        return timezone.localdate()
    return timezone.localdate(timezone=ZoneInfo(office.timezone))
