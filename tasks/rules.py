"""Automatic tasks: each rule names the cases that need something done and
the task to make for each. refresh_auto_tasks() runs them all; the task's
unique key means a rule never makes the same task twice.

A rule is data: a code, a title, how many days the task gets, and a query
of the cases concerned on a given day. Later rules (laissez-passer pending
for more than N days, a return place ending in 5 days, departure tomorrow
without a confirmed booking) are one more entry in RULES."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cases.lifecycle import Status
from cases.models import CaseMember, ReturnCase
from eligibility.models import Decision, DecisionStatus
from people.models import DocumentType, IdentityDocument
from tasks.actions import ensure_auto_task

TRAVEL_DOCUMENTS = [DocumentType.PASSPORT, DocumentType.LAISSEZ_PASSER]


@dataclass(frozen=True)
class Rule:
    kind: str
    title: Promise
    due_in_days: int
    cases: Callable[[datetime.date], QuerySet[ReturnCase]]

    def key(self, case: ReturnCase) -> str:
        return f"{self.kind}:{case.pk}"


def _approved_without_travel_document(today: datetime.date) -> QuerySet[ReturnCase]:
    """Travel preparation, package approved, and a member has no passport or
    laissez-passer valid today."""
    valid_document = IdentityDocument.objects.filter(
        Q(expiry_date__isnull=True) | Q(expiry_date__gte=today),
        person=OuterRef("person"),
        doc_type__in=TRAVEL_DOCUMENTS,
    )
    member_without = CaseMember.objects.filter(~Exists(valid_document), case=OuterRef("pk"))
    approved = Decision.objects.filter(case=OuterRef("pk"), status=DecisionStatus.APPROVED)
    return ReturnCase.objects.filter(Exists(approved), Exists(member_without), status=Status.TRAVEL_PREPARATION)


RULES = [
    Rule(
        kind="no-travel-document",
        title=_("Request a travel document"),
        due_in_days=3,
        cases=_approved_without_travel_document,
    ),
]
_BY_KIND = {rule.kind: rule for rule in RULES}


def title_for(kind: str) -> str | None:
    rule = _BY_KIND.get(kind)
    return str(rule.title) if rule else None


def refresh_auto_tasks(today: datetime.date) -> list:
    """Make the automatic tasks due on `today`; returns the new ones."""
    made = []
    for rule in RULES:
        # A case that already has this rule's task needs no second look.
        cases = rule.cases(today).exclude(tasks__kind=rule.kind).select_related("office", "counsellor")
        for case in cases:
            key = rule.key(case)
            with override(case.office.default_language):
                title = str(rule.title)  # stored for search and exports; shown via display_title
            task, created = ensure_auto_task(
                key=key,
                kind=rule.kind,
                office=case.office,
                case=case,
                title=title,
                due=today + datetime.timedelta(days=rule.due_in_days),
                assignee=case.counsellor,
            )
            if created:
                made.append(task)
    return made
