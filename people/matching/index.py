"""Keeping MatchProfile and MatchKey in step with the records. The people
actions call index_people after every change to names, birth date,
nationality, documents or phone; the bulk import calls bulk_index."""

from django.db import transaction
from django.utils import timezone

from core.bulk import BulkInserter
from core.names import normalise_document_number
from people.matching.keys import keys_for
from people.matching.normalise import tokens
from people.matching.record import Record, effective_precision, phone_key
from people.models import MatchKey, MatchProfile, Person

BATCH = 5000


def profile_for(person: Person, *, aliases=None, documents=None) -> MatchProfile:
    """An unsaved profile; `aliases` and `documents` (lists of strings) save
    the look-ups when the caller already has them."""
    if aliases is None:
        aliases = [a.name for a in person.aliases.all()] if person.pk else []
    if documents is None:
        documents = [d.number for d in person.documents.all()] if person.pk else []
    other = [t for name in [person.original_script_name, *aliases] for t in tokens(name)]
    numbers = [n for n in (normalise_document_number(d) for d in documents) if len(n) >= 4]
    precision = effective_precision(person.date_of_birth, person.dob_precision)
    return MatchProfile(
        person_id=person.pk,
        office_id=person.registered_by_office_id,
        given=" ".join(tokens(person.given_name))[:300],
        family=" ".join(tokens(person.family_name))[:300],
        other=" ".join(dict.fromkeys(other))[:1000],
        dob=person.date_of_birth if precision != "unknown" else None,
        dob_precision=precision,
        sex=person.sex,
        nationality=person.nationality.code if hasattr(person.nationality, "code") else (person.nationality or ""),
        documents=" ".join(dict.fromkeys(numbers))[:500],
        phone=phone_key(person.phone),
    )


def bulk_index(profiles: list[MatchProfile]) -> None:
    """Insert the profiles and keys of people who have none yet. Written
    with core.bulk (executemany, COPY on PostgreSQL): bulk_create made an
    import of a million people about twice as slow (fourteen or so keys a
    person, each compiled value by value)."""
    now = timezone.now()
    BulkInserter(MatchProfile, now).insert(profiles)
    keys = BulkInserter(MatchKey, now)
    assert keys.attnames == ["key", "person_id"], keys.attnames  # the order of the rows below
    for start in range(0, len(profiles), BATCH):
        chunk = profiles[start : start + BATCH]
        keys.insert_rows([(key, p.person_id) for p in chunk for key in keys_for(Record.from_profile(p))])


@transaction.atomic
def index_people(person_ids) -> None:
    """Rebuild the profiles and keys of these people; merged records get none."""
    ids = list(person_ids)
    MatchKey.objects.filter(person_id__in=ids).delete()
    MatchProfile.objects.filter(person_id__in=ids).delete()
    people = Person.objects.filter(pk__in=ids, merged_into__isnull=True).prefetch_related("aliases", "documents")
    bulk_index([profile_for(p) for p in people])


def index_all() -> int:
    """Rebuild the whole index (after a data migration or the demo load)."""
    MatchKey.objects.all().delete()
    MatchProfile.objects.all().delete()
    count = 0
    ids = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        people = Person.objects.filter(pk__in=chunk).prefetch_related("aliases", "documents")
        bulk_index([profile_for(p) for p in people])
        count += len(chunk)
    return count
