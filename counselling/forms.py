from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeInput, GovukForm
from core.languages import language_choices
from counselling.models import Intention, InterviewMode, Topic


class InterviewForm(GovukForm):
    held_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    mode = forms.ChoiceField(
        label=_("How"), choices=InterviewMode.choices, widget=forms.RadioSelect, initial=InterviewMode.IN_PERSON
    )
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the interview"), choices=language_choices)
    interpreter = forms.CharField(
        label=_("Interpreter"),
        max_length=150,
        required=False,
        help_text=_("Name of the interpreter, if one took part."),
    )
    participants = forms.CharField(label=_("Who took part"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    topics = forms.MultipleChoiceField(
        label=_("Topics covered"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_topics = forms.CharField(label=_("Other topics"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}))
    intention = forms.ChoiceField(
        label=_("The person's stated intention afterwards"), choices=Intention.choices, widget=forms.RadioSelect
    )
    next_appointment = forms.DateTimeField(label=_("Next appointment"), required=False, widget=DateTimeInput)

    def clean_held_at(self):
        value = self.cleaned_data["held_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("An interview cannot be recorded before it has taken place."))
        return value

    def clean(self):
        data = super().clean()
        held, nxt = data.get("held_at"), data.get("next_appointment")
        if held and nxt and nxt <= held:
            self.add_error("next_appointment", _("The next appointment must be after this interview."))
        return data


class GuidedInterviewForm(InterviewForm):
    """The interview form following a conversation guide: the guide's key
    messages and checklist points (id, text) replace the generic topics."""

    def __init__(self, *args, points: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["topics"]
        self.fields["covered"] = forms.TypedMultipleChoiceField(
            label=_("Points of the guide covered"),
            choices=points,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
        )
        self.order_fields(["held_at", "mode", "location", "language", "interpreter", "participants", "covered"])
