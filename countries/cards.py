"""What a country card shows, gathered in a fixed number of queries: the
assistance (countries.assistance), the offices in the country with their
contacts, and the practical sections in the reader's language."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import get_language
from django_countries import countries as all_countries

from core.languages import language_name
from countries.models import KnowledgeEntry, PracticalSection, Topic
from organisations.access import memberships_of
from organisations.models import AgencyKind, Office

# A section not checked for this many months is marked out of date
# (RETOUR_COUNTRY_INFO_STALE_MONTHS, if set).
STALE_MONTHS = getattr(settings, "RETOUR_COUNTRY_INFO_STALE_MONTHS", 12)
# The order in which a text is looked for when none is written in the reader's language.
FALLBACK_LANGUAGES = ["en", "fr", "nl"]


def valid_country(code: str) -> str | None:
    code = (code or "").upper()
    return code if len(code) == 2 and code in dict(all_countries) else None


def country_name(code: str) -> str:
    return str(all_countries.name(code)) or code


def stale_before(today: datetime.date) -> datetime.date:
    """Sections checked before this day are out of date."""
    month = today.month - STALE_MONTHS
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(today.day, 28)
    return datetime.date(year, month, day)


def is_out_of_date(section: PracticalSection | None, today: datetime.date) -> bool:
    return section is not None and (section.checked_on is None or section.checked_on < stale_before(today))


def pick_text(texts: dict[str, str], language: str | None = None) -> tuple[str, str | None]:
    """(text, language it is in) in the reader's language, else the first
    of FALLBACK_LANGUAGES, else any; ("", None) when none is written."""
    language = (language or get_language() or "en")[:2]
    if texts.get(language):
        return texts[language], language
    for code in FALLBACK_LANGUAGES + sorted(texts):
        if texts.get(code):
            return texts[code], code
    return "", None


@dataclass
class SectionView:
    topic: str
    label: str
    section: PracticalSection | None
    texts: dict
    text: str
    language: str | None
    fallback_language_name: str | None  # set when shown in another language than the reader's
    out_of_date: bool


def sections_for(country: str, today: datetime.date, language: str | None = None) -> list[SectionView]:
    found = {
        s.topic: s
        for s in PracticalSection.objects.filter(country=country)
        .select_related("checked_by", "checked_by_office")
        .prefetch_related("texts")
    }
    reader = (language or get_language() or "en")[:2]
    views = []
    for topic, label in Topic.choices:
        section = found.get(topic)
        texts = {t.language: t.body for t in section.texts.all()} if section else {}
        text, lang = pick_text(texts, reader)
        views.append(
            SectionView(
                topic=topic,
                label=str(label),
                section=section,
                texts=texts,
                text=text,
                language=lang,
                fallback_language_name=language_name(lang) if lang and lang != reader else None,
                out_of_date=is_out_of_date(section, today),
            )
        )
    return views


def offices_in(country: str, user) -> dict:
    """The offices in the country: partner organisations' and return
    agencies' own offices abroad, the reader's agency's marked."""
    mine = {m.office.agency_id for m in memberships_of(user)}
    offices = list(Office.objects.filter(country=country).select_related("agency").order_by("agency__name", "name"))
    for office in offices:
        office.mine = office.agency_id in mine
    return {
        "partners": [o for o in offices if o.agency.kind != AgencyKind.RETURN_AGENCY],
        "own_offices": [o for o in offices if o.agency.kind == AgencyKind.RETURN_AGENCY and o.is_abroad],
    }


def country_rows(today: datetime.date) -> list[dict]:
    """Every country with something on its card (an office abroad or a
    partner's, a practical section, a published answer), in a few queries."""
    rows: dict[str, dict] = {}

    def row(code: str) -> dict:
        return rows.setdefault(
            code,
            {"code": code, "name": country_name(code), "offices": 0, "sections": 0, "stale": 0, "checked": None}
            | {"answers": 0},
        )

    abroad = Office.objects.exclude(agency__kind=AgencyKind.RETURN_AGENCY, country=F("agency__country"))
    for item in abroad.values("country").annotate(n=Count("pk")).order_by():
        row(item["country"])["offices"] = item["n"]
    cutoff = stale_before(today)
    sections = (
        PracticalSection.objects.values("country")
        .annotate(
            n=Count("pk"),
            stale=Count("pk", filter=Q(checked_on__lt=cutoff) | Q(checked_on__isnull=True)),
            checked=Max("checked_on"),
        )
        .order_by()
    )
    for item in sections:
        r = row(item["country"])
        r.update(sections=item["n"], stale=item["stale"], checked=item["checked"])
    answers = KnowledgeEntry.objects.filter(withdrawn_at__isnull=True).values("country").annotate(n=Count("pk"))
    for item in answers.order_by():
        row(item["country"])["answers"] = item["n"]
    return sorted(rows.values(), key=lambda r: r["name"])


def today_here() -> datetime.date:
    return timezone.localdate()
