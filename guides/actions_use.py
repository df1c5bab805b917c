"""Interviews run from a guide: the interview (through counselling.actions)
and the record of the guide version used and the points covered, in one
transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from counselling import actions as counselling_actions
from counselling.models import Interview
from guides.models import POINT_KINDS, GuideUse, GuideVersion, VersionStatus


def _check(case, version: GuideVersion, language: str, covered) -> list[int]:
    if version.status != VersionStatus.PUBLISHED:
        raise DomainError(_("Only a published version of a guide can be followed."), field="guide")
    if version.guide.agency_id != case.office.agency_id:
        raise DomainError(_("Follow one of your agency's guides (its own or adopted ones)."), field="guide")
    if not version.languages.filter(language=language).exists():
        raise DomainError(_("This guide has no text in that language."), field="guide_language")
    points = set(version.items.filter(kind__in=POINT_KINDS).values_list("pk", flat=True))
    try:
        ids = sorted({int(c) for c in covered})
    except (TypeError, ValueError):
        raise DomainError(_("Tick points of the guide followed."), field="covered") from None
    if set(ids) - points:
        raise DomainError(_("Some points ticked are not in this version of the guide."), field="covered")
    return ids


@transaction.atomic
def record_interview_with_guide(
    case, *, by, version: GuideVersion, guide_language: str, covered, **fields
) -> Interview:
    ids = _check(case, version, guide_language, covered)
    interview = counselling_actions.record_interview(case, by=by, **fields)
    use = GuideUse.objects.create(
        interview=interview, version=version, language=guide_language, covered=ids, recorded_by=by
    )
    audit.record(
        by,
        "guide_use.recorded",
        use,
        case_id=case.pk,
        changes={"version": [None, version.pk], "language": [None, guide_language], "covered": [None, ids]},
    )
    return interview


@transaction.atomic
def update_interview_with_guide(interview: Interview, *, by, covered, **fields) -> Interview:
    """Correct an interview and the points it covered of the guide it followed."""
    use = GuideUse.objects.select_for_update().select_related("version", "version__guide").get(interview=interview)
    ids = _check(interview.case, use.version, use.language, covered)
    interview = counselling_actions.update_interview(interview, by=by, **fields)
    if ids != use.covered:
        before = use.covered
        use.covered = ids
        use.save(update_fields=["covered"])
        audit.record(by, "guide_use.updated", use, case_id=interview.case_id, changes={"covered": [before, ids]})
    return interview
