"""Loading people in bulk from a CSV file (manage.py import_people).

1. check (check_file): the file is read once, streamed; every row is parsed
   and validated, the external ids are compared with each other and with
   earlier imports, and the typed rows are spooled to a temporary file.
   Nothing is written to the database. Any problem refuses the whole file,
   with a report naming row, column and problem.
2. load (load_file): in one transaction, the spooled rows are written in
   batches (people, their other names, their passports, their match profiles
   and keys, as people.matching.index computes them). One PersonImport row
   and one audit event stand for the whole import. Anything failing rolls
   the whole import back: all or nothing.

Names are kept as typed (only surrounding spaces are dropped), in any script.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import pickle
import re
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from rest_framework import serializers

from core import audit
from core.bulk import BulkInserter
from core.names import normalise_document_number, normalise_name
from organisations.models import Office
from people.api import parse_partial_date
from people.matching.index import bulk_index, profile_for
from people.models import (
    Alias,
    AliasKind,
    DobPrecision,
    DocumentType,
    IdentityDocument,
    MatchKey,
    MatchProfile,
    Person,
    PersonImport,
    Sex,
)

COLUMNS = (
    "external_id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "date_of_birth",
    "dob_precision",
    "nationality",
    "document_number",
    "phone",
    "office",
)
# Rows spooled, then written, per round (one executemany or COPY a table).
BATCH = 2000
# Lengths of the model fields the values go to.
MAX_NAME = Person._meta.get_field("given_name").max_length
MAX_ALIAS = Alias._meta.get_field("name").max_length
MAX_EXTERNAL_ID = Person._meta.get_field("external_id").max_length
MAX_DOCUMENT = IdentityDocument._meta.get_field("number").max_length
MAX_PHONE = Person._meta.get_field("phone").max_length
# ITU E.164: at most 15 digits; fewer than 6 is no reachable number anywhere.
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15
MAX_REPORTED = 50

_SEXES = {s.value for s in Sex}
_PRECISIONS = {p.value for p in DobPrecision}
_FORMAT_OF_PRECISION = {DobPrecision.YEAR: "YYYY", DobPrecision.YEAR_MONTH: "YYYY-MM", DobPrecision.FULL: "YYYY-MM-DD"}
_OTHER_NAMES_SPLIT = re.compile(r"[;,]")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


class Problem(NamedTuple):
    """One problem of the file: `row` as a spreadsheet numbers it (the header
    is row 1; 0 for the file as a whole), the column at fault ("" for the
    whole row), and what is wrong, in plain words."""

    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        if not self.row:
            return self.problem
        if not self.column:
            return _("Row %(row)d: %(problem)s") % {"row": self.row, "problem": self.problem}
        return _("Row %(row)d, %(column)s: %(problem)s") % {
            "row": self.row,
            "column": self.column,
            "problem": self.problem,
        }


class ImportRefused(Exception):
    """The file cannot be imported; nothing was written. `problems` lists
    every problem found, in file order."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class CleanRow(NamedTuple):
    """A valid row, with typed values ready for the models."""

    row: int
    external_id: str
    given_name: str
    family_name: str
    other_names: tuple[str, ...]
    sex: str
    date_of_birth: datetime.date | None
    dob_precision: str
    nationality: str
    document_number: str
    phone: str
    office_id: int


@dataclass
class Checked:
    """What the check pass learnt about a file without problems, and its
    rows, checked and typed, spooled to a temporary file: the load writes
    exactly what was checked (even if the file changes in between) without
    parsing it again, and a million rows never sit in memory."""

    sha256: str
    rows: int
    per_office: Counter = field(default_factory=Counter)
    # external id -> (row, office id), for the check against earlier imports
    # that is made again inside the loading transaction.
    seen: dict[str, tuple[int, int | None]] = field(default_factory=dict, repr=False)
    spool: IO[bytes] | None = field(default=None, repr=False)

    def batches(self) -> Iterator[list[CleanRow]]:
        self.spool.seek(0)
        while True:
            try:
                yield pickle.load(self.spool)
            except EOFError:
                return

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()


@dataclass
class ImportResult:
    person_import: PersonImport
    people: int
    aliases: int
    documents: int
    seconds: float


