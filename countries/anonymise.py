"""Taking what identifies a case's people out of a question and its answer
before they go into the knowledge base every agency reads.

    ids = identifiers_of(case)
    text, removed = anonymise(text, ids)      # "[name]", "[phone]", ... in place
    found = find(text, ids)                   # the spans, to refuse instead

What is removed:
- the names of every member of the case (given and family names, the name in
  its original script, other names), each part as a whole word, also when
  written in another script or spelt a little differently: "Mamadou" matches
  "Мамаду" (Cyrillic) and "Mamadu"; "محمد" in Arabic script matches
  "Mohamed" (Arabic is written without most vowels, so Arabic-script words
  are compared by their consonants), with or without the prefixes و ب ل ف ال;
- email addresses, any (but the offices' own, which the cards show anyway);
- phone numbers: any international one (+ or 00), any valid in the country
  of return or of the sending office (python-phonenumbers), and the members'
  own phone numbers however they are spaced (an office's own number is kept);
- case numbers: the case's, and anything shaped like one (BE-BXL-2026-00012);
- document numbers: the members' (however spaced), and tokens shaped like
  one (six or more capitals and digits with at least four digits);
- the members' dates of birth, in numeric forms and with month names in
  English, French and Dutch.

Names are matched by hand rather than with people.matching: that index is
tuned to rank candidate records, not to find a name inside running text, and
over-removing an ordinary word costs less here than leaving a name in."""

import re
from collections import Counter
from dataclasses import dataclass, field

import phonenumbers
from anyascii import anyascii
from django.utils.translation import gettext as _
from rapidfuzz.distance import JaroWinkler

from core.names import normalise_name

# Parts of names that are ordinary words too: never removed on their own.
NAME_PARTICLES = {
    "de", "da", "di", "do", "du", "del", "della", "der", "den", "van", "von", "le", "la", "el", "al", "bin", "ben",
    "ibn", "abu", "ould", "mac", "mc", "st",
}  # fmt: skip
# Arabic one-letter prefixes (and, with, for, then) and the article.
ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
WORD = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CASE_NUMBER = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{2,10}-\d{4}-\d{3,6}\b", re.IGNORECASE)
DOCUMENT_LIKE = re.compile(r"\b(?=(?:[A-Z]*\d){4})(?=[0-9]*[A-Z])[A-Z0-9]{6,}\b")
INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d[\d\s().-]{6,}\d")
SIMILAR = 0.9  # Jaro-Winkler, on the Latin forms, for parts of 4 letters or more

MONTHS = {
    1: ["january", "jan", "janvier", "janv", "januari"],
    2: ["february", "feb", "fevrier", "février", "fév", "fev", "februari"],
    3: ["march", "mar", "mars", "maart", "mrt"],
    4: ["april", "apr", "avril", "avr"],
    5: ["may", "mai", "mei"],
    6: ["june", "jun", "juin", "juni"],
    7: ["july", "jul", "juillet", "juil", "juli"],
    8: ["august", "aug", "août", "aout", "augustus"],
    9: ["september", "sep", "sept", "septembre"],
    10: ["october", "oct", "octobre", "oktober", "okt"],
    11: ["november", "nov", "novembre"],
    12: ["december", "dec", "décembre", "decembre", "déc"],
}


def placeholders() -> dict[str, str]:
    return {
        "name": _("[name]"),
        "email": _("[email]"),
        "phone": _("[phone]"),
        "case_number": _("[case number]"),
        "document": _("[document number]"),
        "date_of_birth": _("[date of birth]"),
    }


