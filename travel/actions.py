"""Every change to a journey: one transaction, the change, the case's move
where the day's outcome calls for one, and the audit events."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import ReturnCase
from core import audit
from core.errors import DomainError, StaleEdit
from eligibility.models import Decision, DecisionStatus
from people.matching.index import index_people
from people.models import DocumentType, IdentityDocument
from travel.models import (
    Booking,
    BookingStatus,
    DepartureOutcome,
    DocumentRequest,
    Outcome,
    PremiumPayment,
    RequestStatus,
    Segment,
)
from travel.readiness import confirmed_booking, premium_at_departure

BOOKABLE = {Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART}
BOOKING_FIELDS = [
    "reference",
    "booked_by",
    "status",
    "cost",
    "currency",
    "medical_escort",
    "wheelchair",
    "unaccompanied_minor",
    "special_needs_notes",
    "luggage_allowance",
    "meeting_point",
    "contact_phone",
    "show_up_minutes",
]
SEGMENT_FIELDS = [
    "mode",
    "carrier",
    "number",
    "origin",
    "origin_tz",
    "departs_at",
    "destination",
    "destination_tz",
    "arrives_at",
]


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(_("This date cannot be in the future."), field=field)


def _member(case, person) -> None:
    if not case.case_members.filter(person=person).exists():
        raise DomainError(_("This person is not a member of the case."), field="person")


# Travel documents ---------------------------------------------------------


@transaction.atomic
def request_document(case, *, by, person, consulate: str, issuing_country: str, requested_on) -> DocumentRequest:
    _member(case, person)
    consulate = (consulate or "").strip()
    if not consulate:
        raise DomainError(_("Name the consulate or embassy."), field="consulate")
    _not_future(requested_on, "requested_on")
    if DocumentRequest.objects.filter(case=case, person=person, status=RequestStatus.REQUESTED).exists():
        raise DomainError(
            _("A laissez-passer request for %(name)s is already pending.") % {"name": person.full_name},
            field="person",
        )
    req = DocumentRequest.objects.create(
        case=case,
        person=person,
        consulate=consulate,
        issuing_country=issuing_country,
        requested_on=requested_on,
        created_by=by,
    )
    audit.record(
        by,
        "document_request.created",
        req,
        case_id=case.pk,
        person_id=person.pk,
        changes=audit.created(req, ["consulate", "issuing_country", "requested_on"]),
    )
    return req


def _lock_request(req: DocumentRequest) -> DocumentRequest:
    locked = DocumentRequest.objects.select_for_update().get(pk=req.pk)
    if locked.status != RequestStatus.REQUESTED:
        raise DomainError(_("This request is no longer pending."))
    return locked


@transaction.atomic
def record_reminder(req: DocumentRequest, *, by, on) -> DocumentRequest:
    """The consulate was reminded (by phone, letter or visit) on `on`."""
    req = _lock_request(req)
    _not_future(on, "on")
    if on < req.requested_on:
        raise DomainError(_("A reminder cannot come before the request."), field="on")
    before = audit.snapshot(req, ["reminders_sent", "last_reminder_on"])
    req.reminders_sent += 1
    req.last_reminder_on = max(on, req.last_reminder_on or on)
    req.save(update_fields=["reminders_sent", "last_reminder_on"])
    audit.record(
        by,
        "document_request.reminded",
        req,
        case_id=req.case_id,
        person_id=req.person_id,
        changes=audit.diff(before, audit.snapshot(req, ["reminders_sent", "last_reminder_on"])),
    )
    return req


@transaction.atomic
def record_issued(req: DocumentRequest, *, by, number: str, issued_on, expiry_date) -> DocumentRequest:
    """The laissez-passer arrived: it becomes one of the person's documents."""
    req = _lock_request(req)
    number = (number or "").strip()
    if not number:
        raise DomainError(_("Enter the document number."), field="number")
    _not_future(issued_on, "issued_on")
    if issued_on < req.requested_on:
        raise DomainError(_("The document cannot be issued before it was requested."), field="issued_on")
    if expiry_date is None or expiry_date <= issued_on:
        raise DomainError(_("The expiry date must come after the date of issue."), field="expiry_date")
    document = IdentityDocument(
        person=req.person,
        doc_type=DocumentType.LAISSEZ_PASSER,
        number=number,
        issuing_country=req.issuing_country,
        expiry_date=expiry_date,
    )
    document.save()
    index_people([req.person_id])
    req.status = RequestStatus.ISSUED
    req.issued_on = issued_on
    req.document = document
    req.save(update_fields=["status", "issued_on", "document"])
    audit.record(
        by,
        "document_request.issued",
        req,
        case_id=req.case_id,
        person_id=req.person_id,
        changes={"status": [RequestStatus.REQUESTED, RequestStatus.ISSUED], "issued_on": [None, issued_on]},
    )
    audit.record(
        by,
        "person.document_added",
        document,
        person_id=req.person_id,
        changes=audit.created(document, ["doc_type", "number", "issuing_country", "expiry_date"]),
    )
    return req


