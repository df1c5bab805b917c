"""Retroactive registrations and return stories: every change in one
transaction with its audit event.

Retroactive registration. A partner caseworker registers a returnee who came
back without a case in Retour: the person, a case in the sending office
(opened, then moved straight to departed through the lifecycle's own
retroactive move), the person's consent to sharing with the partner, an
accepted reintegration referral so the partner keeps access, and the
registration, due for an answer within 7 days. The sending office's team
leaders are emailed (a link only) and get a task. They accept (the case goes
on to reintegration) or reject with a reason (the case ends, "closed for
another reason"); without an answer by the deadline, expire_due() rejects it
(status expired). A rejected or expired registration can be reopened by the
sending office's team leader: back to departed, then reintegration.

Return stories. With the returnee's consent to a story (and to a photo of
their face when the photo shows it), the partner writes an anonymised story:
no name of any member of the case, nor the case number, phone or email. The
sending agency reviews it (never its author), then publishes it."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cases import actions as case_actions
from cases import lifecycle
from cases.access import case_roles
from cases.consents import current_consent
from cases.lifecycle import Status
from cases.models import (
    AdministrativeStatus,
    ConsentPurpose,
    ConsentState,
    Referral,
    ReferralPurpose,
    ReferralSource,
    ReferralStatus,
    ReturnCase,
    Transition,
)
from core import audit
from core.errors import DomainError, StaleEdit
from core.names import normalise_name
from organisations.access import roles_for_office
from organisations.models import AgencyKind, Membership, Role
from people import actions as people_actions
from reintegration.access_partner import ANSWER_RETRO, RECORD_STORY_CONSENT, REVIEW_STORY, WRITE_STORY
from reintegration.models import RetroactiveRegistration, RetroStatus, Story, StoryStatus
from reintegration.notify import notify, site_url
from tasks.actions import ensure_auto_task
from tasks.models import Task

ANSWER_DAYS = 7
TASK_KIND = "retroactive-answer"
AUTOMATIC_USERNAME = "retour-automatic"


class TravelMeans(models.TextChoices):
    """How a returnee registered retroactively travelled (not stored as a
    field: it goes into the return's transition reason)."""

    AIR = "air", gettext_lazy("By air")
    LAND = "land", gettext_lazy("By land (bus, car)")
    SEA = "sea", gettext_lazy("By sea")
    OTHER = "other", gettext_lazy("Other or unknown")


PERSON_FIELDS = [
    "given_name",
    "family_name",
    "original_script_name",
    "sex",
    "date_of_birth",
    "dob_precision",
    "nationality",
    "phone",
]


def _field_error(exc: ValidationError, prefix: str = "") -> DomainError:
    """A model's validation error as a DomainError naming its first field."""
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        return DomainError(" ".join(e for err in errors for e in err.messages), field=prefix + name)
    return DomainError(" ".join(exc.messages))


def _task_key(case) -> str:
    return f"{TASK_KIND}:{case.pk}"


def _office_date(office, moment: datetime.datetime) -> datetime.date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(office.timezone)).date()


def _team_leaders(office):
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__office=office, memberships__role=Role.TEAM_LEADER)
        .distinct()
        .order_by("pk")
    )


def _close_task(case, *, by) -> None:
    task = Task.objects.filter(auto_key=_task_key(case), done_at__isnull=True).first()
    if task is not None:
        from tasks.actions import complete_task

        complete_task(task, by=by)


# Retroactive registration ------------------------------------------------------


