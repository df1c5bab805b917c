from django.core.management.base import BaseCommand, CommandError

from eligibility.loader import RuleFileError, load_directory


class Command(BaseCommand):
    help = "Load the assistance rule files in eligibility/rules/ (all of them, or none when one is wrong)."

    def handle(self, *args, **options):
        try:
            versions = load_directory()
        except RuleFileError as exc:
            raise CommandError(str(exc)) from None
        for v in versions:
            self.stdout.write(f"  {v.programme.code:<16} {v.label:<14} {v.valid_from} → {v.valid_to or '…'}")
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(versions)} rule versions."))
