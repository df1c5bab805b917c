"""Retroactive registrations: every change in one transaction with its
audit event (return stories are in reintegration.actions_stories).

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
sending office's team leader: back to departed, then reintegration."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cases import actions as case_actions
from cases import lifecycle
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
from core.errors import DomainError
from organisations.access import roles_for_office
from organisations.models import AgencyKind, Membership, Role
from people import actions as people_actions
from reintegration.access_partner import ANSWER_RETRO
from reintegration.models import RetroactiveRegistration, RetroStatus
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
