"""The plan line on the case page (cases/case_detail.html includes
reintegration/plan_case_panel.html, which asks for it here)."""

from django import template

register = template.Library()


@register.simple_tag
def plan_panel(case):
    from reintegration.views_plans import case_panel

    if not hasattr(case, "user_roles"):
        return None
    return case_panel(case)