@transaction.atomic
def register_retroactive(
    *,
    by,
    partner_office,
    sending_office,
    person: dict,
    returned_on: datetime.date,
    country_of_return: str,
    region_of_return: str = "",
    travel_means: str = TravelMeans.OTHER,
    note: str = "",
    consent_date: datetime.date,
    consent_language: str,
    consent_method: str,
    aliases: list[str] = (),
    now: datetime.datetime | None = None,
) -> RetroactiveRegistration:
    """Register a returnee who came back without a case. `person` holds the
    person's fields (PERSON_FIELDS). Nothing is saved unless all of it is."""
    now = now or timezone.now()
    if not Membership.objects.filter(user=by, office=partner_office, role=Role.PARTNER_CASEWORKER).exists():
        raise DomainError(
            _("You are not a partner caseworker in this office."), field="partner_office", code="forbidden"
        )
    if sending_office.agency.kind != AgencyKind.RETURN_AGENCY:
        raise DomainError(_("Choose the office of a return agency."), field="sending_office")
    if returned_on is None:
        raise DomainError(_("Enter the date of return."), field="returned_on")
    if returned_on > timezone.localdate():
        raise DomainError(_("The date of return cannot be in the future."), field="returned_on")
    if consent_date is None or consent_date > timezone.localdate():
        raise DomainError(_("The date of consent cannot be in the future."), field="consent_date")
    if travel_means not in TravelMeans.values:
        raise DomainError(_("Choose how the person travelled."), field="travel_means")
    unknown = set(person) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])

    try:
        registered = people_actions.register_person(
            by=by, office=partner_office, aliases=[a for a in aliases if a.strip()], **person
        )
    except ValidationError as exc:
        raise _field_error(exc) from None
    try:
        case = case_actions.open_case(
            by=by,
            office=sending_office,
            principal=registered,
            country_of_return=country_of_return,
            region_of_return=(region_of_return or "").strip(),
            administrative_status=AdministrativeStatus.OTHER,
            referral_source=ReferralSource.NGO,
        )
    except ValidationError as exc:
        raise _field_error(exc) from None
    try:
        consent = case_actions.record_consent(
            case,
            by=by,
            person=registered,
            purpose=ConsentPurpose.PARTNER_SHARING,
            state=ConsentState.GIVEN,
            date=consent_date,
            language=consent_language,
            method=consent_method,
            partner=partner_office.agency,
        )
    except ValidationError as exc:
        raise _field_error(exc, prefix="consent_") from None
    referral = Referral.objects.create(
        case=case,
        partner=partner_office.agency,
        partner_office=partner_office,
        purpose=ReferralPurpose.REINTEGRATION,
        status=ReferralStatus.ACCEPTED,
        consent=consent,
        created_by=by,
        decided_by=by,
        decided_at=now,
    )
    registration = RetroactiveRegistration.objects.create(
        case=case,
        registered_by=by,
        partner_office=partner_office,
        returned_on=returned_on,
        deadline=now + datetime.timedelta(days=ANSWER_DAYS),
    )
    note = (note or "").strip()
    with override(sending_office.default_language):
        reason = _("Returned on %(date)s without a case, registered by %(partner)s (%(means)s).") % {
            "date": returned_on.isoformat(),
            "partner": partner_office.name,
            "means": TravelMeans(travel_means).label,
        }
    if note:
        reason = f"{reason}\n{note}"
    with lifecycle.allow_unoffered_moves():
        case = case_actions.transition(case, Status.DEPARTED, by=by, reason=reason)
    registration.case = case
    audit.record(
        by,
        "retroactive.registered",
        registration,
        case_id=case.pk,
        person_id=registered.pk,
        changes={
            "returned_on": [None, returned_on],
            "deadline": [None, registration.deadline],
            "partner_office": [None, partner_office.pk],
            "travel_means": [None, travel_means],
            "note": [None, note],
            "referral": [None, referral.pk],
        },
    )
    # The sending office's task, made at once (the key keeps it single); done
    # when the registration is answered or expires.
    with override(sending_office.default_language):
        title = str(gettext_lazy("A partner registered a returnee: accept or reject within 7 days"))
    ensure_auto_task(
        key=_task_key(case),
        kind=TASK_KIND,
        office=sending_office,
        case=case,
        title=title,
        due=_office_date(sending_office, registration.deadline),
    )
    link = site_url(f"/reintegration/retroactive/{registration.pk}/")
    leaders = list(_team_leaders(sending_office))
    sent = notify(
        leaders,
        gettext_lazy("Retour: a returnee registered by a partner awaits your answer"),
        "reintegration/retro_notice_email.txt",
        {"link": link, "deadline": registration.deadline, "number": case.number},
    )
    if not sent and sending_office.email:
        # No team leader with an address: the office's own address.
        from django.core.mail import send_mail
        from django.template.loader import render_to_string

        with override(sending_office.default_language):
            subject = str(gettext_lazy("Retour: a returnee registered by a partner awaits your answer"))
            body = render_to_string(
                "reintegration/retro_notice_email.txt",
                {"link": link, "deadline": registration.deadline, "number": case.number},
            )
        address = sending_office.email
        transaction.on_commit(lambda: send_mail(subject, body, None, [address]), robust=True)
    return registration


