"""The file import_people reads: its columns, reading it as CSV (UTF-8,
comma or semicolon, any header order), and how a file is refused (a
Problem per row and column). Checking the values is people.import_check."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

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
def open_rows(path: Path):
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
