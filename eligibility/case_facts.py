"""The facts of a return case, as the evaluation reads them."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery
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


# --- aid only once, across records: a likely match ----------------------------
#
# earlier_aid() follows this case's person records. The same person may have
# been registered again, elsewhere, under another spelling: identity matching
# (people.matching) finds the records that very likely are the same person,
# and this looks for return aid on their cases, in any office of any agency.

# From this score (0-100, people.matching.score) a record counts as "very
# likely the same person": names that agree or are known variants plus a
# birth date and nationality that agree. Lower scores are too common among
# people who share a frequent name and a birth year to warn about payments.
LIKELY_AID_SCORE = 80


@dataclass(frozen=True)
class LikelyAid:
    """Return aid approved on a departed case of another person record that
    very likely is one of this case's people."""

    member_id: int  # the person on this case
    person_id: int  # the other record
    office_id: int  # the other record's office (for "ask them")
    score: int
    reasons: tuple[str, ...]
    decision: Decision  # with case__office__agency and rule_version__programme
    departed_at: datetime.datetime | None


def _strong_matches(profiles, exclude: set[int]) -> dict[int, tuple[int, object]]:
    """{other person id: (member id, candidate)} for the records scoring
    LIKELY_AID_SCORE or more against any of `profiles`, the best member for
    each: two queries whatever the size of the household, since the case
    page shows this."""
    from people.matching import search
    from people.matching.record import Record

    queries = {p.person_id: Record.from_profile(p) for p in profiles}
    found = search.candidates_many(queries, exclude=exclude, min_score=LIKELY_AID_SCORE, limit=search.MAX_SCORED)
    best: dict[int, tuple[int, object]] = {}
    for member, member_candidates in found.items():
        for candidate in member_candidates:
            if candidate.person_id not in best or candidate.score > best[candidate.person_id][1].score:
                best[candidate.person_id] = (member, candidate)
    return best


def likely_earlier_aid(case) -> list[LikelyAid]:
    """Return aid on departed cases of other person records that very likely
    are one of this case's people, in any office of any agency; the best
    match first. At most four queries, whatever the household's size.

    Not a fact of the evaluation: Facts.previous_return_aid stays what
    earlier_aid() finds on the case's own records. A likely match is a
    warning for the counsellor (who checks with the other office, and merges
    the records if they are one person: then earlier_aid() finds the aid,
    and the rules apply it); turning a score into a refusal would let two
    people with a common name and the same birth year lose their aid to a
    guess, with no one having looked."""
    from people.models import MatchProfile

    profiles = list(MatchProfile.objects.filter(person__case_memberships__case=case))
    members = {p.person_id for p in profiles}
    if not members:
        return []
    matches = _strong_matches(profiles, exclude=members)
    if not matches:
        return []
    # One query for the packages: approved, on a departed case (the first
    # departure), of which one of the matches is a member; literal id lists,
    # as in earlier_aid().
    first_departure = Transition.objects.filter(case_id=OuterRef("case_id"), to_status=Status.DEPARTED).order_by("at")
    decisions = (
        Decision.objects.filter(status=DecisionStatus.APPROVED, case__case_members__person_id__in=list(matches))
        .exclude(case_id=case.pk)
        .annotate(
            other_person=F("case__case_members__person_id"), departed_at=Subquery(first_departure.values("at")[:1])
        )
        .filter(departed_at__isnull=False)
        .select_related("case__office__agency", "rule_version__programme")
        .order_by("-decided_at", "-pk")
    )
    found, seen = [], set()
    for decision in decisions:
        if (decision.other_person, decision.case_id) in seen:
            continue  # the latest approved package of that case only
        seen.add((decision.other_person, decision.case_id))
        member, candidate = matches[decision.other_person]
        found.append(
            LikelyAid(
                member_id=member,
                person_id=decision.other_person,
                office_id=candidate.office_id,
                score=candidate.score,
                reasons=candidate.reasons,
                decision=decision,
                departed_at=decision.departed_at,
            )
        )
    found.sort(key=lambda a: -a.score)  # stable: the latest decision first among equals
    return found


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
