"""Referrals to partners, the partner's inbox, the partner's minimised view of
a case and the case's messages. Thin: rules in reintegration.actions_referrals,
who may do what in reintegration.access_referrals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import get_case_for_user
from cases.models import Referral, ReferralStatus
from core.errors import DomainError
from eligibility.comparison import FORMS, PAID, money
from eligibility.models import DecisionStatus
from organisations.access import memberships_of
from organisations.models import Role
from people.models import Vulnerability
from reintegration import actions_referrals as actions
from reintegration.access_referrals import (
    PARTNER_VULNERABILITIES,
    can_refer,
    case_referrals,
    get_case_for_messages,
    is_addressee,
    message_side,
    partner_only,
    referrals_for_partner,
)
from reintegration.forms_referrals import CompleteForm, MessageForm, ReasonForm, ReferralForm, apply_domain_error
from reintegration.models import Message

# The partner's view of a case ----------------------------------------------


def return_date(case):
    """The day the person left: the departure day recorded as departed, else
    the local departure day of the confirmed booking; None when unknown."""
    from travel.models import DepartureOutcome
    from travel.readiness import confirmed_booking

    outcome = DepartureOutcome.objects.filter(case=case, outcome="departed").order_by("-date", "-pk").first()
    if outcome is not None:
        return outcome.date
    booking = confirmed_booking(case)
    first = booking.first_segment if booking else None
    return first.local_departure.date() if first else None


def approved_packages(case) -> list[dict]:
    """The approved packages, as a partner sees them: programme, total and
    components (label, amount, form, when paid); never the facts."""
    packages = []
    decisions = case.eligibility_decisions.filter(status=DecisionStatus.APPROVED).select_related(
        "rule_version__programme"
    )
    for d in decisions.order_by("decided_at", "pk"):
        components = [
            {
                "label": c.get("label", ""),
                "amount": money(c.get("amount"), d.currency),
                "form": str(FORMS.get(c.get("form"), c.get("form") or "")),
                "paid": str(PAID.get(c.get("paid"), c.get("paid") or "")),
            }
            for c in (d.result or {}).get("components", [])
        ]
        packages.append(
            {
                "programme": d.rule_version.programme.name,
                "total": money(d.total, d.currency),
                "components": components,
                "decided_at": d.decided_at,
            }
        )
    return packages


def partner_members(case, members) -> list:
    """The case members with the vulnerabilities a partner may see."""
    shown = {}
    for v in Vulnerability.objects.filter(
        person__in=[m.person_id for m in members], kind__in=PARTNER_VULNERABILITIES
    ).order_by("pk"):
        shown.setdefault(v.person_id, []).append(v)
    for m in members:
        m.partner_vulnerabilities = shown.get(m.person_id, [])
    return members


def partner_timeline(notes) -> list[dict]:
    """What the timeline shows a partner: their organisation's notes only
    (no status history, consents, interviews or journey)."""
    return [
        {
            "at": n.created_at,
            "kind": "note",
            "by": n.author,
            "note": n,
            "title": _("Note (%(visibility)s)") % {"visibility": n.get_visibility_display()},
            "body": n.body,
        }
        for n in sorted(notes, key=lambda n: n.created_at, reverse=True)
    ]


def _with_actions(user, case, referrals, *, refer: bool):
    for r in referrals:
        addressee = is_addressee(user, r)
        r.may_accept = addressee and r.status == ReferralStatus.PENDING
        r.may_decline = r.may_accept
        r.may_complete = addressee and r.status == ReferralStatus.ACCEPTED
        r.may_withdraw = refer and r.status in Referral.LIVE
    return referrals


def case_panel(user, case, members) -> dict:
    """The context of the Partner panel of the case page (one key there)."""
    refer = can_refer(user, case)
    referrals = _with_actions(user, case, list(case_referrals(user, case).order_by("-created_at", "-pk")), refer=refer)
    partner = partner_only(case.user_roles)
    panel = {
        "referrals": referrals,
        "can_refer": refer and case.is_open,
        "partner": partner,
        "message_count": Message.objects.filter(case=case).count(),
    }
    if partner:
        panel["return_date"] = return_date(case)
        panel["packages"] = approved_packages(case)
        panel["members"] = partner_members(case, members)
    return panel


# Referring -------------------------------------------------------------------


def _sending_case(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    if not can_refer(request.user, case):
        raise PermissionDenied
    return case


@login_required
def referral_create(request, pk):
    case = _sending_case(request, pk)
    agencies, offices = actions.partner_choices(case)
    form = ReferralForm(request.POST or None, agencies=agencies, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.refer_case(case, by=request.user, **form.action_kwargs())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The case is referred to %(partner)s.") % {"partner": referral.partner.name})
            return redirect(reverse("case-detail", args=[case.pk]) + "#partner")
    return render(
        request,
        "reintegration/referral_form.html",
        {"case": case, "form": form, "title": _("Refer the case to a partner"), "nav": "cases"},
    )


def _referral(request, pk, referral_pk):
    """The referral and its case, for a user who may see the case (a partner:
    a live referral addressed to them)."""
    case = get_case_for_user(request.user, pk)
    referrals = case_referrals(request.user, case).select_related("case__office", "case__principal")
    referral = referrals.filter(pk=referral_pk).first()
    if referral is None:
        raise Http404
    return case, referral


def _decision_view(request, pk, referral_pk, *, kind):
    case, referral = _referral(request, pk, referral_pk)
    if kind == "withdraw":
        if not can_refer(request.user, case):
            raise PermissionDenied
        form_class, title = ReasonForm, _("Withdraw the referral")
    elif not is_addressee(request.user, referral):
        raise PermissionDenied
    elif kind == "decline":
        form_class, title = ReasonForm, _("Decline the referral")
    else:
        form_class, title = CompleteForm, _("Complete the referral")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = {
            "withdraw": actions.withdraw_referral,
            "decline": actions.decline_referral,
            "complete": actions.complete_referral,
        }[kind]
        try:
            if kind == "complete":
                action(referral, by=request.user, note=form.cleaned_data["reason"])
            else:
                action(referral, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The referral is now “%(status)s”.") % {"status": _status_label(kind)})
            if kind == "withdraw":
                return redirect(reverse("case-detail", args=[case.pk]) + "#partner")
            # A declined or completed referral no longer opens the case page
            # to the partner (its messages stay readable): back to the inbox.
            return redirect("referrals-inbox")
    return render(
        request,
        "reintegration/referral_form.html",
        {"case": case, "form": form, "title": title, "referral": referral, "nav": "cases"},
    )


def _status_label(kind: str) -> str:
    return str(
        dict(ReferralStatus.choices)[
            {"withdraw": ReferralStatus.WITHDRAWN, "decline": ReferralStatus.DECLINED}.get(
                kind, ReferralStatus.COMPLETED
            )
        ]
    )


@login_required
def referral_decline(request, pk, referral_pk):
    return _decision_view(request, pk, referral_pk, kind="decline")


@login_required
def referral_complete(request, pk, referral_pk):
    return _decision_view(request, pk, referral_pk, kind="complete")


@login_required
def referral_withdraw(request, pk, referral_pk):
    return _decision_view(request, pk, referral_pk, kind="withdraw")


@login_required
@require_POST
def referral_accept(request, pk, referral_pk):
    case, referral = _referral(request, pk, referral_pk)
    if not is_addressee(request.user, referral):
        raise PermissionDenied
    try:
        actions.accept_referral(referral, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You accepted the referral of case %(number)s.") % {"number": case.number})
    if request.POST.get("next") == "inbox":
        return redirect("referrals-inbox")
    return redirect(reverse("case-detail", args=[case.pk]) + "#partner")


# The partner's inbox --------------------------------------------------------------


@login_required
def referrals_inbox(request):
    """The referrals addressed to a partner caseworker: pending first."""
    if not any(m.role == Role.PARTNER_CASEWORKER for m in memberships_of(request.user)):
        raise PermissionDenied
    order = Case(
        When(status=ReferralStatus.PENDING, then=Value(0)),
        When(status=ReferralStatus.ACCEPTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    referrals = list(
        referrals_for_partner(request.user)
        .select_related("case", "case__office", "case__principal", "partner", "partner_office")
        .annotate(rank=order)
        .order_by("rank", "-created_at", "-pk")[:200]
    )
    for r in referrals:
        r.may_accept = r.status == ReferralStatus.PENDING
        r.live = r.status in Referral.LIVE
        r.has_messages = r.status in {*Referral.LIVE, ReferralStatus.COMPLETED}
    return render(
        request,
        "reintegration/referral_inbox.html",
        {
            "pending": [r for r in referrals if r.status == ReferralStatus.PENDING],
            "others": [r for r in referrals if r.status != ReferralStatus.PENDING],
            "nav": "cases",
        },
    )


# Messages ----------------------------------------------------------------------


@login_required
def case_messages(request, pk):
    case = get_case_for_messages(request.user, pk)
    sending = message_side(request.user, case) == "sending"
    form = MessageForm(request.POST or None, partners=actions.message_partners(case) if sending else ())
    if request.method == "POST":
        if not case.may_post:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.post_message(
                    case, by=request.user, body=form.cleaned_data["body"], partner=form.chosen_partner()
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Your message is sent."))
                return redirect("case-messages", pk=case.pk)
    thread = actions.visible_messages(request.user, case)
    return render(
        request,
        "reintegration/message_list.html",
        {
            "case": case,
            "thread": thread,
            "form": form if case.may_post else None,
            "sees_case": _sees_case(request.user, case),
            "nav": "cases",
        },
    )


def _sees_case(user, case) -> bool:
    try:
        get_case_for_user(user, case.pk)
    except Http404:
        return False
    return True


# The partner's view of a person ---------------------------------------------------


def partner_person_context(person, cases) -> dict:
    """What a partner caseworker sees on a person's page: identity, contact,
    languages (to talk with them), the documents they hold without their
    numbers, the vulnerabilities reintegration plans for, the household and
    the cases referred to the partner."""
    from people.models import Household

    household = Household.objects.filter(principal=person).first()
    return {
        "person": person,
        "cases": cases,
        "documents": person.documents.order_by("doc_type", "pk"),
        "vulnerabilities": person.vulnerabilities.filter(kind__in=PARTNER_VULNERABILITIES).order_by("pk"),
        "household_members": household.members.select_related("person") if household else [],
    }
