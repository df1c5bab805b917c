"""Forms of a case's travel page. They only collect and convert what the user
typed; the rules live in travel.actions, whose refusals come back onto the
fields they name (see apply_domain_error)."""

import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.forms import DateInput, DateTimeInput, GovukForm
from eligibility.comparison import money
from travel.models import BookedBy, BookingStatus, Mode, Outcome, PaymentMethod, RequestStatus

MAX_SEGMENTS = 4

# The zones of the demo's airports, offered first; any other IANA zone may be typed.
COMMON_ZONES = [
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/Istanbul",
    "Africa/Conakry",
    "Africa/Dakar",
    "Africa/Douala",
    "Africa/Kinshasa",
    "Asia/Baghdad",
    "Asia/Damascus",
    "Asia/Kabul",
    "Africa/Asmara",
    "Asia/Tbilisi",
    "Europe/Warsaw",
    "Europe/Moscow",
    "Europe/Tirane",
    "Europe/Belgrade",
    "America/Sao_Paulo",
    "Europe/Chisinau",
]


def _today():
    return timezone.localdate()


def apply_domain_error(form, exc) -> None:
    """An action's refusal on the field it names, else on the whole form."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


def _person_label(member) -> str:
    return member.person.full_name


# Travel documents ----------------------------------------------------------


class DocumentRequestForm(GovukForm):
    person = forms.ChoiceField(label=_("For"))
    consulate = forms.CharField(label=_("Consulate or embassy"), max_length=200)
    issuing_country = forms.ChoiceField(label=_("Issuing country"))
    requested_on = forms.DateField(label=_("Date requested"), widget=DateInput(), initial=_today)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.person_id): m.person for m in members}
        self.fields["person"].choices = [(str(m.person_id), _person_label(m)) for m in members]
        self.fields["issuing_country"].choices = list(countries)
        self.fields["consulate"].widget.attrs["dir"] = "auto"

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["person"] = self.members[data["person"]]
        return data


class ReminderForm(GovukForm):
    on = forms.DateField(label=_("Date of the reminder"), widget=DateInput(), initial=_today)


class IssuedForm(GovukForm):
    number = forms.CharField(label=_("Document number"), max_length=60)
    issued_on = forms.DateField(label=_("Date of issue"), widget=DateInput(), initial=_today)
    expiry_date = forms.DateField(label=_("Expiry date"), widget=DateInput())


class CloseRequestForm(GovukForm):
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[(RequestStatus.REFUSED, _("The consulate refused")), (RequestStatus.WITHDRAWN, _("Withdrawn"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


# Bookings -----------------------------------------------------------------


class ZoneField(forms.CharField):
    """An IANA time zone, typed or picked from the list of common ones."""

    default_error_messages = {"unknown": _("Unknown time zone. Use a name such as Europe/Brussels.")}

    def __init__(self, **kwargs):
        super().__init__(max_length=64, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"list": "retour-time-zones", "autocomplete": "off", "spellcheck": "false"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise forms.ValidationError(self.error_messages["unknown"], code="unknown") from None
        return value


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time at some place: kept naive here (not read in the
    user's time zone); the segment form attaches the place's zone."""

    widget = DateTimeInput

    def to_python(self, value):
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result

    def prepare_value(self, value):
        return value


def _exists(naive: datetime.datetime, zone: ZoneInfo) -> bool:
    """False for a time skipped when the clocks go forward there."""
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) == naive