# --- Reading the file ------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """A binary file that computes the SHA-256 of what is read through it, so
    that hashing costs no extra pass."""

    def __init__(self, raw):
        self.raw = raw
        self.hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.hash.update(memoryview(buffer)[:n])
        return n


def count_lines(path: Path) -> int:
    """Lines of the file (a fast binary count, for the progress bar)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _first_bad_line(path: Path) -> int:
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def _delimiter(header_line: str) -> str:
    """Comma, or semicolon or tab where the header uses those instead (as
    spreadsheets in many European locales save "CSV")."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


@contextmanager
def _open_rows(path: Path):
    """(hasher, rows): rows as _rows yields them; hasher.hash is the file's
    SHA-256 once the rows are consumed. Raises ImportRefused for a file that
    is not UTF-8 or lacks columns."""
    with open(path, "rb") as raw:
        hasher = _HashingReader(raw)
        text = io.TextIOWrapper(io.BufferedReader(hasher, 1 << 20), encoding="utf-8-sig", newline="")
        try:
            yield hasher, _rows(text)
        except UnicodeDecodeError:
            line = _first_bad_line(path)
            raise ImportRefused(
                _("The file is not UTF-8 text (line %(line)d): save it as “CSV UTF-8” and try again.") % {"line": line}
            ) from None


def _rows(text: io.TextIOWrapper) -> Iterator[tuple[int, list[str] | None, int | None, int | None]]:
    """(row number, cells in COLUMNS order, None, None) for each row after
    the header, blank ones left out; (row number, None, cells, header cells)
    for a row with another number of cells than the header."""
    first = text.readline()
    if not first.strip():
        raise ImportRefused(_("The file is empty: it needs a header row naming the columns."))
    delimiter = _delimiter(first)
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            _("The header row lacks the column(s) %(missing)s; the columns are: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
    doubled = sorted(c for c, n in Counter(header).items() if n > 1 and c in COLUMNS)
    if doubled:
        raise ImportRefused(_("The header row names %(columns)s twice.") % {"columns": ", ".join(doubled)})
    positions = [header.index(c) for c in COLUMNS]
    width = len(header)
    reader = csv.reader(text, delimiter=delimiter)
    number = 1
    try:
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue  # a blank line
            if len(cells) != width:
                yield number, None, len(cells), width
                continue
            yield number, [cells[i] for i in positions], None, None
    except csv.Error as exc:
        raise ImportRefused(
            _("Row %(row)d cannot be read as CSV (%(error)s).") % {"row": number + 1, "error": exc}
        ) from None


def unknown_columns(path: Path) -> list[str]:
    """Columns of the header that the import ignores."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        first = f.readline()
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=_delimiter(first)), [])]
    return [h for h in header if h and h not in COLUMNS]


# --- Checking one row ------------------------------------------------------------


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _check_name(value: str, column: str, limit: int, problems: list, row: int, *, required: bool) -> None:
    if not value:
        if required:
            problems.append(Problem(row, column, _("This name is required.")))
        return
    if len(value) > limit:
        problems.append(
            Problem(
                row, column, _("Too long: at most %(limit)d characters, not %(n)d.") % {"limit": limit, "n": len(value)}
            )
        )
    if _has_control(value):
        problems.append(Problem(row, column, _("Contains a line break or another control character.")))
    elif not any(ch.isalpha() for ch in value):
        problems.append(Problem(row, column, _("Contains no letter.")))


def split_other_names(text: str) -> tuple[str, ...]:
    """ "Mohamed Diallo; Mamadou D." -> ("Mohamed Diallo", "Mamadou D."), as
    typed, without duplicates."""
    return tuple(dict.fromkeys(n.strip() for n in _OTHER_NAMES_SPLIT.split(text) if n.strip()))


def _parse_date(text: str) -> tuple[datetime.date | None, str]:
    """(date, precision) as the API reads it, or (None, the problem)."""
    try:
        return parse_partial_date(text)
    except serializers.ValidationError as exc:
        return None, str(exc.detail[0])


