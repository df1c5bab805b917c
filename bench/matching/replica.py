"""An in-memory replica of the look-up, for tuning keys, budgets and scores
without loading a database: the same keyed(), quota(), pre_rank() and
compare() as people.matching.search, over the generated registry held in
dictionaries, with each key's quota taken as its first people by id (as the
databases' (key, person) index gives them). Accuracy only: its timings mean
nothing. The keys and budgets of 27 November 2026 were chosen with it, then
confirmed on SQLite and PostgreSQL by online.py (882 of 900 in both).

    bench/.venv/bin/python bench/matching/replica.py --size 1000000 [--misses]

Needs bench/data/gen-1000000 (made by `bash bench/matching/run`, or
generate.py). The records are cached next to the data (records-N.pkl) on the
first run: a change to normalise.tokens() needs the cache deleted.
"""

from __future__ import annotations

import argparse
import csv
import os
import pickle
import sys
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, read_truth, setup_django  # noqa: E402


def load(data_dir: str, size: int):
    from batch import generated_records, read_generated

    cache = os.path.join(data_dir, f"records-{size}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    rows = read_generated(os.path.join(data_dir, "registry.csv"))[:size]
    truth = read_truth(os.path.join(data_dir, "truth.csv"))
    records = generated_records(rows)
    clusters = [truth[row["external_id"]]["cluster_id"] for row in rows]
    with open(cache, "wb") as f:
        pickle.dump((records, clusters), f, protocol=5)
    return records, clusters


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--data", help="default: bench/data/gen-1000000 (gen-20000 for 20,000)")
    ap.add_argument("--misses", action="store_true", help="print every miss with the reasons")
    args = ap.parse_args()
    data = args.data or os.path.join(ROOT, "bench", "data", f"gen-{20000 if args.size <= 20000 else 1000000}")
    setup_django()
    from online import query_fields

    from people.matching import search
    from people.matching.keys import keyed
    from people.matching.record import Record
    from people.matching.score import compare

    started = time.time()
    records, clusters = load(data, args.size)
    by_id = {r.id: r for r in records}
    index: dict[int, list[int]] = defaultdict(list)
    for record in records:  # ids ascending: a key's list is in index order
        for key in keyed(record):
            index[key].append(record.id)
    people_of: dict[str, set[int]] = defaultdict(set)
    for record, cluster in zip(records, clusters, strict=True):
        people_of[cluster].add(record.id)
    print(f"{len(records)} records, {len(index)} keys, {time.time() - started:.0f} s", file=sys.stderr)

    with open(os.path.join(data, "queries.csv"), newline="", encoding="utf-8") as f:
        queries = list(csv.DictReader(f))
    query_truth = read_truth(os.path.join(data, "queries_truth.csv"))
    hits = with_match = alarms = without = 0
    kinds: Counter[str] = Counter()
    for q in queries:
        query = Record.from_fields(**query_fields(q))
        keys = keyed(query)
        quota = search.quota(keys)
        top = search.pre_rank(keys, {key: index.get(key, [])[:quota] for key in keys})
        found = sorted(
            (
                (c.weight, person_id, c)
                for person_id in top
                if (c := compare(query, by_id[person_id])).score >= search.MIN_SCORE
            ),
            key=lambda x: (-x[0], x[1]),
        )[:10]
        true = people_of.get(query_truth[q["external_id"]]["cluster_id"]) or set()
        if not true:
            without += 1
            alarms += bool(found) and found[0][2].score >= 60
            continue
        with_match += 1
        if any(person_id in true for _w, person_id, _c in found):
            hits += 1
            continue
        best = max((compare(query, by_id[t]) for t in true), key=lambda c: c.weight)
        if not any(key in keys for t in true for key in keyed(by_id[t])):
            kind = "no shared key"
        elif not true & set(top):
            kind = "not among the people scored"
        elif best.score < search.MIN_SCORE:
            kind = "scored below MIN_SCORE"
        else:
            kind = "ranked below the top 10"
        kinds[kind] += 1
        if args.misses:
            t = by_id[min(true)]
            print(
                f"{kind}: {best.score} (top {found[0][2].score if found else '-'}) | "
                f"{q['given_name']} | {q['family_name']} | {q['other_names']} | {q['date_of_birth']} {q['nationality']}"
                f" || {' '.join(t.given)} | {' '.join(t.family)} | {' '.join(t.other)} | {t.dob} {t.nationality}"
                f" | {query_truth[q['external_id']]['corruptions']} | {', '.join(best.reasons)}"
            )
    print(
        f"top-10 {hits / with_match:.2%} ({hits}/{with_match}); "
        f"a candidate scored 60+ for {alarms / without:.0%} of the {without} queries without a match; "
        f"misses: {dict(kinds)}"
    )


if __name__ == "__main__":
    main()
