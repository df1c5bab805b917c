"""Purchases in kind against the approved plan: the partner's exchange rate
of the day or the latest before (none: refused naming the currency and the
date), the amount in euros stored, proof required, warnings outside the
programme window (12 months; 6 for a medical line; boundary days) and for
overspent lines, and what is spent and left per plan and per line."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment
from core.errors import DomainError
from core.models import AuditEvent
from reintegration import actions_plans as plans
from reintegration import actions_purchases as purchases
from reintegration.models import Disbursement
from tests.conftest import PERSONAS
from travel.models import DepartureOutcome

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _attachments(settings, tmp_path):
    settings.ATTACHMENTS_ROOT = tmp_path


def _rate(world, currency, rate, on):
    return purchases.set_rate(world.iom, by=world.partner, currency=currency, on=on, euros_per_unit=Decimal(rate))


def _buy(case, world, proof_file, **extra):
    data = {
        "what": "Fridge",
        "supplier": "Quincaillerie Diallo",
        "on": TODAY,
        "amount": Decimal("100.00"),
        "currency": "EUR",
        "proof": proof_file(),
        **extra,
    }
    return purchases.record_disbursement(case, by=world.partner, **data)


def _arrived(case, day):
    DepartureOutcome.objects.filter(case=case).update(date=day)


# Dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2025, 1, 15), 12, datetime.date(2026, 1, 15)),
        (datetime.date(2025, 8, 31), 6, datetime.date(2026, 2, 28)),
        (datetime.date(2023, 8, 31), 6, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
    ],
)
def test_months_after_a_day(day, months, expected):
    assert plans.add_months(day, months) == expected


def test_the_window_is_twelve_months_both_ends_included():
    arrival = datetime.date(2025, 3, 10)
    assert purchases.window_warning(arrival, datetime.date(2025, 3, 10), "housing") is None
    assert purchases.window_warning(arrival, datetime.date(2026, 3, 10), "housing") is None
    assert purchases.window_warning(arrival, datetime.date(2026, 3, 10), None) is None
    late = purchases.window_warning(arrival, datetime.date(2026, 3, 11), "housing")
    assert "12 months" in late and "10 March 2026" in late
    early = purchases.window_warning(arrival, datetime.date(2025, 3, 9), "housing")
    assert "before the arrival" in early


def test_the_medical_window_is_six_months():
    arrival = datetime.date(2025, 3, 10)
    assert purchases.window_warning(arrival, datetime.date(2025, 9, 10), "medical") is None
    late = purchases.window_warning(arrival, datetime.date(2025, 9, 11), "medical")
    assert "6 months" in late and "10 September 2025" in late
    assert purchases.window_warning(arrival, datetime.date(2025, 9, 11), "housing") is None


def test_the_arrival_is_the_departure_day_else_the_move_to_departed(referred_case, world):
    assert plans.arrival_date(referred_case) == referred_case.departed_on
    from cases.models import Transition

    DepartureOutcome.objects.filter(case=referred_case).delete()
    Transition.objects.filter(case=referred_case).delete()
    assert plans.arrival_date(referred_case) is None

    moved = Transition.objects.create(
        case=referred_case, from_status="ready_to_depart", to_status="departed", by=world.counsellor
    )
    Transition.objects.filter(pk=moved.pk).update(at=datetime.datetime(2026, 1, 4, 23, 30, tzinfo=datetime.UTC))
    # 23:30 UTC is already 5 January in Brussels.
    assert plans.arrival_date(referred_case) == datetime.date(2026, 1, 5)


# Exchange rates ----------------------------------------------------------------------------------


def test_the_rate_of_the_day_is_used(approved_plan, world, proof_file):
    _rate(world, "GNF", "0.000100", TODAY - 3 * DAY)
    _rate(world, "GNF", "0.000105", TODAY)
    d = _buy(approved_plan.case, world, proof_file, amount=Decimal("2000000"), currency="gnf")
    assert (d.currency, d.euros_per_unit, d.amount_eur) == ("GNF", Decimal("0.000105"), Decimal("210.00"))
    assert Disbursement.objects.get().amount_eur == Decimal("210.00")


def test_the_latest_rate_before_the_day_is_used(approved_plan, world, proof_file):
    _rate(world, "GNF", "0.000100", TODAY - 10 * DAY)
    _rate(world, "GNF", "0.000102", TODAY - 3 * DAY)
    _rate(world, "GNF", "0.000999", TODAY)  # after the purchase: not used
    d = _buy(approved_plan.case, world, proof_file, amount=Decimal("1234567"), currency="GNF", on=TODAY - DAY)
    # 1,234,567 x 0.000102 = 125.925834 -> 125.93
    assert (d.euros_per_unit, d.amount_eur) == (Decimal("0.000102"), Decimal("125.93"))


def test_no_rate_on_or_before_the_day_is_refused_naming_currency_and_date(approved_plan, world, proof_file):
    _rate(world, "GNF", "0.000105", TODAY)
    with pytest.raises(DomainError) as caught:
        _buy(approved_plan.case, world, proof_file, amount=Decimal("5000"), currency="GNF", on=TODAY - 2 * DAY)
    assert caught.value.field == "currency"
    assert "GNF" in caught.value.message
    assert plans.long_date(TODAY - 2 * DAY) in caught.value.message
    assert not Disbursement.objects.exists() and not Attachment.objects.exists()


def test_another_partners_rates_are_not_used(approved_plan, world, proof_file):
    from reintegration.models import ExchangeRate

    ExchangeRate.objects.create(
        agency=world.mrs.agency, currency="GNF", on=TODAY, euros_per_unit=Decimal("0.0001"), entered_by=world.ofii
    )
    with pytest.raises(DomainError):
        _buy(approved_plan.case, world, proof_file, currency="GNF")


def test_euros_need_no_rate(approved_plan, world, proof_file):
    d = _buy(approved_plan.case, world, proof_file, amount=Decimal("99.99"))
    assert (d.euros_per_unit, d.amount_eur) == (Decimal("1"), Decimal("99.99"))


# Recording ------------------------------------------------------------------------------------------


def test_a_purchase_stores_its_proof_on_the_case_and_is_audited(approved_plan, world, proof_file):
    line = approved_plan.lines.get(description="Stock")
    d = _buy(approved_plan.case, world, proof_file, line=line)
    assert d.plan == approved_plan and d.line == line and d.recorded_by == world.partner
    assert d.proof.case_id == approved_plan.case_id and d.proof.original_name == "receipt.pdf"
    assert d.warnings == []
    event = AuditEvent.objects.get(action="disbursement.recorded")
    assert event.changes["amount_eur"] == [None, "100.00"]


def test_proof_is_required(approved_plan, world, proof_file):
    with pytest.raises(DomainError) as caught:
        _buy(approved_plan.case, world, proof_file, proof=None)
    assert caught.value.field == "proof"


@pytest.mark.parametrize(
    "field, value",
    [("what", " "), ("supplier", ""), ("amount", Decimal("0")), ("currency", "EURO"), ("on", TODAY + DAY)],
)
def test_bad_input_names_the_field_and_saves_nothing(approved_plan, world, proof_file, field, value):
    with pytest.raises(DomainError) as caught:
        _buy(approved_plan.case, world, proof_file, **{field: value})
    assert caught.value.field == field
    assert not Disbursement.objects.exists() and not Attachment.objects.exists()


def test_only_against_the_approved_plan(draft_plan, world, proof_file):
    with pytest.raises(DomainError) as caught:
        _buy(draft_plan.case, world, proof_file)
    assert "approved plan" in caught.value.message


def test_a_line_of_another_version_is_refused(approved_plan, world, proof_file):
    v2 = plans.start_plan(approved_plan.case, by=world.partner)
    with pytest.raises(DomainError) as caught:
        _buy(approved_plan.case, world, proof_file, line=v2.lines.first())
    assert caught.value.field == "line"


def test_only_the_partner_records(approved_plan, world, proof_file):
    with pytest.raises(DomainError) as caught:
        purchases.record_disbursement(
            approved_plan.case,
            by=world.team_leader,
            what="x",
            supplier="y",
            on=TODAY,
            amount=Decimal("1"),
            currency="EUR",
            proof=proof_file(),
        )
    assert caught.value.code == "forbidden"


# Warnings ------------------------------------------------------------------------------------------


def test_twelve_months_boundary(approved_plan, world, proof_file):
    case = approved_plan.case
    arrival = TODAY - datetime.timedelta(days=400)
    _arrived(case, arrival)
    end = plans.add_months(arrival, 12)
    stock = approved_plan.lines.get(description="Stock")
    assert _buy(case, world, proof_file, line=stock, on=end).warnings == []
    late = _buy(case, world, proof_file, line=stock, on=end + DAY)
    assert len(late.warnings) == 1 and "12 months" in late.warnings[0]
    assert Disbursement.objects.count() == 2  # a warning, not a refusal


def test_six_months_boundary_for_a_medical_line(approved_plan, world, proof_file):
    case = approved_plan.case
    arrival = TODAY - datetime.timedelta(days=250)
    _arrived(case, arrival)
    end = plans.add_months(arrival, 6)
    medicines = approved_plan.lines.get(description="Medicines")
    stock = approved_plan.lines.get(description="Stock")
    assert _buy(case, world, proof_file, line=medicines, on=end, amount=Decimal("10")).warnings == []
    late = _buy(case, world, proof_file, line=medicines, on=end + DAY, amount=Decimal("10"))
    assert len(late.warnings) == 1 and "6 months" in late.warnings[0]
    # The same day is within the window for a line that is not medical.
    assert _buy(case, world, proof_file, line=stock, on=end + DAY).warnings == []


def test_an_overspent_line_and_plan_warn(approved_plan, world, proof_file):
    case = approved_plan.case
    medicines = approved_plan.lines.get(description="Medicines")  # 300.00
    assert _buy(case, world, proof_file, line=medicines, amount=Decimal("300")).warnings == []
    over = _buy(case, world, proof_file, line=medicines, amount=Decimal("0.01"))
    assert len(over.warnings) == 1 and "Medicines" in over.warnings[0] and "300.01 EUR" in over.warnings[0]
    plan_over = _buy(case, world, proof_file, amount=Decimal("1200"))  # the plan totals 1,500.00
    assert any("The plan is overspent: 1,500.01 EUR spent for 1,500.00 EUR planned." == w for w in plan_over.warnings)


# Spent and left --------------------------------------------------------------------------------


def test_spent_and_left_per_plan_and_per_line(approved_plan, world, proof_file):
    case = approved_plan.case
    _rate(world, "GNF", "0.0001", TODAY - 5 * DAY)
    stock = approved_plan.lines.get(description="Stock")  # 1,200.00
    medicines = approved_plan.lines.get(description="Medicines")  # 300.00
    _buy(case, world, proof_file, line=stock, amount=Decimal("3000000"), currency="GNF")  # 300.00
    _buy(case, world, proof_file, line=stock, amount=Decimal("150.50"))
    _buy(case, world, proof_file, line=medicines, amount=Decimal("45.25"))
    _buy(case, world, proof_file, amount=Decimal("20"))  # on no line
    spent = purchases.consumption(case, approved_plan)
    assert spent["total"] == Decimal("1500.00")
    assert spent["spent"] == Decimal("515.75")  # 300 + 150.50 + 45.25 + 20
    assert spent["left"] == Decimal("984.25")
    rows = {line.description: (line.amount_eur, line.spent, line.left) for line in spent["lines"]}
    assert rows == {
        "Stock": (Decimal("1200.00"), Decimal("450.50"), Decimal("749.50")),
        "Medicines": (Decimal("300.00"), Decimal("45.25"), Decimal("254.75")),
    }
    assert spent["unassigned_spent"] == Decimal("20.00")


def test_spending_carries_over_to_the_next_version_of_the_plan(approved_plan, world, proof_file):
    case = approved_plan.case
    stock = approved_plan.lines.get(description="Stock")
    _buy(case, world, proof_file, line=stock, amount=Decimal("200"))
    v2 = plans.start_plan(case, by=world.partner)
    plans.add_line(v2, by=world.partner, category="housing", description="Rent", amount=Decimal("800"), currency="EUR")
    plans.submit_plan(v2, by=world.partner)
    v2 = plans.approve_plan(v2, by=world.team_leader)
    spent = purchases.consumption(case, v2)
    assert spent["total"] == Decimal("2300.00") and spent["spent"] == Decimal("200.00")
    assert spent["left"] == Decimal("2100.00")
    by_line = {line.description: line.spent for line in spent["lines"]}
    assert by_line == {"Stock": Decimal("200.00"), "Medicines": Decimal("0.00"), "Rent": Decimal("0.00")}
    # New purchases go against the version in force.
    assert _buy(case, world, proof_file).plan == v2


# Pages and endpoints -----------------------------------------------------------------------------------

#        counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
RECORD = (403, 403, 404, 403, 403, 403, 404, 302, 404)
PROOF = (200, 200, 404, 200, 200, 200, 404, 200, 404)
RATES_READ = (200, 200, 200, 200, 200, 200, 200, 200, 403)
RATES_WRITE = (403, 403, 403, 403, 403, 403, 403, 302, 403)


def _purchase_post(proof_file, **extra):
    return {
        "disbursement-what": "Fridge",
        "disbursement-supplier": "Quincaillerie Diallo",
        "disbursement-on": TODAY.isoformat(),
        "disbursement-amount": "100",
        "disbursement-currency": "EUR",
        "disbursement-proof": proof_file(),
        **extra,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_recording_a_purchase(approved_plan, as_persona, persona, proof_file):
    case = approved_plan.case
    r = as_persona(persona).post(reverse("disbursement-create", args=[case.pk]), _purchase_post(proof_file))
    assert r.status_code == RECORD[PERSONAS.index(persona)], r.content[:300]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_downloading_a_proof(approved_plan, world, as_persona, persona, proof_file):
    d = _buy(approved_plan.case, world, proof_file)
    r = as_persona(persona).get(reverse("disbursement-proof", args=[approved_plan.case.pk, d.pk]))
    assert r.status_code == PROOF[PERSONAS.index(persona)]
    if r.status_code == 200:
        assert b"".join(r.streaming_content) == b"%PDF-1.4 receipt"
        assert AuditEvent.objects.filter(action="disbursement.proof_downloaded", actor=getattr(world, persona)).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reading_the_rate_table(referred_case, world, as_persona, persona):
    _rate(world, "GNF", "0.000105", TODAY)
    r = as_persona(persona).get(reverse("exchange-rates"))
    assert r.status_code == RATES_READ[PERSONAS.index(persona)]
    if r.status_code == 200:
        html = r.content.decode()
        # The sending office reads the rates of the partner its case went to; the others see none.
        sees = persona in {"counsellor", "team_leader", "travel_officer", "agency_admin", "analyst", "partner"}
        assert ("0.000105" in html) is sees, persona
        assert ('data-testid="rate-form"' in html) is (persona == "partner")


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_adding_a_rate(world, as_persona, persona):
    data = {"rate-currency": "gnf", "rate-on": TODAY.isoformat(), "rate-euros_per_unit": "0.000105"}
    data["rate-agency"] = str(world.iom.pk)
    r = as_persona(persona).post(reverse("exchange-rates"), data)
    assert r.status_code == RATES_WRITE[PERSONAS.index(persona)]


def test_a_bad_rate_is_shown_on_its_field(world, as_persona):
    r = as_persona("partner").post(
        reverse("exchange-rates"),
        {"rate-agency": str(world.iom.pk), "rate-currency": "EUR", "rate-on": TODAY.isoformat(),
         "rate-euros_per_unit": "1"},
    )  # fmt: skip
    assert r.status_code == 200 and "no rate is needed for EUR" in r.content.decode()


def test_the_page_shows_purchases_warnings_and_what_is_left(approved_plan, world, as_persona, proof_file):
    case = approved_plan.case
    arrival = TODAY - datetime.timedelta(days=400)
    _arrived(case, arrival)
    stock = approved_plan.lines.get(description="Stock")
    _buy(case, world, proof_file, line=stock, amount=Decimal("250"))
    html = as_persona("counsellor").get(reverse("case-plan", args=[case.pk])).content.decode()
    assert 'data-testid="window-warning"' in html
    assert "1,250.00 EUR" in html  # still to spend: 1,500 - 250
    assert "950.00 EUR" in html  # left on the Stock line: 1,200 - 250
    assert reverse("disbursement-proof", args=[case.pk, Disbursement.objects.get().pk]) in html
    assert 'data-testid="purchase-form"' not in html


def test_the_partner_records_a_purchase_through_the_page_with_a_warning(approved_plan, as_persona, proof_file):
    case = approved_plan.case
    medicines = approved_plan.lines.get(description="Medicines")
    partner = as_persona("partner")
    assert 'data-testid="purchase-form"' in partner.get(reverse("case-plan", args=[case.pk])).content.decode()
    r = partner.post(
        reverse("disbursement-create", args=[case.pk]),
        _purchase_post(proof_file, **{"disbursement-line": str(medicines.pk), "disbursement-amount": "301"}),
        follow=True,
    )
    text = r.content.decode()
    assert "The purchase is recorded" in text and "overspent" in text
    r = partner.post(
        reverse("disbursement-create", args=[case.pk]),
        _purchase_post(proof_file, **{"disbursement-currency": "XOF"}),
    )
    assert r.status_code == 200 and "No exchange rate for XOF" in r.content.decode()
    r = partner.post(
        reverse("disbursement-create", args=[case.pk]),
        {k: v for k, v in _purchase_post(proof_file).items() if k != "disbursement-proof"},
    )
    assert r.status_code == 200 and "Attach the proof of purchase" in r.content.decode()
    assert Disbursement.objects.count() == 1
