"""Who may refer a case to a partner, decide a referral, and read or write
the case's messages; and what a partner caseworker sees of a case.

Built on cases.access: the case page is reached through get_case_for_user
(a partner caseworker has role PC on a case with a live referral to their
organisation, or to their office when the referral names one). Messages stay
readable by the partner after the referral is completed, so the messages
page has its own entry point here (`get_case_for_messages`).

Decisions the issue left open, as implemented:
- Consent: a referral needs the principal's current partner_sharing consent
  NAMING that partner agency. A consent given with no partner named is not
  enough (the person must know who receives their data); a refusal or a
  withdrawal with no partner named counts against every partner.
- Vulnerabilities shown to partners: those reintegration must plan for
  (minors, unaccompanied minors, medical, pregnancy, elderly, disability,
  mental health, single parent). Trafficking and gender-based violence are
  never shown to a partner: the sending office tells the partner what it
  needs in a message, with the person's agreement.
- Identity documents: a partner sees which documents a person holds (type,
  issuing country, expiry) to help them get papers at home, never the
  document numbers.
- Attachments: there is no sharing of files with partners yet, so a partner
  sees none.
"""

from django.db.models import Q
from django.http import Http404

from cases.access import SEE_ASYLUM_FILE, case_roles
from cases.models import Referral, ReferralStatus, ReturnCase
from organisations.access import READ_ONLY_ROLES, memberships_of, roles_for_office
from organisations.models import Role
from people.models import VulnerabilityKind

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

# The sending office: who refers a case and withdraws a referral.
REFER = {C, TL, ADM}
# The sending office's staff who read the referrals and the messages.
SENDING_STAFF = {C, TL, TO, ADM, AN}
# Who writes messages from the sending side (analysts only read).
POST_MESSAGE_STAFF = {C, TL, TO, ADM}

PARTNER_VULNERABILITIES = [
    VulnerabilityKind.MINOR,
    VulnerabilityKind.UNACCOMPANIED_MINOR,
    VulnerabilityKind.MEDICAL,
    VulnerabilityKind.PREGNANCY,
    VulnerabilityKind.ELDERLY,
    VulnerabilityKind.DISABILITY,
    VulnerabilityKind.MENTAL_HEALTH,
    VulnerabilityKind.SINGLE_PARENT,
]

# Referrals whose partner still reads the case's messages.
MESSAGE_STATUSES = [ReferralStatus.PENDING, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED]


def partner_only(roles: set[str]) -> bool:
    """True when the roles are a partner's without any sending-side role that
    sees the asylum file: the minimised view applies."""
    return Role.PARTNER_CASEWORKER in roles and not roles & SEE_ASYLUM_FILE


def partner_referral_q(user) -> Q | None:
    """Referrals addressed to the user as a partner caseworker: to their
    agency when the referral names no office, else to an office they belong
    to. None when the user is no partner caseworker."""
    agencies, offices = set(), set()
    for m in memberships_of(user):
        if m.role == PC:
            agencies.add(m.office.agency_id)
            offices.add(m.office_id)
    if not agencies:
        return None
    return Q(partner__in=agencies) & (Q(partner_office__isnull=True) | Q(partner_office__in=offices))


def referrals_for_partner(user):
    q = partner_referral_q(user)
    return Referral.objects.filter(q) if q is not None else Referral.objects.none()


def is_addressee(user, referral: Referral) -> bool:
    """The user is a partner caseworker the referral is addressed to."""
    for m in memberships_of(user):
        if m.role != PC or m.office.agency_id != referral.partner_id:
            continue
        if referral.partner_office_id is None or referral.partner_office_id == m.office_id:
            return True
    return False


def can_refer(user, case: ReturnCase) -> bool:
    return bool(roles_for_office(user, case.office) & REFER)


def case_referrals(user, case: ReturnCase):
    """The referrals of the case the user may read: all of them for the
    sending office's staff, those addressed to them for a partner."""
    referrals = case.referrals.select_related("partner", "partner_office", "created_by", "decided_by")
    if roles_for_office(user, case.office) & SENDING_STAFF:
        return referrals
    q = partner_referral_q(user)
    return referrals.filter(q) if q is not None else referrals.none()


def get_case_for_messages(user, pk, *, write: bool = False) -> ReturnCase:
    """The case, for its messages: the sending office's staff, and partner
    caseworkers with a live or completed referral addressed to them. 404 for
    anyone else; 404 too for a write by someone who may only read (analysts),
    so that they cannot learn more than the read gives."""
    try:
        case = ReturnCase.objects.select_related("office", "office__agency", "principal", "counsellor").get(pk=pk)
    except (ReturnCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    roles = set(roles_for_office(user, case.office))
    q = partner_referral_q(user)
    if q is not None and case.referrals.filter(q, status__in=MESSAGE_STATUSES).exists():
        roles.add(PC)
    if not roles:
        raise Http404
    case.user_roles = roles
    case.may_post = bool(roles & (POST_MESSAGE_STAFF | {PC})) and not roles <= READ_ONLY_ROLES
    return case


def message_side(user, case: ReturnCase) -> str:
    """'sending' when the user writes for the sending office, else 'partner'."""
    return "sending" if roles_for_office(user, case.office) & SENDING_STAFF else "partner"


__all__ = [
    "MESSAGE_STATUSES",
    "PARTNER_VULNERABILITIES",
    "POST_MESSAGE_STAFF",
    "REFER",
    "SENDING_STAFF",
    "can_refer",
    "case_referrals",
    "case_roles",
    "get_case_for_messages",
    "is_addressee",
    "message_side",
    "partner_only",
    "partner_referral_q",
    "referrals_for_partner",
]
