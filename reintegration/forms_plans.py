"""Forms of the plan page, its purchases and the rate table. They collect and
convert; the rules are in reintegration.actions_plans, whose refusals come
back on the fields they name."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from eligibility.comparison import money
from reintegration.models import Area


def _today():
    return timezone.localdate()


def apply_domain_error(form, exc) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


class _Versioned(GovukForm):
    """Carries the plan's lock_version seen when the page was loaded."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self):
        return self.cleaned_data.get("lock_version")

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("lock_version", None)
        return data


def _money_widgets(form, amount="amount", currency="currency"):
    form.fields[amount].widget.attrs.update({"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"})
    form.fields[currency].widget.attrs.update(
        {"class": "govuk-input govuk-input--width-4", "autocapitalize": "characters", "spellcheck": "false"}
    )


class StartPlanForm(GovukForm):
    summary = forms.CharField(
        label=_("What the returnee wants to achieve (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget.attrs["dir"] = "auto"


class SummaryForm(_Versioned):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget.attrs["dir"] = "auto"


class ObjectiveForm(_Versioned):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    description = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["dir"] = "auto"


class LineForm(_Versioned):
    category = forms.ChoiceField(label=_("Category"), choices=Area.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, initial="EUR")
    supplier = forms.CharField(label=_("Supplier, if known"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _money_widgets(self)
        self.fields["description"].widget.attrs["dir"] = "auto"
        self.fields["supplier"].widget.attrs["dir"] = "auto"

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()


class DecisionForm(_Versioned):
    """Approve, or send back with a reason."""

    reason = forms.CharField(
        label=_("Reason for sending it back"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].show_optional = False
        self.fields["reason"].widget.attrs["dir"] = "auto"


class DisbursementForm(GovukForm):
    line = forms.ChoiceField(label=_("Budget line"), required=False)
    what = forms.CharField(label=_("What was bought"), max_length=300)
    supplier = forms.CharField(label=_("From whom"), max_length=200)
    on = forms.DateField(label=_("Date of purchase"), widget=DateInput(), initial=_today)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    proof = forms.FileField(label=_("Proof of purchase (receipt or invoice)"), required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {str(line.pk): line for line in lines}
        self.fields["line"].choices = [("", _("Not on a particular line"))] + [
            (str(line.pk), f"{line.get_category_display()} – {line.description} ({money(line.amount, line.currency)})")
            for line in lines
        ]
        _money_widgets(self)
        for name in ("what", "supplier"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["proof"].show_optional = False

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["line"] = self.lines.get(data.get("line") or "")
        return data


class RateForm(GovukForm):
    agency = forms.ChoiceField(label=_("Organisation"))
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)
    euros_per_unit = forms.DecimalField(
        label=_("Euros for one unit"),
        max_digits=14,
        decimal_places=8,
        help_text=_("For example 0.000105 for one Guinean franc (GNF)."),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]
        if len(agencies) == 1:
            self.fields["agency"].widget = forms.HiddenInput()
            self.initial.setdefault("agency", str(agencies[0].pk))
        self.fields["currency"].widget.attrs.update({"class": "govuk-input govuk-input--width-4"})
        self.fields["euros_per_unit"].widget.attrs.update(
            {"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
        )

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        agency = self.agencies[data.pop("agency")]
        return {"agency": agency, **data}
