"""Every change to a task: one transaction, the change and its audit event."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from tasks.access import ASSIGNABLE
from tasks.models import MANUAL, Task

TASK_FIELDS = ["title", "details", "case", "office", "assignee", "due", "kind"]


def office_today(office) -> datetime.date:
    return timezone.localdate(timezone=ZoneInfo(office.timezone))


def assignable_staff(office):
    """The users a task of `office` may be given to: its staff."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__office=office, memberships__role__in=ASSIGNABLE)
        .distinct()
        .order_by("first_name", "username")
    )


def _check(*, office, case, assignee, due, title) -> None:
    if not title.strip():
        raise DomainError(_("Enter a title."), field="title")
    if due < office_today(office):
        raise DomainError(_("The due date cannot be in the past."), field="due")
    if case is not None and case.office_id != office.pk:
        raise DomainError(_("A task about a case belongs to the case's office."), field="case")
    if assignee is not None and not assignable_staff(office).filter(pk=assignee.pk).exists():
        raise DomainError(_("Choose someone who works in this office."), field="assignee")


@transaction.atomic
def create_task(*, by, office, title, due, case=None, assignee=None, details="") -> Task:
    _check(office=office, case=case, assignee=assignee, due=due, title=title)
    task = Task.objects.create(
        title=title.strip(),
        details=details,
        case=case,
        office=office,
        assignee=assignee,
        due=due,
        created_by=by,
        kind=MANUAL,
    )
    audit.record(by, "task.created", task, case_id=task.case_id, changes=audit.created(task, TASK_FIELDS))
    return task


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def complete_task(task: Task, *, by) -> Task:
    task = _lock(task)
    if task.done_at is not None:
        raise DomainError(_("This task is already done."))
    task.done_at = timezone.now()
    task.done_by = by
    task.save(update_fields=["done_at", "done_by"])
    audit.record(by, "task.completed", task, case_id=task.case_id, changes={"done_at": [None, task.done_at]})
    return task


@transaction.atomic
def reopen_task(task: Task, *, by) -> Task:
    task = _lock(task)
    if task.done_at is None:
        raise DomainError(_("This task is not done."))
    before = task.done_at
    task.done_at = None
    task.done_by = None
    task.save(update_fields=["done_at", "done_by"])
    audit.record(by, "task.reopened", task, case_id=task.case_id, changes={"done_at": [before, None]})
    return task


def ensure_auto_task(*, key, kind, office, case, title, due, assignee=None) -> tuple[Task, bool]:
    """The automatic task with `key`, made once: never twice, even when two
    runs race (the unique key decides), and not again once done."""
    existing = Task.objects.filter(auto_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            task = Task.objects.create(
                title=title,
                case=case,
                office=office,
                assignee=assignee,
                due=due,
                kind=kind,
                auto_key=key,
            )
            audit.record(None, "task.created", task, case_id=task.case_id, changes=audit.created(task, TASK_FIELDS))
    except IntegrityError:
        return Task.objects.get(auto_key=key), False
    return task, True
