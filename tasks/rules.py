"""Automatic tasks: each rule names the cases that need something done and
the task to make for each. refresh_auto_tasks() runs them all; the task's
unique key means a rule never makes the same task twice.

A rule is data: a code, a title, how many days the task gets, and a query
of the cases concerned on a given day. Most rules make one task per case,
ever. A rule that may fire again on the same case names what tells one of
its tasks from the next (`about`): the laissez-passer request and the day
its current wait began, the day of the departure, the day the return place
ends. Its key then includes that, so a new wait, a new departure date or a
new end date makes a new task, while the same one never does twice."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cases.lifecycle import PRE_DEPARTURE, Status
from cases.models import CaseMember, ReturnCase
from eligibility.models import Decision, DecisionStatus
from organisations.models import Membership, Office, Role
from people.models import DocumentType, IdentityDocument
from tasks.actions import ensure_auto_task
from tasks.models import Task
from travel.models import Booking, BookingStatus, DepartureOutcome, DocumentRequest, Outcome, RequestStatus, Segment

TRAVEL_DOCUMENTS = [DocumentType.PASSPORT, DocumentType.LAISSEZ_PASSER]
# Days before the end of an open return place from which the counsellor is told.
RETURN_PLACE_WARNING_DAYS = 5


@dataclass(frozen=True)
class Rule:
    kind: str
    title: Promise
    due_in_days: int
    cases: Callable[[datetime.date], QuerySet[ReturnCase]]
    # What tells this rule's tasks on one case apart (None: one per case, ever).
    about: Callable[[ReturnCase, datetime.date], str] | None = None
    # The due date when it is not `due_in_days` from today.
    due_on: Callable[[ReturnCase, datetime.date], datetime.date] | None = None
    # The counsellor's task, or (False) the whole office's.
    for_counsellor: bool = True
    # The office the task belongs to, when not the case's (a partner's office).
    office: Callable[[ReturnCase], Office] | None = None
    # Who the task is for, when not the counsellor (for_counsellor=False).
    assignee: Callable[[ReturnCase], object] | None = None

    def key(self, case: ReturnCase, today: datetime.date | None = None) -> str:
        if self.about is None:
            return f"{self.kind}:{case.pk}"
        return f"{self.kind}:{case.pk}:{self.about(case, today)}"

    def due(self, case: ReturnCase, today: datetime.date) -> datetime.date:
        if self.due_on is not None:
            return self.due_on(case, today)
        return today + datetime.timedelta(days=self.due_in_days)


# --- no travel document --------------------------------------------------------


def _approved_without_travel_document(today: datetime.date) -> QuerySet[ReturnCase]:
    """Travel preparation, package approved, and a member has no passport or
    laissez-passer valid today, and no laissez-passer requested for them."""
    valid_document = IdentityDocument.objects.filter(
        Q(expiry_date__isnull=True) | Q(expiry_date__gte=today),
        person=OuterRef("person"),
        doc_type__in=TRAVEL_DOCUMENTS,
    )
    pending_request = DocumentRequest.objects.filter(
        case=OuterRef("case"), person=OuterRef("person"), status=RequestStatus.REQUESTED
    )
    member_without = CaseMember.objects.filter(~Exists(valid_document), ~Exists(pending_request), case=OuterRef("pk"))
    approved = Decision.objects.filter(case=OuterRef("pk"), status=DecisionStatus.APPROVED)
    return ReturnCase.objects.filter(Exists(approved), Exists(member_without), status=Status.TRAVEL_PREPARATION)


# --- laissez-passer pending ----------------------------------------------------


def _laissez_passer_pending(today: datetime.date) -> QuerySet[ReturnCase]:
    """A row per laissez-passer request of an open case before departure that
    has waited more than RETOUR_LAISSEZ_PASSER_CHASE_DAYS days since it was
    made or, once the consulate was reminded, since the last reminder."""
    cutoff = today - datetime.timedelta(days=settings.RETOUR_LAISSEZ_PASSER_CHASE_DAYS)
    # One filter() call: the conditions and the annotations below are on the
    # same request (one join), so each overdue request gives its own row.
    return (
        ReturnCase.objects.filter(
            Q(document_requests__last_reminder_on__lt=cutoff)
            | Q(document_requests__last_reminder_on__isnull=True, document_requests__requested_on__lt=cutoff),
            document_requests__status=RequestStatus.REQUESTED,
            status__in=PRE_DEPARTURE,
        )
        .annotate(
            request_id=F("document_requests__pk"),
            waiting_since=Coalesce("document_requests__last_reminder_on", "document_requests__requested_on"),
        )
        .order_by("pk", "request_id")
    )


def _request_and_wait(case: ReturnCase, today: datetime.date) -> str:
    return f"{case.request_id}:{case.waiting_since.isoformat()}"


# --- open return place ending -----------------------------------------------------


def _return_place_ending(today: datetime.date) -> QuerySet[ReturnCase]:
    """Open cases before departure whose open return place ends within the
    next RETURN_PLACE_WARNING_DAYS days (today included)."""
    return ReturnCase.objects.filter(
        status__in=PRE_DEPARTURE,
        open_return_place_until__gte=today,
        open_return_place_until__lte=today + datetime.timedelta(days=RETURN_PLACE_WARNING_DAYS),
    )


# --- departure tomorrow without a confirmed booking ------------------------------------


def departing_on(day: datetime.date) -> list[int]:
    """The live bookings whose first flight or bus leaves on `day`, in local
    time at the place it leaves from. Booking.departs_at is UTC, so the
    database picks the bookings leaving within a day and a half around it,
    and the time zone of each first segment decides."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    first_tz = Segment.objects.filter(booking=OuterRef("pk")).order_by("position").values("origin_tz")[:1]
    rows = (
        Booking.objects.exclude(status=BookingStatus.CANCELLED)
        .filter(
            departs_at__gte=start - datetime.timedelta(hours=14),  # the earliest midnight on earth (UTC+14)
            departs_at__lt=start + datetime.timedelta(hours=36),  # the latest (UTC−12)
        )
        .annotate(origin_tz=Subquery(first_tz))
        .values_list("pk", "departs_at", "origin_tz")
    )
    return [pk for pk, departs_at, tz in rows if tz and departs_at.astimezone(ZoneInfo(tz)).date() == day]


