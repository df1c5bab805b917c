"""The travel page of a case: what is still missing before departure, the
travel documents, the bookings, the departure day and the premium paid then.
Thin: the rules are in travel.actions, who may do what in travel.access."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import can, get_case_for_user, require
from cases.lifecycle import PRE_DEPARTURE, Status
from core.audit_labels import action_label, field_label, value_label
from core.errors import DomainError
from core.models import AuditEvent
from eligibility.comparison import money
from eligibility.models import Decision, DecisionStatus
from people.models import DocumentType
from travel import actions
from travel.access import BOOK, PAY, RECORD_DEPARTURE, REQUEST_DOCUMENTS, SEE_TRAVEL
from travel.forms import (
    COMMON_ZONES,
    BookingForm,
    CancelBookingForm,
    CloseRequestForm,
    DocumentRequestForm,
    IssuedForm,
    OutcomeForm,
    PaymentForm,
    ReminderForm,
    apply_domain_error,
    segment_initial,
)
from travel.models import Booking, BookingStatus, DocumentRequest, RequestStatus
from travel.readiness import confirmed_booking, premium_at_departure

TRAVEL_DOCUMENTS = {DocumentType.PASSPORT, DocumentType.LAISSEZ_PASSER}
# The statuses in which the case page shows its travel summary (others: when a booking exists).
TRAVEL_STATUSES = {
    Status.TRAVEL_PREPARATION,
    Status.READY_TO_DEPART,
    Status.DEPARTED,
    Status.REINTEGRATION,
    Status.MONITORING,
    Status.CLOSED,
}
AFTER_DEPARTURE = {Status.DEPARTED, Status.REINTEGRATION, Status.MONITORING, Status.CLOSED}
OUTCOME_STATUSES = {Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART}
PAYABLE_STATUSES = {Status.READY_TO_DEPART, Status.DEPARTED}


# Readiness -----------------------------------------------------------------


def readiness(case, members, *, booking=None, has_package=None) -> dict:
    """Each member's travel documents against the travel date of the
    confirmed booking (today while there is none), and what is still missing,
    in plain words: a list of (name or None, text)."""
    booking = booking if booking is not None else confirmed_booking(case)
    travel_date = booking.travel_date if booking else None
    check_on = travel_date or timezone.localdate()
    if has_package is None:
        has_package = Decision.objects.filter(case=case, status=DecisionStatus.APPROVED).exists()
    rows, missing = [], []
    if not has_package:
        missing.append((None, _("No assistance package has been approved yet.")))
    if booking is None:
        missing.append((None, _("No confirmed booking yet.")))
    for member in members:
        documents = sorted(
            (d for d in member.person.documents.all() if d.doc_type in TRAVEL_DOCUMENTS),
            key=lambda d: (d.expiry_date is None, d.expiry_date),
            reverse=True,
        )
        valid = [d for d in documents if d.expiry_date is None or d.expiry_date >= check_on]
        rows.append({"member": member, "person": member.person, "documents": documents, "valid": valid})
        if not valid:
            if travel_date:
                text = _("no passport or laissez-passer valid on the travel date (%(date)s).") % {
                    "date": date_format(travel_date, "DATE_FORMAT")
                }
            else:
                text = _("no valid passport or laissez-passer.")
            missing.append((member.person.full_name, text))
    return {
        "booking": booking,
        "travel_date": travel_date,
        "check_on": check_on,
        "has_package": has_package,
        "rows": rows,
        "missing": missing,
        "departed": case.status in AFTER_DEPARTURE,
        "preparing": case.status in PRE_DEPARTURE,
    }


def case_page_summary(case, members) -> dict | None:
    """The one-line travel summary on the case page, or None when it has no
    place there. `members` are the case members with their documents
    prefetched, as the case page already loads them."""
    if not can(case, SEE_TRAVEL):
        return None
    if case.status not in TRAVEL_STATUSES:
        # A case in intake has never been booked (bookings need an approved
        # package); a reopened or ended one may have been.
        if case.status == Status.INTAKE or not case.bookings.exists():
            return None
    return readiness(case, members)


# Loading -------------------------------------------------------------------


def _case(request, pk, needed=None, *, write=False):
    case = get_case_for_user(request.user, pk, write=write)
    require(case, SEE_TRAVEL)
    if needed is not None:
        require(case, needed)
    return case


def _members(case) -> list:
    return list(case.case_members.select_related("person").prefetch_related("person__documents").order_by("pk"))


def _approved_decisions(case) -> list[Decision]:
    decisions = list(
        Decision.objects.filter(case=case, status=DecisionStatus.APPROVED)
        .select_related("rule_version__programme")
        .annotate(paid=models.Sum("payments__amount"))
        .order_by("decided_at", "pk")
    )
    for d in decisions:
        d.at_departure = premium_at_departure(d)
        d.paid = d.paid or Decimal("0.00")
        d.remaining = max(d.at_departure - d.paid, Decimal("0.00"))
        d.label = f"{d.rule_version.programme.name} ({money(d.total, d.currency)})"
    return decisions


def _shown(value):
    if value is None or value == "":
        return "–"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return value


def _histories(bookings) -> dict[int, list]:
    """The booking's history from the audit trail: made, changed, cancelled."""
    events = (
        AuditEvent.objects.filter(object_type="travel.booking", object_id__in=[str(b.pk) for b in bookings])
        .select_related("actor")
        .order_by("at", "pk")
    )
    by_booking: dict[int, list] = {}
    for event in events:
        event.label = action_label(event.action)
        event.fields = []
        if event.action != "booking.created":
            for name, values in event.changes.items():
                old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
                if name == "segments":
                    event.fields.append(
                        {
                            "label": field_label(event.object_type, name),
                            "lines": True,
                            "old": old or ["–"],
                            "new": new or ["–"],
                        }
                    )
                    continue
                event.fields.append(
                    {
                        "label": field_label(event.object_type, name),
                        "old": _shown(value_label(event.object_type, name, old)),
                        "new": _shown(value_label(event.object_type, name, new)),
                        "lines": False,
                    }
                )
        by_booking.setdefault(int(event.object_id), []).append(event)
    return by_booking


