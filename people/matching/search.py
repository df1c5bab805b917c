"""Candidates for a query record: the people sharing its blocking keys,
scored, best first. A look-up reads one index range per key, then scores the
people sharing the most (and the strongest) keys."""

from collections import Counter
from dataclasses import dataclass

from people.matching.keys import keyed
from people.matching.record import Record
from people.matching.score import compare
from people.models import MatchKey, MatchProfile

MIN_SCORE = 5
# At most this many key rows are read, and this many people scored: a very
# common name with a common birth year must not make the look-up slow.
MAX_ROWS = 20_000
MAX_SCORED = 150
KIND_WEIGHT = {"document": 10, "phone": 8, "name": 3, "year": 2, "loose": 1}


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    office_id: int
    score: int
    weight: float
    reasons: tuple[str, ...]


def candidates(query: Record, *, limit: int = 10, exclude=()) -> list[Candidate]:
    keys = keyed(query)
    if not keys:
        return []
    rows = MatchKey.objects.filter(key__in=list(keys)).values_list("key", "person_id")[:MAX_ROWS]
    tally: Counter[int] = Counter()
    for key, person_id in rows:
        tally[person_id] += KIND_WEIGHT[keys[key]]
    for person_id in exclude:
        tally.pop(person_id, None)
    top = [person_id for person_id, _ in tally.most_common(MAX_SCORED)]
    found = []
    for profile in MatchProfile.objects.filter(person_id__in=top):
        comparison = compare(query, Record.from_profile(profile))
        if comparison.score >= MIN_SCORE:
            found.append(
                Candidate(
                    profile.person_id,
                    profile.office_id,
                    comparison.score,
                    comparison.weight,
                    tuple(comparison.reasons),
                )
            )
    found.sort(key=lambda c: (-c.weight, c.person_id))
    return found[:limit]
