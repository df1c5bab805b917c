"""The aid-only-once warning for likely matches, asked for by
eligibility/case_earlier_aid.html (on the eligibility page and in the package
panel of the case page), as the reintegration panels ask for theirs."""

from django import template

register = template.Library()


@register.simple_tag
def likely_earlier_aid(case, user, earlier=None) -> list[dict]:
    """Return aid that very likely went to one of this case's people under
    another record, as `user` may see it; a package already named by the
    `earlier` warning (eligibility.case_packages.earlier_aid_warning) is not
    named twice."""
    from eligibility.case_facts import likely_earlier_aid as find
    from people.matching_present import present_likely_aid

    found = find(case)
    if earlier:
        found = [a for a in found if a.decision.pk != earlier["decision"].pk]
    return present_likely_aid(found, user)
