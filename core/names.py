"""Normalised forms of names and document numbers, for search.

Names are stored as typed; these forms only feed look-ups. Accents are
removed and case folded so "Özdemir", "OZDEMIR" and "ozdemir" meet; other
scripts (Arabic, Georgian, Ethiopic) are kept as they are, case-folded.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def normalise_document_number(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())
