import datetime

from django.core.management.base import BaseCommand, CommandError

from reintegration.actions_partner import expire_due


class Command(BaseCommand):
    help = (
        "Reject the retroactive registrations the sending agency did not answer within 7 days (status "
        "expired; the case is closed). Safe to run every few minutes, and twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="The moment to act at, ISO 8601 with its UTC offset (default: now).")

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now: {now!r} is not an ISO 8601 date and time.") from None
            if moment.tzinfo is None:
                raise CommandError("--now: give the UTC offset, e.g. 2025-03-01T09:00:00+01:00.")
        expired = expire_due(moment)
        self.stdout.write(f"{len(expired)} retroactive registration(s) expired.")
