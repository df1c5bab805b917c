import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from exchanges.access import STAFF_ROLES, exchanging_agencies, visible_exchanges
from exchanges.models import Theme
from guides.access import visible_guides, visible_notes
from guides.library import attach_titles
from organisations.models import Office

# "Name – organisation and role": an en dash, or a hyphen between spaces.
_SPLIT = re.compile(r"\s+[–-]\s+")


def parse_other_participants(text: str) -> list[tuple[str, str]]:
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = _SPLIT.split(line.strip(), maxsplit=1)
        rows.append((parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return rows


def format_other_participants(participants) -> str:
    return "\n".join(f"{p.name} – {p.details}" if p.details else p.name for p in participants if not p.user_id)


class _UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        offices = sorted({m.office.name for m in user.memberships.all() if m.role in STAFF_ROLES})
        return f"{user.get_full_name() or user.get_username()} ({', '.join(offices)})"


class _OfficeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, office):
        return f"{office.name} ({office.agency.name})"


class _GuideChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, guide):
        return f"{getattr(guide, 'title', '') or guide} – {guide.agency.name}"


class _NoteChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, note):
        return f"{note.title} – {note.agency.name}"


class ExchangeForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    host_agency = forms.ModelChoiceField(label=_("Host agency"), queryset=exchanging_agencies())
    visiting_agency = forms.ModelChoiceField(label=_("Visiting agency"), queryset=exchanging_agencies())
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    host_offices = _OfficeChoice(
        label=_("Offices visited"), queryset=Office.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    visiting_offices = _OfficeChoice(
        label=_("Offices the visitors came from"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    participant_users = _UserChoice(
        label=_("Participants with a Retour login"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("One per line: the name, a dash, then their organisation and role."),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}))
    lessons = forms.CharField(
        label=_("Lessons learned"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_(
            "One lesson per paragraph. The next exchange between these agencies, or on these themes, shows them."
        ),
    )
    guides = _GuideChoice(
        label=_("Guides that came out of it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    practice_notes = _NoteChoice(
        label=_("Practice notes that came out of it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follows = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = exchanging_agencies()
        self.fields["host_offices"].queryset = self.fields["visiting_offices"].queryset = (
            Office.objects.filter(agency__in=agencies).select_related("agency").order_by("agency__name", "name")
        )
        self.fields["participant_users"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__role__in=STAFF_ROLES, memberships__office__agency__in=agencies)
            .distinct()
            .prefetch_related("memberships__office")
            .order_by("first_name", "last_name", "username")
        )
        guides = visible_guides(user).select_related("agency")
        self.fields["guides"].queryset = guides
        # Titles for the labels, in two queries rather than one per guide.
        titled = {g.pk: g for g in attach_titles(list(guides), drafts=True)}
        self.fields["guides"].label_from_instance = lambda g: (
            f"{getattr(titled.get(g.pk), 'title', '') or g} – {g.agency.name}"
        )
        self.fields["practice_notes"].queryset = visible_notes(user).select_related("agency")
        self.fields["follows"].queryset = visible_exchanges(user)

    def data_for_action(self) -> dict:
        data = dict(self.cleaned_data)
        data["participant_users"] = list(data["participant_users"])
        data["other_participants"] = parse_other_participants(data["other_participants"])
        for field in ("host_offices", "visiting_offices", "guides", "practice_notes"):
            data[field] = list(data[field])
        return data


class MaterialForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("What it is and where to find it, when there is no link."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("url") and not (data.get("note") or "").strip() and "url" not in self.errors:
            self.add_error("url", _("Give a link or a note saying what it is and where to find it."))
        return data
