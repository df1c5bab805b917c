"""The monitoring lines on the case page (cases/case_detail.html includes
reintegration/monitoring_case_panel.html, which asks for them here)."""

from django import template

register = template.Library()


@register.simple_tag
def monitoring_panel(case, user):
    from reintegration.views_monitoring import case_panel

    if not hasattr(case, "user_roles"):
        return None
    return case_panel(case, user)
