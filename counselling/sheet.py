"""The information sheet for the person: where their case stands and what
happens next (from the case's status, in plain words), the support they can
expect (the approved eligibility package, else "to be decided"), and their
counsellor's name with the office's contact.

The sheet is written for the person, so its words are data, one YAML file
per language in counselling/sheet/ with the keys of en.yaml; the loading,
the key-by-key check, the choice of language, dates and the PDF are
travel.printing's (the departure summons works the same way)."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from cases.lifecycle import PRE_DEPARTURE, Status
from eligibility.models import Decision, DecisionStatus
from travel import printing
from travel.readiness import confirmed_booking

SHEET_DIR = Path(__file__).resolve().parent / "sheet"
# The statuses with their own "now" and "next steps" texts; every ended
# status (closed, withdrawn, no-show...) reads the "closed" ones.
STATUS_TEXTS = [
    Status.INTAKE,
    Status.COUNSELLING,
    Status.APPLICATION,
    Status.ELIGIBILITY,
    Status.TRAVEL_PREPARATION,
    Status.READY_TO_DEPART,
    Status.DEPARTED,
    Status.REINTEGRATION,
    Status.MONITORING,
]
ENDED = "closed"


@lru_cache(maxsize=1)
def sheet_texts() -> dict[str, dict]:
    """The shipped sheet texts, each file checked against en.yaml, read once."""
    return printing.load_texts(SHEET_DIR)


def sheet_language(case, requested: str | None = None) -> str:
    return printing.summons_language(case, requested, sheet_texts())


def format_amount(texts: dict, amount: Decimal, currency: str) -> str:
    """1 200 EUR, 1.200 EUR, 350,50 EUR...: the language's separators; no
    decimals for a whole amount."""
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    sample = texts["number_format"]  # "1,234.56": the thousands separator, then the decimal one
    thousands, decimal = sample[1], sample[-3]
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return texts["money_format"].format(amount=text, currency=currency)


@dataclass
class SupportLine:
    label: str
    amount: str
    how: str


def _label(decision: Decision, code: str, fallback: str, lang: str) -> str:
    """A component's label in the sheet's language, from the rule file."""
    for comp in decision.rule_version.content.get("components", []):
        if comp.get("code") == code:
            label = comp.get("label")
            if isinstance(label, dict):
                return label.get(lang) or label.get("en") or fallback
            return label or fallback
    return fallback


def approved_package(case) -> Decision | None:
    """The package approved last, if any."""
    return (
        Decision.objects.filter(case=case, status=DecisionStatus.APPROVED)
        .select_related("rule_version__programme")
        .order_by("-decided_at", "-pk")
        .first()
    )


def support(case, texts: dict, lang: str) -> dict:
    decision = approved_package(case)
    if decision is None:
        return {"decided": False, "lines": [], "total": ""}
    result = decision.result or {}
    lines = []
    for comp in result.get("components", []):
        how = texts.get(f"paid_{comp.get('form')}_{comp.get('paid')}", "")
        lines.append(
            SupportLine(
                label=_label(decision, comp.get("code"), comp.get("label", ""), lang),
                amount=format_amount(texts, Decimal(comp["amount"]), comp.get("currency") or decision.currency),
                how=how,
            )
        )
    decided_on = timezone.localtime(decision.decided_at, ZoneInfo(case.office.timezone)).date()
    return {
        "decided": True,
        "lines": lines,
        "total": format_amount(texts, decision.total, decision.currency) if lines else "",
        "heading": texts["support_decided"].format(
            date=printing.long_date(texts, decided_on), programme=decision.rule_version.programme.name
        ),
    }


def next_steps(case, texts: dict) -> dict:
    key = case.status if case.status in STATUS_TEXTS else ENDED
    extra = []
    if case.status in (Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART):
        booking = confirmed_booking(case)
        if booking is not None and booking.travel_date:
            extra.append(texts["departure_planned"].format(date=printing.long_date(texts, booking.travel_date)))
    if case.status in PRE_DEPARTURE and case.open_return_place_until:
        extra.append(texts["return_place_until"].format(date=printing.long_date(texts, case.open_return_place_until)))
    return {"now": texts[f"now_{key}"], "steps": list(texts[f"next_{key}"]), "extra": extra}


def counsellor(case) -> dict:
    office = case.office
    person = case.counsellor
    name = (person.get_full_name() or person.get_username()) if person else ""
    return {"name": name, "office": office, "phone": office.phone, "email": office.email}


def sheet(case, texts: dict, lang: str) -> dict:
    """What the sheet shows, its words already in the sheet's language."""
    today = timezone.localtime(timezone.now(), ZoneInfo(case.office.timezone)).date()
    return {
        "people": printing.travellers(case),
        "case_number": case.number,
        "next": next_steps(case, texts),
        "support": support(case, texts, lang),
        "counsellor": counsellor(case),
        "printed": texts["printed"].format(date=printing.long_date(texts, today)),
    }
