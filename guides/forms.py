from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm
from core.languages import language_choices, language_name
from guides.models import ItemKind, Phase


class LibraryFilterForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Guides and notes")), ("guides", _("Guides")), ("notes", _("Practice notes"))],
    )

    def __init__(self, *args, agencies=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Any phase")), *Phase.choices]
        self.fields["language"].choices = [("", _("Any language"))] + [(c, language_name(c)) for c in languages]
        self.fields["agency"].choices = [("", _("Any agency"))] + [(str(a.pk), a.name) for a in agencies]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


class EditVersionMixin(forms.Form):
    """The draft's edit_version when the form was shown (optimistic locking)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput)


class GuideCreateForm(GovukForm):
    phase = forms.ChoiceField(label=_("Phase of counselling"), choices=Phase.choices, widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("First language"),
        choices=language_choices,
        help_text=_("The language you write in first; translators work from it. Add other languages afterwards."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Who the guide is for"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )


class LanguageForm(EditVersionMixin, GovukForm):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    title = forms.CharField(
        label=_("Title in this language"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    summary = forms.CharField(
        label=_("Who the guide is for"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )


def _text_fields(form, languages: list[str], *, prefix: str, label, textarea: bool, initial: dict) -> None:
    for i, lang in enumerate(languages):
        widget = (
            forms.Textarea(attrs={"rows": 3, "dir": "auto", "lang": lang})
            if textarea
            else forms.TextInput(attrs={"dir": "auto", "lang": lang})
        )
        field = forms.CharField(
            label=f"{label} – {language_name(lang)}",
            required=i == 0,
            max_length=None if textarea else 200,
            widget=widget,
            initial=initial.get(lang, ""),
            help_text="" if i == 0 else _("Needed before the version is published; it can be written later."),
        )
        field.show_optional = False
        form.fields[f"{prefix}_{lang}"] = field


class _TextsForm(EditVersionMixin, GovukForm):
    """Fields added per language after GovukForm styled the fixed ones."""

    def _style(self):
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["class"] = "govuk-textarea"
            elif isinstance(field.widget, forms.TextInput):
                field.widget.attrs["class"] = "govuk-input"


class SectionForm(_TextsForm):
    """A section's title in each of the version's languages."""

    def __init__(self, *args, languages: list[str], titles: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _text_fields(self, languages, prefix="title", label=_("Section title"), textarea=False, initial=titles or {})
        self._style()

    def texts(self, languages: list[str]) -> dict:
        return {lang: self.cleaned_data.get(f"title_{lang}", "") for lang in languages}


class ItemForm(_TextsForm):
    """An item's kind, its text in each language and, when changing it, its section."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, widget=forms.RadioSelect)

    def __init__(self, *args, languages: list[str], texts: dict | None = None, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        _text_fields(self, languages, prefix="text", label=_("Text"), textarea=True, initial=texts or {})
        if sections:
            self.fields["section"] = forms.TypedChoiceField(
                label=_("Section"), choices=sections, coerce=int, widget=forms.Select(attrs={"class": "govuk-select"})
            )
        self._style()

    def texts(self, languages: list[str]) -> dict:
        return {lang: self.cleaned_data.get(f"text_{lang}", "") for lang in languages}


class PublishForm(EditVersionMixin, GovukForm):
    change_note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Shown to your counsellors and to the agencies that adopted the guide."),
    )


class NoteForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    body = forms.CharField(label=_("The practice"), widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}))
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas, e.g. trust, interpreter.")
    )
    language = forms.ChoiceField(label=_("Language of the note"), choices=language_choices)
    phase = forms.ChoiceField(label=_("Phase of counselling"), required=False)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Any phase"))] + list(Phase.choices)
