"""Potential duplicate pairs in a set of records, in memory: records sharing
a blocking key are compared, each pair once. Used by find_duplicates and by
the benchmark (bench/matching), which feeds it FEBRL and generated records."""

from collections import defaultdict

from people.matching.keys import batch_keyed
from people.matching.record import Record
from people.matching.score import Comparison, TermFrequencies, compare
from people.models import MatchProfile

DEFAULT_MIN_SCORE = 50
# A key shared by more records than this is too broad to compare all its
# pairs; the finer keys of the same records (a name pair with the year, a
# name with the full date) still bring true pairs together. Measured on the
# generated 100,000 (bench/matching): the broad blocks held the namesakes,
# so tighter limits compare a seventh of the pairs and raise F1 (0.76 -> 0.85).
MAX_BLOCK = {"pair": 3, "code_year": 5, "pair_year": 30, "date": 5}
DEFAULT_MAX_BLOCK = 300


def find_pairs(
    records: list[Record], *, new_ids: set | None = None, min_score: int = DEFAULT_MIN_SCORE
) -> list[tuple[int, int, Comparison]]:
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
    found = []
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
                    if comparison.score >= min_score:
                        pair = (first.id, second.id) if first.id < second.id else (second.id, first.id)
                        found.append((*pair, comparison))
    found.sort(key=lambda p: (-p[2].weight, p[0], p[1]))
    return found


def registry_records(person_ids=None) -> list[Record]:
    profiles = MatchProfile.objects.all()
    if person_ids is not None:
        profiles = profiles.filter(person_id__in=list(person_ids))
    return [Record.from_profile(p) for p in profiles.iterator(chunk_size=5000)]
