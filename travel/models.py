"""The journey: travel documents requested from consulates, bookings with
their segments, what happened on the departure day and the premium paid then.

Times are stored in UTC; each segment end keeps the IANA time zone of its
place so that it is shown in local time there (Brussels → Istanbul → Conakry)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DocumentRequest(models.Model):
    """A request for a consular laissez-passer for one member of a case. Once
    issued, the document itself is an IdentityDocument of the person, which
    is what the ready-to-depart check reads."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="document_requests")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="document_requests")
    consulate = models.CharField(_("consulate or embassy"), max_length=200)
    issuing_country = CountryField(_("issuing country"))
    requested_on = models.DateField(_("date requested"))
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED, db_index=True
    )
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    document = models.OneToOneField(
        "people.IdentityDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        verbose_name = _("travel document request")

    def __str__(self) -> str:
        return f"{self.consulate} ({self.requested_on})"


class BookedBy(models.TextChoices):
    AGENCY = "agency", _("The agency's booking cell")
    IOM = "iom", _("IOM")
    OTHER = "other", _("Other")


class BookingStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Mode(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    BUS = "bus", _("Bus")
    TRAIN = "train", _("Train")


class Booking(models.Model):
    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="bookings")
    reference = models.CharField(_("booking reference"), max_length=40)
    booked_by = models.CharField(_("booked by"), max_length=10, choices=BookedBy.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.PROVISIONAL, db_index=True
    )
    cost = models.DecimalField(_("cost"), max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    medical_escort = models.BooleanField(_("medical escort"), default=False)
    wheelchair = models.BooleanField(_("wheelchair"), default=False)
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    special_needs_notes = models.TextField(_("other needs"), blank=True)
    luggage_allowance = models.CharField(_("luggage allowance"), max_length=100, blank=True)
    # For the departure summons: where to be, and whom to call on the day.
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone number to call on the day"), max_length=40, blank=True)
    show_up_minutes = models.PositiveSmallIntegerField(
        _("show-up time (minutes before departure)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the default: 3 hours before a flight, 30 minutes before a bus or train."),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The first segment's departure, kept here so that boards and rules can
    # filter and sort without a join; set by the actions that save segments.
    departs_at = models.DateTimeField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["departs_at", "pk"]
        verbose_name = _("booking")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_live(self) -> bool:
        return self.status != BookingStatus.CANCELLED

    def ordered_segments(self) -> list["Segment"]:
        return sorted(self.segments.all(), key=lambda s: s.position)

    @property
    def first_segment(self) -> "Segment | None":
        segments = self.ordered_segments()
        return segments[0] if segments else None

    @property
    def last_segment(self) -> "Segment | None":
        segments = self.ordered_segments()
        return segments[-1] if segments else None

    @property
    def show_up_before(self) -> datetime.timedelta:
        if self.show_up_minutes is not None:
            return datetime.timedelta(minutes=self.show_up_minutes)
        first = self.first_segment
        mode = first.mode if first else Mode.FLIGHT
        return datetime.timedelta(minutes=settings.RETOUR_SHOW_UP_MINUTES[mode])

    @property
    def show_up_at(self) -> datetime.datetime | None:
        """Local time at the first place of departure."""
        first = self.first_segment
        if first is None:
            return None
        return first.local_departure - self.show_up_before

    @property
    def travel_date(self) -> datetime.date | None:
        first = self.first_segment
        return first.local_departure.date() if first else None


class Segment(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveSmallIntegerField()
    mode = models.CharField(_("means of transport"), max_length=8, choices=Mode.choices, default=Mode.FLIGHT)
    carrier = models.CharField(_("carrier"), max_length=80)
    number = models.CharField(_("flight, bus or train number"), max_length=20, blank=True)
    origin = models.CharField(_("from"), max_length=80, help_text=_("Airport code or station, e.g. BRU"))
    origin_tz = models.CharField(_("time zone at departure"), max_length=64)
    departs_at = models.DateTimeField(_("departs"))
    destination = models.CharField(_("to"), max_length=80)
    destination_tz = models.CharField(_("time zone at arrival"), max_length=64)
    arrives_at = models.DateTimeField(_("arrives"))

    class Meta:
        ordering = ["booking", "position"]
        constraints = [models.UniqueConstraint(fields=["booking", "position"], name="unique_segment_position")]

    def __str__(self) -> str:
        return f"{self.origin} → {self.destination}"

    @property
    def local_departure(self) -> datetime.datetime:
        return self.departs_at.astimezone(ZoneInfo(self.origin_tz))

    @property
    def local_arrival(self) -> datetime.datetime:
        return self.arrives_at.astimezone(ZoneInfo(self.destination_tz))


class Outcome(models.TextChoices):
    DEPARTED = "departed", _("Departed")
    NO_SHOW = "no_show", _("No-show")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled: the person changed their mind")


class DepartureOutcome(models.Model):
    """What happened on the departure day; recording it moves the case."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="departure_outcomes")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    date = models.DateField(_("date"))
    new_date = models.DateField(_("new departure date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("departure outcome")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Prepaid card")
    TRANSFER = "transfer", _("Bank transfer")


class PremiumPayment(models.Model):
    """The premium handed over at departure, from an approved package. The
    officer who records it signs the receipt off."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="premium_payments")
    decision = models.ForeignKey("eligibility.Decision", on_delete=models.PROTECT, related_name="payments")
    paid_to = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    paid_on = models.DateField(_("date paid"))
    receipt_number = models.CharField(_("receipt number"), max_length=60, unique=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("premium payment")


class FeedKey(models.Model):
    """The secret in a user's departures calendar address: calendar apps
    cannot log in, so the address itself is the credential. A new key
    replaces the old one, which then stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key")
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)
