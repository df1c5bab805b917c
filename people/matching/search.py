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
# A look-up reads at most ROW_BUDGET key rows, shared among its keys (but
# at least MIN_PER_KEY each), and scores at most MAX_SCORED people: a very
# common name with a common birth year must not make it slow. A query
# without a date of birth has few keys, so each gets a larger share. A key
# that fills its quota says little (thousands share it) and counts for a
# quarter.
ROW_BUDGET = 4000
MIN_PER_KEY = 250
MAX_SCORED = 200
KIND_WEIGHT = {
    "document": 10,
    "phone": 8,
    "pair_year": 6,
    "date": 6,
    "pair_day": 5,
    "name": 3,
    "year": 2,
    "loose": 1,
}


PROFILE_FIELDS = Record.ROW_FIELDS


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    office_id: int
    score: int
    weight: float
    reasons: tuple[str, ...]


def profiles_of(person_ids) -> dict[int, Record]:
    """The people to score, as Records. Plain SQL and tuples, not the ORM:
    building model instances (or even the ORM's query) for 200 people took
    a third of a look-up at a million people."""
    if not person_ids:
        return {}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field) for field in PROFILE_FIELDS)
    marks = ", ".join(["%s"] * len(person_ids))
    sql = f"SELECT {columns} FROM {quote(MatchProfile._meta.db_table)} WHERE {quote('person_id')} IN ({marks})"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(person_ids))
        return {row[0]: Record.from_row(row) for row in cursor.fetchall()}


def quota(keys) -> int:
    return max(MIN_PER_KEY, ROW_BUDGET // max(1, len(keys)))


def _key_rows(keys: dict[int, int]) -> list[tuple[int, int]]:
    """(key, person id) rows, at most the key's quota ({key: quota}), in one
    query: SELECT * FROM (SELECT ... WHERE key = k1 LIMIT n1) UNION ALL ..."""
    quote = connection.ops.quote_name
    table, key, person = quote(MatchKey._meta.db_table), quote("key"), quote("person_id")
    if connection.vendor == "postgresql":
        # One short statement whatever the number of keys: PostgreSQL plans
        # it once (psycopg prepares it after a few uses) where a union of
        # fifty parts took longer to plan than to run.
        sql = (
            f"SELECT k.key, m.{person} FROM unnest(%s::bigint[], %s::int[]) AS k(key, quota) "
            f"CROSS JOIN LATERAL (SELECT {person} FROM {table} WHERE {key} = k.key "
            f"ORDER BY {person} LIMIT k.quota) AS m"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(keys), list(keys.values())])
            return cursor.fetchall()
    part = f"SELECT * FROM (SELECT {key}, {person} FROM {table} WHERE {key} = %s LIMIT {{}}) AS k{{}}"
    sql = " UNION ALL ".join(part.format(int(limit), n) for n, limit in enumerate(keys.values()))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys))
        return cursor.fetchall()


def pre_rank(record_keys: dict[int, str], holders: dict, excluded=frozenset()) -> list[int]:
    """The people worth scoring: those sharing the most (and the strongest)
    keys with the query."""
    tally: Counter[int] = Counter()
    full = quota(record_keys)
    for key, kind in record_keys.items():
        people = holders.get(key, ())
        weight = KIND_WEIGHT[kind] * (0.25 if len(people) >= full else 1)
        for person_id in people:
            tally[person_id] += weight
    for person_id in excluded:
        tally.pop(person_id, None)
    return [person_id for person_id, _ in tally.most_common(MAX_SCORED)]


def candidates(query: Record, *, limit: int = 10, exclude=()) -> list[Candidate]:
    return candidates_many({0: query}, limit=limit, exclude=exclude)[0]


def candidates_many(
    queries: dict, *, limit: int = 10, exclude=(), min_score: int = MIN_SCORE
) -> dict[object, list[Candidate]]:
    """Candidates for several query records at once ({name: Record} ->
    {name: candidates}), in the same two queries as for one: the case page
    looks up every member of a household."""
    keys = {name: keyed(record) for name, record in queries.items()}
    limits: dict[int, int] = {}
    for record_keys in keys.values():
        for key in record_keys:
            limits[key] = max(limits.get(key, 0), quota(record_keys))
    if not limits:
        return {name: [] for name in queries}
    holders: dict[int, list[int]] = defaultdict(list)
    for key, person_id in _key_rows(dict(sorted(limits.items()))):
        holders[key].append(person_id)
    excluded = set(exclude)
    tops = {name: pre_rank(record_keys, holders, excluded) for name, record_keys in keys.items()}
    profiles = profiles_of({person_id for top in tops.values() for person_id in top})
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
