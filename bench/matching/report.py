"""results.json -> results.md (markdown on stdout)."""

from __future__ import annotations

import json
import sys

P95_TARGET_MS = 20
TOP10_TARGET = 0.98


def scan_cell(run: dict) -> str:
    scan = run.get("scan")
    prior = f"{run['prior']:.2f}" if run.get("prior") is not None else "-14 (fixed)"
    return f"{scan['seconds']} s, {prior}" if scan else f"none, {prior}"


def held_share(scores: dict):
    # results.json of runs before 27 November named it after the hold of 60
    return scores.get("share_held", scores.get("share_with_candidate_score_60_plus"))


def pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f} %"


def num(x, digits=1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def main(path: str) -> None:
    with open(path) as f:
        r = json.load(f)
    out = []
    w = out.append
    m = r.get("machine", {})
    w("# Identity matching benchmark: results")
    w("")
    w(f"Mode: **{r.get('mode', '?')}**, started {r.get('started', '?')}, commit `{r.get('commit', '?')}`. ")
    if r.get("note"):  # runs repeated by hand on a later commit, said in results.json
        w(r["note"])
    w("Produced by `bash bench/matching/run` (see bench/matching/README.md for the data and the method).")
    w("")
    w("## Machine")
    w("")
    dbs = sorted({v["db"]["version"] for k, v in r.items() if isinstance(v, dict) and "db" in v})
    w(f"- {m.get('nproc')} cores (`nproc`), {m.get('ram_gib')} GiB RAM, CPU: {m.get('cpu')}")
    w(f"- Python {m.get('python')}, {m.get('platform')}")
    for db in dbs:
        w(f"- {db}")
    cores = sorted({v.get("core") or v.get("ours", {}).get("core") for v in r.values() if isinstance(v, dict)} - {None})
    for c in cores:
        w(f"- matching core: `{c}`")
    w("")
    targets = []

    # ------------------------------------------------------------------ batch
    batch = [k for k in ("febrl3", "febrl4") if k in r] + sorted(
        (k for k in r if k.startswith("generated_")), key=lambda k: int(k.split("_")[1])
    )
    if batch:
        w("## Batch: find_pairs against Splink")
        w("")
        w("Pairs found against the true pairs. *Splink (documented)*: the settings of Splink's own FEBRL examples")
        w(
            "(with the address fields for FEBRL; for the generated registry the febrl3 model mapped onto our columns "
            "plus"
        )
        w("phone, nationality and sex); *Splink (our fields)*: names, date of birth and document number only.")
        w("Splink predicts at its documented threshold 0.2; ours at find_pairs' default min_score. *Best F1* is an")
        w("oracle: the best threshold chosen with the truth (Splink: among pairs >= 0.2). Times are wall times from")
        w("the raw table to the scored pairs (Splink: DuckDB, both cores; ours: pure Python, one core).")
        w("")
        w("| data | records | true pairs | matcher | precision | recall | F1 | best F1 (threshold) | time |")
        w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for k in batch:
            e = r[k]
            for tool, label in (
                ("ours", "ours (find_pairs)"),
                ("splink_all", "Splink (documented)"),
                ("splink_ours", "Splink (our fields)"),
            ):
                v = e.get(tool, {})
                if "f1" not in v:
                    w(
                        f"| {k} | {e['records']} | {e['true_pairs']} | {label} | {v.get('error') or v.get('skipped')} "
                        "| | | | |"
                    )
                    continue
                b = v.get("best_f1") or {}
                bt = b.get("threshold")
                bts = "–" if bt is None else (f"{bt:.2f}" if isinstance(bt, float) else str(bt))
                extra = f", CPU {v['cpu_seconds']} s, load {v['load'][0]}" if "cpu_seconds" in v else ""
                if tool == "ours":
                    core = v.get("core", "?")[:7]
                    extra = (
                        f" (core {core}; {v['records_seconds']} s records + {v['find_pairs_seconds']} s pairs{extra})"
                    )
                w(
                    f"| {k} | {e['records']} | {e['true_pairs']} | {label} | {pct(v['precision'])} "
                    f"| {pct(v['recall'])} "
                    f"| {pct(v['f1'])} | {pct(b.get('f1'))} ({bts}) | {num(v['seconds'])} s{extra} |"
                )
            o, s = e.get("ours", {}), e.get("splink_all", {})
            if "f1" in o and "f1" in s:
                targets.append(
                    (
                        f"batch {k}: F1 ours >= Splink (documented)",
                        o["f1"] >= s["f1"],
                        f"{pct(o['f1'])} vs {pct(s['f1'])}",
                    )
                )
                targets.append(
                    (
                        f"batch {k}: time ours <= Splink (documented)",
                        o["seconds"] <= s["seconds"],
                        f"{o['seconds']} s vs {s['seconds']} s",
                    )
                )
            mine = e.get("splink_ours", {})
            if "f1" in o and "f1" in mine:
                targets.append(
                    (
                        f"batch {k}: F1 ours >= Splink (our fields)",
                        o["f1"] >= mine["f1"],
                        f"{pct(o['f1'])} vs {pct(mine['f1'])}",
                    )
                )
        w("")
        blocks = [(k, r[k]["ours"]["blocks"]) for k in batch if "blocks" in r[k].get("ours", {})]
        if blocks:
            w("What find_pairs' blocking costs (key groups of 2 to MAX_BLOCK records are compared pair by pair;")
            w("broader groups are skipped):")
            w("")
            w(
                "| data | keys | groups compared | pairs in them | groups skipped | records in skipped groups "
                "| largest group |"
            )
            w("| --- | --- | --- | --- | --- | --- | --- |")
            for k, b in blocks:
                w(
                    f"| {k} | {b['keys']:,} | {b['groups_compared']:,} | {b['pairs_in_groups']:,} "
                    f"| {b['groups_skipped']:,} | {b['records_in_skipped_groups']:,} | {b['largest_group']:,} |"
                )
            w("")
        gens = [k for k in batch if k.startswith("generated_")]
        if gens:
            k = gens[0]
            e = r[k]
            w(f"### Recall per corruption ({k}, pairs original–duplicate)")
            w("")
            w("| corruption of the duplicate | pairs | ours | Splink (documented) | Splink (our fields) |")
            w("| --- | --- | --- | --- | --- |")
            mo = e["ours"].get("misses", {})
            ms = e.get("splink_all", {}).get("misses", {})
            mf = e.get("splink_ours", {}).get("misses", {})
            for c, v in sorted(mo.items(), key=lambda kv: kv[1]["recall"]):
                w(
                    f"| `{c}` | {v['pairs']} | {pct(v['recall'])} | {pct(ms.get(c, {}).get('recall'))} "
                    f"| {pct(mf.get(c, {}).get('recall'))} |"
                )
            w("")
            fp = e["ours"].get("false_positives", {})
            w(
                f"False pairs of ours: {fp.get('relatives', 0)} between relatives (siblings/twins the generator "
                f"makes), {fp.get('other', 0)} others."
            )
            w("")
        for k in batch:
            br = r[k].get("ours", {}).get("by_reason_fn")
            if not br:
                continue
            w(f"### Missed by ours: {k} ({br['missed']} true pairs)")
            w("")
            w(
                "What compare() says of the missed pairs (counts of score bands and reason codes): "
                + ", ".join(f"{c} {n}" for c, n in br["reasons"].items())
            )
            w("")
            for ex in br["examples"][:6]:
                w(f"- score {ex['score']} `{ex['a']}` ~ `{ex['b']}` ({', '.join(ex['reasons'])})")
            w("")

    # ------------------------------------------------------------------ online
    online = sorted(
        (k for k, v in r.items() if isinstance(v, dict) and "latency_ms" in v), key=lambda k: (r[k]["size"], k)
    )
    if online:
        w("## Online: candidates() and POST /api/people/match")
        w("")
        w("Queries: corrupted duplicates of people in the database (90 %) and people not in it (10 %), run one by")
        w("one after a warm-up; latency (wall time) of `people.matching.search.candidates(Record.from_fields(...),")
        w("limit=10)`, and of the API through Django's test Client as a logged-in agency administrator. *CPU p95*:")
        w("CPU time of the benchmark process per query (for SQLite all the work, for PostgreSQL without the")
        w("server's). *Machine load*: the 1-minute load average before and after the queries; other sessions")
        w("share the 2 cores, so wall times are upper bounds.")
        warm = {r[k].get("prewarm", {}).get("how") for k in online} - {None}
        if warm:
            w(f"Before the queries the matching tables were read into the cache ({'; '.join(sorted(warm))}).")
        w("")
        w(
            "| run | database | people | loaded by | load time | top-10 | top-1 | p50 | p95 | p99 | CPU p95 | API p50 "
            "| API p95 | API p99 | scan (find_duplicates), prior | known, held (true record >= hold) "
            "| not known, held (a candidate >= hold) | machine load |"
        )
        w("| --- " * 18 + "|")
        for k in online:
            v = r[k]
            lat, api = v["latency_ms"], v.get("api", {}).get("latency_ms", {})
            w(
                f"| {k} (core {v.get('core', '?')[:7]}) "
                f"| {v['db']['version']} | {v['size']:,} | {v['load']['loader']} | {v['load']['seconds']} s "
                f"| {pct(v['top10_recall'])} | {pct(v['top1'])} | {lat['p50']} ms | {lat['p95']} ms | {lat['p99']} ms "
                f"| {v.get('cpu_ms', {}).get('p95', '–')} ms "
                f"| {api.get('p50', '–')} ms | {api.get('p95', '–')} ms | {api.get('p99', '–')} ms "
                f"| {scan_cell(v)} "
                f"| {pct(v.get('match_held'))} (from {v.get('hold_score', 60)}) "
                f"| {pct(held_share(v['no_match_top_score']))} "
                f"| {' → '.join(str(x[0]) for x in v.get('load_before_after', []))} |"
            )
            targets.append((f"online {k}: p95 <= {P95_TARGET_MS} ms", lat["p95"] <= P95_TARGET_MS, f"{lat['p95']} ms"))
            targets.append((f"online {k}: top-10 >= 98 %", v["top10_recall"] >= TOP10_TARGET, pct(v["top10_recall"])))
            if api.get("p95") is not None:
                targets.append(
                    (f"online {k}: API p95 <= {P95_TARGET_MS} ms", api["p95"] <= P95_TARGET_MS, f"{api['p95']} ms")
                )
        w("")
        big = max(online, key=lambda k: (r[k]["size"], k))
        v = r[big]
        w(f"### Top-10 per corruption ({big})")
        w("")
        w("| corruption of the query | queries | top-10 |")
        w("| --- | --- | --- |")
        for c, x in v["by_corruption"].items():
            w(f"| `{c}` | {x['queries']} | {pct(x['top10'])} |")
        w("")
        w("Why the misses were missed: " + ", ".join(f"{n} {c}" for c, n in v["miss_kinds"].items()))
        w("")
        for ex in v["miss_examples"][:12]:
            w(
                f"- {ex['kind']} [{ex['corruptions']}]: query `{ex['query']}`; true `{ex['true']}`, "
                f"score {ex['true_score']} ({', '.join(ex['true_reasons'])}); top candidate {ex['top_score']}"
            )
        w("")
        w(f"### Slowest queries ({big})")
        w("")
        w("Split: the steps of candidates() redone one by one with search's own helpers, in ms: keys, fetch")
        w("of the key rows (each key's share of the row budget), tally (pre_rank), fetch of the MAX_SCORED")
        w("best-tallied profiles, compare(). 'Key rows matching' counts every row of the keys, past the quotas.")
        w("")
        w("| ms | query | keys | key rows matching | split (ms) |")
        w("| --- | --- | --- | --- | --- |")
        for s in v["slowest"]:
            sp = s.get("split_ms")
            split = (
                sp["error"]
                if sp and "error" in sp
                else f"keys {sp['keys']}, rows {sp['key_rows_fetch']} ({sp['rows']}), tally {sp['tally']} "
                f"({sp['people_tallied']} people), profiles {sp['profiles_fetch']} ({sp['scored']}), "
                f"compare {sp['compare']}"
                if sp
                else "–"
            )
            w(f"| {s['ms']} | `{s['query']}` | {s['keys']} | {s['key_rows']} | {split} |")
        w("")

    failed = [k for k, v in r.items() if isinstance(v, dict) and "error" in v and "db" in v]
    for k in failed:
        w(f"**{k} failed**: `{r[k]['error'][-1500:]}`")
        w("")
    if targets:
        w("## Targets")
        w("")
        w("| target | met | figure |")
        w("| --- | --- | --- |")
        for name, ok, fig in targets:
            w(f"| {name} | {'yes' if ok else '**no**'} | {fig} |")
        w("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/matching/results.json")