def _departure_tomorrow_unconfirmed(today: datetime.date) -> QuerySet[ReturnCase]:
    """Travel preparation or ready to depart, no confirmed booking, and either
    a provisional booking leaving tomorrow, or a departure postponed to
    tomorrow (the case's latest outcome) with nothing booked for that day."""
    tomorrow = today + datetime.timedelta(days=1)
    leaving = departing_on(tomorrow)
    provisional_tomorrow = Booking.objects.filter(case=OuterRef("pk"), pk__in=leaving, status=BookingStatus.PROVISIONAL)
    live_tomorrow = Booking.objects.filter(case=OuterRef("pk"), pk__in=leaving)
    confirmed = Booking.objects.filter(case=OuterRef("pk"), status=BookingStatus.CONFIRMED)
    latest = DepartureOutcome.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk")
    return (
        ReturnCase.objects.filter(status__in=[Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART])
        .exclude(Exists(confirmed))
        .annotate(
            last_outcome=Subquery(latest.values("outcome")[:1]),
            postponed_to=Subquery(latest.values("new_date")[:1]),
        )
        .filter(
            Exists(provisional_tomorrow)
            | (Q(last_outcome=Outcome.POSTPONED, postponed_to=tomorrow) & ~Exists(live_tomorrow))
        )
    )


def _tomorrow(case: ReturnCase, today: datetime.date) -> str:
    return (today + datetime.timedelta(days=1)).isoformat()


RULES = [
    Rule(
        kind="no-travel-document",
        title=_("Request a travel document"),
        due_in_days=3,
        cases=_approved_without_travel_document,
    ),
    # Per request and per wait: each reminder starts a new wait, and a
    # request still pending CHASE_DAYS after it gets a new task.
    Rule(
        kind="laissez-passer-pending",
        title=_("Chase the consulate for the laissez-passer"),
        due_in_days=2,
        cases=_laissez_passer_pending,
        about=_request_and_wait,
    ),
    # Per end date: a new place given (a later date) warns again.
    Rule(
        kind="return-place-ending",
        title=_("The open return place ends soon: organise the departure or another place"),
        due_in_days=0,
        cases=_return_place_ending,
        about=lambda case, today: case.open_return_place_until.isoformat(),
        due_on=lambda case, today: max(case.open_return_place_until, today),
    ),
    # Per departure day. The office's task, not the counsellor's: bookings are
    # confirmed by the travel desk (travel officers, the booking cell), and
    # whoever is on duty today must do it, even when the counsellor is away.
    Rule(
        kind="departure-unconfirmed",
        title=_("Departure tomorrow: confirm the booking"),
        due_in_days=0,
        cases=_departure_tomorrow_unconfirmed,
        about=_tomorrow,
        for_counsellor=False,
    ),
]


