"""Candidates for a query record: the people sharing its blocking keys,
scored, best first. A look-up reads one index range per key, then scores the
people sharing the most (and the strongest) keys."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection

from people.matching.keys import keyed
from people.matching.record import Record
from people.matching.score import compare
from people.models import MatchKey, MatchProfile

MIN_SCORE = 5
# At most this many rows are read per key, and this many people scored: a
# very common name with a common birth year must not make the look-up slow.
# A key that fills its quota says little (thousands share it) and counts
# for a quarter.
PER_KEY_ROWS = 1000
MAX_SCORED = 500
KIND_WEIGHT = {"document": 10, "phone": 8, "pair_year": 6, "name": 3, "year": 2, "loose": 1}


PROFILE_FIELDS = Record.ROW_FIELDS


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    office_id: int
    score: int
    weight: float
    reasons: tuple[str, ...]


def _key_rows(keys: list[int]) -> list[tuple[int, int]]:
    """(key, person id) rows, at most PER_KEY_ROWS per key, in one query:
    SELECT * FROM (SELECT ... WHERE key = k1 LIMIT n) UNION ALL ..."""
    quote = connection.ops.quote_name
    table, key, person = quote(MatchKey._meta.db_table), quote("key"), quote("person_id")
    part = f"SELECT * FROM (SELECT {key}, {person} FROM {table} WHERE {key} = %s LIMIT {PER_KEY_ROWS}) AS k{{}}"
    sql = " UNION ALL ".join(part.format(n) for n in range(len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        return cursor.fetchall()


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
    for key, person_id in _key_rows(sorted(all_keys)):
        holders[key].append(person_id)
    excluded = set(exclude)
    tops = {}
    for name, record_keys in keys.items():
        tally: Counter[int] = Counter()
        for key, kind in record_keys.items():
            people = holders.get(key, ())
            weight = KIND_WEIGHT[kind] * (0.25 if len(people) >= PER_KEY_ROWS else 1)
            for person_id in people:
                tally[person_id] += weight
        for person_id in excluded:
            tally.pop(person_id, None)
        tops[name] = [person_id for person_id, _ in tally.most_common(MAX_SCORED)]
    wanted = {person_id for top in tops.values() for person_id in top}
    profiles = {}
    if wanted:
        # Plain tuples, not model instances: a third of the look-up's time.
        rows = MatchProfile.objects.filter(person_id__in=wanted).values_list(*PROFILE_FIELDS)
        profiles = {row[0]: Record.from_row(row) for row in rows}
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