class RowChecker:
    """Validates rows; built once per file (the offices and countries are read
    once)."""

    def __init__(self, default_office: Office | None = None):
        self.offices = dict(Office.objects.values_list("code", "pk"))
        self.offices_upper = {code.upper(): pk for code, pk in self.offices.items()}
        self.default_office_id = default_office.pk if default_office else None
        self.countries = {c.code for c in countries}
        # A million rows hold a few ten thousand distinct dates.
        self._parse_date = functools.lru_cache(maxsize=100_000)(_parse_date)

    def check(self, row: int, cells: list[str]) -> tuple[CleanRow | None, list[Problem]]:
        problems: list[Problem] = []
        (external_id, given, family, other, sex, dob, precision, nationality, document, phone, office) = (
            c.strip() for c in cells
        )

        if not external_id:
            problems.append(Problem(row, "external_id", _("The identifier in the source file is required.")))
        elif len(external_id) > MAX_EXTERNAL_ID:
            problems.append(
                Problem(row, "external_id", _("Too long: at most %(limit)d characters.") % {"limit": MAX_EXTERNAL_ID})
            )
        elif _has_control(external_id):
            problems.append(Problem(row, "external_id", _("Contains a line break or another control character.")))

        _check_name(given, "given_name", MAX_NAME, problems, row, required=True)
        _check_name(family, "family_name", MAX_NAME, problems, row, required=True)
        others = split_other_names(other)
        for name in others:
            _check_name(name, "other_names", MAX_ALIAS, problems, row, required=False)

        sex = sex.lower() or Sex.UNKNOWN
        if sex not in _SEXES:
            problems.append(
                Problem(
                    row,
                    "sex",
                    _("“%(value)s” is not one of female, male, other, unknown (or empty).")
                    % {"value": cells[4].strip()},
                )
            )

        date_of_birth, precision = self._check_date(row, dob, precision.lower(), problems)

        nationality = nationality.upper()
        if nationality and nationality not in self.countries:
            problems.append(
                Problem(
                    row,
                    "nationality",
                    _("“%(value)s” is not an ISO 3166 two-letter country code (such as GN, AF, UA).")
                    % {"value": cells[7].strip()},
                )
            )

        if document:
            if len(document) > MAX_DOCUMENT:
                problems.append(
                    Problem(
                        row, "document_number", _("Too long: at most %(limit)d characters.") % {"limit": MAX_DOCUMENT}
                    )
                )
            elif not normalise_document_number(document):
                problems.append(Problem(row, "document_number", _("Contains no letter or digit.")))
            if not nationality:
                problems.append(
                    Problem(
                        row,
                        "document_number",
                        _("A passport number needs the nationality, the country that issued the passport."),
                    )
                )

        if phone:
            digits = sum(ch.isdigit() for ch in phone)
            if len(phone) > MAX_PHONE or not _PHONE.match(phone):
                problems.append(
                    Problem(row, "phone", _("Not a phone number: use digits, spaces and + ( ) - . / only."))
                )
            elif not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
                problems.append(
                    Problem(
                        row,
                        "phone",
                        _("A phone number has %(min)d to %(max)d digits, not %(n)d.")
                        % {"min": MIN_PHONE_DIGITS, "max": MAX_PHONE_DIGITS, "n": digits},
                    )
                )

        office_id = self.default_office_id
        if office:
            office_id = self.offices.get(office) or self.offices_upper.get(office.upper())
            if office_id is None:
                problems.append(Problem(row, "office", _("No office has the code “%(code)s”.") % {"code": office}))
        elif office_id is None:
            problems.append(
                Problem(row, "office", _("Give the office code here, or --office for the rows that leave it empty."))
            )

        if problems:
            return None, problems
        return (
            CleanRow(
                row,
                external_id,
                given,
                family,
                others,
                sex,
                date_of_birth,
                precision,
                nationality,
                document,
                phone,
                office_id,
            ),
            problems,
        )

    def _check_date(self, row: int, text: str, precision: str, problems: list) -> tuple[datetime.date | None, str]:
        """The same rules as the API (people.api): the precision may be left
        empty, the format then says it."""
        if precision and precision not in _PRECISIONS:
            problems.append(
                Problem(
                    row,
                    "dob_precision",
                    _("“%(value)s” is not one of full, year_month, year, unknown (or empty).") % {"value": precision},
                )
            )
            return None, DobPrecision.UNKNOWN
        if not text:
            if precision in ("", DobPrecision.UNKNOWN):
                return None, DobPrecision.UNKNOWN
            problems.append(
                Problem(
                    row,
                    "date_of_birth",
                    _("With precision “%(precision)s”, give the date of birth as %(format)s.")
                    % {"precision": precision, "format": _FORMAT_OF_PRECISION[precision]},
                )
            )
            return None, DobPrecision.UNKNOWN
        value, implied = self._parse_date(text)
        if value is None:
            problems.append(Problem(row, "date_of_birth", implied))
            return None, DobPrecision.UNKNOWN
        if precision == DobPrecision.UNKNOWN:
            problems.append(
                Problem(row, "dob_precision", _("The precision cannot be “unknown” when a date of birth is given."))
            )
        elif precision and precision != implied:
            problems.append(
                Problem(
                    row,
                    "date_of_birth",
                    _("With precision “%(precision)s”, give the date of birth as %(format)s.")
                    % {"precision": precision, "format": _FORMAT_OF_PRECISION[precision]},
                )
            )
        return value, implied


