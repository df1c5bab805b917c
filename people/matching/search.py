"""Candidates for a query record: the people sharing its blocking keys,
scored, best first. A look-up reads one index range per key, then scores the
people sharing the most (and the strongest) keys."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection

from people.matching.keys import keyed
from people.matching.prior import registry_prior
from people.matching.record import Record
from people.matching.score import compare, to_score
from people.models import MatchKey, MatchProfile

# A person is listed when the comparison scores this much at the fixed
# score.PRIOR: enough in common to show, whatever the registry's size. The
# score shown is then the chance at the registry's own prior.
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
    """The people to score, as Records (the SQLite path; PostgreSQL reads
    them in ranked_profiles). Plain SQL and tuples, not the ORM: building
    model instances (or even the ORM's query) for 200 people took a third of
    a look-up at a million people."""
    if not person_ids:
        return {}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field) for field in PROFILE_FIELDS)
    ids = list(person_ids)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {columns} FROM {quote(MatchProfile._meta.db_table)} WHERE {quote('person_id')} IN ({marks})"
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0]: Record.from_row(row) for row in cursor.fetchall()}


def quota(keys) -> int:
    return max(MIN_PER_KEY, ROW_BUDGET // max(1, len(keys)))


def _key_rows(keys: dict[int, int]) -> list[tuple[int, int]]:
    """(key, person id) rows, at most the key's quota ({key: quota}), in one
    query (the SQLite path; PostgreSQL ranks in the database, in
    ranked_profiles): SELECT * FROM (SELECT ... WHERE key = k1 LIMIT n1)
    UNION ALL ..."""
    quote = connection.ops.quote_name
    table, key, person = quote(MatchKey._meta.db_table), quote("key"), quote("person_id")
    part = f"SELECT * FROM (SELECT {key}, {person} FROM {table} WHERE {key} = %s ORDER BY {person} LIMIT {{}}) AS k{{}}"
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
        # Rows past this record's own quota were read for another record of
        # a household: counted as if it were looked up alone.
        people = holders.get(key, ())[:full]
        weight = KIND_WEIGHT[kind] * (0.25 if len(people) >= full else 1)
        for person_id in people:
            tally[person_id] += weight
    for person_id in excluded:
        tally.pop(person_id, None)
    return [person_id for person_id, _ in tally.most_common(MAX_SCORED)]


def ranked_profiles(keys: dict, excluded=frozenset()) -> dict[object, dict[int, Record]]:
    """PostgreSQL: pre_rank in the database for each query record ({name:
    keyed(record)}), with the same tally and the same order among equals (the
    key where a person first appears, then the id), and the profiles of the
    people kept, in one statement whatever the number of records. The up to
    4,000 key rows a record reads stay in the server: one round trip and
    about 3 ms less at p95 for a look-up at a million people."""
    quote = connection.ops.quote_name
    table, key, person = quote(MatchKey._meta.db_table), quote("key"), quote("person_id")
    columns = ", ".join(f"p.{quote(field)}" for field in PROFILE_FIELDS)
    sql = f"""
        WITH k AS (
            SELECT * FROM unnest(%s::int[], %s::bigint[], %s::float8[], %s::int[], %s::int[])
                AS k(q, key, weight, pos, quota)
        ), hit AS (
            SELECT k.q, k.pos, k.weight, k.quota, m.{person}, count(*) OVER (PARTITION BY k.q, k.pos) AS n
            FROM k CROSS JOIN LATERAL (
                SELECT {person} FROM {table} WHERE {key} = k.key ORDER BY {person} LIMIT k.quota
            ) AS m
        ), tally AS (
            SELECT q, {person}, min(pos) AS first,
                sum(CASE WHEN n >= quota THEN weight * 0.25 ELSE weight END) AS tally
            FROM hit WHERE {person} <> ALL(%s::bigint[]) GROUP BY q, {person}
        ), top AS (
            SELECT q, {person} FROM (
                SELECT q, {person}, row_number() OVER (PARTITION BY q ORDER BY tally DESC, first, {person}) AS r
                FROM tally
            ) AS ranked WHERE r <= %s
        )
        SELECT top.q, {columns} FROM top JOIN {quote(MatchProfile._meta.db_table)} AS p ON p.{person} = top.{person}
    """
    names = list(keys)
    columns_in: list[list] = [[], [], [], [], []]
    for q, name in enumerate(names):
        full = quota(keys[name])
        for pos, (k, kind) in enumerate(keys[name].items()):
            for column, value in zip(columns_in, (q, k, float(KIND_WEIGHT[kind]), pos, full), strict=True):
                column.append(value)
    found: dict[object, dict[int, Record]] = {name: {} for name in names}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*columns_in, sorted(excluded), MAX_SCORED])
        for row in cursor.fetchall():
            found[names[row[0]]][row[1]] = Record.from_row(row[1:])
    return found


def candidates(query: Record, *, limit: int = 10, exclude=()) -> list[Candidate]:
    return candidates_many({0: query}, limit=limit, exclude=exclude)[0]


def candidates_many(queries: dict, *, limit: int = 10, exclude=(), min_score: int = 0) -> dict[object, list[Candidate]]:
    """Candidates for several query records at once ({name: Record} ->
    {name: candidates}), in as many queries as for one (one on PostgreSQL,
    two on SQLite): the case page looks up every member of a household."""
    keys = {name: keyed(record) for name, record in queries.items()}
    if not any(keys.values()):
        return {name: [] for name in queries}
    excluded = set(exclude)
    if connection.vendor == "postgresql":
        ranked = ranked_profiles(keys, excluded)
        tops = {name: list(found) for name, found in ranked.items()}
        profiles = {person_id: record for found in ranked.values() for person_id, record in found.items()}
    else:
        # Each key read once, as far as the record that needs the most rows.
        limits: dict[int, int] = {}
        for record_keys in keys.values():
            for key in record_keys:
                limits[key] = max(limits.get(key, 0), quota(record_keys))
        holders: dict[int, list[int]] = defaultdict(list)
        for key, person_id in _key_rows(dict(sorted(limits.items()))):
            holders[key].append(person_id)
        tops = {name: pre_rank(record_keys, holders, excluded) for name, record_keys in keys.items()}
        profiles = profiles_of({person_id for top in tops.values() for person_id in top})
    prior = registry_prior()
    found = {}
    for name, top in tops.items():
        scored = []
        for person_id in top:
            other = profiles.get(person_id)
            if other is None:
                continue
            result = compare(queries[name], other)
            score = to_score(result.weight, prior)
            if result.score >= MIN_SCORE and score >= min_score:
                scored.append(Candidate(person_id, other.office_id, score, result.weight, tuple(result.reasons)))
        scored.sort(key=lambda c: (-c.weight, c.person_id))
        found[name] = scored[:limit]
    return found
