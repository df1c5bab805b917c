"""Return stories. With the returnee's consent to a story (and to a photo of
their face when the photo shows it), the partner writes an anonymised story:
no name of any member of the case, nor the case number, phone or email. The
sending agency reviews it (never its author), then publishes it. Every change
in one transaction with its audit event."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases import actions as case_actions
from cases.access import case_roles
from cases.consents import current_consent
from cases.models import (
    ConsentPurpose,
    ConsentState,
)
from core import audit
from core.errors import DomainError, StaleEdit
from core.names import normalise_name
from organisations.access import roles_for_office
from reintegration.access_partner import RECORD_STORY_CONSENT, REVIEW_STORY, WRITE_STORY
from reintegration.actions_partner import (
    _field_error,
)
from reintegration.models import Story, StoryStatus

# Return stories ----------------------------------------------------------------


def consent_given(case, purpose: str):
    """The principal's current consent for `purpose` if it is given, else None."""
    consent = current_consent(case, case.principal, purpose)
    return consent if consent is not None and consent.state == ConsentState.GIVEN else None


def _story_consent(case):
    consent = consent_given(case, ConsentPurpose.STORY)
    if consent is None:
        raise DomainError(
            _("The person has not given consent to an anonymised return story (or has withdrawn it)."),
            field="consent",
        )
    return consent


# Parts of names that are ordinary words too: not refused on their own (the
# whole name still is).
NAME_PARTICLES = {"de", "da", "di", "do", "du", "del", "della", "der", "den", "van", "von", "le", "la", "el", "al"}


def _words(value: str) -> str:
    return f" {normalise_name(value)} "


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _identifiers(case) -> dict:
    """What an anonymised story must not contain: each member's names (each
    part of them, as whole words), the case number, phones and emails."""
    names, phones, emails = set(), set(), set()
    for member in case.case_members.select_related("person").prefetch_related("person__aliases"):
        person = member.person
        for name in [person.given_name, person.family_name, person.original_script_name] + [
            a.name for a in person.aliases.all()
        ]:
            normal = normalise_name(name)
            if not normal:
                continue
            names.add(normal)
            names.update(part for part in normal.split() if len(part) >= 2 and part not in NAME_PARTICLES)
        digits = _digits(person.phone)
        if len(digits) >= 6:
            phones.add(digits.lstrip("0")[-8:])
        if person.email:
            emails.add(person.email.casefold())
    return {"names": names, "phones": phones, "emails": emails, "number": case.number}


def check_anonymous(case, **texts) -> None:
    """Refuse, naming the field, a text that names a member of the case or
    gives the case number, a phone number or an email address of theirs."""
    found = _identifiers(case)
    number_words = _words(found["number"])
    for field, text in texts.items():
        if not text:
            continue
        words = _words(text)
        if any(f" {name} " in words for name in found["names"]):
            raise DomainError(
                _("Take out the person's name (or a family member's): the story must be anonymous."), field=field
            )
        if found["number"].casefold() in text.casefold() or number_words.strip() and number_words in words:
            raise DomainError(_("Take out the case number: the story must be anonymous."), field=field)
        if any(phone in _digits(text) for phone in found["phones"]):
            raise DomainError(_("Take out the phone number: the story must be anonymous."), field=field)
        if any(email in text.casefold() for email in found["emails"]):
            raise DomainError(_("Take out the email address: the story must be anonymous."), field=field)


def _require_role(by, case, roles: set[str], field: str, message) -> set[str]:
    held = case_roles(by, case)
    if not held & roles:
        raise DomainError(message, field=field, code="forbidden")
    return held


def _check_photo(case, photo, shows_face: bool) -> None:
    if photo is not None and not (getattr(photo, "content_type", "") or "").startswith("image/"):
        raise DomainError(_("The photo must be an image (JPEG or PNG)."), field="photo")
    if shows_face and consent_given(case, ConsentPurpose.STORY_PHOTO) is None:
        raise DomainError(
            _("The person has not consented to a photo showing their face: choose another photo."),
            field="shows_face",
        )


STORY_FIELDS = ["title", "body", "place", "shows_face"]


