"""Referring a case to a partner and the partner's answer; messages on a case.
Each change: one transaction, the change, an audit event, and an email to
the other side on commit (reintegration.notify)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Consent, ConsentState, Referral, ReferralPurpose, ReferralStatus, ReturnCase
from core import audit
from core.errors import DomainError
from organisations.access import acting_office, roles_for_office
from organisations.models import Agency, AgencyKind, Office, Role
from reintegration.access_referrals import (
    MESSAGE_STATUSES,
    POST_MESSAGE_STAFF,
    REFER,
    SENDING_STAFF,
    is_addressee,
)
from reintegration.models import Message
from reintegration.notify import notify, site_url

PARTNER_KINDS = {AgencyKind.PARTNER, AgencyKind.NGO}
REFERRAL_FIELDS = ["partner", "partner_office", "purpose", "status", "message", "consent"]


# Who hears of it ------------------------------------------------------------


def partner_caseworkers(referral: Referral):
    """The partner caseworkers the referral is addressed to."""
    users = get_user_model().objects.filter(is_active=True, memberships__role=Role.PARTNER_CASEWORKER)
    if referral.partner_office_id:
        users = users.filter(memberships__office=referral.partner_office_id)
    else:
        users = users.filter(memberships__office__agency=referral.partner_id)
    return list(users.distinct().order_by("pk"))


def sending_contacts(case: ReturnCase):
    """The case's counsellor, else the team leaders of the case's office."""
    if case.counsellor_id and case.counsellor.is_active:
        return [case.counsellor]
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__office=case.office_id, memberships__role=Role.TEAM_LEADER)
        .distinct()
        .order_by("pk")
    )


def _notify_partner(referral: Referral, subject, template: str) -> None:
    case = referral.case
    notify(
        partner_caseworkers(referral),
        subject,
        template,
        {"number": case.number, "referral": referral, "link": site_url(reverse("case-detail", args=[case.pk]))},
    )


def _notify_sending(referral: Referral, subject, template: str) -> None:
    case = referral.case
    notify(
        sending_contacts(case),
        subject,
        template,
        {"number": case.number, "referral": referral, "link": site_url(reverse("case-detail", args=[case.pk]))},
    )


# Checks -------------------------------------------------------------------


def partner_choices(case: ReturnCase) -> tuple[list[Agency], list[Office]]:
    """Whom the case can be referred to: partner organisations and NGOs (as a
    whole), and the offices in the country of return of those and of the
    case's own agency (its offices abroad)."""
    agencies = list(Agency.objects.filter(kind__in=PARTNER_KINDS).order_by("name"))
    offices = list(
        Office.objects.filter(country=case.country_of_return)
        .filter(Q(agency__kind__in=PARTNER_KINDS) | Q(agency=case.office.agency_id))
        .exclude(pk=case.office_id)
        .select_related("agency")
        .order_by("agency__name", "name")
    )
    return agencies, offices


def sharing_consent(case: ReturnCase, partner: Agency) -> Consent:
    """The principal's consent to sharing with `partner`, or DomainError on
    field "partner". The latest partner_sharing record naming this partner,
    or naming none, decides: given and naming the partner passes; given with
    no partner named does not (see reintegration.access_referrals)."""
    records = Consent.objects.filter(case=case, person=case.principal, purpose="partner_sharing").filter(
        Q(partner=partner) | Q(partner__isnull=True)
    )
    latest = records.order_by("-date", "-recorded_at", "-pk").first()
    if latest is None:
        raise DomainError(
            _("%(name)s has not consented to sharing their data with %(partner)s. Record the consent first.")
            % {"name": case.principal.full_name, "partner": partner.name},
            field="partner",
        )
    if latest.state != ConsentState.GIVEN:
        raise DomainError(
            _("%(name)s has refused or withdrawn consent to sharing their data with %(partner)s.")
            % {"name": case.principal.full_name, "partner": partner.name},
            field="partner",
        )
    if latest.partner_id is None:
        raise DomainError(
            _("The consent to sharing does not name %(partner)s. Record a consent that names the partner.")
            % {"partner": partner.name},
            field="partner",
        )
    return latest


def _check_partner(case: ReturnCase, partner: Agency | None, partner_office: Office | None) -> None:
    if partner is None:
        raise DomainError(_("Choose the partner."), field="partner")
    own_agency = partner.pk == case.office.agency_id
    if partner.kind not in PARTNER_KINDS and not own_agency:
        raise DomainError(_("This organisation is not a reintegration partner."), field="partner")
    if partner_office is not None:
        if partner_office.agency_id != partner.pk:
            raise DomainError(_("This office is not one of the partner's."), field="partner_office")
        if partner_office.country != case.country_of_return:
            raise DomainError(
                _("Choose an office in the country of return (%(country)s).")
                % {"country": case.country_of_return.name},
                field="partner_office",
            )
    if own_agency and (partner_office is None or partner_office.pk == case.office_id):
        raise DomainError(
            _("A case goes to its own agency only through one of its offices in the country of return."),
            field="partner_office",
        )


