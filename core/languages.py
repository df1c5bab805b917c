"""Languages as ISO 639 codes: the two-letter code where one exists (ISO
639-1), else the three-letter one (ISO 639-3), from pycountry's tables."""

from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    names = {}
    for lang in pycountry.languages:
        if getattr(lang, "type", "L") != "L" or getattr(lang, "scope", "I") not in {"I", "M"}:
            continue
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        names[code] = lang.name
    return names


# Languages of return countries that have no two-letter code but are spoken
# by many returnees (Pular, Soninke, Mandinka, Dyula, Krio, Tigre, ...).
COMMON_THREE_LETTER = ["fuf", "snk", "mnk", "dyu", "kri", "tig", "pcm", "ckb", "prs", "hno", "skr", "ctg", "syl"]


@lru_cache(maxsize=1)
def language_choices() -> list[tuple[str, str]]:
    """The choices offered in forms: every ISO 639-1 language and the common
    three-letter ones; the API and imports accept any ISO 639-3 code."""
    names = language_names()
    codes = [c for c in names if len(c) == 2] + [c for c in COMMON_THREE_LETTER if c in names]
    return sorted(((c, names[c]) for c in codes), key=lambda kv: kv[1])


def language_name(code: str) -> str:
    return language_names().get(code, code)


def validate_language(value: str) -> None:
    if value not in language_names():
        raise ValidationError(_("%(value)s is not an ISO 639 language code."), params={"value": value})
