from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import RECORD_INTERVIEW, get_case_for_user, require
from core.errors import DomainError
from counselling import actions
from counselling.forms import InterviewForm
from people.views import _apply_errors


@login_required
def interview_form(request, pk, interview_pk=None):
    """Record a new interview on a case, or correct one already recorded."""
    case = get_case_for_user(request.user, pk, write=True)
    require(case, RECORD_INTERVIEW)
    interview = None
    if interview_pk is not None:
        interview = case.interviews.filter(pk=interview_pk).first()
        if interview is None:
            raise Http404
        initial = {f: getattr(interview, f) for f in InterviewForm.base_fields}
        for f in ("held_at", "next_appointment"):
            if initial[f]:
                initial[f] = timezone.localtime(initial[f])
    else:
        language = case.principal.languages.values_list("language", flat=True).first()
        initial = {
            "held_at": timezone.localtime().replace(second=0, microsecond=0),
            "language": language or case.office.default_language,
            "location": case.office.name,
        }
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if interview is None:
                actions.record_interview(case, by=request.user, **form.cleaned_data)
            else:
                actions.update_interview(interview, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The interview is recorded."))
            return redirect("case-detail", pk=case.pk)
    title = _("Record an interview") if interview is None else _("Correct the interview")
    return render(request, "cases/case_subform.html", {"case": case, "form": form, "title": title})
