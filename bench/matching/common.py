"""Shared helpers of the matching benchmark: the project on sys.path with its
Django settings (as manage.py does), data sets with ground truth, metrics."""

from __future__ import annotations

import atexit
import csv
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from itertools import combinations

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def setup_django(database_url: str | None = None) -> None:
    """Import the project like manage.py does, never touching the dev var/ database."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "retour.settings")
    os.environ.setdefault("RETOUR_SECRET_KEY", "bench-only-not-secret")
    if "RETOUR_VAR_DIR" not in os.environ:
        os.environ["RETOUR_VAR_DIR"] = tempfile.mkdtemp(prefix="retour-bench-var-")
        atexit.register(shutil.rmtree, os.environ["RETOUR_VAR_DIR"], True)
    if database_url:
        os.environ["RETOUR_DATABASE_URL"] = database_url
    elif "RETOUR_DATABASE_URL" not in os.environ:
        os.environ["RETOUR_DATABASE_URL"] = f"sqlite:///{os.environ['RETOUR_VAR_DIR']}/unused.sqlite3"
    import django

    django.setup()


# --------------------------------------------------------------------------- metrics
def prf(found: set, truth: set) -> dict:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": len(found) - tp,
        "fn": len(truth) - tp,
        "pairs_found": len(found),
    }


def best_f1(scored: list[tuple[tuple, float]], truth: set) -> dict:
    """The best F1 over all thresholds of a score (an oracle: needs the truth)."""
    ordered = sorted(scored, key=lambda x: -x[1])
    tp = 0
    best = {"f1": 0.0, "threshold": None, "precision": 0.0, "recall": 0.0}
    for n, (pair, score) in enumerate(ordered, 1):
        if pair in truth:
            tp += 1
        # only at the last pair of a score value
        if n < len(ordered) and ordered[n][1] == score:
            continue
        p, r = tp / n, tp / len(truth) if truth else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best["f1"]:
            best = {"f1": round(f, 4), "threshold": score, "precision": round(p, 4), "recall": round(r, 4)}
    return best


def pairs_of_clusters(cluster_of: dict) -> set[tuple]:
    members = defaultdict(list)
    for rid, cid in cluster_of.items():
        members[cid].append(rid)
    out = set()
    for ids in members.values():
        for a, b in combinations(sorted(ids), 2):
            out.add((a, b))
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


# --------------------------------------------------------------------------- generated data
def parse_dob(text: str, precision: str) -> tuple[dt.date | None, str]:
    text = (text or "").strip()
    if not text or precision == "unknown":
        return None, "unknown"
    parts = [int(x) for x in text.split("-")]
    if precision == "year":
        return dt.date(parts[0], 1, 1), "year"
    if precision == "year_month":
        return dt.date(parts[0], parts[1], 1), "year_month"
    return dt.date(parts[0], parts[1], parts[2]), "full"


def read_generated(path: str) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_truth(path: str) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["external_id"]: row for row in csv.DictReader(f)}


def core_version() -> str:
    """The last commit of the matching core (people/matching/) in the working tree, and whether it has local changes."""
    try:
        head = subprocess.check_output(
            ["git", "-C", ROOT, "log", "-1", "--format=%h %s", "--", "people/matching"], text=True
        ).strip()
        dirty = subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "--", "people/matching"]).returncode != 0
        return head[:90] + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


# --------------------------------------------------------------------------- machine
def loadavg() -> list[float]:
    """The 1/5/15-minute load averages: other sessions share this 2-core machine."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    try:
        info["nproc"] = int(subprocess.check_output(["nproc"], text=True).strip())
    except (OSError, subprocess.CalledProcessError):
        pass
    return info
