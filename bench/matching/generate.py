"""Generate a migrant-like person registry with ground truth (bench only).

    python bench/matching/generate.py --size 20000 --queries 1000 --seed 6 --out DIR
    python bench/matching/generate.py --describe      # the corruption table, as markdown

Writes into DIR:
  registry.csv        the registry, in the column layout of `manage.py import_people`
  truth.csv           external_id, cluster_id (one per real person), kind, source_id, corruptions
  queries.csv         query records (same columns) for the online benchmark; not in the registry
  queries_truth.csv   external_id, cluster_id (empty: nobody in the registry), kind, corruptions

Every record belongs to a real person (cluster).  The first record of a person
is its "original"; a later record of the same person is a "duplicate" drawn
from the original with the corruptions of CORRUPTIONS below, each applied with
its rate and logged in truth.csv.  A "relative" is a NEW person sharing the
family name, nationality and often the phone and office of an earlier person
(a sibling, 1 in 20 a twin with the same date of birth): a hard non-match.

Deterministic for a given seed; the registry of a size is a prefix of the
registry of any larger size with the same seed (the queries are not).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import time
from bisect import bisect
from itertools import accumulate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import namepools as P  # noqa: E402

COLUMNS = [
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
]

# Offices the registry is spread over (codes as in organisations.Office.code).
OFFICES = [
    ("BXL", 30),
    ("ANT", 14),
    ("GNT", 10),
    ("LGE", 10),
    ("CRL", 6),
    ("PAR", 12),
    ("MRS", 8),
    ("LYO", 6),
    ("LIL", 4),
]
OFFICE_COUNTRY = {
    "BXL": "BE",
    "ANT": "BE",
    "GNT": "BE",
    "LGE": "BE",
    "CRL": "BE",
    "PAR": "FR",
    "MRS": "FR",
    "LYO": "FR",
    "LIL": "FR",
}

# --------------------------------------------------------------------------- rates
# Rates of the corruptions applied to a DUPLICATE (a later record of a person).
# Name corruptions are independent of each other; the date, document and phone
# outcomes are each one choice among exclusive options.
CORRUPTIONS = {
    # names
    "given_variant": (
        0.35,
        "given name written in another transliteration (Mohamed -> Muhammad, Oleksandr -> Aleksandr)",
    ),
    "family_variant": (
        0.30,
        "family name written in another transliteration (Diallo -> Jallow, Gelashvili -> Guelachvili)",
    ),
    "compound_split_join": (
        0.30,
        "a compound name split or joined (Abdel Rahman <-> Abdelrahman, El Amrani <-> Elamrani, "
        "Gebremariam <-> Gebre Mariam, Rahmatullah -> Rahmat Ullah); only where the name allows it",
    ),
    "given_part_dropped": (
        0.30,
        "of a two-part given name (Mamadou Saliou) only one part kept; half the time the other part goes "
        "to other_names; only where the given name has two parts",
    ),
    "names_swapped": (0.08, "given and family name swapped"),
    "typo_given": (
        0.08,
        "one typo in the given name (insert, delete, substitute, transpose; 80 % not on the first letter)",
    ),
    "typo_family": (0.08, "one typo in the family name"),
    "second_typo": (0.02, "a second typo, in either name"),
    "family_with_grandfather": (
        0.15,
        "father's and grandfather's names both written as family name "
        "(Horn of Africa, Afghan and Middle-East records only)",
    ),
    "other_dropped": (
        0.40,
        "other names (patronymic, father's or grandfather's name, second given name) left out; only where present",
    ),
    "other_added": (0.10, "other names written where the original had none (father's name or a patronymic)"),
    # date of birth (exclusive)
    "dob_year_only": (0.08, "only the year of birth (dob_precision=year)"),
    "dob_year_month": (0.03, "year and month only (dob_precision=year_month)"),
    "dob_jan1": (0.06, "1 January placeholder of the right year, recorded as a full date"),
    "dob_day_month_swap": (0.04, "day and month swapped (only where day <= 12 and day != month)"),
    "dob_day_typo": (0.03, "day off by 1 to 3, or its digits swapped"),
    "dob_year_typo": (0.03, "year off by one, or its last two digits swapped"),
    "dob_missing": (0.04, "no date of birth (dob_precision=unknown)"),
    # identity document (exclusive)
    "doc_new_passport": (0.25, "a new passport: another document number (where the original had one)"),
    "doc_missing": (0.25, "no document number (where the original had one)"),
    "doc_typo": (0.03, "one character of the number changed"),
    "doc_added": (0.40, "a document number where the original had none (it cannot match)"),
    # others
    "nationality_missing": (
        0.08,
        "no nationality; only on records without a document number (import_people needs the country that issued "
        "a passport), so about 4 % of duplicates in effect",
    ),
    "nationality_neighbour": (0.03, "a neighbouring nationality (GN/SL, ER/ET, AF/IR, UA/RU, MA/DZ ...)"),
    "sex_unknown": (0.04, "sex unknown"),
    "phone_absent": (0.35, "no phone (where the original had one)"),
    "phone_changed": (0.20, "another phone number (where the original had one)"),
    "phone_new": (0.30, "a phone where the original had none (cannot match)"),
    "other_office": (0.60, "registered at another office than the original"),
}
RATE = {k: v[0] for k, v in CORRUPTIONS.items()}

# Formatting noise on EVERY record, not logged as a corruption (a normaliser must absorb it).
FORMATTING = {
    "family_upper": (0.30, "family name in capitals (DIALLO)"),
    "accents_stripped": (0.30, "accents dropped where the spelling has them (Traoré -> Traore)"),
    "doc_spacing": (0.15, "document number with a space or dash, or in lower case"),
    "phone_format": (1.0, "phone written nationally (0470/12.34.56) or internationally (+32 470 12 34 56) at random"),
}

# The original record of a person: how its date of birth is recorded.
ORIGINAL_DOB = {
    "jan1_by_region": {"afghan": 0.30, "somali": 0.20, "habesha": 0.10, "westafrica": 0.10, "default": 0.03},
    "year_only": 0.05,
    "year_month": 0.01,
    "unknown": 0.03,
}
ORIGINAL_OTHER = {"has_document": 0.65, "has_phone": 0.55, "sex_unknown": 0.02, "nationality_missing": 0.03}
MAX_RECORDS = 4  # records of one person in the registry (cluster size)
WARMUP = 200  # the first records are all new people (no tiny pool to draw duplicates from)
RELATIVE_RATE = 0.08  # share of new persons that are a relative (hard non-match) of an earlier person
TWIN_SHARE = 0.05  # of relatives, twins (same date of birth, other given name)

# --------------------------------------------------------------------------- regions
REGIONS = {
    # name: weight, nationalities (code, weight), share of men, pools, family style, other-names style
    "maghreb": dict(
        weight=17,
        nat=[("MA", 45), ("DZ", 35), ("TN", 15), ("LY", 5)],
        male=0.72,
        m=P.MAGHREB_M,
        f=P.MAGHREB_F,
        family=P.MAGHREB_FAMILY,
        family_style="pool",
        other="father",
    ),
    "mideast": dict(
        weight=13,
        nat=[("SY", 35), ("IQ", 30), ("PS", 10), ("EG", 10), ("SD", 10), ("LB", 5)],
        male=0.68,
        m=P.MIDEAST_M,
        f=P.MIDEAST_F,
        family=P.MIDEAST_FAMILY,
        family_style="pool",
        other="father_grandfather",
    ),
    "westafrica": dict(
        weight=22,
        nat=[("GN", 35), ("SN", 15), ("ML", 12), ("CI", 12), ("GM", 8), ("SL", 8), ("MR", 5), ("BF", 5)],
        male=0.70,
        m=P.WESTAFRICA_M,
        f=P.WESTAFRICA_F,
        family=P.WESTAFRICA_FAMILY,
        family_style="pool",
        other="second_given",
    ),
    "habesha": dict(
        weight=9,
        nat=[("ER", 65), ("ET", 35)],
        male=0.62,
        m=P.HABESHA_M,
        f=P.HABESHA_F,
        family=None,
        family_style="father",
        other="grandfather",
    ),
    "somali": dict(
        weight=5,
        nat=[("SO", 90), ("DJ", 10)],
        male=0.62,
        m=P.SOMALI_M,
        f=P.SOMALI_F,
        family=None,
        family_style="father",
        other="grandfather",
    ),
    "afghan": dict(
        weight=12,
        nat=[("AF", 92), ("IR", 8)],
        male=0.80,
        m=P.AFGHAN_M,
        f=P.AFGHAN_F,
        family=P.AFGHAN_FAMILY,
        family_style="pool_or_father",
        other="father",
    ),
    "georgian": dict(
        weight=6,
        nat=[("GE", 100)],
        male=0.60,
        m=P.GEORGIAN_M,
        f=P.GEORGIAN_F,
        family=P.GEORGIAN_FAMILY,
        family_style="rules_georgian",
        other="none",
    ),
    "ukrainian": dict(
        weight=8,
        nat=[("UA", 95), ("MD", 5)],
        male=0.40,
        m=P.UKRAINIAN_M,
        f=P.UKRAINIAN_F,
        family=P.UKRAINIAN_FAMILY,
        family_style="rules_ukrainian",
        other="patronymic_ua",
    ),
    "russian": dict(
        weight=8,
        nat=[("RU", 85), ("BY", 10), ("KZ", 5)],
        male=0.62,
        m=P.RUSSIAN_M,
        f=P.RUSSIAN_F,
        family=P.RUSSIAN_FAMILY,
        family_style="rules_russian",
        other="patronymic_ru",
    ),
}
NEIGHBOUR = {
    "GN": "SL",
    "SL": "GN",
    "SN": "GM",
    "GM": "SN",
    "ML": "BF",
    "BF": "ML",
    "CI": "BF",
    "MR": "SN",
    "ER": "ET",
    "ET": "ER",
    "SO": "DJ",
    "DJ": "SO",
    "AF": "IR",
    "IR": "AF",
    "UA": "RU",
    "RU": "UA",
    "MD": "UA",
    "BY": "RU",
    "KZ": "RU",
    "MA": "DZ",
    "DZ": "MA",
    "TN": "DZ",
    "LY": "TN",
    "SY": "LB",
    "LB": "SY",
    "IQ": "SY",
    "PS": "JO",
    "EG": "SD",
    "SD": "EG",
    "GE": "AM",
}
DIAL = {
    "BE": "32",
    "FR": "33",
    "GN": "224",
    "SN": "221",
    "ML": "223",
    "CI": "225",
    "GM": "220",
    "SL": "232",
    "MR": "222",
    "BF": "226",
    "ER": "291",
    "ET": "251",
    "SO": "252",
    "DJ": "253",
    "AF": "93",
    "IR": "98",
    "GE": "995",
    "UA": "380",
    "MD": "373",
    "RU": "7",
    "BY": "375",
    "KZ": "7",
    "MA": "212",
    "DZ": "213",
    "TN": "216",
    "LY": "218",
    "SY": "963",
    "IQ": "964",
    "PS": "970",
    "EG": "20",
    "SD": "249",
    "LB": "961",
}
DOC_TEMPLATE = {
    "MA": "LLDDDDDDD",
    "DZ": "DDDDDDDDD",
    "TN": "LDDDDDDD",
    "SY": "DDDDDDDDD",
    "IQ": "LDDDDDDDD",
    "GN": "LDDDDDDD",
    "SN": "LDDDDDDDD",
    "ML": "LLDDDDDDD",
    "ER": "LDDDDDDD",
    "ET": "LLDDDDDDD",
    "AF": "LDDDDDDDD",
    "GE": "DDLLDDDDD",
    "UA": "LLDDDDDD",
    "RU": "DDDDDDDDD",
    "SO": "LLDDDDDDD",
}
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_NEIGHBOURS = (
    "wa qes wrd etf ryg tuh yij uok ipl ol qsz awdx sefc drgv fthb gyjn hukm jil kop asx zdc xfv cgb vhn bjm nk"
)
KEYBOARD = dict(zip("qwertyuiopasdfghjklzxcvbnm", _NEIGHBOURS.split(), strict=True))
ACCENTS = str.maketrans("éèëêïîôöüûçâàíúáóñšžč", "eeeeiioouucaaiuaonszc")


# --------------------------------------------------------------------------- spelling rules for Slavic / Georgian names
def _repl(s: str, pairs) -> str:
    for a, b in pairs:
        s = s.replace(a, b)
    return s


def _vowel(c: str) -> bool:
    return c in "aeiouy"


def style_fr(s: str) -> str:
    s = _repl(s, [("shch", "\0"), ("j", "dj"), ("ch", "tch"), ("sh", "ch"), ("zh", "j"), ("\0", "chtch")])
    s = _repl(s, [("yu", "iu"), ("ya", "ia"), ("ye", "ie"), ("yo", "io"), ("yi", "i")])
    if s.endswith("iy"):
        s = s[:-2] + "i"
    s = s.replace("ou", "\1").replace("u", "ou").replace("\1", "ou")
    out = []
    for i, c in enumerate(s):
        if c == "s" and 0 < i < len(s) - 1 and _vowel(s[i - 1]) and _vowel(s[i + 1]):
            out.append("ss")
        elif c == "g" and i < len(s) - 1 and s[i + 1] in "eiy":
            out.append("gu")
        else:
            out.append(c)
    return "".join(out)


def style_de(s: str) -> str:
    s = _repl(
        s,
        [
            ("shch", "\0"),
            ("j", "\2"),
            ("ch", "tsch"),
            ("sh", "\3"),
            ("zh", "\3"),
            ("kh", "ch"),
            ("z", "s"),
            ("ts", "z"),
            ("v", "w"),
            ("\0", "schtsch"),
            ("\2", "dsch"),
            ("\3", "sch"),
        ],
    )
    s = _repl(s, [("yu", "ju"), ("ya", "ja"), ("ye", "je"), ("yo", "jo"), ("yi", "ji")])
    if s.endswith("iy"):
        s = s[:-2] + "ij"
    if s.endswith("ov") or s.endswith("ev"):
        s = s[:-1] + "w"
    return s


def style_alt_slavic(s: str, ukrainian: bool) -> str:
    """Scientific / Russian-passport style: Vasilyev -> Vasilev, Semyonov -> Semenov, Melnyk -> Melnik,
    Honcharenko -> Goncharenko (Ukrainian h read as Russian g)."""
    s = _repl(s, [("yev", "ev"), ("yov", "ev"), ("yo", "e"), ("iy", "ii"), ("yi", "i")])
    if ukrainian:
        s = _repl(s, [("kh", "\0"), ("h", "g"), ("\0", "kh")])
        s = "".join("i" if c == "y" and 0 < i < len(s) - 1 and not _vowel(s[i + 1]) else c for i, c in enumerate(s))
    return s


def style_alt_georgian(s: str) -> str:
    """Georgian national romanisation with diacritics, folded to ASCII (Gelašvili -> Gelasvili)."""
    return _repl(s, [("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "x")])


def rule_variants(name: str, style: str) -> list[str]:
    base = name.lower()
    alts = [base, style_fr(base), style_de(base)]
    if style == "rules_georgian":
        alts.insert(1, style_alt_georgian(base))
    else:
        alts.insert(1, style_alt_slavic(base, style == "rules_ukrainian"))
    out = []
    for a in alts:
        a = a[:1].upper() + a[1:]
        if a not in out:
            out.append(a)
    return out


# --------------------------------------------------------------------------- pools
class Pool:
    """Names with frequencies; each name has its spellings (variants)."""

    def __init__(self, entries: list[tuple[float, list[str]]]):
        self.names = []
        for _w, spellings in entries:
            uniq = []
            for s in spellings:
                if s not in uniq:
                    uniq.append(s)
            self.names.append(uniq)
        self.cum = list(accumulate(w for w, _ in entries))
        # spelling weights: first 0.5, then halving
        self.spell_cum = []
        for sp in self.names:
            self.spell_cum.append(list(accumulate(0.5**i for i in range(len(sp)))))

    def pick(self, rng: random.Random) -> int:
        return bisect(self.cum, rng.random() * self.cum[-1])

    def spelling(self, idx: int, rng: random.Random) -> str:
        cum = self.spell_cum[idx]
        return self.names[idx][bisect(cum, rng.random() * cum[-1])]

    def other_spelling(self, idx: int, current: str, rng: random.Random) -> str | None:
        options = [s for s in self.names[idx] if s != current]
        return rng.choice(options) if options else None


def _weighted(pairs):
    items = [p[0] for p in pairs]
    cum = list(accumulate(p[1] for p in pairs))
    return items, cum


def pick_weighted(items_cum, rng):
    items, cum = items_cum
    return items[bisect(cum, rng.random() * cum[-1])]


POOLS: dict[str, dict] = {}
for _name, _r in REGIONS.items():
    pm, pf = Pool(P.parse(_r["m"])), Pool(P.parse(_r["f"]))
    if _r["family"] is None:
        pfam = None
    elif _r["family_style"].startswith("rules_"):
        pfam = Pool([(w, rule_variants(s[0], _r["family_style"])) for w, s in P.parse(_r["family"])])
    else:
        pfam = Pool(P.parse(_r["family"]))
    POOLS[_name] = dict(m=pm, f=pf, family=pfam, nat=_weighted(_r["nat"]))
REGION_PICK = _weighted([(k, v["weight"]) for k, v in REGIONS.items()])
OFFICE_PICK = _weighted(OFFICES)

SPLIT_PREFIXES = [
    "abdel",
    "abdul",
    "abdoul",
    "abdou",
    "abdur",
    "abdi",
    "abd",
    "el",
    "al",
    "ben",
    "bel",
    "ait",
    "ould",
    "gebre",
    "ghebre",
    "welde",
    "wolde",
    "habte",
    "tekle",
    "haile",
    "mohamed",
    "mohammad",
    "mamadou",
    "ahmad",
]
SPLIT_SUFFIXES = [
    "ullah",
    "ollah",
    "eddine",
    "uddin",
    "zai",
    "zada",
    "rahman",
    "rahmane",
    "mariam",
    "medhin",
    "hiwet",
    "michael",
    "selassie",
    "karim",
    "kader",
    "aziz",
]


def split_join(name: str, rng: random.Random) -> str | None:
    """Join a split compound or split a joined one; None if nothing applies."""
    if " " in name or "-" in name:
        if rng.random() < 0.6:
            joined = name.replace(" ", "").replace("-", "")
            return joined[:1] + joined[1:].lower() if len(joined) > 1 else joined
        return name.replace(" ", "-") if " " in name else name.replace("-", " ")
    low = name.lower()
    for p in SPLIT_PREFIXES:
        if low.startswith(p) and len(low) - len(p) >= 3:
            rest = name[len(p) :]
            return name[: len(p)] + rng.choice([" ", "-", " "]) + rest[:1].upper() + rest[1:]
    for s in SPLIT_SUFFIXES:
        if low.endswith(s) and len(low) - len(s) >= 3:
            head = name[: -len(s)]
            return head + " " + s.capitalize()
    return None


def typo(s: str, rng: random.Random) -> str:
    if len(s) < 2:
        return s
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if not letters:
        return s
    i = rng.choice(letters[1:] or letters) if rng.random() < 0.8 else letters[0]
    op = rng.random()
    c = s[i]
    low = c.lower()
    if op < 0.3:  # substitute (keyboard neighbour or phonetic vowel)
        if low in "aeiou" and rng.random() < 0.5:
            n = rng.choice([v for v in "aeiou" if v != low])
        else:
            n = rng.choice(KEYBOARD.get(low, "e"))
        n = n.upper() if c.isupper() else n
        return s[:i] + n + s[i + 1 :]
    if op < 0.55:  # delete
        return s[:i] + s[i + 1 :]
    if op < 0.8:  # insert (double the letter or a neighbour)
        n = low if rng.random() < 0.5 else rng.choice(KEYBOARD.get(low, "e"))
        return s[: i + 1] + n + s[i + 1 :]
    j = i + 1 if i + 1 < len(s) else i - 1  # transpose
    a, b = min(i, j), max(i, j)
    t = s[:a] + s[b] + s[a] + s[b + 1 :]
    return t[:1].upper() + t[1:] if s[:1].isupper() else t


# --------------------------------------------------------------------------- persons and records
REF_YEAR = 2026


def true_dob(rng: random.Random) -> dt.date:
    r = rng.random()
    if r < 0.10:
        age = rng.randint(1, 17)
    elif r < 0.90:
        age = int(rng.triangular(18, 46, 28))
    else:
        age = rng.randint(46, 72)
    year = REF_YEAR - age
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def phone_digits(country: str, rng: random.Random) -> str:
    if country == "BE":
        return "324" + str(rng.randint(60, 99)) + "".join(str(rng.randrange(10)) for _ in range(6))
    if country == "FR":
        return "33" + rng.choice("67") + "".join(str(rng.randrange(10)) for _ in range(8))
    return DIAL.get(country, "1") + str(rng.randint(6, 9)) + "".join(str(rng.randrange(10)) for _ in range(8))


def phone_text(digits: str, rng: random.Random) -> str:
    if digits.startswith("32") and rng.random() < 0.5:
        n = "0" + digits[2:]
        return rng.choice([f"{n[:4]}/{n[4:6]}.{n[6:8]}.{n[8:]}", n, f"{n[:4]} {n[4:6]} {n[6:8]} {n[8:]}"])
    if digits.startswith("33") and rng.random() < 0.5:
        n = "0" + digits[2:]
        return " ".join(n[i : i + 2] for i in range(0, 10, 2)) if rng.random() < 0.6 else n
    return rng.choice(["+" + digits, "00" + digits, "+" + digits[:-8] + " " + digits[-8:-4] + " " + digits[-4:]])


def document_number(nat: str, rng: random.Random) -> str:
    tpl = DOC_TEMPLATE.get(nat, "LLDDDDDDD")
    return "".join(rng.choice(LETTERS) if t == "L" else str(rng.randrange(10)) for t in tpl)


def doc_text(doc: str, rng: random.Random) -> str:
    if rng.random() < FORMATTING["doc_spacing"][0]:
        k = rng.randrange(3)
        if k == 0:
            return doc[:2] + " " + doc[2:]
        if k == 1:
            return doc[:2] + "-" + doc[2:]
        return doc.lower()
    return doc


class Person:
    __slots__ = (
        "pid",
        "region",
        "sex",
        "given",
        "family",
        "father",
        "grandfather",
        "second_given",
        "dob",
        "nat",
        "doc",
        "phone",
        "office",
        "first_id",
        "n_records",
        "orig",
    )

    def __init__(self, pid: int):
        self.pid = pid
        self.n_records = 0


def new_person(pid: int, rng: random.Random, persons: list[Person], by_region: dict) -> tuple[Person, Person | None]:
    """A new real person; sometimes a relative (sibling/twin) of an earlier one."""
    relative_of = None
    if persons and rng.random() < RELATIVE_RATE:
        relative_of = persons[rng.randrange(len(persons))]
    p = Person(pid)
    region = relative_of.region if relative_of else pick_weighted(REGION_PICK, rng)
    r, pools = REGIONS[region], POOLS[region]
    p.region = region
    p.sex = "male" if rng.random() < r["male"] else "female"
    gpool = pools["m"] if p.sex == "male" else pools["f"]
    gi = gpool.pick(rng)
    if relative_of is not None:
        for _ in range(10):  # a sibling has another given name
            if (gpool, gi) != relative_of.given[0][:2]:
                break
            gi = gpool.pick(rng)
    p.given = [(gpool, gi, gpool.spelling(gi, rng))]
    p.second_given = None
    if r["other"] == "second_given" and rng.random() < 0.30:
        si = gpool.pick(rng)
        if si != gi:
            p.second_given = (gpool, si, gpool.spelling(si, rng))
    mpool = pools["m"]
    if relative_of is not None:
        p.father, p.grandfather, p.family = relative_of.father, relative_of.grandfather, relative_of.family
        p.nat = relative_of.nat
    else:
        fi, gfi = mpool.pick(rng), mpool.pick(rng)
        p.father = (mpool, fi, mpool.spelling(fi, rng))
        p.grandfather = (mpool, gfi, mpool.spelling(gfi, rng))
        style = r["family_style"]
        if style == "father" or (style == "pool_or_father" and rng.random() < 0.15):
            p.family = p.father
        else:
            fam = pools["family"]
            k = fam.pick(rng)
            p.family = (fam, k, fam.spelling(k, rng))
        p.nat = pick_weighted(pools["nat"], rng)
    if relative_of is not None:
        if rng.random() < TWIN_SHARE:
            p.dob = relative_of.dob
        else:
            delta = rng.choice([-1, 1]) * rng.randint(1, 9) * 365 + rng.randint(-150, 150)
            p.dob = relative_of.dob + dt.timedelta(days=delta)
            if p.dob.year > REF_YEAR - 1:
                p.dob = relative_of.dob - dt.timedelta(days=abs(delta))
        p.office = relative_of.office if rng.random() < 0.5 else pick_weighted(OFFICE_PICK, rng)
        p.phone = relative_of.phone if rng.random() < 0.5 else None
    else:
        p.dob = true_dob(rng)
        p.office = pick_weighted(OFFICE_PICK, rng)
        p.phone = None
    if p.phone is None and rng.random() < ORIGINAL_OTHER["has_phone"]:
        country = OFFICE_COUNTRY[p.office] if rng.random() < 0.7 else p.nat
        p.phone = phone_digits(country, rng)
    p.doc = document_number(p.nat, rng) if rng.random() < ORIGINAL_OTHER["has_document"] else None
    return p, relative_of


def patronymic(father: str, sex: str, ukrainian: bool) -> str:
    base = father.split()[0].split("-")[0]
    stem = base.rstrip("aoiy") or base
    if ukrainian:
        return stem + ("ovych" if sex == "male" else "ivna")
    return stem + ("ovich" if sex == "male" else "ovna")


def other_names_of(p: Person, rng: random.Random) -> list[str]:
    style = REGIONS[p.region]["other"]
    if style == "father" and rng.random() < 0.35:
        return [p.father[2]] if p.family is not p.father else []
    if style == "father_grandfather" and rng.random() < 0.40:
        return [p.father[2], p.grandfather[2]] if p.family is not p.father else [p.grandfather[2]]
    if style == "grandfather" and rng.random() < 0.50:
        return [p.grandfather[2]]
    if style == "second_given" and p.second_given is not None and rng.random() < 0.3:
        return [p.second_given[2]]
    if style.startswith("patronymic") and rng.random() < 0.50:
        return [patronymic(p.father[2], p.sex, style == "patronymic_ua")]
    return []


def dob_fields(d: dt.date | None, precision: str) -> tuple[str, str]:
    if d is None or precision == "unknown":
        return "", "unknown"
    if precision == "year":
        return f"{d.year:04d}", "year"
    if precision == "year_month":
        return f"{d.year:04d}-{d.month:02d}", "year_month"
    return d.isoformat(), "full"


def original_record(p: Person, ext_id: str, rng: random.Random) -> dict:
    given = p.given[0][2]
    if p.second_given is not None and rng.random() < 0.7:
        given = given + " " + p.second_given[2]
    other = other_names_of(p, rng)
    r = rng.random()
    jan1 = ORIGINAL_DOB["jan1_by_region"].get(p.region, ORIGINAL_DOB["jan1_by_region"]["default"])
    d, prec = p.dob, "full"
    if r < ORIGINAL_DOB["unknown"]:
        d, prec = None, "unknown"
    elif r < ORIGINAL_DOB["unknown"] + ORIGINAL_DOB["year_only"]:
        prec = "year"
    elif r < ORIGINAL_DOB["unknown"] + ORIGINAL_DOB["year_only"] + ORIGINAL_DOB["year_month"]:
        prec = "year_month"
    elif rng.random() < jan1:
        d = dt.date(p.dob.year, 1, 1)
    rec = {
        "external_id": ext_id,
        "given_name": given,
        "family_name": p.family[2],
        "other_names": other,
        "sex": "unknown" if rng.random() < ORIGINAL_OTHER["sex_unknown"] else p.sex,
        "dob": d,
        "prec": prec,
        # a passport number needs its issuing country (import_people refuses it without)
        "nationality": "" if rng.random() < ORIGINAL_OTHER["nationality_missing"] and not p.doc else p.nat,
        "doc": p.doc,
        "phone": p.phone,
        "office": p.office,
    }
    p.orig = rec
    return rec


def duplicate_record(p: Person, ext_id: str, rng: random.Random) -> tuple[dict, list[str]]:
    o = p.orig
    log: list[str] = []
    R = rng.random
    # ---- names: start from the original's words
    first = p.given[0][2]
    if p.second_given is not None and o["given_name"] != first:
        given_parts = [first, o["given_name"][len(first) + 1 :]]
    else:
        given_parts = [o["given_name"]]
    family = o["family_name"]
    other = list(o["other_names"])
    # transliteration variants
    if R() < RATE["given_variant"]:
        pool, idx, cur = p.given[0]
        v = pool.other_spelling(idx, given_parts[0], rng)
        if v:
            given_parts[0] = v
            log.append("given_variant")
    if R() < RATE["family_variant"]:
        pool, idx, cur = p.family
        v = pool.other_spelling(idx, family, rng)
        if v:
            family = v
            log.append("family_variant")
    # two-part given name: drop a part
    if len(given_parts) > 1 and R() < RATE["given_part_dropped"]:
        k = rng.randrange(2)
        dropped = given_parts.pop(k)
        if R() < 0.5:
            other.append(dropped)
        log.append("given_part_dropped")
    given = " ".join(given_parts)
    # compound split / join
    if R() < RATE["compound_split_join"]:
        targets = [t for t in ("given", "family") if split_join(given if t == "given" else family, random.Random(0))]
        if targets:
            t = rng.choice(targets)
            if t == "given":
                given = split_join(given, rng) or given
            else:
                family = split_join(family, rng) or family
            log.append("compound_split_join")
    # father + grandfather as family name
    if p.region in ("habesha", "somali", "afghan", "mideast") and R() < RATE["family_with_grandfather"]:
        if p.family is p.father:
            family = family + " " + p.grandfather[2]
            other = [x for x in other if x != p.grandfather[2]]
        else:
            family = p.father[2] + " " + family
            other = [x for x in other if x != p.father[2]]
        log.append("family_with_grandfather")
    # other names
    if other and R() < RATE["other_dropped"]:
        other = []
        log.append("other_dropped")
    elif not other and R() < RATE["other_added"]:
        style = REGIONS[p.region]["other"]
        if style.startswith("patronymic"):
            other = [patronymic(p.father[2], p.sex, style == "patronymic_ua")]
        elif p.family is not p.father:
            other = [p.father[2]]
        else:
            other = [p.grandfather[2]]
        log.append("other_added")
    # typos
    if R() < RATE["typo_given"]:
        given = typo(given, rng)
        log.append("typo_given")
    if R() < RATE["typo_family"]:
        family = typo(family, rng)
        log.append("typo_family")
    if R() < RATE["second_typo"]:
        if R() < 0.5:
            given = typo(given, rng)
        else:
            family = typo(family, rng)
        log.append("second_typo")
    if R() < RATE["names_swapped"]:
        given, family = family, given
        log.append("names_swapped")
    # ---- date of birth: from the TRUE date
    d, prec = p.dob, "full"
    x = R()
    acc = 0.0
    for key in (
        "dob_year_only",
        "dob_year_month",
        "dob_jan1",
        "dob_day_month_swap",
        "dob_day_typo",
        "dob_year_typo",
        "dob_missing",
    ):
        acc += RATE[key]
        if x < acc:
            if key == "dob_year_only":
                prec = "year"
            elif key == "dob_year_month":
                prec = "year_month"
            elif key == "dob_jan1":
                d = dt.date(d.year, 1, 1)
            elif key == "dob_day_month_swap":
                if d.day <= 12 and d.day != d.month:
                    d = dt.date(d.year, d.day, d.month)
                else:
                    break
            elif key == "dob_day_typo":
                s = f"{d.day:02d}"
                options = [d.day + k for k in (-3, -2, -1, 1, 2, 3)] + [int(s[::-1])]
                options = [n for n in options if 1 <= n <= 28 and n != d.day]
                d = dt.date(d.year, d.month, rng.choice(options))
            elif key == "dob_year_typo":
                y = d.year
                s = str(y)
                options = [y - 1, y + 1, int(s[:2] + s[3] + s[2])]
                options = [n for n in options if n != y and 1930 <= n <= REF_YEAR - 1]
                d = dt.date(rng.choice(options), d.month, min(d.day, 28))
            else:
                d, prec = None, "unknown"
            log.append(key)
            break
    # ---- document
    doc = o["doc"]
    x = R()
    if doc:
        if x < RATE["doc_new_passport"]:
            doc = document_number(p.nat, rng)
            log.append("doc_new_passport")
        elif x < RATE["doc_new_passport"] + RATE["doc_missing"]:
            doc = None
            log.append("doc_missing")
        elif x < RATE["doc_new_passport"] + RATE["doc_missing"] + RATE["doc_typo"]:
            i = rng.randrange(len(doc))
            ch = rng.choice(LETTERS) if doc[i].isalpha() else str((int(doc[i]) + rng.randint(1, 9)) % 10)
            doc = doc[:i] + ch + doc[i + 1 :]
            log.append("doc_typo")
    elif x < RATE["doc_added"]:
        doc = document_number(p.nat, rng)
        log.append("doc_added")
    # ---- nationality, sex
    nat = p.nat
    x = R()
    if x < RATE["nationality_missing"]:
        if doc is None:  # a passport number needs its issuing country
            nat = ""
            log.append("nationality_missing")
    elif x < RATE["nationality_missing"] + RATE["nationality_neighbour"]:
        nat = NEIGHBOUR.get(nat, nat)
        log.append("nationality_neighbour")
    sex = p.sex
    if R() < RATE["sex_unknown"]:
        sex = "unknown"
        log.append("sex_unknown")
    # ---- phone
    phone = o["phone"]
    x = R()
    if phone:
        if x < RATE["phone_absent"]:
            phone = None
            log.append("phone_absent")
        elif x < RATE["phone_absent"] + RATE["phone_changed"]:
            phone = phone_digits(OFFICE_COUNTRY[p.office], rng)
            log.append("phone_changed")
    elif x < RATE["phone_new"]:
        phone = phone_digits(OFFICE_COUNTRY[p.office], rng)
        log.append("phone_new")
    office = o["office"]
    if R() < RATE["other_office"]:
        office = pick_weighted(OFFICE_PICK, rng)
        log.append("other_office")
    rec = {
        "external_id": ext_id,
        "given_name": given,
        "family_name": family,
        "other_names": other,
        "sex": sex,
        "dob": d,
        "prec": prec,
        "nationality": nat,
        "doc": doc,
        "phone": phone,
        "office": office,
    }
    return rec, log


def render(rec: dict, rng: random.Random) -> list[str]:
    """The CSV row, with formatting noise (capitals, accents, spacing, phone format)."""
    given, family = rec["given_name"], rec["family_name"]
    if rng.random() < FORMATTING["accents_stripped"][0]:
        given, family = given.translate(ACCENTS), family.translate(ACCENTS)
    if rng.random() < FORMATTING["family_upper"][0]:
        family = family.upper()
    dob, prec = dob_fields(rec["dob"], rec["prec"])
    return [
        rec["external_id"],
        given,
        family,
        "; ".join(rec["other_names"]),
        rec["sex"],
        dob,
        prec,
        rec["nationality"],
        doc_text(rec["doc"], rng) if rec["doc"] else "",
        phone_text(rec["phone"], rng) if rec["phone"] else "",
        rec["office"],
    ]


# --------------------------------------------------------------------------- main
def generate(size: int, queries: int, seed: int, out: str, dup_rate: float = 0.2, progress: bool = True) -> dict:
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    persons: list[Person] = []
    t0 = time.time()
    counts = {"original": 0, "duplicate": 0, "relative": 0}
    with (
        open(os.path.join(out, "registry.csv"), "w", newline="", encoding="utf-8") as f_reg,
        open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f_truth,
    ):
        w_reg, w_truth = csv.writer(f_reg), csv.writer(f_truth)
        w_reg.writerow(COLUMNS)
        w_truth.writerow(["external_id", "cluster_id", "kind", "source_id", "corruptions"])
        for i in range(size):
            ext_id = f"R{i + 1:07d}"
            p = None
            if i >= WARMUP and rng.random() < dup_rate:
                for _ in range(8):  # a person has at most MAX_RECORDS records
                    p = persons[rng.randrange(len(persons))]
                    if p.n_records < MAX_RECORDS:
                        break
                    p = None
            if p is not None:
                rec, log = duplicate_record(p, ext_id, rng)
                kind, source = "duplicate", p.first_id
            else:
                p, rel = new_person(len(persons) + 1, rng, persons, None)
                persons.append(p)
                p.first_id = ext_id
                rec, log = original_record(p, ext_id, rng), []
                kind, source = ("relative", rel.first_id) if rel else ("original", "")
            counts[kind] += 1
            p.n_records += 1
            w_reg.writerow(render(rec, rng))
            w_truth.writerow([ext_id, f"P{p.pid:07d}", kind, source, ";".join(log)])
            if progress and (i + 1) % 100000 == 0:
                print(f"  {i + 1} records, {time.time() - t0:.1f} s", file=sys.stderr)
    # queries: corrupted duplicates of registry people, and new people
    qrng = random.Random(seed * 7919 + size)
    n_match = int(round(queries * 0.9))
    with (
        open(os.path.join(out, "queries.csv"), "w", newline="", encoding="utf-8") as f_q,
        open(os.path.join(out, "queries_truth.csv"), "w", newline="", encoding="utf-8") as f_qt,
    ):
        w_q, w_qt = csv.writer(f_q), csv.writer(f_qt)
        w_q.writerow(COLUMNS)
        w_qt.writerow(["external_id", "cluster_id", "kind", "source_id", "corruptions"])
        n_persons = len(persons)
        for j in range(queries):
            ext_id = f"Q{j + 1:07d}"
            if j < n_match:
                p = persons[qrng.randrange(n_persons)]
                rec, log = duplicate_record(p, ext_id, qrng)
                w_qt.writerow([ext_id, f"P{p.pid:07d}", "duplicate", p.first_id, ";".join(log)])
            else:
                p, rel = new_person(n_persons + j + 1, qrng, persons, None)
                p.first_id = ext_id
                rec = original_record(p, ext_id, qrng)
                w_qt.writerow([ext_id, "", "relative" if rel else "new", rel.first_id if rel else "", ""])
            w_q.writerow(render(rec, qrng))
    elapsed = time.time() - t0
    return {
        "size": size,
        "persons": len(persons),
        "queries": queries,
        "seed": seed,
        "dup_rate": dup_rate,
        "seconds": round(elapsed, 1),
        **counts,
    }


def describe() -> str:
    lines = ["| corruption (duplicate records) | rate | what |", "| --- | --- | --- |"]
    for k, (rate, what) in CORRUPTIONS.items():
        lines.append(f"| `{k}` | {rate:.0%} | {what} |")
    lines += ["", "| formatting noise (every record, not logged) | rate | what |", "| --- | --- | --- |"]
    for k, (rate, what) in FORMATTING.items():
        lines.append(f"| `{k}` | {rate:.0%} | {what} |")
    lines += [
        "",
        "| region | weight | nationalities | men | given names (m/f) | family names |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in REGIONS.items():
        pools = POOLS[name]
        fam = (
            "father's given name" if pools["family"] is None else f"{len(pools['family'].names)} ({r['family_style']})"
        )
        nats = ", ".join(f"{c} {w}" for c, w in r["nat"])
        lines.append(
            f"| {name} | {r['weight']} | {nats} | {r['male']:.0%} "
            f"| {len(pools['m'].names)}/{len(pools['f'].names)} | {fam} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--dup-rate", type=float, default=0.2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--describe", action="store_true", help="print the corruption and region tables (markdown)")
    args = ap.parse_args()
    if args.describe:
        print(describe())
        return
    if not args.out:
        ap.error("--out is required")
    info = generate(args.size, args.queries, args.seed, args.out, args.dup_rate)
    print(info)


if __name__ == "__main__":
    main()
