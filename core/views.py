from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cases.access import visible_cases
from cases.lifecycle import OPEN_STATUSES
from counselling.models import Interview
from eligibility.access import decisions_awaiting


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
    return render(
        request, "core/home.html", {"mine": mine, "appointments": appointments, "awaiting": awaiting, "nav": "home"}
    )
