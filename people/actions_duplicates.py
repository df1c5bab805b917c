"""The duplicate review queue: filling it from a scan of the registry
(find_duplicates) and deciding a pair is "not the same person". Merging is
in people.actions_merge."""

import dataclasses
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError, StaleEdit
from people.access import REVIEW_DUPLICATES, may_edit, person_roles
from people.models import DuplicatePair, PairStatus, Person, PersonImport, RegistryScan


def check_may_review(by, first: Person, second: Person, *, extra_roles: dict | None = None) -> None:
    """Refuse unless `by` is a team leader or agency administrator of both
    records (with `extra_roles`: {person id: roles} it held through rows the
    merge moved away) and both belong to one agency."""
    if first.registered_by_office.agency_id != second.registered_by_office.agency_id:
        raise DomainError(
            _("These records belong to two agencies: each agency decides on its own records, so they are not merged.")
        )
    for person in (first, second):
        roles = person_roles(by, person) | (extra_roles or {}).get(person.pk, set())
        if not roles & REVIEW_DUPLICATES or not may_edit(roles):
            raise DomainError(
                _(
                    "Only a team leader or an agency administrator whose scope covers both records may decide on "
                    "them; %(name)s's record is outside yours."
                )
                % {"name": person.full_name}
            )


# --- filling the queue ------------------------------------------------------------


@dataclasses.dataclass
class ScanResult:
    found: int
    new: int
    updated: int
    seconds: float
    pairs: list  # (first_id, second_id, score, reasons) found, best first
    records: int = 0
    compared: int = 0  # distinct pairs of records compared
    prior: float = 0.0  # log2 odds, estimated by the scan, that two records are one person
    # Where the time went: reading the profiles, comparing, writing the queue.
    timings: dict = dataclasses.field(default_factory=dict)


def find_duplicates(*, person_import: PersonImport | None = None, min_score: int | None = None) -> ScanResult:
    """Compare the registry (people with a match profile, merged records
    left out) with itself, or the people of one import with the whole
    registry, and write the pairs found to the review queue. Open pairs get
    the new score and reasons; pairs already decided (not the same person,
    merged) are left as they are. Running it twice changes nothing.

    A scan of the whole registry also stores its estimate of how many
    people the registry holds twice (RegistryScan): every look-up scores
    with it from then on (people.matching.prior)."""
    from people.matching import prior
    from people.matching.dedupe import find_pairs, registry_records

    started = time.monotonic()
    records = registry_records()
    read = time.monotonic()
    options = {} if min_score is None else {"min_score": min_score}
    new_ids = None
    if person_import is not None:
        new_ids = set(
            Person.objects.filter(imported_in=person_import, merged_into__isnull=True).values_list("pk", flat=True)
        )
    found = find_pairs(records, new_ids=new_ids, **options)
    compared = time.monotonic()
    pairs = sorted(
        ((min(a, b), max(a, b), c.score, list(c.reasons)) for a, b, c in found.pairs),
        key=lambda p: (-p[2], p[0], p[1]),
    )
    new = updated = 0
    with transaction.atomic():
        # Every pair already known, read once: an IN list of found ids would
        # pass SQLite's limit on a large registry.
        wanted = {(a, b) for a, b, _s, _r in pairs}
        existing = {
            (row.first_id, row.second_id): row
            for row in DuplicatePair.objects.only("pk", "first", "second", "status", "score", "reasons").iterator(
                chunk_size=5000
            )
            if (row.first_id, row.second_id) in wanted
        }
        to_create, to_update = [], []
        for a, b, score, reasons in pairs:
            row = existing.get((a, b))
            if row is None:
                to_create.append(DuplicatePair(first_id=a, second_id=b, score=score, reasons=reasons))
            elif row.status == PairStatus.OPEN and (row.score != score or row.reasons != reasons):
                row.score, row.reasons = score, reasons
                to_update.append(row)
        DuplicatePair.objects.bulk_create(to_create, batch_size=2000)
        DuplicatePair.objects.bulk_update(to_update, ["score", "reasons"], batch_size=2000)
        new, updated = len(to_create), len(to_update)
        if person_import is None:
            RegistryScan.objects.create(records=len(records), compared=found.compared, prior=found.prior)
            transaction.on_commit(lambda: prior.remember(found.prior))
    done = time.monotonic()
    return ScanResult(
        found=len(pairs),
        new=new,
        updated=updated,
        seconds=done - started,
        pairs=pairs,
        records=len(records),
        compared=found.compared,
        prior=found.prior,
        timings={"read": read - started, "compare": compared - read, "write": done - compared},
    )


# --- not the same person ------------------------------------------------------------


@transaction.atomic
def mark_not_same(pair: DuplicatePair, *, by, note: str = "") -> DuplicatePair:
    locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.status != PairStatus.OPEN:
        raise StaleEdit(
            _("Somebody already decided on this pair (%(status)s). Reload the queue.")
            % {"status": locked.get_status_display()}
        )
    people = Person.objects.select_related("registered_by_office").in_bulk([locked.first_id, locked.second_id])
    first, second = people[locked.first_id], people[locked.second_id]
    check_may_review(by, first, second)
    if first.merged_into_id or second.merged_into_id:
        raise StaleEdit(_("One of these records has been merged into another one since. Reload the queue."))
    note = (note or "").strip()
    if len(note) > 1000:
        raise DomainError(_("Keep the note under 1,000 characters."), field="note")
    locked.status = PairStatus.NOT_SAME
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    for person in (first, second):
        audit.record(
            by,
            "person.not_duplicate",
            locked,
            person_id=person.pk,
            changes={
                "status": [PairStatus.OPEN, PairStatus.NOT_SAME],
                "pair": [locked.first_id, locked.second_id],
                "note": note,
            },
        )
    return locked
