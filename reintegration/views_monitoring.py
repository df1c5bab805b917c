"""The monitoring page of a case (visits, survey scores and their chart), the
form a partner records a visit with, and the sending office's list of cases
with overdue visits. Thin: the rules are in actions_monitoring, who may do
what in access_monitoring."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.access import can, get_case_for_user, require
from cases.lifecycle import Status
from cases.models import ReturnCase
from core.errors import DomainError
from reintegration import actions_monitoring as actions
from reintegration import rss
from reintegration.access_monitoring import SEE_MONITORING, may_record, overdue_scope
from reintegration.forms_monitoring import VisitForm, apply_domain_error
from reintegration.models import MonitoringVisit, SurveyResponse

SERIES = [
    # (key, colour, dash pattern): distinct by colour and by line style.
    ("economic", "#1d70b8", ""),
    ("social", "#00703c", "6 3"),
    ("psychosocial", "#912b88", "2 3"),
    ("composite", "#0b0c0c", ""),
]
CHART_W, CHART_H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 12, 36


def series_label(key: str) -> str:
    if key == "composite":
        return _("Composite")
    return rss.current_questionnaire().dimension(key).label


def score_chart(responses: list[SurveyResponse]) -> dict | None:
    """Coordinates for the inline SVG chart of the scores over the visits:
    x by the survey's date, y from 0 (bottom) to 1 (top). None without any
    scored survey."""
    scored = [r for r in responses if any(getattr(r, k) is not None for k, _c, _d in SERIES)]
    if not scored:
        return None
    first, last = scored[0].taken_on, scored[-1].taken_on
    span = (last - first).days
    plot_w, plot_h = CHART_W - LEFT - RIGHT, CHART_H - TOP - BOTTOM

    def x_of(day) -> float:
        if span == 0:
            return LEFT + plot_w / 2
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y_of(value: Decimal) -> float:
        return round(TOP + plot_h * (1 - float(value)), 1)

    lines = []
    for key, colour, dash in SERIES:
        points = [
            (x_of(r.taken_on), y_of(getattr(r, key)), getattr(r, key)) for r in scored if getattr(r, key) is not None
        ]
        lines.append(
            {
                "key": key,
                "label": series_label(key),
                "colour": colour,
                "dash": dash,
                "width": 3 if key == "composite" else 2,
                "points": [{"x": x, "y": y, "value": v} for x, y, v in points],
                "polyline": " ".join(f"{x},{y}" for x, y, _v in points),
            }
        )
    grid = [{"y": y_of(Decimal(v) / 4), "label": f"{v / 4:.2f}"} for v in range(5)]
    ticks = []
    for r in scored:
        x = x_of(r.taken_on)
        if not ticks or ticks[-1]["x"] != x:
            ticks.append({"x": x, "label": date_format(r.taken_on, "SHORT_DATE_FORMAT")})
    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": LEFT,
        "right": CHART_W - RIGHT,
        "bottom": CHART_H - BOTTOM,
        "tick_y": CHART_H - BOTTOM + 18,
        "lines": lines,
        "grid": grid,
        "ticks": ticks,
    }


def _answers_shown(response: SurveyResponse) -> list:
    """(dimension label, [(indicator label, answer label)]) for one survey."""
    q = rss.questionnaire(response.questionnaire)
    if q is None:
        return []
    shown = []
    for dim in q.dimensions:
        rows = []
        for ind in dim.indicators:
            option = ind.option(response.answers.get(ind.code) or "")
            rows.append((ind.label, option.label if option else _("Not asked")))
        shown.append((dim.label, rows))
    return shown


def _case(request, pk, *, write=False):
    case = get_case_for_user(request.user, pk, write=write)
    require(case, SEE_MONITORING)
    return case


def _context(request, case) -> dict:
    today = timezone.localdate()
    visits = list(case.monitoring_visits.select_related("recorded_by").order_by("months"))
    responses = list(
        SurveyResponse.objects.filter(case=case).select_related("visit", "weights").order_by("taken_on", "pk")
    )
    by_visit = {r.visit_id: r for r in responses}
    recorder = may_record(request.user, case)
    for visit in visits:
        visit.survey_response = by_visit.get(visit.pk)
        visit.overdue = visit.done_on is None and visit.due_on < today
        visit.may_record = recorder and visit.done_on is None
        if visit.survey_response:
            visit.answers_shown = _answers_shown(visit.survey_response)
    chart = score_chart(responses)
    return {
        "case": case,
        "visits": visits,
        "responses": responses,
        "chart": chart,
        "series": [(key, series_label(key)) for key, _c, _d in SERIES],
        "arrival": actions.arrival_date(case),
        "programme": actions.programme_of(case),
        "months": actions.monitoring_months(case),
        "weights": rss.current_weights(),
        "questionnaire": rss.current_questionnaire(),
        "may_record": recorder,
        "sees_case": True,
        "today": today,
        "nav": "cases",
    }


@login_required
@require_GET
def monitoring_case(request, pk):
    case = _case(request, pk)
    actions.schedule_visits(case)
    return render(request, "reintegration/monitoring_case.html", _context(request, case))


@login_required
@require_http_methods(["GET", "POST"])
def visit_record(request, pk, visit_pk):
    case = _case(request, pk, write=request.method == "POST")
    if not may_record(request.user, case):
        raise PermissionDenied
    visit = MonitoringVisit.objects.filter(case=case, pk=visit_pk).first()
    if visit is None:
        raise Http404
    back = reverse("monitoring-case", args=[case.pk])
    if visit.done_on is not None:
        messages.info(request, _("This visit is already recorded."))
        return redirect(back)
    q = rss.current_questionnaire()
    if request.method == "POST":
        form = VisitForm(request.POST, questionnaire=q)
        if form.is_valid():
            try:
                actions.record_visit(visit, by=request.user, **form.action_kwargs())
            except DomainError as exc:
                if exc.field is None:
                    messages.error(request, exc.message)
                    return redirect(back)
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The visit at %(months)s months is recorded.") % {"months": visit.months},
                )
                return redirect(back)
        status = 400
    else:
        form = VisitForm(questionnaire=q)
        status = 200
    context = {"case": case, "visit": visit, "form": form, "questionnaire": q, "nav": "cases"}
    return render(request, "reintegration/monitoring_visit_form.html", context, status=status)


@login_required
@require_GET
def monitoring_overdue(request):
    """The sending office's cases with visits past due and not recorded."""
    scope = overdue_scope(request.user)
    if scope is None:
        raise PermissionDenied
    today = timezone.localdate()
    overdue = Q(monitoring_visits__done_on__isnull=True, monitoring_visits__due_on__lt=today)
    cases = (
        ReturnCase.objects.filter(scope)
        .filter(status__in=actions.MONITORED)
        .filter(overdue)
        .annotate(
            overdue_count=Count("monitoring_visits", filter=overdue),
            oldest_due=Min("monitoring_visits__due_on", filter=overdue),
        )
        .select_related("principal", "office", "counsellor")
        .order_by("oldest_due", "pk")
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    for case in page:
        case.days_late = (today - case.oldest_due).days
    return render(
        request,
        "reintegration/monitoring_overdue.html",
        {"page": page, "today": today, "nav": "cases"},
    )


def case_panel(case, user) -> dict | None:
    """The monitoring lines on the case page: None when the case has no
    visits yet or the user may not see them."""
    if case.status not in {*actions.MONITORED, Status.CLOSED} or not can(case, SEE_MONITORING):
        return None  # no query for a case before departure
    visits = list(case.monitoring_visits.order_by("months"))
    if not visits:
        return None
    today = timezone.localdate()
    for visit in visits:
        visit.overdue = visit.done_on is None and visit.due_on < today
    return {"case": case, "visits": visits}
