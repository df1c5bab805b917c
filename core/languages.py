"""Languages as ISO 639 codes: the two-letter code where one exists (ISO
639-1), else the three-letter one (ISO 639-3), from pycountry's tables."""

import gettext
from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
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


@lru_cache(maxsize=8)
def _iso639_catalogue(lang: str):
    # pycountry ships the Debian iso-codes translations of language names.
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def _localised(name: str) -> str:
    return _iso639_catalogue((get_language() or "en").split("-")[0]).gettext(name)


@lru_cache(maxsize=8)
def _choices_in(lang: str) -> list[tuple[str, str]]:
    names = language_names()
    codes = [c for c in names if len(c) == 2] + [c for c in COMMON_THREE_LETTER if c in names]
    catalogue = _iso639_catalogue(lang)
    return sorted(((c, catalogue.gettext(names[c])) for c in codes), key=lambda kv: kv[1].casefold())


def language_choices() -> list[tuple[str, str]]:
    """The choices offered in forms, named in the user's language: every ISO
    639-1 language and the common three-letter ones; the API and imports
    accept any ISO 639-3 code."""
    return _choices_in((get_language() or "en").split("-")[0])


def language_name(code: str) -> str:
    name = language_names().get(code)
    return _localised(name) if name else code


def validate_language(value: str) -> None:
    if value not in language_names():
        raise ValidationError(_("%(value)s is not an ISO 639 language code."), params={"value": value})
