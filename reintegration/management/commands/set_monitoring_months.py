from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from eligibility.models import Programme
from reintegration.actions_monitoring import set_monitoring_months


class Command(BaseCommand):
    help = (
        "Set the months after arrival at which a programme's monitoring visits are due, e.g. "
        "`set_monitoring_months fedasil-return 3 6 12`. No months: back to RETOUR_MONITORING_MONTHS. "
        "Cases already scheduled keep their visits; missing ones are added when next scheduled."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="The programme's code.")
        parser.add_argument("months", nargs="*", type=int)

    def handle(self, *args, programme, months, **options):
        found = Programme.objects.filter(code=programme).first()
        if found is None:
            raise CommandError(f"No programme with the code {programme!r}.")
        try:
            set_monitoring_months(found, months)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        shown = ", ".join(str(m) for m in found.monitoring_months) or "the default"
        self.stdout.write(f"{found.code}: monitoring visits at {shown} months.")