def _lock_registration(registration) -> RetroactiveRegistration:
    return (
        RetroactiveRegistration.objects.select_for_update(of=("self",))
        .select_related("case", "case__office", "case__office__agency", "partner_office", "registered_by")
        .get(pk=registration.pk)
    )


def _require_answerer(by, registration) -> None:
    if not roles_for_office(by, registration.case.office) & ANSWER_RETRO:
        raise DomainError(
            _("Only a team leader of the sending office or an agency administrator may answer."),
            field="decision",
            code="forbidden",
        )


def _tell_partner(registration) -> None:
    notify(
        [registration.registered_by],
        gettext_lazy("Retour: the sending agency answered your registration %(number)s"),
        "reintegration/retro_answer_email.txt",
        {"link": site_url(f"/reintegration/retroactive/{registration.pk}/"), "number": registration.case.number},
    )


def _go_on_to_reintegration(case, *, by) -> ReturnCase:
    """Departed → reintegration when the person's consent to sharing with a
    partner is on record (else the case stays departed)."""
    case.refresh_from_db()
    move = lifecycle.find_move(case.status, Status.REINTEGRATION)
    if move is not None and not case_actions.blocked_reasons(case, move):
        case = case_actions.transition(case, Status.REINTEGRATION, by=by)
    return case


@transaction.atomic
def decide(registration, *, by, accept: bool, reason: str = "", now=None) -> RetroactiveRegistration:
    """The sending office's answer: accept (the case goes on to reintegration)
    or reject with a reason (the case ends)."""
    now = now or timezone.now()
    reg = _lock_registration(registration)
    _require_answerer(by, reg)
    if reg.status != RetroStatus.PENDING:
        raise DomainError(_("This registration has already been answered."), field="decision")
    if now >= reg.deadline:
        raise DomainError(
            _("The 7 days to answer are over: the registration is rejected automatically. Reopen it instead."),
            field="decision",
        )
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DomainError(_("Give the reason for rejecting it."), field="reason")
    reg.status = RetroStatus.ACCEPTED if accept else RetroStatus.REJECTED
    reg.decided_by = by
    reg.decided_at = now
    reg.reason = reason
    reg.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if accept:
        reg.case = _go_on_to_reintegration(reg.case, by=by)
    else:
        reg.case = case_actions.transition(reg.case, Status.OTHER_EXIT, by=by, reason=reason)
        _partner_access(reg, by=by, status=ReferralStatus.WITHDRAWN, reason=reason)
    _close_task(reg.case, by=by)
    audit.record(
        by,
        "retroactive.accepted" if accept else "retroactive.rejected",
        reg,
        case_id=reg.case_id,
        changes={"status": [RetroStatus.PENDING, reg.status], "reason": [None, reason]},
    )
    _tell_partner(reg)
    return reg


def _partner_access(reg, *, by, status: str, reason: str) -> None:
    """The referral made at registration follows the answer: withdrawn when
    the registration is rejected or expires (the partner keeps its list entry,
    not the case), accepted again when it is reopened."""
    for referral in reg.case.referrals.select_for_update().filter(
        partner=reg.partner_office.agency, partner_office=reg.partner_office
    ):
        if referral.status == status:
            continue
        before = referral.status
        referral.status = status
        referral.reason = reason
        referral.save(update_fields=["status", "reason"])
        action = "referral.withdrawn" if status == ReferralStatus.WITHDRAWN else "referral.accepted"
        audit.record(by, action, referral, case_id=reg.case_id, changes={"status": [before, status]})


