"""Monitoring after arrival: scheduling the visits, recording them with the
Reintegration Sustainability Survey, and making a weights version current.

When visits are scheduled: lazily, never from travel (which this app does
not touch). schedule_visits(case) is idempotent and is called
- when staff or the partner open the case's monitoring page (web or API);
- by the automatic task refresh (tasks.rules, the overdue-visit rule), which
  first schedules the visits of every arrived case that has none, so that a
  case whose departure was recorded gets its visits on the next refresh
  (send_reminders, run by cron), even if nobody opens its page;
- by `manage.py schedule_monitoring_visits`.
Visits already scheduled are kept as they are; a programme given more months
later gets the missing visits added, never removed."""

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.lifecycle import Status
from cases.models import ReturnCase
from core import audit
from core.errors import DomainError
from eligibility.models import Decision, DecisionStatus
from reintegration import rss
from reintegration.models import MonitoringVisit, RetroStatus, RssWeights, SurveyResponse, VisitMode

# A case is monitored from its arrival until it is closed.
MONITORED = [Status.DEPARTED, Status.REINTEGRATION, Status.MONITORING]
VISIT_FIELDS = ["done_on", "mode", "findings"]
OVERDUE_KIND = "monitoring-visit-overdue"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def arrival_date(case) -> datetime.date | None:
    """The day the person arrived: the local arrival date of the last leg of
    the booking they departed on (an overnight flight arrives the next day),
    else the recorded departure date; for a case registered after the return
    by a partner, the date of return it gives. None before departure."""
    from travel.models import DepartureOutcome, Outcome

    outcome = (
        DepartureOutcome.objects.filter(case=case, outcome=Outcome.DEPARTED)
        .select_related("booking")
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if outcome is not None:
        segments = outcome.booking.ordered_segments() if outcome.booking else []
        if segments:
            arrived = segments[-1].local_arrival.date()
            if arrived >= outcome.date:
                return arrived
        return outcome.date
    retro = getattr(case, "retroactive", None)  # none: RelatedObjectDoesNotExist is an AttributeError
    if retro is not None and retro.status in {RetroStatus.PENDING, RetroStatus.ACCEPTED}:
        return retro.returned_on
    return None


def programme_of(case):
    decision = (
        Decision.objects.filter(case=case, status=DecisionStatus.APPROVED)
        .select_related("rule_version__programme")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return decision.rule_version.programme if decision else None


def monitoring_months(case) -> list[int]:
    """The approved package's programme's months, else RETOUR_MONITORING_MONTHS."""
    programme = programme_of(case)
    months = list(programme.monitoring_months or []) if programme else []
    return sorted({int(m) for m in (months or settings.RETOUR_MONITORING_MONTHS)})


@transaction.atomic
def schedule_visits(case, *, by=None) -> list[MonitoringVisit]:
    """The visits of an arrived case, made once: the new ones are returned.
    Nothing for a case not (or no longer) monitored, or not arrived."""
    if case.status not in MONITORED:
        return []
    arrived = arrival_date(case)
    if arrived is None:
        return []
    have = set(MonitoringVisit.objects.filter(case=case).values_list("months", flat=True))
    made = []
    for months in monitoring_months(case):
        if months in have:
            continue
        visit, created = MonitoringVisit.objects.get_or_create(
            case=case, months=months, defaults={"due_on": add_months(arrived, months)}
        )
        if created:
            made.append(visit)
    if made:
        audit.record(
            by,
            "monitoring.scheduled",
            case,
            case_id=case.pk,
            changes={"visits": [None, [f"{v.months}: {v.due_on.isoformat()}" for v in made]]},
        )
    return made


def schedule_arrived() -> int:
    """Schedule the visits of every monitored case that has none yet; the
    number of cases scheduled."""
    count = 0
    for case in ReturnCase.objects.filter(status__in=MONITORED, monitoring_visits__isnull=True).distinct():
        if schedule_visits(case):
            count += 1
    return count


def _not_future(day, field: str) -> None:
    if day is None:
        raise DomainError(_("Enter a date."), field=field)
    if day > timezone.localdate():
        raise DomainError(_("This date cannot be in the future."), field=field)


@transaction.atomic
def record_visit(
    visit: MonitoringVisit, *, by, done_on, mode: str, findings: str, answers: dict | None = None
) -> MonitoringVisit:
    """The partner records a visit: when, how, what they found, and the
    survey's answers (indicator code → answer code; questions left blank
    are not asked). The scores are computed with the current weights."""
    visit = MonitoringVisit.objects.select_for_update(of=("self",)).select_related("case").get(pk=visit.pk)
    if visit.done_on is not None:
        raise DomainError(_("This visit is already recorded."))
    _not_future(done_on, "done_on")
    arrived = arrival_date(visit.case)
    if arrived is not None and done_on < arrived:
        raise DomainError(_("A visit cannot come before the arrival."), field="done_on")
    if mode not in VisitMode.values:
        raise DomainError(_("Choose how the visit was made."), field="mode")
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("Write what you found."), field="findings")
    q = rss.current_questionnaire()
    kept = rss.validate_answers(answers, q)

    visit.done_on, visit.mode, visit.findings = done_on, mode, findings
    visit.recorded_by, visit.recorded_at = by, timezone.now()
    visit.save(update_fields=[*VISIT_FIELDS, "recorded_by", "recorded_at"])
    audit.record(
        by,
        "monitoring.visit_recorded",
        visit,
        case_id=visit.case_id,
        changes=audit.created(visit, ["months", *VISIT_FIELDS]),
    )
    if kept:
        weights = rss.current_weights()
        scores = rss.compute_scores(kept, q.version, weights)
        response = SurveyResponse.objects.create(
            case=visit.case,
            visit=visit,
            questionnaire=q.version,
            answers=kept,
            weights=weights if scores != rss.NO_SCORES else None,
            taken_on=done_on,
            recorded_by=by,
            **scores.as_dict(),
        )
        audit.record(
            by,
            "rss.recorded",
            response,
            case_id=visit.case_id,
            changes={
                "questionnaire": [None, q.version],
                "answers": [None, kept],
                "composite": [None, response.composite],
            },
        )
    _close_overdue_task(visit, by=by)
    return visit


def _close_overdue_task(visit, *, by) -> None:
    """The overdue-visit task of this visit, if any, is done now."""
    from tasks.actions import complete_task
    from tasks.models import Task

    task = Task.objects.filter(auto_key=f"{OVERDUE_KIND}:{visit.case_id}:{visit.pk}", done_at__isnull=True).first()
    if task is not None:
        complete_task(task, by=by)


@transaction.atomic
def make_current(weights: RssWeights, *, by=None) -> RssWeights:
    """Make `weights` the current version and recompute every survey's scores
    from its raw answers, all in one transaction."""
    weights = RssWeights.objects.select_for_update().get(pk=weights.pk)
    before = RssWeights.objects.filter(is_current=True).exclude(pk=weights.pk).first()
    RssWeights.objects.filter(is_current=True).exclude(pk=weights.pk).update(is_current=False)
    if not weights.is_current:
        weights.is_current = True
        weights.save(update_fields=["is_current"])
    count = 0
    for response in SurveyResponse.objects.select_for_update().order_by("pk"):
        scores = rss.compute_scores(response.answers, response.questionnaire, weights)
        for name, value in scores.as_dict().items():
            setattr(response, name, value)
        response.weights = weights if scores != rss.NO_SCORES else None
        response.save(update_fields=[*scores.as_dict(), "weights"])
        count += 1
    audit.record(
        by,
        "rss.weights_made_current",
        weights,
        changes={"current": [before.label if before else None, weights.label], "recomputed": [None, count]},
    )
    return weights


@transaction.atomic
def set_monitoring_months(programme, months: list[int], *, by=None):
    """A programme's visit months (empty: the default RETOUR_MONITORING_MONTHS)."""
    if any(m < 1 or m > 60 for m in months):
        raise DomainError(_("Months after arrival are between 1 and 60."), field="monitoring_months")
    before = list(programme.monitoring_months or [])
    programme.monitoring_months = sorted(set(months))
    programme.save(update_fields=["monitoring_months"])
    audit.record(by, "programme.monitoring_months", programme, changes={"monitoring_months": [before, months]})
    return programme
