"""manage.py find_duplicates: fill the duplicate review queue."""

import csv

from django.core.management.base import BaseCommand, CommandError

from people.actions_duplicates import find_duplicates
from people.models import Person, PersonImport


class Command(BaseCommand):
    help = (
        "Scan the registry for records that may describe the same person and fill the review queue that team "
        "leaders work at /people/duplicates/. Merged records are left out. Open pairs found again get the new "
        "score and reasons; pairs already decided (not the same person, merged) are never reopened. Running it "
        "twice changes nothing. With --import ID, only pairs involving the people of that import "
        "(manage.py import_people) are looked for, against the whole registry. The scores are the chance that a "
        "pair is one person given how many people the scanned records hold twice, which the scan estimates itself: "
        "a scan of one import and a scan of the whole registry can score the same pair differently. A scan of the "
        "whole registry stores its estimate, and the registration panel, the match API and the aid-only-once "
        "warning score with it from then on (within five minutes in other processes): run it regularly, and after "
        "a large import."
    )

    def add_arguments(self, parser):
        parser.add_argument("--import", dest="import_id", type=int, help="Only pairs touching this PersonImport.")
        parser.add_argument(
            "--min-score",
            type=int,
            help="Lowest score (0-100) of a pair worth reviewing; the matcher's default. Pairs whose comparison "
            "makes them no likelier one person than any two records are never listed, even with 0.",
        )
        parser.add_argument(
            "--csv",
            dest="csv_path",
            help="Also write the pairs found to this CSV file: first_id, first_name, second_id, second_name, "
            "score, reasons (in plain English). It holds names: keep it as safe as the registry.",
        )

    def handle(self, *args, import_id=None, min_score=None, csv_path=None, **options):
        person_import = None
        if import_id is not None:
            person_import = PersonImport.objects.filter(pk=import_id).first()
            if person_import is None:
                raise CommandError(f"--import {import_id}: no import with this id (see the people_personimport table).")
        if min_score is not None and not 0 <= min_score <= 100:
            raise CommandError(f"--min-score {min_score}: give a score between 0 and 100.")
        csv_file = None
        if csv_path:
            try:
                csv_file = open(csv_path, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise CommandError(f"--csv {csv_path}: cannot write the file ({exc.strerror}).") from None
        try:
            result = find_duplicates(person_import=person_import, min_score=min_score)
            if csv_file is not None:
                self.write_csv(csv_file, result.pairs)
        finally:
            if csv_file is not None:
                csv_file.close()
        scope = f" for import {import_id} ({person_import.file_name})" if person_import else ""
        t = result.timings
        self.stdout.write(
            f"Found {result.found} possible duplicate pairs{scope}: {result.new} new, {result.updated} updated, "
            f"in {result.seconds:.1f} s.\n"
        )
        self.stdout.write(
            f"{result.records} records read in {t['read']:.1f} s, compared in {t['compare']:.1f} s, "
            f"queue written in {t['write']:.1f} s.\n"
        )
        # The scores depend on this: the same agreement counts for less where
        # fewer people appear twice (people.matching.dedupe.estimate_prior).
        self.stdout.write(
            f"{result.compared} pairs compared; about 1 in {round(1 + 2**-result.prior):,} pairs of records "
            "is one person, as estimated from this scan.\n"
        )
        if person_import is None:
            self.stdout.write("Look-ups (registration panel, match API, aid only once) now score with this estimate.\n")
        if csv_path:
            self.stdout.write(f"Wrote {result.found} pairs to {csv_path}.\n")

    def write_csv(self, out, pairs) -> None:
        from django.utils import translation

        from people.matching.score import reasons_text

        ids = sorted({i for a, b, _s, _r in pairs for i in (a, b)})
        names = {}
        for start in range(0, len(ids), 5000):  # within SQLite's limit on query parameters
            chunk = ids[start : start + 5000]
            for person in Person.objects.filter(pk__in=chunk).only("pk", "given_name", "family_name"):
                names[person.pk] = person.full_name
        writer = csv.writer(out)
        writer.writerow(["first_id", "first_name", "second_id", "second_name", "score", "reasons"])
        with translation.override("en"):
            for a, b, score, reasons in pairs:
                writer.writerow([a, names.get(a, ""), b, names.get(b, ""), score, reasons_text(reasons)])
