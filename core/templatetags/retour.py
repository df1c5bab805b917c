from django import template

from core.languages import language_name as _language_name

register = template.Library()

_STATUS_COLOURS = {
    "intake": "grey",
    "counselling": "light-blue",
    "application": "blue",
    "eligibility": "purple",
    "travel_preparation": "turquoise",
    "ready_to_depart": "green",
    "departed": "green",
    "reintegration": "pink",
    "monitoring": "pink",
    "closed": "grey",
}


@register.filter
def language_name(code: str) -> str:
    return _language_name(code)


@register.filter
def status_colour(status: str) -> str:
    """GOV.UK tag colour for a case status; exits are red."""
    return _STATUS_COLOURS.get(status, "red")


@register.simple_tag
def money(amount, currency) -> str:
    """An amount as the eligibility pages show it: 2,050.00 EUR."""
    from eligibility.comparison import money as fmt

    return fmt(amount, currency)
