from django.core.management.base import BaseCommand

from reintegration.actions_monitoring import schedule_arrived


class Command(BaseCommand):
    help = (
        "Schedule the monitoring visits of every arrived case that has none yet (the automatic task refresh "
        "of send_reminders does it too). Safe to run again."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Visits scheduled for {schedule_arrived()} case(s).")
