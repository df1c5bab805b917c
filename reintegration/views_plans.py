"""The reintegration plan page of a case (versions, objectives, budget lines,
approval, purchases in kind) and the partners' rate table. Thin: the rules
are in reintegration.actions_plans, who may do what in access_plans."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import can, get_case_for_user, require
from cases.lifecycle import Status
from core import audit
from core.errors import DomainError
from eligibility.comparison import money
from reintegration import actions_plans as actions
from reintegration import actions_purchases as purchases
from reintegration.access_plans import (
    APPROVE_PLAN,
    PC,
    SEE_PLAN,
    may_see_rates,
    partner_referral,
    rate_agencies_readable,
    rate_agencies_writable,
)
from reintegration.forms_plans import (
    DecisionForm,
    DisbursementForm,
    LineForm,
    ObjectiveForm,
    RateForm,
    StartPlanForm,
    SummaryForm,
    apply_domain_error,
)
from reintegration.models import BudgetLine, Disbursement, ExchangeRate, Objective, Plan, PlanStatus

# Loading ---------------------------------------------------------------------------


def _case(request, pk, *, write=False):
    case = get_case_for_user(request.user, pk, write=write)
    require(case, SEE_PLAN)
    return case


def _writer(request, pk):
    """The case, for a partner caseworker working through an accepted referral."""
    case = _case(request, pk, write=True)
    if PC not in case.user_roles or partner_referral(request.user, case) is None:
        raise PermissionDenied
    return case


def _approver(request, pk):
    case = _case(request, pk, write=True)
    require(case, APPROVE_PLAN)
    return case


def _plan_of(case, plan_pk) -> Plan:
    plan = case.reintegration_plans.select_related("referral__partner", "case__office").filter(pk=plan_pk).first()
    if plan is None:
        raise Http404
    return plan


def _back(case, anchor: str = ""):
    return redirect(reverse("case-plan", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


def _refused(request, case, exc, anchor=""):
    if exc.code == "forbidden":
        raise PermissionDenied
    messages.error(request, exc.message)
    return _back(case, anchor)


# Page ----------------------------------------------------------------------------------------


def _figures(case, plan: Plan, today) -> None:
    """The version's euro figures: its lines, total, ceiling and what is left."""
    lines = list(plan.lines.all())
    plan.line_rows = lines
    plan.total_eur, plan.missing_rates = actions.value_lines(plan, lines)
    if plan.status in {PlanStatus.DRAFT, PlanStatus.RETURNED}:
        ceiling = actions.ceiling_for(case, actions.plan_agency(plan), today)
        plan.ceiling_eur = ceiling.total
        plan.ceiling_parts = ceiling.parts
        plan.ceiling_missing = ceiling.missing
    else:
        plan.ceiling_eur = plan.ceiling
        plan.ceiling_parts = None
        plan.ceiling_missing = []
    plan.room = (
        plan.ceiling_eur - plan.total_eur if plan.ceiling_eur is not None and plan.total_eur is not None else None
    )
    plan.over = plan.room is not None and plan.room < 0
    plan.valued_on = actions.valuation_date(plan)


