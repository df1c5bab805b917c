"""Purchases in kind for an approved reintegration plan: the partner's
exchange-rate table, the purchases with their proof, what is spent and
left, and the warnings outside the programme's window."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cases import actions as case_actions
from core import audit
from core.errors import DomainError
from eligibility.comparison import money
from organisations.access import partner_agency_ids
from reintegration.actions_plans import (
    CENT,
    DISBURSEMENT_FIELDS,
    MEDICAL_WINDOW_MONTHS,
    WINDOW_MONTHS,
    RateBook,
    _not_future,
    _partner_writer,
    _positive,
    _text,
    _working,
    add_months,
    arrival_date,
    clean_currency,
    long_date,
    plan_agency,
    value_lines,
    version_in_force,
)
from reintegration.models import (
    Area,
    BudgetLine,
    Disbursement,
    ExchangeRate,
    Plan,
)

# Exchange rates ---------------------------------------------------------------------------------


@transaction.atomic
def set_rate(agency, *, by, currency: str, on: datetime.date, euros_per_unit: Decimal) -> ExchangeRate:
    """The partner's rate for a currency on a day; a second entry for the
    same day replaces the first (purchases keep the rate they were recorded at)."""
    if agency is None or agency.pk not in partner_agency_ids(by):
        raise DomainError(_("Only the partner's caseworkers fill its rate table."), code="forbidden")
    currency = clean_currency(currency)
    if currency == "EUR":
        raise DomainError(_("One euro is always one euro: no rate is needed for EUR."), field="currency")
    _not_future(on, "on")
    if euros_per_unit is None or euros_per_unit <= 0:
        raise DomainError(_("Enter a rate greater than zero."), field="euros_per_unit")
    existing = ExchangeRate.objects.select_for_update().filter(agency=agency, currency=currency, on=on).first()
    if existing is not None:
        before = existing.euros_per_unit
        existing.euros_per_unit = euros_per_unit
        existing.entered_by = by
        existing.save(update_fields=["euros_per_unit", "entered_by"])
        existing.refresh_from_db()
        audit.record(
            by,
            "exchange_rate.changed",
            existing,
            changes={"currency": [currency, currency], "on": [on, on], "euros_per_unit": [before, euros_per_unit]},
        )
        return existing
    rate = ExchangeRate.objects.create(
        agency=agency, currency=currency, on=on, euros_per_unit=euros_per_unit, entered_by=by
    )
    rate.refresh_from_db()
    audit.record(by, "exchange_rate.set", rate, changes=audit.created(rate, ["currency", "on", "euros_per_unit"]))
    return rate


# Purchases in kind ---------------------------------------------------------------------------


def window_warning(arrival: datetime.date | None, on: datetime.date, category: str | None) -> str | None:
    """A purchase outside the programme window: from the arrival to 12 months
    after it (6 for a medical line), both days included."""
    if arrival is None:
        return None
    months = MEDICAL_WINDOW_MONTHS if category == Area.MEDICAL else WINDOW_MONTHS
    end = add_months(arrival, months)
    if on < arrival:
        return _("Bought on %(on)s, before the arrival on %(arrival)s.") % {
            "on": long_date(on),
            "arrival": long_date(arrival),
        }
    if on > end:
        if category == Area.MEDICAL:
            text = _("Bought on %(on)s, after the 6 months for medical support that ended on %(end)s.")
        else:
            text = _("Bought on %(on)s, after the programme's 12 months that ended on %(end)s.")
        return text % {"on": long_date(on), "end": long_date(end)}
    return None


def _line_key(line: BudgetLine) -> tuple[str, str]:
    return (line.category, " ".join(line.description.split()).casefold())


def consumption(case, plan: Plan | None, disbursements=None) -> dict:
    """What has been spent, in euros, against `plan` (the version in force):
    all the case's purchases count against the plan; against a line, those
    recorded on it and on the same line (category and description) of earlier
    versions, from which it was copied."""
    if disbursements is None:
        disbursements = list(
            Disbursement.objects.filter(plan__case=case)
            .select_related("line", "plan", "proof", "recorded_by")
            .order_by("on", "pk")
        )
    result = {"disbursements": disbursements, "spent": sum((d.amount_eur for d in disbursements), Decimal("0.00"))}
    if plan is None:
        return result
    lines = list(plan.lines.all())
    total, missing = value_lines(plan, lines)
    by_key: dict = {}
    for line in lines:
        line.spent = Decimal("0.00")
        line.purchases = []
        by_key.setdefault(_line_key(line), line)
    by_pk = {line.pk: line for line in lines}
    unassigned = []
    for d in disbursements:
        target = None
        if d.line_id is not None:
            target = by_pk.get(d.line_id)
            if target is None and d.plan.version < plan.version:
                target = by_key.get(_line_key(d.line))
        if target is None:
            unassigned.append(d)
        else:
            target.spent += d.amount_eur
            target.purchases.append(d)
    for line in lines:
        line.left = None if line.amount_eur is None else line.amount_eur - line.spent
        line.over = line.left is not None and line.left < 0
    result.update(
        {
            "lines": lines,
            "total": total,
            "missing": missing,
            "left": None if total is None else total - result["spent"],
            "unassigned": unassigned,
            "unassigned_spent": sum((d.amount_eur for d in unassigned), Decimal("0.00")),
        }
    )
    return result


def _store_proof(case, by, upload, what: str):
    title = _("Proof of purchase: %(what)s") % {"what": what}
    return case_actions.add_attachment(by=by, upload=upload, title=title[:200], case=case)


@transaction.atomic
def record_disbursement(
    case,
    *,
    by,
    what: str,
    supplier: str,
    on: datetime.date,
    amount: Decimal,
    currency: str,
    proof,
    line: BudgetLine | None = None,
) -> Disbursement:
    """A purchase in kind paid from the approved plan in force. Returns the
    purchase with `warnings`: the words for each warning (outside the
    programme window, a line or the plan overspent); none of them refuses."""
    locked_case = case_actions._lock(case)
    _partner_writer(by, locked_case)
    _working(locked_case)
    plan = version_in_force(locked_case)
    if plan is None:
        raise DomainError(_("Purchases are paid from an approved plan: there is none yet."))
    if line is not None and line.plan_id != plan.pk:
        raise DomainError(_("Choose a budget line of the approved plan in force."), field="line")
    what = _text(what, "what", max_length=300)
    supplier = _text(supplier, "supplier", max_length=200)
    _not_future(on, "on")
    amount = _positive(amount).quantize(CENT, ROUND_HALF_UP)
    currency = clean_currency(currency)
    if proof is None:
        raise DomainError(_("Attach the proof of purchase (receipt or invoice)."), field="proof")
    book = RateBook(plan_agency(plan), on, [currency])
    rate = book.rate(currency)
    if rate is None:
        raise book.missing_error(currency, "currency")
    amount_eur = (amount * rate).quantize(CENT, ROUND_HALF_UP)
    attachment = _store_proof(locked_case, by, proof, what)
    try:
        disbursement = Disbursement.objects.create(
            plan=plan,
            line=line,
            what=what,
            supplier=supplier,
            on=on,
            amount=amount,
            currency=currency,
            euros_per_unit=rate,
            amount_eur=amount_eur,
            proof=attachment,
            recorded_by=by,
        )
        audit.record(
            by,
            "disbursement.recorded",
            disbursement,
            case_id=locked_case.pk,
            changes={**audit.created(disbursement, DISBURSEMENT_FIELDS), "version": [None, plan.version]},
        )
    except Exception:
        (Path(settings.ATTACHMENTS_ROOT) / attachment.stored_name).unlink(missing_ok=True)
        raise
    disbursement.warnings = purchase_warnings(locked_case, plan, disbursement)
    return disbursement


def purchase_warnings(case, plan: Plan, disbursement: Disbursement) -> list[str]:
    warnings = []
    category = disbursement.line.category if disbursement.line_id else None
    window = window_warning(arrival_date(case), disbursement.on, category)
    if window:
        warnings.append(window)
    spent = consumption(case, plan)
    if disbursement.line_id:
        line = next((ln for ln in spent["lines"] if ln.pk == disbursement.line_id), None)
        if line is not None and line.over:
            warnings.append(
                _("The line “%(line)s” is overspent: %(spent)s spent for %(budget)s planned.")
                % {
                    "line": line.description,
                    "spent": money(line.spent, "EUR"),
                    "budget": money(line.amount_eur, "EUR"),
                }
            )
    if spent.get("left") is not None and spent["left"] < 0:
        warnings.append(
            _("The plan is overspent: %(spent)s spent for %(total)s planned.")
            % {"spent": money(spent["spent"], "EUR"), "total": money(spent["total"], "EUR")}
        )
    return warnings
