from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from counselling.models import Interview, Topic

INTERVIEW_FIELDS = [
    "held_at",
    "mode",
    "location",
    "counsellor",
    "language",
    "interpreter",
    "participants",
    "topics",
    "other_topics",
    "notes",
    "intention",
    "next_appointment",
]


def _check(interview: Interview) -> None:
    unknown = [t for t in interview.topics if t not in Topic.values]
    if unknown:
        raise DomainError(_("Unknown topics: %(topics)s.") % {"topics": ", ".join(unknown)}, field="topics")
    if interview.held_at > timezone.now() + timezone.timedelta(minutes=5):
        raise DomainError(_("An interview cannot be recorded before it has taken place."), field="held_at")
    if interview.next_appointment and interview.next_appointment <= interview.held_at:
        raise DomainError(_("The next appointment must be after this interview."), field="next_appointment")


@transaction.atomic
def record_interview(case, *, by, **fields) -> Interview:
    fields.setdefault("counsellor", by)
    interview = Interview(case=case, recorded_by=by, **fields)
    interview.full_clean()
    _check(interview)
    interview.save()
    audit.record(
        by,
        "interview.recorded",
        interview,
        case_id=case.pk,
        person_id=case.principal_id,
        changes=audit.created(interview, INTERVIEW_FIELDS),
    )
    return interview


@transaction.atomic
def update_interview(interview: Interview, *, by, **fields) -> Interview:
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    before = audit.snapshot(locked, list(fields))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    _check(locked)
    locked.save()
    audit.record(
        by,
        "interview.updated",
        locked,
        case_id=locked.case_id,
        changes=audit.diff(before, audit.snapshot(locked, list(fields))),
    )
    return locked