def _page(request, case, *, forms=None, status=200):
    forms = forms or {}
    today = timezone.localdate()
    plans = list(
        case.reintegration_plans.select_related("drafted_by", "decided_by", "referral__partner")
        .prefetch_related("objectives", "lines")
        .order_by("-version")
    )
    in_force = next((p for p in plans if p.status == PlanStatus.APPROVED), None)
    working = next((p for p in plans if p.status in actions.OPEN_PLAN), None)
    for plan in (in_force, working):
        if plan is not None:
            _figures(case, plan, today)
    referral = partner_referral(request.user, case) if PC in case.user_roles else None
    in_progress = case.status in actions.WORKING_STATUSES
    may = {
        "draft": referral is not None and in_progress,
        "decide": can(case, APPROVE_PLAN) and working is not None and working.status == PlanStatus.SUBMITTED,
        "disburse": referral is not None and in_progress and in_force is not None,
    }
    may["edit"] = may["draft"] and working is not None and working.status in actions.EDITABLE_PLAN
    may["start"] = may["draft"] and working is None
    if may["decide"] and working.drafted_by_id == request.user.pk:
        may["decide"] = False
        may["own_draft"] = True
    spent = purchases.consumption(case, in_force)
    arrival = actions.arrival_date(case)
    for d in spent["disbursements"]:
        d.warning = purchases.window_warning(arrival, d.on, d.line.category if d.line_id else None)
    lock = {"lock_version": working.lock_version} if working else {}
    if working is not None and may["edit"]:
        for o in working.objectives.all():
            o.edit_url = reverse("plan-objective-edit", args=[case.pk, working.pk, o.pk])
        for line in working.line_rows:
            line.edit_url = reverse("plan-line-edit", args=[case.pk, working.pk, line.pk])
    context = {
        "case": case,
        "plans": plans,
        "in_force": in_force,
        "working": working,
        "spent": spent,
        "arrival": arrival,
        "window_end": actions.add_months(arrival, actions.WINDOW_MONTHS) if arrival else None,
        "medical_end": actions.add_months(arrival, actions.MEDICAL_WINDOW_MONTHS) if arrival else None,
        "may": may,
        "referral": referral,
        "start_form": forms.get("start") or StartPlanForm(prefix="start"),
        "summary_form": forms.get("summary")
        or SummaryForm(prefix="summary", initial={**lock, "summary": working.summary if working else ""}),
        "objective_form": forms.get("objective") or ObjectiveForm(prefix="objective", initial=lock),
        "line_form": forms.get("line") or LineForm(prefix="line", initial={**lock, "currency": "EUR"}),
        "decision_form": forms.get("decision") or DecisionForm(prefix="decision", initial=lock),
        "disbursement_form": forms.get("disbursement")
        or DisbursementForm(prefix="disbursement", lines=in_force.line_rows if in_force else []),
        "nav": "cases",
    }
    return render(request, "reintegration/plan_page.html", context, status=status)


@login_required
@require_GET
def case_plan(request, pk):
    return _page(request, _case(request, pk))


# Versions ------------------------------------------------------------------------------------


