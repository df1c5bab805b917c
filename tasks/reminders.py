"""Reminder emails: each assignee (or, for an unassigned task, its office)
gets one email a day listing their tasks due today or overdue.

A Reminder row per task and day is written before the email is sent, in the
same transaction, and the email goes out on commit. The unique (task, day)
constraint makes an overlapping second run skip the tasks the first one
claimed. If sending fails after commit, that day's reminder is lost rather
than doubled: tomorrow's run tries again."""

import datetime
import logging
from collections import defaultdict

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from organisations.access import primary_office
from tasks.models import Reminder, Task

log = logging.getLogger(__name__)


def _recipient_key(task: Task) -> tuple:
    return ("user", task.assignee_id) if task.assignee_id else ("office", task.office_id)


def _recipient(task: Task) -> tuple[str, str]:
    """(email address, language) of who is reminded of `task`: the assignee
    in their office's language, else the task's office."""
    if task.assignee_id:
        office = primary_office(task.assignee) or task.office
        return task.assignee.email, office.default_language
    return task.office.email, task.office.default_language


def due_tasks(today: datetime.date):
    return (
        Task.objects.filter(done_at__isnull=True, due__lte=today)
        .exclude(reminders__sent_on=today)
        .select_related("office", "case", "assignee")
        .order_by("due", "pk")
    )


def _claim(task: Task, address: str, today: datetime.date) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(task=task, sent_to=address, sent_on=today)
    except IntegrityError:
        return False  # another run reminded of it today
    return True


def _send(address: str, language: str, tasks: list[Task], today: datetime.date) -> None:
    with override(language):
        subject = _("Retour: %(count)s task(s) due") % {"count": len(tasks)}
        body = render_to_string("tasks/reminder_email.txt", {"tasks": tasks, "today": today})
    send_mail(subject, body, None, [address])


def send_due_reminders(today: datetime.date) -> int:
    """Email everyone their due and overdue tasks not yet reminded of today;
    returns the number of emails queued."""
    groups: dict = defaultdict(list)
    meta = {}
    for task in due_tasks(today):
        key = _recipient_key(task)
        if key not in meta:
            meta[key] = _recipient(task)
        if not meta[key][0]:
            log.warning("No email address for the reminder of task %s", task.pk)
            continue
        groups[key].append(task)
    sent = 0
    for key, tasks in groups.items():
        address, language = meta[key]
        with transaction.atomic():
            claimed = [t for t in tasks if _claim(t, address, today)]
            if claimed:
                transaction.on_commit(
                    lambda a=address, lang=language, ts=claimed: _send(a, lang, ts, today), robust=True
                )
                sent += 1
    return sent
