"""Records of one person registered twice, as happens between the return
desks of one agency: the person came to another office months before, or
was registered again by a colleague who spelled the name otherwise. Each
second record is registered through people.actions and back-dated; then
find_duplicates fills the review queue, so that the agency administrators
(Hilde, Isabelle) and the Brussels team leader (Marc) have pairs to work.

What differs between the two records is what differs in real files: a
transliteration variant of a name (Mohamed/Muhammad, Diallo/Jallow), given
and family names swapped, only a year of birth or the 1 January placeholder,
a phone number or a passport on one record only."""

import datetime as dt
import random

from cases.models import ReturnCase
from core.demo.history import update_times
from core.demo.origins import VARIANTS
from core.models import AuditEvent
from people import actions as people_actions
from people.actions_duplicates import find_duplicates
from people.models import Person

SEED = 6_2025
# (office of the original record, office of the second one, who registers it,
# how the second record differs, how many days ago it was registered)
PAIRS = [
    ("BXL", "GNT", "pieter", ("variant", "year_only"), 410),
    ("ANT", "BXL", "sofie", ("swapped", "placeholder"), 380),
    ("BXL", "BXL", "ines", ("variant", "same_passport"), 6),
    ("BXL", "BXL", "sofie", ("typo", "same_phone"), 240),
    ("LGE", "CRL", "thomas", ("variant", "year_only"), 150),
    ("MRS", "LIL", "julien", ("variant", "full"), 300),
    ("BOB", "MRS", "claire", ("swapped", "full"), 520),
]


def _variant(rng: random.Random, name: str) -> str | None:
    if name in VARIANTS:
        return rng.choice(VARIANTS[name])
    return None


def _typo(rng: random.Random, name: str) -> str:
    """One letter doubled or dropped, as a hurried hand types it."""
    i = rng.randrange(1, max(2, len(name) - 1))
    if rng.random() < 0.5 and len(name) > 4:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def _candidates(office_code: str, taken: set[int], *, with_phone: bool = False) -> list[Person]:
    """Principals of the office's cases with a known date of birth (and a
    phone number, if asked), in a fixed order; those whose name has a known
    variant first."""
    people = [
        case.principal
        for case in ReturnCase.objects.filter(office__code=office_code, retroactive__isnull=True)
        .select_related("principal")
        .order_by("pk")
        if case.principal.date_of_birth and case.principal_id not in taken and (case.principal.phone or not with_phone)
    ]
    return sorted(people, key=lambda p: (p.given_name not in VARIANTS and p.family_name not in VARIANTS, p.pk))


def add_duplicates(builder) -> int:
    """Register the second records and fill the review queue; returns the
    number of pairs in the queue."""
    rng = random.Random(SEED)
    taken: set[int] = set()
    for source, target, username, (name_change, date_change), days_ago in PAIRS:
        candidates = _candidates(source, taken, with_phone=date_change == "same_phone")
        if not candidates:
            continue
        original = candidates[rng.randrange(min(3, len(candidates)))]
        taken.add(original.pk)
        given, family = original.given_name, original.family_name
        if name_change == "variant":
            if _variant(rng, given):
                given = _variant(rng, given)
            elif _variant(rng, family):
                family = _variant(rng, family)
            else:
                family = _typo(rng, family)
        elif name_change == "swapped":
            given, family = family, given
        elif name_change == "typo":
            family = _typo(rng, family)
        born, precision = original.date_of_birth, original.dob_precision
        if date_change == "year_only":
            born, precision = dt.date(born.year, 1, 1), "year"
        elif date_change == "placeholder":
            born, precision = dt.date(born.year, 1, 1), "full"
        fields = dict(
            given_name=given,
            family_name=family,
            original_script_name=original.original_script_name if rng.random() < 0.5 else "",
            sex=original.sex,
            date_of_birth=born,
            dob_precision=precision,
            nationality=original.nationality.code,
            country_of_birth=original.country_of_birth.code,
            interpreter_needed=original.interpreter_needed,
            phone=original.phone if date_change == "same_phone" else "",
        )
        by = builder.users[username]
        second = people_actions.register_person(
            by=by,
            office=builder.offices[target],
            languages=list(original.languages.values_list("language", flat=True)),
            **fields,
        )
        if date_change == "same_passport":
            passport = original.documents.filter(doc_type="passport").first()
            if passport is not None:
                people_actions.add_document(
                    second,
                    by=by,
                    doc_type="passport",
                    number=passport.number,
                    issuing_country=passport.issuing_country.code,
                    expiry_date=passport.expiry_date,
                )
        # Registered `days_ago`, a weekday morning.
        at = builder.horizon - dt.timedelta(days=days_ago) + dt.timedelta(hours=9, minutes=rng.randint(0, 240))
        update_times(Person, {second.pk: at})
        events = AuditEvent.objects.filter(person_id=second.pk).values_list("pk", flat=True)
        update_times(AuditEvent, dict.fromkeys(events, at))
    return find_duplicates().found
