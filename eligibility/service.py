"""Choosing the rule version in force and evaluating facts with it; the one
entry point for the case page, the API and simulations."""

from django.utils.translation import gettext as _

from eligibility.engine import evaluate
from eligibility.facts import Facts
from eligibility.models import Programme, RuleVersion, VersionStatus
from organisations.access import memberships_of


def version_in_force(programme: Programme, date, *, status: str = VersionStatus.PUBLISHED) -> RuleVersion | None:
    versions = programme.versions.filter(status=status, valid_from__lte=date)
    return versions.exclude(valid_to__lt=date).order_by("-valid_from").first()


def programmes_for(user) -> list[Programme]:
    """The programmes the user's agencies run."""
    agencies = {m.office.agency.code for m in memberships_of(user)}
    return [p for p in Programme.objects.all() if any(p.is_run_by(a) for a in agencies)]


def evaluate_with(version: RuleVersion, facts: Facts) -> dict:
    result = evaluate(version.content, facts)
    result["rule_version_id"] = version.pk
    return result


def evaluate_programme(programme: Programme, facts: Facts) -> dict:
    if facts.date is None:
        return _unknown(programme, ["date"])
    version = version_in_force(programme, facts.date)
    if version is None:
        return {
            **_unknown(programme, []),
            "eligible": False,
            "reasons": [_("No rules of %(p)s are in force on %(d)s.") % {"p": programme.code, "d": facts.date}],
        }
    return evaluate_with(version, facts)


def _unknown(programme: Programme, missing: list[str]) -> dict:
    return {
        "programme": programme.code,
        "rule_version": None,
        "rule_version_id": None,
        "eligible": None,
        "reasons": [_("Missing facts: %(names)s.") % {"names": ", ".join(missing)}] if missing else [],
        "missing_facts": missing,
        "components": [],
        "total": "0.00",
        "currency": "EUR",
        "explanation": [],
        "unverified": False,
        "discretionary": [],
    }