@transaction.atomic
def close_request(req: DocumentRequest, *, by, status: str, reason: str) -> DocumentRequest:
    """The consulate refused, or the request was withdrawn."""
    if status not in {RequestStatus.REFUSED, RequestStatus.WITHDRAWN}:
        raise DomainError(_("Choose refused or withdrawn."), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for this change."), field="reason")
    req = _lock_request(req)
    req.status = status
    req.outcome_reason = reason
    req.save(update_fields=["status", "outcome_reason"])
    audit.record(
        by,
        "document_request.closed",
        req,
        case_id=req.case_id,
        person_id=req.person_id,
        changes={"status": [RequestStatus.REQUESTED, status], "outcome_reason": [None, reason]},
    )
    return req


# Bookings -----------------------------------------------------------------


def _check_segments(segments: list[dict]) -> None:
    """Each segment arrives after it leaves, and the next leaves after the
    previous one arrives; compared in UTC, so time zones cannot fool it."""
    if not segments:
        raise DomainError(_("Add at least one flight, bus or train."), field="segments")
    for i, seg in enumerate(segments, start=1):
        for key in ("origin_tz", "destination_tz"):
            try:
                ZoneInfo(seg.get(key) or "")
            except (ZoneInfoNotFoundError, ValueError):
                raise DomainError(
                    _("Segment %(n)s: unknown time zone “%(tz)s”.") % {"n": i, "tz": seg.get(key)},
                    field=f"segments.{i}.{key}",
                ) from None
        for key in ("carrier", "origin", "destination"):
            if not (seg.get(key) or "").strip():
                raise DomainError(_("Segment %(n)s: this field is required.") % {"n": i}, field=f"segments.{i}.{key}")
        for key in ("departs_at", "arrives_at"):
            value = seg.get(key)
            if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
                raise DomainError(
                    _("Segment %(n)s: give the date and time with its time zone.") % {"n": i},
                    field=f"segments.{i}.{key}",
                )
        if seg["arrives_at"] <= seg["departs_at"]:
            raise DomainError(
                _("Segment %(n)s arrives before it leaves (times are local to each place).") % {"n": i},
                field=f"segments.{i}.arrives_at",
            )
        if i > 1 and seg["departs_at"] < segments[i - 2]["arrives_at"]:
            raise DomainError(
                _("Segment %(n)s leaves before the previous one arrives.") % {"n": i},
                field=f"segments.{i}.departs_at",
            )


def _check_booking(fields: dict) -> None:
    if not (fields.get("reference") or "").strip():
        raise DomainError(_("Enter the booking reference."), field="reference")
    if fields.get("status") == BookingStatus.CANCELLED:
        raise DomainError(_("Cancel a booking with its own button, giving a reason."), field="status")
    cost = fields.get("cost")
    if cost is not None and cost < 0:
        raise DomainError(_("The cost cannot be negative."), field="cost")


def _save_segments(booking: Booking, segments: list[dict]) -> None:
    booking.segments.all().delete()
    Segment.objects.bulk_create(
        Segment(booking=booking, position=i, **{k: seg.get(k, "") for k in SEGMENT_FIELDS})
        for i, seg in enumerate(segments, start=1)
    )
    booking.departs_at = segments[0]["departs_at"]
    booking.save(update_fields=["departs_at"])


def _segments_snapshot(booking: Booking) -> list[str]:
    """A readable line per segment for the history."""
    return [
        f"{s.get_mode_display()} {s.carrier} {s.number} {s.origin} "
        f"{s.local_departure:%Y-%m-%d %H:%M} → {s.destination} {s.local_arrival:%Y-%m-%d %H:%M}".replace("  ", " ")
        for s in booking.segments.order_by("position")
    ]


@transaction.atomic
def create_booking(case, *, by, segments: list[dict], **fields) -> Booking:
    if case.status not in BOOKABLE:
        raise DomainError(_("Bookings are made once the package is approved and travel is being prepared."))
    _check_booking(fields)
    _check_segments(segments)
    booking = Booking(case=case, created_by=by, **{k: v for k, v in fields.items() if k in BOOKING_FIELDS})
    booking.reference = booking.reference.strip()
    booking.save()
    _save_segments(booking, segments)
    audit.record(
        by,
        "booking.created",
        booking,
        case_id=case.pk,
        changes={**audit.created(booking, BOOKING_FIELDS), "segments": [None, _segments_snapshot(booking)]},
    )
    return booking


def _lock_booking(booking: Booking, expected_version: int | None = None) -> Booking:
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(_("Someone else changed this booking while you were editing. Reload and try again."))
    if locked.status == BookingStatus.CANCELLED:
        raise DomainError(_("This booking is cancelled; make a new one."))
    return locked


@transaction.atomic
def update_booking(booking: Booking, *, by, expected_version: int, segments: list[dict], **fields) -> Booking:
    """A change (new flight, new time, confirmation): the before and after
    are kept in the audit trail, which is the booking's history."""
    locked = _lock_booking(booking, expected_version)
    _check_booking({**{f: getattr(locked, f) for f in BOOKING_FIELDS}, **fields})
    _check_segments(segments)
    before = {**audit.snapshot(locked, BOOKING_FIELDS), "segments": _segments_snapshot(locked)}
    for key, value in fields.items():
        if key in BOOKING_FIELDS:
            setattr(locked, key, value)
    locked.version += 1
    locked.save()
    _save_segments(locked, segments)
    after = {**audit.snapshot(locked, BOOKING_FIELDS), "segments": _segments_snapshot(locked)}
    audit.record(by, "booking.changed", locked, case_id=locked.case_id, changes=audit.diff(before, after))
    return locked


@transaction.atomic
def cancel_booking(booking: Booking, *, by, reason: str, move_case: bool = True) -> Booking:
    """A cancelled booking stays on the case, with its reason. A ready case
    that loses its only confirmed booking goes back to travel preparation."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for this change."), field="reason")
    locked = _lock_booking(booking)
    before = locked.status
    locked.status = BookingStatus.CANCELLED
    locked.cancel_reason = reason
    locked.cancelled_at = timezone.now()
    locked.version += 1
    locked.save()
    audit.record(
        by,
        "booking.cancelled",
        locked,
        case_id=locked.case_id,
        changes={"status": [before, BookingStatus.CANCELLED], "cancel_reason": [None, reason]},
    )
    case = locked.case
    if move_case and case.status == Status.READY_TO_DEPART and confirmed_booking(case) is None:
        case_actions.transition(case, Status.TRAVEL_PREPARATION, by=by, reason=reason)
    return locked


# Departure day ------------------------------------------------------------

# The case's move for each outcome; a postponement only moves a ready case.
OUTCOME_MOVES = {
    Outcome.DEPARTED: Status.DEPARTED,
    Outcome.NO_SHOW: Status.NO_SHOW,
    Outcome.CANCELLED: Status.WITHDRAWN,
    Outcome.POSTPONED: Status.TRAVEL_PREPARATION,
}


@transaction.atomic
def record_outcome(case, *, by, outcome: str, date, new_date=None, reason: str = "") -> DepartureOutcome:
    if outcome not in Outcome.values:
        raise DomainError(_("Choose what happened."), field="outcome")
    _not_future(date, "date")
    reason = (reason or "").strip()
    if outcome != Outcome.DEPARTED and not reason:
        raise DomainError(_("Give a reason for this change."), field="reason")
    if outcome == Outcome.POSTPONED and (new_date is None or new_date <= date):
        raise DomainError(_("Give the new departure date, after today's."), field="new_date")
    if outcome != Outcome.POSTPONED:
        new_date = None
    booking = confirmed_booking(case)
    if outcome == Outcome.DEPARTED and booking is None:
        raise DomainError(_("No confirmed booking."), field="outcome")
    record = DepartureOutcome.objects.create(
        case=case, booking=booking, outcome=outcome, date=date, new_date=new_date, reason=reason, recorded_by=by
    )
    to_status = OUTCOME_MOVES[outcome]
    why = reason
    if outcome == Outcome.POSTPONED:
        why = _("Postponed to %(date)s: %(reason)s") % {"date": new_date.isoformat(), "reason": reason}
    if outcome != Outcome.DEPARTED:
        # The day's bookings will not be used.
        for live in case.bookings.exclude(status=BookingStatus.CANCELLED):
            cancel_booking(live, by=by, reason=why, move_case=False)
    if not (outcome == Outcome.POSTPONED and case.status != Status.READY_TO_DEPART):
        case_actions.transition(case, to_status, by=by, reason=why)
    audit.record(
        by,
        "departure.recorded",
        record,
        case_id=case.pk,
        changes=audit.created(record, ["outcome", "date", "new_date", "reason", "booking"]),
    )
    return record


# Premium at departure -----------------------------------------------------


def paid_so_far(decision: Decision) -> Decimal:
    return decision.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@transaction.atomic
def record_payment(
    case, *, by, decision: Decision, paid_to, amount: Decimal, currency: str, method: str, paid_on
) -> PremiumPayment:
    """The officer hands over the premium and signs the receipt off. Never
    more than the approved package pays at departure, all payments counted."""
    if case.status not in {Status.READY_TO_DEPART, Status.DEPARTED}:
        raise DomainError(_("The premium is paid at departure, once the case is ready to depart."))
    # The locks serialise two officers paying on the same case at once.
    ReturnCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    decision = Decision.objects.select_for_update().filter(pk=decision.pk, case=case).first()
    if decision is None or decision.status != DecisionStatus.APPROVED:
        raise DomainError(_("Choose an approved package of this case."), field="decision")
    _member(case, paid_to)
    if amount is None or amount <= 0:
        raise DomainError(_("Enter an amount greater than zero."), field="amount")
    if currency != decision.currency:
        raise DomainError(
            _("The package is in %(currency)s; pay in the same currency.") % {"currency": decision.currency},
            field="currency",
        )
    _not_future(paid_on, "paid_on")
    allowed = premium_at_departure(decision)
    already = paid_so_far(decision)
    if already + amount > allowed:
        raise DomainError(
            _(
                "Refused: %(amount)s would bring the payments to %(total)s, more than the %(allowed)s "
                "approved to be paid at departure (%(already)s already paid)."
            )
            % {
                "amount": f"{amount:.2f} {currency}",
                "total": f"{already + amount:.2f} {currency}",
                "allowed": f"{allowed:.2f} {currency}",
                "already": f"{already:.2f} {currency}",
            },
            field="amount",
        )
    n = PremiumPayment.objects.filter(case=case).count() + 1
    payment = PremiumPayment.objects.create(
        case=case,
        decision=decision,
        paid_to=paid_to,
        amount=amount,
        currency=currency,
        method=method,
        paid_on=paid_on,
        receipt_number=f"{case.number}-P{n}",
        officer=by,
    )
    audit.record(
        by,
        "premium.paid",
        payment,
        case_id=case.pk,
        person_id=paid_to.pk,
        changes=audit.created(payment, ["decision", "paid_to", "amount", "currency", "method", "paid_on"]),
    )
    return payment
