"""A case's assistance packages as the pages show them: the evaluation of
each programme on the case's facts, what is missing and where to fix it, the
decisions taken, the warnings, and the what-if facts. Reads only; the changes
are in eligibility.actions."""

import datetime
from dataclasses import replace

from django.urls import reverse
from django.utils.translation import gettext as _

from cases.lifecycle import PRE_DEPARTURE, Status
from eligibility.access import programmes_for_case
from eligibility.case_facts import earlier_aid, facts_for_case
from eligibility.comparison import CASE_FACTS, changed_facts, compare, component_rows, fact_label, money
from eligibility.facts import Facts
from eligibility.models import Decision, DecisionStatus
from eligibility.service import evaluate_programme


def _fixes(case, name: str, members) -> list[tuple[str, str]]:
    """(link, text) pairs saying where a missing fact is recorded."""
    if name in CASE_FACTS:
        return [(reverse("case-edit", args=[case.pk]) + f"#id_{name}", _("Change the case details"))]
    if name == "nationality":
        return [(reverse("person-edit", args=[case.principal_id]) + "#id_nationality", case.principal.full_name)]
    if name == "household":
        return [(reverse("case-member-add", args=[case.pk]), _("Add a household member to the case"))]
    if name == "household.age":
        return [
            (reverse("person-edit", args=[m.person_id]) + "#id_date_of_birth", m.person.full_name)
            for m in members()
            if m.person.date_of_birth is None or m.person.dob_precision == "unknown"
        ]
    if name == "holds_travel_document":
        return [(reverse("person-add", args=[m.person_id, "document"]), m.person.full_name) for m in members()]
    if name == "date":
        return [(reverse("case-detail", args=[case.pk]), _("Record the application"))]
    return []


def missing_facts(case, names: list[str]) -> list[dict]:
    cache = []

    def members():
        if not cache:
            cache.extend(case.case_members.select_related("person"))
        return cache

    return [{"name": n, "label": fact_label(n), "fixes": _fixes(case, n, members)} for n in names]


def decisions_by_programme(case) -> dict[int, list[Decision]]:
    found: dict[int, list[Decision]] = {}
    for d in case.eligibility_decisions.select_related("rule_version__programme", "proposed_by", "decided_by"):
        found.setdefault(d.rule_version.programme_id, []).append(d)
    return found


def latest(decisions: list[Decision], status: str) -> Decision | None:
    matching = [d for d in decisions if d.status == status]
    key = (lambda d: d.decided_at) if status == DecisionStatus.APPROVED else (lambda d: d.proposed_at)
    return max(matching, key=key) if matching else None


def why_not_proposable(result: dict) -> str | None:
    """In plain words, why this result cannot be proposed; None when it can."""
    if result["eligible"] is True:
        return None
    if result["eligible"] is None:
        names = ", ".join(fact_label(n) for n in result["missing_facts"]) or _("the date of the application")
        return _("Some facts are missing: %(names)s.") % {"names": names}
    refused = [r.removeprefix("✗ ") for r in result["reasons"] if not r.startswith("✓")]
    return _("The person is not eligible: %(reasons)s") % {"reasons": " ".join(refused)}


def package(case, programme, result: dict, decisions: list[Decision], facts_json: dict) -> dict:
    currency = result["currency"]
    approved = latest(decisions, DecisionStatus.APPROVED)
    since_approval = None
    if approved and case.status in PRE_DEPARTURE:
        comparison = compare(approved.result, result)
        if comparison.changed:
            since_approval = {
                "decision": approved,
                "comparison": comparison,
                "facts": changed_facts(approved.facts, facts_json),
            }
    return {
        "programme": programme,
        "result": result,
        "components": component_rows(result["components"], currency),
        "discretionary": component_rows(result.get("discretionary", []), currency),
        "total_display": money(result["total"], currency),
        "missing": missing_facts(case, result["missing_facts"]),
        "failed_reasons": [r for r in result["reasons"] if r.startswith("✗")],
        "not_proposable": why_not_proposable(result),
        "open_proposal": latest(decisions, DecisionStatus.PROPOSED),
        "approved": approved,
        "since_approval": since_approval,
        "decisions": decisions,
    }


def case_packages(case, programmes, *, facts: Facts | None = None) -> list[dict]:
    """One package per programme, evaluated on the case's facts of today."""
    if not programmes:
        return []
    facts = facts or facts_for_case(case)
    frozen = facts.to_json()
    decisions = decisions_by_programme(case)
    out = []
    for programme in programmes:
        result = evaluate_programme(programme, facts)
        out.append(package(case, programme, result, decisions.get(programme.pk, []), frozen))
    return out


def earlier_aid_warning(case) -> dict | None:
    """Where and when this case's people already received return aid."""
    decision = earlier_aid(case)
    if decision is None:
        return None
    departed = decision.case.transitions.filter(to_status=Status.DEPARTED).order_by("at").first()
    return {
        "decision": decision,
        "office": decision.case.office,
        "departed_at": departed.at if departed else None,
        "programme": decision.rule_version.programme,
        "total_display": money(decision.total, decision.currency),
    }


# --- what if ------------------------------------------------------------------


def what_if_facts(case, current: Facts, *, on: datetime.date | None, **changes) -> Facts:
    """The case's facts with one or more changed. A new date recomputes what
    depends on it (ages, passports still valid); the rest is replaced as given."""
    facts = facts_for_case(case, on=on) if on and on != current.date else current
    changes = {k: v for k, v in changes.items() if v is not None and v != ""}
    return replace(facts, **changes) if changes else facts


def what_if(programmes, current: Facts, changed: Facts, current_results: dict | None = None) -> list[dict]:
    current_results = current_results or {}
    out = []
    for programme in programmes:
        before = current_results.get(programme.pk) or evaluate_programme(programme, current)
        after = evaluate_programme(programme, changed)
        out.append({"programme": programme, "comparison": compare(before, after), "after": after})
    return out


def case_panel(case) -> dict:
    """What the case page shows of the packages: the summary, the warnings."""
    programmes = programmes_for_case(case)
    return {"packages": case_packages(case, programmes), "earlier_aid": earlier_aid_warning(case)}
