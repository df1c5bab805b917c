from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import get_case_for_user
from core.errors import DomainError
from tasks import actions
from tasks.access import (
    get_task_for_user,
    may_create_in,
    offices_for_new_task,
    overseen_tasks,
    today_for,
    visible_tasks,
)
from tasks.forms import TaskForm


def _list_related(tasks):
    return tasks.select_related("case", "case__principal", "office", "assignee")


@login_required
def my_tasks(request):
    tasks = _list_related(
        visible_tasks(request.user).filter(assignee=request.user, done_at__isnull=True).order_by("due", "pk")
    )
    done = _list_related(
        visible_tasks(request.user).filter(assignee=request.user, done_at__isnull=False).order_by("-done_at")
    )[:10]
    context = {
        "tasks": tasks,
        "done": done,
        "today": today_for(request.user),
        "can_create": bool(offices_for_new_task(request.user)),
        "can_oversee": overseen_tasks(request.user) is not None,
        "nav": "tasks",
    }
    return render(request, "tasks/my_tasks.html", context)


@login_required
def office_overdue(request):
    overseen = overseen_tasks(request.user)
    if overseen is None:
        raise PermissionDenied
    today = today_for(request.user)
    tasks = _list_related(overseen.filter(done_at__isnull=True, due__lt=today).order_by("due", "office__name", "pk"))
    return render(request, "tasks/office_overdue.html", {"tasks": tasks, "today": today, "nav": "tasks"})


@login_required
def task_create(request):
    case = None
    case_pk = request.GET.get("case")
    if case_pk:
        case = get_case_for_user(request.user, case_pk, write=True)
        office = case.office
        if not may_create_in(request.user, office):
            raise PermissionDenied
    else:
        offices = offices_for_new_task(request.user)
        if not offices:
            raise PermissionDenied
        office = offices[0]
    form = TaskForm(request.POST or None, staff=actions.assignable_staff(office))
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_task(by=request.user, office=office, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The task is saved."))
            return redirect("case-detail", pk=case.pk) if case else redirect("my-tasks")
    return render(request, "tasks/task_form.html", {"form": form, "case": case, "office": office, "nav": "tasks"})


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("my-tasks")


@login_required
@require_POST
def task_done(request, pk):
    task = get_task_for_user(request.user, pk, write=True)
    try:
        actions.complete_task(task, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The task is marked as done."))
    return _back(request)


@login_required
@require_POST
def task_reopen(request, pk):
    task = get_task_for_user(request.user, pk, write=True)
    try:
        actions.reopen_task(task, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The task is open again."))
    return _back(request)
