import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from countries.question_tasks import refresh_question_tasks
from tasks.reminders import send_due_reminders
from tasks.rules import refresh_auto_tasks


class Command(BaseCommand):
    help = (
        "Make the automatic tasks, then email each assignee their tasks due today or overdue "
        "(once a day per task). Safe to run every few minutes, and twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="The day to act as, YYYY-MM-DD (default: today).")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: {today!r} is not a date in the form YYYY-MM-DD.") from None
        else:
            day = timezone.localdate()
        made = refresh_auto_tasks(day)
        made += refresh_question_tasks(day)
        sent = send_due_reminders(day)
        self.stdout.write(f"{len(made)} automatic task(s) made, {sent} reminder email(s) sent.")
