"""The form a partner records a monitoring visit with: the visit, then one
question per indicator of the survey (blank: not asked)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from reintegration.models import VisitMode

ANSWER_PREFIX = "rss_"


def apply_domain_error(form, exc) -> None:
    """An action's refusal on the field it names (answers.<code> on its
    question), else on the whole form."""
    field = getattr(exc, "field", None) or ""
    if field.startswith("answers."):
        field = ANSWER_PREFIX + field.removeprefix("answers.")
    form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


class VisitForm(GovukForm):
    done_on = forms.DateField(label=_("Date of the visit"), widget=DateInput(), initial=timezone.localdate)
    mode = forms.ChoiceField(label=_("How"), choices=VisitMode.choices, widget=forms.RadioSelect)
    findings = forms.CharField(
        label=_("Findings"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("How the returnee is doing, what was seen, what needs following up."),
    )

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.dimensions = []
        for dim in questionnaire.dimensions:
            names = []
            for ind in dim.indicators:
                name = ANSWER_PREFIX + ind.code
                self.fields[name] = forms.ChoiceField(
                    label=ind.question,
                    required=False,
                    choices=[("", _("Not asked"))] + [(o.code, o.label) for o in ind.options],
                    help_text=ind.label,
                )
                self.fields[name].widget.attrs["class"] = "govuk-select"
                names.append(name)
            self.dimensions.append((dim, names))

    def dimension_fields(self):
        """(dimension, its bound fields) for the template's fieldsets."""
        return [(dim, [self[name] for name in names]) for dim, names in self.dimensions]

    def visit_fields(self):
        return [self["done_on"], self["mode"], self["findings"]]

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        answers = {
            name.removeprefix(ANSWER_PREFIX): value
            for name, value in data.items()
            if name.startswith(ANSWER_PREFIX) and value
        }
        return {"done_on": data["done_on"], "mode": data["mode"], "findings": data["findings"], "answers": answers}
