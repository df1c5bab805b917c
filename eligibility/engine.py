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
    """The result for one version's rules (`content`, a validated rule file).

    Besides the documented keys, the result lists under "discretionary" the
    envelopes granted case by case (amount = the most that may be granted,
    never in the total), and each per-member component carries "members":
    the amount for each household member, in household order."""
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

    components, discretionary = [], []
    if eligible:
        for comp in content["components"]:
            try:
                line = _component(comp, facts, tag, currency)
            except MissingFact as exc:
                missing.append(exc.name)
                continue
            if line is None:
                continue
            amount, shares, lines, flagged = line
            explanation += lines
            if not comp.get("discretionary"):
                unverified |= flagged  # even at 0: an unverified row decided it
            if amount <= 0:
                continue
            item = {
                "code": comp["code"],
                "label": text(comp["label"]),
                "amount": amount,
                "currency": currency,
                "form": comp["form"],
                "paid": comp["paid"],
                "unverified": flagged,
            }
            if shares is not None:
                item["members"] = shares
            if comp.get("discretionary"):
                discretionary.append({**item, "up_to": True})
            else:
                components.append(item)
        for cap in content.get("caps", []):
            try:
                unverified |= _apply_cap(cap, components, facts, explanation, tag, currency)
            except MissingFact as exc:
                missing.append(exc.name)

    if missing and eligible:
        eligible = None  # cannot say yet: the missing facts decide
    missing = sorted(set(missing))
    if missing:
        reasons.append(_("Missing facts: %(names)s.") % {"names": ", ".join(missing)})
    total = sum((c["amount"] for c in components), Decimal("0.00"))
    for c in components + discretionary:
        c["amount"] = str(money(c["amount"]))
        if "members" in c:
            c["members"] = [str(money(share)) for share in c["members"]]
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
        "discretionary": discretionary,
    }


def _component(comp: dict, facts: Facts, tag: str, currency: str):
    """(amount, per-member shares or None, explanation lines, uses unverified
    figures) or None when the component does not apply."""
    where = f"[{tag} · {comp['code']}]"
    label = text(comp["label"])
    arrow = "→ " + (_("up to %(amount)s") if comp.get("discretionary") else "%(amount)s")
    context = []  # why the component applies at all, shown on each of its lines
    if "when" in comp:
        ok, context = check(comp["when"], facts)
        if not ok:
            return None
    flagged = comp.get("unverified", False)
    if comp["per"] == "household":
        for row in comp["rows"]:
            ok, why = check(row.get("when", {}), facts)
            if ok:
                amount = money(row["amount"])
                flagged |= row.get("unverified", False)
                why_text = "; ".join(context + why) or _("for the household")
                shown = arrow % {"amount": _fmt(amount, currency)}
                lines = [f"{where} {label}: {why_text} {shown}{_provenance(row)}"]
                amount, _shares = _component_cap(comp, amount, None, lines, where, currency)
                return amount, None, lines, flagged
        return None
    shares, lines = [], []
    members = facts.household
    if not members:
        raise MissingFact("household")
    for i, member in enumerate(members, start=1):
        share = Decimal("0.00")
        for row in comp["rows"]:
            ok, why = check(row.get("when", {}), facts, member)
            if ok:
                share = money(row["amount"])
                flagged |= row.get("unverified", False)
                why_text = "; ".join(context + why) or _("each member")
                shown = arrow % {"amount": _fmt(share, currency)}
                lines.append(
                    f"{where} {label}, " + _("member %(i)d") % {"i": i} + f": {why_text} {shown}{_provenance(row)}"
                )
                break
        shares.append(share)
    amount, shares = _component_cap(comp, sum(shares, Decimal("0.00")), shares, lines, where, currency)
    return amount, shares, lines, flagged


def _component_cap(comp, amount, shares, lines, where, currency):
    if "cap" in comp and amount > money(comp["cap"]):
        cap = money(comp["cap"])
        lines.append(f"{where} " + _("capped at %(cap)s") % {"cap": _fmt(cap, currency)})
        if shares is not None:
            _cut(shares, amount - cap)
        amount = cap
    return amount, shares


def _cut(shares: list[Decimal], excess: Decimal) -> None:
    """Take `excess` off the shares, the last ones first."""
    for i in reversed(range(len(shares))):
        cut = min(excess, shares[i])
        shares[i] -= cut
        excess -= cut
        if excess <= 0:
            return


def _apply_cap(cap: dict, components: list[dict], facts: Facts, explanation, tag: str, currency: str) -> bool:
    """Keep the listed components within the cap, taking the excess off the
    last listed ones first: together (per: household) or for each member's
    share (per: member). Returns whether an unverified cap cut an amount."""
    where = f"[{tag} · {cap['code']}] " + (f"{text(cap['label'])}: " if cap.get("label") else "")
    limit = money(cap["max"])
    inside = sorted(
        (c for c in components if c["code"] in cap["components"]), key=lambda c: cap["components"].index(c["code"])
    )
    per_member = cap.get("per") == "member"
    if per_member:
        applies = [i for i, m in enumerate(facts.household) if check(cap.get("when", {}), facts, m)[0]]
    else:
        applies = [None] if check(cap.get("when", {}), facts)[0] else []
    if not applies:
        return False
    cut_for = []
    for i in applies:
        amounts = [c["members"][i] if per_member else c["amount"] for c in inside]
        excess = sum(amounts, Decimal("0")) - limit
        if excess <= 0:
            continue
        cut_for.append(i)
        for comp in reversed(inside):
            if per_member:
                cut = min(excess, comp["members"][i])
                comp["members"][i] -= cut
            else:
                cut = min(excess, comp["amount"])
            comp["amount"] -= cut
            excess -= cut
            if excess <= 0:
                break
    components[:] = [c for c in components if c["amount"] > 0]
    shown = _fmt(limit, currency)
    if not cut_for:
        line = _("ceiling of %(max)s, not reached") % {"max": shown}
    elif per_member:
        line = _("ceiling of %(max)s per member applied to member(s) %(members)s") % {
            "max": shown,
            "members": ", ".join(str(i + 1) for i in cut_for),
        }
    else:
        line = _("ceiling of %(max)s applied") % {"max": shown}
    explanation.append(where + line + _provenance(cap))
    return bool(cut_for) and cap.get("unverified", False)


def _provenance(item: dict) -> str:
    parts = []
    if item.get("source"):
        parts.append(item["source"])
    if item.get("unverified"):
        parts.append(_("unverified figure"))
    return f" ({'; '.join(parts)})" if parts else ""