@dataclass
class Identifiers:
    """What must not appear, for one case's members."""

    names: set[str] = field(default_factory=set)  # normalised parts and whole names
    phones: set[str] = field(default_factory=set)  # digits, the last 8
    emails: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)  # case numbers
    documents: set[str] = field(default_factory=set)  # normalised
    births: list[tuple[int, int | None, int | None]] = field(default_factory=list)  # (year, month, day)
    regions: set[str] = field(default_factory=set)  # for local phone numbers
    # Offices' own phones (last 8 digits) and emails: public contacts, kept.
    public_phones: set[str] = field(default_factory=set)
    public_emails: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._latin = None

    def latin_parts(self) -> list[tuple[str, str]]:
        """(Latin form, consonant skeleton) of every name part."""
        if self._latin is None:
            parts = {_latin(n) for name in self.names for n in name.split()}
            self._latin = [(p, _skeleton(p)) for p in parts if p]
        return self._latin


def _latin(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(value).lower())


def _skeleton(latin: str) -> str:
    """Consonants only, similar sounds merged, doubles collapsed: what an
    Arabic-script spelling keeps of a name (محمد and Mohamed: mhmd)."""
    s = latin.replace("ph", "f").replace("ou", "w").replace("kh", "k").replace("gh", "g")
    s = re.sub(r"[aeiouy]", "", s.translate(str.maketrans("cqzj", "kksg")))
    return re.sub(r"(.)\1+", r"\1", s)


def identifiers_of(case) -> Identifiers:
    from organisations.models import Office

    ids = Identifiers(numbers={case.number}, regions={case.country_of_return.code, case.office.country.code})
    for phone, email in Office.objects.values_list("phone", "email"):
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 6:
            ids.public_phones.add(digits[-8:])
        if email:
            ids.public_emails.add(email.casefold())
    members = case.case_members.select_related("person").prefetch_related("person__aliases", "person__documents")
    for member in members:
        person = member.person
        written = [person.given_name, person.family_name, person.original_script_name]
        for name in written + [a.name for a in person.aliases.all()]:
            normal = normalise_name(name)
            if normal:
                ids.names.add(normal)
                ids.names.update(p for p in normal.split() if p not in NAME_PARTICLES)
        digits = re.sub(r"\D", "", person.phone or "")
        if len(digits) >= 6:
            ids.phones.add(digits.lstrip("0")[-8:])
        if person.email:
            ids.emails.add(person.email.casefold())
        for doc in person.documents.all():
            if len(doc.number_normalised) >= 5:
                ids.documents.add(doc.number_normalised)
        if person.date_of_birth and person.dob_precision in ("full", "year_month"):
            dob = person.date_of_birth
            day = dob.day if person.dob_precision == "full" else None
            ids.births.append((dob.year, dob.month, day))
    return ids


# --- finding ---------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


