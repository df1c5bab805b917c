"""A person as matching compares them, built from typed values (a query, a
file row) or from a stored MatchProfile."""

import datetime
import re
from dataclasses import dataclass

from core.names import normalise_document_number
from people.matching.normalise import tokens

_NOT_DIGIT = re.compile(r"\D+")
_NAME_SEPARATOR = re.compile(r"[;,|]")
# Phones are compared on their last digits: "+224 622 12 34 56" and
# "0622123456" are the same number written from two countries.
PHONE_DIGITS = 9


def effective_precision(dob: datetime.date | None, precision: str) -> str:
    """A 1 January "full" date is usually a placeholder for an unknown day:
    it counts as a year only."""
    if dob is None:
        return "unknown"
    if precision == "full" and dob.month == 1 and dob.day == 1:
        return "year"
    return precision or "unknown"


def phone_key(phone: str) -> str:
    digits = _NOT_DIGIT.sub("", phone or "")
    return digits[-PHONE_DIGITS:] if len(digits) >= 7 else ""


@dataclass(frozen=True, slots=True)
class Record:
    given: tuple[str, ...]
    family: tuple[str, ...]
    other: tuple[str, ...]
    dob: datetime.date | None
    dob_precision: str
    sex: str
    nationality: str
    documents: tuple[str, ...]
    phone: str
    id: int | None = None
    office_id: int | None = None

    @classmethod
    def from_fields(
        cls,
        *,
        given_name: str = "",
        family_name: str = "",
        other_names: str | list[str] = "",
        date_of_birth: datetime.date | None = None,
        dob_precision: str = "",
        sex: str = "unknown",
        nationality: str = "",
        document_number: str | list[str] = "",
        phone: str = "",
        id: int | None = None,
        office_id: int | None = None,
    ) -> "Record":
        names = _NAME_SEPARATOR.split(other_names) if isinstance(other_names, str) else other_names
        numbers = [document_number] if isinstance(document_number, str) else document_number
        precision = effective_precision(date_of_birth, dob_precision or "full")
        return cls(
            given=tuple(tokens(given_name)),
            family=tuple(tokens(family_name)),
            other=tuple(t for name in names for t in tokens(name)),
            dob=date_of_birth if precision != "unknown" else None,
            dob_precision=precision,
            sex=sex if sex in ("female", "male") else "unknown",
            nationality=(nationality or "").upper()[:2],
            documents=tuple(n for n in (normalise_document_number(x) for x in numbers) if len(n) >= 4),
            phone=phone_key(phone),
            id=id,
            office_id=office_id,
        )

    # The MatchProfile columns from_row() reads, in order.
    ROW_FIELDS = (
        "person_id",
        "office_id",
        "given",
        "family",
        "other",
        "dob",
        "dob_precision",
        "sex",
        "nationality",
        "documents",
        "phone",
    )

    @classmethod
    def from_row(cls, row) -> "Record":
        person_id, office_id, given, family, other, dob, precision, sex, nationality, documents, phone = row
        return cls(
            tuple(given.split()),
            tuple(family.split()),
            tuple(other.split()),
            dob,
            precision,
            sex,
            nationality,
            tuple(documents.split()),
            phone,
            person_id,
            office_id,
        )

    @classmethod
    def from_profile(cls, profile) -> "Record":
        return cls(
            given=tuple(profile.given.split()),
            family=tuple(profile.family.split()),
            other=tuple(profile.other.split()),
            dob=profile.dob,
            dob_precision=profile.dob_precision,
            sex=profile.sex,
            nationality=profile.nationality,
            documents=tuple(profile.documents.split()),
            phone=profile.phone,
            id=profile.person_id,
            office_id=profile.office_id,
        )