@login_required
@require_POST
def plan_start(request, pk):
    case = _writer(request, pk)
    form = StartPlanForm(request.POST, prefix="start")
    if form.is_valid():
        try:
            plan = actions.start_plan(case, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            return _refused(request, case, exc)
        messages.success(request, _("Version %(version)s of the plan is started.") % {"version": plan.version})
        return _back(case, "working")
    return _page(request, case, forms={"start": form})


@login_required
@require_POST
def plan_summary(request, pk, plan_pk):
    case = _writer(request, pk)
    plan = _plan_of(case, plan_pk)
    form = SummaryForm(request.POST, prefix="summary")
    if form.is_valid():
        try:
            actions.update_summary(plan, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            if exc.field is None:
                return _refused(request, case, exc, "working")
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The summary is saved."))
            return _back(case, "working")
    return _page(request, case, forms={"summary": form})


def _item_page(request, case, plan, form, title, action_url):
    return render(
        request,
        "reintegration/plan_item_form.html",
        {"case": case, "plan": plan, "form": form, "title": title, "action_url": action_url, "nav": "cases"},
    )


def _add(request, pk, plan_pk, *, kind, form_class, action, done):
    case = _writer(request, pk)
    plan = _plan_of(case, plan_pk)
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        try:
            action(plan, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            if exc.field is None:
                return _refused(request, case, exc, "working")
            apply_domain_error(form, exc)
        else:
            messages.success(request, done)
            return _back(case, "working")
    return _page(request, case, forms={kind: form})


def _edit(request, pk, plan_pk, item_pk, *, model, form_class, fields, action, title, url_name, done):
    case = _case(request, pk, write=request.method == "POST")
    if PC not in case.user_roles or partner_referral(request.user, case) is None:
        raise PermissionDenied
    plan = _plan_of(case, plan_pk)
    item = model.objects.filter(plan=plan, pk=item_pk).first()
    if item is None:
        raise Http404
    if plan.status not in actions.EDITABLE_PLAN:
        messages.error(request, _("This version can no longer be changed."))
        return _back(case, "working")
    initial = {f: getattr(item, f) for f in fields}
    form = form_class(request.POST or None, initial={**initial, "lock_version": plan.lock_version})
    if request.method == "POST" and form.is_valid():
        try:
            action(item, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            if exc.field is None:
                return _refused(request, case, exc, "working")
            apply_domain_error(form, exc)
        else:
            messages.success(request, done)
            return _back(case, "working")
    return _item_page(request, case, plan, form, title, reverse(url_name, args=[case.pk, plan.pk, item.pk]))


def _delete(request, pk, plan_pk, item_pk, *, model, action, done):
    case = _writer(request, pk)
    plan = _plan_of(case, plan_pk)
    item = model.objects.filter(plan=plan, pk=item_pk).first()
    if item is None:
        raise Http404
    try:
        version = int(request.POST.get("lock_version", ""))
    except ValueError:
        version = None
    try:
        action(item, by=request.user, expected_version=version)
    except DomainError as exc:
        return _refused(request, case, exc, "working")
    messages.success(request, done)
    return _back(case, "working")


@login_required
@require_POST
def objective_add(request, pk, plan_pk):
    return _add(
        request,
        pk,
        plan_pk,
        kind="objective",
        form_class=ObjectiveForm,
        action=actions.add_objective,
        done=_("The objective is added."),
    )


@login_required
def objective_edit(request, pk, plan_pk, item_pk):
    return _edit(
        request,
        pk,
        plan_pk,
        item_pk,
        model=Objective,
        form_class=ObjectiveForm,
        fields=actions.OBJECTIVE_FIELDS,
        action=actions.update_objective,
        title=_("Change an objective"),
        url_name="plan-objective-edit",
        done=_("The objective is changed."),
    )


@login_required
@require_POST
def objective_delete(request, pk, plan_pk, item_pk):
    return _delete(
        request,
        pk,
        plan_pk,
        item_pk,
        model=Objective,
        action=actions.delete_objective,
        done=_("The objective is removed."),
    )


@login_required
@require_POST
def line_add(request, pk, plan_pk):
    return _add(
        request,
        pk,
        plan_pk,
        kind="line",
        form_class=LineForm,
        action=actions.add_line,
        done=_("The budget line is added."),
    )


@login_required
def line_edit(request, pk, plan_pk, item_pk):
    return _edit(
        request,
        pk,
        plan_pk,
        item_pk,
        model=BudgetLine,
        form_class=LineForm,
        fields=actions.LINE_FIELDS,
        action=actions.update_line,
        title=_("Change a budget line"),
        url_name="plan-line-edit",
        done=_("The budget line is changed."),
    )


@login_required
@require_POST
def line_delete(request, pk, plan_pk, item_pk):
    return _delete(
        request,
        pk,
        plan_pk,
        item_pk,
        model=BudgetLine,
        action=actions.delete_line,
        done=_("The budget line is removed."),
    )


@login_required
@require_POST
def plan_submit(request, pk, plan_pk):
    case = _writer(request, pk)
    plan = _plan_of(case, plan_pk)
    form = DecisionForm(request.POST, prefix="decision")
    form.is_valid()
    try:
        plan = actions.submit_plan(plan, by=request.user, expected_version=form.cleaned_data.get("lock_version"))
    except DomainError as exc:
        return _refused(request, case, exc, "working")
    messages.success(
        request, _("Version %(version)s is sent to the sending office for approval.") % {"version": plan.version}
    )
    return _back(case, "working")


@login_required
@require_POST
def plan_approve(request, pk, plan_pk):
    case = _approver(request, pk)
    plan = _plan_of(case, plan_pk)
    form = DecisionForm(request.POST, prefix="decision")
    form.is_valid()
    try:
        plan = actions.approve_plan(plan, by=request.user, expected_version=form.cleaned_data.get("lock_version"))
    except DomainError as exc:
        return _refused(request, case, exc, "working")
    messages.success(request, _("Version %(version)s of the plan is approved.") % {"version": plan.version})
    return _back(case, "in-force")


@login_required
@require_POST
def plan_return(request, pk, plan_pk):
    case = _approver(request, pk)
    plan = _plan_of(case, plan_pk)
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            plan = actions.return_plan(plan, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            if exc.field is None:
                return _refused(request, case, exc, "working")
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Version %(version)s is sent back to the partner.") % {"version": plan.version})
            return _back(case, "working")
    return _page(request, case, forms={"decision": form})


# Purchases ----------------------------------------------------------------------------------


@login_required
@require_POST
def disbursement_create(request, pk):
    case = _writer(request, pk)
    in_force = actions.version_in_force(case)
    lines = list(in_force.lines.all()) if in_force else []
    form = DisbursementForm(request.POST, request.FILES, prefix="disbursement", lines=lines)
    if form.is_valid():
        try:
            d = purchases.record_disbursement(case, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            if exc.field is None:
                return _refused(request, case, exc, "purchases")
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The purchase is recorded: %(amount)s, %(eur)s.")
                % {"amount": money(d.amount, d.currency), "eur": money(d.amount_eur, "EUR")},
            )
            for warning in d.warnings:
                messages.warning(request, warning)
            return _back(case, "purchases")
    return _page(request, case, forms={"disbursement": form})


@login_required
@require_GET
def disbursement_proof(request, pk, item_pk):
    case = _case(request, pk)
    d = Disbursement.objects.filter(plan__case=case, pk=item_pk).select_related("proof").first()
    if d is None or d.proof is None:
        raise Http404
    path = Path(settings.ATTACHMENTS_ROOT) / d.proof.stored_name
    if not path.exists():
        raise Http404
    audit.record_access(request.user, "disbursement.proof_downloaded", d.proof, case_id=case.pk)
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=d.proof.original_name, content_type=d.proof.content_type
    )


# Exchange rates ------------------------------------------------------------------------------


@login_required
def exchange_rates(request):
    if not may_see_rates(request.user):
        raise PermissionDenied
    writable = rate_agencies_writable(request.user)
    if request.method == "POST" and not writable:
        raise PermissionDenied
    form = RateForm(request.POST or None, agencies=writable, prefix="rate")
    if request.method == "POST" and form.is_valid():
        try:
            rate = purchases.set_rate(by=request.user, **form.action_kwargs())
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from None
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Rate saved: 1 %(currency)s = %(rate)s EUR on %(date)s.")
                % {"currency": rate.currency, "rate": rate.euros_per_unit.normalize(), "date": rate.on.isoformat()},
            )
            return redirect("exchange-rates")
    agencies = rate_agencies_readable(request.user)
    currency = (request.GET.get("currency") or "").strip().upper()[:3]
    rates = ExchangeRate.objects.filter(agency__in=agencies).select_related("agency", "entered_by")
    if currency:
        rates = rates.filter(currency=currency)
    rates = rates.order_by("agency__name", "currency", "-on")[:500]
    return render(
        request,
        "reintegration/rate_table.html",
        {"form": form, "writable": writable, "agencies": agencies, "rates": rates, "currency": currency},
    )


# The case page -------------------------------------------------------------------------------

PANEL_STATUSES = {Status.DEPARTED, Status.REINTEGRATION, Status.MONITORING, Status.CLOSED}


def case_panel(case) -> dict | None:
    """The plan line on the case page: one query, for those who see the plan,
    once the person has left."""
    if not can(case, SEE_PLAN) or case.status not in PANEL_STATUSES:
        return None
    plans = list(
        case.reintegration_plans.filter(status__in=[PlanStatus.APPROVED, *actions.OPEN_PLAN]).order_by("-version")
    )
    return {
        "in_force": next((p for p in plans if p.status == PlanStatus.APPROVED), None),
        "working": next((p for p in plans if p.status in actions.OPEN_PLAN), None),
    }
