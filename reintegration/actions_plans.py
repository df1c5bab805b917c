"""The reintegration plan, its purchases in kind and the partners' exchange
rates: every change in one transaction with its audit event.

Decisions made here where the issue is silent:

- The approved reintegration budget (the plan's ceiling) is the sum, over the
  case's programmes, of the package in force (the latest approved decision of
  each programme) of its components paid after arrival, in cash or in kind,
  plus its discretionary "up to" envelopes paid after arrival (OFII levels 2
  and 3) at their full "up to" amount: whether the plan may use an envelope is
  for the approver to judge (four eyes), the ceiling only stops a plan that
  could never be paid.
- Amounts are compared in euros. A line in another currency is converted with
  the partner's own rate table (the rate of that day or the latest before) at
  the submission date; the plan keeps those euro figures from then on.
- A version sent back stays "sent back" (with its reason) and editable until
  it is submitted again; only one version may be in draft, submitted or sent
  back at a time.
- A purchase is recorded against the approved version in force, with proof
  (required), at the partner's rate for its date. Spending outside the
  programme window (12 months from arrival, 6 for a medical line) or beyond a
  line's amount gives a warning, not a refusal.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import actions as case_actions
from cases.access import case_roles
from cases.lifecycle import Status
from core import audit
from core.errors import DomainError, StaleEdit
from eligibility.comparison import money
from eligibility.models import Decision, DecisionStatus
from organisations.models import Role
from reintegration.access_plans import APPROVE_PLAN, PC, partner_referral
from reintegration.models import (
    Area,
    BudgetLine,
    ExchangeRate,
    Objective,
    Plan,
    PlanStatus,
)

CENT = Decimal("0.01")
# The case statuses in which the partner works on the plan and its purchases.
WORKING_STATUSES = {Status.DEPARTED, Status.REINTEGRATION, Status.MONITORING}
OPEN_PLAN = {PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED}
EDITABLE_PLAN = {PlanStatus.DRAFT, PlanStatus.RETURNED}
WINDOW_MONTHS = 12
MEDICAL_WINDOW_MONTHS = 6
LINE_FIELDS = ["category", "description", "amount", "currency", "supplier"]
OBJECTIVE_FIELDS = ["area", "description"]
DISBURSEMENT_FIELDS = ["line", "what", "supplier", "on", "amount", "currency", "euros_per_unit", "amount_eur", "proof"]


# Dates and money -------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 August + 6
    months is 28 or 29 February)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def long_date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def arrival_date(case) -> datetime.date | None:
    """The day the person arrived, as the monitoring schedule counts it (the
    window of purchases and the visits start on the same day); else the day
    the case moved to departed, in the sending office's time zone."""
    from reintegration.actions_monitoring import arrival_date as arrived

    day = arrived(case)
    if day is not None:
        return day
    moved = case.transitions.filter(to_status=Status.DEPARTED).order_by("-at", "-pk").first()
    if moved is not None:
        return timezone.localtime(moved.at, ZoneInfo(case.office.timezone)).date()
    return None


def clean_currency(value, field_name: str = "currency") -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise DomainError(_("Give the currency as its three-letter code, such as EUR or GNF."), field=field_name)
    return code


def _positive(amount, field_name: str = "amount") -> Decimal:
    if amount is None or amount <= 0:
        raise DomainError(_("Enter an amount greater than zero."), field=field_name)
    return amount


def _not_future(day, field_name: str) -> None:
    if day is None:
        raise DomainError(_("Enter a date."), field=field_name)
    if day > timezone.localdate():
        raise DomainError(_("This date cannot be in the future."), field=field_name)


class RateBook:
    """A partner's rates on one day (that day's or the latest before), read
    in one query for the currencies asked for."""

    def __init__(self, agency, on: datetime.date, currencies):
        self.agency, self.on = agency, on
        self.rates: dict[str, ExchangeRate] = {}
        wanted = {c for c in currencies if c != "EUR"}
        if agency is not None and wanted:
            for rate in ExchangeRate.objects.filter(agency=agency, currency__in=wanted, on__lte=on).order_by(
                "currency", "-on", "-pk"
            ):
                self.rates.setdefault(rate.currency, rate)

    def rate(self, currency: str) -> Decimal | None:
        if currency == "EUR":
            return Decimal("1")
        found = self.rates.get(currency)
        return found.euros_per_unit if found else None

    def eur(self, amount: Decimal, currency: str) -> Decimal | None:
        rate = self.rate(currency)
        return None if rate is None else (Decimal(amount) * rate).quantize(CENT, ROUND_HALF_UP)

    def missing_error(self, currency: str, field_name: str) -> DomainError:
        if self.agency is None:
            return DomainError(
                _("No partner's rate table applies to this plan: give the amounts in EUR."), field=field_name
            )
        return DomainError(
            _(
                "No exchange rate for %(currency)s on or before %(date)s in the rate table of %(partner)s: "
                "add the rate first."
            )
            % {"currency": currency, "date": long_date(self.on), "partner": self.agency.name},
            field=field_name,
        )

    def eur_or_refuse(self, amount: Decimal, currency: str, field_name: str) -> Decimal:
        value = self.eur(amount, currency)
        if value is None:
            raise self.missing_error(currency, field_name)
        return value