# --- monitoring visit overdue ---------------------------------------------------------


def _monitoring_visit_overdue(today: datetime.date) -> QuerySet[ReturnCase]:
    """A row per monitoring visit of a monitored case that was due before
    today and is not recorded, with the partner office of the case's
    accepted referral (None: the case's own office takes the task). Visits
    are scheduled here first for arrived cases that have none (see
    reintegration.actions_monitoring)."""
    from cases.models import Referral, ReferralStatus
    from reintegration.actions_monitoring import MONITORED, schedule_arrived

    schedule_arrived()
    accepted = Referral.objects.filter(case=OuterRef("pk"), status=ReferralStatus.ACCEPTED).order_by(
        "-decided_at", "-pk"
    )
    return (
        ReturnCase.objects.filter(
            status__in=MONITORED,
            monitoring_visits__done_on__isnull=True,
            monitoring_visits__due_on__lt=today,
        )
        .annotate(
            visit_id=F("monitoring_visits__pk"),
            partner_office_id=Subquery(accepted.values("partner_office")[:1]),
            partner_worker_id=Subquery(accepted.values("decided_by")[:1]),
        )
        .order_by("pk", "visit_id")
    )


def _partner_office(case: ReturnCase) -> Office:
    """The office the referral names; for a referral to the whole partner
    organisation, the office of the caseworker who accepted it; else (no
    partner) the case's own office."""
    if case.partner_office_id:
        return Office.objects.get(pk=case.partner_office_id)
    if case.partner_worker_id:
        membership = (
            Membership.objects.filter(user_id=case.partner_worker_id, role=Role.PARTNER_CASEWORKER)
            .select_related("office")
            .first()
        )
        if membership is not None:
            return membership.office
    return case.office


def _partner_worker(case: ReturnCase):
    """The caseworker who accepted the referral, so that the task is on
    their own list."""
    return get_user_model().objects.filter(pk=case.partner_worker_id, is_active=True).first()


# Per visit; for the partner caseworker who accepted the case, in their office.
RULES.append(
    Rule(
        kind="monitoring-visit-overdue",
        title=_("Monitoring visit overdue: visit the returnee and record it"),
        due_in_days=0,
        cases=_monitoring_visit_overdue,
        about=lambda case, today: str(case.visit_id),
        for_counsellor=False,
        office=_partner_office,
        assignee=_partner_worker,
    )
)
_BY_KIND = {rule.kind: rule for rule in RULES}


def title_for(kind: str) -> str | None:
    rule = _BY_KIND.get(kind)
    return str(rule.title) if rule else None


def refresh_auto_tasks(today: datetime.date) -> list:
    """Make the automatic tasks due on `today`; returns the new ones. A few
    queries per rule, whatever the number of cases, plus a few per new task."""
    made = []
    for rule in RULES:
        cases = rule.cases(today)
        if rule.about is None:
            # A case that already has this rule's task needs no second look.
            cases = cases.exclude(tasks__kind=rule.kind)
        cases = list(cases.select_related("office", "counsellor"))
        keys = {rule.key(case, today) for case in cases}
        if not keys:
            continue
        existing = set(Task.objects.filter(auto_key__in=keys).values_list("auto_key", flat=True))
        for case in cases:
            key = rule.key(case, today)
            if key in existing:
                continue
            existing.add(key)
            with override(case.office.default_language):
                title = str(rule.title)  # stored for search and exports; shown via display_title
            task, created = ensure_auto_task(
                key=key,
                kind=rule.kind,
                office=rule.office(case) if rule.office is not None else case.office,
                case=case,
                title=title,
                due=rule.due(case, today),
                assignee=case.counsellor if rule.for_counsellor else (rule.assignee(case) if rule.assignee else None),
            )
            if created:
                made.append(task)
    return made
