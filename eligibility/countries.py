"""Country groups named by rules: visa-required and visa-exempt under
Regulation (EU) 2018/1806 (annexes I and II), EU/EEA/Swiss, and named lists.
The lists are data in eligibility/rules/country_groups.yaml."""

import re
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

GROUPS_FILE = Path(__file__).parent / "rules" / "country_groups.yaml"

# The groups' names in words, for explanations. A group without one here is
# shown by its `label` in country_groups.yaml, else by its name.
_LABELS = {
    "visa_required": _("visa-required countries"),
    "visa_exempt": _("visa-exempt countries"),
    "eu_eea_ch": _("EU/EEA/Swiss"),
    "kosovo": _("Kosovo"),
    "channel_crossing": _("Channel-crossing nationalities"),
    "ofii_reintegration_countries": _("countries with an OFII reintegration programme"),
}


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(GROUPS_FILE.read_text(encoding="utf-8"))["groups"]


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    groups = {}
    for name, spec in _data().items():
        wrong = [c for c in spec["countries"] if not (isinstance(c, str) and re.fullmatch("[A-Z]{2}", c))]
        if wrong:  # e.g. a bare NO, which YAML reads as false
            raise ValueError(f"{GROUPS_FILE.name}: group {name}: not ISO country codes: {wrong!r} (quote them)")
        groups[name] = frozenset(spec["countries"])
    return groups


def group_names() -> set[str]:
    return set(_groups()) | {"visa_required"}


def unverified_groups() -> set[str]:
    """Groups whose list is marked `unverified: true` in country_groups.yaml."""
    return {name for name, spec in _data().items() if spec.get("unverified")}


def group_label(group: str) -> str:
    if group in _LABELS:
        return str(_LABELS[group])
    return str(_data().get(group, {}).get("label") or group.replace("_", " "))


def country_label(code: str) -> str:
    """'Guinea (GN)': the country's name in the active language, with its code."""
    from django_countries import countries

    name = countries.name(code)
    return f"{name} ({code})" if name else code


def in_group(country: str, group: str) -> bool:
    """Annex I (visa-required) is every country that is neither in annex II
    (visa_exempt) nor EU/EEA/Swiss: the regulation lists it the same way."""
    groups = _groups()
    if group == "visa_required":
        return country not in groups["visa_exempt"] and country not in groups["eu_eea_ch"]
    return country in groups[group]