def rate_on(agency, currency: str, on: datetime.date) -> ExchangeRate | None:
    """The partner's rate for `currency` on `on` or the latest before; None if none."""
    return RateBook(agency, on, [currency]).rates.get(currency)


# The approved budget -----------------------------------------------------------


def packages_in_force(case) -> list[Decision]:
    """The latest approved decision of each programme of the case."""
    seen, found = set(), []
    for decision in (
        Decision.objects.filter(case=case, status=DecisionStatus.APPROVED)
        .select_related("rule_version__programme")
        .order_by("-decided_at", "-pk")
    ):
        if decision.rule_version.programme_id not in seen:
            seen.add(decision.rule_version.programme_id)
            found.append(decision)
    return found


@dataclass
class Ceiling:
    """The approved reintegration budget in euros, part by part."""

    parts: list[dict] = field(default_factory=list)
    total: Decimal | None = Decimal("0.00")
    missing: list[str] = field(default_factory=list)  # currencies without a rate


def ceiling_for(case, agency, on: datetime.date) -> Ceiling:
    decisions = packages_in_force(case)
    raw = []
    for decision in decisions:
        result = decision.result or {}
        for key, up_to in (("components", False), ("discretionary", True)):
            for comp in result.get(key, []) or []:
                if comp.get("paid") != "after_arrival":
                    continue
                raw.append(
                    {
                        "decision": decision,
                        "programme": decision.rule_version.programme.name,
                        "label": comp.get("label") or comp.get("code", ""),
                        "code": comp.get("code", ""),
                        "form": comp.get("form", ""),
                        "amount": Decimal(str(comp.get("amount", "0"))),
                        "currency": comp.get("currency") or decision.currency,
                        "up_to": up_to,
                    }
                )
    book = RateBook(agency, on, {p["currency"] for p in raw})
    ceiling = Ceiling()
    for part in raw:
        part["eur"] = book.eur(part["amount"], part["currency"])
        if part["eur"] is None:
            ceiling.missing.append(part["currency"])
        ceiling.parts.append(part)
    if ceiling.missing:
        ceiling.total = None
    else:
        ceiling.total = sum((p["eur"] for p in ceiling.parts), Decimal("0.00"))
    ceiling.book = book
    return ceiling


def valuation_date(plan: Plan) -> datetime.date:
    """The day the plan's euro figures are taken at: its submission, else today."""
    if plan.submitted_at is not None:
        return timezone.localdate(plan.submitted_at)
    return timezone.localdate()


def plan_agency(plan: Plan):
    if plan.referral_id is not None:
        return plan.referral.partner
    return None


def value_lines(plan: Plan, lines=None, *, on=None) -> tuple[Decimal | None, list[str]]:
    """Each line's `amount_eur` set (None without a rate); the total in euros
    (None when a rate is missing) and the currencies missing."""
    lines = list(plan.lines.all()) if lines is None else lines
    book = RateBook(plan_agency(plan), on or valuation_date(plan), {line.currency for line in lines})
    total, missing = Decimal("0.00"), []
    for line in lines:
        line.amount_eur = book.eur(line.amount, line.currency)
        line.rate = book.rate(line.currency)
        if line.amount_eur is None:
            missing.append(line.currency)
        else:
            total += line.amount_eur
    return (None if missing else total), sorted(set(missing))


# Locking and checks ----------------------------------------------------------------


def _lock_plan(plan: Plan, expected_version: int | None = None, statuses=None) -> Plan:
    locked = (
        Plan.objects.select_for_update(of=("self",)).select_related("case__office", "referral__partner").get(pk=plan.pk)
    )
    if expected_version is not None and locked.lock_version != expected_version:
        raise StaleEdit(_("Someone else changed this plan while you were looking at it. Reload and try again."))
    if statuses is not None and locked.status not in statuses:
        raise DomainError(
            _("Version %(version)s of the plan is “%(status)s”: this cannot be done now.")
            % {"version": locked.version, "status": locked.get_status_display()}
        )
    return locked


