import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from countries.question_tasks import QUESTION_TASK_DAYS, refresh_question_tasks


class Command(BaseCommand):
    help = (
        f"Make a task for the recipient office of every question to the country left unanswered for "
        f"{QUESTION_TASK_DAYS} days or more (RETOUR_COUNTRY_QUESTION_DAYS); never twice. Safe to run often."
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
        made = refresh_question_tasks(day)
        self.stdout.write(f"{len(made)} task(s) made for unanswered questions to the country.")