def _page(request, case, *, forms=None, status=200):
    """The travel page; `forms` replaces blank forms by bound ones with errors."""
    forms = forms or {}
    today = timezone.localdate()
    members = _members(case)
    bookings = list(case.bookings.prefetch_related("segments").order_by("departs_at", "pk"))
    confirmed = next(
        (b for b in bookings if b.status == BookingStatus.CONFIRMED),
        None,
    )
    decisions = _approved_decisions(case)
    summary = readiness(case, members, booking=confirmed, has_package=bool(decisions))
    pre_departure = case.status in PRE_DEPARTURE
    may = {
        "documents": can(case, REQUEST_DOCUMENTS) and pre_departure,
        "book": can(case, BOOK) and case.status in actions.BOOKABLE,
        "outcome": can(case, RECORD_DEPARTURE) and case.status in OUTCOME_STATUSES,
        "pay": can(case, PAY) and case.status in PAYABLE_STATUSES and bool(decisions),
    }

    requests = list(DocumentRequest.objects.filter(case=case).select_related("document").order_by("requested_on", "pk"))
    for req in requests:
        req.pending = req.status == RequestStatus.REQUESTED
        req.days_pending = (today - req.requested_on).days if req.pending else None
        if req.pending and may["documents"]:
            req.reminder_form = forms.get(("reminder", req.pk)) or ReminderForm(prefix=f"reminder-{req.pk}")
            req.issued_form = forms.get(("issued", req.pk)) or IssuedForm(prefix=f"issued-{req.pk}")
            req.close_form = forms.get(("close", req.pk)) or CloseRequestForm(prefix=f"close-{req.pk}")
    for row in summary["rows"]:
        row["requests"] = [r for r in requests if r.person_id == row["person"].pk]
        row["pending"] = next((r for r in row["requests"] if r.pending), None)

    histories = _histories(bookings)
    for booking in bookings:
        booking.rows = booking.ordered_segments()
        booking.history = histories.get(booking.pk, [])
        first = booking.rows[0] if booking.rows else None
        booking.show_up_tz = first.origin_tz if first else None
        if may["book"] and booking.is_live:
            booking.cancel_form = forms.get(("cancel", booking.pk)) or CancelBookingForm(prefix=f"cancel-{booking.pk}")

    payments = list(
        case.premium_payments.select_related("paid_to", "officer", "decision__rule_version__programme").order_by(
            "paid_on", "pk"
        )
    )
    context = {
        "case": case,
        "summary": summary,
        "members": members,
        "requests": requests,
        "bookings": bookings,
        "outcomes": case.departure_outcomes.select_related("recorded_by", "booking").order_by("recorded_at", "pk"),
        "decisions": decisions,
        "payments": payments,
        "may": may,
        "today": today,
        "request_form": forms.get("request")
        or DocumentRequestForm(
            members=members, prefix="request", initial={"issuing_country": case.country_of_return.code}
        ),
        "outcome_form": forms.get("outcome") or OutcomeForm(prefix="outcome"),
        "payment_form": forms.get("payment") or PaymentForm(decisions=decisions, members=members, prefix="payment"),
        "nav": "cases",
    }
    return render(request, "travel/case_travel.html", context, status=status)