def _width_problem(row: int, got: int, width: int) -> Problem:
    return Problem(
        row, "", _("The row has %(got)d cells where the header has %(width)d.") % {"got": got, "width": width}
    )


# --- Pass 1: check the whole file --------------------------------------------------


def _noop_progress(n: int = 1) -> None:
    pass


def check_file(
    path: Path, *, default_office: Office | None = None, progress: Callable[[int], None] = _noop_progress
) -> Checked:
    """Validate the whole file, writing nothing. Raises ImportRefused with
    every problem found."""
    checker = RowChecker(default_office)
    problems: list[Problem] = []
    checked = Checked(sha256="", rows=0, spool=tempfile.TemporaryFile(prefix="import_people-"))
    seen = checked.seen
    office_ids: set[int] = set()
    batch: list[CleanRow] = []
    try:
        with _open_rows(path) as (hasher, reader):
            for number, cells, got, width in reader:
                checked.rows += 1
                progress(1)
                if cells is None:
                    problems.append(_width_problem(number, got, width))
                    continue
                clean, row_problems = checker.check(number, cells)
                problems += row_problems
                external_id = cells[0].strip()
                if external_id in seen:
                    problems.append(
                        Problem(
                            number,
                            "external_id",
                            _("“%(id)s” is already on row %(row)d.") % {"id": external_id, "row": seen[external_id][0]},
                        )
                    )
                elif external_id:
                    seen[external_id] = (number, clean.office_id if clean else None)
                if clean is not None:
                    office_ids.add(clean.office_id)
                if clean is not None and not problems:
                    checked.per_office[clean.office_id] += 1
                    batch.append(clean)
                    if len(batch) >= BATCH:
                        pickle.dump(batch, checked.spool, pickle.HIGHEST_PROTOCOL)
                        batch = []
            checked.sha256 = hasher.hash.hexdigest()
        if batch and not problems:
            pickle.dump(batch, checked.spool, pickle.HIGHEST_PROTOCOL)
        if checked.rows == 0:
            raise ImportRefused(_("The file has a header but no rows."))
        problems += earlier_imports(seen, office_ids)
        if problems:
            _refuse(path, problems)
    except BaseException:
        checked.close()
        raise
    return checked


def _refuse(path: Path, problems: list[Problem]):
    problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1))
    raise ImportRefused(
        ngettext(
            "%(n)d problem in %(file)s; nothing was imported.",
            "%(n)d problems in %(file)s; nothing was imported.",
            len(problems),
        )
        % {"n": len(problems), "file": path.name},
        problems,
    )


def earlier_imports(seen: dict[str, tuple[int, int | None]], office_ids: set[int]) -> list[Problem]:
    """Rows whose external id an earlier import already brought into the same
    office. One scan of that office's imported people (external_id has no
    index: one scan beats a look-up per row)."""
    problems = []
    taken = (
        Person.objects.filter(registered_by_office_id__in=office_ids, imported_in__isnull=False)
        .exclude(external_id="")
        .values_list("external_id", "registered_by_office_id", "imported_in_id")
    )
    for external_id, office_id, import_id in taken.iterator(chunk_size=20000):
        hit = seen.get(external_id)
        if hit is not None and hit[1] == office_id:
            problems.append(
                Problem(
                    hit[0],
                    "external_id",
                    _("“%(id)s” was already imported into this office (import #%(import)d).")
                    % {"id": external_id, "import": import_id},
                )
            )
    return problems


# --- Pass 2: load ----------------------------------------------------------------


def search_names(given: str, family: str, others: tuple[str, ...]) -> str:
    """Person.search_names as Person.refresh_search_names computes it (no
    original-script name in the file), without reading the aliases back."""
    return " | ".join(n for n in (normalise_name(p) for p in (given, family, "", *others)) if n)


