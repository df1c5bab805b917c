"""Forms of the country pages: a practical section, a question, an answer."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateInput, GovukForm
from countries.models import Topic


def apply_domain_error(form, exc) -> None:
    """An action's refusal on the field it names, else on the whole form."""
    field = getattr(exc, "field", None)
    if field == "texts":
        field = next((f for f in form.fields if f.startswith("text_")), None)
    form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


def section_languages() -> list[tuple[str, str]]:
    """The languages a section is written in on the page: the site's."""
    return list(settings.LANGUAGES)


class SectionForm(GovukForm):
    checked_on = forms.DateField(
        label=_("Checked on"),
        widget=DateInput(),
        help_text=_("The day you checked that this information is still true."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, texts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        texts = texts or {}
        for code, name in section_languages():
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                initial=texts.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 8, "lang": code, "dir": "auto"}),
            )
        self.order_fields([f"text_{code}" for code, _name in section_languages()] + ["checked_on", "version"])
        self.fields["checked_on"].initial = timezone.localdate()

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _name in section_languages()}


class QuestionForm(GovukForm):
    to_office = forms.ChoiceField(
        label=pgettext_lazy("whom a question goes to", "Ask"),
        help_text=_("A partner office or one of your agency's offices in the country of return."),
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("No particular topic"))] + Topic.choices
    )
    body = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_(
            "For example: is this medicine available in Kankan, and what does it cost? "
            "An office that does not have the case reads only this text: do not name the person."
        ),
    )
    share_agreed = forms.BooleanField(
        label=_(
            "The question and its answer may be shared anonymously in the knowledge base (names, phone numbers, "
            "emails, case and document numbers and dates of birth are taken out)"
        ),
        required=False,
    )

    def __init__(self, *args, offices=(), **kwargs):
        """`offices`: the recipient offices, each with `has_case` set."""
        super().__init__(*args, **kwargs)
        self.offices = {str(o.pk): o for o in offices}
        self.fields["to_office"].choices = [("", _("Choose"))] + [
            (
                key,
                f"{o.name} ({o.agency.name}) – "
                + str(_("has this case") if getattr(o, "has_case", False) else _("does not have this case")),
            )
            for key, o in self.offices.items()
        ]

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "to_office": self.offices.get(data["to_office"]),
            "topic": data.get("topic") or "",
            "body": data["body"],
            "share_agreed": data.get("share_agreed", False),
        }


class AnswerForm(GovukForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}))
    version = forms.IntegerField(widget=forms.HiddenInput())


class WithdrawForm(GovukForm):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the answers"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics"))] + Topic.choices)
