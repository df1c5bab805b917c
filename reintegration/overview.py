"""How reintegration is going, per country of return, for the sending
offices: referrals, approved plans, money spent in kind, visits done and
overdue, and the returnees' latest survey scores. A fixed number of
queries whatever the number of cases."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cases.models import Referral, ReferralStatus, ReturnCase
from reintegration.access_monitoring import overdue_scope
from reintegration.models import Disbursement, MonitoringVisit, Plan, PlanStatus, SurveyResponse

TAKEN = [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED]


def overview(user) -> list[dict] | None:
    """One row per country of return, or None when the user has no scope."""
    scope = overdue_scope(user)
    if scope is None:
        return None
    taken = ReturnCase.objects.filter(scope).filter(referrals__status__in=TAKEN).distinct()
    country_of = dict(taken.values_list("pk", "country_of_return"))
    ids = list(country_of)
    rows = defaultdict(lambda: defaultdict(lambda: 0))
    for country in country_of.values():
        rows[country]["cases"] += 1
    for case_id in Plan.objects.filter(case_id__in=ids, status=PlanStatus.APPROVED).values_list("case_id", flat=True):
        rows[country_of[case_id]]["approved_plans"] += 1
    spent = (
        Disbursement.objects.filter(plan__case_id__in=ids)
        .values("plan__case__country_of_return")
        .annotate(total=Sum("amount_eur"))
    )
    for row in spent:
        rows[row["plan__case__country_of_return"]]["spent_eur"] = row["total"] or Decimal("0")
    today = timezone.localdate()
    visits = (
        MonitoringVisit.objects.filter(case_id__in=ids)
        .values("case__country_of_return")
        .annotate(
            done=Count("pk", filter=Q(done_on__isnull=False)),
            overdue=Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today)),
        )
    )
    for row in visits:
        rows[row["case__country_of_return"]]["visits_done"] = row["done"]
        rows[row["case__country_of_return"]]["visits_overdue"] = row["overdue"]
    # Each returnee's latest composite score, then the mean per country.
    latest = {}
    for case_id, composite in (
        SurveyResponse.objects.filter(case_id__in=ids, composite__isnull=False)
        .order_by("case_id", "taken_on", "pk")
        .values_list("case_id", "composite")
    ):
        latest[case_id] = composite
    scores = defaultdict(list)
    for case_id, composite in latest.items():
        scores[country_of[case_id]].append(composite)
    result = []
    for country, row in rows.items():
        values = scores.get(country, [])
        mean = (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None
        result.append(
            {
                "country": country,
                "cases": row["cases"],
                "approved_plans": row["approved_plans"],
                "spent_eur": row["spent_eur"] or Decimal("0"),
                "visits_done": row["visits_done"],
                "visits_overdue": row["visits_overdue"],
                "scored": len(values),
                "mean_score": mean,
            }
        )
    return sorted(result, key=lambda r: -r["cases"])


def pending_referrals(user) -> int:
    scope = overdue_scope(user)
    if scope is None:
        return 0
    return Referral.objects.filter(status=ReferralStatus.PENDING, case__in=ReturnCase.objects.filter(scope)).count()
