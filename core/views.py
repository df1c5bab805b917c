from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cases.access import visible_cases
from cases.lifecycle import OPEN_STATUSES
from counselling.models import Interview
from eligibility.access import decisions_awaiting
from tasks.access import today_for, visible_tasks


@login_required
def home(request):
    mine = (
        visible_cases(request.user)
        .filter(counsellor=request.user, status__in=OPEN_STATUSES)
        .select_related("principal", "office")
        .order_by("-opened_at")[:20]
    )
    appointments = (
        Interview.objects.filter(
            case__in=visible_cases(request.user).values("pk"),
            counsellor=request.user,
            next_appointment__gte=timezone.now(),
        )
        .select_related("case", "case__principal")
        .order_by("next_appointment")[:20]
    )
    awaiting = decisions_awaiting(request.user)[:20]
    today = today_for(request.user)
    tasks_due = (
        visible_tasks(request.user)
        .filter(assignee=request.user, done_at__isnull=True, due__lte=today)
        .select_related("case")
        .order_by("due", "pk")[:10]
    )
    context = {
        "mine": mine,
        "appointments": appointments,
        "awaiting": awaiting,
        "tasks_due": tasks_due,
        "today": today,
        "nav": "home",
    }
    return render(request, "core/home.html", context)