@transaction.atomic
def create_story(case, *, by, title: str, body: str, place: str = "", photo=None, shows_face: bool = False) -> Story:
    _require_role(by, case, WRITE_STORY, "title", _("Only the partner caseworker of this case writes its stories."))
    from reintegration.access_plans import partner_referral

    if partner_referral(by, case) is None:
        raise DomainError(_("Only the partner caseworker of this case writes its stories."), code="forbidden")
    consent = _story_consent(case)
    title, body, place = (title or "").strip(), (body or "").strip(), (place or "").strip()
    if not title:
        raise DomainError(_("Give the story a title."), field="title")
    if not body:
        raise DomainError(_("Write the story."), field="body")
    shows_face = bool(shows_face and photo is not None)
    _check_photo(case, photo, shows_face)
    check_anonymous(case, title=title, body=body, place=place)
    story = Story(case=case, consent=consent, title=title, body=body, place=place, shows_face=shows_face, written_by=by)
    try:
        story.full_clean(exclude=["photo"])
    except ValidationError as exc:
        raise _field_error(exc) from None
    if photo is not None:
        story.photo = case_actions.add_attachment(by=by, upload=photo, title=_("Story photo"), case=case)
    story.save()
    audit.record(by, "story.written", story, case_id=case.pk, changes=audit.created(story, [*STORY_FIELDS, "photo"]))
    return story


def _lock_story(story) -> Story:
    return (
        Story.objects.select_for_update(of=("self",))
        .select_related("case", "case__office", "case__principal")
        .get(pk=story.pk)
    )


@transaction.atomic
def update_story(
    story,
    *,
    by,
    expected_lock_version: int,
    title: str,
    body: str,
    place: str = "",
    photo=None,
    remove_photo: bool = False,
    shows_face: bool = False,
) -> Story:
    locked = _lock_story(story)
    case = locked.case
    _require_role(by, case, WRITE_STORY, "title", _("Only the partner caseworker of this case edits its stories."))
    if locked.lock_version != expected_lock_version:
        raise StaleEdit(_("Someone else changed this story while you were editing. Reload and try again."))
    if locked.status not in (StoryStatus.DRAFT, StoryStatus.REJECTED):
        raise DomainError(_("A story can be changed only as a draft or when it was not approved."), field="title")
    consent = _story_consent(case)
    title, body, place = (title or "").strip(), (body or "").strip(), (place or "").strip()
    if not title:
        raise DomainError(_("Give the story a title."), field="title")
    if not body:
        raise DomainError(_("Write the story."), field="body")
    has_photo = photo is not None or (locked.photo_id is not None and not remove_photo)
    shows_face = bool(shows_face and has_photo)
    _check_photo(case, photo, shows_face)
    check_anonymous(case, title=title, body=body, place=place)
    before = audit.snapshot(locked, [*STORY_FIELDS, "photo", "status"])
    locked.title, locked.body, locked.place, locked.shows_face = title, body, place, shows_face
    locked.consent = consent
    if remove_photo:
        locked.photo = None
    if photo is not None:
        locked.photo = case_actions.add_attachment(by=by, upload=photo, title=_("Story photo"), case=case)
    locked.status = StoryStatus.DRAFT
    locked.lock_version += 1
    locked.save()
    audit.record(
        by,
        "story.changed",
        locked,
        case_id=case.pk,
        changes=audit.diff(before, audit.snapshot(locked, [*STORY_FIELDS, "photo", "status"])),
    )
    return locked


def _set_status(story: Story, *, by, to: str, action: str, note: str | None = None, **extra) -> Story:
    before = story.status
    story.status = to
    if note is not None:
        story.review_note = note
    for name, value in extra.items():
        setattr(story, name, value)
    story.lock_version += 1
    story.save()
    changes = {"status": [before, to]}
    if note:
        changes["review_note"] = [None, note]
    audit.record(by, action, story, case_id=story.case_id, changes=changes)
    return story


def _photo_still_consented(story) -> None:
    if story.shows_face and consent_given(story.case, ConsentPurpose.STORY_PHOTO) is None:
        raise DomainError(
            _("The person no longer consents to a photo showing their face: change the photo."), field="shows_face"
        )