def _compact(text: str, keep) -> tuple[str, list[int]]:
    """The characters of `text` that `keep` accepts, and where each was."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if keep(ch):
            chars.append(ch.upper())
            where.append(i)
    return "".join(chars), where


def _find_compact(text: str, needles, keep, kind: str) -> list[Span]:
    compact, where = _compact(text, keep)
    spans = []
    for needle in needles:
        start = compact.find(needle.upper())
        while start != -1:
            spans.append(Span(where[start], where[start + len(needle) - 1] + 1, kind))
            start = compact.find(needle.upper(), start + 1)
    return spans


def _phones(text: str, ids: Identifiers) -> list[Span]:
    spans = [Span(m.start(), m.end(), "phone") for m in INTERNATIONAL_PHONE.finditer(text)]
    for region in sorted(ids.regions):
        try:
            spans += [Span(m.start, m.end, "phone") for m in phonenumbers.PhoneNumberMatcher(text, region)]
        except Exception:  # noqa: BLE001 - an unknown region code: nothing to match with it
            continue
    spans += _find_compact(text, ids.phones, str.isdigit, "phone")
    return spans


def _dob_patterns(year: int, month: int | None, day: int | None) -> list[str]:
    y, sep = str(year), r"\s*[./\-\s]\s*"
    if month is None:
        return []
    m = rf"0?{month}"
    names = "|".join(re.escape(n) for n in MONTHS[month])
    if day is None:
        return [rf"\b{m}{sep}{y}\b", rf"\b{y}{sep}{m}\b", rf"\b(?:{names})\.?\s+{y}\b"]
    d = rf"0?{day}"
    return [
        rf"\b{d}{sep}{m}{sep}(?:{y}|{y[2:]})\b",
        rf"\b{y}{sep}{m}{sep}{d}\b",
        rf"\b{m}{sep}{d}{sep}{y}\b",
        rf"\b{d}(?:st|nd|rd|th|er)?\s+(?:{names})\.?,?\s+{y}\b",
        rf"\b(?:{names})\.?\s+{d}(?:st|nd|rd|th)?,?\s+{y}\b",
    ]


def _births(text: str, ids: Identifiers) -> list[Span]:
    spans = []
    for birth in ids.births:
        for pattern in _dob_patterns(*birth):
            spans += [Span(m.start(), m.end(), "date_of_birth") for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def _is_name(token: str, ids: Identifiers) -> bool:
    normal = normalise_name(token)
    if not normal or normal in NAME_PARTICLES:
        return False
    if normal in ids.names:
        return True
    arabic = bool(ARABIC_SCRIPT.search(normal))
    if arabic:
        for prefix in ARABIC_PREFIXES:
            if normal.startswith(prefix) and len(normal) - len(prefix) >= 3 and normal[len(prefix) :] in ids.names:
                return True
    latin = _latin(normal)
    if not latin:
        return False
    for part, skeleton in ids.latin_parts():
        if latin == part:
            return True
        if arabic:
            if len(skeleton) >= 3 and _skeleton(latin) == skeleton:
                return True
            continue
        close = len(latin) >= 4 and len(part) >= 4 and latin[0] == part[0]
        if close and JaroWinkler.similarity(latin, part) >= SIMILAR:
            return True
        if len(latin) >= 5 and len(skeleton) >= 3 and _skeleton(latin) == skeleton:
            return True  # Camara / Kamara, Mohamed / Muhammad
    return False


def _names(text: str, ids: Identifiers) -> list[Span]:
    if not ids.names:
        return []
    return [Span(m.start(), m.end(), "name") for m in WORD.finditer(text) if _is_name(m.group(), ids)]


def _public(found: str, kind: str, ids: Identifiers) -> bool:
    """An office's own phone or email: the card shows them to everyone."""
    if kind == "email":
        return found.casefold() in ids.public_emails
    if kind == "phone":
        digits = re.sub(r"\D", "", found)
        return len(digits) >= 6 and digits[-8:] in ids.public_phones and digits[-8:] not in ids.phones
    return False


def find(text: str, ids: Identifiers) -> list[Span]:
    """Every span to take out, without overlaps (the longer wins)."""
    if not text:
        return []
    spans = [Span(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    spans += [Span(m.start(), m.end(), "case_number") for m in CASE_NUMBER.finditer(text)]
    spans += [
        Span(m.start(), m.end(), "case_number") for n in ids.numbers for m in re.finditer(re.escape(n), text, re.I)
    ]
    spans += _find_compact(text, ids.documents, str.isalnum, "document")
    spans += [Span(m.start(), m.end(), "document") for m in DOCUMENT_LIKE.finditer(text)]
    spans += _births(text, ids)
    spans += _phones(text, ids)
    spans += _names(text, ids)
    spans = [s for s in spans if not _public(text[s.start : s.end], s.kind, ids)]
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            if span.end > kept[-1].end:  # overlapping: one span covering both
                kept[-1] = Span(kept[-1].start, span.end, kept[-1].kind)
            continue
        kept.append(span)
    return kept


def anonymise(text: str, ids: Identifiers) -> tuple[str, Counter]:
    """The text with each span replaced by its placeholder, and how many of
    each kind were taken out. Neighbouring names become one placeholder."""
    spans = find(text, ids)
    words = placeholders()
    removed = Counter(s.kind for s in spans)
    out, last = [], 0
    for span in spans:
        gap = text[last : span.start]
        if span.kind == "name" and out and out[-1] == words["name"] and not gap.strip():
            last = span.end
            continue
        out += [gap, words[span.kind]]
        last = span.end
    out.append(text[last:])
    return "".join(out), removed