class _Loader:
    def __init__(self, *, by, person_import: PersonImport):
        now = timezone.now()
        self.by = by
        self.person_import = person_import
        self.people = BulkInserter(Person, now)
        self.aliases = BulkInserter(Alias, now)
        self.documents = BulkInserter(IdentityDocument, now)
        self.last_pk = 0
        self.people_count = self.alias_count = self.document_count = 0

    def load(self, batch: list[CleanRow]) -> None:
        people = [
            Person(
                given_name=r.given_name,
                family_name=r.family_name,
                sex=r.sex,
                date_of_birth=r.date_of_birth,
                dob_precision=r.dob_precision,
                nationality=r.nationality,
                phone=r.phone,
                registered_by_office_id=r.office_id,
                created_by_id=self.by.pk,
                search_names=search_names(r.given_name, r.family_name, r.other_names),
                imported_in_id=self.person_import.pk,
                external_id=r.external_id,
            )
            for r in batch
        ]
        self.people.insert(people)
        # The new ids, by external id (unique in the file): no RETURNING with
        # executemany, on either database.
        ids = dict(
            Person.objects.filter(imported_in=self.person_import, pk__gt=self.last_pk).values_list("external_id", "pk")
        )
        aliases, documents, profiles = [], [], []
        for person, r in zip(people, batch, strict=True):
            person.pk = ids[r.external_id]
            aliases += ({"person_id": person.pk, "name": n, "kind": AliasKind.ALIAS} for n in r.other_names)
            if r.document_number:
                documents.append(
                    {
                        "person_id": person.pk,
                        "doc_type": DocumentType.PASSPORT,
                        "number": r.document_number,
                        # IdentityDocument.save() sets it; not called here.
                        "number_normalised": normalise_document_number(r.document_number),
                        "issuing_country": r.nationality,
                    }
                )
            profiles.append(
                profile_for(
                    person,
                    aliases=list(r.other_names),
                    documents=[r.document_number] if r.document_number else [],
                )
            )
        self.last_pk = max(ids.values())
        self.aliases.insert_values(aliases)
        self.documents.insert_values(documents)
        bulk_index(profiles)
        self.people_count += len(people)
        self.alias_count += len(aliases)
        self.document_count += len(documents)


def import_people(
    path: Path | str,
    *,
    by,
    office: Office | None = None,
    check_progress: Callable[[int], None] = _noop_progress,
    load_progress: Callable[[int], None] = _noop_progress,
) -> ImportResult:
    """Check the whole file, then load it in one transaction with one audit
    event. Raises ImportRefused (nothing written) on any problem."""
    path = Path(path)
    started = time.monotonic()
    checked = check_file(path, default_office=office, progress=check_progress)
    try:
        result = load_file(path, checked, by=by, office=office, progress=load_progress)
    finally:
        checked.close()
    result.seconds = time.monotonic() - started
    return result


@contextmanager
def _big_cache():
    """On SQLite, a 256 MB page cache while loading (the default is 2 MB):
    the match keys go into an index in random order, and every page it
    touches would otherwise be read again from the file system."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _refresh_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still believes the tables are
    small, and its index-only scans still visit every new row's table page,
    until autovacuum comes by (and while it does, look-ups compete with it):
    measured at a million people by bench/matching, p95 23 ms right after the
    load against 10 ms once vacuumed. VACUUM (ANALYZE) now, outside the
    import's transaction: it sets the statistics and the visibility map."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [m._meta.db_table for m in (Person, MatchKey, MatchProfile)]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) " + ", ".join(connection.ops.quote_name(t) for t in tables))


def load_file(
    path: Path, checked: Checked, *, by, office: Office | None = None, progress: Callable[[int], None] = _noop_progress
) -> ImportResult:
    """Load the rows of a file that check_file passed, in one transaction
    with one audit event; all or nothing."""
    started = time.monotonic()
    with transaction.atomic(), _big_cache():
        # Checked before, and again inside the transaction in case another
        # import brought the same ids in the meantime.
        clashes = earlier_imports(checked.seen, set(checked.per_office))
        if clashes:
            _refuse(path, clashes)
        checked.seen.clear()  # not needed any more: memory back
        person_import = PersonImport.objects.create(
            file_name=path.name, sha256=checked.sha256, rows=checked.rows, office=office, imported_by=by
        )
        loader = _Loader(by=by, person_import=person_import)
        for batch in checked.batches():
            loader.load(batch)
            progress(len(batch))
        codes = dict(Office.objects.filter(pk__in=checked.per_office).values_list("pk", "code"))
        audit.record(
            by,
            "person.imported",
            person_import,
            changes={
                "file_name": [None, path.name],
                "sha256": [None, checked.sha256],
                "rows": [None, checked.rows],
                "people": [None, loader.people_count],
                "aliases": [None, loader.alias_count],
                "documents": [None, loader.document_count],
                "offices": [None, dict(sorted((codes[pk], n) for pk, n in checked.per_office.items()))],
            },
        )
    _refresh_statistics()
    return ImportResult(
        person_import=person_import,
        people=loader.people_count,
        aliases=loader.alias_count,
        documents=loader.document_count,
        seconds=time.monotonic() - started,
    )
