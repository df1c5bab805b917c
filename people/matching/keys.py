"""Blocking keys: records that may be one person share at least one key.

- a pair of name variant codes, in either order (swapped names, a missing
  middle name, an alias);
- a name variant code with the year of birth (a typo in the other name);
- a document number; a phone number;
- in a scan of the registry (batch_keyed), also finer ones: a name with the
  full date, the date alone, a document number with one character left out.
Keys are 64-bit hashes so that the index stays small at a million people.
"""

import hashlib
from itertools import combinations

from people.matching.normalise import variant, without_article
from people.matching.record import Record

MAX_CODES = 8  # a record with many aliases keeps its first eight codes


def _hash(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def name_codes(record: Record) -> list[str]:
    codes: list[str] = []
    for part in (record.given, record.family):
        if len(part) > 1:
            codes.append(variant("".join(part)))  # Abdel Rahman / Abdelrahman
    for token in record.given + record.family + record.other:
        codes.append(variant(token))
        bare = without_article(token)
        if bare != token:
            codes.append(variant(bare))  # Alamine / Al-Amine
    return list(dict.fromkeys(codes))[:MAX_CODES]


def _primary(record: Record) -> set[str]:
    tokens = record.given + record.family
    codes = {variant(t) for t in tokens} | {variant(without_article(t)) for t in tokens}
    codes.update(variant("".join(part)) for part in (record.given, record.family) if len(part) > 1)
    return codes


def _pairs(record: Record, codes: list[str]) -> set[tuple[str, ...]]:
    # Two of the other names alone (a father's and a grandfather's name, often
    # Mohamed and Abdullah) are shared by too many people to find anyone.
    primary = _primary(record)
    pairs = {tuple(sorted(pair)) for pair in combinations(codes, 2) if pair[0] in primary or pair[1] in primary}
    # Ahmad Ahmad: the same name as given and family name is a pair too.
    given = {variant(t) for t in record.given}
    pairs.update((code, code) for code in given.intersection(variant(t) for t in record.family))
    return pairs


def _loose(record: Record) -> str | None:
    """The family name's first three consonants and the given name's
    first: Vinogradov Artyom and Winogradow Artjom meet here, with the year."""
    if not (record.given and record.family and record.dob):
        return None
    family, given = variant(record.family[0]), variant(record.given[0])
    return f"{family[:3]}|{given[:1]}|{record.dob.year}"


def keyed(record: Record) -> dict[int, str]:
    """Each key with its kind: "name" (two name codes), "pair_year" (the
    same with the year of birth), "year" (a name code and the year), "loose",
    "date" (a name code and the full date of birth), "pair_day" (two name
    codes with the day and month of birth: a mistyped year), "document" or
    "phone". Among a million people, thousands share a common name with a
    year; the full date keeps one of their names findable."""
    codes = name_codes(record)
    pairs = sorted(_pairs(record, codes))  # in a fixed order: it breaks ties in pre_rank
    keys = {_hash("n", *pair): "name" for pair in pairs}
    if record.dob is not None:
        year = str(record.dob.year)
        keys.update({_hash("y", code, year): "year" for code in codes})
        keys.update({_hash("ny", *pair, year): "pair_year" for pair in pairs})
        loose = _loose(record)
        if loose:
            keys[_hash("l", loose)] = "loose"
        if record.dob_precision == "full":
            when, day = record.dob.isoformat(), record.dob.strftime("%m%d")
            keys.update({_hash("yd", code, when): "date" for code in codes})
            keys.update({_hash("nd", *pair, day): "pair_day" for pair in pairs})
    keys.update({_hash("d", number): "document" for number in record.documents})
    if record.phone:
        keys[_hash("t", record.phone)] = "phone"
    return keys


def _document_near(record: Record) -> dict[int, str]:
    # A mistyped document number (one character changed, dropped, added, or
    # two swapped) shares one of these with the right one: the number itself
    # and the number with one character left out, at each place.
    near = {}
    for number in record.documents:
        if len(number) >= 6:
            near[_hash("d-", number)] = "document_near"
            for i in range(len(number)):
                near[_hash("d-", number[:i] + number[i + 1 :])] = "document_near"
    return near


def keys_for(record: Record) -> set[int]:
    return set(keyed(record))


def batch_keyed(record: Record) -> dict[int, str]:
    """Keys for comparing a whole registry with itself, finer than the
    look-up's: a name pair with the year of birth, a name with the full date;
    the broad ones (a name pair alone, a name with the year) are used by
    dedupe only where few records share them."""
    codes = name_codes(record)
    pairs = sorted(_pairs(record, codes))
    keys = {_hash("n", *pair): "pair" for pair in pairs}
    if record.dob is not None:
        year = str(record.dob.year)
        keys.update({_hash("y", code, year): "code_year" for code in codes})
        keys.update({_hash("ny", *pair, year): "pair_year" for pair in pairs})
        if record.dob_precision in ("full", "year_month"):
            when = record.dob.isoformat()
            keys.update({_hash("yd", code, when): "code_date" for code in codes})
            keys[_hash("dd", when)] = "date"  # names all changed: the date alone, where few share it
    keys.update({_hash("d", number): "document" for number in record.documents})
    keys.update(_document_near(record))
    if record.phone:
        keys[_hash("t", record.phone)] = "phone"
    return keys
