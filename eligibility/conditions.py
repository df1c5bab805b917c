"""The conditions a rule file may use, and how each is checked against the
facts. A condition block is a mapping; all its entries must hold. Each check
returns a plain-words reason, used in the explanation."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from eligibility.countries import country_label, group_label, in_group
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


def _status_label(status: str) -> str:
    """The status in words, as the case form shows it."""
    from cases.models import AdministrativeStatus  # not at import time: the schema reads this module

    try:
        return str(AdministrativeStatus(status).label)
    except ValueError:
        return status


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def check(conditions: dict, facts: Facts, member: Member | None = None) -> tuple[bool, list[str]]:
    """(holds, reasons). Raises MissingFact when a needed fact is unknown;
    stops at the first condition that does not hold."""
    reasons = []
    for key, expected in conditions.items():
        ok, reason = _check_one(key, expected, facts, member)
        if reason not in reasons:  # a _min and a _max on one fact say the same
            reasons.append(reason)
        if not ok:
            return False, reasons
    return True, reasons


def _kinds_text(kinds) -> str:
    """The vulnerabilities an explanation names: a protection need
    (trafficking, gender-based violence) is never named, since everyone who
    reads the eligibility page would read it (people.access.PROTECTION_KINDS)."""
    from people.access import PROTECTION_KINDS

    named = [k for k in kinds if k not in PROTECTION_KINDS]
    if len(named) < len(kinds):
        named.append(str(_("a protection need")))
    return ", ".join(named)


def _check_one(key: str, expected, facts: Facts, member: Member | None) -> tuple[bool, str]:  # noqa: C901
    if key in ("nationality_group", "nationality_not_group"):
        nationality = _need(facts, "nationality")
        groups = _as_list(expected)
        inside = any(in_group(nationality, g) for g in groups)
        ok = inside if key == "nationality_group" else not inside
        verb = _("is") if inside else _("is not")
        return ok, _("nationality %(c)s %(verb)s in %(groups)s") % {
            "c": country_label(nationality),
            "verb": verb,
            "groups": " / ".join(group_label(g) for g in groups),
        }
    if key in ("nationality_in", "nationality_not_in"):
        nationality = _need(facts, "nationality")
        inside = nationality in expected
        ok = inside if key == "nationality_in" else not inside
        return ok, _("nationality %(c)s %(verb)s listed") % {
            "c": country_label(nationality),
            "verb": _("is") if inside else _("is not"),
        }
    if key == "country_of_return_in":
        country = _need(facts, "country_of_return")
        return country in expected, _("return to %(c)s") % {"c": country_label(country)}
    if key == "country_of_return_group":
        country = _need(facts, "country_of_return")
        groups = _as_list(expected)
        inside = any(in_group(country, g) for g in groups)
        return inside, _("return to %(c)s (%(verb)s in %(groups)s)") % {
            "c": country_label(country),
            "verb": _("is") if inside else _("is not"),
            "groups": " / ".join(group_label(g) for g in groups),
        }
    if key == "administrative_status_in":
        status = _need(facts, "administrative_status")
        return status in expected, _("administrative status: %(s)s") % {"s": _status_label(status)}
    if key.startswith("days_since_"):
        fact = key.removeprefix("days_since_").removesuffix("_min").removesuffix("_max") + "_date"
        days = _days_since(facts, fact)
        ok = days >= expected if key.endswith("_min") else days <= expected
        label = _("removal order") if fact == "removal_order_date" else _("asylum decision")
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
    if key == "vulnerability_in":
        kinds = sorted({k for m in _need(facts, "household") for k in m.vulnerabilities if k in expected})
        if kinds:
            return True, _("a member has: %(kinds)s") % {"kinds": _kinds_text(kinds)}
        return False, _("no member has: %(kinds)s") % {"kinds": ", ".join(expected)}
    if key in ("holds_travel_document", "previous_return_aid"):
        value = bool(_need(facts, key))
        if key == "holds_travel_document":
            text = _("holds their own travel document") if value else _("has no travel document of their own")
        else:
            text = _("received return aid before") if value else _("no earlier return aid")
        return value == expected, text
    if key == "removal_order_authority_in":
        value = _need(facts, "removal_order_authority")
        return value in expected, _("removal order issued by %(a)s") % {"a": value}
    if key == "office_in":
        value = _need(facts, "office")
        return value in expected, _("application handled by office %(o)s") % {"o": value}
    if key in ("age_min", "age_max"):
        if member is None or member.age is None:
            raise MissingFact("household.age")
        ok = member.age >= expected if key == "age_min" else member.age <= expected
        return ok, _("aged %(n)d") % {"n": member.age}
    if key == "member_vulnerable":
        vulnerable = bool(member and member.vulnerabilities)
        return vulnerable == expected, _("vulnerable") if vulnerable else _("not vulnerable")
    if key == "member_vulnerability_in":
        kinds = sorted(k for k in (member.vulnerabilities if member else ()) if k in expected)
        if kinds:
            return True, _kinds_text(kinds)
        return False, _("none of: %(alts)s") % {"alts": ", ".join(expected)}
    if key == "any_of":
        texts = []
        for block in expected:
            ok, reasons = check(block, facts, member)
            if ok:
                return True, "; ".join(reasons)
            texts.append("; ".join(reasons))
        return False, _("none of: %(alts)s") % {"alts": " | ".join(texts)}
    if key == "not":
        ok, reasons = check(expected, facts, member)
        return not ok, _("not (%(what)s)") % {"what": "; ".join(reasons)}
    raise ValueError(f"unknown condition {key!r}")  # the schema refuses these before evaluation


CONDITION_KEYS = {
    "nationality_group": "group",
    "nationality_not_group": "group",
    "nationality_in": "countries",
    "nationality_not_in": "countries",
    "country_of_return_in": "countries",
    "country_of_return_group": "group",
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
    "vulnerability_in": "vulnerabilities",
    "holds_travel_document": "bool",
    "previous_return_aid": "bool",
    "removal_order_authority_in": "strings",
    "office_in": "strings",
    "age_min": "int",
    "age_max": "int",
    "member_vulnerable": "bool",
    "member_vulnerability_in": "vulnerabilities",
    "any_of": "blocks",
    "not": "block",
}

# Conditions on one household member: only in rows of `per: member`
# components and in `per: member` caps (the loader refuses them elsewhere).
MEMBER_KEYS = {"age_min", "age_max", "member_vulnerable", "member_vulnerability_in"}

# Conditions naming country groups (checked against country_groups.yaml on load).
GROUP_KEYS = {key for key, kind in CONDITION_KEYS.items() if kind == "group"}


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
