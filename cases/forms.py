from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.lifecycle import Status
from cases.models import (
    AdministrativeStatus,
    ConsentMethod,
    ConsentPurpose,
    ConsentState,
    NoteVisibility,
    ProcedureStage,
    ReferralSource,
)
from core.forms import DateInput, GovukForm
from core.languages import language_choices
from people.forms import country_choices


def _not_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class CaseForm(GovukForm):
    country_of_return = forms.ChoiceField(label=_("Country of return"), choices=country_choices)
    region_of_return = forms.CharField(label=_("Region or city of return"), max_length=150, required=False)
    administrative_status = forms.ChoiceField(
        label=_("Administrative situation"), choices=AdministrativeStatus.choices, widget=forms.RadioSelect
    )
    procedure_stage = forms.ChoiceField(
        label=_("Asylum procedure stage"), choices=ProcedureStage.choices, required=False
    )
    asylum_decision_date = forms.DateField(label=_("Date of the asylum decision"), required=False, widget=DateInput)
    removal_order_date = forms.DateField(label=_("Date of the removal order"), required=False, widget=DateInput)
    removal_order_authority = forms.CharField(
        label=_("Authority that issued the removal order"),
        max_length=100,
        required=False,
        help_text=_("For example the prefecture, as a short code such as prefecture-nord."),
    )
    arrival_date = forms.DateField(label=_("Date of arrival in the country"), required=False, widget=DateInput)
    open_return_place_until = forms.DateField(
        label=_("Open return place until"),
        required=False,
        widget=DateInput,
        help_text=_("The last day of the person's place in an open return place, if they have one."),
    )
    referral_source = forms.ChoiceField(
        label=_("How the person heard of the programme"), choices=[("", _("Choose one")), *ReferralSource.choices]
    )
    counsellor = forms.ChoiceField(label=_("Responsible counsellor"), required=False)

    def __init__(self, *args, offices=None, counsellors=(), household=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].choices = [("", _("Not assigned yet"))] + [
            (u.pk, u.get_full_name() or u.username) for u in counsellors
        ]
        self.counsellors = {str(u.pk): u for u in counsellors}
        if offices is not None:
            self.fields = {
                "office": forms.ChoiceField(label=_("Responsible office"), choices=[(o.pk, o.name) for o in offices]),
                **self.fields,
            }
            self.fields["office"].widget.attrs["class"] = "govuk-select"
            self.offices = {str(o.pk): o for o in offices}
        if household:
            self.fields["members"] = forms.MultipleChoiceField(
                label=_("Household members covered by this case"),
                required=False,
                choices=[(m.person_id, f"{m.person.full_name} ({m.get_relation_display()})") for m in household],
                widget=forms.CheckboxSelectMultiple,
                initial=[m.person_id for m in household],
            )
            self.fields["members"].widget.attrs["class"] = "govuk-checkboxes__input"
            self.household = {str(m.person_id): m for m in household}

    def clean_office(self):
        return self.offices[self.cleaned_data["office"]]

    def clean_counsellor(self):
        value = self.cleaned_data["counsellor"]
        return self.counsellors.get(value) if value else None

    def clean_asylum_decision_date(self):
        return _not_future(self.cleaned_data["asylum_decision_date"], _("The decision date cannot be in the future."))

    def clean_removal_order_date(self):
        return _not_future(
            self.cleaned_data["removal_order_date"], _("The removal order date cannot be in the future.")
        )

    def clean_arrival_date(self):
        return _not_future(self.cleaned_data["arrival_date"], _("The arrival date cannot be in the future."))

    def case_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("office", "members"):
            data.pop(key, None)
        return data

    def members(self) -> list:
        return [(self.household[pk].person, self.household[pk].relation) for pk in self.cleaned_data.get("members", [])]


class CaseMemberForm(GovukForm):
    member = forms.ChoiceField(label=_("Household member"), widget=forms.RadioSelect)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(m.person_id): m for m in candidates}
        self.fields["member"].choices = [
            (m.person_id, f"{m.person.full_name} ({m.get_relation_display()})") for m in candidates
        ]

    def clean_member(self):
        return self.candidates[self.cleaned_data["member"]]


class TransitionForm(GovukForm):
    to_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(GovukForm):
    person = forms.ChoiceField(label=_("Whose consent"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices, widget=forms.RadioSelect)
    state = forms.ChoiceField(label=_("Answer"), choices=ConsentState.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    language = forms.ChoiceField(label=_("Language in which it was explained"), choices=language_choices)
    method = forms.ChoiceField(label=_("How it was obtained"), choices=ConsentMethod.choices)
    partner = forms.ChoiceField(
        label=_("Partner the data may be shared with"),
        required=False,
        help_text=_("Only for sharing with a reintegration partner."),
    )

    def __init__(self, *args, members=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(m.person_id, m.person.full_name) for m in members]
        self.members = {str(m.person_id): m.person for m in members}
        self.fields["partner"].choices = [("", "–")] + [(a.pk, a.name) for a in partners]
        self.partners = {str(a.pk): a for a in partners}

    def clean_person(self):
        return self.members[self.cleaned_data["person"]]

    def clean_partner(self):
        value = self.cleaned_data["partner"]
        return self.partners.get(value) if value else None

    def clean_date(self):
        return _not_future(self.cleaned_data["date"], _("The date of consent cannot be in the future."))

    def clean(self):
        data = super().clean()
        if data.get("purpose") == ConsentPurpose.PARTNER_SHARING and not data.get("partner"):
            self.add_error("partner", _("Choose the partner the data may be shared with."))
        return data


class NoteForm(GovukForm):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=NoteVisibility.choices, widget=forms.RadioSelect, initial=NoteVisibility.OFFICE
    )


class AttachmentForm(GovukForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("For example: signed application form.")
    )
    file = forms.FileField(label=_("File"))


class CaseSearchForm(GovukForm):
    q = forms.CharField(label=_("Name, case number or document number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), ("open", _("Any open status")), *Status.choices]
    )
    office = forms.ChoiceField(label=_("Office"), required=False)
    counsellor = forms.ChoiceField(label=_("Counsellor"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    country_of_return = forms.ChoiceField(label=_("Country of return"), required=False)
