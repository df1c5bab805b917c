"""The return case lifecycle as data: statuses, the allowed moves, who may
make each and what must be true first. cases.actions.transition() is the only
code that changes a case's status, and it reads everything from here."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Role


class Status(models.TextChoices):
    INTAKE = "intake", _("Intake")
    COUNSELLING = "counselling", _("Counselling")
    APPLICATION = "application", _("Application")
    ELIGIBILITY = "eligibility", _("Eligibility")
    TRAVEL_PREPARATION = "travel_preparation", _("Travel preparation")
    READY_TO_DEPART = "ready_to_depart", _("Ready to depart")
    DEPARTED = "departed", _("Departed")
    REINTEGRATION = "reintegration", _("Reintegration")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn (changed mind)")
    NO_SHOW = "no_show", _("No-show")
    ABSCONDED = "absconded", _("Absconded")
    CANCELLED = "cancelled", _("Cancelled")
    FORCED_RETURN = "forced_return", _("Forced return")
    OTHER_EXIT = "other_exit", _("Closed for another reason")


PRE_DEPARTURE = [
    Status.INTAKE,
    Status.COUNSELLING,
    Status.APPLICATION,
    Status.ELIGIBILITY,
    Status.TRAVEL_PREPARATION,
    Status.READY_TO_DEPART,
]
OPEN_STATUSES = [*PRE_DEPARTURE, Status.DEPARTED, Status.REINTEGRATION, Status.MONITORING]
EXIT_STATUSES = [
    Status.WITHDRAWN,
    Status.NO_SHOW,
    Status.ABSCONDED,
    Status.CANCELLED,
    Status.FORCED_RETURN,
    Status.OTHER_EXIT,
]
ENDED_STATUSES = [Status.CLOSED, *EXIT_STATUSES]

C, TL, TO, PC, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.AGENCY_ADMIN,
)
SENDING = {C, TL, ADM}


@dataclass(frozen=True)
class Move:
    to: str
    sources: tuple[str, ...]
    roles: frozenset[str]
    guards: tuple[Callable, ...] = field(default=())
    reason_required: bool = False
    label: str = ""
    # False: made only by an action of another module, inside
    # allow_unoffered_moves(); otherwise the move does not exist (never
    # offered on the case page, refused by a plain transition), e.g. the
    # moves of a retroactive registration.
    offered: bool = True


def _has_counselling_consent(case) -> str | None:
    from cases.consents import current_consent

    consent = current_consent(case, case.principal, "counselling")
    if consent is None or consent.state != "given":
        return _("The person has not given consent to processing for counselling and return.")
    return None


def _has_interview(case) -> str | None:
    if not case.interviews.exists():
        return _("No counselling interview has been recorded yet.")
    return None


def _every_member_has_valid_document(case) -> str | None:
    """A passport or laissez-passer for every member, valid on the travel date
    (today while nothing is booked yet)."""
    from django.utils import timezone

    from travel.readiness import confirmed_booking

    booking = confirmed_booking(case)
    travel_date = booking.travel_date if booking and booking.travel_date else timezone.localdate()
    missing = []
    for member in case.case_members.select_related("person").prefetch_related("person__documents"):
        valid = [
            d
            for d in member.person.documents.all()
            if d.doc_type in {"passport", "laissez_passer"} and (d.expiry_date is None or d.expiry_date >= travel_date)
        ]
        if not valid:
            missing.append(member.person.full_name)
    if missing:
        return _("No passport or laissez-passer valid on the travel date for: %(names)s.") % {
            "names": ", ".join(missing)
        }
    return None


def _has_confirmed_booking(case) -> str | None:
    from travel.readiness import confirmed_booking

    if confirmed_booking(case) is None:
        return _("No confirmed booking.")
    return None


def _has_approved_package(case) -> str | None:
    from eligibility.models import Decision, DecisionStatus

    if not Decision.objects.filter(case=case, status=DecisionStatus.APPROVED).exists():
        return _("No assistance package has been approved for this case yet.")
    return None


def _departure_recorded(case) -> str | None:
    """A departure is recorded on the travel page's departure day, which
    keeps the booking the person left on; the move itself follows from it."""
    from travel.models import DepartureOutcome
    from travel.readiness import confirmed_booking

    booking = confirmed_booking(case)
    if booking is None or not DepartureOutcome.objects.filter(booking=booking, outcome="departed").exists():
        return _("Record the departure on the case's travel page (departure day).")
    return None


def _has_partner_consent(case) -> str | None:
    from cases.consents import current_consent

    consent = current_consent(case, case.principal, "partner_sharing")
    if consent is None or consent.state != "given":
        return _("The person has not consented to sharing their data with a reintegration partner.")
    return None


def _retroactive_registration_pending(case) -> str | None:
    """A partner registers a returnee who came back without a case: the new
    case goes straight from intake to departed, and only then."""
    from reintegration.models import RetroactiveRegistration, RetroStatus

    if not RetroactiveRegistration.objects.filter(case=case, status=RetroStatus.PENDING).exists():
        return _("Only a partner's retroactive registration of a returnee records a return without a departure.")
    return None


def _retroactive_registration_reopened(case) -> str | None:
    """A rejected or expired retroactive registration that the sending
    office's team leader reopens (reintegration.actions_partner.reopen sets
    the registration to accepted first) takes the case back to departed."""
    from reintegration.models import RetroactiveRegistration, RetroStatus

    if not RetroactiveRegistration.objects.filter(case=case, status=RetroStatus.ACCEPTED).exists():
        return _("Only a reopened retroactive registration takes an ended case back to departed.")
    return None


MOVES: tuple[Move, ...] = (
    Move(Status.COUNSELLING, (Status.INTAKE,), frozenset(SENDING), label=_("Start counselling")),
    Move(
        Status.APPLICATION,
        (Status.COUNSELLING,),
        frozenset(SENDING),
        guards=(_has_counselling_consent, _has_interview),
        label=_("Record the application"),
    ),
    Move(Status.ELIGIBILITY, (Status.APPLICATION,), frozenset(SENDING), label=_("Send for eligibility decision")),
    Move(
        Status.TRAVEL_PREPARATION,
        (Status.ELIGIBILITY,),
        frozenset({TL, ADM}),
        guards=(_has_approved_package,),
        label=_("Approve and prepare travel"),
    ),
    Move(
        Status.READY_TO_DEPART,
        (Status.TRAVEL_PREPARATION,),
        frozenset({TL, TO, ADM}),
        guards=(_has_confirmed_booking, _every_member_has_valid_document),
        label=_("Mark ready to depart"),
    ),
    # A postponed departure goes back to travel preparation for a new booking.
    Move(
        Status.TRAVEL_PREPARATION,
        (Status.READY_TO_DEPART,),
        frozenset({TL, TO, ADM}),
        reason_required=True,
        label=_("Departure postponed"),
    ),
    Move(
        Status.DEPARTED,
        (Status.READY_TO_DEPART,),
        frozenset({TL, TO, ADM}),
        guards=(_departure_recorded,),
        label=_("Record departure"),
    ),
    Move(
        Status.REINTEGRATION,
        (Status.DEPARTED,),
        frozenset({*SENDING, PC}),
        guards=(_has_partner_consent,),
        label=_("Start reintegration"),
    ),
    Move(Status.MONITORING, (Status.REINTEGRATION,), frozenset({*SENDING, PC}), label=_("Start monitoring")),
    Move(
        Status.CLOSED,
        (Status.DEPARTED, Status.REINTEGRATION, Status.MONITORING),
        frozenset({TL, ADM}),
        label=_("Close the case"),
    ),
    # Exits. The person may change their mind at any time before departure.
    Move(
        Status.WITHDRAWN,
        tuple(PRE_DEPARTURE),
        frozenset({*SENDING, TO}),
        reason_required=True,
        label=_("Withdrawn: the person changed their mind"),
    ),
    Move(
        Status.NO_SHOW,
        (Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART),
        frozenset({*SENDING, TO}),
        reason_required=True,
        label=_("No-show"),
    ),
    Move(Status.ABSCONDED, tuple(PRE_DEPARTURE), frozenset({*SENDING, TO}), reason_required=True, label=_("Absconded")),
    Move(Status.CANCELLED, tuple(OPEN_STATUSES), frozenset({TL, ADM}), reason_required=True, label=_("Cancel")),
    Move(
        Status.FORCED_RETURN,
        tuple(PRE_DEPARTURE),
        frozenset({TL, ADM}),
        reason_required=True,
        label=_("Switched to forced return"),
    ),
    Move(
        Status.OTHER_EXIT,
        tuple(OPEN_STATUSES),
        frozenset({TL, ADM}),
        reason_required=True,
        label=_("Close for another reason"),
    ),
    # A team leader reopens an ended case; counselling starts again.
    Move(Status.COUNSELLING, tuple(ENDED_STATUSES), frozenset({TL, ADM}), reason_required=True, label=_("Reopen")),
    # Retroactive registration by a partner (reintegration.actions_partner):
    # the returnee came back without a case, so the case opened for them is
    # recorded as departed at once; a rejected or expired registration that
    # the sending office reopens goes back to departed, not to counselling.
    Move(
        Status.DEPARTED,
        (Status.INTAKE,),
        frozenset({PC}),
        guards=(_retroactive_registration_pending,),
        label=_("Record a return made without a case"),
        offered=False,
    ),
    Move(
        Status.DEPARTED,
        (Status.OTHER_EXIT,),
        frozenset({TL, ADM}),
        guards=(_retroactive_registration_reopened,),
        reason_required=True,
        label=_("Reopen the retroactive registration"),
        offered=False,
    ),
)


_unoffered_allowed: ContextVar[bool] = ContextVar("retour_unoffered_moves", default=False)


@contextmanager
def allow_unoffered_moves():
    """Within this block, transition() also finds the moves not offered on
    the case page (their guards still apply)."""
    token = _unoffered_allowed.set(True)
    try:
        yield
    finally:
        _unoffered_allowed.reset(token)


def moves_from(status: str) -> list[Move]:
    """The moves offered from `status` (on the case page and in the API)."""
    return [m for m in MOVES if m.offered and status in m.sources]


def find_move(from_status: str, to_status: str) -> Move | None:
    allowed = _unoffered_allowed.get()
    for m in MOVES:
        if m.to == to_status and from_status in m.sources and (m.offered or allowed):
            return m
    return None
