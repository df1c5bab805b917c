"""The departures board: the upcoming journeys of the cases a user's offices
prepare, with what each still needs before the day; the calendar feed lists
the same journeys.

Who sees which departures mirrors organisations.access.scope_q: counsellors,
team leaders and travel officers their office's, agency administrators and
analysts their agency's. Partner caseworkers see none (a referred case's
journey reaches them through the reintegration workspace, not this board).

The list is built in two steps so that the number of queries does not grow
with the number of rows: one light query for every candidate booking (its
first departure and place), sorted and filtered in Python by the local date
at the place of departure; then one query, with prefetches, for the rows of
the page shown."""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import date_format as localised_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.lifecycle import Status
from cases.models import CaseMember
from eligibility.models import Decision, DecisionStatus
from organisations.access import AGENCY_ROLES, OFFICE_ROLES, memberships_of, primary_office, scope_q
from organisations.models import Office
from people.models import DocumentType, IdentityDocument
from travel.access import SEE_TRAVEL
from travel.models import Booking, BookingStatus, Segment

# Any one of these roles on an office shows its departures (never a partner's).
BOARD_ROLES = set(SEE_TRAVEL)
BOARD_STATUSES = [Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART]
TRAVEL_DOCUMENTS = [DocumentType.PASSPORT, DocumentType.LAISSEZ_PASSER]
BOARD_DAYS = 30
FEED_DAYS = 90
# The widest period one may ask the board for: keeps the candidate list small.
MAX_DAYS = 366


def board_scope(user) -> Q | None:
    """A filter on bookings for the user's board, or None: no board."""
    return scope_q(user, office_field="case__office", roles=BOARD_ROLES)


def may_see_board(user) -> bool:
    return board_scope(user) is not None


def offices_in_scope(user) -> list[Office]:
    """The offices whose departures the user sees, for the office filter."""
    office_ids, agency_ids = set(), set()
    for m in memberships_of(user):
        if m.role not in BOARD_ROLES:
            continue
        if m.role in OFFICE_ROLES:
            office_ids.add(m.office_id)
        elif m.role in AGENCY_ROLES:
            agency_ids.add(m.office.agency_id)
    if not office_ids and not agency_ids:
        return []
    return list(Office.objects.filter(Q(pk__in=office_ids) | Q(agency__in=agency_ids)).order_by("name"))


def today_for(user) -> datetime.date:
    """Today where the user works (their first office's time zone)."""
    office = primary_office(user)
    if office is None:
        return timezone.localdate()
    return timezone.localdate(timezone=ZoneInfo(office.timezone))


# Step 1: the candidates ------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    pk: int
    departs_at: datetime.datetime
    origin: str
    local_date: datetime.date
    office_id: int
    country: str


def candidates(user, date_from: datetime.date, date_to: datetime.date, *, office_id: int | None = None):
    """Every live booking in the user's scope whose first departure falls,
    at the place of departure, between the two dates (both included), in
    the order they leave. One query."""
    scope = board_scope(user)
    if scope is None:
        return []
    # A local date is at most 14 hours either side of UTC: a day's margin,
    # then the exact local date in Python (portable across databases).
    start = datetime.datetime.combine(date_from - datetime.timedelta(days=1), datetime.time.min, datetime.UTC)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=2), datetime.time.min, datetime.UTC)
    first = Segment.objects.filter(booking=OuterRef("pk")).order_by("position")
    qs = (
        Booking.objects.filter(scope, case__status__in=BOARD_STATUSES, departs_at__gte=start, departs_at__lt=end)
        .exclude(status=BookingStatus.CANCELLED)
        .annotate(
            first_origin=Subquery(first.values("origin")[:1]),
            first_origin_tz=Subquery(first.values("origin_tz")[:1]),
        )
    )
    if office_id is not None:
        qs = qs.filter(case__office_id=office_id)
    found = []
    for pk, departs_at, origin, tz, office, country in qs.values_list(
        "pk", "departs_at", "first_origin", "first_origin_tz", "case__office_id", "case__country_of_return"
    ):
        local_date = departs_at.astimezone(ZoneInfo(tz or "UTC")).date()
        if date_from <= local_date <= date_to:
            found.append(Candidate(pk, departs_at, origin or "", local_date, office, country))
    found.sort(key=lambda c: (c.local_date, c.departs_at, c.pk))
    return found


def narrow(found: list[Candidate], *, origin: str = "", country: str = "") -> list[Candidate]:
    if origin:
        found = [c for c in found if c.origin.casefold() == origin.casefold()]
    if country:
        found = [c for c in found if c.country == country]
    return found


# Step 2: the rows -------------------------------------------------------------


