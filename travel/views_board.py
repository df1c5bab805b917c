"""The departures board page, the personal calendar address shown on it, and
the calendar feed behind that address."""

import datetime
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries
from icalendar import Alarm, Calendar, Event

from core.forms import DateInput, GovukForm
from travel import board
from travel.models import FeedKey

PAGE_SIZE = 50


class BoardFilterForm(GovukForm):
    date_from = forms.DateField(label=gettext_lazy("Departing on or after"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Departing on or before"), required=False, widget=DateInput())
    office = forms.TypedChoiceField(label=gettext_lazy("Office"), required=False, coerce=int, empty_value=None)
    # Free values shown as lists of what the period holds: an airport or a
    # country no longer on the list simply matches nothing.
    origin = forms.CharField(label=gettext_lazy("Airport or station of departure"), required=False, max_length=80)
    country = forms.CharField(label=gettext_lazy("Country of return"), required=False, max_length=2)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", _("Any"))] + [(o.pk, o.name) for o in offices]
        for name in ("origin", "country"):
            self.fields[name].widget = forms.Select(attrs={"class": "govuk-select"})
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        for f in self.fields.values():
            f.show_optional = False

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        elif start and end and (end - start).days > board.MAX_DAYS:
            self.add_error("date_to", _("Choose a period of at most a year."))
        return data

    def set_lists(self, found: list[board.Candidate]) -> None:
        """The airports and countries of return found in the period."""
        origins = sorted({c.origin for c in found if c.origin})
        codes = {c.country for c in found}
        chosen_origin, chosen_country = self["origin"].value() or "", self["country"].value() or ""
        if chosen_origin and chosen_origin not in origins:
            origins.append(chosen_origin)
        if chosen_country:
            codes.add(chosen_country)
        self.fields["origin"].widget.choices = [("", _("Any"))] + [(o, o) for o in origins]
        self.fields["country"].widget.choices = [("", _("Any"))] + [
            (code, name) for code, name in countries if code in codes
        ]


def _feed_key(user) -> FeedKey:
    """The user's calendar key, made on first use."""
    key = FeedKey.objects.filter(user=user).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return FeedKey.objects.create(user=user, key=secrets.token_urlsafe(32))
    except IntegrityError:  # made at the same moment by another request
        return FeedKey.objects.get(user=user)


def _feed_url(request, key: FeedKey) -> str:
    return request.build_absolute_uri(f"{reverse('departures-ics')}?key={key.key}")


@login_required
@require_GET
def departures(request):
    user = request.user
    if not board.may_see_board(user):
        raise PermissionDenied
    offices = board.offices_in_scope(user)
    today = board.today_for(user)
    form = BoardFilterForm(request.GET or None, offices=offices)
    data = {}
    if form.is_bound:
        form.is_valid()  # the valid fields apply even when another is not
        data = form.cleaned_data
    date_from = data.get("date_from") or today
    date_to = data.get("date_to") or date_from + datetime.timedelta(days=board.BOARD_DAYS)
    if not form.is_bound:
        form = BoardFilterForm(initial={"date_from": date_from, "date_to": date_to}, offices=offices)
    found = board.candidates(user, date_from, date_to, office_id=data.get("office"))
    form.set_lists(found)
    found = board.narrow(found, origin=data.get("origin") or "", country=data.get("country") or "")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = board.load([c.pk for c in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    key = _feed_key(user)
    return render(
        request,
        "travel/board.html",
        {
            "form": form,
            "page": page,
            "days": board.by_day(rows),
            "date_from": date_from,
            "date_to": date_to,
            "today": today,
            "tomorrow": today + datetime.timedelta(days=1),
            "query": query.urlencode(),
            "show_office": len(offices) > 1,
            "feed_url": _feed_url(request, key),
            "feed_days": board.FEED_DAYS,
            "nav": "departures",
        },
    )


@login_required
@require_POST
def new_feed_key(request):
    """A new calendar address; the old one stops working at once."""
    if not board.may_see_board(request.user):
        raise PermissionDenied
    FeedKey.objects.update_or_create(user=request.user, defaults={"key": secrets.token_urlsafe(32)})
    messages.success(
        request,
        _("Your calendar has a new address. The old address no longer works: subscribe again with the new one."),
    )
    return redirect(reverse("departures") + "#calendar")


# The calendar feed -----------------------------------------------------------


def _event(row: board.Departure, case_url: str, stamp: datetime.datetime) -> Event:
    booking = row.booking
    segments = booking.ordered_segments()
    event = Event()
    event.add("uid", f"booking-{booking.pk}@retour")
    event.add("dtstamp", stamp)
    event.add("dtstart", segments[0].departs_at.astimezone(datetime.UTC))
    event.add("dtend", segments[-1].arrives_at.astimezone(datetime.UTC))
    event.add("last-modified", booking.updated_at.astimezone(datetime.UTC))
    event.add("sequence", booking.version)
    # Calendar apps copy events to their own servers and show them on lock
    # screens and in notifications: the summary and description name no
    # person and hold nothing else about them (no names, dates of birth or
    # document numbers). The case number and the link lead back into Retour,
    # where access is checked.
    event.add(
        "summary",
        _("Departure %(case)s: %(origin)s → %(destination)s (%(country)s)")
        % {
            "case": row.case.number,
            "origin": row.origin,
            "destination": row.destination,
            "country": row.case.country_of_return.name,
        },
    )
    event.add("location", row.origin)
    lines = [_("Ready to depart.") if row.ready else _("Not ready yet:")]
    lines += [("✓ " if check.done else "✗ ") + check.anonymous_words for check in row.checks]
    lines += [
        "",
        _("Show-up time: %(time)s") % {"time": row.show_up_label},
        _("Departure: %(time)s") % {"time": row.departs_label},
        _("Arrival: %(time)s") % {"time": row.arrives_label},
        "",
        case_url,
    ]
    event.add("description", "\n".join(lines))
    event.add("url", case_url)
    event.add("status", "CONFIRMED" if booking.status == "confirmed" else "TENTATIVE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add(
        "description", _("Show-up time for %(case)s at %(origin)s") % {"case": row.case.number, "origin": row.origin}
    )
    alarm.add("trigger", -booking.show_up_before)
    event.add_component(alarm)
    return event


@require_GET
def departures_ics(request):
    """The key owner's departures, today to FEED_DAYS ahead, as iCalendar.
    The address is the credential: a wrong or missing key is a 404. The scope
    is the owner's at the time of the request."""
    key = request.GET.get("key", "")
    if not key:
        raise Http404
    feed_key = FeedKey.objects.select_related("user").filter(key=key).first()
    if feed_key is None:
        raise Http404
    owner = feed_key.user
    today = board.today_for(owner)
    found = board.candidates(owner, today, today + datetime.timedelta(days=board.FEED_DAYS))
    rows = board.load([c.pk for c in found])
    cal = Calendar()
    cal.add("prodid", "-//Retour//Departures//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Retour departures"))
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for row in rows:
        case_url = request.build_absolute_uri(reverse("case-detail", args=[row.case.pk]))
        cal.add_component(_event(row, case_url, stamp))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="retour-departures.ics"'
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)
    return response
