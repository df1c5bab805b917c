import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.forms import DateInput, GovukForm
from core.languages import language_choices
from organisations.access import roles_for_office
from people.access import EDIT_PERSON
from people.models import AliasKind, DobPrecision, DocumentType, Relation, Sex, VulnerabilityKind


def country_choices(blank: bool = True):
    choices = list(countries)
    return [("", _("Choose a country")), *choices] if blank else choices


def offices_for(user, roles=EDIT_PERSON):
    from organisations.access import memberships_of

    offices = {m.office for m in memberships_of(user) if roles_for_office(user, m.office) & roles}
    return sorted(offices, key=lambda o: o.name)


class PersonForm(GovukForm):
    given_name = forms.CharField(
        label=_("Given name(s)"), max_length=150, help_text=_("As written in Latin script, for example on a passport.")
    )
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    original_script_name = forms.CharField(
        label=_("Name in original script"),
        max_length=300,
        required=False,
        help_text=_("For example in Arabic, Georgian or Ge'ez script."),
    )
    other_names = forms.CharField(
        label=_("Other names and aliases"),
        required=False,
        max_length=1000,
        help_text=_("Other spellings or names used, separated by commas."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    dob_precision = forms.ChoiceField(
        label=_("What is known of the date of birth"),
        choices=DobPrecision.choices,
        initial=DobPrecision.FULL,
        widget=forms.RadioSelect,
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_("Full date as YYYY-MM-DD, year and month as YYYY-MM, or the year alone."),
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=country_choices, required=False)
    country_of_birth = forms.ChoiceField(label=_("Country of birth"), choices=country_choices, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=language_choices,
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    interpreter_needed = forms.BooleanField(label=_("An interpreter is needed"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].widget.attrs["size"] = 8
        # Needed unless the precision is "unknown": not labelled optional.
        self.fields["date_of_birth"].show_optional = False
        if offices is not None:
            self.fields["office"] = forms.ChoiceField(
                label=_("Registering office"), choices=[(o.pk, o.name) for o in offices]
            )
            self.fields["office"].widget.attrs["class"] = "govuk-select"
            self.offices = {str(o.pk): o for o in offices}

    def clean_date_of_birth(self):
        raw = self.cleaned_data["date_of_birth"].strip()
        precision = self.data.get(self.add_prefix("dob_precision"))
        if precision == DobPrecision.UNKNOWN:
            return None
        if not raw:
            raise forms.ValidationError(_("Enter the date of birth, or choose “Unknown”."))
        formats = {DobPrecision.FULL: "%Y-%m-%d", DobPrecision.YEAR_MONTH: "%Y-%m", DobPrecision.YEAR: "%Y"}
        try:
            value = datetime.datetime.strptime(raw, formats.get(precision, "%Y-%m-%d")).date()
        except ValueError:
            examples = {DobPrecision.FULL: "1987-03-21", DobPrecision.YEAR_MONTH: "1987-03", DobPrecision.YEAR: "1987"}
            raise forms.ValidationError(
                _("Write the date like %(example)s.") % {"example": examples.get(precision, "1987-03-21")}
            ) from None
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value.year < 1900:
            raise forms.ValidationError(_("The date of birth must be after 1900."))
        return value

    def clean_office(self):
        return self.offices[self.cleaned_data["office"]]

    def person_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("office", None)
        data.pop("other_names", None)
        if data.get("dob_precision") == DobPrecision.UNKNOWN:
            data["date_of_birth"] = None
        return data

    def aliases(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data.get("other_names", "").split(",") if n.strip()]


class DocumentForm(GovukForm):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    number = forms.CharField(label=_("Number"), max_length=60)
    issuing_country = forms.ChoiceField(label=_("Issuing country"), choices=country_choices)
    expiry_date = forms.DateField(label=_("Expiry date"), required=False, widget=DateInput)


class AliasForm(GovukForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AliasKind.choices)


class VulnerabilityForm(GovukForm):
    kind = forms.ChoiceField(label=_("Vulnerability"), choices=VulnerabilityKind.choices)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HouseholdMemberForm(PersonForm):
    relation = forms.ChoiceField(
        label=_("Relation to the principal applicant"),
        choices=[c for c in Relation.choices if c[0] != Relation.PRINCIPAL],
    )

    field_order = ["relation"]