def _back(case, anchor: str = ""):
    return redirect(reverse("travel-case", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


# The page ------------------------------------------------------------------


@login_required
@require_GET
def case_travel(request, pk):
    return _page(request, _case(request, pk))


# Travel documents ------------------------------------------------------------


@login_required
@require_POST
def document_request(request, pk):
    case = _case(request, pk, REQUEST_DOCUMENTS, write=True)
    form = DocumentRequestForm(request.POST, members=_members(case), prefix="request")
    if form.is_valid():
        try:
            req = actions.request_document(case, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request, _("The laissez-passer for %(name)s is requested.") % {"name": req.person.full_name}
            )
            return _back(case, "documents")
    return _page(request, case, forms={"request": form})


def _pending_request(case, req_pk) -> DocumentRequest:
    req = DocumentRequest.objects.filter(case=case, pk=req_pk).select_related("person").first()
    if req is None:
        raise Http404
    return req


def _request_step(request, pk, req_pk, kind, form_class, action, done_message):
    case = _case(request, pk, REQUEST_DOCUMENTS, write=True)
    req = _pending_request(case, req_pk)
    form = form_class(request.POST, prefix=f"{kind}-{req.pk}")
    if form.is_valid():
        try:
            action(req, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            if exc.field is None:  # no longer pending: nothing to correct on the form
                messages.error(request, exc.message)
                return _back(case, "documents")
            apply_domain_error(form, exc)
        else:
            messages.success(request, done_message % {"name": req.person.full_name})
            return _back(case, "documents")
    return _page(request, case, forms={(kind, req.pk): form})


@login_required
@require_POST
def document_reminder(request, pk, req_pk):
    return _request_step(
        request,
        pk,
        req_pk,
        "reminder",
        ReminderForm,
        actions.record_reminder,
        _("The reminder to the consulate for %(name)s is recorded."),
    )


@login_required
@require_POST
def document_issued(request, pk, req_pk):
    return _request_step(
        request,
        pk,
        req_pk,
        "issued",
        IssuedForm,
        actions.record_issued,
        _("The laissez-passer of %(name)s is recorded as issued."),
    )


@login_required
@require_POST
def document_close(request, pk, req_pk):
    return _request_step(
        request,
        pk,
        req_pk,
        "close",
        CloseRequestForm,
        actions.close_request,
        _("The laissez-passer request for %(name)s is closed."),
    )


# Bookings -------------------------------------------------------------------


def _booking_of(case, booking_pk) -> Booking:
    booking = case.bookings.prefetch_related("segments").filter(pk=booking_pk).first()
    if booking is None:
        raise Http404
    return booking


def _booking_page(request, case, form, booking=None):
    title = _("Change booking %(reference)s") % {"reference": booking.reference} if booking else _("New booking")
    return render(
        request,
        "travel/case_booking_form.html",
        {"case": case, "form": form, "booking": booking, "title": title, "zones": COMMON_ZONES, "nav": "cases"},
    )


@login_required
def booking_create(request, pk):
    case = _case(request, pk, BOOK, write=request.method == "POST")
    if case.status not in actions.BOOKABLE:
        messages.error(request, _("Bookings are made once the package is approved and travel is being prepared."))
        return _back(case, "bookings")
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = actions.create_booking(case, by=request.user, segments=form.segments(), **form.booking_fields())
        except DomainError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("Booking %(reference)s is saved.") % {"reference": booking.reference})
            return _back(case, f"booking-{booking.pk}")
    return _booking_page(request, case, form)


@login_required
def booking_edit(request, pk, booking_pk):
    case = _case(request, pk, BOOK, write=request.method == "POST")
    booking = _booking_of(case, booking_pk)
    if not booking.is_live:
        messages.error(request, _("This booking is cancelled; make a new one."))
        return _back(case, f"booking-{booking.pk}")
    initial = {name: getattr(booking, name) for name in actions.BOOKING_FIELDS}
    form = BookingForm(
        request.POST or None, initial=initial, segments=[segment_initial(s) for s in booking.ordered_segments()]
    )
    form.version = request.POST.get("version", booking.version)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(form.version)
        except (TypeError, ValueError):
            version = -1
        try:
            booking = actions.update_booking(
                booking, by=request.user, expected_version=version, segments=form.segments(), **form.booking_fields()
            )
        except DomainError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("Booking %(reference)s is changed.") % {"reference": booking.reference})
            return _back(case, f"booking-{booking.pk}")
    return _booking_page(request, case, form, booking)


@login_required
@require_POST
def booking_cancel(request, pk, booking_pk):
    case = _case(request, pk, BOOK, write=True)
    booking = _booking_of(case, booking_pk)
    form = CancelBookingForm(request.POST, prefix=f"cancel-{booking.pk}")
    if form.is_valid():
        try:
            actions.cancel_booking(booking, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if exc.field is None:
                messages.error(request, exc.message)
                return _back(case, f"booking-{booking.pk}")
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Booking %(reference)s is cancelled.") % {"reference": booking.reference})
            return _back(case, f"booking-{booking.pk}")
    return _page(request, case, forms={("cancel", booking.pk): form})


# Departure day and premium -------------------------------------------------


@login_required
@require_POST
def outcome_record(request, pk):
    case = _case(request, pk, RECORD_DEPARTURE, write=True)
    form = OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        try:
            record = actions.record_outcome(case, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Recorded: %(outcome)s.") % {"outcome": record.get_outcome_display()})
            return _back(case, "departure")
    return _page(request, case, forms={"outcome": form})


@login_required
@require_POST
def payment_record(request, pk):
    case = _case(request, pk, PAY, write=True)
    form = PaymentForm(request.POST, decisions=_approved_decisions(case), members=_members(case), prefix="payment")
    if form.is_valid():
        try:
            payment = actions.record_payment(case, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The payment is recorded: receipt %(number)s.") % {"number": payment.receipt_number},
            )
            return _back(case, "premium")
    return _page(request, case, forms={"payment": form})
