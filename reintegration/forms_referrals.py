"""Forms of the referral and message pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ReferralPurpose
from core.forms import GovukForm


def apply_domain_error(form, exc) -> None:
    """An action's refusal on the field it names, else on the whole form."""
    field = getattr(exc, "field", None)
    if field == "partner_office" or field == "partner":
        field = "to"
    form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


class ReferralForm(GovukForm):
    to = forms.ChoiceField(
        label=_("Refer to"),
        help_text=_("A partner organisation, or one of its offices in the country of return."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ReferralPurpose.choices)
    message = forms.CharField(
        label=_("Message to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partner should know to take the case on. Shown to the partner."),
    )

    def __init__(self, *args, agencies, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {f"a{a.pk}": a for a in agencies}
        self.offices = {f"o{o.pk}": o for o in offices}
        choices = [("", _("Choose"))]
        if self.agencies:
            choices.append(
                (_("Organisations"), [(key, a.name) for key, a in self.agencies.items()]),
            )
        if self.offices:
            choices.append(
                (
                    _("Offices in the country of return"),
                    [(key, f"{o.name} ({o.agency.name})") for key, o in self.offices.items()],
                )
            )
        self.fields["to"].choices = choices

    def action_kwargs(self) -> dict:
        key = self.cleaned_data["to"]
        office = self.offices.get(key)
        agency = office.agency if office else self.agencies.get(key)
        return {
            "partner": agency,
            "partner_office": office,
            "purpose": self.cleaned_data["purpose"],
            "message": self.cleaned_data["message"],
        }


class ReasonForm(GovukForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(GovukForm):
    reason = forms.CharField(
        label=_("Closing note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done for the returnee."),
    )


class MessageForm(GovukForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, partners=(), **kwargs):
        """`partners`: when the sending office writes on a case several
        partners have, it chooses which one the message is for."""
        super().__init__(*args, **kwargs)
        self.partners = {str(p.pk): p for p in partners}
        if len(self.partners) > 1:
            self.fields = {
                "partner": forms.ChoiceField(
                    label=_("To"), choices=[(pk, p.name) for pk, p in self.partners.items()], widget=forms.RadioSelect
                ),
                **self.fields,
            }

    def chosen_partner(self):
        return self.partners.get(self.cleaned_data.get("partner", ""))
