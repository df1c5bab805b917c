"""Online matching: load N generated people into a real database, then time
people.matching.search.candidates (and POST /api/people/match) on query
records, and count how often the true earlier record is in the top 10.

    RETOUR_DATABASE_URL=sqlite:////tmp/x/bench.sqlite3 python bench/matching/online.py --data DIR --out online.json
    scripts/with-postgres.sh python bench/matching/online.py --data DIR --out online.json   # PostgreSQL

The database must be a throw-away one (it is migrated and filled here).  The
people are loaded with `manage.py import_people` when that command is in the
repository's history, otherwise with Person.bulk_create +
people.matching.index.bulk_index (the result says which).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, core_version, loadavg, machine, parse_dob, percentile, read_truth, setup_django  # noqa: E402

OFFICES = {
    # code: (agency, city, country, timezone)
    "BXL": ("fedasil", "Brussels", "BE", "Europe/Brussels"),
    "ANT": ("fedasil", "Antwerp", "BE", "Europe/Brussels"),
    "GNT": ("fedasil", "Ghent", "BE", "Europe/Brussels"),
    "LGE": ("fedasil", "Liège", "BE", "Europe/Brussels"),
    "CRL": ("fedasil", "Charleroi", "BE", "Europe/Brussels"),
    "PAR": ("ofii", "Paris", "FR", "Europe/Paris"),
    "MRS": ("ofii", "Marseille", "FR", "Europe/Paris"),
    "LYO": ("ofii", "Lyon", "FR", "Europe/Paris"),
    "LIL": ("ofii", "Lille", "FR", "Europe/Paris"),
}
ADMIN = "bench-admin"


def git_tracked(path: str) -> bool:
    r = subprocess.run(["git", "-C", ROOT, "ls-files", "--error-unmatch", path], capture_output=True)
    return r.returncode == 0


def db_info() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("select sqlite_version()")
            return {"vendor": "sqlite", "version": "SQLite " + cur.fetchone()[0]}
        cur.execute("select version()")
        return {"vendor": connection.vendor, "version": cur.fetchone()[0].split(" on ")[0]}


def prepare() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from organisations.models import Agency, Membership, Office, Role

    call_command("migrate", verbosity=0, interactive=False)
    agencies = {
        "fedasil": Agency.objects.get_or_create(
            code="fedasil", defaults=dict(name="Fedasil", kind="return_agency", country="BE")
        )[0],
        "ofii": Agency.objects.get_or_create(
            code="ofii", defaults=dict(name="OFII", kind="return_agency", country="FR")
        )[0],
    }
    for code, (agency, city, country, tz) in OFFICES.items():
        Office.objects.get_or_create(
            code=code,
            defaults=dict(
                agency=agencies[agency],
                name=f"{agencies[agency].name} {city}",
                city=city,
                country=country,
                timezone=tz,
                email=f"{code.lower()}@example.org",
                phone="+32 2 000 00 00",
            ),
        )
    user, created = get_user_model().objects.get_or_create(username=ADMIN)
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, office=Office.objects.get(code="BXL"), role=Role.AGENCY_ADMIN)


def load_with_command(path: str) -> dict:
    env = dict(os.environ)
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, os.path.join(ROOT, "manage.py"), "import_people", path, "--by", ADMIN, "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"import_people failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    return {"loader": "manage.py import_people", "seconds": round(seconds, 1), "output": r.stdout.strip()[-500:]}


def scan_with_command() -> dict:
    """manage.py find_duplicates over the whole registry, as a team leader's
    nightly job would run it: it fills the queue and stores the estimate the
    look-ups then score with (people.matching.prior)."""
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, os.path.join(ROOT, "manage.py"), "find_duplicates"], capture_output=True, text=True
    )
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"find_duplicates failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    return {"command": "manage.py find_duplicates", "seconds": round(seconds, 1), "output": r.stdout.strip()[-600:]}


def load_with_bulk_create(path: str, progress: bool = True) -> dict:
    """Fallback while import_people has not landed: Person rows, their other
    names (aliases) and passports, then bulk_index, in chunks."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from core.names import normalise_document_number
    from organisations.models import Office
    from people.matching.index import bulk_index, profile_for
    from people.models import Alias, IdentityDocument, Person

    user = get_user_model().objects.get(username=ADMIN)
    offices = {o.code: o.pk for o in Office.objects.all()}
    t0 = time.perf_counter()
    chunk: list[dict] = []
    n = 0

    def flush(rows):
        people = []
        for row in rows:
            dob, precision = parse_dob(row["date_of_birth"], row["dob_precision"])
            people.append(
                Person(
                    given_name=row["given_name"][:150],
                    family_name=row["family_name"][:150],
                    sex=row["sex"] or "unknown",
                    date_of_birth=dob,
                    dob_precision=precision,
                    nationality=row["nationality"],
                    phone=row["phone"],
                    registered_by_office_id=offices[row["office"]],
                    created_by=user,
                    external_id=row["external_id"],
                )
            )
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=5000)
            aliases, documents, profiles = [], [], []
            for person, row in zip(people, rows, strict=True):
                names = [x.strip() for x in row["other_names"].replace(",", ";").split(";") if x.strip()]
                docs = [row["document_number"]] if row["document_number"] else []
                aliases += [Alias(person=person, name=name) for name in names]
                documents += [
                    IdentityDocument(
                        person=person, doc_type="passport", number=d, number_normalised=normalise_document_number(d)
                    )
                    for d in docs
                ]
                profiles.append(profile_for(person, aliases=names, documents=docs))
            Alias.objects.bulk_create(aliases, batch_size=5000)
            IdentityDocument.objects.bulk_create(documents, batch_size=5000)
            bulk_index(profiles)

    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            chunk.append(row)
            if len(chunk) == 10000:
                flush(chunk)
                n += len(chunk)
                chunk = []
                if progress and n % 100000 == 0:
                    print(f"  loaded {n} in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        if chunk:
            flush(chunk)
            n += len(chunk)
    return {
        "loader": "Person.bulk_create + people.matching.index.bulk_index",
        "seconds": round(time.perf_counter() - t0, 1),
    }


def registry_csv(data_dir: str, size: int, work_dir: str) -> str:
    """The first `size` rows of the generated registry (the registry of a
    smaller size is a prefix of a larger one)."""
    src = os.path.join(data_dir, "registry.csv")
    with open(src, encoding="utf-8") as f:
        total = sum(1 for _ in f) - 1
    if total == size:
        return src
    if total < size:
        raise SystemExit(f"{src} has {total} rows, fewer than {size}")
    dst = os.path.join(work_dir, f"registry-{size}.csv")
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i > size:
                break
            g.write(line)
    return dst


def query_fields(row: dict) -> dict:
    dob, precision = parse_dob(row["date_of_birth"], row["dob_precision"])
    return dict(
        given_name=row["given_name"],
        family_name=row["family_name"],
        other_names=row["other_names"],
        date_of_birth=dob,
        dob_precision=precision,
        sex=row["sex"],
        nationality=row["nationality"],
        document_number=row["document_number"],
        phone=row["phone"],
    )


def api_payload(row: dict) -> dict:
    keys = ("given_name", "family_name", "other_names", "sex", "nationality", "document_number", "phone")
    payload = {k: row[k] for k in keys if row[k]}
    if row["date_of_birth"] and row["dob_precision"] != "unknown":
        payload["date_of_birth"] = row["date_of_birth"]
        payload["dob_precision"] = row["dob_precision"]
    return payload


def prewarm() -> dict:
    """Read the matching tables and indexes once into the OS cache (a
    registry of a million people fits in memory; production runs warm):
    pg_prewarm(..., 'read') on PostgreSQL, the database file on SQLite."""
    from django.db import connection

    t0 = time.perf_counter()
    tables = ["people_matchkey", "people_matchprofile"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            try:
                cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
                how = "pg_prewarm(read) of the tables and their indexes"
                for table in tables:
                    cur.execute("SELECT pg_prewarm(%s::regclass, 'read')", [table])
                    cur.execute(
                        "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass", [table]
                    )
                    for (index,) in cur.fetchall():
                        cur.execute("SELECT pg_prewarm(%s::regclass, 'read')", [index])
            except Exception:  # noqa: BLE001 - no contrib module: a full read of the tables instead
                how = "full scans of the tables (no pg_prewarm)"
                for table in tables:
                    cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
    else:
        how = "the database file read once"
        name = connection.settings_dict["NAME"]
        for path in (name, f"{name}-wal"):
            if os.path.exists(path):
                with open(path, "rb") as f:
                    while f.read(16 << 20):
                        pass
    return {"how": how, "seconds": round(time.perf_counter() - t0, 1)}


def safe_split_times(rec) -> dict:
    try:
        return split_times(rec)
    except Exception as exc:  # noqa: BLE001 - a diagnostic only; the core may have changed
        return {"error": f"{type(exc).__name__}: {exc}"}


def split_times(rec) -> dict:
    """Where a look-up spends its time, by redoing the steps of
    people.matching.search.candidates one by one (a diagnostic: it calls
    the same helpers). On PostgreSQL candidates runs the first three in one
    statement (ranked_profiles); these are the steps of the SQLite path."""
    from people.matching import search
    from people.matching.keys import keyed
    from people.matching.score import compare

    t = [time.perf_counter()]
    keys = keyed(rec)
    t.append(time.perf_counter())
    quota = search.quota(keys)
    rows = search._key_rows({key: quota for key in sorted(keys)})
    t.append(time.perf_counter())
    holders = defaultdict(list)
    for key, person_id in rows:
        holders[key].append(person_id)
    top = search.pre_rank(keys, holders)
    t.append(time.perf_counter())
    profiles = search.profiles_of(top)
    t.append(time.perf_counter())
    for other in profiles.values():
        compare(rec, other)
    t.append(time.perf_counter())
    names = ["keys", "key_rows_fetch", "tally", "profiles_fetch", "compare"]
    out = {n: round((t[i + 1] - t[i]) * 1000, 1) for i, n in enumerate(names)}
    out["rows"], out["people_tallied"], out["scored"] = (
        len(rows),
        len({p for ps in holders.values() for p in ps}),
        len(profiles),
    )
    return out


def run_queries(data_dir: str, size: int, warmup: int, api: bool) -> dict:
    from people.matching import search
    from people.matching.keys import keys_for
    from people.matching.record import Record
    from people.matching.score import compare
    from people.matching.search import candidates
    from people.models import MatchKey, MatchProfile, Person

    truth = read_truth(os.path.join(data_dir, "truth.csv"))
    with open(os.path.join(data_dir, "queries.csv"), newline="", encoding="utf-8") as f:
        queries = list(csv.DictReader(f))
    qtruth = read_truth(os.path.join(data_dir, "queries_truth.csv"))
    person_of = dict(Person.objects.filter(external_id__startswith="R").values_list("external_id", "pk"))
    cluster_people: dict[str, set[int]] = defaultdict(set)
    for ext, pk in person_of.items():
        cluster_people[truth[ext]["cluster_id"]].add(pk)

    records = [Record.from_fields(**query_fields(q)) for q in queries]
    warm = prewarm()
    # warm-up: the first queries once, untimed
    for rec in records[:warmup]:
        candidates(rec, limit=10)
    timings, cpu, results = [], [], []
    load_before = loadavg()
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        found = candidates(Record.from_fields(**query_fields(q)), limit=10)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        results.append(found)
    load_after = loadavg()

    from people.matching.prior import registry_prior
    from people.views_match import HOLD_SCORE as hold  # registration is held from this score

    with_match = hits = top1 = held = 0
    by_corruption_total, by_corruption_hit = Counter(), Counter()
    misses = []
    no_match_scores = []
    for q, rec, found in zip(queries, records, results, strict=True):
        t = qtruth[q["external_id"]]
        ids = [c.person_id for c in found]
        if t["cluster_id"] and cluster_people.get(t["cluster_id"]):
            with_match += 1
            true_ids = cluster_people[t["cluster_id"]]
            hit = any(i in true_ids for i in ids)
            hits += hit
            held += any(c.person_id in true_ids and c.score >= hold for c in found)
            top1 += bool(ids) and ids[0] in true_ids
            labels = [c for c in t["corruptions"].split(";") if c] or ["(none)"]
            for c in labels:
                by_corruption_total[c] += 1
                by_corruption_hit[c] += hit
            if not hit:
                misses.append((q, rec, found, true_ids, t["corruptions"]))
        else:
            no_match_scores.append(found[0].score if found else 0)

    # why the misses were missed: no shared key (blocking), shared keys but
    # not among the people scored (cut by MAX_SCORED), or scored too low
    miss_kinds = Counter()
    miss_examples = []
    for q, rec, found, true_ids, corruptions in misses:
        qkeys = keys_for(rec)
        best = None
        for profile in MatchProfile.objects.filter(person_id__in=true_ids):
            other = Record.from_profile(profile)
            shared = len(qkeys & keys_for(other))
            c = compare(rec, other)
            if best is None or c.weight > best[1].weight:
                best = (other, c, shared)
        if best is None:
            miss_kinds["no profile"] += 1
            continue
        other, c, shared = best
        if shared == 0:
            kind = "no shared blocking key"
        elif found and c.weight <= found[-1].weight:
            kind = "shared keys, ranked below the top 10"
        elif c.score < search.MIN_SCORE:
            kind = "shared keys, score below MIN_SCORE"
        else:
            kind = "shared keys, not among the people scored (row budget / MAX_SCORED cut)"
        miss_kinds[kind] += 1
        if len(miss_examples) < 25:
            miss_examples.append(
                {
                    "kind": kind,
                    "corruptions": corruptions,
                    "query": " | ".join(
                        q[k]
                        for k in (
                            "given_name",
                            "family_name",
                            "other_names",
                            "date_of_birth",
                            "nationality",
                            "document_number",
                            "phone",
                        )
                    ),
                    "true": f"{' '.join(other.given)} | {' '.join(other.family)} | {' '.join(other.other)} | "
                    f"{other.dob} ({other.dob_precision}) | {other.nationality} | {' '.join(other.documents)}",
                    "true_score": c.score,
                    "true_reasons": c.reasons,
                    "top_score": found[0].score if found else None,
                }
            )

    # the slowest queries, with what made them slow
    slow = []
    for i in sorted(range(len(timings)), key=lambda i: -timings[i])[:10]:
        q, rec = queries[i], records[i]
        keys = keys_for(rec)
        rows = MatchKey.objects.filter(key__in=list(keys)).count()
        slow.append(
            {
                "ms": round(timings[i], 1),
                "query": f"{q['given_name']} | {q['family_name']} | {q['other_names']} | {q['date_of_birth']}",
                "keys": len(keys),
                "key_rows": rows,
                "split_ms": safe_split_times(rec),
            }
        )

    out = {
        "prewarm": warm,
        "queries": len(queries),
        "queries_with_match": with_match,
        "top10_recall": round(hits / with_match, 4) if with_match else None,
        "top1": round(top1 / with_match, 4) if with_match else None,
        "latency_ms": {
            "p50": round(percentile(timings, 0.50), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "p99": round(percentile(timings, 0.99), 2),
            "max": round(max(timings), 2),
            "mean": round(sum(timings) / len(timings), 2),
        },
        # CPU time of this process only (for SQLite all the work; for PostgreSQL without the server's)
        "cpu_ms": {"p50": round(percentile(cpu, 0.50), 2), "p95": round(percentile(cpu, 0.95), 2)},
        "load_before_after": [load_before, load_after],
        # The registration hold (people.views_match.HOLD_SCORE): how often
        # it fires for a person already known, and for one who is not, at the
        # prior in force (the estimate of the scan after the load).
        "hold_score": hold,
        "prior": registry_prior(),
        "match_held": round(held / with_match, 4) if with_match else None,
        "no_match_queries": len(no_match_scores),
        "no_match_top_score": {
            "p50": percentile(no_match_scores, 0.5),
            "p95": percentile(no_match_scores, 0.95),
            "share_held": round(sum(s >= hold for s in no_match_scores) / len(no_match_scores), 4)
            if no_match_scores
            else None,
        },
        "by_corruption": {
            c: {"queries": by_corruption_total[c], "top10": round(by_corruption_hit[c] / by_corruption_total[c], 4)}
            for c in sorted(by_corruption_total, key=lambda c: by_corruption_hit[c] / by_corruption_total[c])
        },
        "miss_kinds": dict(miss_kinds),
        "miss_examples": miss_examples,
        "slowest": slow,
    }
    if api:
        out["api"] = time_api(queries, warmup)
    return out


def time_api(queries: list[dict], warmup: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=ADMIN))
    statuses = Counter()
    for q in queries[:warmup]:
        client.post("/api/people/match", api_payload(q), content_type="application/json")
    timings = []
    for q in queries:
        payload = api_payload(q)
        t0 = time.perf_counter()
        r = client.post("/api/people/match", payload, content_type="application/json")
        timings.append((time.perf_counter() - t0) * 1000)
        statuses[r.status_code] += 1
    return {
        "endpoint": "POST /api/people/match (Django test Client, logged-in agency administrator)",
        "statuses": dict(statuses),
        "latency_ms": {
            "p50": round(percentile(timings, 0.50), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "p99": round(percentile(timings, 0.99), 2),
            "max": round(max(timings), 2),
        },
    }


def save(out: str, label: str, info: dict) -> None:
    results = {}
    if os.path.exists(out):
        with open(out) as f:
            results = json.load(f)
    results.setdefault("machine", machine())
    results[label] = info
    with open(out, "w") as f:
        json.dump(results, f, indent=1, default=str)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="generated data directory (registry.csv, truth.csv, queries*.csv)")
    ap.add_argument("--size", type=int, required=True, help="people to load (a prefix of registry.csv)")
    ap.add_argument("--work", required=True, help="a temp directory for files")
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--out", required=True)
    ap.add_argument("--label", required=True, help="the key of this run in the output JSON")
    ap.add_argument("--loader", choices=("auto", "command", "bulk"), default="auto")
    args = ap.parse_args()
    os.environ.setdefault("RETOUR_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    setup_django()
    # Import the whole core now: the code that answers the queries is the code
    # of the index that import_people builds at the same moment.
    import people.matching.keys
    import people.matching.score
    import people.matching.search  # noqa: F401
    from people.models import Person

    info = {"size": args.size, "db": db_info(), "core": core_version()}
    print(f"[{args.label}] {info['db']['version']}: preparing", file=sys.stderr, flush=True)
    prepare()
    if Person.objects.exists():
        raise SystemExit("the database already holds people: use a throw-away database")
    path = registry_csv(args.data, args.size, args.work)
    use_command = args.loader == "command" or (
        args.loader == "auto" and git_tracked("people/management/commands/import_people.py")
    )
    print(
        f"[{args.label}] loading {args.size} people ({'import_people' if use_command else 'bulk_create'})",
        file=sys.stderr,
        flush=True,
    )
    try:
        info["load"] = load_with_command(path) if use_command else load_with_bulk_create(path)
    except SystemExit as exc:
        info["error"] = str(exc)[-3000:]
        save(args.out, args.label, info)
        raise
    info["load"]["people"] = Person.objects.count()
    print(f"[{args.label}] loaded in {info['load']['seconds']} s; scanning", file=sys.stderr, flush=True)
    if use_command:
        from people.matching import prior

        info["scan"] = scan_with_command()
        prior.forget()
    print(f"[{args.label}] querying", file=sys.stderr, flush=True)
    api = git_tracked("people/api_match.py")
    info.update(run_queries(args.data, args.size, args.warmup, api))
    info["core_at_end"] = core_version()  # the core may change while a long run goes on
    save(args.out, args.label, info)
    lat = info["latency_ms"]
    print(
        f"[{args.label}] top10={info['top10_recall']} p50={lat['p50']} p95={lat['p95']} p99={lat['p99']} ms"
        + (f" api p95={info['api']['latency_ms']['p95']} ms" if "api" in info else ""),
        flush=True,
    )


if __name__ == "__main__":
    main()
