"""The screening form: for each question an answer (yes, no, not asked) and
details; when the screening took place; notes. Suggestions from the date of
birth pre-fill the age questions, and say why."""

import calendar
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateTimeInput, GovukForm
from counselling.actions_screening import DETAILS_MAX
from counselling.models import ScreeningAnswerValue, ScreeningQuestion
from people.models import DobPrecision

Q = ScreeningQuestion
YES, NO = ScreeningAnswerValue.YES, ScreeningAnswerValue.NO
ADULT_AGE = 18
# UNHCR and IOM count people aged 60 and over as older persons.
ELDERLY_AGE = 60

HINTS = {
    Q.MINOR: gettext_lazy("Under 18 on the day of the screening."),
    Q.UNACCOMPANIED_MINOR: gettext_lazy("A minor with no parent or adult responsible for them by law or custom."),
    Q.MEDICAL: gettext_lazy("Illness, treatment or medicines that matter for the journey or after return."),
    Q.PREGNANCY: gettext_lazy("Give the expected date of delivery in the details."),
    Q.ELDERLY: gettext_lazy("60 or older, or needing the care usually given to older persons."),
    Q.DISABILITY: gettext_lazy("Physical, sensory, intellectual or psychosocial."),
    Q.MENTAL_HEALTH: gettext_lazy("Distress, trauma, a diagnosis or treatment."),
    Q.TRAFFICKING: gettext_lazy(
        "For example: documents held by someone else, a debt to pay off, work without pay, being controlled or "
        "threatened. Restricted: never shown to partners."
    ),
    Q.GBV: gettext_lazy(
        "Ask only in private, without family members, with an interpreter of the person's choice. Restricted: never "
        "shown to partners."
    ),
}


def age_on(person, day: datetime.date) -> tuple[int, int] | None:
    """(youngest, oldest) possible age on `day` from the date of birth and
    its precision; None when the date of birth is unknown."""
    born = person.date_of_birth
    if born is None or person.dob_precision == DobPrecision.UNKNOWN:
        return None

    def age(birthday: datetime.date) -> int:
        return day.year - birthday.year - ((day.month, day.day) < (birthday.month, birthday.day))

    if person.dob_precision == DobPrecision.FULL:
        exact = age(born)
        return exact, exact
    if person.dob_precision == DobPrecision.YEAR_MONTH:
        last_day = calendar.monthrange(born.year, born.month)[1]
        return age(born.replace(day=last_day)), age(born.replace(day=1))
    return age(born.replace(month=12, day=31)), age(born)


def suggestions(person, day: datetime.date, *, adult_on_case: bool) -> dict[str, tuple[str | None, str]]:
    """{question: (suggested answer or None, why)} from the date of birth.
    An age that may fall either side of a limit suggests nothing, only says so."""
    ages = age_on(person, day)
    if ages is None:
        why = _("No date of birth is recorded: ask the person's age.")
        return {Q.MINOR: (None, why), Q.ELDERLY: (None, why)}
    low, high = ages
    if low == high:
        said = _("%(age)d years old") % {"age": low}
    else:
        said = _("%(low)d or %(high)d years old") % {"low": low, "high": high}
    found = {}
    if high < ADULT_AGE:
        found[Q.MINOR] = (YES, _("%(said)s according to the date of birth.") % {"said": said})
        if adult_on_case:
            found[Q.UNACCOMPANIED_MINOR] = (None, _("An adult is on the case: check who is responsible for the child."))
        else:
            found[Q.UNACCOMPANIED_MINOR] = (YES, _("No adult is on the case: check whether the child is alone."))
    elif low >= ADULT_AGE:
        found[Q.MINOR] = (NO, _("%(said)s according to the date of birth.") % {"said": said})
        found[Q.UNACCOMPANIED_MINOR] = (NO, _("An adult according to the date of birth."))
    else:
        found[Q.MINOR] = (None, _("%(said)s: only the year of birth is known, ask.") % {"said": said})
    if low >= ELDERLY_AGE:
        found[Q.ELDERLY] = (YES, _("%(said)s according to the date of birth.") % {"said": said})
    elif high < ELDERLY_AGE:
        found[Q.ELDERLY] = (NO, _("%(said)s according to the date of birth.") % {"said": said})
    else:
        found[Q.ELDERLY] = (None, _("%(said)s: only the year of birth is known, ask.") % {"said": said})
    return found


class ScreeningForm(GovukForm):
    screened_at = forms.DateTimeField(label=gettext_lazy("Date and time of the screening"), widget=DateTimeInput)
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy("Who was present (interpreter, guardian), how the questions were asked."),
    )

    def __init__(self, *args, suggested: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = suggested or {}
        self.questions = []
        for code, label in Q.choices:
            answer = f"answer_{code}"
            details = f"details_{code}"
            self.fields[answer] = forms.ChoiceField(
                label=label,
                choices=ScreeningAnswerValue.choices,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                initial=ScreeningAnswerValue.NOT_ASKED,
            )
            self.fields[details] = forms.CharField(
                label=_("Details"),
                required=False,
                max_length=DETAILS_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto", "class": "govuk-textarea"}),
            )
            suggestion, why = self.suggested.get(code, (None, ""))
            if suggestion and not self.is_bound:
                self.initial[answer] = suggestion
            self.questions.append(
                {"code": code, "answer": self[answer], "details": self[details], "hint": HINTS.get(code), "why": why}
            )

    def clean_screened_at(self):
        value = self.cleaned_data["screened_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("A screening cannot be recorded before it has taken place."))
        return value

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (data[f"answer_{code}"], data.get(f"details_{code}", "")) for code in Q.values}