@dataclass
class Check:
    """One readiness tick: done or not, and the plain words for it."""

    done: bool
    words: str
    # The same words without any person's name, for the calendar feed.
    anonymous_words: str
    # Whom `words` is about, shown after them (each isolated for mixed scripts).
    names: list[str] = field(default_factory=list)


@dataclass
class Departure:
    booking: Booking
    local_date: datetime.date
    departs: datetime.datetime  # local at the first place of departure
    show_up: datetime.datetime  # local there too
    arrives: datetime.datetime  # local at the final destination
    origin: str
    destination: str
    travellers: int
    checks: list[Check] = field(default_factory=list)

    @property
    def case(self):
        return self.booking.case

    @property
    def ready(self) -> bool:
        return all(c.done for c in self.checks)

    @property
    def show_up_differs(self) -> bool:
        return self.show_up.date() != self.departs.date()

    def time_label(self, moment: datetime.datetime, *, with_date: bool = False) -> str:
        """Local time with the zone's abbreviation, e.g. 10:40 CEST."""
        text = date_format(moment, "H:i T")
        return f"{localised_date(moment.date(), 'SHORT_DATE_FORMAT')} {text}" if with_date else text

    @property
    def departs_label(self) -> str:
        return self.time_label(self.departs)

    @property
    def show_up_label(self) -> str:
        return self.time_label(self.show_up, with_date=self.show_up_differs)

    @property
    def arrives_label(self) -> str:
        return self.time_label(self.arrives, with_date=self.arrives.date() != self.departs.date())


def _documents_check(members: list[CaseMember], travel_date: datetime.date) -> Check:
    """A passport or laissez-passer for every member, valid on the travel
    date, as the ready-to-depart guard asks (cases.lifecycle)."""
    missing = [
        m.person
        for m in members
        if not any(d.expiry_date is None or d.expiry_date >= travel_date for d in m.person.travel_documents)
    ]
    if not missing:
        words = _("Travel documents valid on the travel date")
        return Check(True, words, words)
    day = localised_date(travel_date, "DATE_FORMAT")
    return Check(
        False,
        _("No passport or laissez-passer valid on %(date)s for:") % {"date": day},
        ngettext(
            "No passport or laissez-passer valid on %(date)s for %(n)s of %(total)s traveller",
            "No passport or laissez-passer valid on %(date)s for %(n)s of %(total)s travellers",
            len(members),
        )
        % {"date": day, "n": len(missing), "total": len(members)},
        names=[p.full_name for p in missing],
    )


def _booking_check(booking: Booking) -> Check:
    if booking.status == BookingStatus.CONFIRMED:
        words = _("Booking confirmed")
        return Check(True, words, words)
    words = _("Booking not confirmed yet (%(status)s)") % {"status": booking.get_status_display().lower()}
    return Check(False, words, words)


def _premium_check(approved: bool) -> Check:
    words = _("Assistance package approved") if approved else _("No approved assistance package")
    return Check(approved, words, words)


def load(pks: list[int]) -> list[Departure]:
    """The rows for these bookings, in the order given; a constant number of
    queries whatever their number."""
    if not pks:
        return []
    members = CaseMember.objects.select_related("person").prefetch_related(
        Prefetch(
            "person__documents",
            queryset=IdentityDocument.objects.filter(doc_type__in=TRAVEL_DOCUMENTS),
            to_attr="travel_documents",
        )
    )
    bookings = (
        Booking.objects.filter(pk__in=pks)
        .select_related("case", "case__office", "case__principal")
        .annotate(
            premium_approved=Exists(Decision.objects.filter(case=OuterRef("case"), status=DecisionStatus.APPROVED))
        )
        .prefetch_related("segments", Prefetch("case__case_members", queryset=members, to_attr="board_members"))
    )
    by_pk = {b.pk: b for b in bookings}
    rows = []
    for pk in pks:
        booking = by_pk.get(pk)
        segments = booking.ordered_segments() if booking else []
        if not segments:
            continue
        first, last = segments[0], segments[-1]
        departs = first.local_departure
        case_members = booking.case.board_members
        rows.append(
            Departure(
                booking=booking,
                local_date=departs.date(),
                departs=departs,
                show_up=departs - booking.show_up_before,
                arrives=last.local_arrival,
                origin=first.origin,
                destination=last.destination,
                travellers=len(case_members),
                checks=[
                    _documents_check(case_members, departs.date()),
                    _booking_check(booking),
                    _premium_check(booking.premium_approved),
                ],
            )
        )
    return rows


def by_day(rows: list[Departure]) -> list[tuple[datetime.date, list[Departure]]]:
    days: list[tuple[datetime.date, list[Departure]]] = []
    for row in rows:
        if not days or days[-1][0] != row.local_date:
            days.append((row.local_date, []))
        days[-1][1].append(row)
    return days