def _lock_referral(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "case__office", "case__principal", "case__counsellor", "partner", "partner_office")
        .get(pk=referral.pk)
    )


def _reason(reason: str, message) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, field="reason")
    return reason


# Referrals -------------------------------------------------------------------


@transaction.atomic
def refer_case(
    case: ReturnCase,
    *,
    by,
    partner: Agency | None,
    partner_office: Office | None = None,
    purpose: str = ReferralPurpose.REINTEGRATION,
    message: str = "",
) -> Referral:
    """The sending office refers the case to a partner for a purpose, under
    the principal's consent to sharing with that partner."""
    case = (
        ReturnCase.objects.select_for_update(of=("self",))
        .select_related("office", "principal", "counsellor")
        .get(pk=case.pk)
    )
    if not roles_for_office(by, case.office) & REFER:
        raise DomainError(_("Only the sending office refers a case to a partner."), field="partner", code="forbidden")
    if not case.is_open:
        raise DomainError(_("This case is closed; it cannot be referred."), field="partner")
    if partner is None and partner_office is not None:
        partner = partner_office.agency
    _check_partner(case, partner, partner_office)
    if purpose not in ReferralPurpose.values:
        raise DomainError(_("Choose the purpose of the referral."), field="purpose")
    consent = sharing_consent(case, partner)
    if case.referrals.filter(partner=partner, purpose=purpose, status__in=Referral.LIVE).exists():
        raise DomainError(
            _("This case is already referred to %(partner)s for this purpose.") % {"partner": partner.name},
            field="partner",
        )
    referral = Referral(
        case=case,
        partner=partner,
        partner_office=partner_office,
        purpose=purpose,
        message=(message or "").strip(),
        consent=consent,
        created_by=by,
    )
    referral.full_clean()
    referral.save()
    audit.record(by, "referral.created", referral, case_id=case.pk, changes=audit.created(referral, REFERRAL_FIELDS))
    _notify_partner(
        referral, gettext_lazy("Retour: case %(number)s referred to you"), "reintegration/referral_email_new.txt"
    )
    return referral


def _decide(
    referral: Referral, *, by, sources, to_status, action, reason="", partner_side: bool | None = True
) -> Referral:
    """partner_side: True for the partner's answers, False for the sending
    office's; None when the person's own decision ends the referral."""
    referral = _lock_referral(referral)
    labels = dict(ReferralStatus.choices)
    if partner_side and not is_addressee(by, referral):
        raise DomainError(_("Only the partner the case is referred to answers the referral."), code="forbidden")
    if partner_side is False and not roles_for_office(by, referral.case.office) & REFER:
        raise DomainError(_("Only the sending office withdraws a referral."), code="forbidden")
    if referral.status not in sources:
        raise DomainError(
            _("This referral is “%(status)s”; it cannot be changed that way.")
            % {"status": labels.get(referral.status, referral.status)},
            field="status",
        )
    before = audit.snapshot(referral, ["status", "reason"])
    now = timezone.now()
    referral.status = to_status
    if reason:
        referral.reason = reason
    if to_status == ReferralStatus.COMPLETED:
        referral.completed_at = now
    else:
        referral.decided_by = by
        referral.decided_at = now
    referral.save()
    audit.record(
        by,
        action,
        referral,
        case_id=referral.case_id,
        changes=audit.diff(before, audit.snapshot(referral, ["status", "reason"])),
    )
    return referral


@transaction.atomic
def accept_referral(referral: Referral, *, by) -> Referral:
    referral = _decide(
        referral, by=by, sources={ReferralStatus.PENDING}, to_status=ReferralStatus.ACCEPTED, action="referral.accepted"
    )
    _notify_sending(
        referral,
        gettext_lazy("Retour: the referral of case %(number)s is accepted"),
        "reintegration/referral_email_answer.txt",
    )
    return referral


@transaction.atomic
def decline_referral(referral: Referral, *, by, reason: str) -> Referral:
    reason = _reason(reason, _("Say why the referral is declined."))
    referral = _decide(
        referral,
        by=by,
        sources={ReferralStatus.PENDING},
        to_status=ReferralStatus.DECLINED,
        action="referral.declined",
        reason=reason,
    )
    _notify_sending(
        referral,
        gettext_lazy("Retour: the referral of case %(number)s is declined"),
        "reintegration/referral_email_answer.txt",
    )
    return referral


