"""Candidates for a query record: the people sharing its blocking keys,
scored, best first. A look-up reads one index range per key, then scores the
people sharing the most (and the strongest) keys."""

from collections import Counter, defaultdict
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
    return candidates_many({0: query}, limit=limit, exclude=exclude)[0]


def candidates_many(
    queries: dict, *, limit: int = 10, exclude=(), min_score: int = MIN_SCORE
) -> dict[object, list[Candidate]]:
    """Candidates for several query records at once ({name: Record} ->
    {name: candidates}), in the same two queries as for one: the case page
    looks up every member of a household."""
    keys = {name: keyed(record) for name, record in queries.items()}
    all_keys = {key for record_keys in keys.values() for key in record_keys}
    if not all_keys:
        return {name: [] for name in queries}
    holders: dict[int, list[int]] = defaultdict(list)
    rows = MatchKey.objects.filter(key__in=list(all_keys)).values_list("key", "person_id")
    for key, person_id in rows[: MAX_ROWS * len(queries)]:
        holders[key].append(person_id)
    excluded = set(exclude)
    tops = {}
    for name, record_keys in keys.items():
        tally: Counter[int] = Counter()
        for key, kind in record_keys.items():
            for person_id in holders.get(key, ()):
                tally[person_id] += KIND_WEIGHT[kind]
        for person_id in excluded:
            tally.pop(person_id, None)
        tops[name] = [person_id for person_id, _ in tally.most_common(MAX_SCORED)]
    wanted = {person_id for top in tops.values() for person_id in top}
    profiles = (
        {p.person_id: Record.from_profile(p) for p in MatchProfile.objects.filter(person_id__in=wanted)}
        if wanted
        else {}
    )
    found = {}
    for name, top in tops.items():
        scored = []
        for person_id in top:
            other = profiles.get(person_id)
            if other is None:
                continue
            result = compare(queries[name], other)
            if result.score >= min_score:
                scored.append(Candidate(person_id, other.office_id, result.score, result.weight, tuple(result.reasons)))
        scored.sort(key=lambda c: (-c.weight, c.person_id))
        found[name] = scored[:limit]
    return found
