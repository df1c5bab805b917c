"""Case search and filters, shared by the case list page and the API."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.lifecycle import OPEN_STATUSES, Status
from cases.models import CaseMember, ReturnCase
from people.search import person_search_q


def sees_document_numbers(user) -> bool:
    from organisations.access import roles_of
    from reintegration.access_referrals import partner_only

    return not partner_only(roles_of(user))


def search_cases(cases: QuerySet[ReturnCase], text: str, *, documents: bool = True) -> QuerySet[ReturnCase]:
    """Match a case number, any name or alias of any member (as typed, in any
    case or accent), or a document number of any member."""
    text = (text or "").strip()
    if not text:
        return cases
    members = CaseMember.objects.filter(case=OuterRef("pk")).filter(
        person_search_q(text, prefix="person__", documents=documents)
    )
    return cases.filter(Q(number__icontains=text) | Q(Exists(members)))


def filter_cases(cases: QuerySet[ReturnCase], params, *, user=None) -> QuerySet[ReturnCase]:
    """Apply the list filters given as a dict-like of strings; unknown or
    empty values are ignored. A partner's search never matches document
    numbers: they may not see them, so they may not test them either."""
    cases = search_cases(cases, params.get("q", ""), documents=user is None or sees_document_numbers(user))
    status = params.get("status") or ""
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        cases = cases.filter(status=status)
    for param, field in (("office", "office_id"), ("counsellor", "counsellor_id")):
        value = params.get(param) or ""
        if value.isdigit():
            cases = cases.filter(**{field: int(value)})
    for param, field in (("nationality", "principal__nationality"), ("country_of_return", "country_of_return")):
        value = (params.get(param) or "").upper()
        if len(value) == 2 and value.isalpha():
            cases = cases.filter(**{field: value})
    return cases
