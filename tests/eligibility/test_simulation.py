"""Policy simulation (eligibility.simulation and `manage.py simulate_rules`):
a draft raising Fedasil's adult premium from 350 to 400 EUR run over the
cases of a period, next to the published rules, changing nothing.

The helpers here are shared with test_simulation_pages.py."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseMember, ReturnCase, Transition
from core.models import AuditEvent
from eligibility import simulation
from eligibility.case_facts import facts_for_case
from eligibility.facts import Facts
from eligibility.loader import RULES_DIR, upload_draft
from eligibility.models import Programme
from eligibility.service import evaluate_programme
from eligibility.simulation import simulate
from people.models import Person
from tests.factories import make_case, make_person

PUBLISHED_FILE = RULES_DIR / "fedasil-return" / "2022-01-01.yaml"
ADULT_BEFORE, ADULT_AFTER, CHILD = Decimal("350.00"), Decimal("400.00"), Decimal("175.00")
VISA_FREE_ADULT = Decimal("50.00")


def draft_text(*, adult: int = 400, version: str = "2026-draft") -> str:
    """The published 2022 file with another version label and adult premium."""
    text = PUBLISHED_FILE.read_text(encoding="utf-8")
    assert text.count("amount: 350\n") == 1 and text.count('version: "2022-01-01"') == 1
    return text.replace("amount: 350\n", f"amount: {adult}\n").replace('version: "2022-01-01"', f'version: "{version}"')


def period() -> tuple[datetime.date, datetime.date]:
    """A period around today wide enough for any office's time zone."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=30), today + datetime.timedelta(days=1)


def make_period_cases(world):
    """Besides the world's Brussels and Ghent cases (one Guinean adult each):
    a Guinean parent with a child, an Albanian adult (visa-free: 50 EUR, not
    changed by the draft), and a case opened two years ago (outside the period)."""
    bxl, by = world.bxl, world.counsellor
    child = make_person(bxl, by, date_of_birth=timezone.localdate() - datetime.timedelta(days=6 * 365))
    family = make_case(bxl, by, members=[(child, "child")])
    albanian = make_case(bxl, by, principal=make_person(bxl, by, nationality="AL"), country_of_return="AL")
    old = make_case(bxl, by)
    ReturnCase.objects.filter(pk=old.pk).update(opened_at=timezone.now() - datetime.timedelta(days=730))
    return {"family": family, "albanian": albanian, "old": old}


def case_side_snapshot() -> dict:
    """Row counts of every model of the case side, and each case's and
    person's updated_at and version."""
    counts = {
        model._meta.label: model.objects.count()
        for app in ("cases", "people", "counselling", "eligibility", "organisations")
        for model in apps.get_app_config(app).get_models()
    }
    return {
        "counts": counts,
        "cases": list(ReturnCase.objects.order_by("pk").values_list("pk", "updated_at", "version", "status")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "updated_at", "version")),
    }


@pytest.fixture
def draft(world, rules):
    return upload_draft(draft_text(), "fedasil-400.yaml", by=world.agency_admin)


@pytest.fixture
def cases(world):
    return make_period_cases(world)


def fedasil_cases(world):
    return ReturnCase.objects.filter(office__agency=world.fedasil)


def published_total(case) -> Decimal:
    """What the published rules give the case, computed without the simulation."""
    facts = facts_for_case(case, on=timezone.localdate(case.opened_at))
    return Decimal(evaluate_programme(Programme.objects.get(code="fedasil-return"), facts)["total"])


def run(draft, world, **kwargs):
    date_from, date_to = period()
    return simulate(draft, fedasil_cases(world), date_from=date_from, date_to=date_to, **kwargs)


# --- The computation -----------------------------------------------------------


def test_the_simulation_counts_the_cases_of_the_period_and_those_that_change(world, draft, cases):
    sim = run(draft, world)
    # world.case, world.ghent_case, the family and the Albanian; not the old case, not OFII's.
    assert sim.evaluated == 4
    assert sim.changed == 3  # every case with a Guinean adult
    assert sim.eligibility_changed == 0
    assert (sim.total.count_before, sim.total.count_after) == (4, 4)
    assert sim.without_published_rules == 0 and sim.incomplete_before == sim.incomplete_after == 0


