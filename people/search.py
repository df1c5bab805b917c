"""Finding people by any name variant or document number; used by the
people and case lists, on the web and in the API."""

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from core.names import normalise_document_number, normalise_name
from people.models import IdentityDocument


def person_search_q(q: str, *, prefix: str, documents: bool = True) -> Q:
    """People (at `prefix`, e.g. "person__") whose names and aliases contain
    every word of `q`, accents and case ignored (so "mamadou ba" finds given
    name Mamadou, family name Bâ), or with an identity document numbered `q`
    (unless `documents` is False: for users who may not see the numbers)."""
    match = Q(pk__in=[])
    words = normalise_name(q).split()
    if words:
        match |= reduce(operator.and_, (Q(**{f"{prefix}search_names__icontains": w}) for w in words))
    number = normalise_document_number(q) if documents else ""
    if number:
        docs = IdentityDocument.objects.filter(person=OuterRef(f"{prefix}pk"), number_normalised=number)
        match |= Q(Exists(docs))
    return match
