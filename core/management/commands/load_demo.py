"""manage.py load_demo: synthetic demo data for Retour (see core/demo)."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from cases.lifecycle import Status
from cases.models import ReturnCase
from core.demo.build import FULL_PLAN, SMALL_PLAN, DemoBuilder
from core.demo.exchanges import add_exchanges
from core.demo.guides import load_guides
from core.demo.organisations import DEMO_PASSWORD, DEMO_USERNAMES, OFFICES
from core.demo.screening import add_screenings
from eligibility.loader import RuleFileError, load_directory
from eligibility.models import Decision, DecisionStatus, RuleVersion, VersionStatus
from organisations.models import Agency, Membership, Office


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: Fedasil, OFII, IOM and Caritas with their offices, one login per persona "
        f"(password '{DEMO_PASSWORD}'), and {sum(FULL_PLAN.values())} return cases in every status, each walked "
        "through the real actions so the audit trail, case numbers and lifecycle guards are real (with the "
        "eligibility decisions they need: each package proposed and approved by two people). Loads the rule files "
        "of eligibility/rules/ first when no published rules are loaded yet (as load_rules does). The output is "
        "the same on every run (fixed random seed; dates are relative to today). Idempotent: everything is loaded "
        "in one transaction, and when the demo is already there (the 'fedasil' agency and every demo login "
        "exist) nothing is changed and the logins are printed again. To reload, start from an empty database. "
        "Refuses, changing nothing, when some demo usernames or office codes are already taken by other data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help=f"Load only {sum(SMALL_PLAN.values())} cases (still one in every status), for tests.",
        )

    def handle(self, *args, small: bool = False, **options):
        users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
        if Agency.objects.filter(code="fedasil").exists() and users.count() == len(DEMO_USERNAMES):
            self.stdout.write("The demo data is already loaded; nothing was changed.\n")
            self.print_summary()
            return
        self.check_conflicts(users)
        started = time.monotonic()
        with transaction.atomic():
            # The packages are computed by the rules: load them if nobody has
            # yet (manage.py load_rules does the same, and may run before or after).
            rules = 0
            if not RuleVersion.objects.filter(status=VersionStatus.PUBLISHED).exists():
                try:
                    rules = len(load_directory())
                except RuleFileError as exc:
                    raise CommandError(str(exc)) from None
            builder = DemoBuilder(small=small)
            builder.build_organisations()
            builder.build_cases()
            load_guides(builder)
            add_screenings(builder)
            add_exchanges(builder)
        if rules:
            self.stdout.write(f"Loaded the eligibility rules ({rules} versions).\n")
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo data ({'small' if small else 'full'} set).") + "\n")
        if options.get("verbosity", 1) >= 2:
            self.stdout.write(f"Took {time.monotonic() - started:.1f} s.\n")
        self.print_summary()

    def check_conflicts(self, users) -> None:
        taken = sorted(users.values_list("username", flat=True))
        if taken:
            raise CommandError(
                "These demo usernames already exist, but the demo data is not (fully) loaded: "
                f"{', '.join(taken)}. Load the demo into an empty database."
            )
        office_agency = {spec.code: spec.agency for spec in OFFICES}
        clashes = [
            f"{office.code} (belongs to {office.agency.code})"
            for office in Office.objects.filter(code__in=office_agency).select_related("agency")
            if office.agency.code != office_agency[office.code]
        ]
        if clashes:
            raise CommandError(f"These office codes are taken by another agency: {', '.join(clashes)}.")

    def print_summary(self) -> None:
        out = self.stdout
        memberships = (
            Membership.objects.filter(user__username__in=DEMO_USERNAMES)
            .select_related("user", "office", "office__agency")
            .order_by("pk")
        )
        rows = [
            (m.user.username, DEMO_PASSWORD, m.get_role_display(), f"{m.office.name} ({m.office.agency.name})")
            for m in memberships
        ]
        header = ("username", "password", "role", "office (agency)")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        line = "  ".join("-" * w for w in widths)
        out.write("\nDemo logins\n")
        for row in [header, None, *rows]:
            cells = line if row is None else "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True))
            out.write(cells.rstrip() + "\n")
        counts = dict(ReturnCase.objects.values_list("status").annotate(n=Count("pk")).order_by())
        labels = dict(Status.choices)
        width = max(len(str(label)) for label in labels.values())
        out.write("\nCases by status\n")
        for status in Status.values:
            out.write(f"{str(labels[status]).ljust(width)}  {counts.get(status, 0):>4}\n")
        out.write(f"{'Total'.ljust(width)}  {sum(counts.values()):>4}\n")
        decisions = dict(Decision.objects.values_list("status").annotate(n=Count("pk")).order_by())
        labels = dict(DecisionStatus.choices)
        by_status = ", ".join(f"{decisions.get(s, 0)} {str(labels[s]).lower()}" for s in DecisionStatus.values)
        out.write(f"\nEligibility decisions: {by_status} ({sum(decisions.values())} in all)\n")
