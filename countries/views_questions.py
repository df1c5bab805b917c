"""Questions to the country: asked on a case, answered by the recipient
office, back on the case. Thin: rules in countries.actions, who may see and
do what in countries.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.access import get_case_for_user
from core.errors import DomainError, StaleEdit
from countries import access, actions
from countries.forms import AnswerForm, QuestionForm, apply_domain_error
from countries.models import QuestionStatus


def entry_of(question):
    """The question's knowledge base entry, or None."""
    try:
        return question.knowledge_entry
    except ObjectDoesNotExist:
        return None


@login_required
def case_questions(request, pk):
    """The case's questions and their answers; the form to ask one."""
    case = get_case_for_user(request.user, pk)
    may_ask = access.may_ask(request.user, case) and not case.user_roles <= access.READ_ONLY_ROLES
    offices = list(access.recipient_offices(case)) if may_ask else []
    for office in offices:
        office.has_case = actions.office_sees_case(office, case)
    form = QuestionForm(request.POST or None, offices=offices)
    if request.method == "POST":
        if not may_ask:
            raise PermissionDenied
        if form.is_valid():
            try:
                question = actions.ask_question(case, by=request.user, **form.action_kwargs())
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request, _("The question is sent to %(office)s.") % {"office": question.to_office.name}
                )
                return redirect(reverse("case-country-questions", args=[case.pk]) + f"#q{question.pk}")
    questions = list(access.case_questions(request.user, case).select_related("knowledge_entry"))
    for q in questions:
        q.entry = entry_of(q)
        q.may_withdraw = q.entry is not None and access.may_withdraw(request.user, q.entry)
    return render(
        request,
        "countries/case_questions.html",
        {
            "case": case,
            "questions": questions,
            "form": form,
            "may_ask": may_ask,
            "offices": offices,
            "nav": "cases",
        },
    )


@login_required
def inbox(request):
    """Questions to the offices the user works in or covers, open first;
    and those asked from their offices."""
    access.require_staff(request.user)
    received = list(
        access.received_questions(request.user)
        .select_related("to_office", "asked_from", "asked_from__agency", "asked_by")
        .order_by("-status", "-asked_at")[:200]  # "open" sorts after "answered": open first
    )
    asked = list(
        access.asked_questions(request.user)
        .select_related("case", "to_office", "to_office__agency", "asked_by")
        .order_by("-asked_at")[:100]
    )
    return render(
        request,
        "countries/question_inbox.html",
        {
            "received": received,
            "asked": asked,
            "open_count": sum(1 for q in received if q.status == QuestionStatus.OPEN),
            "nav": "countries",
        },
    )


@login_required
def question_detail(request, pk):
    """One question, for the recipient office (to answer) or the sending
    office. The case is shown only to whoever may read it."""
    question = access.get_question_for_user(request.user, pk)
    may_answer = question.status == QuestionStatus.OPEN and access.may_answer(request.user, question)
    form = AnswerForm(request.POST or None, initial={"version": question.version})
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.answer_question(
                    question,
                    by=request.user,
                    answer=form.cleaned_data["answer"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleEdit as exc:
                form.add_error(None, str(exc.message))
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("The answer is sent back to the asker."))
                return redirect("country-question", pk=question.pk)
    return render(
        request,
        "countries/question_detail.html",
        {"question": question, "form": form, "may_answer": may_answer, "nav": "countries"},
    )
