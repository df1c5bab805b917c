"""What the demo contains: how many cases end in each status, the path each
takes through the lifecycle and when, and where people come from."""

import random
import re
import unicodedata
from dataclasses import dataclass, field

from cases.lifecycle import Status

SEED = 20251204

S = Status
CHAIN = [
    S.INTAKE,
    S.COUNSELLING,
    S.APPLICATION,
    S.ELIGIBILITY,
    S.TRAVEL_PREPARATION,
    S.READY_TO_DEPART,
    S.DEPARTED,
    S.REINTEGRATION,
    S.MONITORING,
]

# How many cases end in each status: the full demo (308) and --small (40).
FULL_PLAN = {
    S.INTAKE: 25,
    S.COUNSELLING: 45,
    S.APPLICATION: 25,
    S.ELIGIBILITY: 20,
    S.TRAVEL_PREPARATION: 25,
    S.READY_TO_DEPART: 15,
    S.DEPARTED: 20,
    S.REINTEGRATION: 30,
    S.MONITORING: 25,
    S.CLOSED: 30,
    S.WITHDRAWN: 15,
    S.NO_SHOW: 8,
    S.ABSCONDED: 8,
    S.CANCELLED: 6,
    S.FORCED_RETURN: 5,
    S.OTHER_EXIT: 6,
}
SMALL_PLAN = {
    S.INTAKE: 3,
    S.COUNSELLING: 5,
    S.APPLICATION: 3,
    S.ELIGIBILITY: 2,
    S.TRAVEL_PREPARATION: 3,
    S.READY_TO_DEPART: 2,
    S.DEPARTED: 3,
    S.REINTEGRATION: 3,
    S.MONITORING: 3,
    S.CLOSED: 3,
    S.WITHDRAWN: 2,
    S.NO_SHOW: 2,
    S.ABSCONDED: 2,
    S.CANCELLED: 1,
    S.FORCED_RETURN: 1,
    S.OTHER_EXIT: 2,
}

# The status an exit is taken from, with relative weights.
EXIT_FROM = {
    S.WITHDRAWN: {S.COUNSELLING: 4, S.APPLICATION: 2, S.ELIGIBILITY: 1, S.TRAVEL_PREPARATION: 2, S.READY_TO_DEPART: 1},
    S.NO_SHOW: {S.TRAVEL_PREPARATION: 1, S.READY_TO_DEPART: 3},
    S.ABSCONDED: {S.INTAKE: 1, S.COUNSELLING: 2, S.ELIGIBILITY: 1, S.TRAVEL_PREPARATION: 2},
    S.CANCELLED: {S.APPLICATION: 1, S.ELIGIBILITY: 3, S.TRAVEL_PREPARATION: 1},
    S.FORCED_RETURN: {S.COUNSELLING: 2, S.APPLICATION: 1, S.ELIGIBILITY: 1},
    S.OTHER_EXIT: {S.COUNSELLING: 3, S.REINTEGRATION: 1, S.MONITORING: 2},
    S.CLOSED: {S.DEPARTED: 35, S.MONITORING: 65},
}

# The cases waiting at the eligibility step, in the order they are built:
# what became of the package so far (None: not proposed yet), and the office
# where the first ones are, so that the team leaders of Brussels and
# Marseille find proposals waiting for their approval.
ELIGIBILITY_PACKAGES = [
    ("pending", "BXL"),
    ("pending", "MRS"),
    ("returned_pending", None),  # sent back, then proposed again
    ("pending", None),
    (None, None),
    ("pending", "BXL"),
    ("returned", None),  # sent back, not proposed again yet
    ("pending", None),
    ("pending", "MRS"),
    (None, None),
    ("pending", None),
    ("pending", None),
    (None, None),
    ("pending", None),
    ("pending", None),
    (None, None),
    ("pending", None),
    ("pending", None),
    (None, None),
    ("pending", None),
]

# The first case built for each of these targets had its departure postponed
# once (ready to depart, back to travel preparation on the day, then a new
# booking): the one still in travel preparation leaves tomorrow.
POSTPONED_TARGETS = (S.TRAVEL_PREPARATION, S.DEPARTED)

# The timeline, in days. How long a case stays in a status before the next
# step on the chain, or before an exit from it.
STAY = {
    S.INTAKE: (0, 6),  # counselling starts within days of opening
    S.COUNSELLING: (12, 70),  # the interviews, up to the application
    S.APPLICATION: (1, 6),
    S.ELIGIBILITY: (7, 14),
    S.TRAVEL_PREPARATION: (20, 90),  # flights, and a laissez-passer from the embassy
    S.READY_TO_DEPART: (3, 14),
    S.DEPARTED: (14, 42),  # reintegration starts a few weeks after arrival
    S.REINTEGRATION: (90, 180),  # the reintegration plan, then monitoring
    S.MONITORING: (30, 200),  # (exits only: monitoring ends with the closure)
}
# From departure to closure, by the furthest stage: about a year of monitoring.
CLOSED_AFTER = {S.DEPARTED: (7, 45), S.MONITORING: (335, 380)}
# Days since the last move, by the status the case is in now (ended: since the end).
SINCE = {
    S.INTAKE: (1, 14),
    S.COUNSELLING: (3, 70),
    S.APPLICATION: (1, 8),
    S.ELIGIBILITY: (1, 14),
    S.TRAVEL_PREPARATION: (2, 80),
    S.READY_TO_DEPART: (1, 12),
    S.DEPARTED: (2, 40),
    S.REINTEGRATION: (5, 150),
    S.MONITORING: (5, 220),
    S.CLOSED: (3, 90),
}
SINCE_EXIT = (3, 90)
# Days since opening to aim for, where the durations above leave room:
# further along the lifecycle, opened longer ago. Closed cases are always
# opened more than six months ago.
AGE = {S.MONITORING: (180, 420), S.CLOSED: (200, 430)}

