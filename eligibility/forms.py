import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import AdministrativeStatus
from core.forms import DateInput, GovukForm

WHAT_IF_DAYS = 60
PASSPORT_CHOICES = [("", _("As recorded")), ("yes", _("Holds a passport")), ("no", _("Without a passport"))]


class WhatIfForm(GovukForm):
    """One or more facts changed, to compare the package; never saved."""

    on = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=DateInput(),
        help_text=_("Prefilled with today plus two months: deciding later may change ages and periods."),
    )
    holds_travel_document = forms.ChoiceField(
        label=_("Travel document"), choices=PASSPORT_CHOICES, required=False, widget=forms.RadioSelect
    )
    administrative_status = forms.ChoiceField(
        label=_("Administrative situation"),
        choices=[("", _("As recorded")), *AdministrativeStatus.choices],
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["on"].show_optional = False
        self.fields["administrative_status"].show_optional = False
        if not data:
            self.initial.setdefault("on", timezone.localdate() + datetime.timedelta(days=WHAT_IF_DAYS))

    def clean_on(self):
        day = self.cleaned_data["on"]
        today = timezone.localdate()
        if day and abs((day - today).days) > 3 * 366:
            raise forms.ValidationError(_("Choose a date within three years of today."))
        return day

    def changes(self) -> dict:
        """What to change in the facts: the date and the replaced fields."""
        data = self.cleaned_data
        passport = {"yes": True, "no": False}.get(data.get("holds_travel_document") or "")
        return {
            "on": data.get("on"),
            "holds_travel_document": passport,
            "administrative_status": data.get("administrative_status") or None,
        }


class ReturnDecisionForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is it sent back?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The counsellor reads this to correct the case before proposing again."),
        error_messages={"required": _("Say why the proposal is sent back.")},
    )


class ProposeForm(forms.Form):
    programme = forms.SlugField()
