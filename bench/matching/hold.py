"""How often the registration hold would fire (a candidate scored
people.views_match.HOLD_SCORE or more), for people already known and for
people who are not, under other ways of turning weights into scores. An
in-memory experiment on replica.py's look-up (the same keys, budgets,
pre-ranking and compare()); it changes nothing in the product.

    bench/.venv/bin/python bench/matching/hold.py --size 1000000

Ways compared:
- fixed: today's score, the fixed prior (score.PRIOR);
- tf: the same with name-frequency adjustments (score.TermFrequencies of
  the whole registry, as the batch scan uses);
- prior -k: the prior lowered by k bits (a registry-size-aware prior would
  lower it by log2(size / 20,000), 5.6 bits at a million);
- estimate: the prior the product uses since a scan stores it
  (people.matching.prior): find_pairs' estimate on the same registry, as
  manage.py find_duplicates makes it (or --prior, to skip the scan: 7.5
  minutes and 5 GB at a million), with the hold from HOLD_SCORE and lower;
- compete: the candidates of one look-up compete for one person: each gets
  2^(w+prior) / (1 + the sum over all scored candidates);
- compete + tf: the same with the name-frequency adjustments.
The ranking (top-10) is the same for all but the two with name frequencies.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, read_truth, setup_django  # noqa: E402


def probability(odds: float) -> float:
    return 1.0 if odds > 60 else 0.0 if odds < -60 else 1 / (1 + 2.0**-odds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--prior", type=float, help="the registry's estimate, if known (else a scan finds it)")
    args = ap.parse_args()
    setup_django()
    from online import query_fields
    from replica import load

    from people.matching import search
    from people.matching.keys import keyed
    from people.matching.record import Record
    from people.matching.score import PRIOR, TermFrequencies, compare, to_score
    from people.views_match import HOLD_SCORE

    data = os.path.join(ROOT, "bench", "data", f"gen-{20000 if args.size <= 20000 else 1000000}")
    started = time.time()
    records, clusters = load(data, args.size)
    by_id = {r.id: r for r in records}
    index: dict[int, list[int]] = defaultdict(list)
    for record in records:
        for key in keyed(record):
            index[key].append(record.id)
    people_of: dict[str, set[int]] = defaultdict(set)
    for record, cluster in zip(records, clusters, strict=True):
        people_of[cluster].add(record.id)
    tf = TermFrequencies.of(records)
    print(f"{len(records)} records, {time.time() - started:.0f} s", file=sys.stderr)
    estimate = args.prior
    if estimate is None:
        from people.matching.dedupe import find_pairs

        estimate = find_pairs(records).prior
        print(f"the scan estimates a prior of {estimate:.2f}, {time.time() - started:.0f} s", file=sys.stderr)
    lower = [score for score in (50, 40, 30, 25, 20, 15, 10) if score < HOLD_SCORE]

    by_size = f"prior -{math.log2(args.size / 20000):.1f}"
    ways = list(dict.fromkeys(["fixed", "tf", "prior -2", "prior -3", by_size, "compete", "compete + tf"]))
    ways += [f"estimate {estimate:.2f}"] + [f"estimate, hold from {score}" for score in lower]
    ways = [w for w in ways if w != "prior -0.0"]
    counts = {w: {"top10": 0, "known": 0, "unknown": 0} for w in ways}
    with open(os.path.join(data, "queries.csv"), newline="", encoding="utf-8") as f:
        queries = list(csv.DictReader(f))
    truth = read_truth(os.path.join(data, "queries_truth.csv"))
    known = unknown = 0
    for q in queries:
        query = Record.from_fields(**query_fields(q))
        keys = keyed(query)
        quota = search.quota(keys)
        top = search.pre_rank(keys, {key: index.get(key, [])[:quota] for key in keys})
        true = people_of.get(truth[q["external_id"]]["cluster_id"]) or set()
        known += bool(true)
        unknown += not true
        plain = [(person_id, compare(query, by_id[person_id]).weight) for person_id in top]
        with_tf = [(person_id, compare(query, by_id[person_id], tf).weight) for person_id in top]
        for way in ways:
            weights = with_tf if way.endswith("tf") else plain
            if way.startswith("compete"):
                total = sum(2.0 ** min(60.0, w + PRIOR) for _p, w in weights)
                scores = [(w, p, 100 * 2.0 ** min(60.0, w + PRIOR) / (1 + total)) for p, w in weights]
            elif way.startswith("estimate"):
                scores = [(w, p, 100 * probability(w + estimate)) for p, w in weights]
            else:
                shift = 0.0 if way in ("fixed", "tf") else float(way.split()[1])
                scores = [(w, p, 100 * probability(w + PRIOR + shift)) for p, w in weights]
            # the look-up's own cut (MIN_SCORE on today's score), best ten by weight
            kept = [s for s in scores if to_score(s[0]) >= search.MIN_SCORE]
            found = sorted(kept, key=lambda s: (-s[0], s[1]))[:10]
            hold = int(way.rsplit(" ", 1)[1]) if ", hold from" in way else HOLD_SCORE
            held = [p for _w, p, score in found if score >= hold]
            if true:
                counts[way]["top10"] += any(p in true for _w, p, _s in found)
                counts[way]["known"] += any(p in true for p in held)
            else:
                counts[way]["unknown"] += bool(held)
    print(f"{args.size:,} people; {known} queries for people known, {unknown} for people not known\n")
    print("| scores | top-10 | hold fires: known | hold fires: not known |")
    print("| --- | --- | --- | --- |")
    for way in ways:
        c = counts[way]
        print(f"| {way} | {c['top10'] / known:.1%} | {c['known'] / known:.1%} | {c['unknown'] / unknown:.1%} |")


if __name__ == "__main__":
    main()
