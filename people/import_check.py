"""Checking a file for import_people before anything is written: every row
parsed and validated, the external ids compared with each other and with
earlier imports, the typed rows spooled to a temporary file (see
people.importing for the load)."""

from __future__ import annotations

import datetime
import functools
import pickle
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from rest_framework import serializers

from core.names import normalise_document_number
from organisations.models import Office
from people.api import parse_partial_date
from people.import_file import COLUMNS, ImportRefused, Problem, open_rows
from people.models import Alias, DobPrecision, IdentityDocument, Person, Sex

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
            problems.append(_format_problem(row, precision))
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
            problems.append(_format_problem(row, precision))
        return value, implied


def _format_problem(row: int, precision: str) -> Problem:
    return Problem(
        row,
        "date_of_birth",
        _("With precision “%(precision)s”, give the date of birth as %(format)s.")
        % {"precision": precision, "format": _FORMAT_OF_PRECISION[precision]},
    )


def _width_problem(row: int, got: int, width: int) -> Problem:
    return Problem(
        row, "", _("The row has %(got)d cells where the header has %(width)d.") % {"got": got, "width": width}
    )


# --- Pass 1: check the whole file --------------------------------------------------


def noop_progress(n: int = 1) -> None:
    pass


def check_file(
    path: Path, *, default_office: Office | None = None, progress: Callable[[int], None] = noop_progress
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
        with open_rows(path) as (hasher, reader):
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
            refuse(path, problems)
    except BaseException:
        checked.close()
        raise
    return checked


def refuse(path: Path, problems: list[Problem]):
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
