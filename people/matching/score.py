"""How alike two records are: a Fellegi-Sunter style sum of log2 weights,
one per compared field, turned into a 0-100 score, with the reasons in
plain words.

The weights are set by hand and checked on bench/matching (FEBRL and the
migrant-like generator): a name's weight depends on how closely it agrees
(same spelling, a transliteration variant, a typing difference), a date of
birth's on the precision both sides have, a shared document or phone number
is nearly decisive, and a different document number weighs little because
people get new passports.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from people.matching.normalise import variant, without_article
from people.matching.record import Record

SAME, VARIANT, TYPO, SOUNDS_ALIKE, DIFFERENT = 4, 3, 2, 1, 0
FAMILY_WEIGHTS = {SAME: 8.0, VARIANT: 6.5, TYPO: 5.0, SOUNDS_ALIKE: 2.0, DIFFERENT: -4.5}
GIVEN_WEIGHTS = {SAME: 6.0, VARIANT: 5.0, TYPO: 4.0, SOUNDS_ALIKE: 1.5, DIFFERENT: -3.5}
# The odds, before any comparison, that two records are one person: log2.
# This is the value for a small registry. A scan estimates the registry's own
# (dedupe.estimate_prior: -11.0 on FEBRL3, -15.4 on the generated 20,000,
# -21.5 on the million), and look-ups use the latest scan's
# (people.matching.prior), this one before any scan.
PRIOR = -14.0

REASONS = {
    "family_same": gettext_lazy("same family name"),
    "family_variant": gettext_lazy("family name is a variant"),
    "family_typo": gettext_lazy("family name differs by a letter or two"),
    "family_sounds_alike": gettext_lazy("family name sounds alike"),
    "family_different": gettext_lazy("different family name"),
    "given_same": gettext_lazy("same given name"),
    "given_variant": gettext_lazy("given name is a variant"),
    "given_typo": gettext_lazy("given name differs by a letter or two"),
    "given_sounds_alike": gettext_lazy("given name sounds alike"),
    "given_different": gettext_lazy("different given name"),
    "names_swapped": gettext_lazy("given and family names swapped"),
    "other_name": gettext_lazy("matches another name on the record"),
    "dob_same": gettext_lazy("same date of birth"),
    "dob_swapped": gettext_lazy("day and month of birth swapped"),
    "dob_year_month": gettext_lazy("month and year of birth match"),
    "dob_day_month": gettext_lazy("day and month of birth match, not the year"),
    "dob_year": gettext_lazy("year of birth matches"),
    "dob_close": gettext_lazy("year of birth one year apart"),
    "dob_different": gettext_lazy("different date of birth"),
    "sex_different": gettext_lazy("different sex"),
    "nationality_same": gettext_lazy("nationality matches"),
    "nationality_different": gettext_lazy("different nationality"),
    "document_same": gettext_lazy("same document number"),
    "document_close": gettext_lazy("document number differs by one character"),
    "phone_same": gettext_lazy("same phone number"),
}
_LEVEL_CODE = {SAME: "same", VARIANT: "variant", TYPO: "typo", SOUNDS_ALIKE: "sounds_alike", DIFFERENT: "different"}


@dataclass(slots=True)
class Comparison:
    weight: float
    score: int
    reasons: list[str] = field(default_factory=list)


def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


def reasons_text(codes) -> str:
    return _(", ").join(reason_text(c) for c in codes)


_metaphone = lru_cache(maxsize=200_000)(jellyfish.metaphone)


@lru_cache(maxsize=1_000_000)
def token_level(a: str, b: str) -> int:
    if a == b:
        return SAME
    if variant(a) == variant(b) or without_article(a) == without_article(b):
        return VARIANT
    shorter = min(len(a), len(b))
    if shorter >= 4 and (
        Levenshtein.distance(a, b) <= (2 if shorter >= 8 else 1) or JaroWinkler.similarity(a, b) >= 0.92
    ):
        return TYPO
    if shorter >= 3 and (_metaphone(a) == _metaphone(b) or JaroWinkler.similarity(variant(a), variant(b)) >= 0.9):
        return SOUNDS_ALIKE
    return DIFFERENT


def _with_joined(parts: tuple[str, ...]) -> tuple[str, ...]:
    # "Abdel Rahman" also meets "Abdelrahman", "Gebre Medhin" "Gebremedhin".
    return parts + ("".join(parts),) if len(parts) > 1 else parts


@lru_cache(maxsize=1_000_000)
def best_match(qs: tuple[str, ...], cs: tuple[str, ...]) -> tuple[int, str]:
    """The closest agreement between two sets of name tokens, and the query's
    token that reached it."""
    best, token = DIFFERENT, ""
    for q in qs:
        for c in cs:
            level = token_level(q, c)
            if level > best:
                best, token = level, q
                if best == SAME:
                    return best, token
    return best, token


def best_level(qs: tuple[str, ...], cs: tuple[str, ...]) -> int:
    return best_match(qs, cs)[0]


@dataclass(frozen=True, slots=True)
class TermFrequencies:
    """Weight adjustments for common and rare names (as Splink's term
    frequency adjustments): agreeing on "Mohamed" says less than agreeing on
    "Zabiullah". Built from the records being compared (see dedupe)."""

    given: dict
    family: dict

    @classmethod
    def of(cls, records) -> "TermFrequencies":
        return cls(_adjustments(r.given for r in records), _adjustments(r.family for r in records))


def _adjustments(fields) -> dict[str, float]:
    counts = Counter(code for tokens in fields for code in {variant(t) for t in tokens})
    total = sum(counts.values())
    if not total:
        return {}
    chance = sum(c * c for c in counts.values()) / total / total  # two records agree by chance
    return {code: max(-5.0, min(1.5, math.log2(chance * total / c))) for code, c in counts.items()}


# A name found among the other names (aliases, a father's name) is weaker
# evidence than the same name in its own field.
OTHER_NAME_FACTOR = 0.6


def _part(q, c, other, weights, adjust) -> tuple[float, int, bool]:
    level, token = best_match(q, c)
    via_other = False
    if other:
        level_other, token_other = best_match(q, other)
        if level_other > level:
            level, token, via_other = level_other, token_other, True
    weight = weights[level]
    if adjust and level >= VARIANT:
        weight += adjust.get(variant(token), 0.0)
    if via_other and weight > 0:
        weight *= OTHER_NAME_FACTOR
    return weight, level, via_other


def _names(a: Record, b: Record, tf: TermFrequencies | None) -> tuple[float, list[str]]:
    qf, qg = _with_joined(a.family), _with_joined(a.given)
    cf, cg = _with_joined(b.family), _with_joined(b.given)
    fam_tf, giv_tf = (tf.family, tf.given) if tf else (None, None)
    weight, reasons = 0.0, []
    if qf and (cf or b.other):
        w, level, via_other = _part(qf, cf, b.other, FAMILY_WEIGHTS, fam_tf)
        weight += w
        reasons += [f"family_{_LEVEL_CODE[level]}"] + (["other_name"] if via_other else [])
    if qg and (cg or b.other):
        w, level, via_other = _part(qg, cg, b.other, GIVEN_WEIGHTS, giv_tf)
        weight += w
        reasons.append(f"given_{_LEVEL_CODE[level]}")
        if via_other and "other_name" not in reasons:
            reasons.append("other_name")
    if qf and qg and cf and cg:
        fam_w, fam_x, _ = _part(qf, cg, (), FAMILY_WEIGHTS, giv_tf)
        giv_w, giv_x, _ = _part(qg, cf, (), GIVEN_WEIGHTS, fam_tf)
        swapped = fam_w + giv_w - 0.5
        if swapped > weight:
            return swapped, ["names_swapped", f"family_{_LEVEL_CODE[fam_x]}", f"given_{_LEVEL_CODE[giv_x]}"]
    return weight, reasons


def _dob(a: Record, b: Record) -> tuple[float, str | None]:
    if a.dob is None or b.dob is None:
        return 0.0, None
    x, y = a.dob, b.dob
    if a.dob_precision == "full" and b.dob_precision == "full":
        if x == y:
            return 7.0, "dob_same"
        if x.year == y.year and x.month == y.day and x.day == y.month:
            return 4.0, "dob_swapped"
        if x.year == y.year and (x.month == y.month or x.day == y.day):
            return 2.0, "dob_year_month" if x.month == y.month else "dob_year"
        if (x.month, x.day) == (y.month, y.day):
            return 2.5, "dob_day_month"
        if x.year == y.year:  # both full dates: a typo in day and month is rare
            return -3.0, "dob_year"
        return -6.0, "dob_different"
    if "year" in (a.dob_precision, b.dob_precision):
        if x.year == y.year:
            return 3.0, "dob_year"
        return (0.5, "dob_close") if abs(x.year - y.year) == 1 else (-4.0, "dob_different")
    if (x.year, x.month) == (y.year, y.month):
        return 4.0, "dob_year_month"
    if x.year == y.year:
        return 1.5, "dob_year"
    return (0.0, "dob_close") if abs(x.year - y.year) == 1 else (-4.0, "dob_different")


def compare(a: Record, b: Record, tf: TermFrequencies | None = None) -> Comparison:
    weight, reasons = _names(a, b, tf)
    dob_weight, dob_reason = _dob(a, b)
    weight += dob_weight
    if dob_reason:
        reasons.append(dob_reason)
    if a.sex != "unknown" and b.sex != "unknown":
        if a.sex == b.sex:
            weight += 0.3
        else:
            weight -= 4.0
            reasons.append("sex_different")
    if a.nationality and b.nationality:
        same = a.nationality == b.nationality
        weight += 1.0 if same else -2.5
        reasons.append("nationality_same" if same else "nationality_different")
    if a.documents and b.documents:
        if set(a.documents) & set(b.documents):
            weight += 16.0
            reasons.insert(0, "document_same")
        elif any(len(x) >= 6 and OSA.distance(x, y) <= 1 for x in a.documents for y in b.documents):
            weight += 6.0  # a mistyped number: one character changed, or two swapped
            reasons.insert(0, "document_close")
        else:
            weight -= 0.5
    if a.phone and b.phone == a.phone:
        weight += 8.0
        reasons.insert(0, "phone_same")
    return Comparison(weight=weight, score=to_score(weight), reasons=reasons)


def to_score(weight: float, prior: float = PRIOR) -> int:
    odds = weight + prior
    if odds > 30:
        return 100
    if odds < -30:
        return 0
    return round(100 / (1 + 2.0 ** (-odds)))
