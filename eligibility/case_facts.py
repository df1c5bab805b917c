"""The facts of a return case, as the evaluation reads them."""

import datetime

from django.utils import timezone

from cases.lifecycle import Status
from cases.models import CaseMember, Transition
from eligibility.facts import Facts, Member
from eligibility.models import Decision, DecisionStatus
from people.models import DobPrecision


def age_on(person, day: datetime.date) -> int | None:
    """Age in whole years; None when the date of birth is unknown. A year-only
    date of birth is stored as 1 January, which may add up to a year: rules
    on age boundaries should be checked against the documents."""
    dob = person.date_of_birth
    if dob is None or person.dob_precision == DobPrecision.UNKNOWN:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def application_date(case) -> datetime.date | None:
    moved = case.transitions.filter(to_status=Status.APPLICATION).order_by("at").first()
    return timezone.localdate(moved.at) if moved else None


def earlier_aid(case) -> Decision | None:
    """An approved package on another case of one of this case's people whose
    case reached departure: return aid already received ("aid only once")."""
    # Small look-ups with literal id lists: robust whatever the planner's
    # statistics (a joined or correlated form took seconds per case on a
    # freshly loaded PostgreSQL database).
    person_ids = list(CaseMember.objects.filter(case=case).values_list("person_id", flat=True))
    other_cases = set(
        CaseMember.objects.filter(person_id__in=person_ids).exclude(case=case).values_list("case_id", flat=True)
    )
    if not other_cases:
        return None
    departed = set(
        Transition.objects.filter(case_id__in=other_cases, to_status=Status.DEPARTED).values_list("case_id", flat=True)
    )
    return (
        Decision.objects.filter(status=DecisionStatus.APPROVED, case_id__in=departed)
        .select_related("case__office", "rule_version__programme")
        .order_by("-decided_at")
        .first()
    )


def facts_for_case(case, *, on: datetime.date | None = None) -> Facts:
    """The case's facts on `on` (default: the application date, else today)."""
    day = on or application_date(case) or timezone.localdate()
    members = list(
        case.case_members.select_related("person").prefetch_related("person__vulnerabilities", "person__documents")
    )
    household = tuple(
        Member(age=age_on(m.person, day), vulnerabilities=tuple(v.kind for v in m.person.vulnerabilities.all()))
        for m in members
    )
    holds_document = all(
        any(
            d.doc_type == "passport" and (d.expiry_date is None or d.expiry_date >= day)
            for d in m.person.documents.all()
        )
        for m in members
    )
    return Facts(
        date=day,
        nationality=case.principal.nationality.code or None,
        country_of_return=case.country_of_return.code or None,
        administrative_status=case.administrative_status or None,
        asylum_decision_date=case.asylum_decision_date,
        removal_order_date=case.removal_order_date,
        arrival_date=case.arrival_date,
        household=household,
        holds_travel_document=holds_document,
        previous_return_aid=earlier_aid(case) is not None,
        removal_order_authority=case.removal_order_authority or None,
        office=case.office.code,
    )
