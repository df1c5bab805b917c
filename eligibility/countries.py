"""Country groups named by rules: visa-required and visa-exempt under
Regulation (EU) 2018/1806 (annexes I and II), EU/EEA/Swiss, and named lists.
The lists are data in eligibility/rules/country_groups.yaml."""

from functools import lru_cache
from pathlib import Path

import yaml

GROUPS_FILE = Path(__file__).parent / "rules" / "country_groups.yaml"


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(GROUPS_FILE.read_text(encoding="utf-8"))
    return {name: frozenset(spec["countries"]) for name, spec in data["groups"].items()}


def group_names() -> set[str]:
    return set(_groups()) | {"visa_required"}


def in_group(country: str, group: str) -> bool:
    """Annex I (visa-required) is every country that is neither in annex II
    (visa_exempt) nor EU/EEA/Swiss: the regulation lists it the same way."""
    groups = _groups()
    if group == "visa_required":
        return country not in groups["visa_exempt"] and country not in groups["eu_eea_ch"]
    return country in groups[group]
