"""Run a draft rule version over the cases opened in a period, next to the
published rules in force for each case: the same computation as the rules
page (eligibility.simulation), for periods too large for a web request.
Changes nothing; prints progress on stderr and the summary on stdout."""

import csv
import datetime
import zoneinfo
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.models import ReturnCase
from eligibility.models import RuleVersion, VersionStatus
from eligibility.simulation import CHUNK, CaseChange, Simulation, simulate
from organisations.models import Agency, Office

CSV_HEADER = [
    "case",
    "office",
    "nationality",
    "date",
    "version_before",
    "eligible_before",
    "total_before",
    "eligible_after",
    "total_after",
    "difference",
    "currency",
    "missing_facts_before",
    "missing_facts_after",
]


def _date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{value!r} is not a date: give it as YYYY-MM-DD.") from None


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


class Command(BaseCommand):
    help = (
        "Simulate a draft rule version over the cases opened in a period (both dates included), against the "
        "published version in force for each case. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--draft", type=int, required=True, metavar="ID", help="Id of the draft rule version.")
        parser.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="Last day, YYYY-MM-DD.")
        parser.add_argument(
            "--agency", metavar="CODE", help="Agency code; by default every agency that runs the draft's programme."
        )
        parser.add_argument(
            "--csv", dest="csv_path", metavar="PATH", help="Write the cases that change to this CSV file."
        )

    def handle(self, *args, draft, date_from, date_to, agency=None, csv_path=None, **options):
        date_from, date_to = _date(date_from), _date(date_to)
        if date_from > date_to:
            raise CommandError("--from is after --to.")
        version = RuleVersion.objects.select_related("programme").filter(pk=draft, status=VersionStatus.DRAFT).first()
        if version is None:
            raise CommandError(f"No draft rule version with id {draft}.")
        programme = version.programme
        if agency:
            if not Agency.objects.filter(code=agency).exists():
                raise CommandError(f"No agency with code {agency!r}.")
            if not programme.is_run_by(agency):
                raise CommandError(f"Agency {agency!r} does not run {programme.code}.")
            codes = [agency]
        else:
            codes = [a for a in Agency.objects.values_list("code", flat=True) if programme.is_run_by(a)]
            if not codes:
                raise CommandError(f"No agency runs {programme.code}.")
        # Periods are counted in the time zone of the agency's offices, as on
        # the rules page (the first office's, when they differ).
        office = Office.objects.filter(agency__code__in=codes).order_by("pk").first()
        if office is not None:
            timezone.activate(zoneinfo.ZoneInfo(office.timezone))
        cases = ReturnCase.objects.filter(office__agency__code__in=codes)

        self.stdout.write(
            f"Simulating {programme.code} draft {version.label} (id {version.pk}) for {', '.join(codes)}, "
            f"cases opened {date_from} to {date_to} ({timezone.get_current_timezone_name()})."
        )
        handle_csv = open(csv_path, "w", newline="", encoding="utf-8") if csv_path else None
        try:
            writer = csv.writer(handle_csv) if handle_csv else None
            if writer:
                writer.writerow(CSV_HEADER)
            currency = version.content["currency"]

            def write_row(change: CaseChange) -> None:
                if writer and change.changed:
                    writer.writerow(
                        [
                            change.number,
                            change.office,
                            change.nationality,
                            change.date.isoformat(),
                            change.before_version or "",
                            _yes_no(change.before_eligible),
                            f"{change.before_total:.2f}",
                            _yes_no(change.after_eligible),
                            f"{change.after_total:.2f}",
                            f"{change.difference:.2f}",
                            currency,
                            " ".join(change.before_missing),
                            " ".join(change.after_missing),
                        ]
                    )

            sim = simulate(
                version,
                cases,
                date_from=date_from,
                date_to=date_to,
                progress=self._progress,
                every=CHUNK,
                on_case=write_row,
            )
        finally:
            if handle_csv:
                handle_csv.close()
        self._summary(sim)
        if csv_path:
            self.stdout.write(f"Wrote the {sim.changed} changed cases to {csv_path}.")

    def _progress(self, done: int, total: int) -> None:
        share = f" ({done * 100 // total}%)" if total else ""
        self.stderr.write(f"  {done:,}/{total:,} cases{share}")

    def _summary(self, sim: Simulation) -> None:
        cur = sim.currency
        out = self.stdout.write
        out(f"Cases evaluated: {sim.evaluated}")
        out(f"Cases that change: {sim.changed} (eligibility changes: {sim.eligibility_changed})")
        out(f"Eligible: {sim.total.count_before} before, {sim.total.count_after} after")
        out(
            f"Total budget: {_money(sim.total.before, cur)} before, {_money(sim.total.after, cur)} after "
            f"({_money(sim.total.difference, cur)})"
        )
        if sim.without_published_rules:
            out(f"Cases with no published rules in force on their date: {sim.without_published_rules}")
        if sim.incomplete_before or sim.incomplete_after:
            out(
                f"Cases missing facts the rules need: {sim.incomplete_before} before, {sim.incomplete_after} "
                "after (their totals are partial)"
            )
        if sim.other_currency:
            out(self.style.WARNING("Some published versions use another currency than the draft."))
        if sim.outside_draft_validity:
            out(self.style.WARNING("The period reaches outside the dates the draft is valid for."))
        out("\nBy component:")
        for line in sim.components:
            out(f"  {line.key:<28} {_money(line.before, cur):>16} {_money(line.after, cur):>16}")
        out("\nBy nationality:")
        for line in sim.nationalities:
            out(
                f"  {line.key or '??':<4} {line.cases:>6} cases {_money(line.before, cur):>16} "
                f"{_money(line.after, cur):>16}"
            )
        if sim.top:
            out("\nCases that change most:")
            for change in sim.top:
                out(
                    f"  {change.number:<22} {_money(change.before_total, cur):>14} → "
                    f"{_money(change.after_total, cur):>14}  eligible {_yes_no(change.before_eligible)} → "
                    f"{_yes_no(change.after_eligible)}"
                )
