"""{% guide_coverage interview %}: the guide an interview followed and the
points it covered ("8 of 11 points covered"), and which were not; with
short=True one line and a link (three queries), for the case timeline.
Nothing when the interview followed no guide."""

from django import template

from guides.library import coverage
from guides.models import POINT_KINDS, GuideUse

register = template.Library()


@register.inclusion_tag("guides/_interview_coverage.html")
def guide_coverage(interview, *, link: bool = True, short: bool = False):
    use = (
        GuideUse.objects.filter(interview=interview)
        .select_related("version", "version__guide", "version__guide__agency")
        .first()
    )
    if use is None:
        return {"use": None}
    title = use.version.languages.filter(language=use.language).values_list("title", flat=True).first()
    if short:
        total = use.version.items.filter(kind__in=POINT_KINDS).count()
        summary = {"total": total, "covered": len(use.covered), "missed": []}
    else:
        summary = coverage(use)
    return {"use": use, "title": title, "coverage": summary, "link": link, "short": short}
