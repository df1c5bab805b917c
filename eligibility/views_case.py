"""The assistance package on a case: how it is calculated, what if a fact
changes, and the four-eyes decision. Thin: access in eligibility.access, the
changes in eligibility.actions, the figures in eligibility.case_packages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import EDIT_CASE, can, require
from cases.lifecycle import PRE_DEPARTURE
from core.errors import DomainError
from eligibility import actions
from eligibility.access import (
    DECIDE,
    PROPOSE_DECISION,
    get_decision_for_user,
    get_eligibility_case,
    programmes_for_case,
)
from eligibility.case_facts import facts_for_case
from eligibility.case_packages import case_packages, earlier_aid_warning, what_if, what_if_facts
from eligibility.comparison import changed_facts, compare, component_rows, fact_rows, money
from eligibility.forms import ProposeForm, ReturnDecisionForm, WhatIfForm
from eligibility.models import DecisionStatus
from eligibility.service import evaluate_programme
from people.views import _apply_errors


@login_required
@require_GET
def case_eligibility(request, pk):
    """The packages with their explanation, and the what-if panel. The
    what-if form is a GET form: without JavaScript it reloads this page; with
    htmx only the panel is asked for and swapped."""
    case = get_eligibility_case(request.user, pk)
    programmes = programmes_for_case(case)
    facts = facts_for_case(case)
    packages = case_packages(case, programmes, facts=facts)
    form = WhatIfForm(request.GET if set(request.GET) & set(WhatIfForm.base_fields) else None)
    if not form.is_bound:  # "decide now" against the prefilled date, from the start
        form = WhatIfForm({"on": form.initial["on"].isoformat()})
    comparisons, changed = [], None
    if form.is_valid():
        changed = what_if_facts(case, facts, **form.changes())
        current = {p["programme"].pk: p["result"] for p in packages}
        comparisons = what_if(programmes, facts, changed, current)
    context = {
        "case": case,
        "packages": packages,
        "form": form,
        "comparisons": comparisons,
        "facts": facts,
        "fact_rows": fact_rows(facts.to_json()),
        "what_if_changes": changed_facts(facts.to_json(), changed.to_json()) if changed else [],
        "earlier_aid": earlier_aid_warning(case),
        "can_fix": can(case, EDIT_CASE),
        "can_propose": can(case, PROPOSE_DECISION) and case.status in PRE_DEPARTURE,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "what-if":
        response = render(request, "eligibility/case_what_if.html", context)
    else:
        response = render(request, "eligibility/case_eligibility.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_POST
def decision_propose(request, pk):
    case = get_eligibility_case(request.user, pk, write=True)
    require(case, PROPOSE_DECISION)
    form = ProposeForm(request.POST)
    offered = {p.code: p for p in programmes_for_case(case)}
    programme = offered.get(form.cleaned_data["programme"]) if form.is_valid() else None
    if programme is None:
        messages.error(request, _("Choose one of the programmes shown on this page."))
        return redirect("case-eligibility", pk=case.pk)
    try:
        decision = actions.propose_decision(case, by=request.user, programme=programme)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("case-eligibility", pk=case.pk)
    messages.success(
        request,
        _("The package for %(programme)s is proposed (%(total)s). A team leader must now approve it.")
        % {"programme": programme.name, "total": money(decision.total, decision.currency)},
    )
    return redirect("case-decision", pk=case.pk, decision_pk=decision.pk)


def _decision_page(request, decision, *, return_form=None):
    case = decision.case
    fresh = None
    if decision.status != DecisionStatus.RETURNED and case.status in PRE_DEPARTURE:
        facts = facts_for_case(case)
        comparison = compare(decision.result, evaluate_programme(decision.rule_version.programme, facts))
        if comparison.changed:
            fresh = {"comparison": comparison, "facts": changed_facts(decision.facts, facts.to_json())}
    may_decide = can(case, DECIDE) and decision.status == DecisionStatus.PROPOSED
    context = {
        "case": case,
        "decision": decision,
        "programme": decision.rule_version.programme,
        "fact_rows": fact_rows(decision.facts),
        "components": component_rows(decision.result["components"], decision.currency),
        "discretionary": component_rows(decision.result.get("discretionary", []), decision.currency),
        "total_display": money(decision.total, decision.currency),
        "fresh": fresh,
        "may_decide": may_decide and decision.proposed_by_id != request.user.pk,
        "own_proposal": may_decide and decision.proposed_by_id == request.user.pk,
        "return_form": return_form or ReturnDecisionForm(),
    }
    return render(request, "eligibility/case_decision.html", context)


@login_required
@require_GET
def decision_detail(request, pk, decision_pk):
    decision = get_decision_for_user(request.user, pk, decision_pk)
    return _decision_page(request, decision)


@login_required
@require_POST
def decision_approve(request, pk, decision_pk):
    decision = get_decision_for_user(request.user, pk, decision_pk, write=True)
    require(decision.case, DECIDE)
    try:
        actions.approve_decision(decision, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("case-decision", pk=pk, decision_pk=decision.pk)
    messages.success(request, _("The package is approved."))
    return redirect("case-eligibility", pk=pk)


@login_required
@require_POST
def decision_return(request, pk, decision_pk):
    decision = get_decision_for_user(request.user, pk, decision_pk, write=True)
    require(decision.case, DECIDE)
    form = ReturnDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.return_decision(decision, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if exc.field != "reason":
                messages.error(request, exc.message)
                return redirect("case-decision", pk=pk, decision_pk=decision.pk)
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is sent back to the counsellor."))
            return redirect("case-eligibility", pk=pk)
    return _decision_page(request, decision, return_form=form)