class SegmentForm(GovukForm):
    """One flight, bus or train, in the local times of each place."""

    mode = forms.ChoiceField(label=_("Means of transport"), choices=Mode.choices, initial=Mode.FLIGHT)
    carrier = forms.CharField(label=_("Carrier"), max_length=80)
    number = forms.CharField(label=_("Flight, bus or train number"), max_length=20, required=False)
    origin = forms.CharField(label=_("From"), max_length=80, help_text=_("Airport code or station, e.g. BRU"))
    origin_tz = ZoneField(label=_("Time zone at departure"))
    departs_at = LocalDateTimeField(label=_("Leaves (local time there)"))
    destination = forms.CharField(label=_("To"), max_length=80, help_text=_("Airport code or station, e.g. CKY"))
    destination_tz = ZoneField(label=_("Time zone at arrival"))
    arrives_at = LocalDateTimeField(label=_("Arrives (local time there)"))

    def __init__(self, *args, position: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        self.use_required_attribute = False
        self.empty_permitted = position > 1
        for name in ("origin", "destination", "carrier", "number"):
            self.fields[name].widget.attrs["dir"] = "auto"

    def has_changed(self):
        # The preset mode alone does not make a segment.
        return any(self[name].data not in (None, "") for name in self.fields if name != "mode")

    def clean(self):
        data = super().clean()
        for when, where in (("departs_at", "origin_tz"), ("arrives_at", "destination_tz")):
            if data.get(when) and data.get(where) and not _exists(data[when], ZoneInfo(data[where])):
                self.add_error(when, _("This time does not exist there: the clocks go forward then."))
        return data

    def is_filled(self) -> bool:
        return self.is_bound and self.has_changed()

    def segment(self) -> dict:
        data = dict(self.cleaned_data)
        data["departs_at"] = data["departs_at"].replace(tzinfo=ZoneInfo(data["origin_tz"]))
        data["arrives_at"] = data["arrives_at"].replace(tzinfo=ZoneInfo(data["destination_tz"]))
        return data


def segment_initial(segment) -> dict:
    return {
        "mode": segment.mode,
        "carrier": segment.carrier,
        "number": segment.number,
        "origin": segment.origin,
        "origin_tz": segment.origin_tz,
        "departs_at": segment.local_departure.replace(tzinfo=None),
        "destination": segment.destination,
        "destination_tz": segment.destination_tz,
        "arrives_at": segment.local_arrival.replace(tzinfo=None),
    }


class BookingForm(GovukForm):
    reference = forms.CharField(label=_("Booking reference"), max_length=40)
    booked_by = forms.ChoiceField(label=_("Booked by"), choices=BookedBy.choices, initial=BookedBy.AGENCY)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(BookingStatus.PROVISIONAL, _("Provisional")), (BookingStatus.CONFIRMED, _("Confirmed"))],
        initial=BookingStatus.PROVISIONAL,
        widget=forms.RadioSelect,
    )
    cost = forms.DecimalField(label=_("Cost"), max_digits=10, decimal_places=2, required=False, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, initial="EUR")
    medical_escort = forms.BooleanField(label=_("Medical escort"), required=False)
    wheelchair = forms.BooleanField(label=_("Wheelchair"), required=False)
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor"), required=False)
    special_needs_notes = forms.CharField(
        label=_("Other needs"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )
    luggage_allowance = forms.CharField(label=_("Luggage allowance"), max_length=100, required=False)
    meeting_point = forms.CharField(label=_("Meeting point"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Phone number to call on the day"), max_length=40, required=False)
    show_up_minutes = forms.IntegerField(
        label=_("Show-up time (minutes before departure)"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        help_text=_("Leave empty for the default: 3 hours before a flight, 30 minutes before a bus or train."),
    )

    def __init__(self, data=None, *, initial=None, segments=(), **kwargs):
        super().__init__(data, initial=initial, **kwargs)
        for name in ("reference", "meeting_point", "luggage_allowance"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["contact_phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        self.fields["currency"].widget.attrs.update({"class": "govuk-input govuk-input--width-4"})
        self.fields["cost"].widget.attrs["inputmode"] = "decimal"
        self.fields["show_up_minutes"].widget.attrs["inputmode"] = "numeric"
        initial_segments = list(segments)
        self.segment_forms = [
            SegmentForm(
                data,
                prefix=f"seg{n}",
                position=n,
                initial=initial_segments[n - 1] if n <= len(initial_segments) else None,
            )
            for n in range(1, MAX_SEGMENTS + 1)
        ]
        self.version = None

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            for seg in self.segment_forms:
                seg.full_clean()

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean_reference(self):
        return self.cleaned_data["reference"].strip()

    def is_valid(self):
        valid = super().is_valid()
        return valid and all(seg.is_valid() for seg in self.segment_forms)

    def filled_segments(self) -> list[SegmentForm]:
        return [seg for seg in self.segment_forms if seg.position == 1 or seg.is_filled()]

    def segments(self) -> list[dict]:
        return [seg.segment() for seg in self.filled_segments()]

    def booking_fields(self) -> dict:
        return dict(self.cleaned_data)

    def apply_error(self, exc) -> None:
        """A refusal on "segments.2.arrives_at" goes onto the second segment given."""
        field = getattr(exc, "field", None) or ""
        parts = field.split(".")
        if parts[0] == "segments" and len(parts) == 3 and parts[1].isdigit():
            given = self.filled_segments()
            index = int(parts[1]) - 1
            if 0 <= index < len(given) and parts[2] in given[index].fields:
                given[index].add_error(parts[2], str(exc.message))
                return
        apply_domain_error(self, exc)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(seg.errors for seg in self.segment_forms)


class CancelBookingForm(GovukForm):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


# Departure day -------------------------------------------------------------


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(label=_("What happened"), choices=Outcome.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)
    new_date = forms.DateField(
        label=_("New departure date"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a postponed departure."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Needed unless the person departed."),
    )


# Premium at departure ------------------------------------------------------


class PaymentForm(GovukForm):
    decision = forms.ChoiceField(label=_("Package"))
    paid_to = forms.ChoiceField(label=_("Paid to"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=10, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices, initial=PaymentMethod.CASH)
    paid_on = forms.DateField(label=_("Date paid"), widget=DateInput(), initial=_today)

    def __init__(self, *args, decisions, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {str(d.pk): d for d in decisions}
        self.members = {str(m.person_id): m.person for m in members}
        self.fields["decision"].choices = [(str(d.pk), d.label) for d in decisions]
        self.fields["paid_to"].choices = [(str(m.person_id), _person_label(m)) for m in members]
        self.fields["amount"].widget.attrs.update(
            {"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
        )
        self.fields["currency"].widget.attrs.update({"class": "govuk-input govuk-input--width-4"})
        if decisions and not self.is_bound:
            self.initial.setdefault("currency", decisions[0].currency)
        left = [d for d in decisions if hasattr(d, "remaining")]
        if left:
            self.fields["amount"].help_text = _("Still to pay at departure: %(amounts)s.") % {
                "amounts": "; ".join(money(d.remaining, d.currency) for d in left)
            }

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["decision"] = self.decisions[data["decision"]]
        data["paid_to"] = self.members[data["paid_to"]]
        return data
