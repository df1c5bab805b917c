"""Every change to a return case: one transaction, the change and its audit
event together; the case row is locked so concurrent edits queue up."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import lifecycle
from cases.access import case_roles
from cases.models import (
    Attachment,
    CaseMember,
    CaseSequence,
    Consent,
    ConsentPurpose,
    ConsentState,
    Note,
    Referral,
    ReturnCase,
    Transition,
)
from core import audit
from core.errors import DomainError, StaleEdit
from people.models import Relation

CASE_FIELDS = [
    "country_of_return",
    "region_of_return",
    "administrative_status",
    "procedure_stage",
    "asylum_decision_date",
    "removal_order_date",
    "removal_order_authority",
    "arrival_date",
    "open_return_place_until",
    "referral_source",
    "counsellor",
]


def _next_number(office) -> str:
    year = timezone.now().year
    seq, _created = CaseSequence.objects.select_for_update().get_or_create(office=office, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{office.country.code}-{office.code}-{year}-{seq.last:05d}"


def _lock(case: ReturnCase) -> ReturnCase:
    return ReturnCase.objects.select_for_update(of=("self",)).select_related("office", "principal").get(pk=case.pk)


@transaction.atomic
def open_case(*, by, office, principal, members=(), **fields) -> ReturnCase:
    """Open a case for `principal` and the household `members` it covers,
    given as (person, relation) pairs."""
    case = ReturnCase(office=office, principal=principal, status=lifecycle.Status.INTAKE, **fields)
    case.number = "pending"
    case.full_clean(exclude=["number"])
    case.number = _next_number(office)
    case.save()
    CaseMember.objects.create(case=case, person=principal, relation=Relation.PRINCIPAL)
    for person, relation in members:
        if person.pk != principal.pk:
            CaseMember.objects.create(case=case, person=person, relation=relation)
    Transition.objects.create(case=case, from_status="", to_status=case.status, by=by, reason=_("Case opened"))
    audit.record(
        by,
        "case.opened",
        case,
        case_id=case.pk,
        person_id=principal.pk,
        changes={
            **audit.created(case, CASE_FIELDS),
            "number": [None, case.number],
            "members": [None, [p.pk for p, _r in members]],
        },
    )
    return case


@transaction.atomic
def update_case(case: ReturnCase, *, by, expected_version: int, **fields) -> ReturnCase:
    locked = _lock(case)
    if locked.version != expected_version:
        raise StaleEdit(_("Someone else changed this case while you were editing. Reload and try again."))
    before = audit.snapshot(locked, list(fields))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.version += 1
    locked.save()
    audit.record(
        by, "case.updated", locked, case_id=locked.pk, changes=audit.diff(before, audit.snapshot(locked, list(fields)))
    )
    return locked


@transaction.atomic
def add_member(case: ReturnCase, person, *, by, relation: str) -> CaseMember:
    if case.case_members.filter(person=person).exists():
        raise DomainError(_("%(name)s is already on this case.") % {"name": person.full_name}, field="person")
    member = CaseMember.objects.create(case=case, person=person, relation=relation)
    audit.record(
        by,
        "case.member_added",
        case,
        case_id=case.pk,
        person_id=person.pk,
        changes={"member": [None, person.pk], "relation": [None, relation]},
    )
    return member


def blocked_reasons(case: ReturnCase, move: lifecycle.Move) -> list[str]:
    return [str(r) for r in (guard(case) for guard in move.guards) if r]


def moves_for(user, case: ReturnCase) -> list[tuple[lifecycle.Move, list[str]]]:
    """The moves the user's roles allow from the case's status, each with the
    reasons it cannot be made yet (empty when it can)."""
    roles = getattr(case, "user_roles", None) or case_roles(user, case)
    return [(m, blocked_reasons(case, m)) for m in lifecycle.moves_from(case.status) if m.roles & roles]


@transaction.atomic
def transition(case: ReturnCase, to_status: str, *, by, reason: str = "") -> ReturnCase:
    locked = _lock(case)
    move = lifecycle.find_move(locked.status, to_status)
    labels = dict(lifecycle.Status.choices)
    if move is None:
        raise DomainError(
            _("A case cannot move from “%(from)s” to “%(to)s”.")
            % {"from": labels.get(locked.status, locked.status), "to": labels.get(to_status, to_status)},
            field="to_status",
        )
    if not (move.roles & case_roles(by, locked)):
        raise DomainError(
            _("Your role does not allow moving this case to “%(to)s”.") % {"to": labels[to_status]},
            field="to_status",
            code="forbidden",
        )
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise DomainError(_("Give a reason for this change."), field="reason")
    problems = blocked_reasons(locked, move)
    if problems:
        raise DomainError(" ".join(problems), field="to_status")
    from_status = locked.status
    locked.status = to_status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    Transition.objects.create(case=locked, from_status=from_status, to_status=to_status, by=by, reason=reason)
    audit.record(
        by,
        "case.transition",
        locked,
        case_id=locked.pk,
        changes={"status": [from_status, to_status], "reason": [None, reason]},
    )
    return locked


@transaction.atomic
def record_consent(
    case: ReturnCase, *, by, person, purpose: str, state: str, date, language: str, method: str, partner=None
) -> Consent:
    if not case.case_members.filter(person=person).exists():
        raise DomainError(_("This person is not a member of the case."), field="person")
    if date > timezone.localdate():
        raise DomainError(_("The date of consent cannot be in the future."), field="date")
    consent = Consent(
        case=case,
        person=person,
        purpose=purpose,
        state=state,
        date=date,
        language=language,
        method=method,
        partner=partner,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    audit.record(
        by,
        "consent.recorded",
        consent,
        case_id=case.pk,
        person_id=person.pk,
        changes=audit.created(consent, ["purpose", "state", "date", "language", "method", "partner"]),
    )
    if purpose == ConsentPurpose.PARTNER_SHARING and state != ConsentState.GIVEN and person == case.principal:
        _end_sharing(case, consent, by=by)
    return consent


def _end_sharing(case: ReturnCase, consent: Consent, *, by) -> None:
    """Sharing refused or withdrawn: the live referrals to that partner (to
    every partner when none is named) are withdrawn with the reason."""
    from reintegration.actions_referrals import withdraw_for_consent

    live = case.referrals.filter(status__in=Referral.LIVE)
    if consent.partner_id:
        live = live.filter(partner_id=consent.partner_id)
    for referral in live:
        withdraw_for_consent(
            referral, by=by, reason=_("The person withdrew their consent to sharing with this partner.")
        )


@transaction.atomic
def add_note(case: ReturnCase, *, by, office, body: str, visibility: str) -> Note:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write something in the note."), field="body")
    note = Note(case=case, author=by, author_office=office, body=body, visibility=visibility)
    note.full_clean()
    note.save()
    audit.record(
        by, "note.added", note, case_id=case.pk, changes={"body": [None, body], "visibility": [None, visibility]}
    )
    return note


def _store(upload) -> tuple[str, int]:
    root = Path(settings.ATTACHMENTS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    size = 0
    with open(root / stored_name, "xb") as out:
        for chunk in upload.chunks():
            size += len(chunk)
            out.write(chunk)
    return stored_name, size


def add_attachment(*, by, upload, title: str, case=None, person=None) -> Attachment:
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise DomainError(
            _("The file is larger than the %(size)s allowed.")
            % {"size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            field="file",
        )
    stored_name, size = _store(upload)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                case=case,
                person=person,
                title=title or upload.name,
                original_name=upload.name[:255],
                content_type=(upload.content_type or "application/octet-stream")[:100],
                size=size,
                stored_name=stored_name,
                uploaded_by=by,
            )
            audit.record(
                by,
                "attachment.added",
                attachment,
                case_id=case.pk if case else None,
                person_id=person.pk if person else None,
                changes={"title": [None, attachment.title], "file": [None, attachment.original_name]},
            )
    except Exception:
        # Nothing half-saved: no orphan file without its row.
        (Path(settings.ATTACHMENTS_ROOT) / stored_name).unlink(missing_ok=True)
        raise
    return attachment