@transaction.atomic
def submit_story(story, *, by, expected_lock_version: int | None = None) -> Story:
    locked = _lock_story(story)
    _require_role(by, locked.case, WRITE_STORY, "status", _("Only the partner caseworker submits a story."))
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise StaleEdit(_("Someone else changed this story while you were editing. Reload and try again."))
    if locked.status not in (StoryStatus.DRAFT, StoryStatus.REJECTED):
        raise DomainError(_("Only a draft can be submitted for review."), field="status")
    _story_consent(locked.case)
    _photo_still_consented(locked)
    check_anonymous(locked.case, title=locked.title, body=locked.body, place=locked.place)
    return _set_status(locked, by=by, to=StoryStatus.SUBMITTED, action="story.submitted")


def _require_reviewer(by, story) -> None:
    if not roles_for_office(by, story.case.office) & REVIEW_STORY:
        raise DomainError(
            _("Only a team leader or an administrator of the sending agency reviews stories."),
            field="decision",
            code="forbidden",
        )
    if story.written_by_id == by.pk:
        raise DomainError(_("The author of a story cannot review it."), field="decision", code="forbidden")


@transaction.atomic
def review_story(story, *, by, approve: bool, note: str = "", now=None) -> Story:
    locked = _lock_story(story)
    _require_reviewer(by, locked)
    if locked.status != StoryStatus.SUBMITTED:
        raise DomainError(_("Only a story submitted for review can be reviewed."), field="decision")
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Say what must change before it can be approved."), field="note")
    if approve:
        _story_consent(locked.case)
        _photo_still_consented(locked)
    return _set_status(
        locked,
        by=by,
        to=StoryStatus.APPROVED if approve else StoryStatus.REJECTED,
        action="story.approved" if approve else "story.not_approved",
        note=note,
        reviewed_by=by,
        reviewed_at=now or timezone.now(),
    )


@transaction.atomic
def publish_story(story, *, by, now=None) -> Story:
    locked = _lock_story(story)
    _require_reviewer(by, locked)
    if locked.status != StoryStatus.APPROVED:
        raise DomainError(_("Only an approved story can be published."), field="decision")
    _story_consent(locked.case)
    _photo_still_consented(locked)
    return _set_status(
        locked, by=by, to=StoryStatus.PUBLISHED, action="story.published", published_at=now or timezone.now()
    )


def _withdraw_stories(case, *, by, face_only: bool, note: str) -> int:
    stories = Story.objects.select_for_update().filter(
        case=case, status__in=[StoryStatus.SUBMITTED, StoryStatus.APPROVED, StoryStatus.PUBLISHED]
    )
    if face_only:
        stories = stories.filter(shows_face=True)
    count = 0
    for story in stories:
        _set_status(story, by=by, to=StoryStatus.REJECTED, action="story.unpublished", note=note, published_at=None)
        count += 1
    return count


@transaction.atomic
def unpublish_story(story, *, by, reason: str) -> Story:
    locked = _lock_story(story)
    roles = case_roles(by, locked.case)
    if not roles & (REVIEW_STORY | WRITE_STORY):
        raise DomainError(_("You may not withdraw this story."), field="reason", code="forbidden")
    if locked.status != StoryStatus.PUBLISHED:
        raise DomainError(_("This story is not published."), field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for withdrawing it."), field="reason")
    return _set_status(
        locked, by=by, to=StoryStatus.REJECTED, action="story.unpublished", note=reason, published_at=None
    )


@transaction.atomic
def record_story_consent(case, *, by, purpose: str, state: str, date, language: str, method: str):
    """The returnee's answer about a story (or a photo of their face). A no or
    a withdrawal takes back the stories it covers: out of review and off the
    published page."""
    _require_role(by, case, RECORD_STORY_CONSENT, "purpose", _("You may not record consents on this case."))
    if purpose not in (ConsentPurpose.STORY, ConsentPurpose.STORY_PHOTO):
        raise DomainError(_("Choose the story or the photo."), field="purpose")
    try:
        consent = case_actions.record_consent(
            case,
            by=by,
            person=case.principal,
            purpose=purpose,
            state=state,
            date=date,
            language=language,
            method=method,
        )
    except ValidationError as exc:
        raise _field_error(exc) from None
    if state != ConsentState.GIVEN and consent_given(case, purpose) is None:
        with override(case.office.default_language):
            note = _("The person withdrew their consent.")
        _withdraw_stories(case, by=by, face_only=purpose == ConsentPurpose.STORY_PHOTO, note=note)
    return consent
