"""Searching the knowledge base: every word of the query, accents and case
ignored, in the question or the answer (the normalised `search_text`)."""

from django.db.models import QuerySet

from core.names import normalise_name
from countries.models import KnowledgeEntry

MAX_WORDS = 8


def search(entries: QuerySet[KnowledgeEntry], query: str = "", topic: str = "") -> QuerySet[KnowledgeEntry]:
    for word in normalise_name(query).split()[:MAX_WORDS]:
        entries = entries.filter(search_text__contains=word)
    if topic:
        entries = entries.filter(topic=topic)
    return entries.select_related(
        "answered_by_office", "answered_by_office__agency", "asked_by_agency", "question", "question__asked_from"
    )
