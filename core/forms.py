"""GOV.UK Frontend styling for Django forms: each widget gets the design
system's classes, and templates/includes/field.html lays out label, hint and
error message the way the design system expects."""

from django import forms

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class GovukForm(forms.Form):
    """Adds design-system classes and the error state to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for kind, c in _CLASSES.items() if type(widget) is kind), None)
            if css is None:
                css = "govuk-input"
            widget.attrs["class"] = css
            if isinstance(widget, (forms.TextInput, forms.Textarea)) and "name" in name:
                widget.attrs.setdefault("dir", "auto")
                widget.attrs.setdefault("spellcheck", "false")

    def full_clean(self):
        # After cleaning, not in __init__: subclasses add fields after super().__init__().
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                css = attrs.get("class", "")
                suffix = {
                    "govuk-input": "govuk-input--error",
                    "govuk-select": "govuk-select--error",
                    "govuk-textarea": "govuk-textarea--error",
                }.get(css)
                if suffix:
                    attrs["class"] = f"{css} {suffix}"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"
