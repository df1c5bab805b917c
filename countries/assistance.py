"""The assistance available for returning to a country, computed from the
rule versions in force (eligibility.service), never typed in by hand.

Each programme is evaluated for two example households who are nationals of
the country and return there: a single adult, and a family (two adults and
two children). The facts that the rules read and that vary from person to
person are set to one stated, typical situation (SCENARIO_FACTS), shown on
the card so that nobody reads the figures as a promise for a given person."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eligibility.comparison import FORMS, PAID, money
from eligibility.facts import Facts, Member
from eligibility.models import Programme
from eligibility.service import evaluate_with, version_in_force
from organisations.models import Agency

HOUSEHOLDS = {
    "single": (gettext_lazy("A single adult (30)"), (Member(age=30),)),
    "family": (
        gettext_lazy("A family: two adults (35, 32) and two children (9, 4)"),
        (Member(age=35), Member(age=32), Member(age=9), Member(age=4)),
    ),
}
# The situation assumed for both households, in words for the card.
SCENARIO = [
    gettext_lazy("nationals of the country, returning there"),
    gettext_lazy("application today; asylum claim rejected 10 days ago, removal order 10 days ago"),
    gettext_lazy("in the host country for two years; no earlier return aid"),
    gettext_lazy("no travel document of their own; nobody vulnerable"),
]


def scenario_facts(country: str, day: datetime.date, household) -> Facts:
    return Facts(
        date=day,
        nationality=country,
        country_of_return=country,
        administrative_status="asylum_rejected",
        asylum_decision_date=day - datetime.timedelta(days=10),
        removal_order_date=day - datetime.timedelta(days=10),
        arrival_date=day - datetime.timedelta(days=730),
        household=household,
        holds_travel_document=False,
        previous_return_aid=False,
        removal_order_authority="",
        office="",
    )


@dataclass
class Outcome:
    key: str
    label: str
    eligible: bool | None
    total: str
    components: list[dict]
    discretionary: list[dict]
    reasons: list[str]
    missing: list[str]
    unverified: bool

    @property
    def gives_something(self) -> bool:
        return bool(self.eligible) and (Decimal(self.total) > 0 or bool(self.discretionary))


@dataclass
class ProgrammeAssistance:
    programme: Programme
    run_by: list[str]
    version: object | None  # RuleVersion
    outcomes: list[Outcome]
    mine: bool  # run by the reader's agency

    @property
    def no_rule(self) -> bool:
        """No version in force, or none of its rules gives anything here."""
        return self.version is None or not any(o.gives_something for o in self.outcomes)


def _rows(items: list[dict], currency: str) -> list[dict]:
    return [
        {
            "code": c["code"],
            "label": c["label"],
            "amount": c["amount"],
            "amount_display": money(c["amount"], currency),
            "form": c["form"],
            "form_display": str(FORMS.get(c["form"], c["form"])),
            "paid": c["paid"],
            "paid_display": str(PAID.get(c["paid"], c["paid"])),
            "unverified": c.get("unverified", False),
        }
        for c in items
    ]


def assistance_for(
    country: str, *, day: datetime.date, agency_codes: set[str] = frozenset()
) -> list[ProgrammeAssistance]:
    """Every programme, the reader's agency's first: the version in force on
    `day` and what it gives each example household for returning to `country`."""
    agencies = dict(Agency.objects.values_list("code", "name"))
    found = []
    for programme in Programme.objects.order_by("code"):
        version = version_in_force(programme, day)
        codes = [c for c in programme.run_by.split(",") if c]
        outcomes = []
        if version is not None:
            for key, (label, household) in HOUSEHOLDS.items():
                result = evaluate_with(version, scenario_facts(country, day, household))
                outcomes.append(
                    Outcome(
                        key=key,
                        label=str(label),
                        eligible=result["eligible"],
                        total=result["total"],
                        components=_rows(result["components"], result["currency"]),
                        discretionary=_rows(result["discretionary"], result["currency"]),
                        reasons=result["reasons"],
                        missing=result["missing_facts"],
                        unverified=result["unverified"],
                    )
                )
                outcomes[-1].total_display = money(result["total"], result["currency"])
        found.append(
            ProgrammeAssistance(
                programme=programme,
                run_by=[agencies.get(c, c) for c in codes],
                version=version,
                outcomes=outcomes,
                mine=bool(set(codes) & set(agency_codes)),
            )
        )
    found.sort(key=lambda p: (not p.mine, p.programme.code))
    return found


def no_rule_text(item: ProgrammeAssistance, country_name: str) -> str:
    if item.version is None:
        return _("No rules of this programme are in force today.")
    return _("No rule of this programme gives assistance for returning to %(country)s.") % {"country": country_name}
