"""manage.py import_people FILE.csv --by USERNAME: people in bulk, all or
nothing (see people.importing). Progress on stderr; the outcome on stdout;
on bad rows the problems on stderr (and in full in --errors) and exit 1."""

import csv
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from organisations.models import Office
from people.import_check import MAX_REPORTED, check_file
from people.import_file import COLUMNS, ImportRefused, count_lines, unknown_columns
from people.importing import load_file


class Command(BaseCommand):
    help = (
        "Load people in bulk from a CSV file (UTF-8, with or without BOM; comma, semicolon or tab separated) with "
        f"the columns {', '.join(COLUMNS)}. The whole file is checked first; on any problem nothing is loaded and "
        "every problem is reported with its row (the header is row 1), column and cause. Otherwise everything is "
        "loaded in one transaction, indexed for identity matching, and recorded as one import (on SQLite, other "
        "writers wait while it loads). Then look for duplicates with find_duplicates --import ID; after a large "
        "import, scan the whole registry (find_duplicates) so that look-ups score at its new size."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv", help="The CSV file to load.")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="Who imports: recorded on every person.")
        parser.add_argument("--office", metavar="CODE", help="Office code for the rows whose office column is empty.")
        parser.add_argument(
            "--errors", metavar="REPORT.csv", help="Write every problem (row, column, problem) to this CSV file."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars (for scripts and CI).")

    def handle(self, *args, file, by, office=None, errors=None, no_progress=False, **options):
        started = time.monotonic()
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user with the username “%(username)s”.") % {"username": by})
        default_office = None
        if office:
            default_office = Office.objects.filter(code=office).first()
            if default_office is None:
                raise CommandError(_("No office has the code “%(code)s”.") % {"code": office})
        if errors:
            report = Path(errors)
            if report.exists() and report.resolve() == path.resolve():
                raise CommandError(_("--errors names the file to import: give another file for the report."))
            if not report.parent.is_dir():
                raise CommandError(_("No directory %(dir)s for the --errors report.") % {"dir": report.parent})
            report.unlink(missing_ok=True)  # no stale report from an earlier run

        try:
            ignored = unknown_columns(path)
            if ignored:
                self.stderr.write(_("Ignoring the column(s) %(columns)s.") % {"columns": ", ".join(ignored)})
            with self._bar(no_progress, _("Checking"), max(count_lines(path) - 1, 0)) as bar:
                checked = check_file(path, default_office=default_office, progress=bar.update)
            try:
                with self._bar(no_progress, _("Loading"), checked.rows) as bar:
                    result = load_file(path, checked, by=user, office=default_office, progress=bar.update)
            finally:
                checked.close()
        except ImportRefused as refused:
            self._report(refused, errors)
            raise CommandError(refused.message) from None

        seconds = time.monotonic() - started
        self.stdout.write(
            _("Imported %(n)d people from %(file)s (import #%(id)d).")
            % {"n": result.people, "file": path.name, "id": result.person_import.pk}
        )
        self.stdout.write(
            _("%(aliases)d other names, %(documents)d passports; %(seconds).1f s (%(rate)d rows per second).")
            % {
                "aliases": result.aliases,
                "documents": result.documents,
                "seconds": seconds,
                "rate": result.people / seconds if seconds else 0,
            }
        )
        self.stdout.write(
            _("Look for duplicates of these people with: manage.py find_duplicates --import %(id)d")
            % {"id": result.person_import.pk}
        )
        self.stdout.write(
            _(
                "After a large import, scan the whole registry with manage.py find_duplicates: look-ups then "
                "score at the registry's new size."
            )
        )

    def _bar(self, disabled: bool, label: str, total: int):
        return tqdm(total=total, desc=label, unit=" rows", file=sys.stderr, disable=disabled, mininterval=0.5)

    def _report(self, refused: ImportRefused, errors_path: str | None) -> None:
        problems = refused.problems
        for problem in problems[:MAX_REPORTED]:
            self.stderr.write(str(problem))
        if len(problems) > MAX_REPORTED:
            self.stderr.write(
                ngettext(
                    "… and %(n)d more problem%(where)s.",
                    "… and %(n)d more problems%(where)s.",
                    len(problems) - MAX_REPORTED,
                )
                % {
                    "n": len(problems) - MAX_REPORTED,
                    "where": _(" (all of them in %(path)s)") % {"path": errors_path} if errors_path else "",
                }
            )
        if errors_path:
            with open(errors_path, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["row", "column", "problem"])
                if problems:
                    writer.writerows((p.row, p.column, p.problem) for p in problems)
                else:
                    writer.writerow((0, "", refused.message))
