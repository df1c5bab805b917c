"""The conditions a rule file may use, and how each is checked against the
facts. A condition block is a mapping; all its entries must hold. Each check
returns a plain-words reason, used in the explanation."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from eligibility.countries import in_group
from eligibility.facts import Facts, Member


class MissingFact(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _need(facts: Facts, name: str):
    value = getattr(facts, name)
    if value is None or value == ():
        raise MissingFact(name)
    return value


def _days_since(facts: Facts, name: str) -> int:
    return (_need(facts, "date") - _need(facts, name)).days


def _months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _ages(facts: Facts) -> list[int]:
    household = _need(facts, "household")
    if any(m.age is None for m in household):
        raise MissingFact("household.age")
    return [m.age for m in household]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def check(conditions: dict, facts: Facts, member: Member | None = None) -> tuple[bool, list[str]]:
    """(holds, reasons). Raises MissingFact when a needed fact is unknown;
    stops at the first condition that does not hold."""
    reasons = []
    for key, expected in conditions.items():
        ok, reason = _check_one(key, expected, facts, member)
        reasons.append(reason)
        if not ok:
            return False, reasons
    return True, reasons


def _check_one(key: str, expected, facts: Facts, member: Member | None) -> tuple[bool, str]:  # noqa: C901
    if key in ("nationality_group", "nationality_not_group"):
        nationality = _need(facts, "nationality")
        groups = _as_list(expected)
        inside = any(in_group(nationality, g) for g in groups)
        ok = inside if key == "nationality_group" else not inside
        verb = _("is") if inside else _("is not")
        return ok, _("nationality %(c)s %(verb)s in %(groups)s") % {
            "c": nationality,
            "verb": verb,
            "groups": " / ".join(groups),
        }
    if key in ("nationality_in", "nationality_not_in"):
        nationality = _need(facts, "nationality")
        inside = nationality in expected
        ok = inside if key == "nationality_in" else not inside
        return ok, _("nationality %(c)s %(verb)s listed") % {
            "c": nationality,
            "verb": _("is") if inside else _("is not"),
        }
    if key == "country_of_return_in":
        country = _need(facts, "country_of_return")
        return country in expected, _("return to %(c)s") % {"c": country}
    if key == "administrative_status_in":
        status = _need(facts, "administrative_status")
        return status in expected, _("administrative status: %(s)s") % {"s": status}
    for fact, label in (("removal_order_date", _("removal order")), ("asylum_decision_date", _("asylum decision"))):
        stem = f"days_since_{fact.removesuffix('_date')}"
        if key in (f"{stem}_min", f"{stem}_max"):
            days = _days_since(facts, fact)
            ok = days >= expected if key.endswith("_min") else days <= expected
            return ok, _("%(days)d days since the %(what)s") % {"days": days, "what": label}
    if key == "months_in_country_min":
        months = _months_between(_need(facts, "arrival_date"), _need(facts, "date"))
        return months >= expected, _("%(n)d months in the country") % {"n": months}
    if key in ("household_size_min", "household_size_max"):
        size = len(_need(facts, "household"))
        ok = size >= expected if key.endswith("_min") else size <= expected
        return ok, _("household of %(n)d") % {"n": size}
    if key == "has_minor":
        minor = any(age < 18 for age in _ages(facts))
        return minor == expected, _("household with a minor child") if minor else _("no minor child")
    if key == "any_vulnerable":
        vulnerable = any(m.vulnerabilities for m in _need(facts, "household"))
        return vulnerable == expected, _("a member is vulnerable") if vulnerable else _("no vulnerability recorded")
    if key in ("holds_travel_document", "previous_return_aid"):
        value = _need(facts, key)
        text = {
            ("holds_travel_document", True): _("holds their own travel document"),
            ("holds_travel_document", False): _("has no travel document of their own"),
            ("previous_return_aid", True): _("received return aid before"),
            ("previous_return_aid", False): _("no earlier return aid"),
        }[(key, bool(value))]
        return bool(value) == expected, text
    if key in ("removal_order_authority_in", "office_in"):
        fact = "removal_order_authority" if key.startswith("removal") else "office"
        value = _need(facts, fact)
        return value in expected, f"{fact}: {value}"
    if key in ("age_min", "age_max"):
        if member is None or member.age is None:
            raise MissingFact("household.age")
        ok = member.age >= expected if key == "age_min" else member.age <= expected
        return ok, _("aged %(n)d") % {"n": member.age}
    if key == "member_vulnerable":
        vulnerable = bool(member and member.vulnerabilities)
        return vulnerable == expected, _("vulnerable") if vulnerable else _("not vulnerable")
    if key == "any_of":
        texts = []
        for block in expected:
            ok, reasons = check(block, facts, member)
            if ok:
                return True, "; ".join(reasons)
            texts.append("; ".join(reasons))
        return False, _("none of: %(alts)s") % {"alts": " | ".join(texts)}
    raise ValueError(f"unknown condition {key!r}")  # the schema refuses these before evaluation


CONDITION_KEYS = {
    "nationality_group": "group",
    "nationality_not_group": "group",
    "nationality_in": "countries",
    "nationality_not_in": "countries",
    "country_of_return_in": "countries",
    "administrative_status_in": "statuses",
    "days_since_removal_order_min": "int",
    "days_since_removal_order_max": "int",
    "days_since_asylum_decision_min": "int",
    "days_since_asylum_decision_max": "int",
    "months_in_country_min": "int",
    "household_size_min": "int",
    "household_size_max": "int",
    "has_minor": "bool",
    "any_vulnerable": "bool",
    "holds_travel_document": "bool",
    "previous_return_aid": "bool",
    "removal_order_authority_in": "strings",
    "office_in": "strings",
    "age_min": "int",
    "age_max": "int",
    "member_vulnerable": "bool",
    "any_of": "blocks",
}


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
