"""Forms for retroactive registrations and return stories."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import ConsentMethod, ConsentPurpose, ConsentState
from core.forms import DateInput, GovukForm
from core.languages import language_choices
from people.forms import PersonForm, country_choices
from reintegration.access_partner import partner_offices, sending_offices
from reintegration.actions_partner import TravelMeans


def apply_domain_error(form, exc) -> None:
    """An action's refusal on the field it names, else on the whole form."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


class RetroactiveForm(PersonForm):
    """The person (as on the register page, without email and languages), the
    return, and the person's consent to sharing with the partner."""

    returned_on = forms.DateField(label=_("Date of return"), widget=DateInput())
    country_of_return = forms.ChoiceField(label=_("Country of return"), choices=country_choices)
    region_of_return = forms.CharField(
        label=_("Region or city of return"), max_length=150, required=False, help_text=_("City or region at most.")
    )
    sending_office = forms.ChoiceField(
        label=_("Sent back by"), help_text=_("The return agency and its office that organised the return.")
    )
    travel_means = forms.ChoiceField(
        label=_("How the person travelled"), choices=TravelMeans.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the sending agency"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given = forms.BooleanField(
        label=_(
            "The person consents to their data being shared between the sending agency and our organisation "
            "for their reintegration. I attest that I obtained this consent."
        ),
        required=True,
    )
    consent_date = forms.DateField(label=_("Date of consent"), widget=DateInput())
    consent_language = forms.ChoiceField(label=_("Language of consent"), choices=language_choices)
    consent_method = forms.ChoiceField(label=_("How the consent was obtained"), choices=ConsentMethod.choices)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "languages", "interpreter_needed", "country_of_birth"):
            self.fields.pop(name, None)
        offices = partner_offices(user)
        self.partner_offices = {str(o.pk): o for o in offices}
        if len(offices) > 1:
            self.fields["partner_office"] = forms.ChoiceField(
                label=_("Your office"), choices=[(o.pk, o.name) for o in offices]
            )
            self.fields["partner_office"].widget.attrs["class"] = "govuk-select"
        senders = list(sending_offices().order_by("agency__name", "name"))
        self.sending = {str(o.pk): o for o in senders}
        self.fields["sending_office"].choices = [("", _("Choose an office"))] + [
            (o.pk, f"{o.agency.name} – {o.city}") for o in senders
        ]
        self.fields["sending_office"].widget.attrs["class"] = "govuk-select"
        self.fields["consent_date"].initial = timezone.localdate()
        self.fields["consent_method"].widget.attrs["class"] = "govuk-select"
        self.fields["consent_language"].widget.attrs["class"] = "govuk-select"

    def clean_sending_office(self):
        return self.sending[self.cleaned_data["sending_office"]]

    def clean_partner_office(self):
        return self.partner_offices[self.cleaned_data["partner_office"]]

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        person = {
            name: data[name]
            for name in (
                "given_name",
                "family_name",
                "original_script_name",
                "sex",
                "date_of_birth",
                "dob_precision",
                "nationality",
                "phone",
            )
        }
        if person["dob_precision"] == "unknown":
            person["date_of_birth"] = None
        office = data.get("partner_office") or next(iter(self.partner_offices.values()), None)
        return {
            "partner_office": office,
            "sending_office": data["sending_office"],
            "person": person,
            "aliases": self.aliases(),
            "returned_on": data["returned_on"],
            "country_of_return": data["country_of_return"],
            "region_of_return": data["region_of_return"],
            "travel_means": data["travel_means"],
            "note": data["note"],
            "consent_date": data["consent_date"],
            "consent_language": data["consent_language"],
            "consent_method": data["consent_method"],
        }


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept: this is our returnee")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to reject."),
    )


class ReopenForm(GovukForm):
    reason = forms.CharField(label=_("Why reopen it"), widget=forms.Textarea(attrs={"rows": 2}))


class StoryForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("No names, no case number, no phone number or email address."),
    )
    place = forms.CharField(label=_("Place"), max_length=120, required=False, help_text=_("City or region at most."))
    photo = forms.ImageField(label=_("Photo"), required=False)
    shows_face = forms.BooleanField(label=_("The photo shows the person's face"), required=False)

    def __init__(self, *args, story=None, **kwargs):
        super().__init__(*args, **kwargs)
        if story is not None and story.photo_id:
            self.fields["remove_photo"] = forms.BooleanField(label=_("Remove the photo"), required=False)
            self.fields["remove_photo"].widget.attrs["class"] = "govuk-checkboxes__input"


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Review"),
        choices=[("approve", _("Approve for publication")), ("reject", _("Not approved"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when not approved."),
    )


class UnpublishForm(GovukForm):
    reason = forms.CharField(label=_("Why withdraw it"), widget=forms.Textarea(attrs={"rows": 2}))


class StoryConsentForm(GovukForm):
    purpose = forms.ChoiceField(
        label=_("Consent to"),
        choices=[
            (ConsentPurpose.STORY, ConsentPurpose.STORY.label),
            (ConsentPurpose.STORY_PHOTO, ConsentPurpose.STORY_PHOTO.label),
        ],
        widget=forms.RadioSelect,
    )
    state = forms.ChoiceField(label=_("Answer"), choices=ConsentState.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    method = forms.ChoiceField(label=_("How obtained"), choices=ConsentMethod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