def test_the_total_budget_rises_by_50_per_visa_required_adult(world, draft, cases):
    sim = run(draft, world)
    in_period = [world.case, world.ghent_case, cases["family"], cases["albanian"]]
    before = sum(published_total(c) for c in in_period)
    assert sim.total.before == before
    assert sim.total.after == before + 3 * (ADULT_AFTER - ADULT_BEFORE)
    assert sim.total.difference == Decimal("150.00")


def test_the_premium_component_goes_from_350_to_400_per_adult(world, draft, cases):
    sim = run(draft, world)
    premium = sim.by_component["reinstallation_premium"]
    # Three Guinean adults, one Guinean child, one Albanian adult.
    assert premium.before == 3 * ADULT_BEFORE + CHILD + VISA_FREE_ADULT == Decimal("1275.00")
    assert premium.after == 3 * ADULT_AFTER + CHILD + VISA_FREE_ADULT == Decimal("1425.00")
    assert (premium.count_before, premium.count_after) == (4, 4)
    assert premium.label == "Reinstallation premium"
    others = [line for code, line in sim.by_component.items() if code != "reinstallation_premium"]
    assert others and all(line.before == line.after for line in others)
    assert sum(line.before for line in sim.by_component.values()) == sim.total.before
    assert sum(line.after for line in sim.by_component.values()) == sim.total.after


def test_the_budget_is_split_by_nationality(world, draft, cases):
    sim = run(draft, world)
    assert set(sim.by_nationality) == {"GN", "AL"}
    guinea, albania = sim.by_nationality["GN"], sim.by_nationality["AL"]
    assert (guinea.cases, albania.cases) == (3, 1)
    assert guinea.label == "Guinea" and albania.label == "Albania"
    assert guinea.difference == Decimal("150.00")
    assert albania.before == albania.after == published_total(cases["albanian"]) == VISA_FREE_ADULT
    assert [line.key for line in sim.nationalities] == ["GN", "AL"]  # largest change first


def test_the_cases_that_change_most_come_first_and_unchanged_cases_are_left_out(world, draft, cases):
    family = cases["family"]
    # A bigger family changes more: a second Guinean adult on the family's case.
    spouse = make_person(world.bxl, world.counsellor)
    CaseMember.objects.create(case=family, person=spouse, relation="spouse")
    sim = run(draft, world)
    assert [c.number for c in sim.top] == [family.number, world.case.number, world.ghent_case.number]
    top = sim.top[0]
    assert top.difference == Decimal("100.00") and top.after_total - top.before_total == Decimal("100.00")
    assert top.nationality == "GN" and top.before_version == "2022-01-01"
    assert cases["albanian"].number not in {c.number for c in sim.top}


def test_at_most_twenty_cases_are_listed(world, draft):
    for _n in range(22):
        make_case(world.bxl, world.counsellor)
    sim = run(draft, world)
    assert sim.changed == 24 and len(sim.top) == 20


def test_a_case_is_read_at_its_application_date(world, draft, cases):
    # Opened today but applied in 2021: the 2016 rules (or none) were in force then.
    moved = Transition.objects.create(
        case=world.case, from_status="counselling", to_status="application", by=world.counsellor
    )
    Transition.objects.filter(pk=moved.pk).update(at=timezone.make_aware(datetime.datetime(2021, 6, 1, 12)))
    sim = run(draft, world)
    change = next(c for c in sim.top if c.case_id == world.case.pk)
    assert change.date == datetime.date(2021, 6, 1)
    assert change.before_version != "2022-01-01"


def test_a_case_missing_a_fact_is_counted_as_incomplete(world, draft, cases):
    Person.objects.filter(pk=cases["albanian"].principal_id).update(nationality="")
    sim = run(draft, world)
    assert sim.incomplete_before == 1 and sim.incomplete_after == 1
    assert sim.by_nationality[""].label == "Unknown"


def test_progress_is_reported_as_the_cases_stream_by(world, draft, cases):
    calls = []
    run(draft, world, progress=lambda done, total: calls.append((done, total)), every=3)
    assert calls == [(3, 4), (4, 4)]


def test_every_case_is_handed_to_the_callback(world, draft, cases):
    seen = []
    run(draft, world, on_case=seen.append)
    assert len(seen) == 4 and sum(c.changed for c in seen) == 3


def test_a_period_without_cases_gives_zeroes(world, draft):
    sim = simulate(
        draft, fedasil_cases(world), date_from=datetime.date(2020, 1, 1), date_to=datetime.date(2020, 12, 31)
    )
    assert sim.evaluated == sim.changed == 0 and sim.total.before == sim.total.after == 0 and sim.top == []