# Origins per sending agency, with relative weights; Lille sees more
# Channel crossers.
ORIGIN_WEIGHTS = {
    "fedasil": {
        "GE": 10, "BR": 6, "UA": 3, "MD": 4, "AL": 5, "XK": 3, "IQ-ar": 7, "IQ-ku": 5, "AF-prs": 5, "AF-ps": 3,
        "GN": 8, "SN": 4, "CM": 5, "CD": 6, "ER": 4, "SY": 3, "RU": 2, "RU-ce": 3,
    },
    "ofii": {
        "GE": 9, "AL": 8, "MD": 5, "GN": 10, "SN": 7, "CM": 6, "CD": 4, "AF-prs": 4, "AF-ps": 3, "IQ-ar": 3,
        "IQ-ku": 2, "ER": 2, "SY": 2, "RU-ce": 3, "UA": 2, "BR": 2, "XK": 3,
    },
}  # fmt: skip
OFFICE_BOOST = {"LIL": {"IQ-ku": 5, "AF-prs": 3, "AF-ps": 3, "ER": 4, "SY": 2}}

REFERRAL_SOURCES = {
    "fedasil": {
        "reception_centre": 30,
        "asylum_procedure": 20,
        "walk_in": 20,
        "phone_line": 8,
        "ngo": 10,
        "word_of_mouth": 8,
        "website": 4,
    },
    "ofii": {"summons": 40, "walk_in": 15, "ngo": 15, "asylum_procedure": 10, "word_of_mouth": 10, "website": 10},
}
SOURCE_PHRASES = {
    "reception_centre": "the social worker of the reception centre",
    "asylum_procedure": "the information session during the asylum procedure",
    "walk_in": "a friend who had been to the desk",
    "phone_line": "the free phone line",
    "ngo": "a legal aid NGO",
    "word_of_mouth": "a cousin who returned last year",
    "website": "the website",
    "summons": "the summons letter",
}
HOST = {"fedasil": "Belgium", "ofii": "France"}
# Staff speak these languages; anyone speaking none of them needs an interpreter.
STAFF_LANGUAGES = {"fr", "nl", "en"}


@dataclass
class Plan:
    """One case to build: its path through the lifecycle and its timeline, in
    days ago (today is 0)."""

    target: str
    path: list[str]
    furthest: str
    opened_ago: int = 0
    moves_ago: list[int] = field(default_factory=list)  # one per step of path
    # Set for cases waiting at the eligibility step (ELIGIBILITY_PACKAGES):
    # what became of their package so far, and the office, if it is given.
    package: str | None = None
    office: str | None = None
    # Ready to depart, then back to travel preparation on the departure day.
    postponed: bool = False


def plan_case(rng: random.Random, target: str, *, postponed: bool = False) -> Plan:
    """The path to `target` (through an earlier stage for exits) and its dates.
    A postponed departure goes through travel preparation and ready to
    depart twice."""
    if target in CHAIN:
        furthest = target
        path = CHAIN[1 : CHAIN.index(target) + 1]
    else:
        furthest = weighted(rng, EXIT_FROM[target])
        path = [*CHAIN[1 : CHAIN.index(furthest) + 1], target]
    if postponed:
        i = path.index(S.TRAVEL_PREPARATION) + 1
        path[i:i] = [S.READY_TO_DEPART, S.TRAVEL_PREPARATION]
    plan = Plan(target=target, path=path, furthest=furthest, postponed=postponed)
    if target == S.COUNSELLING and rng.random() < 0.08:
        # Changed their mind once, came back: a team leader reopened it.
        plan.path = [S.COUNSELLING, S.WITHDRAWN, S.COUNSELLING]
    # Days after opening of each move, then how long ago the case was opened.
    offsets, day, status, departed, rebooking = [], 0, S.INTAKE, None, False
    for to in plan.path:
        if rebooking and to == S.READY_TO_DEPART:  # the new booking, within days
            day += rng.randint(4, 15)
        elif to == S.CLOSED:
            day = departed + rng.randint(*CLOSED_AFTER[furthest])
        elif status == S.WITHDRAWN:  # the reopen
            day += rng.randint(14, 90)
        elif to in CHAIN:
            day += rng.randint(*STAY[status])
        else:  # an exit, before the next step would have come (a no-show: on the day of departure)
            lo, hi = STAY[status]
            day += rng.randint(lo, hi) if to == S.NO_SHOW else rng.randint(2, max(hi, 21))
        offsets.append(day)
        departed = day if to == S.DEPARTED else departed
        rebooking = status == S.READY_TO_DEPART and to == S.TRAVEL_PREPARATION
        status = to
    since = rng.randint(*SINCE.get(plan.target, SINCE_EXIT))
    if rebooking:  # postponed a few days ago, and not rebooked yet
        since = rng.randint(3, 10)
    age = day + since
    lo, hi = AGE.get(plan.target, (0, 10_000))
    if age < lo:
        since += lo - age + rng.randint(0, 30)
    elif age > hi:
        since = max(SINCE.get(plan.target, SINCE_EXIT)[0], since - (age - hi))
    plan.opened_ago = day + since
    plan.moves_ago = [plan.opened_ago - d for d in offsets]
    return plan


def weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def ascii_fold(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()


def pronouns(sex: str) -> dict[str, str]:
    if sex == "female":
        return {"he": "she", "He": "She", "his": "her", "His": "Her", "him": "her"}
    return {"he": "he", "He": "He", "his": "his", "His": "His", "him": "him"}


def number_word(n: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(n, str(n))


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(value).lower())
