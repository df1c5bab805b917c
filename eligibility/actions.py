"""Eligibility decisions on a case, with four eyes: one person proposes the
package (the facts, the rule version and the result are frozen then), a team
leader or agency administrator of the case's office approves it or sends it
back. Each action is one transaction with its audit event; a refusal raises
DomainError with a message fit to show the user."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.access import case_roles
from cases.lifecycle import PRE_DEPARTURE
from cases.models import ReturnCase
from core import audit
from core.errors import DomainError
from eligibility.access import DECIDE, PROPOSE_DECISION, programmes_for_case
from eligibility.case_facts import facts_for_case
from eligibility.case_packages import why_not_proposable
from eligibility.comparison import compare
from eligibility.models import Decision, DecisionStatus, Programme
from eligibility.service import evaluate_programme


def _who(user) -> str:
    return user.get_full_name() or user.username


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def _lock_case(case) -> ReturnCase:
    # Proposals on one case queue up behind this lock: two at once cannot
    # both pass the "one open proposal" check.
    return (
        ReturnCase.objects.select_for_update(of=("self",)).select_related("office__agency", "principal").get(pk=case.pk)
    )


def _open_decision(case, programme: Programme, status: str) -> Decision | None:
    return (
        Decision.objects.filter(case=case, rule_version__programme=programme, status=status)
        .select_related("proposed_by")
        .order_by("-decided_at" if status == DecisionStatus.APPROVED else "-proposed_at")
        .first()
    )


@transaction.atomic
def propose_decision(case, *, by, programme: Programme) -> Decision:
    """Freeze the package computed from the case's facts of today as a proposal."""
    locked = _lock_case(case)
    if not (case_roles(by, locked) & PROPOSE_DECISION):
        raise DomainError(_("Your role does not allow proposing a package on this case."), code="forbidden")
    if locked.status not in PRE_DEPARTURE:
        raise DomainError(
            _("A package can only be proposed before departure; this case is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if programme.pk not in {p.pk for p in programmes_for_case(locked)}:
        raise DomainError(
            _("%(programme)s is not a programme of this case's agency.") % {"programme": programme.name},
            field="programme",
        )
    pending = _open_decision(locked, programme, DecisionStatus.PROPOSED)
    if pending is not None:
        raise DomainError(
            _(
                "A package for %(programme)s is already waiting for approval (proposed by %(who)s on %(when)s). "
                "It must be approved or sent back before a new one is proposed."
            )
            % {"programme": programme.name, "who": _who(pending.proposed_by), "when": _when(pending.proposed_at)}
        )
    facts = facts_for_case(locked)
    result = evaluate_programme(programme, facts)
    why_not = why_not_proposable(result)
    if why_not:
        raise DomainError(_("The package cannot be proposed. %(why)s") % {"why": why_not})
    approved = _open_decision(locked, programme, DecisionStatus.APPROVED)
    if approved is not None and not compare(approved.result, result).changed:
        raise DomainError(
            _("The package approved on %(when)s is still the same: there is nothing new to propose.")
            % {"when": _when(approved.decided_at)}
        )
    decision = Decision.objects.create(
        case=locked,
        rule_version_id=result["rule_version_id"],
        facts=facts.to_json(),
        result=result,
        eligible=True,
        total=Decimal(result["total"]),
        currency=result["currency"],
        status=DecisionStatus.PROPOSED,
        proposed_by=by,
    )
    audit.record(
        by,
        "eligibility.proposed",
        decision,
        case_id=locked.pk,
        changes={
            "programme": [None, programme.code],
            "rule_version": [None, result["rule_version"]],
            "total": [None, f"{result['total']} {result['currency']}"],
            "status": [None, DecisionStatus.PROPOSED],
        },
    )
    return decision


def _lock_for_deciding(decision: Decision, by) -> Decision:
    """The decision, locked, once it is sure `by` may decide on it now."""
    locked = (
        Decision.objects.select_for_update(of=("self",)).select_related("proposed_by", "decided_by").get(pk=decision.pk)
    )
    case = ReturnCase.objects.select_related("office").get(pk=locked.case_id)
    locked.case = case
    if not (case_roles(by, case) & DECIDE):
        raise DomainError(
            _("Only a team leader or an agency administrator of the case's office can approve or send back a package."),
            code="forbidden",
        )
    if locked.status == DecisionStatus.APPROVED:
        raise DomainError(
            _("This package was already approved by %(who)s on %(when)s.")
            % {"who": _who(locked.decided_by), "when": _when(locked.decided_at)}
        )
    if locked.status == DecisionStatus.RETURNED:
        raise DomainError(
            _("This proposal was already sent back by %(who)s on %(when)s.")
            % {"who": _who(locked.decided_by), "when": _when(locked.decided_at)}
        )
    if locked.proposed_by_id == by.pk:
        raise DomainError(
            _("You proposed this package, so someone else must approve it or send it back (four eyes)."),
            code="forbidden",
        )
    if case.status not in PRE_DEPARTURE:
        raise DomainError(
            _("The case is “%(status)s”: a package is decided before departure only.")
            % {"status": case.get_status_display()}
        )
    return locked


@transaction.atomic
def approve_decision(decision: Decision, *, by) -> Decision:
    locked = _lock_for_deciding(decision, by)
    locked.status = DecisionStatus.APPROVED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        by,
        "eligibility.approved",
        locked,
        case_id=locked.case_id,
        changes={"status": [DecisionStatus.PROPOSED, DecisionStatus.APPROVED]},
    )
    return locked


@transaction.atomic
def return_decision(decision: Decision, *, by, reason: str) -> Decision:
    """Send a proposal back to the counsellor, saying why."""
    reason = (reason or "").strip()
    locked = _lock_for_deciding(decision, by)
    if not reason:
        raise DomainError(_("Say why the proposal is sent back."), field="reason")
    locked.status = DecisionStatus.RETURNED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        by,
        "eligibility.returned",
        locked,
        case_id=locked.case_id,
        changes={"status": [DecisionStatus.PROPOSED, DecisionStatus.RETURNED], "reason": [None, reason]},
    )
    return locked
