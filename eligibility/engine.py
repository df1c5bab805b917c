"""Evaluating facts against one rule version: eligibility with its reasons,
the package line by line, each explanation line naming the rule behind it."""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eligibility.conditions import MissingFact, check, money
from eligibility.facts import Facts


def text(value) -> str:
    """A rule file's label: a plain string, or one per language."""
    if isinstance(value, dict):
        return value.get((get_language() or "en")[:2]) or value["en"]
    return value


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


def evaluate(content: dict, facts: Facts) -> dict:
    """The result for one version's rules (`content`, a validated rule file)."""
    tag = f"{content['programme']} {content['version']}"
    currency = content["currency"]
    explanation, reasons, missing = [], [], []
    unverified = False
    eligible = True

    for req in content.get("requirements", []):
        try:
            ok, why = check(req["when"], facts)
        except MissingFact as exc:
            missing.append(exc.name)
            continue
        line = f"{text(req['label'])}: {'; '.join(why)}"
        reasons.append(("✓ " if ok else "✗ ") + line)
        explanation.append(f"[{tag} · {req['code']}] {line}" + (f" ({req['source']})" if req.get("source") else ""))
        if not ok:
            eligible = False
        unverified |= req.get("unverified", False)

    components = []
    if eligible:
        for comp in content["components"]:
            try:
                line = _component(comp, facts, tag, currency)
            except MissingFact as exc:
                missing.append(exc.name)
                continue
            if line is None:
                continue
            amount, lines, flagged = line
            unverified |= flagged
            explanation += lines
            if amount > 0:
                components.append(
                    {
                        "code": comp["code"],
                        "label": text(comp["label"]),
                        "amount": amount,
                        "currency": currency,
                        "form": comp["form"],
                        "paid": comp["paid"],
                        "unverified": flagged,
                    }
                )
        for cap in content.get("caps", []):
            unverified |= _apply_cap(cap, components, explanation, tag, currency)

    if missing and eligible:
        eligible = None  # cannot say yet: the missing facts decide
    missing = sorted(set(missing))
    if missing:
        reasons.append(_("Missing facts: %(names)s.") % {"names": ", ".join(missing)})
    total = sum((c["amount"] for c in components), Decimal("0.00"))
    for c in components:
        c["amount"] = str(c["amount"])
    return {
        "programme": content["programme"],
        "rule_version": content["version"],
        "eligible": eligible,
        "reasons": reasons,
        "missing_facts": missing,
        "components": components,
        "total": str(money(total)),
        "currency": currency,
        "explanation": explanation,
        "unverified": unverified,
    }


def _component(comp: dict, facts: Facts, tag: str, currency: str):
    """(amount, explanation lines, uses unverified figures) or None when the
    component does not apply."""
    where = f"[{tag} · {comp['code']}]"
    label = text(comp["label"])
    if "when" in comp:
        ok, why = check(comp["when"], facts)
        if not ok:
            return None
    flagged = comp.get("unverified", False)
    if comp["per"] == "household":
        for row in comp["rows"]:
            ok, why = check(row.get("when", {}), facts)
            if ok:
                amount = money(row["amount"])
                flagged |= row.get("unverified", False)
                why_text = "; ".join(why) or _("for the household")
                lines = [f"{where} {label}: {why_text} → {_fmt(amount, currency)}{_provenance(row)}"]
                return _component_cap(comp, amount, lines, where, currency) + (flagged,)
        return None
    total, lines = Decimal("0"), []
    members = facts.household
    if not members:
        raise MissingFact("household")
    for i, member in enumerate(members, start=1):
        for row in comp["rows"]:
            ok, why = check(row.get("when", {}), facts, member)
            if ok:
                amount = money(row["amount"])
                flagged |= row.get("unverified", False)
                total += amount
                why_text = "; ".join(why) or _("each member")
                lines.append(
                    f"{where} {label}, "
                    + _("member %(i)d") % {"i": i}
                    + f": {why_text} → {_fmt(amount, currency)}{_provenance(row)}"
                )
                break
    return _component_cap(comp, money(total), lines, where, currency) + (flagged,)


def _component_cap(comp, amount, lines, where, currency):
    if "cap" in comp and amount > money(comp["cap"]):
        cap = money(comp["cap"])
        lines.append(f"{where} " + _("capped at %(cap)s") % {"cap": _fmt(cap, currency)})
        amount = cap
    return amount, lines


def _apply_cap(cap: dict, components: list[dict], explanation: list[str], tag: str, currency: str) -> bool:
    """Keep the listed components within the cap, taking the excess off the
    last listed ones first. Returns whether the cap is an unverified figure."""
    limit = money(cap["max"])
    inside = [c for c in components if c["code"] in cap["components"]]
    excess = sum((c["amount"] for c in inside), Decimal("0")) - limit
    if excess <= 0:
        return False
    for comp in reversed(sorted(inside, key=lambda c: cap["components"].index(c["code"]))):
        cut = min(excess, comp["amount"])
        comp["amount"] -= cut
        excess -= cut
        if excess <= 0:
            break
    components[:] = [c for c in components if c["amount"] > 0]
    explanation.append(
        f"[{tag} · {cap['code']}] "
        + _("ceiling of %(max)s applied") % {"max": _fmt(limit, currency)}
        + _provenance(cap)
    )
    return cap.get("unverified", False)


def _provenance(item: dict) -> str:
    parts = []
    if item.get("source"):
        parts.append(item["source"])
    if item.get("unverified"):
        parts.append(_("unverified figure"))
    return f" ({'; '.join(parts)})" if parts else ""
