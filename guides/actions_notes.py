"""Practice notes: written, changed (optimistic locking on the revision),
shared, adopted by another agency and kept in step with the original."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError, StaleEdit
from core.languages import validate_language
from guides.access import editor_agency_ids, home_agency, may_adopt_note, note_writer_agency_ids
from guides.models import Phase, PracticeNote

NOTE_FIELDS = ["title", "body", "tags", "language", "phase"]


def _tags(text: str) -> str:
    seen = dict.fromkeys(t.strip().lower() for t in (text or "").split(",") if t.strip())
    return ", ".join(seen)


def _clean(fields: dict) -> dict:
    out = {k: (fields.get(k) or "").strip() for k in NOTE_FIELDS}
    if not out["title"]:
        raise DomainError(_("Give the note a title."), field="title")
    if not out["body"]:
        raise DomainError(_("Write the practice itself."), field="body")
    try:
        validate_language(out["language"])
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="language") from None
    if out["phase"] and out["phase"] not in Phase.values:
        raise DomainError(_("Choose a phase of counselling, or none."), field="phase")
    out["tags"] = _tags(out["tags"])
    if len(out["tags"]) > 300:
        raise DomainError(_("Fewer tags, please (300 characters at most)."), field="tags")
    return out


@transaction.atomic
def write_note(*, by, agency, **fields) -> PracticeNote:
    if agency.pk not in note_writer_agency_ids(by):
        raise DomainError(_("You do not write practice notes for this agency."), code="forbidden")
    note = PracticeNote.objects.create(agency=agency, author=by, **_clean(fields))
    audit.record(by, "practice_note.written", note, changes=audit.created(note, NOTE_FIELDS))
    return note


@transaction.atomic
def update_note(note: PracticeNote, *, by, revision=None, **fields) -> PracticeNote:
    may = note.agency_id in editor_agency_ids(by) or (
        note.author_id == by.pk and note.agency_id in note_writer_agency_ids(by)
    )
    if not may:
        raise DomainError(_("Only the author and the agency's editors change this note."), code="forbidden")
    locked = PracticeNote.objects.select_for_update().get(pk=note.pk)
    if revision is not None and int(revision) != locked.revision:
        raise StaleEdit(_("Someone else changed this note since you opened it. Reload the page and try again."))
    cleaned = _clean({**{k: getattr(locked, k) for k in NOTE_FIELDS}, **fields})
    before = audit.snapshot(locked, NOTE_FIELDS)
    for k, v in cleaned.items():
        setattr(locked, k, v)
    changes = audit.diff(before, audit.snapshot(locked, NOTE_FIELDS))
    if changes:
        locked.revision = F("revision") + 1
        locked.save()
        locked.refresh_from_db()
        audit.record(by, "practice_note.changed", locked, changes=changes)
    return locked


@transaction.atomic
def share_note(note: PracticeNote, *, by, shared: bool = True) -> PracticeNote:
    if note.agency_id not in editor_agency_ids(by):
        raise DomainError(_("Agency administrators and team leaders share their agency's notes."), code="forbidden")
    locked = PracticeNote.objects.select_for_update().get(pk=note.pk)
    before = locked.shared_at
    locked.shared_at = (locked.shared_at or timezone.now()) if shared else None
    locked.shared_by = (locked.shared_by or by) if shared else None
    locked.save(update_fields=["shared_at", "shared_by"])
    action = "practice_note.shared" if shared else "practice_note.unshared"
    audit.record(by, action, locked, changes={"shared_at": [before, locked.shared_at]})
    return locked


@transaction.atomic
def adopt_note(original: PracticeNote, *, by) -> PracticeNote:
    original = PracticeNote.objects.get(pk=original.pk)
    if not may_adopt_note(by, original):
        raise DomainError(
            _("Your agency cannot adopt this note (it has a copy already, or it is not shared)."), code="forbidden"
        )
    copy = PracticeNote.objects.create(
        agency=home_agency(by, editing=True),
        author=by,
        origin=original,
        origin_revision=original.revision,
        **{k: getattr(original, k) for k in NOTE_FIELDS},
    )
    audit.record(by, "practice_note.adopted", copy, changes={"origin": [None, original.pk]})
    return copy


def note_news(note: PracticeNote) -> PracticeNote | None:
    """The original, when it is still shared and has changed since the copy last took it in."""
    origin = note.origin
    if origin is None or origin.shared_at is None or note.origin_revision is None:
        return None
    return origin if origin.revision > note.origin_revision else None


@transaction.atomic
def take_in_note(note: PracticeNote, *, by, revision=None) -> PracticeNote:
    """Replace the copy's text with the original's newer one."""
    if note.agency_id not in editor_agency_ids(by):
        raise DomainError(_("Agency administrators and team leaders take in updates."), code="forbidden")
    origin = note_news(note)
    if origin is None:
        raise DomainError(_("There is nothing new in the original to take in."))
    locked = update_note(note, by=by, revision=revision, **{k: getattr(origin, k) for k in NOTE_FIELDS})
    PracticeNote.objects.filter(pk=locked.pk).update(origin_revision=origin.revision)
    locked.origin_revision = origin.revision
    audit.record(by, "practice_note.origin_taken_in", locked, changes={"origin_revision": [None, origin.revision]})
    return locked
