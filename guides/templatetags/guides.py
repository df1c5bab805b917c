"""{% guide_coverage interview %}: the guide an interview followed and the
points it covered ("8 of 11 points covered"), and which were not. Nothing
when the interview followed no guide. (The case timeline's one-line form is
read with the interviews: cases.timeline._interviews.)"""

from django import template

from guides.library import coverage
from guides.models import GuideUse

register = template.Library()


@register.inclusion_tag("guides/_interview_coverage.html")
def guide_coverage(interview, *, link: bool = True):
    use = (
        GuideUse.objects.filter(interview=interview)
        .select_related("version", "version__guide", "version__guide__agency")
        .first()
    )
    if use is None:
        return {"use": None}
    title = use.version.languages.filter(language=use.language).values_list("title", flat=True).first()
    return {"use": use, "title": title, "coverage": coverage(use), "link": link, "short": False}