@transaction.atomic
def complete_referral(referral: Referral, *, by, note: str) -> Referral:
    """The partner has done what the referral asked; the closing note is kept
    in the referral's reason."""
    note = _reason(note, _("Write a closing note."))
    referral = _decide(
        referral,
        by=by,
        sources={ReferralStatus.ACCEPTED},
        to_status=ReferralStatus.COMPLETED,
        action="referral.completed",
        reason=note,
    )
    _notify_sending(
        referral,
        gettext_lazy("Retour: the referral of case %(number)s is completed"),
        "reintegration/referral_email_answer.txt",
    )
    return referral


@transaction.atomic
def withdraw_referral(referral: Referral, *, by, reason: str) -> Referral:
    reason = _reason(reason, _("Say why the referral is withdrawn."))
    referral = _decide(
        referral,
        by=by,
        sources=set(Referral.LIVE),
        to_status=ReferralStatus.WITHDRAWN,
        action="referral.withdrawn",
        reason=reason,
        partner_side=False,
    )
    _notify_partner(
        referral,
        gettext_lazy("Retour: the referral of case %(number)s is withdrawn"),
        "reintegration/referral_email_withdrawn.txt",
    )
    return referral


@transaction.atomic
def withdraw_for_consent(referral: Referral, *, by, reason: str) -> Referral:
    """The person refused or withdrew consent to sharing: whoever recorded
    that, the referral ends at once."""
    referral = _decide(
        referral,
        by=by,
        sources=set(Referral.LIVE),
        to_status=ReferralStatus.WITHDRAWN,
        action="referral.withdrawn",
        reason=reason,
        partner_side=None,
    )
    _notify_partner(
        referral,
        gettext_lazy("Retour: the referral of case %(number)s is withdrawn"),
        "reintegration/referral_email_withdrawn.txt",
    )
    return referral


# Messages -----------------------------------------------------------------------


def message_partners(case: ReturnCase) -> list[Agency]:
    """The partners the sending office can write to on this case."""
    referrals = case.referrals.filter(status__in=MESSAGE_STATUSES).select_related("partner").order_by("pk")
    return list({r.partner_id: r.partner for r in referrals}.values())


def visible_messages(user, case: ReturnCase):
    """The sending office reads every thread; a partner only its own."""
    thread = case.messages.select_related("author", "author_office", "author_office__agency", "partner")
    if roles_for_office(user, case.office) & SENDING_STAFF:
        return thread
    mine = [r.partner_id for r in case.referrals.filter(status__in=MESSAGE_STATUSES) if is_addressee(user, r)]
    return thread.filter(partner__in=mine)


def _message_partners(case: ReturnCase, partner: Agency):
    users, seen = [], set()
    referrals = case.referrals.filter(status__in=MESSAGE_STATUSES, partner=partner)
    for referral in referrals.select_related("partner", "partner_office"):
        for user in partner_caseworkers(referral):
            if user.pk not in seen:
                seen.add(user.pk)
                users.append(user)
    return users


@transaction.atomic
def post_message(case: ReturnCase, *, by, body: str, partner: Agency | None = None) -> Message:
    """A message on the case, from the sending office to one partner (which
    one, when several have the case) or from the partner; the other side is
    emailed a link (never the body: email leaves the system)."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the message."), field="body")
    staff = roles_for_office(by, case.office)
    if staff & SENDING_STAFF:
        if not staff & POST_MESSAGE_STAFF:
            raise DomainError(_("Your role can read the messages but not write them."), code="forbidden")
        office = acting_office(by, case.office)
        partners = message_partners(case)
        if partner is None and len(partners) == 1:
            partner = partners[0]
        if partner is None or partner.pk not in {p.pk for p in partners}:
            raise DomainError(_("Choose the partner this message is for."), field="partner")
        recipients = _message_partners(case, partner)
    else:
        addressed = [r for r in case.referrals.filter(status__in=MESSAGE_STATUSES) if is_addressee(by, r)]
        if not addressed:
            raise DomainError(_("This case is not referred to you."), code="forbidden")
        office = next(
            (
                m.office
                for m in by.memberships.select_related("office")
                if m.role == Role.PARTNER_CASEWORKER and m.office.agency_id == addressed[0].partner_id
            ),
            None,
        ) or acting_office(by, case.office)
        partner = addressed[0].partner
        recipients = sending_contacts(case)
    message = Message(case=case, partner=partner, author=by, author_office=office, body=body)
    message.full_clean()
    message.save()
    audit.record(
        by,
        "message.posted",
        message,
        case_id=case.pk,
        changes={"body": [None, body], "author_office": [None, office.pk], "partner": [None, partner.pk]},
    )
    # Only the case number and a link: the body stays in Retour.
    notify(
        [u for u in recipients if u.pk != by.pk],
        gettext_lazy("Retour: new message on case %(number)s"),
        "reintegration/message_email.txt",
        {"number": case.number, "link": site_url(reverse("case-messages", args=[case.pk]))},
    )
    return message
