from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm


class TaskForm(GovukForm):
    title = forms.CharField(label=_("What needs doing"), max_length=200)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    due = forms.DateField(label=_("Due date"), widget=DateInput())
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody: the whole office"),
        help_text=_("Leave it to the office if anyone there may do it."),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
