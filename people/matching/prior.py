"""The prior of a look-up: how likely a record and one person of the
registry are one person before anything is compared. It is the estimate of
the latest scan of the whole registry (find_duplicates stores it in
RegistryScan), or score.PRIOR before any scan. The chance falls as the
registry grows: with the prior of a small registry, a look-up among a
million people called four in ten newcomers' namesakes likely matches
(bench/matching/hold.py)."""

import time

from people.matching.score import PRIOR

# A scan run by another process (a nightly find_duplicates) reaches every
# look-up within this many seconds; reading it on each look-up would cost a
# query.
TTL_SECONDS = 300

_read: tuple[float, float] | None = None  # (monotonic time read, prior)


def registry_prior() -> float:
    global _read
    now = time.monotonic()
    if _read is None or now - _read[0] > TTL_SECONDS:
        from people.models import RegistryScan

        latest = RegistryScan.objects.order_by("-pk").values_list("prior", flat=True).first()
        _read = (now, PRIOR if latest is None else latest)
    return _read[1]


def remember(value: float) -> None:
    """Score with `value` from now on in this process (a scan just stored it)."""
    global _read
    _read = (time.monotonic(), value)


def forget() -> None:
    """Read the prior from the database at the next look-up."""
    global _read
    _read = None