def automatic_actor():
    """The account that automatic changes are recorded under (a case
    transition needs a user): inactive, without any role, never signs in."""
    user, created = get_user_model().objects.get_or_create(
        username=AUTOMATIC_USERNAME,
        defaults={"first_name": "Retour", "last_name": "(automatic)", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _end_automatically(case, *, reason: str) -> None:
    """Close a case whose registration expired. No one made this decision, so
    cases.actions.transition() (which needs a user with a role) cannot; this
    makes the lifecycle's own move (closed for another reason) the same way:
    the case locked, the status and version changed, a Transition recorded
    (under the automatic account) and the same audit event (no actor)."""
    locked = ReturnCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    move = lifecycle.find_move(locked.status, Status.OTHER_EXIT)
    if move is None:
        return  # already ended by someone
    from_status = locked.status
    locked.status = Status.OTHER_EXIT
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    Transition.objects.create(
        case=locked, from_status=from_status, to_status=Status.OTHER_EXIT, by=automatic_actor(), reason=reason
    )
    audit.record(
        None,
        "case.transition",
        locked,
        case_id=locked.pk,
        changes={"status": [from_status, Status.OTHER_EXIT], "reason": [None, reason]},
    )


def expire_due(now: datetime.datetime | None = None) -> list[RetroactiveRegistration]:
    """Reject the pending registrations whose deadline has passed (status
    expired), each in its own transaction. Idempotent: a registration is
    expired once; two runs at once expire it once (row lock)."""
    now = now or timezone.now()
    done = []
    due = RetroactiveRegistration.objects.filter(status=RetroStatus.PENDING, deadline__lte=now).order_by("pk")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            reg = _lock_registration(RetroactiveRegistration(pk=pk))
            if reg.status != RetroStatus.PENDING or reg.deadline > now:
                continue
            with override(reg.case.office.default_language):
                reason = _("No answer from the sending agency within 7 days: rejected automatically.")
            reg.status = RetroStatus.EXPIRED
            reg.decided_at = now
            reg.reason = reason
            reg.save(update_fields=["status", "decided_at", "reason"])
            _end_automatically(reg.case, reason=reason)
            _partner_access(reg, by=None, status=ReferralStatus.WITHDRAWN, reason=reason)
            _close_task(reg.case, by=None)
            audit.record(
                None,
                "retroactive.expired",
                reg,
                case_id=reg.case_id,
                changes={"status": [RetroStatus.PENDING, RetroStatus.EXPIRED]},
            )
            _tell_partner(reg)
            done.append(reg)
    return done


@transaction.atomic
def reopen(registration, *, by, reason: str, now=None) -> RetroactiveRegistration:
    """The sending office's team leader takes back a rejected or expired
    registration: accepted, the case back to departed (then reintegration)."""
    now = now or timezone.now()
    reg = _lock_registration(registration)
    if not roles_for_office(by, reg.case.office) & ANSWER_RETRO:
        raise DomainError(
            _("Only a team leader of the sending office or an agency administrator may reopen it."),
            field="reason",
            code="forbidden",
        )
    if reg.status not in (RetroStatus.REJECTED, RetroStatus.EXPIRED):
        raise DomainError(_("Only a rejected or expired registration can be reopened."), field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening it."), field="reason")
    if reg.case.status != Status.OTHER_EXIT:
        raise DomainError(
            _("The case has changed since it was rejected; reopen it from the case page."), field="reason"
        )
    before = reg.status
    reg.status = RetroStatus.ACCEPTED
    reg.decided_by = by
    reg.decided_at = now
    reg.reason = reason
    reg.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _partner_access(reg, by=by, status=ReferralStatus.ACCEPTED, reason="")
    with lifecycle.allow_unoffered_moves():
        case = case_actions.transition(reg.case, Status.DEPARTED, by=by, reason=reason)
    reg.case = _go_on_to_reintegration(case, by=by)
    audit.record(
        by,
        "retroactive.reopened",
        reg,
        case_id=reg.case_id,
        changes={"status": [before, RetroStatus.ACCEPTED], "reason": [None, reason]},
    )
    _tell_partner(reg)
    return reg


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
