""" "Start from the last exchange": the earlier exchanges a new one (or a
given one) builds on, with their lessons and the guides and practice notes
that came out of them, as the reader may see them. Reads only."""

import datetime

from django.db.models import Prefetch, Q

from exchanges.access import visible_exchanges
from exchanges.models import Exchange, Participant
from guides.access import visible_guides, visible_notes
from guides.library import attach_titles

# How many earlier exchanges a page shows.
LIMIT = 6


def attach_outcomes(user, exchanges: list[Exchange]) -> list[Exchange]:
    """Sets exchange.shown_guides (with their titles) and
    exchange.shown_notes: the linked ones the user may see. Four queries
    whatever the number of exchanges."""
    ids = [e.pk for e in exchanges]
    if not ids:
        return exchanges
    guides = list(visible_guides(user).filter(exchanges__in=ids).distinct().select_related("agency"))
    attach_titles(guides, drafts=True)
    guide_links = Exchange.guides.through.objects.filter(exchange__in=ids).values_list("exchange_id", "guide_id")
    note_links = Exchange.practice_notes.through.objects.filter(exchange__in=ids).values_list(
        "exchange_id", "practicenote_id"
    )
    notes = {n.pk: n for n in visible_notes(user).filter(exchanges__in=ids).distinct().select_related("agency")}
    by_id = {g.pk: g for g in guides}
    for e in exchanges:
        e.shown_guides, e.shown_notes = [], []
    index = {e.pk: e for e in exchanges}
    for exchange_id, guide_id in guide_links:
        if guide_id in by_id:
            index[exchange_id].shown_guides.append(by_id[guide_id])
    for exchange_id, note_id in note_links:
        if note_id in notes:
            index[exchange_id].shown_notes.append(notes[note_id])
    return exchanges


def earlier_exchanges(
    user,
    *,
    host_id: int | None,
    visiting_id: int | None,
    themes: list[str],
    before: datetime.date | None = None,
    exclude: Exchange | None = None,
    follows: Exchange | None = None,
) -> list[Exchange]:
    """The exchanges the user sees that came before `before` (all, when
    None) between the same two agencies, either way round, or on one of the
    same themes; the one started from first, then those of the same
    agencies, then the others, newest first. Each carries same_agencies,
    shared_themes and (attach_outcomes) its guides and notes."""
    q = Q()
    if host_id and visiting_id:
        q |= Q(host_agency=host_id, visiting_agency=visiting_id) | Q(host_agency=visiting_id, visiting_agency=host_id)
    elif host_id or visiting_id:
        one = host_id or visiting_id
        q |= Q(host_agency=one) | Q(visiting_agency=one)
    if themes:
        q |= Q(theme_rows__theme__in=themes)
    if follows is not None:
        q |= Q(pk=follows.pk)
    if not q:
        return []
    qs = visible_exchanges(user).filter(q).distinct()
    if before is not None:
        qs = qs.filter(starts_on__lte=before)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    found = list(
        qs.select_related("host_agency", "visiting_agency").prefetch_related("theme_rows").order_by("-starts_on", "-pk")
    )
    pair = {host_id, visiting_id}
    wanted = set(themes)
    for e in found:
        e.same_agencies = {e.host_agency_id, e.visiting_agency_id} == pair
        e.shared_themes = [lbl for code, lbl in _labelled(e) if code in wanted]
        e.is_followed = follows is not None and e.pk == follows.pk
    found.sort(key=lambda e: (not e.is_followed, not e.same_agencies))
    return attach_outcomes(user, found[:LIMIT])


def _labelled(exchange: Exchange) -> list[tuple[str, str]]:
    from exchanges.models import Theme

    labels = dict(Theme.choices)
    return [(code, str(labels.get(code, code))) for code in exchange.theme_codes]


def participants_prefetch() -> Prefetch:
    return Prefetch("participants", queryset=Participant.objects.select_related("user"))
