"""A question to the country left unanswered for QUESTION_TASK_DAYS days
becomes a task of the office it was asked to, on the list of one of its
caseworkers (the one who answered last, else the first).

Not a rule of tasks.rules: a rule's task always carries its case, and the
task list shows the case's number and principal's name to everyone who sees
the task, while the recipient office may have no right to the case (a
partner without a referral). These tasks carry no case; their title names
the question and where it came from. `refresh_question_tasks(today)` is run
by `manage.py country_question_tasks` (and, once the lead wires it in, by
send_reminders next to refresh_auto_tasks). Answering the question completes
its task (countries.actions.answer_question)."""

import datetime

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from countries.models import CountryQuestion, QuestionStatus
from tasks.actions import ensure_auto_task
from tasks.models import Task

KIND = "country-question-unanswered"
# After how many days without an answer (RETOUR_COUNTRY_QUESTION_DAYS, if set).
QUESTION_TASK_DAYS = getattr(settings, "RETOUR_COUNTRY_QUESTION_DAYS", 5)
TITLE = _("Answer question %(number)s from %(office)s (asked %(days)d days ago)")


def _answerer(office):
    """Who gets the task, so that it is on someone's own list: the office's
    caseworker who answered a question last, else its first caseworker."""
    from countries.actions import _recipients

    staff = list(_recipients(office))
    if not staff:
        return None
    last = (
        CountryQuestion.objects.filter(to_office=office, answered_by__in=staff)
        .order_by("-answered_at")
        .values_list("answered_by", flat=True)
        .first()
    )
    return next((u for u in staff if u.pk == last), staff[0])


def task_key(question: CountryQuestion) -> str:
    return f"{KIND}:{question.pk}"


def refresh_question_tasks(today: datetime.date, *, days: int | None = None) -> list[Task]:
    """One task per open question asked `days` or more days before `today`,
    for the office it was asked to; never twice. Returns the new tasks."""
    days = QUESTION_TASK_DAYS if days is None else days
    cutoff = datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.max, tzinfo=datetime.UTC)
    questions = list(
        CountryQuestion.objects.filter(status=QuestionStatus.OPEN, asked_at__lte=cutoff)
        .exclude(Exists(Task.objects.filter(auto_key=Concat(Value(f"{KIND}:"), Cast(OuterRef("pk"), CharField())))))
        .select_related("to_office", "asked_from")
        .order_by("pk")
    )
    made = []
    for question in questions:
        with override(question.to_office.default_language):
            title = str(TITLE) % {
                "number": f"Q{question.pk}",
                "office": question.asked_from.name,
                "days": (today - question.asked_at.date()).days,
            }
        task, created = ensure_auto_task(
            key=task_key(question),
            kind=KIND,
            office=question.to_office,
            case=None,
            title=title[:200],
            due=today,
            assignee=_answerer(question.to_office),
        )
        if created:
            made.append(task)
    return made
