"""Tasks with a due date, used by every module: made by hand or by an
automatic rule (tasks.rules), reminded by email (send_reminders)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MANUAL = "manual"


class Task(models.Model):
    title = models.CharField(_("title"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    case = models.ForeignKey(
        "cases.ReturnCase",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("case"),
    )
    # The office the task belongs to (the case's by default); an unassigned
    # task is the whole office's.
    office = models.ForeignKey(
        "organisations.Office", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("office")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    due = models.DateField(_("due date"), db_index=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # "manual", or the code of the automatic rule that made it.
    kind = models.CharField(_("kind"), max_length=40, default=MANUAL, db_index=True)
    # Set on automatic tasks only, so that a rule never makes the same task twice.
    auto_key = models.CharField(max_length=120, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["assignee", "done_at", "due"]),
            models.Index(fields=["office", "done_at", "due"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def display_title(self) -> str:
        """An automatic task's title in the reader's language; a manual one as typed."""
        from tasks.rules import title_for

        return title_for(self.kind) or self.title


class Reminder(models.Model):
    """One reminder email about a task on one day. The unique constraint is
    what stops two overlapping runs of send_reminders from sending twice."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    sent_to = models.EmailField()
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "sent_on"], name="unique_task_reminder_per_day")]