def _bump(plan: Plan) -> None:
    plan.lock_version += 1
    plan.save(update_fields=["lock_version"])


def _partner_writer(by, case):
    """The accepted referral the partner works through; refused otherwise."""
    if PC not in case_roles(by, case):
        raise DomainError(_("Only the partner's caseworkers draft the plan."), code="forbidden")
    referral = partner_referral(by, case)
    if referral is None:
        raise DomainError(
            _("The referral to your organisation must be accepted before you work on the plan."), code="forbidden"
        )
    return referral


def _working(case) -> None:
    if case.status not in WORKING_STATUSES:
        raise DomainError(
            _("The plan is worked on after departure, during reintegration; this case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )


def _area(value, field_name: str) -> str:
    if value not in Area.values:
        raise DomainError(_("Choose one of the areas."), field=field_name)
    return value


def _text(value, field_name: str, *, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("This field is required."), field=field_name)
    if max_length and len(value) > max_length:
        raise DomainError(
            _("Keep it to %(n)s characters or fewer.") % {"n": max_length},
            field=field_name,
        )
    return value


# Versions ---------------------------------------------------------------------------


def open_version(case) -> Plan | None:
    return case.reintegration_plans.filter(status__in=OPEN_PLAN).order_by("-version").first()


def version_in_force(case) -> Plan | None:
    return case.reintegration_plans.filter(status=PlanStatus.APPROVED).order_by("-version").first()


@transaction.atomic
def start_plan(case, *, by, summary: str = "") -> Plan:
    """A first draft, or an amendment of the approved version: a new version
    in draft with a copy of its objectives and lines. The approved version
    stays in force until the new one is approved."""
    locked = case_actions._lock(case)
    referral = _partner_writer(by, locked)
    _working(locked)
    current = open_version(locked)
    if current is not None:
        raise DomainError(
            _("Version %(version)s of the plan is already “%(status)s”: work on it rather than start another.")
            % {"version": current.version, "status": current.get_status_display()}
        )
    approved = version_in_force(locked)
    number = (locked.reintegration_plans.aggregate(n=Max("version"))["n"] or 0) + 1
    plan = Plan.objects.create(
        case=locked,
        referral=referral,
        version=number,
        status=PlanStatus.DRAFT,
        summary=(summary or "").strip() or (approved.summary if approved else ""),
        currency="EUR",
        drafted_by=by,
    )
    if approved is not None:
        Objective.objects.bulk_create(
            Objective(plan=plan, area=o.area, description=o.description, position=o.position)
            for o in approved.objectives.all()
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(plan=plan, position=line.position, **{f: getattr(line, f) for f in LINE_FIELDS})
            for line in approved.lines.all()
        )
    audit.record(
        by,
        "plan.amended" if approved else "plan.drafted",
        plan,
        case_id=locked.pk,
        changes={
            "version": [None, plan.version],
            "status": [None, plan.status],
            **({"amends": [None, approved.version]} if approved else {}),
        },
    )
    return plan


@transaction.atomic
def update_summary(plan: Plan, *, by, summary: str, expected_version: int | None = None) -> Plan:
    locked = _lock_plan(plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    before = locked.summary
    locked.summary = (summary or "").strip()
    locked.lock_version += 1
    locked.save(update_fields=["summary", "lock_version"])
    if before != locked.summary:
        audit.record(by, "plan.changed", locked, case_id=locked.case_id, changes={"summary": [before, locked.summary]})
    return locked


# Objectives --------------------------------------------------------------------------


def _objective_values(area, description) -> dict:
    return {"area": _area(area, "area"), "description": _text(description, "description")}


@transaction.atomic
def add_objective(plan: Plan, *, by, area: str, description: str, expected_version: int | None = None) -> Objective:
    locked = _lock_plan(plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    values = _objective_values(area, description)
    position = (locked.objectives.aggregate(n=Max("position"))["n"] or 0) + 1
    objective = Objective.objects.create(plan=locked, position=position, **values)
    _bump(locked)
    audit.record(
        by,
        "plan.objective_added",
        objective,
        case_id=locked.case_id,
        changes={**audit.created(objective, OBJECTIVE_FIELDS), "version": [None, locked.version]},
    )
    return objective


def _item_of(plan: Plan, model, pk):
    item = model.objects.filter(plan=plan, pk=pk).first()
    if item is None:
        raise DomainError(_("This item is not on this version of the plan."))
    return item


@transaction.atomic
def update_objective(
    objective: Objective, *, by, area: str, description: str, expected_version: int | None = None
) -> Objective:
    locked = _lock_plan(objective.plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    objective = _item_of(locked, Objective, objective.pk)
    before = audit.snapshot(objective, OBJECTIVE_FIELDS)
    for key, value in _objective_values(area, description).items():
        setattr(objective, key, value)
    objective.save()
    _bump(locked)
    changes = audit.diff(before, audit.snapshot(objective, OBJECTIVE_FIELDS))
    audit.record(by, "plan.objective_changed", objective, case_id=locked.case_id, changes=changes)
    return objective


@transaction.atomic
def delete_objective(objective: Objective, *, by, expected_version: int | None = None) -> None:
    locked = _lock_plan(objective.plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    objective = _item_of(locked, Objective, objective.pk)
    before = audit.snapshot(objective, OBJECTIVE_FIELDS)
    audit.record(
        by,
        "plan.objective_removed",
        objective,
        case_id=locked.case_id,
        changes={k: [v, None] for k, v in before.items()},
    )
    objective.delete()
    _bump(locked)


# Budget lines -------------------------------------------------------------------------------


def _line_values(category, description, amount, currency, supplier) -> dict:
    return {
        "category": _area(category, "category"),
        "description": _text(description, "description", max_length=300),
        "amount": _positive(amount).quantize(CENT, ROUND_HALF_UP),
        "currency": clean_currency(currency),
        "supplier": (supplier or "").strip()[:200],
    }


@transaction.atomic
def add_line(
    plan: Plan,
    *,
    by,
    category: str,
    description: str,
    amount: Decimal,
    currency: str,
    supplier: str = "",
    expected_version: int | None = None,
) -> BudgetLine:
    locked = _lock_plan(plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    values = _line_values(category, description, amount, currency, supplier)
    position = (locked.lines.aggregate(n=Max("position"))["n"] or 0) + 1
    line = BudgetLine.objects.create(plan=locked, position=position, **values)
    _bump(locked)
    audit.record(
        by,
        "plan.line_added",
        line,
        case_id=locked.case_id,
        changes={**audit.created(line, LINE_FIELDS), "version": [None, locked.version]},
    )
    return line


@transaction.atomic
def update_line(
    line: BudgetLine,
    *,
    by,
    category: str,
    description: str,
    amount: Decimal,
    currency: str,
    supplier: str = "",
    expected_version: int | None = None,
) -> BudgetLine:
    locked = _lock_plan(line.plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    line = _item_of(locked, BudgetLine, line.pk)
    before = audit.snapshot(line, LINE_FIELDS)
    for key, value in _line_values(category, description, amount, currency, supplier).items():
        setattr(line, key, value)
    line.save()
    _bump(locked)
    audit.record(
        by,
        "plan.line_changed",
        line,
        case_id=locked.case_id,
        changes=audit.diff(before, audit.snapshot(line, LINE_FIELDS)),
    )
    return line


@transaction.atomic
def delete_line(line: BudgetLine, *, by, expected_version: int | None = None) -> None:
    locked = _lock_plan(line.plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    line = _item_of(locked, BudgetLine, line.pk)
    before = audit.snapshot(line, LINE_FIELDS)
    audit.record(
        by, "plan.line_removed", line, case_id=locked.case_id, changes={k: [v, None] for k, v in before.items()}
    )
    line.delete()
    _bump(locked)


# Submission and decision ---------------------------------------------------------------------------


def check_ceiling(plan: Plan, on: datetime.date) -> tuple[Decimal, Decimal]:
    """(total, ceiling) in euros on `on`; refused on "lines" when a rate is
    missing or the plan costs more than the approved reintegration budget."""
    lines = list(plan.lines.all())
    agency = plan_agency(plan)
    total, missing = value_lines(plan, lines, on=on)
    if missing:
        raise RateBook(agency, on, []).missing_error(missing[0], "lines")
    ceiling = ceiling_for(plan.case, agency, on)
    if ceiling.total is None:
        raise ceiling.book.missing_error(ceiling.missing[0], "lines")
    if not ceiling.parts:
        raise DomainError(
            _("The case has no approved package with a reintegration budget paid after arrival."), field="lines"
        )
    if total > ceiling.total:
        raise DomainError(
            _(
                "The plan comes to %(total)s, which is %(over)s more than the approved reintegration budget "
                "of %(ceiling)s (amounts in euros at the rates of %(date)s). Reduce the budget lines by at "
                "least %(over)s."
            )
            % {
                "total": money(total, "EUR"),
                "over": money(total - ceiling.total, "EUR"),
                "ceiling": money(ceiling.total, "EUR"),
                "date": long_date(on),
            },
            field="lines",
        )
    return total, ceiling.total


@transaction.atomic
def submit_plan(plan: Plan, *, by, expected_version: int | None = None) -> Plan:
    """The partner sends the version to the sending office for approval."""
    locked = _lock_plan(plan, expected_version, EDITABLE_PLAN)
    _partner_writer(by, locked.case)
    _working(locked.case)
    if not locked.objectives.exists():
        raise DomainError(_("Add at least one objective before submitting the plan."), field="objectives")
    if not locked.lines.exists():
        raise DomainError(_("Add at least one budget line before submitting the plan."), field="lines")
    today = timezone.localdate()
    total, ceiling = check_ceiling(locked, today)
    before = locked.status
    locked.status = PlanStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.ceiling = ceiling
    locked.decided_by, locked.decided_at = None, None
    locked.lock_version += 1
    locked.save()
    audit.record(
        by,
        "plan.submitted",
        locked,
        case_id=locked.case_id,
        changes={
            "status": [before, PlanStatus.SUBMITTED],
            "total": [None, f"{total} EUR"],
            "ceiling": [None, f"{ceiling} EUR"],
        },
    )
    _notify(locked, "submitted", by)
    return locked


def _approver(by, plan: Plan) -> None:
    roles = case_roles(by, plan.case)
    if not roles & APPROVE_PLAN:
        raise DomainError(
            _("Only a team leader or an agency administrator of the sending office approves a plan."),
            code="forbidden",
        )
    if by.pk == plan.drafted_by_id:
        raise DomainError(
            _("You drafted this version: someone else must approve it or send it back (four eyes)."),
            code="forbidden",
        )


@transaction.atomic
def approve_plan(plan: Plan, *, by, expected_version: int | None = None) -> Plan:
    """The version comes into force; the one it amends is superseded."""
    locked = _lock_plan(plan, expected_version, {PlanStatus.SUBMITTED})
    _approver(by, locked)
    # The package or the rates may have changed since the submission.
    total, ceiling = check_ceiling(locked, valuation_date(locked))
    for previous in locked.case.reintegration_plans.select_for_update().filter(status=PlanStatus.APPROVED):
        previous.status = PlanStatus.SUPERSEDED
        previous.lock_version += 1
        previous.save(update_fields=["status", "lock_version"])
        audit.record(
            by,
            "plan.superseded",
            previous,
            case_id=locked.case_id,
            changes={"status": [PlanStatus.APPROVED, PlanStatus.SUPERSEDED], "by_version": [None, locked.version]},
        )
    locked.status = PlanStatus.APPROVED
    locked.ceiling = ceiling
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_reason = ""
    locked.lock_version += 1
    locked.save()
    audit.record(
        by,
        "plan.approved",
        locked,
        case_id=locked.case_id,
        changes={"status": [PlanStatus.SUBMITTED, PlanStatus.APPROVED], "total": [None, f"{total} EUR"]},
    )
    _notify(locked, "approved", by)
    return locked


@transaction.atomic
def return_plan(plan: Plan, *, by, reason: str, expected_version: int | None = None) -> Plan:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the plan is sent back."), field="reason")
    locked = _lock_plan(plan, expected_version, {PlanStatus.SUBMITTED})
    _approver(by, locked)
    locked.status = PlanStatus.RETURNED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.lock_version += 1
    locked.save()
    audit.record(
        by,
        "plan.returned",
        locked,
        case_id=locked.case_id,
        changes={"status": [PlanStatus.SUBMITTED, PlanStatus.RETURNED], "reason": [None, reason]},
    )
    _notify(locked, "returned", by)
    return locked


def _notify(plan: Plan, event: str, by) -> None:
    """Email the sending office (counsellor and team leaders) on submission,
    the partner who drafted the version on a decision. Only the case number
    and a link leave the system."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from organisations.models import Membership
    from reintegration.notify import notify, site_url

    case = plan.case
    if event == "submitted":
        leaders = [
            m.user for m in Membership.objects.filter(office=case.office, role=Role.TEAM_LEADER).select_related("user")
        ]
        users = [case.counsellor, *leaders]
    else:
        users = [plan.drafted_by]
    subjects = {
        "submitted": gettext_lazy("Case %(number)s: reintegration plan version %(version)s to approve"),
        "approved": gettext_lazy("Case %(number)s: reintegration plan version %(version)s approved"),
        "returned": gettext_lazy("Case %(number)s: reintegration plan version %(version)s sent back"),
    }
    notify(
        [u for u in users if u is not None and u.pk != by.pk],
        subjects[event],
        "reintegration/plan_email.txt",
        {
            "number": case.number,
            "version": plan.version,
            "event": event,
            "link": site_url(reverse("case-plan", args=[case.pk])),
        },
    )
