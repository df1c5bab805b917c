"""Potential duplicate pairs in a set of records, in memory: records sharing
a blocking key are compared, each pair once. Used by find_duplicates and by
the benchmark (bench/matching), which feeds it FEBRL and generated records.

The scores are the chance that a pair is one person in *this* set of
records: how many people a registry holds twice is estimated from the scan
itself (estimate_prior), as Splink estimates its lambda. In a registry where
few people appear twice, the same agreement weighs less."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from people.matching.keys import batch_keyed
from people.matching.record import Record
from people.matching.score import PRIOR, TermFrequencies, compare, to_score
from people.models import MatchProfile

DEFAULT_MIN_SCORE = 50
# A key shared by more records than this is too broad to compare all its
# pairs; the finer keys of the same records (a name pair with the year, a
# name with the full date) still bring true pairs together. Measured on the
# generated 100,000 (bench/matching): the broad blocks held the namesakes,
# so tighter limits compare a seventh of the pairs and raise F1 (0.76 -> 0.85).
# A near document number is shared by one person's records, seldom by two
# people: FEBRL3 holds people with six records, and a limit of 12 instead of
# 5 finds their mistyped numbers (F1 98.49 -> 98.63) at no cost elsewhere.
MAX_BLOCK = {"pair": 3, "code_year": 5, "pair_year": 30, "date": 5, "document_near": 12}
DEFAULT_MAX_BLOCK = 300


# How strongly the fixed PRIOR holds against the scan's own evidence: as if
# this many pairs had been seen at its rate. A registry of a few hundred
# people (the demo, a new office) keeps about PRIOR; a hundred thousand
# people outweigh it.
PRIOR_PAIRS = 1_000_000
# Pairs weighing this or less are not kept (a scan compares millions): the
# comparison made them no likelier to be one person than any two records.
KEEP_ABOVE = 0.0


@dataclass
class Found:
    pairs: list  # (first id, second id, Comparison scored with `prior`), best first
    prior: float  # log2 odds that two records of this set are one person
    compared: int  # distinct pairs compared


def estimate_prior(weights: Counter, possible_pairs: int) -> float:
    """The share of all record pairs that are one person, by EM on that share
    alone: each compared pair counts with its chance of being a match at the
    current share, pairs never compared count as non-matches, and PRIOR
    weighs in as PRIOR_PAIRS pairs. `weights` counts the compared pairs by
    weight (rounded)."""
    rate0 = 1 / (1 + 2.0**-PRIOR)
    prior = PRIOR
    for _ in range(100):
        expected = sum(n / (1 + 2.0 ** -(w + prior)) for w, n in weights.items())
        rate = (expected + rate0 * PRIOR_PAIRS) / (possible_pairs + PRIOR_PAIRS)
        new = math.log2(rate / (1 - rate))
        if abs(new - prior) < 0.001:
            return new
        prior = new
    return prior


def find_pairs(records: list[Record], *, new_ids: set | None = None, min_score: int = DEFAULT_MIN_SCORE) -> Found:
    # Keys hashed per kind, positions as ints and pairs as one int each: a
    # registry of a hundred thousand people holds millions of these.
    blocks: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, record in enumerate(records):
        for key, kind in batch_keyed(record).items():
            blocks[kind][key].append(index)
    is_new = [new_ids is None or r.id in new_ids for r in records]
    tf = TermFrequencies.of(records)
    size = len(records)
    seen: set[int] = set()
    weights: Counter = Counter()
    kept = []
    for kind, keyed_blocks in blocks.items():
        limit = MAX_BLOCK.get(kind, DEFAULT_MAX_BLOCK)
        for members in keyed_blocks.values():
            if len(members) < 2 or len(members) > limit:
                continue
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if not (is_new[a] or is_new[b]):
                        continue
                    code = a * size + b if a < b else b * size + a
                    if code in seen:
                        continue
                    seen.add(code)
                    first, second = records[a], records[b]
                    comparison = compare(first, second, tf)
                    if first.other or second.other:  # other names count on the compared side only
                        reverse = compare(second, first, tf)
                        comparison = reverse if reverse.weight > comparison.weight else comparison
                    weights[round(comparison.weight, 2)] += 1
                    if comparison.weight > KEEP_ABOVE:
                        pair = (first.id, second.id) if first.id < second.id else (second.id, first.id)
                        kept.append((*pair, comparison))
    new = sum(is_new)
    prior = estimate_prior(weights, new * (size - new) + new * (new - 1) // 2)
    found = []
    for a, b, comparison in kept:
        comparison.score = to_score(comparison.weight, prior)
        if comparison.score >= min_score:
            found.append((a, b, comparison))
    found.sort(key=lambda p: (-p[2].weight, p[0], p[1]))
    return Found(pairs=found, prior=prior, compared=len(seen))


def registry_records(person_ids=None) -> list[Record]:
    profiles = MatchProfile.objects.all()
    if person_ids is not None:
        profiles = profiles.filter(person_id__in=list(person_ids))
    return [Record.from_profile(p) for p in profiles.iterator(chunk_size=5000)]