def test_a_period_outside_the_drafts_dates_is_flagged(world, rules):
    text = draft_text().replace("valid_from: 2022-01-01", "valid_from: 2027-01-01")
    later = upload_draft(text, "fedasil-2027.yaml", by=world.agency_admin)
    assert run(later, world).outside_draft_validity is True


def test_the_simulation_changes_nothing(world, draft, cases):
    before = case_side_snapshot()
    events = AuditEvent.objects.count()
    run(draft, world)
    assert case_side_snapshot() == before
    assert AuditEvent.objects.count() == events


def test_facts_are_read_as_the_case_page_reads_them(world, draft, cases):
    # The simulation goes through case_facts: same nationality, same household.
    facts = facts_for_case(cases["family"], on=timezone.localdate())
    assert isinstance(facts, Facts) and len(facts.household) == 2


# --- The command ---------------------------------------------------------------


def _command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("simulate_rules", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_progress_and_the_summary(world, draft, cases):
    date_from, date_to = period()
    before = case_side_snapshot()
    out, err = _command("--draft", str(draft.pk), "--from", str(date_from), "--to", str(date_to))
    assert "4/4 cases (100%)" in err
    assert "Cases evaluated: 4" in out
    assert "Cases that change: 3 (eligibility changes: 0)" in out
    assert "reinstallation_premium" in out and "1,275.00 EUR" in out and "1,425.00 EUR" in out
    assert "150.00 EUR" in out
    assert case_side_snapshot() == before


def test_the_command_writes_the_changed_cases_to_csv(world, draft, cases, tmp_path):
    date_from, date_to = period()
    path = tmp_path / "changes.csv"
    out, _err = _command(
        "--draft",
        str(draft.pk),
        "--from",
        str(date_from),
        "--to",
        str(date_to),
        "--agency",
        "fedasil",
        "--csv",
        str(path),
    )
    assert f"Wrote the 3 changed cases to {path}." in out
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert sorted(r["case"] for r in rows) == sorted(
        [world.case.number, world.ghent_case.number, cases["family"].number]
    )
    by_case = {r["case"]: r for r in rows}
    single = by_case[world.case.number]
    assert single["office"] == "BXL" and single["nationality"] == "GN" and single["version_before"] == "2022-01-01"
    assert Decimal(single["total_after"]) - Decimal(single["total_before"]) == Decimal("50.00")
    assert single["difference"] == "50.00" and single["currency"] == "EUR"
    assert single["eligible_before"] == single["eligible_after"] == "yes"
    assert Decimal(single["total_before"]) == published_total(world.case)


def test_the_command_refuses_an_agency_that_does_not_run_the_programme(world, draft):
    date_from, date_to = period()
    with pytest.raises(CommandError, match="does not run fedasil-return"):
        _command("--draft", str(draft.pk), "--from", str(date_from), "--to", str(date_to), "--agency", "ofii")


def test_the_command_refuses_a_published_version(world, rules):
    published = rules[("fedasil-return", "2022-01-01")]
    with pytest.raises(CommandError, match="No draft rule version"):
        _command("--draft", str(published.pk), "--from", "2026-01-01", "--to", "2026-12-31")


def test_the_command_refuses_a_period_that_ends_before_it_starts(world, draft):
    with pytest.raises(CommandError, match="--from is after --to"):
        _command("--draft", str(draft.pk), "--from", "2026-12-31", "--to", "2026-01-01")


def test_the_command_refuses_a_date_it_cannot_read(world, draft):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _command("--draft", str(draft.pk), "--from", "1 March", "--to", "2026-01-01")


def test_the_simulation_itself_makes_no_query_per_case(world, draft, monkeypatch):
    """Beyond the case facts (eligibility.case_facts), a fixed number of
    queries whatever the number of cases: versions are looked up once a day,
    application dates come with the cases."""
    in_facts = []

    def counted_facts(case, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            facts = facts_for_case(case, **kwargs)
        in_facts.append(len(queries))
        return facts

    monkeypatch.setattr(simulation, "facts_for_case", counted_facts)
    overhead = []
    for _round in range(2):
        for _n in range(5):
            make_case(world.bxl, world.counsellor)
        in_facts.clear()
        with CaptureQueriesContext(connection) as queries:
            run(draft, world)
        overhead.append(len(queries) - sum(in_facts))
    assert overhead[0] == overhead[1] <= 5
