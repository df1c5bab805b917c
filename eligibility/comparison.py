"""Packages and facts in words, and two results side by side: the what-if
panel, and an approved package against the facts of today."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from cases.models import AdministrativeStatus, ReturnCase

CASE_FACTS = {
    "country_of_return",
    "administrative_status",
    "asylum_decision_date",
    "removal_order_date",
    "removal_order_authority",
    "arrival_date",
}
FACT_LABELS = {
    "date": gettext_lazy("date of the application"),
    "nationality": gettext_lazy("nationality"),
    "household": gettext_lazy("household members on the case"),
    "household.age": gettext_lazy("dates of birth of the household members"),
    "holds_travel_document": gettext_lazy("own travel documents (passports)"),
    "previous_return_aid": gettext_lazy("earlier return aid"),
    "office": gettext_lazy("office"),
}

FORMS = {"cash": gettext_lazy("cash"), "in_kind": gettext_lazy("in kind")}
PAID = {"at_departure": gettext_lazy("at departure"), "after_arrival": gettext_lazy("after arrival")}


def fact_label(name: str) -> str:
    if name in CASE_FACTS:
        return str(ReturnCase._meta.get_field(name).verbose_name)
    return str(FACT_LABELS.get(name, name))


def component_rows(components: list[dict], currency: str) -> list[dict]:
    """A result's components with their amount, form and payment moment in words."""
    return [
        {
            **c,
            "amount_display": money(c["amount"], currency),
            "form_display": str(FORMS.get(c["form"], c["form"])),
            "paid_display": str(PAID.get(c["paid"], c["paid"])),
        }
        for c in components
    ]


def money(amount: Decimal | str | None, currency: str) -> str:
    """1,350.00 EUR; the form the explanation lines use too."""
    if amount is None:
        return "–"
    return f"{Decimal(amount):,.2f} {currency}"


def signed(amount: Decimal, currency: str) -> str:
    if amount == 0:
        return f"0.00 {currency}"
    sign = "+" if amount > 0 else "−"
    return f"{sign}{abs(amount):,.2f} {currency}"


# --- comparing two results ------------------------------------------------


@dataclass
class Row:
    label: str
    before: Decimal | None
    after: Decimal | None
    currency: str
    unverified: bool = False

    @property
    def difference(self) -> Decimal:
        return (self.after or Decimal("0")) - (self.before or Decimal("0"))

    @property
    def before_display(self) -> str:
        return money(self.before, self.currency)

    @property
    def after_display(self) -> str:
        return money(self.after, self.currency)

    @property
    def difference_display(self) -> str:
        return signed(self.difference, self.currency)


@dataclass
class Comparison:
    rows: list[Row]
    total: Row
    eligible_before: bool | None
    eligible_after: bool | None
    missing_after: list[str]

    @property
    def eligible_pair(self) -> tuple[bool | None, bool | None]:
        return self.eligible_before, self.eligible_after

    @property
    def changed(self) -> bool:
        return self.eligible_before != self.eligible_after or any(r.difference for r in [*self.rows, self.total])


def compare(before: dict, after: dict) -> Comparison:
    """Component by component, in the order the rules list them."""
    currency = after.get("currency") or before.get("currency") or "EUR"
    old = {c["code"]: c for c in before.get("components", [])}
    new = {c["code"]: c for c in after.get("components", [])}
    codes = list(old) + [code for code in new if code not in old]
    rows = []
    for code in codes:
        comp = new.get(code) or old[code]
        rows.append(
            Row(
                label=comp["label"],
                before=Decimal(old[code]["amount"]) if code in old else None,
                after=Decimal(new[code]["amount"]) if code in new else None,
                currency=currency,
                unverified=bool(comp.get("unverified")),
            )
        )
    total = Row(_("Total"), Decimal(before.get("total") or "0"), Decimal(after.get("total") or "0"), currency)
    return Comparison(rows, total, before.get("eligible"), after.get("eligible"), after.get("missing_facts", []))


def changed_facts(before: dict, after: dict) -> list[dict]:
    """The facts that differ between two Facts.to_json() dicts, by label."""
    out = []
    for name in after:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name == "household":
            old, new = _ages(old), _ages(new)
        elif name == "date" or name.endswith("_date"):
            old, new = _date(old), _date(new)
        out.append({"name": name, "label": fact_label(name), "before": _show(old), "after": _show(new)})
    return out


def _ages(household) -> str:
    ages = [m.get("age") for m in household or []]
    return _("ages %(ages)s") % {"ages": ", ".join("?" if a is None else str(a) for a in ages)} if ages else ""


def _date(value: str | None) -> str | None:
    return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else value


def _show(value) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return "–" if value in (None, "") else str(value)


def fact_rows(facts_json: dict) -> list[tuple[str, str]]:
    """Frozen facts (Facts.to_json()) as (label, value) rows for reading."""
    rows = []
    for name, value in facts_json.items():
        if name == "household":
            members = [
                ("?" if m.get("age") is None else str(m["age"]))
                + (f" ({', '.join(m['vulnerabilities'])})" if m.get("vulnerabilities") else "")
                for m in value or []
            ]
            shown = _("%(n)d, aged %(ages)s") % {"n": len(members), "ages": "; ".join(members)} if members else "–"
        elif name in ("nationality", "country_of_return") and value:
            shown = f"{countries.name(value) or value} ({value})"
        elif name == "administrative_status" and value:
            shown = str(dict(AdministrativeStatus.choices).get(value, value))
        elif name.endswith("date") and value:
            shown = _date(value)
        else:
            shown = _show(value)
        rows.append((fact_label(name), shown))
    return rows
