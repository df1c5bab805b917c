"""Loading people in bulk from a CSV file (manage.py import_people).

1. check (people.import_check.check_file, reading the CSV with
   people.import_file): the file is read once, streamed; every row is parsed
   and validated, the external ids are compared with each other and with
   earlier imports, and the typed rows are spooled to a temporary file.
   Nothing is written to the database. Any problem refuses the whole file,
   with a report naming row, column and problem.
2. load (load_file): in one transaction, the spooled rows are written in
   batches (people, their other names, their passports, their match profiles
   and keys, as people.matching.index computes them). One PersonImport row
   and one audit event stand for the whole import. Anything failing rolls
   the whole import back: all or nothing.

Names are kept as typed (only surrounding spaces are dropped), in any script.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from core import audit
from core.bulk import BulkInserter
from core.names import normalise_document_number, normalise_name
from organisations.models import Office
from people.import_check import Checked, CleanRow, check_file, earlier_imports, noop_progress, refuse
from people.matching.index import bulk_index, profile_for
from people.models import Alias, AliasKind, DocumentType, IdentityDocument, MatchKey, MatchProfile, Person, PersonImport


@dataclass
class ImportResult:
    person_import: PersonImport
    people: int
    aliases: int
    documents: int
    seconds: float


def search_names(given: str, family: str, others: tuple[str, ...]) -> str:
    """Person.search_names as Person.refresh_search_names computes it (no
    original-script name in the file), without reading the aliases back."""
    return " | ".join(n for n in (normalise_name(p) for p in (given, family, "", *others)) if n)


class _Loader:
    def __init__(self, *, by, person_import: PersonImport):
        now = timezone.now()
        self.by = by
        self.person_import = person_import
        self.people = BulkInserter(Person, now)
        self.aliases = BulkInserter(Alias, now)
        self.documents = BulkInserter(IdentityDocument, now)
        self.last_pk = 0
        self.people_count = self.alias_count = self.document_count = 0

    def load(self, batch: list[CleanRow]) -> None:
        people = [
            Person(
                given_name=r.given_name,
                family_name=r.family_name,
                sex=r.sex,
                date_of_birth=r.date_of_birth,
                dob_precision=r.dob_precision,
                nationality=r.nationality,
                phone=r.phone,
                registered_by_office_id=r.office_id,
                created_by_id=self.by.pk,
                search_names=search_names(r.given_name, r.family_name, r.other_names),
                imported_in_id=self.person_import.pk,
                external_id=r.external_id,
            )
            for r in batch
        ]
        self.people.insert(people)
        # The new ids, by external id (unique in the file): no RETURNING with
        # executemany, on either database.
        ids = dict(
            Person.objects.filter(imported_in=self.person_import, pk__gt=self.last_pk).values_list("external_id", "pk")
        )
        aliases, documents, profiles = [], [], []
        for person, r in zip(people, batch, strict=True):
            person.pk = ids[r.external_id]
            aliases += ({"person_id": person.pk, "name": n, "kind": AliasKind.ALIAS} for n in r.other_names)
            if r.document_number:
                documents.append(
                    {
                        "person_id": person.pk,
                        "doc_type": DocumentType.PASSPORT,
                        "number": r.document_number,
                        # IdentityDocument.save() sets it; not called here.
                        "number_normalised": normalise_document_number(r.document_number),
                        "issuing_country": r.nationality,
                    }
                )
            profiles.append(
                profile_for(
                    person,
                    aliases=list(r.other_names),
                    documents=[r.document_number] if r.document_number else [],
                )
            )
        self.last_pk = max(ids.values())
        self.aliases.insert_values(aliases)
        self.documents.insert_values(documents)
        bulk_index(profiles)
        self.people_count += len(people)
        self.alias_count += len(aliases)
        self.document_count += len(documents)


def import_people(
    path: Path | str,
    *,
    by,
    office: Office | None = None,
    check_progress: Callable[[int], None] = noop_progress,
    load_progress: Callable[[int], None] = noop_progress,
) -> ImportResult:
    """Check the whole file, then load it in one transaction with one audit
    event. Raises ImportRefused (nothing written) on any problem."""
    path = Path(path)
    started = time.monotonic()
    checked = check_file(path, default_office=office, progress=check_progress)
    try:
        result = load_file(path, checked, by=by, office=office, progress=load_progress)
    finally:
        checked.close()
    result.seconds = time.monotonic() - started
    return result


@contextmanager
def _big_cache():
    """On SQLite, a 256 MB page cache while loading (the default is 2 MB):
    the match keys go into an index in random order, and every page it
    touches would otherwise be read again from the file system."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _refresh_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still believes the tables are
    small, and its index-only scans still visit every new row's table page,
    until autovacuum comes by (and while it does, look-ups compete with it):
    measured at a million people by bench/matching, p95 23 ms right after the
    load against 10 ms once vacuumed. VACUUM (ANALYZE) now, outside the
    import's transaction: it sets the statistics and the visibility map."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [m._meta.db_table for m in (Person, MatchKey, MatchProfile)]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) " + ", ".join(connection.ops.quote_name(t) for t in tables))


def load_file(
    path: Path, checked: Checked, *, by, office: Office | None = None, progress: Callable[[int], None] = noop_progress
) -> ImportResult:
    """Load the rows of a file that check_file passed, in one transaction
    with one audit event; all or nothing."""
    started = time.monotonic()
    with transaction.atomic(), _big_cache():
        # Checked before, and again inside the transaction in case another
        # import brought the same ids in the meantime.
        clashes = earlier_imports(checked.seen, set(checked.per_office))
        if clashes:
            refuse(path, clashes)
        checked.seen.clear()  # not needed any more: memory back
        person_import = PersonImport.objects.create(
            file_name=path.name, sha256=checked.sha256, rows=checked.rows, office=office, imported_by=by
        )
        loader = _Loader(by=by, person_import=person_import)
        for batch in checked.batches():
            loader.load(batch)
            progress(len(batch))
        codes = dict(Office.objects.filter(pk__in=checked.per_office).values_list("pk", "code"))
        audit.record(
            by,
            "person.imported",
            person_import,
            changes={
                "file_name": [None, path.name],
                "sha256": [None, checked.sha256],
                "rows": [None, checked.rows],
                "people": [None, loader.people_count],
                "aliases": [None, loader.alias_count],
                "documents": [None, loader.document_count],
                "offices": [None, dict(sorted((codes[pk], n) for pk, n in checked.per_office.items()))],
            },
        )
    _refresh_statistics()
    return ImportResult(
        person_import=person_import,
        people=loader.people_count,
        aliases=loader.alias_count,
        documents=loader.document_count,
        seconds=time.monotonic() - started,
    )
